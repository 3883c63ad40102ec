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
 * ../notifications/digest-worker.ts, clockFromEnv).
 */
import { describeSendError } from '../email/outbox.ts';
import { clockFromEnv } from '../notifications/digest-worker.ts';
import { serviceClient } from '../pb-service.ts';
import type { TypedPocketBase } from '../pb.ts';
import { retentionRunDue } from './retention.ts';
import { retentionSettings, runRetention } from './retention-store.ts';

export interface RetentionWorker {
  stop(): Promise<void>;
  nudge(): void;
}

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
  const global = globalThis as Record<symbol, unknown>;
  if (global[RUNNING]) return global[RUNNING] as RetentionWorker;
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? clockFromEnv(env, log);
  const connect = options.connect ?? serviceClient;
  const pollMs = Math.max(50, Number(env.RETENTION_POLL_MS) || 60 * 60_000);
  let stopped = false;
  let wake: (() => void) | undefined;
  let failing = false;

  const loop = (async () => {
    while (!stopped) {
      try {
        await retentionStep(await connect(), now(), log);
        failing = false;
      } catch (error) {
        if (!failing) log(`[retention] The retention job could not run (${describeSendError(error)}); trying again later.`);
        failing = true;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        timer.unref?.();
        function done() {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = stopped ? undefined : done;
        if (stopped) done();
      });
    }
  })();

  const worker: RetentionWorker = {
    nudge: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
  global[RUNNING] = worker;
  return worker;
}

export async function stopRetentionWorker(): Promise<void> {
  const global = globalThis as Record<symbol, unknown>;
  const worker = global[RUNNING] as RetentionWorker | undefined;
  global[RUNNING] = undefined;
  await worker?.stop();
}
