/**
 * Email verification and change of email, the pure rules: when verification is asked for (and
 * that it never is without email set up), who must verify, link states and lifetimes, and what
 * the new emails say (no link to the old address, no token when the address is taken).
 */
import { describe, expect, it } from 'vitest';
import {
  CHANGE_LINK_LIFETIME_MS,
  changePath,
  emailTokenExpiry,
  emailTokenState,
  looksLikeEmailToken,
  mustVerifyEmail,
  sameAddress,
  VERIFY_LINK_LIFETIME_MS,
  verificationSetting,
  verificationStartupMessage,
  verifyPath,
} from '../../src/lib/auth/email-tokens.ts';
import { newResetToken } from '../../src/lib/auth/password-reset.ts';
import { FORBIDDEN_DATA_FIELDS, renderEmail, templateDataProblems, TEMPLATES } from '../../src/lib/email/templates.ts';

const SMTP = { SMTP_HOST: '127.0.0.1', SMTP_PORT: '2525', SMTP_TLS: 'none', EMAIL_FROM: 'learning@example.org', SITE_URL: 'https://learning.example.org' };
const context = { orgName: 'Riverside Peer Network', siteUrl: 'https://learning.example.org' };

describe('REQUIRE_EMAIL_VERIFICATION', () => {
  it('is off by default and for false/0/no', () => {
    for (const value of [undefined, '', 'false', '0', 'no', ' FALSE ']) expect(verificationSetting({ ...SMTP, REQUIRE_EMAIL_VERIFICATION: value })).toBe('off');
    expect(verificationStartupMessage({ ...SMTP })).toBeUndefined();
  });

  it('is on only with email set up; without SMTP it stays off and says so plainly at start-up', () => {
    expect(verificationSetting({ ...SMTP, REQUIRE_EMAIL_VERIFICATION: 'true' })).toBe('on');
    expect(verificationSetting({ REQUIRE_EMAIL_VERIFICATION: 'true' })).toBe('needs-smtp');
    expect(verificationSetting({ ...SMTP, SITE_URL: '', REQUIRE_EMAIL_VERIFICATION: 'true' })).toBe('needs-smtp');
    expect(verificationStartupMessage({ REQUIRE_EMAIL_VERIFICATION: 'true' })).toMatch(/email verification is OFF/);
    expect(verificationStartupMessage({ REQUIRE_EMAIL_VERIFICATION: 'true' })).toMatch(/SMTP_HOST/);
    expect(verificationStartupMessage({ ...SMTP, REQUIRE_EMAIL_VERIFICATION: 'true' })).toMatch(/is on/);
  });

  it('a value it does not understand is off, and named', () => {
    expect(verificationSetting({ ...SMTP, REQUIRE_EMAIL_VERIFICATION: 'sometimes' })).toBe('invalid');
    expect(verificationStartupMessage({ ...SMTP, REQUIRE_EMAIL_VERIFICATION: 'sometimes' })).toMatch(/must be true or false \(it is "sometimes"\)/);
  });

  it('only an unverified, signed-in person must verify, and only while it is on', () => {
    const on = { ...SMTP, REQUIRE_EMAIL_VERIFICATION: 'true' };
    expect(mustVerifyEmail({ verified: false }, on)).toBe(true);
    expect(mustVerifyEmail({ verified: true }, on)).toBe(false);
    expect(mustVerifyEmail(null, on)).toBe(false);
    expect(mustVerifyEmail({ verified: false }, { ...SMTP })).toBe(false);
    expect(mustVerifyEmail({ verified: false }, { REQUIRE_EMAIL_VERIFICATION: 'true' })).toBe(false);
  });
});

describe('links', () => {
  const now = new Date('2026-12-07T10:00:00Z');

  it('verification links work for 7 days, change links for 24 hours', () => {
    expect(emailTokenExpiry('verify', now).getTime() - now.getTime()).toBe(VERIFY_LINK_LIFETIME_MS);
    expect(VERIFY_LINK_LIFETIME_MS).toBe(7 * 24 * 3_600_000);
    expect(emailTokenExpiry('change', now).getTime() - now.getTime()).toBe(CHANGE_LINK_LIFETIME_MS);
    expect(CHANGE_LINK_LIFETIME_MS).toBe(24 * 3_600_000);
  });

  it('a link is usable until used or expired', () => {
    expect(emailTokenState({ expires_at: '2026-12-07 10:00:01.000Z', used_at: '' }, now)).toBe('usable');
    expect(emailTokenState({ expires_at: '2026-12-07 10:00:00.000Z', used_at: '' }, now)).toBe('expired');
    expect(emailTokenState({ expires_at: '2026-12-08 10:00:00.000Z', used_at: '2026-12-07 09:00:00.000Z' }, now)).toBe('used');
    expect(emailTokenState({ expires_at: 'not a date', used_at: '' }, now)).toBe('expired');
  });

  it('tokens have one shape and their paths are on this site', () => {
    const token = newResetToken();
    expect(looksLikeEmailToken(token)).toBe(true);
    for (const bad of ['', 'short', `${token}x`, '../../etc/passwd', 'a.b.c']) expect(looksLikeEmailToken(bad)).toBe(false);
    expect(verifyPath(token)).toBe(`/confirm-email/${token}`);
    expect(changePath(token)).toBe(`/account/email/${token}`);
    expect(templateDataProblems('email_verify', { name: 'Sam', verifyPath: verifyPath(token) })).toEqual([]);
    expect(templateDataProblems('email_change_confirm', { name: 'Sam', confirmPath: changePath(token) })).toEqual([]);
  });

  it('compares addresses without case or spaces', () => {
    expect(sameAddress(' Sam@Example.org', 'sam@example.org ')).toBe(true);
    expect(sameAddress('sam@example.org', 'sam2@example.org')).toBe(false);
  });
});

describe('the emails', () => {
  it('take no forbidden field and no address field', () => {
    for (const kind of ['email_verify', 'email_change_confirm', 'email_change_taken', 'email_change_notice'] as const) {
      const fields = TEMPLATES[kind].fields as readonly string[];
      for (const field of fields) expect(FORBIDDEN_DATA_FIELDS).not.toContain(field);
      expect(fields.some((f) => /email|address/i.test(f)), kind).toBe(false);
    }
  });

  it('the notice to the old address has no link at all and says what to do if it was not you', () => {
    const email = renderEmail('email_change_notice', { name: 'Sam' }, context);
    expect(email.subject).toBe('Your email address for Riverside Peer Network is being changed');
    expect(email.text).not.toMatch(/https?:\/\//);
    expect(email.html).not.toMatch(/href=/);
    expect(email.text).toContain('If this was not you');
  });

  it('an address that already has an account is told so, with no confirmation link', () => {
    const email = renderEmail('email_change_taken', {}, context);
    expect(email.text).toContain('already has an account');
    expect(email.text).not.toContain('/account/email/');
    expect(email.text).toContain(`${context.siteUrl}/forgot`);
  });

  it('the confirmation and verification emails carry their link from SITE_URL', () => {
    const token = newResetToken();
    expect(renderEmail('email_change_confirm', { name: 'Sam', confirmPath: changePath(token) }, context).text).toContain(`${context.siteUrl}/account/email/${token}`);
    expect(renderEmail('email_verify', { name: 'Sam', verifyPath: verifyPath(token) }, context).html).toContain(`href="${context.siteUrl}/confirm-email/${token}"`);
  });
});
