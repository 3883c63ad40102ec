import { describe, expect, it } from 'vitest';
import { combineDecisions, minutesToWait, SlidingWindowLimiter } from '../../src/lib/auth/rate-limit.ts';

const MIN = 60_000;

describe('SlidingWindowLimiter', () => {
  it('allows up to the limit in a window, then refuses with the wait until the oldest event leaves', () => {
    const limiter = new SlidingWindowLimiter({ limit: 3, windowMs: 15 * MIN });
    const t0 = 1_000_000;
    expect(limiter.check('kim', t0)).toEqual({ allowed: true, remaining: 3, retryAfterMs: 0 });
    expect(limiter.hit('kim', t0)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    limiter.hit('kim', t0 + 1 * MIN);
    const third = limiter.hit('kim', t0 + 2 * MIN);
    expect(third.allowed).toBe(false);
    expect(third.retryAfterMs).toBe(13 * MIN);
    expect(limiter.check('kim', t0 + 10 * MIN)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 5 * MIN });
  });

  it('slides: events older than the window stop counting, one by one', () => {
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 10_000 });
    limiter.hit('ip', 0);
    limiter.hit('ip', 4_000);
    expect(limiter.check('ip', 9_999).allowed).toBe(false);
    // At 10 s the first event leaves the window; the second still counts.
    expect(limiter.check('ip', 10_000)).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    limiter.hit('ip', 10_000);
    expect(limiter.check('ip', 12_000)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 2_000 });
    expect(limiter.check('ip', 14_000).remaining).toBe(1);
    expect(limiter.check('ip', 20_000).remaining).toBe(2);
  });

  it('keeps keys apart, and reset forgets one key', () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: MIN });
    limiter.hit('a@example.org', 0);
    expect(limiter.check('a@example.org', 1).allowed).toBe(false);
    expect(limiter.check('b@example.org', 1).allowed).toBe(true);
    limiter.reset('a@example.org');
    expect(limiter.check('a@example.org', 2).allowed).toBe(true);
  });

  it('stores at most `limit` events per key however many hits arrive', () => {
    const limiter = new SlidingWindowLimiter({ limit: 2, windowMs: 100_000 });
    for (let t = 0; t < 1000; t++) limiter.hit('flood', t);
    // Blocked until the newest two (998, 999) have left the window.
    expect(limiter.check('flood', 1000)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 99_998 });
  });

  it('bounds the number of keys, dropping the least recently used', () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: MIN, maxKeys: 3 });
    limiter.hit('one', 0);
    limiter.hit('two', 1);
    limiter.hit('three', 2);
    limiter.hit('one', 3); // "one" is now the most recently used
    limiter.hit('four', 4);
    expect(limiter.size).toBe(3);
    expect(limiter.check('two', 5).allowed).toBe(true); // dropped
    expect(limiter.check('one', 5).allowed).toBe(false);
    expect(limiter.check('four', 5).allowed).toBe(false);
  });

  it('forgets keys whose events have all left the window', () => {
    const limiter = new SlidingWindowLimiter({ limit: 5, windowMs: 1_000 });
    limiter.hit('old', 0);
    expect(limiter.size).toBe(1);
    limiter.check('old', 5_000);
    expect(limiter.size).toBe(0);
  });

  it('refuses nonsense settings with a plain message', () => {
    expect(() => new SlidingWindowLimiter({ limit: 0, windowMs: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Rate limiter: limit must be a whole number of at least 1 (it is 0).]`,
    );
    expect(() => new SlidingWindowLimiter({ limit: 1, windowMs: 1.5 })).toThrow(/windowMs/);
  });
});

describe('combineDecisions and minutesToWait', () => {
  it('is allowed only when all are, and waits for the longest', () => {
    const ok = { allowed: true, remaining: 4, retryAfterMs: 0 };
    const soon = { allowed: false, remaining: 0, retryAfterMs: 30_000 };
    const later = { allowed: false, remaining: 0, retryAfterMs: 5 * MIN };
    expect(combineDecisions(ok, { ...ok, remaining: 1 })).toEqual({ allowed: true, remaining: 1, retryAfterMs: 0 });
    expect(combineDecisions(ok, soon, later)).toEqual(later);
  });

  it('rounds waits up to whole minutes, at least one', () => {
    expect(minutesToWait(1)).toBe(1);
    expect(minutesToWait(60_000)).toBe(1);
    expect(minutesToWait(60_001)).toBe(2);
    expect(minutesToWait(14.2 * MIN)).toBe(15);
  });
});
