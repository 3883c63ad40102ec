/**
 * When to start PocketBase again after it stops by itself, and when to give up (pure: the
 * clock is passed in). Used by `superviseProcess` in ./supervisor.ts for `npm start`.
 *
 * - Each failure (an unexpected exit, or a restart that did not become healthy) waits before
 *   the next start: 0.5 s, then 1 s, 2 s, 4 s … up to 30 s.
 * - Once PocketBase has stayed healthy for a minute, the wait starts again from 0.5 s.
 * - The fifth failure within two minutes gives up: something is wrong that restarting will not
 *   fix (a full disk, a damaged database, a broken binary), and a person has to look.
 */

export interface RestartPolicy {
  /** Wait before the first restart. */
  firstDelayMs: number;
  /** The wait doubles after each failure, up to this. */
  maxDelayMs: number;
  /** A run that stayed healthy this long resets the wait to `firstDelayMs`. */
  healthyResetMs: number;
  /** Give up at this many failures … */
  maxFailures: number;
  /** … within this long. */
  windowMs: number;
}

export const POCKETBASE_RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 500,
  maxDelayMs: 30_000,
  healthyResetMs: 60_000,
  maxFailures: 5,
  windowMs: 120_000,
};

export interface RestartState {
  /** When recent failures happened (only those inside the window are kept). */
  failuresAt: readonly number[];
  /** Failures since the last run that stayed healthy long enough; sets the wait. */
  streak: number;
}

export const FRESH_RESTART_STATE: RestartState = { failuresAt: [], streak: 0 };

export interface Failure {
  /** When it failed (ms, same clock as `healthySince`). */
  at: number;
  /** When the run that just ended became healthy; undefined when it never did (a failed start). */
  healthySince?: number | undefined;
}

export type RestartDecision =
  | { action: 'restart'; delayMs: number; failuresInWindow: number; state: RestartState }
  | { action: 'give-up'; failuresInWindow: number; state: RestartState };

/** What to do after `failure`, and the state to pass next time. */
export function decideRestart(state: RestartState, failure: Failure, policy: RestartPolicy = POCKETBASE_RESTART_POLICY): RestartDecision {
  const wasHealthyLongEnough = failure.healthySince !== undefined && failure.at - failure.healthySince >= policy.healthyResetMs;
  const streak = wasHealthyLongEnough ? 0 : state.streak;
  const failuresAt = [...state.failuresAt.filter((at) => failure.at - at < policy.windowMs), failure.at];

  if (failuresAt.length >= policy.maxFailures) {
    return { action: 'give-up', failuresInWindow: failuresAt.length, state: { failuresAt, streak: streak + 1 } };
  }
  const delayMs = Math.min(policy.firstDelayMs * 2 ** streak, policy.maxDelayMs);
  return { action: 'restart', delayMs, failuresInWindow: failuresAt.length, state: { failuresAt, streak: streak + 1 } };
}

/** "0.5 s", "30 s", "2 minutes". */
export function describeDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return ms === 60_000 ? '1 minute' : `${ms / 60_000} minutes`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
