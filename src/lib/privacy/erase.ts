/**
 * "Close my account" (UK GDPR Art. 17), for the person themself (after their password) or an
 * admin (a request made offline). The steps come from the table in ./collections.ts; the
 * superuser-only route in pocketbase/pb_hooks/privacy.pb.js runs them in one transaction,
 * writes the `account.erase` audit row (counts only), then VACUUMs the database so the erased
 * text is gone from the files too. docs/PRIVACY.md says what goes, what stays and why.
 */
import { ClientResponseError } from 'pocketbase';
import { remembered } from '../cache/remembered.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import { SlidingWindowLimiter } from '../auth/rate-limit.ts';
import { createClient, type TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { privacyEn } from '../i18n/privacy.ts';
import { eraseSteps, pseudonymFor } from './collections.ts';

export interface ErasureResult {
  pseudonym: string;
  counts: Record<string, number>;
  /** False when the database could not be rebuilt at once (busy): run VACUUM later (docs/PRIVACY.md). */
  vacuumed: boolean;
}

/**
 * Closes the account `userId`.
 *
 * @throws {DomainError} when PocketBase refuses or is down (nothing is erased then: one transaction)
 */
export async function eraseAccount(
  service: TypedPocketBase,
  userId: string,
  by: { kind: 'self' } | { kind: 'admin'; admin: Pick<UserRecord, 'id' | 'display_name' | 'email'> },
): Promise<ErasureResult> {
  const pseudonym = pseudonymFor(userId);
  try {
    const result = await service.send<ErasureResult>('/api/ll/privacy/erase', {
      method: 'POST',
      body: {
        user: userId,
        pseudonym,
        steps: eraseSteps(pseudonym),
        by: by.kind,
        actor: by.kind === 'admin' ? by.admin.id : '',
        actor_name: by.kind === 'admin' ? by.admin.display_name || by.admin.email : '',
      },
    });
    remembered.forgetPerson(userId); // their sessions and rows, on this server, at once
    return { pseudonym: result.pseudonym, counts: result.counts, vacuumed: result.vacuumed };
  } catch (error) {
    throw fromPocketBase(error, 'account');
  }
}

/** Password attempts on the close-account page, per person (5 per 15 minutes). */
export const closeAttempts = new SlidingWindowLimiter({ limit: 5, windowMs: 15 * 60_000, shareAs: 'privacy.closeAttempts' });
/** Downloads of everything, per person (5 per hour): each reads every collection. */
export const exportDownloads = new SlidingWindowLimiter({ limit: 5, windowMs: 60 * 60_000, shareAs: 'privacy.exportDownloads' });

/**
 * Re-checks the signed-in person's password with a fresh client (not their session), so a
 * borrowed, still-open session alone cannot close the account.
 *
 * @returns true when the password is theirs
 * @throws {DomainError} `unavailable` when PocketBase is down
 */
export async function passwordIsTheirs(user: Pick<UserRecord, 'id' | 'email'>, password: string): Promise<boolean> {
  if (!password) return false;
  const pb = createClient();
  try {
    const auth = await pb.collection('users').authWithPassword(user.email, password);
    return auth.record.id === user.id;
  } catch (error) {
    if (error instanceof ClientResponseError && error.status === 400) return false;
    throw fromPocketBase(error, 'account');
  } finally {
    pb.authStore.clear();
  }
}

export type CloseOutcome =
  | { ok: true; result: ErasureResult }
  | { ok: false; status: number; message: string; fields: Record<string, string> };

/** The close-account form, for the signed-in person. Pure apart from the calls passed in. */
export async function closeOwnAccount(args: {
  user: Pick<UserRecord, 'id' | 'email'>;
  form: FormData;
  service: () => Promise<TypedPocketBase>;
  now?: number;
  check?: typeof passwordIsTheirs;
}): Promise<CloseOutcome> {
  const t = privacyEn.close;
  const now = args.now ?? Date.now();
  const gate = closeAttempts.check(args.user.id, now);
  if (!gate.allowed) return { ok: false, status: 429, message: t.tooMany(Math.ceil(gate.retryAfterMs / 60_000)), fields: {} };
  if (args.form.get('confirm') !== 'yes') {
    return { ok: false, status: 400, message: t.confirmMissing, fields: { confirm: t.confirmMissing } };
  }
  const password = String(args.form.get('password') ?? '');
  if (!password) return { ok: false, status: 400, message: t.passwordMissing, fields: { password: t.passwordMissing } };
  try {
    if (!(await (args.check ?? passwordIsTheirs)(args.user, password))) {
      closeAttempts.hit(args.user.id, now);
      return { ok: false, status: 400, message: t.passwordWrong, fields: { password: t.passwordWrong } };
    }
    const result = await eraseAccount(await args.service(), args.user.id, { kind: 'self' });
    return { ok: true, result };
  } catch (error) {
    const domain = error instanceof DomainError ? error : fromPocketBase(error, 'account');
    return { ok: false, status: domain.kind === 'unavailable' ? 503 : 400, message: t.failed, fields: {} };
  }
}
