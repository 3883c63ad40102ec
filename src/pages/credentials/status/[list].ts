/**
 * GET /credentials/status/1 — the signed revocation list (W3C Bitstring Status List): one bit
 * per certificate, 1 = revoked. Rebuilt from the database on each request but signed again
 * only when a certificate was revoked since, so a revocation shows at once.
 *
 * `Cache-Control: no-cache` with a weak ETag (the same on every web server): a CDN may keep a
 * copy but must ask here each time; until a revocation it gets a small 304 (docs/SCALING.md).
 */
import type { APIRoute } from 'astro';
import { etagMatches, publicJson, publicJsonError } from '../../../lib/certificates/http.ts';
import { siteSigningKey, siteUrlFor } from '../../../lib/certificates/issuer.ts';
import { signedStatusList } from '../../../lib/certificates/verify-service.ts';
import { isUnavailable } from '../../../lib/errors.ts';
import { certificatesEn } from '../../../lib/i18n/certificates.ts';

export const GET: APIRoute = async ({ params, url, locals, request }) => {
  if (params.list !== '1') return publicJsonError(404, 'There is only one revocation list: /credentials/status/1.');
  try {
    const { document, etag } = await signedStatusList(await locals.service(), siteUrlFor(url), await siteSigningKey());
    if (etagMatches(request.headers.get('if-none-match'), etag)) {
      return new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' } });
    }
    return publicJson(document, { type: 'application/vc+ld+json', cache: 'no-cache', headers: { ETag: etag } });
  } catch (error) {
    if (isUnavailable(error)) return publicJsonError(503, certificatesEn.api.unavailable);
    throw error;
  }
};
