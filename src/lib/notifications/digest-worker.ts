/**
 * The notification email sender: runs in the web server's process next to the outbox worker
 * (scripts/server.ts starts both). Every minute (NOTIFY_EMAIL_POLL_MS) it writes the emails
 * due now into the outbox (./digest-store.ts); the outbox worker sends them.
 *
 * The clock: the real one, except in tests. When NODE_ENV=test AND TEST_CLOCK_FILE names a
 * file, the time is read from that file (an ISO date) at each step, so an end-to-end test can
 * move "now" to the next morning. In any other NODE_ENV the variable is ignored, with a warning.
 */
import { readFileSync } from 'node:fs';
import { readEmailConfig } from '../email/config.ts';
import { describeSendError } from '../email/outbox.ts';
import { serviceClient } from '../pb-service.ts';
import type { TypedPocketBase } from '../pb.ts';
import { startPollingWorker, stopPollingWorker, type PollingWorker } from '../server/polling-worker.ts';
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

/** The clock this process uses: the real one, or the test clock file (NODE_ENV=test only). */
export function clockFromEnv(env: Record<string, string | undefined>, log: (line: string) => void = () => {}): () => Date {
  const file = env.TEST_CLOCK_FILE?.trim();
  if (!file) return () => new Date();
  if (env.NODE_ENV !== 'test') {
    log('[notify] TEST_CLOCK_FILE is ignored: it only works when NODE_ENV=test.');
    return () => new Date();
  }
  return () => {
    try {
      const text = readFileSync(file, 'utf8').trim();
      const date = new Date(text);
      return Number.isNaN(date.getTime()) ? new Date() : date;
    } catch {
      return new Date();
    }
  };
}

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
      const run = await sendDueNotificationEmails(await connect(), { now: now(), env });
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
