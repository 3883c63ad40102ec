/**
 * The site as a certificate issuer: its public address, its name, its signing key and the
 * public documents built from the key (DID document, JWK set). Node-only.
 *
 * - Address: `SITE_URL`, or the address of the request when it is unset.
 * - Name: the organisation's settings (src/lib/org/settings-store.ts `certificateIssuer`, with the logo);
 *   `issuerName()` here is only the environment's default (`ISSUER_NAME`, or "Lived Learning").
 * - Key: `CREDENTIAL_SIGNING_KEY`, or the key file `<PB_DATA_DIR>/credential-signing-key.json`
 *   (created on first use, mode 0600; see keys.ts). Loaded once per process.
 */
import path from 'node:path';
import { checkSiteUrl, didDocument, jwks, type DidDocument, type PublicJwk } from './did.ts';
import { loadSigningKey, type SigningKey } from './keys.ts';

export const DEFAULT_ISSUER_NAME = 'Lived Learning';

/**
 * The public address certificates name: SITE_URL when set, else the request's origin.
 *
 * @throws {DomainError} `invalid` if it is not https (or http on localhost)
 */
export function siteUrlFor(requestUrl: URL, env: Record<string, string | undefined> = process.env): string {
  return checkSiteUrl(env.SITE_URL?.trim() || requestUrl.origin);
}

/** The organisation named as issuer on certificates. */
export function issuerName(env: Record<string, string | undefined> = process.env): string {
  return env.ISSUER_NAME?.trim() || DEFAULT_ISSUER_NAME;
}

let loaded: Promise<SigningKey> | undefined;

/**
 * The site's signing key, loaded once per process.
 *
 * @throws {Error} naming the variable or file and the fix when the key cannot be read or saved
 */
export function siteSigningKey(): Promise<SigningKey> {
  loaded ??= loadSigningKey({ dataDir: path.resolve(process.cwd(), process.env.PB_DATA_DIR ?? 'pocketbase/pb_data') })
    .then((result) => {
      if (result.source === 'created') console.info(`[certificates] made a new credential signing key in ${result.file}; back it up with the database`);
      return result.key;
    })
    .catch((error: unknown) => {
      loaded = undefined; // try again next time (e.g. after the folder is fixed)
      throw error;
    });
  return loaded;
}

/** The site's DID document, for `<site>/.well-known/did.json`. */
export async function siteDidDocument(siteUrl: string, key?: SigningKey): Promise<DidDocument> {
  return didDocument(siteUrl, key ?? (await siteSigningKey()));
}

/** The site's public key as a JWK set, for `<site>/.well-known/jwks.json`. */
export async function siteJwks(key?: SigningKey): Promise<{ keys: PublicJwk[] }> {
  return jwks(key ?? (await siteSigningKey()));
}
