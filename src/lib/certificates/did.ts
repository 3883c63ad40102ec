/**
 * The site's decentralised identifier (did:web) and the public documents that let anyone
 * check its signatures: the DID document (`/.well-known/did.json`) and a JWK set.
 * Pure: only public key material goes in.
 */
import { DomainError } from '../errors.ts';
import { DID_V1, MULTIKEY_V1 } from './contexts.ts';

/**
 * The site's public URL without a trailing slash; https, or http only for localhost.
 *
 * @throws {DomainError} `invalid` with the fix, for anything else
 */
export function checkSiteUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DomainError('invalid', `"${url}" is not a web address — set the site URL like https://learning.example.org`);
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(local && parsed.protocol === 'http:')) {
    throw new DomainError('invalid', `"${url}" must start with https:// — certificates name the site, and only a secure address can be trusted`);
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new DomainError('invalid', `"${url}" must be a plain address without ?query, #fragment or login — e.g. https://learning.example.org`);
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

/** The public half of a signing key, as ed25519-multikey key pairs have it. */
export interface PublicKey {
  publicKeyMultibase: string;
  publicKey: Uint8Array;
}

export interface VerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
  authentication: string[];
}

/**
 * did:web for a site URL: `https://learning.example.org` → `did:web:learning.example.org`,
 * `http://localhost:4321` → `did:web:localhost%3A4321`, `https://example.org/learning` →
 * `did:web:example.org:learning` (W3C did:web method, §3.2).
 *
 * @throws {DomainError} `invalid` if the URL is not an https (or local http) address
 */
export function siteDid(siteUrl: string): string {
  const url = new URL(checkSiteUrl(siteUrl));
  const host = encodeURIComponent(url.host); // host includes :port; the colon becomes %3A
  const path = url.pathname
    .split('/')
    .filter(Boolean)
    .map((segment) => encodeURIComponent(decodeURIComponent(segment)));
  return ['did', 'web', host, ...path].join(':');
}

/** Where the DID document of a site is published: `<site>/.well-known/did.json`, or `<site>/did.json` when the site lives under a path. */
export function didDocumentUrl(siteUrl: string): string {
  const base = checkSiteUrl(siteUrl);
  return new URL(base).pathname === '/' ? `${base}/.well-known/did.json` : `${base}/did.json`;
}

/** `did:web:…#z6Mk…`: the key's fingerprint is its fragment, so a new key never reuses an id. */
export function verificationMethodId(did: string, key: Pick<PublicKey, 'publicKeyMultibase'>): string {
  return `${did}#${key.publicKeyMultibase}`;
}

/**
 * The site's DID document with each key as a Multikey verification method that may sign
 * credentials (`assertionMethod`). Pass older keys after the current one to keep
 * certificates they signed verifiable.
 *
 * @throws {DomainError} `invalid` for a bad site URL
 */
export function didDocument(siteUrl: string, keys: PublicKey | PublicKey[]): DidDocument {
  const did = siteDid(siteUrl);
  const methods = (Array.isArray(keys) ? keys : [keys]).map((key) => ({
    id: verificationMethodId(did, key),
    type: 'Multikey' as const,
    controller: did,
    publicKeyMultibase: key.publicKeyMultibase,
  }));
  const ids = methods.map((m) => m.id);
  return { '@context': [DID_V1, MULTIKEY_V1], id: did, verificationMethod: methods, assertionMethod: ids, authentication: [...ids] };
}

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** The public keys as a JWK set; each `kid` is the key's multibase fingerprint, the fragment of its DID verification method. */
export function jwks(keys: PublicKey | PublicKey[]): { keys: PublicJwk[] } {
  return {
    keys: (Array.isArray(keys) ? keys : [keys]).map((key) => ({
      kty: 'OKP',
      crv: 'Ed25519',
      x: Buffer.from(key.publicKey).toString('base64url'),
      kid: key.publicKeyMultibase,
      alg: 'EdDSA',
      use: 'sig',
    })),
  };
}

/**
 * Where a did:web DID document is published: `did:web:example.org` →
 * `https://example.org/.well-known/did.json`; undefined for other DID methods.
 */
export function didWebDocumentUrl(did: string): string | undefined {
  const match = /^did:web:([^:#?/]+)((?::[^:#?/]+)*)$/.exec(did);
  if (!match) return undefined;
  const host = decodeURIComponent(match[1]!);
  const path = match[2] ? match[2].slice(1).split(':').map(decodeURIComponent).join('/') : '';
  return path ? `https://${host}/${path}/did.json` : `https://${host}/.well-known/did.json`;
}
