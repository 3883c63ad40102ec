/**
 * POST /api/v1/verify — checks up to 10,000 certificates at once, for programs (documented in
 * docs/openapi/verify.yaml): `{"codes": [...]}` → `{counts, results}`, one result per code in
 * the order sent, each the same answer (and holder-name rules) as GET /api/v1/verify/<code>.
 * No account; rate limited per address like the public bulk page. GET without a code says
 * how to ask; OPTIONS answers browsers' CORS preflight.
 */
import type { APIRoute } from 'astro';
import { requestIp } from '../../../../lib/auth/limits.ts';
import { apiBulkRequest } from '../../../../lib/certificates/forms.ts';
import { publicJson, publicJsonError } from '../../../../lib/certificates/http.ts';
import { certificatesEn } from '../../../../lib/i18n/certificates.ts';

export const POST: APIRoute = async (context) => {
  const outcome = await apiBulkRequest({ service: context.locals.service, body: await context.request.text(), ip: requestIp(context) });
  if (!outcome.ok) return publicJsonError(outcome.status, outcome.message, outcome.retryAfterSeconds ? { 'Retry-After': String(outcome.retryAfterSeconds) } : {});
  return publicJson(outcome.value);
};

export const GET: APIRoute = () => publicJsonError(400, certificatesEn.api.noCode);

export const OPTIONS: APIRoute = () =>
  new Response(null, {
    status: 204,
    headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '86400' },
  });

export const ALL: APIRoute = () => publicJsonError(405, certificatesEn.api.methodNotAllowed('GET, POST and OPTIONS'), { Allow: 'GET, POST, OPTIONS' });
