/**
 * GET /.well-known/did.json — the site's DID document (did:web): the public key that signs
 * its certificates and revocation list. Anyone may fetch it to check a certificate.
 */
import type { APIRoute } from 'astro';
import { publicJson } from '../../lib/certificates/http.ts';
import { siteDidDocument, siteUrlFor } from '../../lib/certificates/issuer.ts';

export const GET: APIRoute = async ({ url }) => {
  // A key that cannot be read is not an outage: the middleware logs it with an id (a 500).
  return publicJson(await siteDidDocument(siteUrlFor(url)), { type: 'application/did+json', cache: 'public, max-age=300' });
};
