/**
 * The certificate snapshot: everything a certificate says, fixed at the moment it is issued.
 * Courses change (new versions, renamed units); a certificate never does. The PDF, the
 * Open Badges credential and the verify page are all drawn from this one record, and its
 * digest is stored beside it so a changed snapshot is noticed.
 *
 * Stored as JSON in PocketBase, so its keys are snake_case like the other records.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Course } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import { parseCode } from './code.ts';
import { checkSiteUrl } from './did.ts';
import { STATUS_LIST_LENGTH } from './status-list.ts';

export const CERTIFICATE_KINDS = ['full', 'unit', 'attendance'] as const;
/** full: the whole course (the qualification when accredited); unit: some units' credit; attendance: took part, no credit. */
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

export interface SnapshotAccreditation {
  awarding_body: string;
  qualification: string;
  /** RQF level as in course.md: "entry-1" … "entry-3", "1" … "8". */
  level: string;
  credits: number;
  guided_learning_hours: number;
  total_qualification_time: number;
  regulated: boolean;
  note: string | null;
}

export interface SnapshotUnit {
  id: string;
  title: string;
  credits: number;
  guided_learning_hours: number;
}

export interface CertificateSnapshot {
  /** Shape of this record; bump when fields change, keep reading old ones. */
  format: 1;
  /** 16 characters, no dashes (see code.ts). */
  code: string;
  kind: CertificateKind;
  holder: {
    /** The name exactly as the holder confirmed it for the certificate. */
    name: string;
    /** `sha256$` + hex(sha256(lower-cased email + salt)), as Open Badges 3.0 IdentityObject. */
    email_hash: string;
    email_salt: string;
  };
  course: { slug: string; title: string; version: string; language: string };
  /** Null for unaccredited courses and for certificates of attendance. */
  accreditation: SnapshotAccreditation | null;
  /** Units achieved, in course order: all of them for `full`, some for `unit`, none for `attendance`. */
  units: SnapshotUnit[];
  /** ISO 8601 UTC, whole seconds: `2026-11-23T14:05:00Z`. */
  issued_at: string;
  expires_at: string | null;
  /** `image`: the organisation's logo as a data: URL (PNG, JPEG or WebP), when it had one at issue. */
  issuer: { name: string; url: string; image?: string };
  assessors: string[];
  /** Bit in the revocation status list (status-list.ts). */
  status_list_index: number;
}

export interface SnapshotInput {
  course: Course;
  kind: CertificateKind;
  code: string;
  /** As the holder confirmed it. */
  holderName: string;
  holderEmail: string;
  /** From `generateSalt()`; kept so the holder can later prove the email is theirs. */
  emailSalt: string;
  issuedAt: Date;
  expiresAt?: Date | null;
  /** For `unit` certificates: the ids of the units achieved. */
  unitIds?: string[];
  issuer: { name: string; url: string; image?: string };
  assessors: string[];
  statusListIndex: number;
}

/** A new random salt for the holder's email hash (128 bits, hex). */
export function generateSalt(): string {
  return randomBytes(16).toString('hex');
}

