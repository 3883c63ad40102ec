/**
 * Keeps PocketBase running under `npm start`: when it stops by itself it is started again on
 * the same address, with the waits of ./restart-policy.ts, and each restart is logged. The
 * web server meanwhile answers account pages with its kind 503 page and recovers by itself
 * (its realtime subscription reconnects to the same address). After too many failures in a
 * short time `gaveUp` settles with a plain message and the caller stops everything.
 * Node-only.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describeExit, type ProcessExit } from './managed-process.ts';
import {
  decideRestart,
  describeDuration,
  FRESH_RESTART_STATE,
  POCKETBASE_RESTART_POLICY,
  type RestartPolicy,
  type RestartState,
} from './restart-policy.ts';

/** What the supervisor needs of a started PocketBase (`RunningPocketBase` fits). */
export interface SupervisedRun {
  exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

export interface SupervisePocketBaseOptions<Run extends SupervisedRun> {
  /** The PocketBase already started (and healthy). */
  first: Run;
  /** Starts it again on the same address; resolves once healthy, throws with a plain message otherwise. */
  restart: () => Promise<Run>;
  /** One line per event; never given secrets. */
  log: (line: string) => void;
  policy?: RestartPolicy;
  /** For tests. */
  now?: () => number;
}

export interface SupervisedPocketBase<Run extends SupervisedRun> {
  /** The PocketBase running now (changes after a restart). */
  current(): Run;
  /** Settles with a plain message once restarting has been given up. Never rejects. */
  gaveUp: Promise<string>;
  /** Stops restarting and stops PocketBase (also one that is starting); resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts watching `first`; see the file comment. */
export function supervisePocketBase<Run extends SupervisedRun>(options: SupervisePocketBaseOptions<Run>): SupervisedPocketBase<Run> {
  const { restart, log, policy = POCKETBASE_RESTART_POLICY, now = Date.now } = options;
  let current = options.first;
  let stopping = false;
  let starting: Promise<Run | undefined> | undefined;
  const waits = new AbortController();
  let announceGiveUp: (message: string) => void = () => {};
  const gaveUp = new Promise<string>((resolve) => (announceGiveUp = resolve));

  const watch = async () => {
    let state: RestartState = FRESH_RESTART_STATE;
    let healthySince: number | undefined = now();
    let reason = describeStop(await current.exited);
    for (;;) {
      if (stopping) return;
      const decision = decideRestart(state, { at: now(), healthySince }, policy);
      state = decision.state;
      if (decision.action === 'give-up') {
        announceGiveUp(
          `PocketBase failed ${decision.failuresInWindow} times within ${describeDuration(policy.windowMs)} (the last time, ${reason}), ` +
            'so Lived Learning has stopped. Read the PocketBase lines above for the cause (often a full disk, a damaged ' +
            'database, or a wrong POCKETBASE_BIN), fix it, then start Lived Learning again.',
        );
        return;
      }
      log(
        `PocketBase ${reason}. Starting it again in ${describeDuration(decision.delayMs)} ` +
          `(failure ${decision.failuresInWindow} of ${policy.maxFailures} allowed within ${describeDuration(policy.windowMs)}); ` +
          'meanwhile pages that need it say the service is temporarily unavailable.',
      );
      try {
        await sleep(decision.delayMs, undefined, { signal: waits.signal });
      } catch {
        return; // stopped while waiting
      }
      if (stopping) return;
      starting = restart().then(
        (run) => run,
        (error: unknown) => {
          reason = `could not be started again: ${(error instanceof Error ? error.message : String(error)).trim().replace(/\.$/, '')}`;
          return undefined;
        },
      );
      const run = await starting;
      starting = undefined;
      if (!run) {
        healthySince = undefined;
        continue;
      }
      current = run;
      if (stopping) return; // stop() stops it
      healthySince = now();
      log('PocketBase is running again.');
      reason = describeStop(await current.exited);
    }
  };
  const watching = watch().catch((error: unknown) => {
    announceGiveUp(`Watching PocketBase failed (${error instanceof Error ? error.message : String(error)}), so Lived Learning has stopped.`);
  });

  let stopped: Promise<void> | undefined;
  return {
    current: () => current,
    gaveUp,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        waits.abort();
        const pending = starting;
        if (pending) {
          const run = await pending;
          if (run) current = run;
        }
        await current.stop();
        await watching;
      })()),
  };
}

function describeStop(exit: ProcessExit): string {
  return `stopped unexpectedly (${describeExit(exit)})`;
}
