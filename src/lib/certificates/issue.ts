/**
 * Issuing, revoking and re-issuing certificates. Node-only; every write goes through the
 * service client, because no person may create or revoke a certificate through the API.
 *
 * Issuing is safe under concurrent requests: the unique index on (trainee, course, version,
 * kind, unit, replaces) lets exactly one row in; every other request finds that row and
 * returns it. The status-list bit is the next free one (highest + 1); when two certificates
 * reach for the same bit, the unique index on `status_index` refuses one, which tries again.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { assessCourse } from '../assessment/status.ts';
import type { Course } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import { certificatesEn } from '../i18n/certificates.ts';
import type { TypedPocketBase } from '../pb.ts';
import { courseProgress } from '../progress/progress.ts';
import type { CertificateRecord, UserRecord } from '../records.ts';
import { generateCode } from './code.ts';
import { buildCredential, signCredential } from './credential.ts';
import {
  CertificateConflict,
  createCertificate,
  findByCode,
  findByIdentity,
  findCurrent,
  markReplaced,
  nextStatusIndex,
  revoke,
  wasWithdrawn,
  type CertificateIdentity,
} from './certificates-store.ts';
import { loadCertificateFacts } from './facts-store.ts';
import { cohortOf, displayNames, userById } from './people-store.ts';
import type { CertificateSummary } from './summary.ts';
import { assessorNames, eligibilityFor, type ToDo } from './eligibility.ts';
import { attendanceFor } from '../cohorts/sessions-store.ts';
import type { NameDisplay } from './holder-name.ts';
import type { SigningKey } from './keys.ts';
import { parseSnapshot } from './schema.ts';
import { buildSnapshot, emailIdentityHash, generateSalt, isoSeconds, snapshotDigest, type CertificateKind, type CertificateSnapshot } from './snapshot.ts';
import { STATUS_LIST_LENGTH } from './status-list.ts';
import { writeAudit } from '../audit-log.ts';

const p = certificatesEn.problems;

/** How many times a create is tried when the status-list bit it chose was taken meanwhile. */
const ATTEMPTS = 40;

/** The certificate is not ready yet; `missing` lists what is still to do, in plain words. */
export class NotEligible extends DomainError {
  readonly missing: ToDo[];

  constructor(missing: ToDo[]) {
    super('conflict', certificatesEn.issue.notEligibleTitle);
    this.name = 'NotEligible';
    this.missing = missing;
  }
}

export interface IssueDeps {
  /** The service client: reads the trainee's record (including QA samples) and writes. */
  service: TypedPocketBase;
  /** The site's signing key. */
  key: SigningKey;
  now?: () => Date;
  /** Random bytes for the code; the system CSPRNG unless a test passes its own. */
  random?: (size: number) => Uint8Array;
}

export interface IssueRequest {
  holder: Pick<UserRecord, 'id' | 'email' | 'display_name'>;
  course: Course;
  kind: CertificateKind;
  /** The unit id for a unit certificate, else "". */
  unit: string;
  /** The name as the trainee confirmed it. */
  holderName: string;
  nameDisplay: NameDisplay;
  /** The site's public address (issuer URL; the credential's and QR code's links). */
  siteUrl: string;
  issuerName: string;
  /** The organisation's logo as a data: URL, from its settings (src/lib/org/settings-store.ts). */
  issuerImage?: string;
}

export interface Issued {
  certificate: CertificateRecord | CertificateSummary;
  /** False when the certificate already existed (another request made it, or it was made before). */
  created: boolean;
}

/**
 * Issues the certificate a trainee asked for, if they are eligible; returns the existing one
 * if they already have it (any version), so pressing the button twice, or twenty requests at
 * once, make one certificate.
 *
 * @throws {NotEligible} with the list of what is still to do
 * @throws {DomainError} `invalid` for a kind the course does not give; `not-found` for an
 *   unknown unit; `forbidden` when an administrator withdrew their certificate;
 *   `conflict` when no assessor's name is recorded or the site is too busy; `unavailable`
 */
