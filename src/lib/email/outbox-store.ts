/**
 * The email outbox in PocketBase (`email_outbox`; only the service account may touch it).
 *
 * Other code queues an email with {@link queueEmail}, or, to write it in the same
 * transaction as the change it tells someone about, adds {@link outboxCreateBody} to a
 * PocketBase batch (see requestPasswordResetEmail in ../auth/password-reset-store.ts). The
 * worker (./worker.ts) claims and finishes rows through the two routes in
 * pocketbase/pb_hooks/email.pb.js, which hold the lease rules.
 */
import type { RecordModel } from 'pocketbase';
import { DomainError, fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type * as Schema from '../records.generated.ts';
import { auditFields, type AuditRow } from '../audit-log.ts';
import { readEmailConfig } from './config.ts';
import { messageIdDomain, messageIdFor, newOutboxId, type OutboxStatus } from './outbox.ts';
import { templateDataProblems, type EmailKind } from './templates.ts';
import { hasErrorCode } from '../hook-errors.ts';
import { sendBatch } from '../pb-batch.ts';

export const OUTBOX = 'email_outbox';

export interface EmailOutboxRecord extends Omit<Schema.EmailOutboxFields, 'data' | 'status'>, RecordModel {
  data: Record<string, unknown> | null;
  status: OutboxStatus;
}

export interface QueueEmailInput {
  kind: EmailKind;
  /** The address to send to. */
  to: string;
  /** The account it is for, when there is one (kept so an account's deletion removes its rows). */
  userId?: string;
  /** The template's fields only (see TEMPLATES in ./templates.ts); never private or health text. */
  data: Record<string, string>;
  /** Not before this time (default: now). */
  notBefore?: Date;
}

/** Global hook the running worker sets, so a queued email goes out without waiting for the next poll. */
const NUDGE = Symbol.for('lived-learning.email-worker.nudge');

/** Tells a worker running in this process that there is something to send (no-op without one). */
export function nudgeEmailWorker(): void {
  const nudge = (globalThis as Record<symbol, unknown>)[NUDGE];
  if (typeof nudge === 'function') (nudge as () => void)();
}

/** For ./worker.ts: registers (or clears) the function {@link nudgeEmailWorker} calls. */
export function setEmailWorkerNudge(nudge: (() => void) | undefined): void {
  (globalThis as Record<symbol, unknown>)[NUDGE] = nudge;
}

/**
 * The body of a new outbox row, for `service.collection('email_outbox').create(…)` or for a
 * batch with the change it belongs to. Checks the data first.
 *
 * @throws {DomainError} `invalid` when the data has a field the template does not take, or
 *   one that may never go into an email (reflection, evidence, health…)
 */
export function outboxCreateBody(input: QueueEmailInput, env: Record<string, string | undefined> = process.env): Record<string, unknown> {
  const problems = templateDataProblems(input.kind, input.data);
  if (problems.length > 0) throw new DomainError('invalid', `This email cannot be queued: ${problems.join('; ')}`);
  const to = input.to.trim();
  if (!to.includes('@')) throw new DomainError('invalid', 'This email cannot be queued: the address to send to is missing');
  const config = readEmailConfig(env);
  const id = newOutboxId();
  return {
    id,
    recipient_user: input.userId ?? '',
    to_address: to,
    kind: input.kind,
    data: input.data,
    status: 'queued',
    attempts: 0,
    next_attempt_at: (input.notBefore ?? new Date()).toISOString(),
    message_id: messageIdFor(id, messageIdDomain(config.kind === 'on' ? config.smtp.fromAddress : undefined, config.siteUrl)),
  };
}

/**
 * Queues one email; the worker sends it. This is what the rest of the site calls:
 *
 *     await queueEmail(service, { kind: 'password_reset', to: user.email, userId: user.id, data: { name, resetPath } });
 *
 * @returns the outbox row's id (its Message-ID is `<outbox-<id>@…>`)
 * @throws {DomainError} `invalid` for data an email may not carry; `unavailable` when
 *   PocketBase is down
 */
export async function queueEmail(service: TypedPocketBase, input: QueueEmailInput): Promise<string> {
  const body = outboxCreateBody(input);
  try {
    await service.collection(OUTBOX).create(body, { fields: 'id' });
  } catch (error) {
    throw fromPocketBase(error, 'email');
  }
  nudgeEmailWorker();
  return String(body.id);
}

export interface ClaimOptions {
  owner: string;
  limit: number;
  leaseSeconds: number;
  maxAttempts: number;
}

/** Claims due rows for `owner` (see pb_hooks/email.pb.js). */
export async function claimDueEmails(service: TypedPocketBase, options: ClaimOptions): Promise<EmailOutboxRecord[]> {
  const answer = await service.send<{ items: EmailOutboxRecord[] }>('/api/ll/email-outbox/claim', {
    method: 'POST',
    body: { owner: options.owner, limit: options.limit, leaseSeconds: options.leaseSeconds, maxAttempts: options.maxAttempts },
  });
  return answer.items ?? [];
}

export type Finish =
  | { outcome: 'sent'; messageId: string }
  | { outcome: 'retry'; error: string; nextAttemptAt: Date }
  | { outcome: 'failed'; error: string };

/**
 * Records how a send went. False when this worker had lost the lease (another took the row).
 */
export async function finishEmail(service: TypedPocketBase, id: string, owner: string, finish: Finish): Promise<boolean> {
  try {
    await service.send('/api/ll/email-outbox/finish', {
      method: 'POST',
      body: {
        id,
        owner,
        outcome: finish.outcome,
        ...(finish.outcome === 'sent' ? { messageId: finish.messageId } : { error: finish.error }),
        ...(finish.outcome === 'retry' ? { nextAttemptAt: finish.nextAttemptAt.toISOString() } : {}),
      },
    });
    return true;
  } catch (error) {
    if (hasErrorCode(error, 'lease_lost')) return false;
    throw error;
  }
}

/** One row as the staff page shows it: where it is, never what it says. */
export interface OutboxListRow {
  id: string;
  to: string;
  kind: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string;
  messageId: string;
  sentAt: string;
  created: string;
}

export interface OutboxOverview {
  counts: Record<OutboxStatus, number>;
  rows: OutboxListRow[];
}

const STATUSES: OutboxStatus[] = ['queued', 'sending', 'sent', 'failed'];

/**
 * Counts per status and the newest `limit` rows (optionally of one status), without data.
 *
 * @throws {DomainError} `unavailable` when PocketBase is down
 */
export async function outboxOverview(service: TypedPocketBase, options: { status?: OutboxStatus; limit?: number } = {}): Promise<OutboxOverview> {
  try {
    const countsList = await Promise.all(
      STATUSES.map((status) => service.collection(OUTBOX).getList(1, 1, { filter: service.filter('status = {:status}', { status }), fields: 'id' }).then((r) => r.totalItems)),
    );
    const counts = Object.fromEntries(STATUSES.map((status, i) => [status, countsList[i] ?? 0])) as Record<OutboxStatus, number>;
    const list = await service.collection(OUTBOX).getList<EmailOutboxRecord>(1, options.limit ?? 100, {
      skipTotal: true,
      sort: '-created',
      fields: 'id,to_address,kind,status,attempts,next_attempt_at,last_error,message_id,sent_at,created',
      ...(options.status ? { filter: service.filter('status = {:status}', { status: options.status }) } : {}),
    });
    return {
      counts,
      rows: list.items.map((r) => ({
        id: r.id,
        to: r.to_address,
        kind: r.kind,
        status: r.status,
        attempts: r.attempts ?? 0,
        nextAttemptAt: r.next_attempt_at,
        lastError: r.last_error,
        messageId: r.message_id,
        sentAt: r.sent_at,
        created: r.created,
      })),
    };
  } catch (error) {
    throw fromPocketBase(error, 'email outbox');
  }
}

/**
 * Rows, the emails about them and an audit row in ONE PocketBase batch (one transaction), so
 * there is never a link without its email or an email without its link; then the worker is
 * nudged. `audit` gets the outbox ids, to name them in its details.
 *
 * @returns the outbox ids, in the order of `emails`
 * @throws {DomainError} `invalid` for an email that cannot be queued; PocketBase's error as is
 */
export async function createWithEmails(
  service: TypedPocketBase,
  plan: { rows?: { collection: string; body: Record<string, unknown> }[]; emails: QueueEmailInput[]; audit: (outboxIds: string[]) => AuditRow },
): Promise<string[]> {
  const bodies = plan.emails.map((email) => outboxCreateBody(email));
  const ids = bodies.map((body) => String(body.id));
  const batch = service.createBatch();
  for (const row of plan.rows ?? []) batch.collection(row.collection).create(row.body);
  for (const body of bodies) batch.collection(OUTBOX).create(body);
  batch.collection('audit_log').create(auditFields(plan.audit(ids)));
  await sendBatch(batch);
  nudgeEmailWorker();
  return ids;
}
