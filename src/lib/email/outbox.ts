/**
 * The outbox's rules, pure: when a failed send is tried again, when it stops, the Message-ID a
 * row's email carries, and the worker's timings. The PocketBase side is ./outbox-store.ts, the
 * sending loop ./worker.ts.
 */
import { randomBytes } from 'node:crypto';

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface WorkerTimings {
  /** How often the worker looks for due rows when nobody nudges it. */
  pollMs: number;
  /** How long a claimed row is held before another worker may take it (longer than a send can take). */
  leaseSeconds: number;
  /** Attempts before a row is marked failed. */
  maxAttempts: number;
  /** The wait after the first failure; it doubles after each further one. */
  firstRetryMs: number;
  /** The longest wait between attempts. */
  maxRetryMs: number;
}

export const DEFAULT_TIMINGS: WorkerTimings = {
  pollMs: 5_000,
  leaseSeconds: 120,
  maxAttempts: 6,
  firstRetryMs: 60_000,
  maxRetryMs: 6 * 60 * 60 * 1000,
};

function positive(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw !== undefined && raw.trim() !== '' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Timings from the environment (EMAIL_POLL_MS, EMAIL_LEASE_SECONDS, EMAIL_MAX_ATTEMPTS,
 * EMAIL_FIRST_RETRY_MS, EMAIL_MAX_RETRY_MS); each unset or unusable value keeps its default.
 */
export function timingsFromEnv(env: Record<string, string | undefined> = process.env): WorkerTimings {
  return {
    pollMs: positive(env.EMAIL_POLL_MS, DEFAULT_TIMINGS.pollMs),
    leaseSeconds: positive(env.EMAIL_LEASE_SECONDS, DEFAULT_TIMINGS.leaseSeconds),
    maxAttempts: Math.round(positive(env.EMAIL_MAX_ATTEMPTS, DEFAULT_TIMINGS.maxAttempts)),
    firstRetryMs: positive(env.EMAIL_FIRST_RETRY_MS, DEFAULT_TIMINGS.firstRetryMs),
    maxRetryMs: positive(env.EMAIL_MAX_RETRY_MS, DEFAULT_TIMINGS.maxRetryMs),
  };
}

/** The wait before attempt `attempts + 1`, after `attempts` failed: first, 2×, 4×… capped. */
export function retryDelayMs(attempts: number, timings: Pick<WorkerTimings, 'firstRetryMs' | 'maxRetryMs'>): number {
  const doublings = Math.max(0, attempts - 1);
  return Math.min(timings.maxRetryMs, timings.firstRetryMs * 2 ** Math.min(doublings, 30));
}

export type SendFailure = { permanent: boolean; message: string };

/** What to do after attempt number `attempts` failed. */
export function afterFailure(attempts: number, failure: SendFailure, now: Date, timings: WorkerTimings): { outcome: 'retry'; nextAttemptAt: Date } | { outcome: 'failed' } {
  if (failure.permanent || attempts >= timings.maxAttempts) return { outcome: 'failed' };
  return { outcome: 'retry', nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, timings)) };
}

/**
 * Whether an SMTP error means "never going to work" (the server refused the address or the
 * message itself: 5xx on RCPT/DATA) rather than "try later" (4xx, refused connection, timeout,
 * sign-in trouble that an operator may fix).
 */
export function isPermanentSmtpError(error: { responseCode?: number; command?: string; code?: string }): boolean {
  const code = error.responseCode;
  if (typeof code !== 'number' || code < 500 || code > 599) return false;
  const command = (error.command ?? '').toUpperCase();
  return command.startsWith('RCPT') || command === 'DATA' || error.code === 'EENVELOPE' || error.code === 'EMESSAGE';
}

/** A PocketBase record id (15 characters a–z 0–9), made here so the Message-ID is known before the row is written. */
export function newOutboxId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(15);
  let id = '';
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

/**
 * The Message-ID of the email for outbox row `id`: the same on every attempt and after every
 * restart, so a receiving mail system (or a person) can tell a repeat delivery from a new
 * message. `domain` is the sending address's domain, else SITE_URL's host.
 */
export function messageIdFor(id: string, domain: string): string {
  const safe = domain.toLowerCase().replace(/[^a-z0-9.-]/g, '') || 'localhost';
  return `<outbox-${id}@${safe}>`;
}

/** The domain for Message-IDs: EMAIL_FROM's, else SITE_URL's host, else "localhost". */
export function messageIdDomain(fromAddress: string | undefined, siteUrl: string | undefined): string {
  const fromDomain = fromAddress?.split('@')[1];
  if (fromDomain) return fromDomain;
  try {
    return siteUrl ? new URL(siteUrl).hostname : 'localhost';
  } catch {
    return 'localhost';
  }
}

/** An error message safe to store and show: one line, no credentials, at most 900 characters. */
export function describeSendError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/\s+/g, ' ')
    .replace(/(AUTH\s+\S+\s+)\S+/gi, '$1[hidden]')
    .trim()
    .slice(0, 900);
}