export async function issueCertificate(deps: IssueDeps, request: IssueRequest): Promise<Issued> {
  const { service } = deps;
  const { holder, course, kind } = request;
  const unit = kind === 'unit' ? request.unit : '';

  const current = await findCurrent(service, holder.id, course.slug, kind, unit);
  if (current) return { certificate: current, created: false };
  if (await wasWithdrawn(service, holder.id, course.slug, kind, unit)) throw new DomainError('forbidden', certificatesEn.issue.alreadyRevoked);

  const facts = await loadCertificateFacts(service, holder.id, course.slug, { samples: true });
  const progress = courseProgress(course, facts.progress);
  const assessment = assessCourse(course, facts.assessment);
  const attendance = course.minimumAttendance && kind !== 'unit' ? await attendanceFor(service, holder.id, course.slug) : undefined;
  const eligibility = eligibilityFor(course, progress, assessment, kind, unit, { attendance, hours: facts.hours });
  if (!eligibility.eligible) throw new NotEligible(eligibility.missing);

  let assessors: string[] = [];
  if (kind !== 'attendance') {
    const unitIds = kind === 'unit' ? [unit] : course.units.map((u) => u.id);
    const signoffs = facts.signoffs.filter((s) => unitIds.includes(s.unit));
    const nameless = signoffs.filter((s) => !s.name.trim()).map((s) => s.by);
    const fallback = nameless.length > 0 ? await displayNames(service, nameless) : new Map<string, string>();
    const signers = new Map(signoffs.map((s) => [s.unit, s.name.trim() || fallback.get(s.by) || '']));
    assessors = assessorNames(assessment, unitIds, signers);
    if (assessors.length === 0) throw new DomainError('conflict', p.noAssessor);
  }

  const identity: CertificateIdentity = { user: holder.id, course: course.slug, course_version: course.version, kind, unit, replaces: '' };
  return createWithFreshBit(deps, identity, request.nameDisplay, (code, issuedAt, statusListIndex) =>
    buildSnapshot({
      course,
      kind,
      code,
      holderName: request.holderName,
      holderEmail: holder.email,
      emailSalt: generateSalt(),
      issuedAt,
      expiresAt: null,
      unitIds: kind === 'unit' ? [unit] : [],
      issuer: request.issuerImage ? { name: request.issuerName, url: request.siteUrl, image: request.issuerImage } : { name: request.issuerName, url: request.siteUrl },
      assessors,
      statusListIndex,
    }), async (certificate) => {
      await audit(service, {
        actor: holder,
        action: 'certificate.issue',
        target: certificate.id,
        cohort: await cohortOf(service, holder.id, course.slug),
        details: { code: certificate.code, course: course.slug, course_version: course.version, kind, unit },
      });
    });
}

/**
 * Makes a new code and status-list bit, builds and signs the certificate, and creates it;
 * on a taken bit or code tries again; when the identity exists, returns that row.
 */
async function createWithFreshBit(
  deps: IssueDeps,
  identity: CertificateIdentity,
  nameDisplay: NameDisplay,
  snapshotFor: (code: string, issuedAt: Date, statusListIndex: number) => CertificateSnapshot,
  afterCreate: (certificate: CertificateRecord) => Promise<void>,
): Promise<Issued> {
  const { service, key } = deps;
  const now = deps.now ?? (() => new Date());
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // After a clash, spread out: the bits skipped stay 0 (not revoked) for ever, which is harmless.
    const index = (await nextStatusIndex(service)) + (attempt === 0 ? 0 : randomInt(0, 2 + attempt * 2));
    if (index >= STATUS_LIST_LENGTH) throw new DomainError('conflict', 'The revocation list is full: a second status list is needed before more certificates can be issued.');
    const issuedAt = now();
    const snapshot = snapshotFor(generateCode(deps.random ?? randomBytes), issuedAt, index);
    const credential = await signCredential(buildCredential(snapshot, { siteUrl: snapshot.issuer.url }), key, { date: issuedAt });
    try {
      const certificate = await createCertificate(service, {
        ...identity,
        code: snapshot.code,
        snapshot,
        snapshot_digest: snapshotDigest(snapshot),
        credential,
        status_index: index,
        issued_at: snapshot.issued_at,
        expires_at: snapshot.expires_at ?? '',
        holder_name_display: nameDisplay,
      });
      await afterCreate(certificate);
      return { certificate, created: true };
    } catch (error) {
      if (!(error instanceof CertificateConflict)) throw error;
      const existing = await findByIdentity(service, identity);
      if (existing) return { certificate: existing, created: false };
      await sleep(randomInt(5, 20 + attempt * 10));
    }
  }
  throw new DomainError('conflict', p.busy);
}

/** A certificate's audit row. */
interface CertificateAudit {
  actor: Pick<UserRecord, 'id' | 'display_name'> | null;
  action: 'certificate.issue' | 'certificate.revoke' | 'certificate.reissue';
  target: string;
  cohort: string;
  details: Record<string, unknown>;
}

