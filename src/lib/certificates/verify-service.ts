/**
 * Public checks of certificates: one code (the /verify page and the JSON API), many codes
 * (the bulk check for accrediting bodies), and the signed revocation list. Node-only.
 *
 * The public has no account, so rows are read with the service client; only what the
 * certificate itself carries leaves this module (verification.ts), with the holder's name
 * shown as the holder chose. A code that fails its check character is answered before any
 * lookup. Requests are rate limited per address (VERIFY_LIMIT_PER_MINUTE, default 60).
 */
import { createHash } from 'node:crypto';
import { limitFromEnv } from '../auth/limits.ts';
import { certificateLookups } from '../cache/remembered.ts';
import { SlidingWindowLimiter } from '../auth/rate-limit.ts';
import { DomainError } from '../errors.ts';
import { certificatesEn } from '../i18n/certificates.ts';
import type { TypedPocketBase } from '../pb.ts';
import { bulkCounts, bulkCsvHeader, bulkErrorLine, bulkResultLine, codesToLookUp, sameOrganisation, type BulkCounts, type BulkRow } from './bulk-csv.ts';
import { codesByIds, findByCode, lookUpCodes, revokedIndexes } from './certificates-store.ts';
import type { CertificateSummary } from './summary.ts';
import { parseCode } from './code.ts';
import { certificateTitle } from './credential.ts';
import { siteDid } from './did.ts';
import type { SigningKey } from './keys.ts';
import type { SignedDocument } from './proof.ts';
import { parseSnapshot } from './schema.ts';
import { snapshotDigest, type CertificateSnapshot } from './snapshot.ts';
import { signStatusList, StatusList } from './status-list.ts';
import { invalidCode, notFound, verifyStored, type StoredCertificate, type VerifyResult } from './verification.ts';

const MINUTE = 60_000;

export const verifyLimits = {
  /** Checks (page, API, credential downloads) per address per minute. */
  perIp: new SlidingWindowLimiter({ limit: limitFromEnv('VERIFY_LIMIT_PER_MINUTE', 60), windowMs: MINUTE, shareAs: 'verify.perIp' }),
  /** Surname guesses per address in 15 minutes, so a hidden name cannot be found by trying many. */
  surnamePerIp: new SlidingWindowLimiter({ limit: 10, windowMs: 15 * MINUTE, shareAs: 'verify.surnamePerIp' }),
};

/** Bulk checks (up to 10,000 codes each) per address per hour: the public page and JSON API share it. */
export const bulkLimits = {
  perIp: new SlidingWindowLimiter({ limit: limitFromEnv('BULK_VERIFY_LIMIT_PER_HOUR', 20), windowMs: 60 * MINUTE, shareAs: 'verify.bulkPerIp' }),
};

/**
 * The stored snapshot, checked against its digest.
 *
 * @throws {DomainError} `invalid` when the row does not fit or was changed after issue
 */
export function trustedSnapshot(row: Pick<CertificateSummary, 'code' | 'snapshot' | 'snapshot_digest'>): CertificateSnapshot {
  const snapshot = parseSnapshot(row.snapshot);
  if (snapshotDigest(snapshot) !== row.snapshot_digest || snapshot.code !== row.code) {
    console.error(`[certificates] certificate ${row.code}: the stored snapshot does not match its digest; it will not be shown as valid`);
    throw new DomainError('invalid', certificatesEn.verify.damaged);
  }
  return snapshot;
}

function stored(row: CertificateSummary, snapshot: CertificateSnapshot, replacedByCode: string | null): StoredCertificate {
  return {
    code: row.code,
    snapshot,
    revoked_at: row.revoked_at,
    revoke_reason: row.revoke_reason,
    holder_name_display: row.holder_name_display,
    replacedByCode,
  };
}

/**
 * Checks one code as typed.
 *
 * @param options.surname what the visitor typed as the holder's surname, if anything
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached; `invalid` when the
 *   stored record is damaged
 */
