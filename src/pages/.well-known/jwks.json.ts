/**
 * GET /.well-known/jwks.json — the site's public signing key as a JWK set (the same key as
 * the DID document; `kid` is the key's multibase fingerprint).
 */
import type { APIRoute } from 'astro';
import { publicJson } from '../../lib/certificates/http.ts';
import { siteJwks } from '../../lib/certificates/issuer.ts';

export const GET: APIRoute = async () => {
  // A key that cannot be read is not an outage: the middleware logs it with an id (a 500).
  return publicJson(await siteJwks(), { type: 'application/jwk-set+json', cache: 'public, max-age=300' });
};
