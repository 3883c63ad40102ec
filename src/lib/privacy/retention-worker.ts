/**
 * The daily retention job (docs/PRIVACY.md, "How long things are kept"): runs in the web
 * server's process next to the email outbox worker (scripts/server.ts starts both; under
 * `npm run dev`, the middleware's first request). Every hour (RETENTION_POLL_MS) it reads the
 * settings; when the job is switched on and its last run was a day ago or more, it runs
 * (retention-store.ts), which deletes what is due and writes one audit row with counts.
 *
 * Why here and not a PocketBase cron hook: the selection is TypeScript (src/lib/privacy/
 * retention.ts, unit-tested with a test clock) and the admin page's dry run must use the very
 * same code; a pb_hooks copy in PocketBase's JavaScript would be a second implementation to keep
 * in step. Deleting through PocketBase's API keeps every hook and cascade in force.
 *
 * The clock: the real one, except under NODE_ENV=test with TEST_CLOCK_FILE (see
 * ../server/clock.ts).
 */
import { describeSendError } from '../email/outbox.ts';
import { serviceClient } from '../pb-service.ts';
import type { TypedPocketBase } from '../pb.ts';
import { clockFromEnv } from '../server/clock.ts';
import { startPollingWorker, stopPollingWorker, type PollingWorker } from '../server/polling-worker.ts';
import { retentionRunDue } from './retention.ts';
import { retentionSettings, runRetention } from './retention-store.ts';

export type RetentionWorker = PollingWorker;

export interface StartRetentionWorkerOptions {
  env?: Record<string, string | undefined>;
  connect?: () => Promise<TypedPocketBase>;
  log?: (line: string) => void;
  now?: () => Date;
}

const RUNNING = Symbol.for('lived-learning.retention-worker');

/** The clock pages and the job use: the real one, or the test clock file (NODE_ENV=test only). */
export function retentionClock(env: Record<string, string | undefined> = process.env): () => Date {
  return clockFromEnv(env);
}

/** One step: runs the job when it is due. Returns the counts of a run, or undefined. */
export async function retentionStep(service: TypedPocketBase, now: Date, log: (line: string) => void): Promise<boolean> {
  const settings = await retentionSettings(service);
  if (!retentionRunDue(settings, now)) return false;
  const run = await runRetention(service, { now, dryRun: false, actor: null, log });
  const c = run.counts;
  log(`[retention] Deleted ${c.reflections} reflection(s) (${c.reflection_versions} earlier version(s)), ${c.evidence} evidence row(s) (${c.evidence_files} file(s)) and ${c.groups} archived group(s).`);
  return true;
}

export function startRetentionWorker(options: StartRetentionWorkerOptions = {}): RetentionWorker {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? clockFromEnv(env, log);
  const connect = options.connect ?? serviceClient;
  const pollMs = Math.max(50, Number(env.RETENTION_POLL_MS) || 60 * 60_000);
  return startPollingWorker(
    RUNNING,
    pollMs,
    async () => {
      await retentionStep(await connect(), now(), log);
    },
    (error, first) => {
      if (first) log(`[retention] The retention job could not run (${describeSendError(error)}); trying again later.`);
    },
  );
}

export async function stopRetentionWorker(): Promise<void> {
  await stopPollingWorker(RUNNING);
}
