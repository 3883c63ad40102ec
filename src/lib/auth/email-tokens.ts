/**
 * Links that prove someone can read an email address, pure: whether verification is asked for,
 * what an unverified person may not do yet, how long links work, and the state of a stored
 * link. The PocketBase side is ./email-tokens-store.ts.
 *
 * Tokens are made and hashed exactly like password reset links (./password-reset.ts): 32
 * random bytes in base64url, only the SHA-256 stored.
 */
import type { UserRecord } from '../records.ts';
import { pocketBaseTime } from '../dates.ts';
import { readEmailConfig } from '../email/config.ts';

export type EmailTokenPurpose = 'verify' | 'change';

/** How long a verification link works: a week, so a person who signs up and comes back later still can. */
export const VERIFY_LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** How long a change-of-email link works. */
export const CHANGE_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;

export function emailTokenLifetimeMs(purpose: EmailTokenPurpose): number {
  return purpose === 'verify' ? VERIFY_LINK_LIFETIME_MS : CHANGE_LINK_LIFETIME_MS;
}

export function emailTokenExpiry(purpose: EmailTokenPurpose, now: Date): Date {
  return new Date(now.getTime() + emailTokenLifetimeMs(purpose));
}

/** 32 random bytes, base64url. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function looksLikeEmailToken(token: string): boolean {
  return TOKEN.test(token);
}

export type EmailTokenState = 'usable' | 'used' | 'expired';

export function emailTokenState(record: { expires_at: string; used_at?: string }, now: Date): EmailTokenState {
  if (record.used_at) return 'used';
  const expires = pocketBaseTime(record.expires_at);
  if (!Number.isFinite(expires) || expires <= now.getTime()) return 'expired';
  return 'usable';
}

/** Site paths the emails link to. */
export const verifyPath = (token: string) => `/confirm-email/${token}`;
export const changePath = (token: string) => `/account/email/${token}`;

/**
 * Whether new accounts must verify their email, from REQUIRE_EMAIL_VERIFICATION.
 * - unset / false: `off`.
 * - true with SMTP set up: `on`.
 * - true without working SMTP: `needs-smtp`. Verification is then NOT asked for (nobody could
 *   ever receive the link); the server says so at start-up and /staff/email says so too.
 * Anything other than true/false/1/0/yes/no is `invalid`, treated as off, and said at start-up.
 */
export type VerificationSetting = 'off' | 'on' | 'needs-smtp' | 'invalid';

export function verificationSetting(env: Record<string, string | undefined> = process.env): VerificationSetting {
  const raw = (env.REQUIRE_EMAIL_VERIFICATION ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'false' || raw === '0' || raw === 'no') return 'off';
  if (raw !== 'true' && raw !== '1' && raw !== 'yes') return 'invalid';
  return readEmailConfig(env).kind === 'on' ? 'on' : 'needs-smtp';
}

/** What the server prints at start-up about the setting (undefined: nothing to say). */
export function verificationStartupMessage(env: Record<string, string | undefined> = process.env): string | undefined {
  const setting = verificationSetting(env);
  if (setting === 'needs-smtp')
    return 'REQUIRE_EMAIL_VERIFICATION is true but email is not set up (SMTP_HOST, EMAIL_FROM, SITE_URL), so email verification is OFF: nobody could receive the link. Set up email (docs/OPERATIONS.md, "Email") to switch it on.';
  if (setting === 'invalid')
    return `REQUIRE_EMAIL_VERIFICATION must be true or false (it is "${env.REQUIRE_EMAIL_VERIFICATION}"); email verification is OFF.`;
  if (setting === 'on') return 'Email verification is on: new accounts are asked to confirm their email address.';
  return undefined;
}

/**
 * True when this person has not confirmed their email and the organisation asks them to.
 * Until then they can sign in, read courses and write private reflections, but may not join a
 * group or submit evidence (docs/ACCOUNTS.md, "Email verification", says why).
 */
export function mustVerifyEmail(user: Pick<UserRecord, 'verified'> | null | undefined, env: Record<string, string | undefined> = process.env): boolean {
  return !!user && user.verified !== true && verificationSetting(env) === 'on';
}

/** A plain email address check, the same shape PocketBase accepts. */
const ADDRESS = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

/** Lower-cased, trimmed, for comparing addresses. */
export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function isEmailAddress(value: string): boolean {
  return value.length <= 254 && ADDRESS.test(value);
}
