/**
 * The Open Badges 3.0 credential for a certificate (an `OpenBadgeCredential`, W3C Verifiable
 * Credentials Data Model 2.0), built from its snapshot, signed with the site's key, and
 * checked offline against the issuer's DID document and, when given, the revocation list.
 *
 * What goes where (Open Badges 3.0 terms):
 * - the qualification, course or units → `credentialSubject.achievement` (`achievementType`
 *   Award / Certificate / Diploma by RQF size, `creditsAvailable`, an `alignment` to the RQF
 *   level, one `resultDescription` per unit);
 * - the holder → `credentialSubject.name` and a salted email hash in `identifier`;
 *   each unit achieved → a `result` with status Completed; credits → `creditsEarned`;
 * - the assessors → one `evidence` entry.
 */
import { qualificationSize } from '../courses/course.ts';
import { CREDENTIALS_V2, OPEN_BADGES_V3 } from './contexts.ts';
import { siteDid, type DidDocument } from './did.ts';
import { checkProof, signDocument, type SignedDocument, type SigningKey } from './proof.ts';
import { creditsEarned, type CertificateSnapshot } from './snapshot.ts';
import { checkRevocation, statusListUrl } from './status-list.ts';
import { formatForPeople } from '../dates.ts';

/** Where RQF levels are described, for the alignment's `targetUrl`. */
export const RQF_URL = 'https://www.gov.uk/what-different-qualification-levels-mean/list-of-qualification-levels';

export type UnsignedCredential = Record<string, unknown> & { id: string; credentialSubject: Record<string, unknown> };

