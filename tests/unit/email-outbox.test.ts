/** The outbox's pure rules: backoff, when to give up, which SMTP errors are final, Message-IDs. */
import { describe, expect, it } from 'vitest';
import { afterFailure, DEFAULT_TIMINGS, describeSendError, isPermanentSmtpError, messageIdDomain, messageIdFor, newOutboxId, retryDelayMs, timingsFromEnv } from '../../src/lib/email/outbox.ts';

describe('outbox rules', () => {
  it('waits twice as long after each failure, up to the cap', () => {
    const t = { firstRetryMs: 1000, maxRetryMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, t))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('retries until the last allowed attempt, then fails; a permanent refusal fails at once', () => {
    const now = new Date('2026-12-07T06:00:00Z');
    const timings = { ...DEFAULT_TIMINGS, maxAttempts: 3, firstRetryMs: 60_000 };
    expect(afterFailure(1, { permanent: false, message: 'x' }, now, timings)).toEqual({ outcome: 'retry', nextAttemptAt: new Date('2026-12-07T06:01:00Z') });
    expect(afterFailure(2, { permanent: false, message: 'x' }, now, timings)).toEqual({ outcome: 'retry', nextAttemptAt: new Date('2026-12-07T06:02:00Z') });
    expect(afterFailure(3, { permanent: false, message: 'x' }, now, timings)).toEqual({ outcome: 'failed' });
    expect(afterFailure(1, { permanent: true, message: 'x' }, now, timings)).toEqual({ outcome: 'failed' });
  });

  it('treats only 5xx answers to the recipient or the message as permanent', () => {
    expect(isPermanentSmtpError({ responseCode: 550, command: 'RCPT TO' })).toBe(true);
    expect(isPermanentSmtpError({ responseCode: 554, command: 'DATA' })).toBe(true);
    expect(isPermanentSmtpError({ responseCode: 451, command: 'DATA' })).toBe(false);
    expect(isPermanentSmtpError({ responseCode: 535, command: 'AUTH PLAIN' })).toBe(false);
    expect(isPermanentSmtpError({ code: 'ECONNREFUSED' })).toBe(false);
  });

  it('gives each row one Message-ID, the same every time', () => {
    const id = newOutboxId();
    expect(id).toMatch(/^[a-z0-9]{15}$/);
    expect(messageIdFor(id, 'Example.org')).toBe(`<outbox-${id}@example.org>`);
    expect(messageIdFor(id, 'Example.org')).toBe(messageIdFor(id, 'example.org'));
    expect(messageIdDomain('learning@mail.example.org', 'https://site.example.org')).toBe('mail.example.org');
    expect(messageIdDomain(undefined, 'https://site.example.org:8443')).toBe('site.example.org');
    expect(messageIdDomain(undefined, undefined)).toBe('localhost');
  });

  it('reads timings from the environment, keeping defaults for unusable values', () => {
    expect(timingsFromEnv({ EMAIL_POLL_MS: '200', EMAIL_MAX_ATTEMPTS: 'lots', EMAIL_LEASE_SECONDS: '-1' })).toEqual({ ...DEFAULT_TIMINGS, pollMs: 200 });
  });

  it('stores errors on one line without sign-in secrets', () => {
    expect(describeSendError(new Error('Invalid login:\n 535 AUTH PLAIN dXNlcjpwYXNz failed'))).toBe('Invalid login: 535 AUTH PLAIN [hidden] failed');
  });
});
