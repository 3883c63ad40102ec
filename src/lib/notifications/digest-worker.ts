/**
 * The notification email sender: runs in the web server's process next to the outbox worker
 * (scripts/server.ts starts both). Every minute (NOTIFY_EMAIL_POLL_MS) it writes the emails
 * due now into the outbox (./digest-store.ts); the outbox worker sends them. Before that, it
 * turns follow-up questionnaires that have opened into notifications (../impact/reminders-store.ts).
 *
 * The clock: the real one, except in tests (../server/clock.ts).
 */
import { readEmailConfig } from '../email/config.ts';
import { describeSendError } from '../email/outbox.ts';
import { serviceClient } from '../pb-service.ts';
import type { TypedPocketBase } from '../pb.ts';
import { clockFromEnv } from '../server/clock.ts';
import { startPollingWorker, stopPollingWorker, type PollingWorker } from '../server/polling-worker.ts';
import { sendFollowUpReminders } from '../impact/reminders-store.ts';
import { getCatalogue } from '../site/catalogue.ts';
import { sendDueNotificationEmails } from './digest-store.ts';

export type DigestWorker = PollingWorker;

export interface StartDigestWorkerOptions {
  env?: Record<string, string | undefined>;
  connect?: () => Promise<TypedPocketBase>;
  log?: (line: string) => void;
  /** The clock (default: see above). */
  now?: () => Date;
}

const RUNNING = Symbol.for('lived-learning.digest-worker');

export function startDigestWorker(options: StartDigestWorkerOptions = {}): DigestWorker | undefined {
  const running = (globalThis as Record<symbol, unknown>)[RUNNING];
  if (running) return running as DigestWorker;
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  if (readEmailConfig(env).kind !== 'on') return undefined;
  const now = options.now ?? clockFromEnv(env, log);
  const connect = options.connect ?? serviceClient;
  const pollMs = Math.max(50, Number(env.NOTIFY_EMAIL_POLL_MS) || 60_000);
  return startPollingWorker(
    RUNNING,
    pollMs,
    async () => {
      const service = await connect();
      // Follow-up questionnaires that opened become notifications first, so this run emails them.
      const reminders = await sendFollowUpReminders(service, getCatalogue().courses(), now());
      if (reminders > 0) log(`[notify] ${reminders} follow-up questionnaire reminder(s) added.`);
      const run = await sendDueNotificationEmails(service, { now: now(), env });
      if (run.emails > 0) log(`[notify] Queued ${run.emails} notification email(s) about ${run.notifications} notification(s).`);
    },
    (error, first) => {
      if (first) log(`[notify] Could not prepare notification emails (${describeSendError(error)}); trying again.`);
    },
  );
}

export async function stopDigestWorker(): Promise<void> {
  await stopPollingWorker(RUNNING);
}
