/**
 * The certificate row as lists, pages and checks see it: every field but the (large) signed
 * credential. A leaf module (records.ts only), so the per-person cache can name the type
 * without importing the certificate store.
 */
import type { CertificateRecord } from '../records.ts';

/** Every field but the (large) signed credential: enough for lists, pages and checks. */
export const SUMMARY_FIELDS =
  'id,code,kind,user,course,course_version,unit,snapshot,snapshot_digest,status_index,issued_at,expires_at,revoked_at,revoke_reason,revoked_by,replaces,replaced_by,holder_name_display,created,updated';

/** A certificate row without its signed credential. */
export type CertificateSummary = Pick<
  CertificateRecord,
  | 'id'
  | 'code'
  | 'kind'
  | 'user'
  | 'course'
  | 'course_version'
  | 'unit'
  | 'snapshot'
  | 'snapshot_digest'
  | 'status_index'
  | 'issued_at'
  | 'expires_at'
  | 'revoked_at'
  | 'revoke_reason'
  | 'revoked_by'
  | 'replaces'
  | 'replaced_by'
  | 'holder_name_display'
  | 'created'
  | 'updated'
>;
