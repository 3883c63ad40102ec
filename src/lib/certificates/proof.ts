/**
 * Data Integrity proofs (`DataIntegrityProof`, cryptosuite `eddsa-rdfc-2022`, Ed25519
 * Multikey) for any credential the site issues: certificates and the status list.
 *
 * Canonicalisation runs in JSON-LD safe mode, so a property no bundled context defines makes
 * signing fail rather than be silently left out of the signature. Offline: the document
 * loader serves only bundled contexts and the issuer's DID document.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import type { Ed25519MultikeyPair } from '@digitalbazaar/ed25519-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { createDocumentLoader } from './contexts.ts';
import { verificationMethodId, type DidDocument } from './did.ts';

export type SigningKey = Ed25519MultikeyPair;

export interface SignedDocument extends Record<string, unknown> {
  proof: Record<string, unknown>[];
}

/** The id of a credential's issuer, whether `issuer` is a URL or a Profile object. */
export function issuerId(credential: Record<string, unknown>): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as { id?: unknown }).id === 'string') return (issuer as { id: string }).id;
  return undefined;
}

/**
 * Signs a verifiable credential with the issuer's key. The verification method is
 * `<issuer id>#<key fingerprint>`, as `didDocument()` publishes it. `proof` is returned as an
 * array (the Open Badges schema requires one; vc.issue writes an object).
 *
 * @throws {Error} if the credential has no issuer id, or uses a term no bundled context defines
 */
export async function signDocument(unsigned: Record<string, unknown>, key: SigningKey, options: { date?: Date } = {}): Promise<SignedDocument> {
  const did = issuerId(unsigned);
  if (!did) throw new Error('The credential has no issuer id — set issuer.id to the site’s did:web');
  if (!key.secretKey) throw new Error('This key has only its public half, so it cannot sign — load the site’s signing key');
  const keyPair = await Ed25519Multikey.from({
    ...(await key.export({ publicKey: true, secretKey: true, includeContext: true })),
    id: verificationMethodId(did, key),
    controller: did,
  });
  const suite = new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite, ...(options.date ? { date: options.date } : {}) });
  let signed: Record<string, unknown>;
  try {
    signed = await vc.issue({ credential: structuredClone(unsigned), suite, documentLoader: createDocumentLoader() });
  } catch (error) {
    throw new Error(`The credential could not be signed: ${(error as Error).message}`, { cause: error });
  }
  const proof = signed.proof;
  return { ...signed, proof: Array.isArray(proof) ? proof : [proof as Record<string, unknown>] };
}

export type ProofProblem =
  /** no proof at all */
  | 'unsigned'
  /** the proof names a key the DID document does not list for signing */
  | 'different-key'
  /** the credential's issuer is not the DID the document describes */
  | 'different-issuer'
  /** the signature does not match the content (or the content cannot be read as signed) */
  | 'tampered';

export interface ProofCheck {
  ok: boolean;
  problems: ProofProblem[];
  /** What the library said, for logs; not for people. */
  details: string[];
}

/**
 * Checks the proof on a credential against the issuer's DID document, offline. Dates and
 * status are not judged here (see credential.ts); only whether the issuer's published key
 * signed exactly this content.
 */
export async function checkProof(credential: Record<string, unknown>, did: DidDocument): Promise<ProofCheck> {
  const proofs = ([] as unknown[]).concat(credential.proof ?? []);
  if (proofs.length === 0) return { ok: false, problems: ['unsigned'], details: [] };

  const problems = new Set<ProofProblem>();
  const issuer = issuerId(credential);
  if (issuer !== did.id) problems.add('different-issuer');

  const allowed = new Set(did.assertionMethod);
  const published = new Set(did.verificationMethod.map((vm) => vm.id));
  for (const proof of proofs) {
    const method = (proof as { verificationMethod?: unknown } | null)?.verificationMethod;
    // No key named at all is a damaged proof; a key the issuer does not publish is someone else's.
    if (typeof method !== 'string') problems.add('tampered');
    else if (!allowed.has(method) || !published.has(method)) problems.add('different-key');
  }
  if (problems.has('different-key')) return { ok: false, problems: [...problems], details: [] };

  // Dates are checked by the caller against the real clock: here the library checks
  // the signature as of the credential's own start date, so an expired certificate still
  // says whether it was tampered with.
  const validFrom = typeof credential.validFrom === 'string' ? credential.validFrom : undefined;
  const validUntil = typeof credential.validUntil === 'string' ? credential.validUntil : undefined;
  const result = await vc.verifyCredential({
    credential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader: createDocumentLoader(did),
    now: validFrom ?? validUntil,
    checkStatus: async () => ({ verified: true }),
  });
  const details: string[] = [];
  if (!result.verified) {
    problems.add('tampered');
    const errors = [result.error, ...(result.error?.errors ?? []), ...(result.results ?? []).map((r) => r.error)];
    for (const e of errors) if (e?.message && !details.includes(e.message)) details.push(e.message);
  }
  return { ok: problems.size === 0, problems: [...problems], details };
}
