/**
 * GET /credentials/<code> — the signed Open Badges 3.0 credential of a certificate, as
 * stored when it was issued. Public, like the verify page (its `id` is this address), and
 * rate limited the same way. A revoked certificate's credential is still served: its
 * `credentialStatus` points to the revocation list, which says it is revoked.
 */
import type { APIRoute } from 'astro';
import { requestIp } from '../../lib/auth/limits.ts';
import { minutesToWait } from '../../lib/auth/rate-limit.ts';
import { findByCode } from '../../lib/certificates/certificates-store.ts';
import { parseCode } from '../../lib/certificates/code.ts';
import { publicJson, publicJsonError } from '../../lib/certificates/http.ts';
import { verifyLimits } from '../../lib/certificates/verify-service.ts';
import { isUnavailable } from '../../lib/errors.ts';
import { certificatesEn } from '../../lib/i18n/certificates.ts';

export const GET: APIRoute = async (context) => {
  const ip = requestIp(context);
  const limit = verifyLimits.perIp.check(ip);
  if (!limit.allowed) {
    return publicJsonError(429, certificatesEn.verify.tooMany(minutesToWait(limit.retryAfterMs)), { 'Retry-After': String(Math.ceil(limit.retryAfterMs / 1000)) });
  }
  verifyLimits.perIp.hit(ip);
  const parsed = parseCode(context.params.code ?? '');
  if (!parsed.ok) return publicJsonError(404, certificatesEn.api.notFound);
  try {
    const row = await findByCode(await context.locals.service(), parsed.code, true);
    if (!row) return publicJsonError(404, certificatesEn.api.notFound);
    return publicJson(row.credential, {
      type: 'application/vc+ld+json',
      cache: 'no-cache',
      headers: { 'Content-Disposition': `inline; filename="certificate-${parsed.code}.json"` },
    });
  } catch (error) {
    if (isUnavailable(error)) return publicJsonError(503, certificatesEn.api.unavailable);
    throw error;
  }
};
