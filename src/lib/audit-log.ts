/**
 * Writing the audit log: the one place that appends an `audit_log` row (service client; the
 * collection takes no other writes). Reading it is src/lib/qa/audit-store.ts; the assessment
 * hooks write their own rows in pocketbase/pb_hooks/audit.pb.js.
 */
import { fromPocketBase } from './errors.ts';
import type { TypedPocketBase } from './pb.ts';
import type { UserRecord } from './records.ts';

/** One row to append. */
export interface AuditRow {
  /** Who acted; null for the service itself. */
  actor: (Pick<UserRecord, 'id'> & Partial<Pick<UserRecord, 'display_name' | 'email'>>) | null;
  /** The name to record, when the caller words it itself; otherwise see `auditActorName`. */
  actorName?: string;
  /** `<noun>.<verb>`, e.g. `certificate.issue`. */
  action: string;
  target_collection: string;
  /** The record acted on ("-" is stored when there is none). */
  target_id: string;
  /** The cohort the change belongs to, or "". */
  cohort?: string;
  /** Small facts; never file contents or reflection text. */
  details: Record<string, unknown>;
}

/** The name an audit row records: display name, else email, else id; "service" for no actor. */
export function auditActorName(actor: AuditRow['actor']): string {
  if (!actor) return 'service';
  return actor.display_name || actor.email || actor.id;
}

/** The stored fields of a row. */
export function auditFields(row: AuditRow) {
  return {
    actor: row.actor?.id ?? '',
    actor_name: row.actorName || auditActorName(row.actor),
    action: row.action,
    target_collection: row.target_collection,
    target_id: row.target_id || '-',
    cohort: row.cohort ?? '',
    details: row.details,
  };
}

/**
 * Appends an audit row.
 *
 * @throws {DomainError} when it cannot be written (`unavailable` when PocketBase is down)
 */
export async function writeAudit(service: TypedPocketBase, row: AuditRow): Promise<void> {
  try {
    await service.collection('audit_log').create(auditFields(row), { fields: 'id' });
  } catch (error) {
    throw fromPocketBase(error, 'audit entry');
  }
}
