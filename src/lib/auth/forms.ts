/**
 * What each account form does when posted: check the rate limits, parse the body, make one
 * store call, and say how it went. Pages stay thin: they read the form, call one of these,
 * then redirect (303) on success or re-render the form with `status`, `message` and
 * `fields` on failure. No form here ever throws for something a person did.
 */
import { authEn } from '../i18n/auth.ts';
import { DomainError, isUnavailable, statusOf } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { emailKey } from './account.ts';
import { changePassword, signIn, signUp, updateProfile, type Session } from './account-store.ts';
import { limits as appLimits } from './limits.ts';
import { resetTokenKind } from './password-reset.ts';
import { confirmEmailReset, createResetLink, requestPasswordResetEmail, useResetLink, type MadeResetLink } from './password-reset-store.ts';
import { combineDecisions, minutesToWait, type RateLimitDecision } from './rate-limit.ts';
import { EmailChangeInput, EmailInput, NewPasswordInput, parseForm, PasswordChangeInput, ProfileInput, SignInInput, SignUpInput } from './schema.ts';
import { safeReturnPath } from './session.ts';
import { verificationSetting } from './email-tokens.ts';
import { queueVerificationEmail, requestEmailChange } from './email-tokens-store.ts';
import { emailAccountEn } from '../i18n/email-account.ts';

const e = authEn.errors;

export type FormOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** HTTP status for the re-rendered form: 400, 403, 404, 409, 429 or 503. */
      status: number;
      /** One sentence for the top of the form. */
      message: string;
      /** Field name → message, shown next to the field. */
      fields: Record<string, string>;
      /** With 429: seconds to put in Retry-After. */
      retryAfterSeconds?: number;
    };

type Limits = typeof appLimits;

function invalid(fields: Record<string, string>): FormOutcome<never> {
  const first = Object.values(fields)[0] ?? e.saveFailed;
  return { ok: false, status: 400, message: Object.keys(fields).length > 1 ? authEn.form.problemTitle : first, fields };
}

function tooMany(decision: RateLimitDecision): FormOutcome<never> {
  return {
    ok: false,
    status: 429,
    message: e.tooMany(minutesToWait(decision.retryAfterMs)),
    fields: {},
    retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000),
  };
}

/** A DomainError (or PocketBase being down) as a form failure; anything else is a bug and is thrown. */
function failed(error: unknown): FormOutcome<never> {
  if (error instanceof DomainError) {
    const status = statusOf(error);
    // Whatever the cause, "down" gets the one message that says nothing typed is lost.
    if (status === 503) return { ok: false, status, message: e.unavailable, fields: {} };
    return { ok: false, status: status === 401 ? 400 : status, message: error.message, fields: error.fields };
  }
  if (isUnavailable(error)) return { ok: false, status: 503, message: e.unavailable, fields: {} };
  throw error;
}

/**
 * Sign in. Failed tries count against the email and the client address; a success clears the
 * email's count. The message for a wrong password and an unknown email is the same.
 */
export async function signInForm(args: { pb: TypedPocketBase; form: FormData; ip: string; limits?: Limits; now?: number }): Promise<FormOutcome<Session & { next: string }>> {
  const { pb, form, ip, limits = appLimits, now = Date.now() } = args;
  const parsed = parseForm(SignInInput, form);
  if (!parsed.ok) return invalid(parsed.fields);
  const { email, password, next } = parsed.data;
  const key = emailKey(email);

  const decision = combineDecisions(limits.signInPerEmail.check(key, now), limits.signInPerIp.check(ip, now));
  if (!decision.allowed) return tooMany(decision);

  try {
    const session = await signIn(pb, email, password);
    limits.signInPerEmail.reset(key);
    return { ok: true, value: { ...session, next: safeReturnPath(next) } };
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'unauthenticated') {
      limits.signInPerEmail.hit(key, now);
      limits.signInPerIp.hit(ip, now);
      return { ok: false, status: 400, message: e.wrongPassword, fields: { email: e.wrongPassword } };
    }
    return failed(error);
  }
}

