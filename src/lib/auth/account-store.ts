/**
 * Accounts in PocketBase: sign up, sign in, profile and password changes. Each function takes
 * the PocketBase client to act with (the person's own, from `locals.pb`) and turns PocketBase
 * failures into a DomainError with a message for the person.
 */
import { ClientResponseError } from 'pocketbase';
import { authEn } from '../i18n/auth.ts';
import { DomainError, fromPocketBase, isUnavailable } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import type { PasswordChangeInput, ProfileInput, SignUpInput } from './schema.ts';
import { hasErrorCode } from '../hook-errors.ts';

const e = authEn.errors;

/** A signed-in person: the token for the session cookie, and their record. */
export interface Session {
  token: string;
  user: UserRecord;
}

/** Field errors PocketBase sent back, keyed by field name. */
function pocketBaseFields(error: ClientResponseError): Record<string, { message?: string }> {
  return (error.response?.data ?? {}) as Record<string, { message?: string }>;
}

/** What sign-up tells the caller; the person is told the same thing either way. */
export interface SignUpResult {
  /** False when the email already had an account: nothing was created or changed. */
  created: boolean;
  /** The new account, when one was made. */
  user?: UserRecord;
}

/**
 * Creates an account with the person's own (anonymous) client, then makes them a trainee with
 * the service client (the API rules forbid anyone setting their own role). It does not sign
 * them in: the answer to the person must be the same whether or not the email already had an
 * account (docs/ACCOUNTS.md, "Sign-up"), so they sign in next with what they just chose.
 * If the role cannot be set, the half-made account is removed again so they can simply retry.
 *
 * @returns `created: false` when the email already has an account (nothing is changed)
 * @throws {DomainError} `invalid` when PocketBase refuses a value, `unavailable` when
 *   PocketBase is down
 */
export async function signUp(pb: TypedPocketBase, service: TypedPocketBase, input: SignUpInput): Promise<SignUpResult> {
  let created: UserRecord;
  try {
    created = await pb.collection('users').create({
      email: input.email,
      password: input.password,
      passwordConfirm: input.password,
      display_name: input.display_name,
      pronouns: input.pronouns,
      emailVisibility: false,
    });
  } catch (error) {
    if (error instanceof ClientResponseError && error.status === 400) {
      const fields = pocketBaseFields(error);
      // Taken: say nothing that tells it apart from a new account (the caller answers the same).
      const taken = hasErrorCode(error, 'validation_not_unique', 'email');
      if (taken && Object.keys(fields).length === 1) return { created: false };
      const shown = Object.fromEntries(Object.entries(fields).filter(([k]) => !(taken && k === 'email')).map(([k, f]) => [k, f.message ?? e.signUpFailed]));
      throw new DomainError('invalid', e.signUpFailed, shown);
    }
    throw fromPocketBase(error, 'account');
  }

  try {
    await service.collection('users').update(created.id, { role: ['trainee'] });
  } catch (error) {
    await service
      .collection('users')
      .delete(created.id)
      .catch(() => undefined);
    // Nothing of theirs was kept: when PocketBase went away, they can simply try again. Anything
    // else is a bug (the middleware logs it with an id), not an outage.
    if (isUnavailable(error)) throw new DomainError('unavailable', e.unavailable);
    throw error;
  }

  return { created: true, user: created };
}

/**
 * Signs in with email and password. A wrong password and an unknown email get the same
 * message (PocketBase also takes the same time for both).
 *
 * @throws {DomainError} `unauthenticated` with "That email and password do not match",
 *   `too-many` if PocketBase itself limits the rate, `unavailable` when PocketBase is down
 */
export async function signIn(pb: TypedPocketBase, email: string, password: string): Promise<Session> {
  try {
    const auth = await pb.collection('users').authWithPassword(email, password);
    return { token: auth.token, user: auth.record };
  } catch (error) {
    if (error instanceof ClientResponseError && (error.status === 400 || error.status === 401 || error.status === 403 || error.status === 404)) {
      throw new DomainError('unauthenticated', e.wrongPassword);
    }
    throw fromPocketBase(error, 'account');
  }
}

/**
 * Saves the person's name, pronouns and reading preferences, as themself.
 *
 * @throws {DomainError} `invalid` with field messages, `unauthenticated` if the session has
 *   ended, `unavailable` when PocketBase is down
 */
export async function updateProfile(pb: TypedPocketBase, userId: string, input: ProfileInput): Promise<UserRecord> {
  try {
    return await pb.collection('users').update(userId, {
      display_name: input.display_name,
      pronouns: input.pronouns,
      pref_large_text: input.pref_large_text,
      pref_reduced_motion: input.pref_reduced_motion,
      pref_dyslexia_spacing: input.pref_dyslexia_spacing,
    });
  } catch (error) {
    const domain = fromPocketBase(error, 'profile');
    if (domain.kind === 'invalid') throw new DomainError('invalid', e.saveFailed, domain.fields);
    throw domain;
  }
}

/**
 * Changes the password, as the person, checking the current one. PocketBase then refuses
 * every token it issued before (all other sessions end); this signs in again with the new
 * password and returns the new session for this browser.
 *
 * @throws {DomainError} `invalid` with field `current_password` when the current password
 *   is wrong, `unauthenticated` if the session has ended, `unavailable` when PocketBase is down
 */
export async function changePassword(pb: TypedPocketBase, user: Pick<UserRecord, 'id' | 'email'>, input: PasswordChangeInput): Promise<Session> {
  try {
    await pb.collection('users').update(user.id, {
      oldPassword: input.current_password,
      password: input.password,
      passwordConfirm: input.password,
    });
  } catch (error) {
    if (error instanceof ClientResponseError && error.status === 400 && pocketBaseFields(error).oldPassword) {
      throw new DomainError('invalid', e.wrongCurrentPassword, { current_password: e.wrongCurrentPassword });
    }
    const domain = fromPocketBase(error, 'password');
    if (domain.kind === 'invalid') throw new DomainError('invalid', e.saveFailed, domain.fields);
    throw domain;
  }
  pb.authStore.clear();
  return signIn(pb, user.email, input.password);
}

/**
 * Ends every session of the signed-in person (this one included): PocketBase gives them a new
 * token key, so every token they hold, and every copy of one, is refused from now on (by the
 * web site and by PocketBase's own API). See pocketbase/pb_hooks/sessions.pb.js.
 *
 * @returns true when done (or the session had already ended); false when PocketBase could not
 *   be reached, so only this browser's cookie can be cleared
 */
export async function endAllSessions(pb: TypedPocketBase, userId: string): Promise<boolean> {
  try {
    await pb.send('/api/ll/sign-out-everywhere', { method: 'POST' });
    return true;
  } catch (error) {
    if (error instanceof ClientResponseError && error.status === 401) return true;
    console.warn(`[auth] could not end the sessions of ${userId}: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
