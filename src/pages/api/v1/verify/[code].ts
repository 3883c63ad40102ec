/**
 * GET /api/v1/verify/<code>[?surname=…] — checks a certificate, for programs (documented in
 * docs/openapi/verify.yaml). The answer has one shape for every code: `status` (valid,
 * revoked, expired, not_found, invalid_code), `code`, `message`, and `certificate` (null for
 * unknown codes). A typo is caught by the check character before any lookup. Rate limited
 * per address, like the verify page.
 */
import type { APIRoute } from 'astro';
import { requestIp } from '../../../../lib/auth/limits.ts';
import { verifyRequest } from '../../../../lib/certificates/forms.ts';
import { publicJson, publicJsonError } from '../../../../lib/certificates/http.ts';
import { certificatesEn } from '../../../../lib/i18n/certificates.ts';

export const GET: APIRoute = async (context) => {
  const outcome = await verifyRequest({
    service: context.locals.service,
    code: context.params.code ?? '',
    ip: requestIp(context),
    surname: context.url.searchParams.get('surname'),
  });
  if (!outcome.ok) {
    return publicJsonError(outcome.status, outcome.message, outcome.retryAfterSeconds ? { 'Retry-After': String(outcome.retryAfterSeconds) } : {});
  }
  return publicJson(outcome.value);
};

export const ALL: APIRoute = () => publicJsonError(405, certificatesEn.api.methodNotAllowed('GET'), { Allow: 'GET' });
