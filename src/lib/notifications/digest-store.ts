/**
 * The notification email sender's one step (run by ./digest-worker.ts; tests call it with their
 * own clock): reads unread notifications no email has been about yet, each person's choices,
 * plans the emails due at `now` (./email-prefs.ts), and for each person writes the outbox row
 * AND stamps `emailed_at` on the notifications it covers in ONE PocketBase batch, so a
 * notification is emailed at most once even if two steps overlap (two web servers: PocketBase
 * refuses a second `emailed_at`, pb_hooks/notifications.pb.js) or the process dies.
 * Notifications in a category the person switched off are stamped without an email.
 *
 * The email says only which kinds of thing are waiting, how many, and links to sign in; the
 * notifications themselves hold no text (pb_hooks/notifications.pb.js).
 */
import { readEmailConfig } from '../email/config.ts';
import { nudgeEmailWorker, outboxCreateBody } from '../email/outbox-store.ts';
import { listByIds } from '../cohorts/batches.ts';
import { orgTimeZone, parsePocketBaseDate } from '../dates.ts';
import { fromPocketBase } from '../errors.ts';
import { batchRefusedWith } from '../hook-errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { NotificationRecord } from '../records.ts';
import { encodeCounts, planEmails, resolvePrefs, scheduleFromEnv, type EmailCategory, type Person, type SettingsRow } from './email-prefs.ts';
import { SETTINGS } from './email-prefs-store.ts';
import { unsubscribePath } from './unsubscribe.ts';
import { unsubscribeSecret } from './unsubscribe-secret.ts';
import { sendBatch } from '../pb-batch.ts';

/** PocketBase's batch limit is 300 requests (migration 1795435420); stay well under it. */
const MAX_BATCH = 200;

export interface DigestRun {
  emails: number;
  notifications: number;
  settled: number;
}

export interface DigestOptions {
  now: Date;
  env?: Record<string, string | undefined>;
  timeZone?: string;
  secret?: Buffer;
}

/**
 * Writes every notification email due at `now` into the outbox. Does nothing when email is off.
 *
 * @throws {DomainError} `unavailable` when PocketBase is down (nothing half-written: each
 *   person's email and stamps are one batch)
 */
export async function sendDueNotificationEmails(service: TypedPocketBase, options: DigestOptions): Promise<DigestRun> {
  const env = options.env ?? process.env;
  const run: DigestRun = { emails: 0, notifications: 0, settled: 0 };
  if (readEmailConfig(env).kind !== 'on') return run;
  const timeZone = options.timeZone ?? orgTimeZone();
  const secret = options.secret ?? unsubscribeSecret(env);
  let pending: NotificationRecord[];
  const people = new Map<string, Person>();
  try {
    pending = await service.collection('notifications').getFullList<NotificationRecord>({
      filter: 'emailed_at = "" && read_at = ""',
      fields: 'id,user,kind,created',
      batch: 1000,
    });
    if (pending.length === 0) return run;
    const ids = [...new Set(pending.map((n) => n.user))];
    const [users, settings] = await Promise.all([
      listByIds<{ id: string; email: string; display_name: string } & import('pocketbase').RecordModel>(service, 'users', { field: 'id', ids, fields: 'id,email,display_name' }),
      listByIds<SettingsRow & { user: string } & import('pocketbase').RecordModel>(service, SETTINGS, { field: 'user', ids }),
    ]);
    const byUser = new Map(settings.map((s) => [s.user, s]));
    for (const u of users) people.set(u.id, { email: u.email, name: u.display_name ?? '', prefs: resolvePrefs(byUser.get(u.id)) });
  } catch (error) {
    throw fromPocketBase(error, 'notifications');
  }

  const plan = planEmails({
    now: options.now,
    timeZone,
    schedule: scheduleFromEnv(env),
    people,
    notifications: pending.map((n) => ({ id: n.id, user: n.user, kind: n.kind, created: parsePocketBaseDate(n.created) ?? options.now })),
  });
  const stamp = options.now.toISOString();

  let batch = service.createBatch();
  let size = 0;
  let counted = { emails: 0, notifications: 0, settled: 0 };
  const flush = async () => {
    if (size === 0) return;
    try {
      await sendBatch(batch);
    } catch (error) {
      // Another web server emailed about some of these first (pb_hooks/notifications.pb.js):
      // nothing of this batch was written; what is still due is planned again next step.
      if (!batchRefusedWith(error, 'notification_already_emailed')) throw fromPocketBase(error, 'notifications');
      run.emails -= counted.emails;
      run.notifications -= counted.notifications;
      run.settled -= counted.settled;
    }
    batch = service.createBatch();
    size = 0;
    counted = { emails: 0, notifications: 0, settled: 0 };
  };
  for (const email of plan.emails) {
    const ops = 1 + email.notificationIds.length;
    if (size + ops > MAX_BATCH) await flush();
    const categories = email.counts.map(([c]) => c) as EmailCategory[];
    batch.collection('email_outbox').create(
      outboxCreateBody(
        {
          kind: 'notifications',
          to: email.to,
          userId: email.user,
          data: { name: email.name, cadence: email.cadence, counts: encodeCounts(email.counts), unsubscribePath: unsubscribePath(secret, email.user, categories) },
        },
        env,
      ),
    );
    for (const id of email.notificationIds) batch.collection('notifications').update(id, { emailed_at: stamp });
    size += ops;
    run.emails += 1;
    run.notifications += email.notificationIds.length;
    counted.emails += 1;
    counted.notifications += email.notificationIds.length;
    // A single person with more than the batch holds: their email and stamps still go together.
    if (size >= MAX_BATCH) await flush();
  }
  for (const id of plan.settled) {
    if (size + 1 > MAX_BATCH) await flush();
    batch.collection('notifications').update(id, { emailed_at: stamp });
    size += 1;
    run.settled += 1;
    counted.settled += 1;
  }
  await flush();
  if (run.emails > 0) nudgeEmailWorker();
  return run;
}