export async function verifyCode(service: TypedPocketBase, input: string, options: { now?: Date; surname?: string | null } = {}): Promise<VerifyResult> {
  const parsed = parseCode(input);
  if (!parsed.ok) return invalidCode(parsed.message);
  const found = await findForVerifying(service, parsed.code);
  if (!found) return notFound(parsed.code);
  const snapshot = trustedSnapshot(found.row);
  return verifyStored(stored(found.row, snapshot, found.replacedByCode), options.now ?? new Date(), options.surname);
}

interface Found {
  row: CertificateSummary;
  replacedByCode: string | null;
}

/**
 * The row for a code and the code that replaced it, remembered between requests (any change to
 * any certificate forgets them all, see ../cache/remembered.ts); unknown codes are not kept.
 */
async function findForVerifying(service: TypedPocketBase, code: string): Promise<Found | undefined> {
  const kept = certificateLookups.get(code);
  if (kept) return kept;
  const stamp = certificateLookups.stamp(code);
  const row = await findByCode(service, code);
  if (!row) return undefined;
  const replacedByCode = row.replaced_by ? ((await codesByIds(service, [row.replaced_by])).get(row.replaced_by) ?? null) : null;
  const found = { row, replacedByCode };
  certificateLookups.remember(code, code, found, stamp);
  return found;
}

/**
 * Whose names a bulk check shows: `public` shows each holder's name as the public verify page
 * does (as the holder chose: full, initials, or hidden); a verifier signed in with an
 * organisation sees full names only for certificates their organisation awarded.
 */
export type BulkHolderNames = { kind: 'public' } | { kind: 'organisation'; organisation: string };

export interface BulkOptions {
  holderNames: BulkHolderNames;
  now?: Date;
  /** Rows per chunk (each chunk's codes are looked up together). */
  chunk?: number;
}

/**
 * One row's answer: the result the single-code check gives, or (`status: 'error'`, no result)
 * the reason its stored certificate could not be read.
 */
export type BulkAnswer =
  | { row: BulkRow; status: VerifyResult['status']; result: VerifyResult; holderName: string | undefined }
  | { row: BulkRow; status: 'error'; result: undefined; holderName: undefined; error: string };

/**
 * Answers for already-parsed rows, chunk by chunk, in file order. Codes are looked up in
 * batches (lookUpCodes), each code once; a mistyped code is answered without a lookup.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function* bulkVerify(service: TypedPocketBase, rows: readonly BulkRow[], options: BulkOptions): AsyncGenerator<BulkAnswer[]> {
  const now = options.now ?? new Date();
  const chunk = options.chunk ?? 1000;
  const known = new Map<string, CertificateSummary | null>();
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const wanted = codesToLookUp(part).filter((code) => !known.has(code));
    const found = await lookUpCodes(service, wanted);
    for (const code of wanted) known.set(code, found.get(code) ?? null);
    const replacements = await codesByIds(
      service,
      wanted.map((code) => found.get(code)?.replaced_by ?? '').filter(Boolean),
    );
    yield part.map((row): BulkAnswer => {
      const answer = (result: VerifyResult, holderName?: string): BulkAnswer => ({ row, status: result.status, result, holderName });
      if (!row.parsed.ok) return answer(invalidCode(row.parsed.message));
      const hit = known.get(row.parsed.code);
      if (!hit) return answer(notFound(row.parsed.code));
      let snapshot: CertificateSnapshot;
      try {
        snapshot = trustedSnapshot(hit);
      } catch {
        return { row, status: 'error', result: undefined, holderName: undefined, error: certificatesEn.verify.damaged };
      }
      const result = verifyStored(stored(hit, snapshot, replacements.get(hit.replaced_by) ?? null), now);
      return answer(result, holderNameFor(options.holderNames, snapshot, result));
    });
  }
}

function holderNameFor(rule: BulkHolderNames, snapshot: CertificateSnapshot, result: VerifyResult): string | undefined {
  if (rule.kind === 'public') return result.certificate?.holder.name ?? undefined;
  return sameOrganisation(rule.organisation, snapshot.accreditation?.awarding_body) ? snapshot.holder.name : undefined;
}

/**
 * The results CSV for already-parsed rows, chunk by chunk: a header line, then one line per
 * row in file order.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function* bulkVerifyCsv(service: TypedPocketBase, rows: readonly BulkRow[], options: BulkOptions): AsyncGenerator<string> {
  yield bulkCsvHeader();
  for await (const answers of bulkVerify(service, rows, options)) yield answers.map(bulkAnswerLine).join('');
}

/** One answer as a line of the results CSV. */
export function bulkAnswerLine(answer: BulkAnswer): string {
  return answer.status === 'error' ? bulkErrorLine(answer.row, answer.error) : bulkResultLine(answer.row, answer.result, answer.holderName);
}