/**
 * Sign up. Only tries that reach PocketBase count against the address (a typo in the form
 * costs nothing). The service client is asked for only once the form is valid. Success looks
 * the same whether the email was new or already had an account: the page then asks the person
 * to sign in (nothing here says which it was).
 */
export async function signUpForm(args: {
  pb: TypedPocketBase;
  service: () => Promise<TypedPocketBase>;
  form: FormData;
  ip: string;
  limits?: Limits;
  now?: number;
}): Promise<FormOutcome<{ next: string }>> {
  const { pb, form, ip, limits = appLimits, now = Date.now() } = args;
  const parsed = parseForm(SignUpInput, form);
  if (!parsed.ok) return invalid(parsed.fields);

  const decision = limits.signUpPerIp.check(ip, now);
  if (!decision.allowed) return tooMany(decision);

  try {
    const service = await args.service();
    limits.signUpPerIp.hit(ip, now);
    const result = await signUp(pb, service, parsed.data);
    if (result.user && verificationSetting() === 'on') {
      // The account is made: if its link cannot be queued now, "send it again" makes one later.
      // (The record PocketBase gave back hides the email from its anonymous creator.)
      await queueVerificationEmail(service, { ...result.user, email: parsed.data.email }, new Date(now)).catch((error: unknown) => {
        console.error(`[auth] could not queue the verification email of a new account: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    const next = form.get('next');
    return { ok: true, value: { next: safeReturnPath(typeof next === 'string' ? next : null) } };
  } catch (error) {
    return failed(error);
  }
}

/** Name, pronouns and reading preferences. */
export async function profileForm(args: { pb: TypedPocketBase; user: UserRecord; form: FormData }): Promise<FormOutcome<UserRecord>> {
  const parsed = parseForm(ProfileInput, args.form);
  if (!parsed.ok) return invalid(parsed.fields);
  try {
    return { ok: true, value: await updateProfile(args.pb, args.user.id, parsed.data) };
  } catch (error) {
    return failed(error);
  }
}

/** Change password while signed in. Wrong current passwords count against the account. */
export async function passwordChangeForm(args: {
  pb: TypedPocketBase;
  user: UserRecord;
  form: FormData;
  limits?: Limits;
  now?: number;
}): Promise<FormOutcome<Session>> {
  const { pb, user, form, limits = appLimits, now = Date.now() } = args;
  const parsed = parseForm(PasswordChangeInput, form);
  if (!parsed.ok) return invalid(parsed.fields);

  const decision = limits.passwordPerUser.check(user.id, now);
  if (!decision.allowed) return tooMany(decision);

  try {
    return { ok: true, value: await changePassword(pb, user, parsed.data) };
  } catch (error) {
    if (error instanceof DomainError && error.fields.current_password) limits.passwordPerUser.hit(user.id, now);
    return failed(error);
  }
}

/** Ask for a reset email (only offered when SMTP is set up). Always the same neutral answer. */
export async function forgotForm(args: { service: () => Promise<TypedPocketBase>; form: FormData; ip: string; limits?: Limits; now?: number }): Promise<FormOutcome<void>> {
  const { form, ip, limits = appLimits, now = Date.now() } = args;
  const parsed = parseForm(EmailInput, form);
  if (!parsed.ok) return invalid(parsed.fields);
  const key = emailKey(parsed.data.email);

  const ipDecision = limits.forgotPerIp.check(ip, now);
  if (!ipDecision.allowed) return tooMany(ipDecision);
  limits.forgotPerIp.hit(ip, now);
  // Too many for one email: answer as if sent, so the answer says nothing about the account.
  if (!limits.forgotPerEmail.check(key, now).allowed) return { ok: true, value: undefined };
  limits.forgotPerEmail.hit(key, now);

  try {
    await requestPasswordResetEmail(await args.service(), parsed.data.email, new Date(now));
    return { ok: true, value: undefined };
  } catch (error) {
    return failed(error);
  }
}

/** A trainer or administrator makes a one-time link for someone. */
export async function resetLinkForm(args: {
  service: () => Promise<TypedPocketBase>;
  staff: UserRecord;
  form: FormData;
  limits?: Limits;
  now?: number;
}): Promise<FormOutcome<MadeResetLink>> {
  const { staff, form, limits = appLimits, now = Date.now() } = args;
  const parsed = parseForm(EmailInput, form);
  if (!parsed.ok) return invalid(parsed.fields);

  const decision = limits.resetLinksPerStaff.check(staff.id, now);
  if (!decision.allowed) return tooMany(decision);
  limits.resetLinksPerStaff.hit(staff.id, now);

  try {
    const service = await args.service();
    return { ok: true, value: await createResetLink(service, staff, parsed.data.email, new Date(now)) };
  } catch (error) {
    return failed(error);
  }
}

/** Choose a new password with a reset link (ours, or PocketBase's emailed token). */
export async function resetPasswordForm(args: {
  pb: TypedPocketBase;
  service: () => Promise<TypedPocketBase>;
  token: string;
  form: FormData;
  ip: string;
  limits?: Limits;
  now?: number;
}): Promise<FormOutcome<void>> {
  const { pb, token, form, ip, limits = appLimits, now = Date.now() } = args;
  const parsed = parseForm(NewPasswordInput, form);
  if (!parsed.ok) return invalid(parsed.fields);

  const decision = limits.resetPerIp.check(ip, now);
  if (!decision.allowed) return tooMany(decision);
  limits.resetPerIp.hit(ip, now);

  try {
    const kind = resetTokenKind(token);
    if (kind === 'link') await useResetLink(await args.service(), token, parsed.data.password, new Date(now));
    else if (kind === 'email') await confirmEmailReset(pb, token, parsed.data.password);
    else throw new DomainError('not-found', authEn.reset.badLinkText);
    return { ok: true, value: undefined };
  } catch (error) {
    return failed(error);
  }
}

/**
 * "Send it again" for the verification link. Already verified, or verification not asked
 * for: nothing to send, and the answer is the same.
 */
export async function resendVerificationForm(args: { service: () => Promise<TypedPocketBase>; user: UserRecord; limits?: Limits; now?: number }): Promise<FormOutcome<void>> {
  const { user, limits = appLimits, now = Date.now() } = args;
  if (user.verified || verificationSetting() !== 'on') return { ok: true, value: undefined };
  const decision = limits.verifyResendPerUser.check(user.id, now);
  if (!decision.allowed) return tooMany(decision);
  limits.verifyResendPerUser.hit(user.id, now);
  try {
    await queueVerificationEmail(await args.service(), user, new Date(now));
    return { ok: true, value: undefined };
  } catch (error) {
    return failed(error);
  }
}

/**
 * Asks to change the email: checks the current password (with a client of its own, so the
 * person's session is untouched), then queues the link to the new address and the notice to
 * the old one. Whether the new address already has an account is never shown: both succeed.
 */
export async function emailChangeForm(args: {
  service: () => Promise<TypedPocketBase>;
  client: () => TypedPocketBase;
  user: UserRecord;
  form: FormData;
  limits?: Limits;
  now?: number;
}): Promise<FormOutcome<void>> {
  const { user, form, limits = appLimits, now = Date.now() } = args;
  const parsed = parseForm(EmailChangeInput, form);
  if (!parsed.ok) return invalid(parsed.fields);
  if (parsed.data.new_email.trim().toLowerCase() === user.email.trim().toLowerCase()) return invalid({ new_email: emailAccountEn.change.sameAddress });

  const decision = limits.emailChangePerUser.check(user.id, now);
  if (!decision.allowed) return tooMany(decision);
  limits.emailChangePerUser.hit(user.id, now);

  try {
    await signIn(args.client(), user.email, parsed.data.current_password);
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'unauthenticated') return invalid({ current_password: emailAccountEn.change.wrongPassword });
    return failed(error);
  }
  try {
    await requestEmailChange(await args.service(), user, parsed.data.new_email, new Date(now));
    return { ok: true, value: undefined };
  } catch (error) {
    return failed(error);
  }
}
