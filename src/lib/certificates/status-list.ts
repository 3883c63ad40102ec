/**
 * Revocation by W3C Bitstring Status List v1.0: one bit per certificate, 1 = revoked. The
 * site publishes the list as a signed `BitstringStatusListCredential` at
 * `<site>/credentials/status/1`; each certificate names its bit (`statusListIndex`).
 *
 * A small implementation of the spec (§ 3.1 and the algorithms in § 3.2): the list is
 * gzip-compressed and base64url-encoded with the multibase prefix `u`; bit 0 is the left-most
 * (most significant) bit of the first byte; lists are at least 131,072 bits (16 KB), so one
 * certificate cannot be told from its neighbours by the list's size.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { CREDENTIALS_V2 } from './contexts.ts';
import { checkProof, issuerId, signDocument, type SignedDocument, type SigningKey } from './proof.ts';
import type { DidDocument } from './did.ts';

/** Bits in a status list: the spec's minimum, 16 KB. */
export const STATUS_LIST_LENGTH = 131_072;
/** A decoded list larger than this is refused (a gzip bomb, not a status list). */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

/** The status list credential's URL. One list holds 131,072 certificates; a second would be `/2`. */
export function statusListUrl(siteUrl: string, list = 1): string {
  return `${siteUrl.replace(/\/+$/, '')}/credentials/status/${list}`;
}

/** A mutable list of revocation bits. */
export class StatusList {
  readonly bits: Uint8Array;

  constructor(bitsOrLength: Uint8Array | number = STATUS_LIST_LENGTH) {
    if (typeof bitsOrLength === 'number') {
      if (!Number.isInteger(bitsOrLength) || bitsOrLength < STATUS_LIST_LENGTH || bitsOrLength % 8 !== 0) {
        throw new RangeError(`A status list must hold a whole number of bytes and at least ${STATUS_LIST_LENGTH} bits, not ${bitsOrLength}`);
      }
      this.bits = new Uint8Array(bitsOrLength / 8);
    } else {
      this.bits = bitsOrLength;
    }
  }

  get length(): number {
    return this.bits.length * 8;
  }

  private position(index: number): [byte: number, mask: number] {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new RangeError(`Status list index ${index} is outside the list (0 to ${this.length - 1})`);
    }
    return [index >> 3, 0x80 >> (index & 7)];
  }

  isRevoked(index: number): boolean {
    const [byte, mask] = this.position(index);
    return (this.bits[byte]! & mask) !== 0;
  }

  setRevoked(index: number, revoked: boolean): void {
    const [byte, mask] = this.position(index);
    this.bits[byte] = revoked ? this.bits[byte]! | mask : this.bits[byte]! & ~mask;
  }

  /** `u` + base64url(gzip(bits)), the `encodedList` of the spec. */
  encode(): string {
    return `u${gzipSync(this.bits, { level: 9 }).toString('base64url')}`;
  }

  /**
   * @throws {Error} if the text is not a multibase base64url gzip bitstring of at least 16 KB
   */
  static decode(encodedList: string): StatusList {
    if (typeof encodedList !== 'string' || !encodedList.startsWith('u') || !/^u[A-Za-z0-9_-]+$/.test(encodedList)) {
      throw new Error('The status list is not encoded as the spec says (multibase base64url, starting with “u”)');
    }
    let bits: Buffer;
    try {
      bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'), { maxOutputLength: MAX_LIST_BYTES });
    } catch (error) {
      throw new Error('The status list could not be unpacked: it is not gzip data, or it is far too large', { cause: error });
    }
    if (bits.length * 8 < STATUS_LIST_LENGTH) {
      throw new Error(`The status list has ${bits.length * 8} bits; the spec requires at least ${STATUS_LIST_LENGTH}`);
    }
    return new StatusList(new Uint8Array(bits));
  }
}

/** The unsigned `BitstringStatusListCredential` for a list, issued by the site's DID. */
export function buildStatusListCredential(options: { siteUrl: string; issuerDid: string; list: StatusList; validFrom: Date; number?: number }): Record<string, unknown> {
  const id = statusListUrl(options.siteUrl, options.number ?? 1);
  return {
    '@context': [CREDENTIALS_V2],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: options.issuerDid,
    validFrom: options.validFrom.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    credentialSubject: {
      id: `${id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList: options.list.encode(),
    },
  };
}

/** Builds and signs the status list credential. @throws {Error} if signing fails */
export async function signStatusList(options: Parameters<typeof buildStatusListCredential>[0] & { key: SigningKey }): Promise<SignedDocument> {
  return signDocument(buildStatusListCredential(options), options.key, { date: options.validFrom });
}

export interface StatusEntry {
  id?: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
}

export type StatusResult =
  | { state: 'active' | 'revoked'; problems: [] }
  | { state: 'unknown'; problems: string[] };

/**
 * Reads a certificate's revocation bit from a signed status list credential, after checking
 * that list was signed by the same issuer and is the list the certificate names.
 * Problems are plain sentences for the person checking.
 */
export async function checkRevocation(credential: Record<string, unknown>, statusListCredential: Record<string, unknown>, did: DidDocument): Promise<StatusResult> {
  const entries = ([] as unknown[]).concat(credential.credentialStatus ?? []) as Partial<StatusEntry>[];
  const entry = entries.find((e) => e?.type === 'BitstringStatusListEntry' && e.statusPurpose === 'revocation');
  if (!entry) return { state: 'unknown', problems: ['This certificate does not say where its revocation status is kept, so it cannot be checked'] };

  const index = Number(entry.statusListIndex);
  if (typeof entry.statusListIndex !== 'string' || !/^\d+$/.test(entry.statusListIndex) || !Number.isSafeInteger(index)) {
    return { state: 'unknown', problems: ['The certificate’s place in the revocation list is not a number, so its status cannot be checked'] };
  }
  if (statusListCredential.id !== entry.statusListCredential) {
    return {
      state: 'unknown',
      problems: [`The revocation list given is ${String(statusListCredential.id)}, but this certificate’s status is kept in ${String(entry.statusListCredential)}: use that list`],
    };
  }
  const types = ([] as unknown[]).concat(statusListCredential.type ?? []);
  const subject = statusListCredential.credentialSubject as { type?: unknown; statusPurpose?: unknown; encodedList?: unknown } | undefined;
  if (!types.includes('BitstringStatusListCredential') || subject?.type !== 'BitstringStatusList' || subject.statusPurpose !== 'revocation') {
    return { state: 'unknown', problems: ['The file given as the revocation list is not a revocation status list'] };
  }
  if (issuerId(statusListCredential) !== issuerId(credential)) {
    return { state: 'unknown', problems: ['The revocation list was issued by someone other than the certificate’s issuer, so it cannot be trusted'] };
  }
  const proof = await checkProof(statusListCredential, did);
  if (!proof.ok) {
    return { state: 'unknown', problems: ['The revocation list’s signature does not match the issuer’s key, so it cannot be trusted: download it again from the issuer’s site'] };
  }
  let list: StatusList;
  try {
    list = StatusList.decode(String(subject.encodedList));
  } catch (error) {
    return { state: 'unknown', problems: [`The revocation list cannot be read: ${(error as Error).message}`] };
  }
  if (index >= list.length) return { state: 'unknown', problems: ['The revocation list is shorter than this certificate’s place in it, so its status cannot be checked'] };
  return list.isRevoked(index) ? { state: 'revoked', problems: [] } : { state: 'active', problems: [] };
}
