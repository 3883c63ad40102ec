/**
 * The web server's rate limits for accounts, one limiter per rule, kept in this process's
 * memory (they start empty when the server restarts). PocketBase sees every request as
 * coming from 127.0.0.1, so limits per person and per address have to live here.
 *
 * Defaults: sign-in 10 failed tries per email and 30 per address in 15 minutes; 5 new
 * accounts per address per hour. A training room shares one address, so the per-address
 * numbers can be raised with SIGNIN_LIMIT_PER_IP and SIGNUP_LIMIT_PER_HOUR (.env.example).
 */
import type { APIContext, AstroGlobal } from 'astro';
import { z } from 'zod';
import { clientIp, trustProxyFromEnv } from './client-ip.ts';
import { minutesToWait, SlidingWindowLimiter } from './rate-limit.ts';
import { authEn } from '../i18n/auth.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const positiveWhole = (variable: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,6}$/, { error: `${variable} must be a whole number of at least 1, e.g. 30` })
    .transform(Number)
    .pipe(z.number().min(1, { error: `${variable} must be at least 1` }));

/** A limit from the environment, or the default (with a clear warning if the value is wrong). */
export function limitFromEnv(variable: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return fallback;
  const parsed = positiveWhole(variable).safeParse(raw);
  if (parsed.success) return parsed.data;
  console.warn(`[auth] ${parsed.error.issues[0]?.message ?? `${variable} is not valid`} (it is "${raw}"); using ${fallback}.`);
  return fallback;
}

export const limits = {
  /** Failed sign-ins per email address. */
  signInPerEmail: new SlidingWindowLimiter({ limit: 10, windowMs: 15 * MINUTE, shareAs: 'auth.signInPerEmail' }),
  /** Failed sign-ins per client address. */
  signInPerIp: new SlidingWindowLimiter({ limit: limitFromEnv('SIGNIN_LIMIT_PER_IP', 30), windowMs: 15 * MINUTE, shareAs: 'auth.signInPerIp' }),
  /** Account creations tried per client address. */
  signUpPerIp: new SlidingWindowLimiter({ limit: limitFromEnv('SIGNUP_LIMIT_PER_HOUR', 30), windowMs: HOUR, shareAs: 'auth.signUpPerIp' }),
  /** Reset emails asked for, per client address and per email address. */
  forgotPerIp: new SlidingWindowLimiter({ limit: 10, windowMs: HOUR, shareAs: 'auth.forgotPerIp' }),
  forgotPerEmail: new SlidingWindowLimiter({ limit: 3, windowMs: HOUR, shareAs: 'auth.forgotPerEmail' }),
  /** Tries to use a reset link, per client address. */
  resetPerIp: new SlidingWindowLimiter({ limit: 20, windowMs: 15 * MINUTE, shareAs: 'auth.resetPerIp' }),
  /** Wrong current passwords when changing it, per account. */
  passwordPerUser: new SlidingWindowLimiter({ limit: 10, windowMs: 15 * MINUTE, shareAs: 'auth.passwordPerUser' }),
  /** Reset links made, per trainer or administrator. */
  resetLinksPerStaff: new SlidingWindowLimiter({ limit: 30, windowMs: HOUR, shareAs: 'auth.resetLinksPerStaff' }),
  /** "Send it again" for the email verification link, per account. */
  verifyResendPerUser: new SlidingWindowLimiter({ limit: 3, windowMs: HOUR, shareAs: 'auth.verifyResendPerUser' }),
  /** Tries to use an email confirmation link (verification or change), per client address. */
  emailLinkPerIp: new SlidingWindowLimiter({ limit: 20, windowMs: 15 * MINUTE, shareAs: 'auth.emailLinkPerIp' }),
  /** Asks to change email (each try counts, right password or not), per account. */
  emailChangePerUser: new SlidingWindowLimiter({ limit: 5, windowMs: HOUR, shareAs: 'auth.emailChangePerUser' }),
};

/** The address this request came from (see ./client-ip.ts; TRUST_PROXY=1 behind a proxy). */
export function requestIp(context: Pick<APIContext | AstroGlobal, 'request' | 'clientAddress'>): string {
  let socketAddress: string | undefined;
  try {
    socketAddress = context.clientAddress;
  } catch {
    socketAddress = undefined;
  }
  return clientIp({
    socketAddress,
    forwardedFor: context.request.headers.get('x-forwarded-for'),
    trustProxy: trustProxyFromEnv(process.env.TRUST_PROXY),
  });
}

/**
 * One try of an emailed link (verification or change of email) from this request's address:
 * counted, or refused with a plain message and the seconds to wait when over the limit.
 */
export function tryEmailLink(
  context: Pick<APIContext | AstroGlobal, 'request' | 'clientAddress'>,
  now = Date.now(),
): { ok: true } | { ok: false; message: string; retryAfterSeconds: number } {
  const ip = requestIp(context);
  const decision = limits.emailLinkPerIp.check(ip, now);
  if (!decision.allowed) return { ok: false, message: authEn.errors.tooMany(minutesToWait(decision.retryAfterMs)), retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) };
  limits.emailLinkPerIp.hit(ip, now);
  return { ok: true };
}
