/** The sign-in and sign-up form flows over a stand-in PocketBase: messages, rate limits, statuses. */
import { ClientResponseError } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import { signInForm, signUpForm } from '../../src/lib/auth/forms.ts';
import type { limits as appLimits } from '../../src/lib/auth/limits.ts';
import { SlidingWindowLimiter } from '../../src/lib/auth/rate-limit.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';

const MIN = 60_000;

function freshLimits(): typeof appLimits {
  const l = (limit: number, windowMs: number) => new SlidingWindowLimiter({ limit, windowMs });
  return {
    signInPerEmail: l(10, 15 * MIN),
    signInPerIp: l(30, 15 * MIN),
    signUpPerIp: l(5, 60 * MIN),
    forgotPerIp: l(10, 60 * MIN),
    forgotPerEmail: l(3, 60 * MIN),
    resetPerIp: l(20, 15 * MIN),
    passwordPerUser: l(10, 15 * MIN),
    resetLinksPerStaff: l(30, 60 * MIN),
    verifyResendPerUser: l(3, 60 * MIN),
    emailLinkPerIp: l(20, 15 * MIN),
    emailChangePerUser: l(5, 60 * MIN),
  };
}

/** A PocketBase that knows one account, kim@example.org / right password 1. */
function fakePocketBase(down = false): TypedPocketBase {
  const fail = (status: number) => new ClientResponseError({ url: 'http://pb', status, response: { status, message: 'Failed to authenticate.', data: {} } });
  return {
    collection: () => ({
      authWithPassword: async (email: string, password: string) => {
        if (down) throw fail(0);
        if (email === 'kim@example.org' && password === 'right password 1') return { token: 'tok', record: { id: 'kim', email } };
        throw fail(400);
      },
      create: async () => {
        throw new ClientResponseError({
          url: 'http://pb',
          status: 400,
          response: { status: 400, message: 'Failed to create record.', data: { email: { code: 'validation_not_unique', message: 'Value must be unique.' } } },
        });
      },
    }),
  } as unknown as TypedPocketBase;
}

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.append(k, v);
  return data;
};

describe('signInForm', () => {
  it('signs in and goes to a safe next path only', async () => {
    const pb = fakePocketBase();
    const ok = await signInForm({ pb, form: form({ email: 'kim@example.org', password: 'right password 1', next: '/courses/x' }), ip: '1.1.1.1', limits: freshLimits() });
    expect(ok).toMatchObject({ ok: true, value: { token: 'tok', next: '/courses/x' } });
    const offsite = await signInForm({ pb, form: form({ email: 'kim@example.org', password: 'right password 1', next: '//evil.example/' }), ip: '1.1.1.1', limits: freshLimits() });
    expect(offsite).toMatchObject({ ok: true, value: { next: '/dashboard' } });
  });

  it('says the same for a wrong password and an unknown email', async () => {
    const pb = fakePocketBase();
    const limits = freshLimits();
    const wrong = await signInForm({ pb, form: form({ email: 'kim@example.org', password: 'nope' }), ip: '1.1.1.1', limits });
    const unknown = await signInForm({ pb, form: form({ email: 'nobody@example.org', password: 'nope' }), ip: '1.1.1.1', limits });
    expect(wrong).toEqual(unknown);
    expect(wrong).toEqual({
      ok: false,
      status: 400,
      message: 'That email and password do not match. Please check them and try again.',
      fields: { email: 'That email and password do not match. Please check them and try again.' },
    });
  });

  it('pauses an email after 10 failed tries in 15 minutes, with a kind 429 that says how long', async () => {
    const pb = fakePocketBase();
    const limits = freshLimits();
    const t0 = 5_000_000;
    for (let i = 0; i < 10; i++) {
      const r = await signInForm({ pb, form: form({ email: 'Kim@Example.org', password: `guess ${i}` }), ip: `10.0.0.${i}`, limits, now: t0 + i * 1000 });
      expect(r.ok || r.status).toBe(400);
    }
    // Even the right password waits now: otherwise the limit would tell a guesser when they were right.
    const paused = await signInForm({ pb, form: form({ email: 'kim@example.org', password: 'right password 1' }), ip: '10.0.0.99', limits, now: t0 + 60_000 });
    expect(paused).toEqual({
      ok: false,
      status: 429,
      message: 'There have been too many tries in a short time, so we have paused this for now to keep accounts safe. Please wait 14 minutes and try again.',
      fields: {},
      retryAfterSeconds: 840,
    });
    // Other people are not affected.
    const other = await signInForm({ pb, form: form({ email: 'sam@example.org', password: 'x' }), ip: '10.0.0.99', limits, now: t0 + 60_000 });
    expect(other.ok || other.status).toBe(400);
    // After the window, the person can try again.
    const later = await signInForm({ pb, form: form({ email: 'kim@example.org', password: 'right password 1' }), ip: '10.0.0.99', limits, now: t0 + 15 * MIN + 1000 });
    expect(later.ok).toBe(true);
  });

  it('pauses an address after 30 failed tries across emails', async () => {
    const pb = fakePocketBase();
    const limits = freshLimits();
    for (let i = 0; i < 30; i++) await signInForm({ pb, form: form({ email: `p${i}@example.org`, password: 'x' }), ip: '192.0.2.7', limits, now: 1000 + i });
    const r = await signInForm({ pb, form: form({ email: 'kim@example.org', password: 'right password 1' }), ip: '192.0.2.7', limits, now: 2000 });
    expect(r.ok ? 0 : r.status).toBe(429);
    const elsewhere = await signInForm({ pb, form: form({ email: 'kim@example.org', password: 'right password 1' }), ip: '192.0.2.8', limits, now: 2000 });
    expect(elsewhere.ok).toBe(true);
  });

  it('a successful sign-in clears the count for that email', async () => {
    const pb = fakePocketBase();
    const limits = freshLimits();
    for (let i = 0; i < 9; i++) await signInForm({ pb, form: form({ email: 'kim@example.org', password: 'x' }), ip: '1.1.1.1', limits, now: 1000 });
    await signInForm({ pb, form: form({ email: 'kim@example.org', password: 'right password 1' }), ip: '1.1.1.1', limits, now: 1000 });
    for (let i = 0; i < 9; i++) await signInForm({ pb, form: form({ email: 'kim@example.org', password: 'x' }), ip: '1.1.1.1', limits, now: 1000 });
    const r = await signInForm({ pb, form: form({ email: 'kim@example.org', password: 'right password 1' }), ip: '1.1.1.1', limits, now: 1000 });
    expect(r.ok).toBe(true);
  });

  it('answers 503 with the input kept message when PocketBase is down, and 400 for an empty form', async () => {
    const down = await signInForm({ pb: fakePocketBase(true), form: form({ email: 'kim@example.org', password: 'x' }), ip: '1.1.1.1', limits: freshLimits() });
    expect(down).toMatchObject({ ok: false, status: 503, message: expect.stringContaining('What you typed is still here') });
    const empty = await signInForm({ pb: fakePocketBase(), form: form({}), ip: '1.1.1.1', limits: freshLimits() });
    expect(empty).toMatchObject({ ok: false, status: 400, message: 'There is a problem' });
  });
});

