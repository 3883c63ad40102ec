/**
 * GET /.well-known/jwks.json — the site's public signing key as a JWK set (the same key as
 * the DID document; `kid` is the key's multibase fingerprint).
 */
import type { APIRoute } from 'astro';
import { publicJson, publicJsonError } from '../../lib/certificates/http.ts';
import { siteJwks } from '../../lib/certificates/issuer.ts';

export const GET: APIRoute = async () => {
  try {
    return publicJson(await siteJwks(), { type: 'application/jwk-set+json', cache: 'public, max-age=300' });
  } catch (error) {
    console.error(`[certificates] cannot publish the JWK set: ${(error as Error).message}`);
    return publicJsonError(503, 'The issuer’s public key cannot be shown just now. Please try again in a minute.');
  }
};
