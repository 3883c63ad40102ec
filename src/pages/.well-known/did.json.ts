/**
 * GET /.well-known/did.json — the site's DID document (did:web): the public key that signs
 * its certificates and revocation list. Anyone may fetch it to check a certificate.
 */
import type { APIRoute } from 'astro';
import { publicJson, publicJsonError } from '../../lib/certificates/http.ts';
import { siteDidDocument, siteUrlFor } from '../../lib/certificates/issuer.ts';

export const GET: APIRoute = async ({ url }) => {
  try {
    return publicJson(await siteDidDocument(siteUrlFor(url)), { type: 'application/did+json', cache: 'public, max-age=300' });
  } catch (error) {
    console.error(`[certificates] cannot publish the DID document: ${(error as Error).message}`);
    return publicJsonError(503, 'The issuer’s public key cannot be shown just now. Please try again in a minute.');
  }
};
