/**
 * GET /credentials/status/1 — the signed revocation list (W3C Bitstring Status List): one bit
 * per certificate, 1 = revoked. Rebuilt from the database on each request but signed again
 * only when a certificate was revoked since, so a revocation shows at once.
 */
import type { APIRoute } from 'astro';
import { publicJson, publicJsonError } from '../../../lib/certificates/http.ts';
import { siteSigningKey, siteUrlFor } from '../../../lib/certificates/issuer.ts';
import { statusListCredential } from '../../../lib/certificates/verify-service.ts';
import { isUnavailable } from '../../../lib/errors.ts';
import { certificatesEn } from '../../../lib/i18n/certificates.ts';

export const GET: APIRoute = async ({ params, url, locals }) => {
  if (params.list !== '1') return publicJsonError(404, 'There is only one revocation list: /credentials/status/1.');
  try {
    const document = await statusListCredential(await locals.service(), siteUrlFor(url), await siteSigningKey());
    return publicJson(document, { type: 'application/vc+ld+json', cache: 'no-cache' });
  } catch (error) {
    if (isUnavailable(error)) return publicJsonError(503, certificatesEn.api.unavailable);
    throw error;
  }
};