describe('signUpForm', () => {
  it('does not count typos against the address, and pauses after 5 real tries an hour', async () => {
    const limits = freshLimits();
    const pb = fakePocketBase();
    let serviceAsked = 0;
    const service = async () => {
      serviceAsked++;
      return fakePocketBase();
    };
    for (let i = 0; i < 20; i++) {
      const r = await signUpForm({ pb, service, form: form({ display_name: 'Sam', email: 'sam@example.org', password: 'short' }), ip: '1.1.1.1', limits, now: 1000 });
      expect(r.ok ? 0 : r.status).toBe(400);
    }
    expect(serviceAsked).toBe(0);
    const good = form({ display_name: 'Sam', email: 'kim@example.org', password: 'long enough password' });
    for (let i = 0; i < 5; i++) {
      // The fake's email is taken: the answer is the neutral success, not "already an account".
      const r = await signUpForm({ pb, service, form: good, ip: '1.1.1.1', limits, now: 1000 });
      expect(r).toEqual({ ok: true, value: { next: '/dashboard' } });
    }
    const paused = await signUpForm({ pb, service, form: good, ip: '1.1.1.1', limits, now: 2000 });
    expect(paused).toMatchObject({ ok: false, status: 429, message: expect.stringContaining('Please wait 1 hour and try again.') });
  });

  it('answers a taken email exactly as a new one: no 409, nothing that names the account', async () => {
    const taken = await signUpForm({
      pb: fakePocketBase(),
      service: async () => fakePocketBase(),
      form: form({ display_name: 'Sam', email: 'kim@example.org', password: 'long enough password', next: '/courses/x' }),
      ip: '1.1.1.1',
      limits: freshLimits(),
    });
    expect(taken).toEqual({ ok: true, value: { next: '/courses/x' } });
    expect(JSON.stringify(taken)).not.toMatch(/already|exists|taken/i);
  });

  it('when PocketBase is down, says so and that nothing typed is lost', async () => {
    const service = async () => {
      throw new ClientResponseError({ url: 'http://pb', status: 0, response: {} });
    };
    const good = form({ display_name: 'Sam', email: 'sam@example.org', password: 'long enough password' });
    const r = await signUpForm({ pb: fakePocketBase(), service, form: good, ip: '1.1.1.1', limits: freshLimits() });
    expect(r).toMatchObject({ ok: false, status: 503, message: expect.stringContaining('What you typed is still here') });
  });
});
