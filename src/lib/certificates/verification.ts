/**
 * What a person (or a program) checking a certificate is told: its status and the facts the
 * certificate itself carries, nothing more. Pure: the stored row comes from
 * verify-service.ts; the same result feeds the /verify page, the JSON API and the bulk check.
 *
 * Status, most serious first: `revoked` (withdrawn by the issuer), `expired` (past its
 * `expires_at`), `valid`. A code that fails its check character is `invalid_code` and is
 * never looked up; a well-formed code nobody holds is `not_found`. Both unknown cases have
 * the same shape (`certificate: null`), so a response tells nothing about other codes.
 */
import { certificatesEn, type VerifyStatusName } from '../i18n/certificates.ts';
import { formatCode } from './code.ts';
import { certificateTitle, credentialUrl, rqfLevelName, verifyUrl } from './credential.ts';
import { shownHolderName, type ShownName } from './holder-name.ts';
import { creditsEarned, type CertificateKind, type CertificateSnapshot } from './snapshot.ts';
import { pocketBaseTime } from '../dates.ts';

export type VerifyStatus = VerifyStatusName;

/** The fields of a stored certificate that verification reads. */
export interface StoredCertificate {
  code: string;
  snapshot: CertificateSnapshot;
  revoked_at: string;
  revoke_reason: string;
  holder_name_display: string;
  /** The code of the corrected certificate that replaced this one, if any. */
  replacedByCode?: string | null;
}

export interface PublicAccreditation {
  awarding_body: string;
  qualification: string;
  level: string;
  level_name: string;
  /** Credits this certificate awards (all for a full certificate; the units' for a unit certificate). */
  credits: number;
  /** Credits of the whole qualification. */
  credits_available: number;
  guided_learning_hours: number;
  regulated: boolean;
}

export interface PublicCertificate {
  kind: CertificateKind;
  title: string;
  course: { title: string; version: string };
  accreditation: PublicAccreditation | null;
  units: { id: string; title: string; credits: number; guided_learning_hours: number }[];
  issued_at: string;
  expires_at: string | null;
  issuer: { name: string; url: string };
  holder: ShownName;
  revocation: { revoked_at: string; reason: string } | null;
  /** Code of the corrected certificate that replaces this one. */
  replaced_by: string | null;
  verify_url: string;
  credential_url: string;
}

export interface VerifyResult {
  status: VerifyStatus;
  /** Formatted code (`7K3M-Q9TX-ZB2R-4WH1`), or null when what was typed is not a code. */
  code: string | null;
  /** One plain sentence about the status. */
  message: string;
  certificate: PublicCertificate | null;
}

const t = certificatesEn.verify;

/** `2026-11-23 14:05:00.000Z` (PocketBase) or ISO → epoch ms; NaN when empty. */
const time = pocketBaseTime;

/** Revoked beats expired beats valid. */
export function certificateStatus(stored: Pick<StoredCertificate, 'revoked_at' | 'snapshot'>, now: Date): 'valid' | 'revoked' | 'expired' {
  if (stored.revoked_at) return 'revoked';
  const expires = time(stored.snapshot.expires_at);
  if (!Number.isNaN(expires) && now.getTime() >= expires) return 'expired';
  return 'valid';
}

/** ISO 8601 with whole seconds, from PocketBase's date format. */
export function isoDate(value: string): string {
  const ms = time(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The public facts of a certificate, as the holder chose to show their name. */
export function publicCertificate(stored: StoredCertificate, typedSurname?: string | null): PublicCertificate {
  const s = stored.snapshot;
  const acc = s.accreditation;
  const site = s.issuer.url;
  return {
    kind: s.kind,
    title: certificateTitle(s),
    course: { title: s.course.title, version: s.course.version },
    accreditation: acc
      ? {
          awarding_body: acc.awarding_body,
          qualification: acc.qualification,
          level: acc.level,
          level_name: rqfLevelName(acc.level),
          credits: s.kind === 'full' ? acc.credits : creditsEarned(s),
          credits_available: acc.credits,
          guided_learning_hours: s.kind === 'full' ? acc.guided_learning_hours : s.units.reduce((sum, u) => sum + u.guided_learning_hours, 0),
          regulated: acc.regulated,
        }
      : null,
    units: s.units.map((u) => ({ id: u.id, title: u.title, credits: u.credits, guided_learning_hours: u.guided_learning_hours })),
    issued_at: s.issued_at,
    expires_at: s.expires_at,
    issuer: { name: s.issuer.name, url: s.issuer.url },
    holder: shownHolderName(s.holder.name, stored.holder_name_display, typedSurname),
    revocation: stored.revoked_at ? { revoked_at: isoDate(stored.revoked_at), reason: stored.revoke_reason } : null,
    replaced_by: stored.replacedByCode ? formatCode(stored.replacedByCode) : null,
    verify_url: verifyUrl(site, stored.code),
    credential_url: credentialUrl(site, stored.code),
  };
}

/** The answer for a stored certificate. */
export function verifyStored(stored: StoredCertificate, now: Date, typedSurname?: string | null): VerifyResult {
  const status = certificateStatus(stored, now);
  return { status, code: formatCode(stored.code), message: t.messages[status], certificate: publicCertificate(stored, typedSurname) };
}

/** The answer for a well-formed code nobody holds. */
export function notFound(code: string): VerifyResult {
  return { status: 'not_found', code: formatCode(code), message: t.messages.not_found, certificate: null };
}

/** The answer for text that is not a certificate code (the check character caught it); never looked up. */
export function invalidCode(message: string): VerifyResult {
  return { status: 'invalid_code', code: null, message, certificate: null };
}
