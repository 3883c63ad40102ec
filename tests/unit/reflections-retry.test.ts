/**
 * The autosave's backoff after a 503: honours Retry-After, doubles after each failure in a
 * row, never waits more than 5 minutes, and spreads tabs out by up to a tenth.
 */
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_MS, parseRetryAfter, retryDelayMs } from '../../src/lib/reflections/retry.ts';

describe('retry backoff', () => {
  it('starts from Retry-After (seconds or a date), else 5 seconds', () => {
    expect(retryDelayMs(0, '120', 0)).toBe(120_000);
    expect(retryDelayMs(0, null, 0)).toBe(5_000);
    const now = Date.UTC(2026, 11, 7, 10, 0, 0);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(retryDelayMs(0, '0', 0)).toBe(1_000);
  });

  it('doubles after each failure in a row, up to 5 minutes', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => retryDelayMs(n, null, 0))).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, MAX_RETRY_MS, MAX_RETRY_MS]);
    expect(retryDelayMs(3, '120', 0)).toBe(MAX_RETRY_MS);
  });

  it('adds up to a tenth so that many tabs do not come back at once, never past the cap', () => {
    expect(retryDelayMs(0, null, 0.99)).toBe(5_495);
    expect(retryDelayMs(10, null, 0.99)).toBe(MAX_RETRY_MS);
  });
});
