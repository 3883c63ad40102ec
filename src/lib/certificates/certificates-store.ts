/**
 * Certificate rows in PocketBase. Reads for the holder go through their own client (API rules:
 * the holder and admins only); issuing, revoking and every public check go through the
 * service client, because no person may create a certificate and the public has no account.
 * Every ClientResponseError becomes a DomainError. The facts eligibility reads are in
 * ./facts-store.ts, people lookups in ./people-store.ts.
 */
import { ClientResponseError } from 'pocketbase';
import { DomainError, fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import { ownRecords } from '../trainee/own-records-store.ts';
import type { CertificateRecord } from '../records.ts';
import { CODE_LENGTH } from './code.ts';
import type { NameDisplay } from './holder-name.ts';
import { SUMMARY_FIELDS, type CertificateSummary } from './summary.ts';
import { codedFields, refusedByRule } from '../hook-errors.ts';

/**
 * PocketBase refuses a filter longer than 3,500 characters; `code='…'||` is 25, so 125 codes
 * (3,125 characters) fit in one query with room to spare.
 */
export const LOOKUP_BATCH = 125;

/** What a fresh certificate row holds when it is created. */
export interface NewCertificate {
  code: string;
  kind: CertificateRecord['kind'];
  user: string;
  course: string;
  course_version: string;
  unit: string;
  snapshot: unknown;
  snapshot_digest: string;
  credential: Record<string, unknown>;
  status_index: number;
  issued_at: string;
  expires_at: string;
  holder_name_display: NameDisplay;
  replaces: string;
}

/** Which unique rule a create ran into. */
export type ConflictOn = 'identity' | 'status_index' | 'code' | 'unknown';

/** A create refused by a unique index: `on` says which. */
export class CertificateConflict extends DomainError {
  readonly on: ConflictOn;

  constructor(on: ConflictOn) {
    super('conflict', `A certificate with the same ${on === 'identity' ? 'trainee, course, version and kind' : on.replace('_', ' ')} already exists.`);
    this.name = 'CertificateConflict';
    this.on = on;
  }
}

/** The identity of a certificate: one per (trainee, course, version, kind, unit, what it replaces). */
export interface CertificateIdentity {
  user: string;
  course: string;
  course_version: string;
  kind: CertificateRecord['kind'];
  unit: string;
  replaces: string;
}

/**
 * The certificate with this identity, if it exists.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function findByIdentity(service: TypedPocketBase, id: CertificateIdentity): Promise<CertificateRecord | undefined> {
  try {
    const list = await service.collection('certificates').getList(1, 1, {
      skipTotal: true,
      filter: service.filter(
        'user = {:user} && course = {:course} && course_version = {:course_version} && kind = {:kind} && unit = {:unit} && replaces = {:replaces}',
        { ...id },
      ),
    });
    return list.items[0];
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * The trainee's current (not revoked) certificate of this kind for a course, any version.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function findCurrent(service: TypedPocketBase, user: string, course: string, kind: CertificateRecord['kind'], unit: string): Promise<CertificateSummary | undefined> {
  try {
    const list = await service.collection('certificates').getList(1, 1, {
      skipTotal: true,
      filter: service.filter('user = {:user} && course = {:course} && kind = {:kind} && unit = {:unit} && revoked_at = ""', { user, course, kind, unit }),
      sort: '-issued_at',
      fields: SUMMARY_FIELDS,
    });
    return list.items[0];
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * True when an administrator withdrew the trainee's certificate of this kind for a course and
 * did not replace it: the trainee cannot simply make a new one.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function wasWithdrawn(service: TypedPocketBase, user: string, course: string, kind: CertificateRecord['kind'], unit: string): Promise<boolean> {
  try {
    const list = await service.collection('certificates').getList(1, 1, {
      skipTotal: true,
      filter: service.filter('user = {:user} && course = {:course} && kind = {:kind} && unit = {:unit} && revoked_at != "" && replaced_by = ""', { user, course, kind, unit }),
      fields: 'id',
    });
    return list.items.length > 0;
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * The next free bit in the status list: one past the highest in use (0 for the first).
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function nextStatusIndex(service: TypedPocketBase): Promise<number> {
  try {
    const top = await service.collection('certificates').getList(1, 1, { skipTotal: true, sort: '-status_index', fields: 'status_index' });
    const highest = top.items[0]?.status_index;
    return typeof highest === 'number' ? highest + 1 : 0;
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}

function conflictOn(error: ClientResponseError): ConflictOn | undefined {
  const notUnique = codedFields(error)
    .filter((f) => f.code === 'validation_not_unique')
    .map((f) => f.field);
  if (notUnique.length === 0) return refusedByRule(error) ? 'unknown' : undefined;
  if (notUnique.includes('user') || notUnique.includes('course')) return 'identity';
  if (notUnique.includes('status_index')) return 'status_index';
  if (notUnique.includes('code')) return 'code';
  return 'unknown';
}

/**
 * Creates a certificate row with the service client.
 *
 * @throws {CertificateConflict} when a unique index refuses it (`identity`: it already
 *   exists; `status_index` / `code`: taken by another; `unknown`: a bare database refusal)
 * @throws {DomainError} for anything else
 */
export async function createCertificate(service: TypedPocketBase, row: NewCertificate): Promise<CertificateRecord> {
  try {
    return await service.collection('certificates').create(row);
  } catch (error) {
    if (error instanceof ClientResponseError) {
      const on = conflictOn(error);
      if (on) throw new CertificateConflict(on);
    }
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * A certificate by code, read with the service client (public checks, admin pages).
 *
 * @param withCredential also read the signed credential
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function findByCode(service: TypedPocketBase, code: string, withCredential = false): Promise<CertificateRecord | undefined> {
  if (code.length !== CODE_LENGTH) return undefined;
  try {
    const list = await service.collection('certificates').getList(1, 1, {
      skipTotal: true,
      filter: service.filter('code = {:code}', { code }),
      ...(withCredential ? {} : { fields: SUMMARY_FIELDS }),
    });
    return list.items[0];
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * A certificate by id with the service client, or undefined.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function findById(service: TypedPocketBase, id: string): Promise<CertificateRecord | undefined> {
  if (!id) return undefined;
  try {
    return await service.collection('certificates').getOne(id, { fields: SUMMARY_FIELDS });
  } catch (error) {
    if (error instanceof ClientResponseError && error.status === 404) return undefined;
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * Many certificates by code, in batches of {@link LOOKUP_BATCH} codes per query (a few
 * queries at a time), never one request per code.
 *
 * @param codes distinct, well-formed codes (16 characters, no dashes)
 * @returns code → row, for the codes that exist
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function lookUpCodes(service: TypedPocketBase, codes: readonly string[], options: { batch?: number; parallel?: number } = {}): Promise<Map<string, CertificateSummary>> {
  const size = options.batch ?? LOOKUP_BATCH;
  const batches: string[][] = [];
  for (let i = 0; i < codes.length; i += size) batches.push(codes.slice(i, i + size));
  const found = new Map<string, CertificateSummary>();
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const filter = service.filter(batch.map((_, i) => `code={:c${i}}`).join('||'), Object.fromEntries(batch.map((code, i) => [`c${i}`, code])));
      try {
        const rows = await service.collection('certificates').getFullList({ filter, fields: SUMMARY_FIELDS, batch: size });
        for (const row of rows) found.set(row.code, row);
      } catch (error) {
        throw fromPocketBase(error, 'certificate');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel ?? 4, batches.length) }, worker));
  return found;
}

/**
 * Codes of certificates by id (to link a revoked certificate to its replacement).
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function codesByIds(service: TypedPocketBase, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  const out = new Map<string, string>();
  for (let i = 0; i < unique.length; i += LOOKUP_BATCH) {
    const batch = unique.slice(i, i + LOOKUP_BATCH);
    const filter = service.filter(batch.map((_, j) => `id={:i${j}}`).join('||'), Object.fromEntries(batch.map((id, j) => [`i${j}`, id])));
    try {
      const rows = await service.collection('certificates').getFullList({ filter, fields: 'id,code' });
      for (const row of rows) out.set(row.id, row.code);
    } catch (error) {
      throw fromPocketBase(error, 'certificate');
    }
  }
  return out;
}

/**
 * The status-list bits of every revoked certificate.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function revokedIndexes(service: TypedPocketBase): Promise<number[]> {
  try {
    const rows = await service.collection('certificates').getFullList({ filter: 'revoked_at != ""', fields: 'status_index', sort: 'status_index', batch: 1000 });
    return rows.map((r) => r.status_index);
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * Revokes a certificate (service client). Revocation is one-way (pb_hooks/certificates.pb.js).
 *
 * @throws {DomainError} `not-found`; `unavailable`
 */
export async function revoke(service: TypedPocketBase, id: string, change: { reason: string; by: string; at: Date }): Promise<CertificateRecord> {
  try {
    return await service.collection('certificates').update(id, { revoked_at: change.at.toISOString(), revoke_reason: change.reason, revoked_by: change.by }, { fields: SUMMARY_FIELDS });
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * Links a replaced certificate to its replacement (service client).
 *
 * @throws {DomainError} `invalid` if it was already replaced; `unavailable`
 */
export async function markReplaced(service: TypedPocketBase, id: string, replacement: string): Promise<void> {
  try {
    await service.collection('certificates').update(id, { replaced_by: replacement }, { fields: 'id' });
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * The signed-in person's own certificates, newest first (their own client: the rules show a
 * person only their own, or everyone's to an admin, so the user filter matters).
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function listOwn(pb: TypedPocketBase, user: string): Promise<CertificateSummary[]> {
  try {
    const own = (await ownRecords(pb, user)).certificates;
    return [...own].sort((a, b) => (a.issued_at < b.issued_at ? 1 : a.issued_at > b.issued_at ? -1 : 0));
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * One certificate by code, as the signed-in person may see it (holder or admin), with its
 * credential; undefined when there is none they may see.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function findVisible(pb: TypedPocketBase, code: string): Promise<CertificateRecord | undefined> {
  if (code.length !== CODE_LENGTH) return undefined;
  try {
    const list = await pb.collection('certificates').getList(1, 1, { skipTotal: true, filter: pb.filter('code = {:code}', { code }) });
    return list.items[0];
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * The holder changes how their name is shown on /verify (their own client; the rules allow
 * them this one field).
 *
 * @throws {DomainError} `not-found` if it is not theirs; `unavailable`
 */
export async function setNameDisplay(pb: TypedPocketBase, id: string, display: NameDisplay): Promise<void> {
  try {
    await pb.collection('certificates').update(id, { holder_name_display: display }, { fields: 'id' });
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}

/**
 * Admin search: an exact code, or part of the holder's name (on the certificate or the
 * account), newest first, at most 50.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function search(service: TypedPocketBase, query: { code?: string; text?: string }): Promise<CertificateSummary[]> {
  const filter = query.code
    ? service.filter('code = {:code}', { code: query.code })
    : service.filter('snapshot.holder.name ~ {:q} || user.display_name ~ {:q} || user.email ~ {:q}', { q: query.text ?? '' });
  try {
    const list = await service.collection('certificates').getList(1, 50, { filter, sort: '-issued_at', fields: SUMMARY_FIELDS });
    return list.items;
  } catch (error) {
    throw fromPocketBase(error, 'certificate');
  }
}