/** Writes an audit row; a failure is logged, never undoes the change it records. */
async function audit(service: TypedPocketBase, entry: CertificateAudit): Promise<void> {
  try {
    const { target, ...rest } = entry;
    await writeAudit(service, { ...rest, target_collection: 'certificates', target_id: target });
  } catch (error) {
    console.error(`[certificates] could not write the audit row ${entry.action} for ${entry.target}: ${(error as Error).message}`);
  }
}

export interface AdminRequest {
  admin: Pick<UserRecord, 'id' | 'display_name'>;
  code: string;
  reason: string;
}

/**
 * Revokes a certificate at once (the verify page, API, bulk check and status list all read
 * the row) and writes `certificate.revoke` to the audit log.
 *
 * @throws {DomainError} `not-found`; `conflict` if it is already revoked; `unavailable`
 */
export async function revokeCertificate(deps: Pick<IssueDeps, 'service' | 'now'>, request: AdminRequest): Promise<CertificateSummary> {
  const { service } = deps;
  const found = await findByCode(service, request.code);
  if (!found) throw new DomainError('not-found', certificatesEn.staff.notFound);
  if (found.revoked_at) throw new DomainError('conflict', certificatesEn.staff.alreadyRevoked);
  const revoked = await revoke(service, found.id, { reason: request.reason, by: request.admin.id, at: (deps.now ?? (() => new Date()))() });
  await audit(service, {
    actor: request.admin,
    action: 'certificate.revoke',
    target: found.id,
    cohort: await cohortOf(service, found.user, found.course),
    details: { code: found.code, course: found.course, kind: found.kind, unit: found.unit, reason: request.reason },
  });
  return revoked;
}

/**
 * A corrected copy of a snapshot: the same course, units, accreditation, assessors and
 * expiry; a new code, date and status-list bit; the corrected name, and the holder's email
 * hashed afresh. Pure.
 *
 * @throws {DomainError} `invalid` if the result does not fit the snapshot schema
 */
export function correctedSnapshot(
  old: CertificateSnapshot,
  change: { code: string; holderName: string; holderEmail: string; emailSalt: string; issuedAt: Date; statusListIndex: number },
): CertificateSnapshot {
  return parseSnapshot({
    ...structuredClone(old),
    code: change.code,
    holder: { name: change.holderName.normalize('NFC').trim().replace(/\s+/g, ' '), email_hash: emailIdentityHash(change.holderEmail, change.emailSalt), email_salt: change.emailSalt },
    issued_at: isoSeconds(change.issuedAt),
    status_list_index: change.statusListIndex,
  });
}

/**
 * Issues a corrected certificate that replaces an existing one: same facts, corrected name,
 * new code. The old one is revoked with the reason (unless it already was) and links to the
 * new one; its verify page then says so. Doing it twice returns the same replacement.
 *
 * @throws {DomainError} `not-found`; `conflict` when it was already replaced; `unavailable`
 */
export async function reissueCertificate(deps: IssueDeps, request: AdminRequest & { holderName: string }): Promise<Issued> {
  const { service } = deps;
  const old = await findByCode(service, request.code);
  if (!old) throw new DomainError('not-found', certificatesEn.staff.notFound);
  if (old.replaced_by) throw new DomainError('conflict', certificatesEn.staff.alreadyReplaced);
  const oldSnapshot = parseSnapshot(old.snapshot);
  const holder = await userById(service, old.user);

  const identity: CertificateIdentity = { user: old.user, course: old.course, course_version: old.course_version, kind: old.kind, unit: old.unit, replaces: old.id };
  const issued = await createWithFreshBit(
    deps,
    identity,
    old.holder_name_display || 'full',
    (code, issuedAt, statusListIndex) =>
      correctedSnapshot(oldSnapshot, { code, holderName: request.holderName, holderEmail: holder.email, emailSalt: generateSalt(), issuedAt, statusListIndex }),
    async () => {},
  );
  await markReplaced(service, old.id, issued.certificate.id);
  if (!old.revoked_at) await revoke(service, old.id, { reason: request.reason, by: request.admin.id, at: (deps.now ?? (() => new Date()))() });
  await audit(service, {
    actor: request.admin,
    action: 'certificate.reissue',
    target: old.id,
    cohort: await cohortOf(service, old.user, old.course),
    details: { code: old.code, replacement: issued.certificate.code, replacement_id: issued.certificate.id, course: old.course, reason: request.reason },
  });
  return issued;
}