/** `https://site/credentials/7K3MQ9TXZB2R4WH1`: where the site serves the signed credential. */
export function credentialUrl(siteUrl: string, code: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/credentials/${code}`;
}

/** `https://site/verify/7K3MQ9TXZB2R4WH1`: the page a person (or the QR code) opens to check a certificate. */
export function verifyUrl(siteUrl: string, code: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/verify/${code}`;
}

/** "RQF Level 3", "RQF Entry Level 1". */
export function rqfLevelName(level: string): string {
  const entry = /^entry-(\d)$/.exec(level);
  return entry ? `RQF Entry Level ${entry[1]}` : `RQF Level ${level}`;
}

const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the certificate is called: the credential's and the PDF's title. */
export function certificateTitle(snapshot: CertificateSnapshot): string {
  const acc = snapshot.accreditation;
  switch (snapshot.kind) {
    case 'full':
      return acc?.qualification ?? snapshot.course.title;
    case 'unit': {
      const of = acc?.qualification ?? snapshot.course.title;
      const only = snapshot.units.length === 1 ? snapshot.units[0] : undefined;
      return only ? `Unit ${only.id}: ${only.title}` : `${plural(snapshot.units.length, 'unit')} of ${of}`;
    }
    case 'attendance':
      return `Certificate of attendance: ${snapshot.course.title}`;
  }
}

function achievementId(siteUrl: string, snapshot: CertificateSnapshot): string {
  const base = `${siteUrl.replace(/\/+$/, '')}/courses/${snapshot.course.slug}/achievements`;
  if (snapshot.kind === 'unit') return `${base}/units/${snapshot.units.map((u) => encodeURIComponent(u.id)).join('+')}`;
  return `${base}/${snapshot.kind}`;
}

function description(snapshot: CertificateSnapshot): string {
  const acc = snapshot.accreditation;
  const course = snapshot.course.title;
  const units = snapshot.units.map((u) => `${u.id} ${u.title}${acc ? ` (${plural(u.credits, 'credit')})` : ''}`);
  const regulated = acc ? (acc.regulated ? ' It is a regulated qualification.' : '') + (acc.note ? ` ${acc.note}` : '') : '';
  switch (snapshot.kind) {
    case 'full':
      return acc
        ? `${acc.qualification}, ${rqfLevelName(acc.level)}: ${plural(acc.credits, 'credit')}, ${acc.guided_learning_hours} guided learning hours, ${acc.total_qualification_time} hours total qualification time. Awarded by ${acc.awarding_body} for the course ${course}.${regulated}`
        : `Completed every unit of the course ${course}: ${list(units)}.`;
    case 'unit':
      return acc
        ? `${plural(creditsEarned(snapshot), 'credit')} towards ${acc.qualification} (${rqfLevelName(acc.level)}), awarded by ${acc.awarding_body}: ${list(units)}.${regulated}`
        : `Completed ${snapshot.units.length === 1 ? 'a unit' : 'units'} of the course ${course}: ${list(units)}.`;
    case 'attendance':
      return `Took part in the course ${course}. A certificate of attendance: it does not award credits or a qualification.`;
  }
}

function criteria(snapshot: CertificateSnapshot): string {
  switch (snapshot.kind) {
    case 'full':
      return `Met every assessment criterion of every unit of ${snapshot.course.title}, as judged by an assessor from the learner’s evidence.`;
    case 'unit':
      return `Met every assessment criterion of the ${snapshot.units.length === 1 ? 'unit' : 'units'} named, as judged by an assessor from the learner’s evidence.`;
    case 'attendance':
      return `Attended the course ${snapshot.course.title}.`;
  }
}

function achievementType(snapshot: CertificateSnapshot): string {
  if (snapshot.kind === 'full' && snapshot.accreditation) return qualificationSize(snapshot.accreditation.credits);
  if (snapshot.kind === 'unit') return 'Achievement';
  return 'CertificateOfCompletion';
}

/**
 * The unsigned OpenBadgeCredential for a certificate. Deterministic: the same snapshot and
 * site give the same credential.
 *
 * @throws {DomainError} `invalid` if the site URL is not an https address
 */
export function buildCredential(snapshot: CertificateSnapshot, options: { siteUrl: string }): UnsignedCredential {
  const siteUrl = options.siteUrl.replace(/\/+$/, '');
  const did = siteDid(siteUrl);
  const acc = snapshot.accreditation;
  const id = achievementId(siteUrl, snapshot);
  const unitResultId = (unitId: string) => `${id}#unit-${encodeURIComponent(unitId)}`;

  const achievement: Record<string, unknown> = {
    id,
    type: ['Achievement'],
    achievementType: achievementType(snapshot),
    name: certificateTitle(snapshot),
    description: description(snapshot),
    criteria: { narrative: criteria(snapshot) },
    inLanguage: snapshot.course.language,
    version: snapshot.course.version,
  };
  if (acc) {
    achievement.creditsAvailable = snapshot.kind === 'full' ? acc.credits : creditsEarned(snapshot);
    achievement.alignment = [
      {
        type: ['Alignment'],
        targetName: rqfLevelName(acc.level),
        targetFramework: 'Regulated Qualifications Framework (England and Northern Ireland)',
        targetCode: acc.level,
        targetDescription: acc.regulated
          ? `A qualification regulated at ${rqfLevelName(acc.level)}.`
          : `Designed to the size and demand of ${rqfLevelName(acc.level)}; not an Ofqual-regulated qualification.`,
        targetUrl: RQF_URL,
      },
    ];
  }
  if (snapshot.units.length > 0) {
    achievement.resultDescription = snapshot.units.map((u) => ({
      id: unitResultId(u.id),
      type: ['ResultDescription'],
      name: `Unit ${u.id}: ${u.title}${acc ? ` (${plural(u.credits, 'credit')}, ${u.guided_learning_hours} guided learning hours)` : ''}`,
      resultType: 'Status',
    }));
  }

  const subject: Record<string, unknown> = {
    type: ['AchievementSubject'],
    name: snapshot.holder.name,
    identifier: [
      {
        type: 'IdentityObject',
        identityHash: snapshot.holder.email_hash,
        identityType: 'emailAddress',
        hashed: true,
        salt: snapshot.holder.email_salt,
      },
    ],
    achievement,
  };
  if (snapshot.units.length > 0) {
    subject.result = snapshot.units.map((u) => ({ type: ['Result'], resultDescription: unitResultId(u.id), status: 'Completed' }));
  }
  if (acc && snapshot.units.length > 0) subject.creditsEarned = creditsEarned(snapshot);

  const statusList = statusListUrl(siteUrl);
  const credential: UnsignedCredential = {
    '@context': [CREDENTIALS_V2, OPEN_BADGES_V3],
    id: credentialUrl(siteUrl, snapshot.code),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: snapshot.kind === 'unit' ? `Unit certificate: ${certificateTitle(snapshot)}` : certificateTitle(snapshot),
    issuer: {
      id: did,
      type: ['Profile'],
      name: snapshot.issuer.name,
      url: snapshot.issuer.url,
      ...(snapshot.issuer.image ? { image: { id: snapshot.issuer.image, type: 'Image', caption: `${snapshot.issuer.name} logo` } } : {}),
    },
    validFrom: snapshot.issued_at,
    ...(snapshot.expires_at ? { validUntil: snapshot.expires_at } : {}),
    credentialSubject: subject,
    credentialStatus: {
      id: `${statusList}#${snapshot.status_list_index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(snapshot.status_list_index),
      statusListCredential: statusList,
    },
  };
  if (snapshot.assessors.length > 0) {
    credential.evidence = [{ type: ['Evidence'], name: 'Assessment', narrative: `Evidence assessed by ${list(snapshot.assessors)}.` }];
  }
  return credential;
}

/**
 * Signs a credential with the site's key (`DataIntegrityProof`, `eddsa-rdfc-2022`); `proof`
 * comes back as an array, as the Open Badges schema requires.
 *
 * @throws {Error} if the issuer id is missing or a property is not defined by the bundled contexts
 */
export async function signCredential(unsigned: Record<string, unknown>, keyPair: SigningKey, options: { date?: Date } = {}): Promise<SignedDocument> {
  return signDocument(unsigned, keyPair, options);
}

export const PROBLEM_TAMPERED = 'The signature does not match: the credential was changed after it was signed';
export const PROBLEM_DIFFERENT_KEY = 'Signed by a different key than the issuer publishes';
export const PROBLEM_UNSIGNED = 'This certificate has no signature, so it cannot be trusted';
export const PROBLEM_REVOKED = 'This certificate was revoked';

/** "3 March 2027", in the organisation's time zone (src/lib/dates.ts). */
export function formatDate(iso: string | Date): string {
  return formatForPeople(iso, { day: 'numeric', month: 'long', year: 'numeric' });
}

export interface VerifyOptions {
  /** The issuer's DID document (from `<site>/.well-known/did.json`). */
  didDocument: DidDocument;
  /** The signed revocation list credential (from the URL in `credentialStatus`); without it revocation is not checked. */
  statusList?: Record<string, unknown>;
  /** The time to judge expiry at; defaults to now. */
  now?: Date;
}

export interface VerifyResult {
  verified: boolean;
  /** Plain-English sentences, most serious first; empty when verified. */
  problems: string[];
  /** `not-checked` when no status list was given. */
  status: 'active' | 'revoked' | 'unknown' | 'not-checked';
  /** Library messages behind a signature failure, for logs. */
  details: string[];
}

/** Clocks may differ this much before a certificate counts as not yet valid or expired. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * Verifies a signed certificate offline: the signature against the issuer's DID document,
 * the validity dates, and revocation when a status list is given. Never throws for a bad
 * credential; every problem comes back as a sentence.
 */
export async function verifyCredential(credential: unknown, options: VerifyOptions): Promise<VerifyResult> {
  if (!credential || typeof credential !== 'object' || Array.isArray(credential)) {
    return { verified: false, problems: ['This is not a certificate credential (it is not a JSON object)'], status: 'unknown', details: [] };
  }
  const doc = credential as Record<string, unknown>;
  const problems: string[] = [];
  const types = ([] as unknown[]).concat(doc.type ?? []);
  if (!types.includes('OpenBadgeCredential') && !types.includes('AchievementCredential')) {
    problems.push('This is not an Open Badges certificate (its type is not OpenBadgeCredential)');
  }

  const proof = await checkProof(doc, options.didDocument);
  for (const p of proof.problems) {
    if (p === 'tampered') problems.push(PROBLEM_TAMPERED);
    if (p === 'different-key') problems.push(PROBLEM_DIFFERENT_KEY);
    if (p === 'unsigned') problems.push(PROBLEM_UNSIGNED);
    if (p === 'different-issuer') {
      const issuer = (doc.issuer as { id?: unknown } | undefined)?.id ?? doc.issuer;
      problems.push(`This certificate names ${String(issuer)} as its issuer, but the DID document given belongs to ${options.didDocument.id}: use the DID document from the issuer’s own site`);
    }
  }

  const now = (options.now ?? new Date()).getTime();
  const validUntil = typeof doc.validUntil === 'string' ? new Date(doc.validUntil) : undefined;
  const validFrom = typeof doc.validFrom === 'string' ? new Date(doc.validFrom) : undefined;
  if (validUntil && !Number.isNaN(validUntil.getTime()) && now > validUntil.getTime() + CLOCK_SKEW_MS) {
    problems.push(`This certificate expired on ${formatDate(validUntil)}`);
  }
  if (validFrom && !Number.isNaN(validFrom.getTime()) && now + CLOCK_SKEW_MS < validFrom.getTime()) {
    problems.push(`This certificate is not valid until ${formatDate(validFrom)}`);
  }

  let status: VerifyResult['status'] = 'not-checked';
  if (options.statusList) {
    const result = await checkRevocation(doc, options.statusList, options.didDocument);
    status = result.state;
    if (result.state === 'revoked') problems.push(PROBLEM_REVOKED);
    problems.push(...result.problems);
  }
  return { verified: problems.length === 0, problems, status, details: proof.details };
}

/** The facts a person checking wants in one line, read from a credential (trust it only once verified). */
export function describeCredential(credential: Record<string, unknown>): { holder: string; achievement: string; issued: string; issuer: string } {
  const subject = (credential.credentialSubject ?? {}) as { name?: unknown; achievement?: { name?: unknown } };
  const issuer = credential.issuer as { name?: unknown; id?: unknown } | string | undefined;
  const validFrom = typeof credential.validFrom === 'string' ? credential.validFrom : undefined;
  return {
    holder: typeof subject.name === 'string' ? subject.name : 'the holder',
    achievement: typeof subject.achievement?.name === 'string' ? subject.achievement.name : String(credential.name ?? 'a certificate'),
    issued: validFrom && !Number.isNaN(Date.parse(validFrom)) ? formatDate(validFrom) : 'on an unknown date',
    issuer: typeof issuer === 'string' ? issuer : typeof issuer?.name === 'string' ? issuer.name : String(issuer?.id ?? 'an unknown issuer'),
  };
}