/** Open Badges 3.0 identity hash of an email: `sha256$` + hex(sha256(email + salt)); the email is trimmed and lower-cased first. */
export function emailIdentityHash(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(email.trim().toLowerCase() + salt, 'utf8').digest('hex')}`;
}

/** `2026-11-23T14:05:07.123Z` → `2026-11-23T14:05:07Z` */
export function isoSeconds(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new DomainError('invalid', 'The certificate date is not a real date — pass a valid Date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const invalid = (message: string) => new DomainError('invalid', message);

/**
 * Builds the snapshot for one certificate from the course model and what the assessor and
 * holder confirmed. Pure: the code, salt, dates and status index are passed in.
 *
 * @throws {DomainError} `invalid`, with a message naming the problem and the fix.
 */
export function buildSnapshot(input: SnapshotInput): CertificateSnapshot {
  const { course, kind } = input;
  if (!CERTIFICATE_KINDS.includes(kind)) throw invalid(`"${String(kind)}" is not a kind of certificate — use one of ${CERTIFICATE_KINDS.join(', ')}`);

  const parsed = parseCode(input.code);
  if (!parsed.ok) throw invalid(`The certificate code "${input.code}" is not valid (${parsed.reason}) — make a new one with generateCode()`);

  const name = input.holderName.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (!name) throw invalid('The holder’s name is empty — ask them to confirm how their name should appear on the certificate');
  if (name.length > 200) throw invalid('The holder’s name is longer than 200 characters — ask them for a shorter form for the certificate');
  if (!/^[^\s@]+@[^\s@]+$/.test(input.holderEmail.trim())) throw invalid(`"${input.holderEmail}" is not an email address — pass the holder’s account email`);
  if (input.emailSalt.length < 16) throw invalid('The email salt is shorter than 16 characters — use generateSalt()');

  const issuedAt = isoSeconds(input.issuedAt);
  const expiresAt = input.expiresAt ? isoSeconds(input.expiresAt) : null;
  if (expiresAt && expiresAt <= issuedAt) throw invalid(`The certificate would expire (${expiresAt}) before it is issued (${issuedAt}) — check the expiry date`);

  if (!Number.isInteger(input.statusListIndex) || input.statusListIndex < 0 || input.statusListIndex >= STATUS_LIST_LENGTH) {
    throw invalid(`Status list index ${input.statusListIndex} is outside the list (0 to ${STATUS_LIST_LENGTH - 1}) — allocate the next free index`);
  }
  const issuerUrl = checkSiteUrl(input.issuer.url);
  const issuerName = input.issuer.name.trim();
  if (!issuerName) throw invalid('The issuer has no name — set the organisation’s name in the site settings');
  const issuerImage = input.issuer.image;
  if (issuerImage !== undefined && !/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/.test(issuerImage)) {
    throw invalid('The issuer’s logo is not a PNG, JPEG or WebP data: URL — upload the logo again in the organisation settings');
  }

  const assessors = input.assessors.map((a) => a.normalize('NFC').trim()).filter((a) => a.length > 0);
  if (kind !== 'attendance' && assessors.length === 0) {
    throw invalid(`A ${kind === 'full' ? 'course' : 'unit'} certificate needs the name of at least one assessor — pass the assessors who signed off the evidence`);
  }

  const byId = new Map(course.units.map((u) => [u.id, u]));
  let unitIds: string[];
  if (kind === 'full') {
    unitIds = course.units.map((u) => u.id);
  } else if (kind === 'unit') {
    unitIds = [...new Set(input.unitIds ?? [])];
    if (unitIds.length === 0) throw invalid('A unit certificate needs at least one unit — pass unitIds, e.g. ["U1"]');
    const unknown = unitIds.filter((id) => !byId.has(id));
    if (unknown.length > 0) throw invalid(`Unit ${unknown.join(', ')} is not in the course "${course.slug}" — use one of ${[...byId.keys()].join(', ')}`);
  } else {
    unitIds = [];
  }
  const chosen = new Set(unitIds);

  const acc = course.accreditation;
  return {
    format: 1,
    code: parsed.code,
    kind,
    holder: { name, email_hash: emailIdentityHash(input.holderEmail, input.emailSalt), email_salt: input.emailSalt },
    course: { slug: course.slug, title: course.title, version: course.version, language: course.language },
    accreditation:
      acc && kind !== 'attendance'
        ? {
            awarding_body: acc.awarding_body,
            qualification: acc.qualification,
            level: acc.level,
            credits: acc.credits,
            guided_learning_hours: acc.guided_learning_hours,
            total_qualification_time: acc.total_qualification_time,
            regulated: acc.regulated,
            note: acc.note ?? null,
          }
        : null,
    units: course.units
      .filter((u) => chosen.has(u.id))
      .map((u) => ({ id: u.id, title: u.title, credits: u.credits, guided_learning_hours: u.guidedLearningHours })),
    issued_at: issuedAt,
    expires_at: expiresAt,
    issuer: issuerImage ? { name: issuerName, url: issuerUrl, image: issuerImage } : { name: issuerName, url: issuerUrl },
    assessors,
    status_list_index: input.statusListIndex,
  };
}

/** Credits the holder earned with this certificate (sum of the units achieved). */
export function creditsEarned(snapshot: CertificateSnapshot): number {
  return snapshot.units.reduce((sum, u) => sum + u.credits, 0);
}

/** JSON with object keys sorted at every level and no whitespace: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) of the snapshot's canonical JSON: store it beside the snapshot; a different digest means the stored snapshot was changed. */
export function snapshotDigest(snapshot: CertificateSnapshot): string {
  return createHash('sha256').update(canonicalJson(snapshot), 'utf8').digest('hex');
}
