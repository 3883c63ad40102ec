/**
 * A sliding-window rate limiter kept in memory, for the web server (PocketBase sees every
 * request as coming from 127.0.0.1, so it cannot tell people apart). Pure apart from its own
 * state: time is passed in, so tests need no clock.
 *
 * Each key (an IP address, an email) keeps the times of its recent events, at most `limit` of
 * them. The map of keys is bounded: when it is full, the key used least recently is dropped,
 * so a flood of new keys costs memory in proportion to `maxKeys`, never more.
 *
 *   const signIns = new SlidingWindowLimiter({ limit: 10, windowMs: 15 * 60_000 });
 *   const decision = signIns.check(email);
 *   if (!decision.allowed) return tooMany(decision.retryAfterMs);
 *   if (failed) signIns.hit(email);
 *
 * Several web processes on one machine (WEB_PROCESSES): a limiter given `shareAs` copies each
 * event to the others, so each process holds the machine's whole count.
 */
import { onPeerMessage, publishToPeers } from '../server/peers.ts';

export interface RateLimitOptions {
  /** Events allowed per window, at least 1. */
  limit: number;
  /** Length of the sliding window in milliseconds. */
  windowMs: number;
  /** Most keys kept at once; the least recently used key is dropped beyond it. Default 10,000. */
  maxKeys?: number;
  /**
   * A name unique in the site, e.g. `auth.signInPerEmail`: with it, every event and reset is
   * copied to the other web processes of this machine (src/lib/server/peers.ts), so a limit
   * holds for the machine, not for each process. Without it the limiter is this process's own.
   */
  shareAs?: string;
}

export interface RateLimitDecision {
  /** True when one more event is allowed now. */
  allowed: boolean;
  /** Events still allowed in the current window. */
  remaining: number;
  /** When not allowed: how long until one more event is allowed (ms); 0 when allowed. */
  retryAfterMs: number;
}

/** Shared limiters by name, in this copy of the module. */
const shared = new Map<string, SlidingWindowLimiter>();
const CHANNEL = 'rate-limit';
type LimitEvent = { name: string; key: string; at?: number };

function applyFromPeer(data: unknown): void {
  const event = data as LimitEvent;
  const limiter = shared.get(event.name);
  if (!limiter) return;
  if (typeof event.at === 'number') limiter.hit(event.key, event.at, false);
  else limiter.reset(event.key, false);
}

export class SlidingWindowLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly maxKeys: number;
  readonly shareAs: string | undefined;
  /** key → event times, oldest first. Map order doubles as least-recently-used order. */
  readonly #events = new Map<string, number[]>();

  /** @throws {RangeError} when a limit, window or size is not a positive whole number */
  constructor(options: RateLimitOptions) {
    const { limit, windowMs, maxKeys = 10_000, shareAs } = options;
    for (const [name, value] of Object.entries({ limit, windowMs, maxKeys })) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`Rate limiter: ${name} must be a whole number of at least 1 (it is ${value}).`);
    }
    this.limit = limit;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
    this.shareAs = shareAs;
    if (shareAs !== undefined) {
      // A module evaluated again (dev reload, tests) replaces its limiter under the same name.
      if (shared.size === 0) onPeerMessage(CHANNEL, applyFromPeer);
      shared.set(shareAs, this);
    }
  }

  /** Whether one more event is allowed for `key` at `now`, without recording anything. */
  check(key: string, now: number = Date.now()): RateLimitDecision {
    const times = this.#recent(key, now);
    return this.#decide(times, now);
  }

  /** Records one event for `key` at `now` (and tells the other web processes) and returns the decision for the next one. */
  hit(key: string, now: number = Date.now(), tellPeers = true): RateLimitDecision {
    if (tellPeers && this.shareAs !== undefined) publishToPeers(CHANNEL, { name: this.shareAs, key, at: now } satisfies LimitEvent);
    const times = this.#recent(key, now);
    times.push(now);
    // Only the newest `limit` events can ever matter.
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    this.#events.delete(key);
    this.#events.set(key, times);
    this.#evict();
    return this.#decide(times, now);
  }

  /** Forgets `key`, e.g. after a successful sign-in (in every web process of the machine). */
  reset(key: string, tellPeers = true): void {
    if (tellPeers && this.shareAs !== undefined) publishToPeers(CHANNEL, { name: this.shareAs, key } satisfies LimitEvent);
    this.#events.delete(key);
  }

  /** Keys currently held (for tests and monitoring). */
  get size(): number {
    return this.#events.size;
  }

  #recent(key: string, now: number): number[] {
    const times = this.#events.get(key);
    if (!times) return [];
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < times.length && times[drop]! <= cutoff) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length === 0) this.#events.delete(key);
    return times;
  }

  #decide(times: number[], now: number): RateLimitDecision {
    const remaining = Math.max(0, this.limit - times.length);
    if (remaining > 0) return { allowed: true, remaining, retryAfterMs: 0 };
    // The oldest event in the window leaves it first; then one more is allowed.
    const oldest = times[times.length - this.limit]!;
    return { allowed: false, remaining: 0, retryAfterMs: Math.max(1, oldest + this.windowMs - now) };
  }

  #evict(): void {
    while (this.#events.size > this.maxKeys) {
      const oldestKey = this.#events.keys().next().value;
      if (oldestKey === undefined) break;
      this.#events.delete(oldestKey);
    }
  }
}

/** The stricter of several decisions: allowed only if all allow; the longest wait wins. */
export function combineDecisions(...decisions: RateLimitDecision[]): RateLimitDecision {
  const blocked = decisions.filter((d) => !d.allowed);
  if (blocked.length === 0) {
    return { allowed: true, remaining: Math.min(...decisions.map((d) => d.remaining)), retryAfterMs: 0 };
  }
  return { allowed: false, remaining: 0, retryAfterMs: Math.max(...blocked.map((d) => d.retryAfterMs)) };
}

/** Whole minutes to tell a person to wait, rounded up, at least 1. */
export function minutesToWait(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 60_000));
}
