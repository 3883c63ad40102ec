/**
 * When the autosaving editor tries again after the server said "not now" (503): from the
 * server's Retry-After when it gives one (else 5 seconds), doubling after each failure in a
 * row, at most 5 minutes, plus up to a tenth more so many open tabs do not all come back at
 * the same moment. Pure: the random number is passed in.
 */
export const FIRST_RETRY_MS = 5_000;
export const MAX_RETRY_MS = 5 * 60_000;

/** Seconds in a Retry-After header (a number of seconds or an HTTP date), else undefined. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - now) / 1000));
}

/**
 * @param failures failures in a row before this one (0 for the first)
 * @param retryAfter the server's Retry-After header, if any
 * @param random a number in [0, 1), e.g. Math.random()
 */
export function retryDelayMs(failures: number, retryAfter: string | null | undefined, random: number, now: number = Date.now()): number {
  const seconds = parseRetryAfter(retryAfter, now);
  const first = seconds === undefined ? FIRST_RETRY_MS : Math.max(1_000, seconds * 1_000);
  const base = Math.min(MAX_RETRY_MS, first * 2 ** Math.min(failures, 16));
  return Math.round(Math.min(MAX_RETRY_MS, base * (1 + 0.1 * random)));
}