/** The results CSV for answers already in hand (the public bulk page's download). */
export function bulkAnswersCsv(answers: readonly BulkAnswer[]): string {
  return bulkCsvHeader() + answers.map(bulkAnswerLine).join('');
}

/** Every answer at once, with the counts by status (the public bulk page and JSON API). */
export async function bulkVerifyAll(service: TypedPocketBase, rows: readonly BulkRow[], options: BulkOptions): Promise<{ answers: BulkAnswer[]; counts: BulkCounts }> {
  const answers: BulkAnswer[] = [];
  for await (const part of bulkVerify(service, rows, options)) answers.push(...part);
  return { answers, counts: bulkCounts(answers.map((a) => a.status)) };
}

// ---- The revocation list ---------------------------------------------------------------

interface CachedList {
  fingerprint: string;
  document: SignedDocument;
}
const lists = new Map<string, CachedList>();

/**
 * The signed Bitstring Status List credential for the site (list 1). Built from the revoked
 * rows on every call, but signed again only when that set changed: a revocation shows at once,
 * and an unchanged list costs one small query.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function statusListCredential(service: TypedPocketBase, siteUrl: string, key: SigningKey, now: Date = new Date()): Promise<SignedDocument> {
  return (await signedStatusList(service, siteUrl, key, now)).document;
}

/**
 * {@link statusListCredential} with its entity tag: a weak ETag (`W/"…"`) naming the revoked set,
 * the key and the site, the same on every web server (each signs its own copy, at its own
 * moment, so the bytes differ but the meaning does not). A CDN or verifier revalidating with
 * If-None-Match gets 304 until a certificate is revoked.
 */
export async function signedStatusList(service: TypedPocketBase, siteUrl: string, key: SigningKey, now: Date = new Date()): Promise<{ document: SignedDocument; etag: string }> {
  const revoked = await revokedIndexes(service);
  const fingerprint = createHash('sha256').update(`${key.publicKeyMultibase}\n${revoked.join(',')}`).digest('hex');
  const etag = `W/"${createHash('sha256').update(`${siteUrl}\n${fingerprint}`).digest('base64url').slice(0, 32)}"`;
  const cached = lists.get(siteUrl);
  if (cached && cached.fingerprint === fingerprint) return { document: cached.document, etag };
  const list = new StatusList();
  for (const index of revoked) list.setRevoked(index, true);
  const document = await signStatusList({ siteUrl, issuerDid: siteDid(siteUrl), list, validFrom: now, key });
  lists.set(siteUrl, { fingerprint, document });
  return { document, etag };
}

/** A certificate's title for lists, or its course slug when the stored snapshot cannot be read. */
export function trustedTitle(row: Pick<CertificateSummary, 'code' | 'snapshot' | 'snapshot_digest' | 'course'>): string {
  try {
    return certificateTitle(trustedSnapshot(row));
  } catch {
    return row.course;
  }
}
