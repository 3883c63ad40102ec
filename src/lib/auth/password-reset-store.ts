/**
 * Password resets in PocketBase. One-time links live in `password_resets`, whose rules let
 * only the service client (a superuser) read or write it; emailed resets go through
 * PocketBase's own request/confirm API when SMTP is set up. Pure rules are in
 * ./password-reset.ts.
 */
import { ClientResponseError } from 'pocketbase';
import { authEn } from '../i18n/auth.ts';
import { DomainError, fromPocketBase, isUnavailable } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { PasswordResetRecord, UserRecord } from '../records.ts';
import { hashResetToken, newResetToken, resetLinkExpiry, resetLinkState, resetPermission, resetTokenKind } from './password-reset.ts';
import { writeAudit } from '../audit-log.ts';

const s = authEn.staffReset;

/**
 * Whether PocketBase can send email (SMTP is switched on in its settings).
 *
 * @throws {DomainError} `unavailable` when PocketBase is down or refuses the service client
 */
export async function emailCanBeSent(service: TypedPocketBase): Promise<boolean> {
  try {
    const settings = (await service.settings.getAll()) as { smtp?: { enabled?: boolean } };
    return settings.smtp?.enabled === true;
  } catch (error) {
    // PocketBase away: unavailable. The service client refused (its credentials, a bug): not an
    // outage, so it goes on to the middleware (a 500 with a logged id).
    if (isUnavailable(error)) throw new DomainError('unavailable', authEn.errors.unavailable);
    throw error;
  }
}

/**
 * Asks PocketBase to email a reset link. Says nothing about whether the email has an account:
 * every answer but "PocketBase is down" counts as done.
 *
 * @throws {DomainError} `unavailable` when PocketBase is down
 */
export async function requestEmailReset(pb: TypedPocketBase, email: string): Promise<void> {
  try {
    await pb.collection('users').requestPasswordReset(email);
  } catch (error) {
    if (error instanceof ClientResponseError && error.status !== 0) return;
    throw fromPocketBase(error, 'account');
  }
}

export interface MadeResetLink {
  /** The token, to be shown once; only its hash is stored. */
  token: string;
  expiresAt: Date;
  user: UserRecord;
}

/**
 * The first active, not archived group of `userId` that `staffId` trains ("" when none).
 *
 * @throws {ClientResponseError} when PocketBase cannot answer
 */
async function groupTrainedBy(service: TypedPocketBase, staffId: string, userId: string): Promise<string> {
  const found = await service.collection('enrolments').getList(1, 1, {
    skipTotal: true,
    fields: 'cohort',
    filter: service.filter('user = {:user} && status = "active" && cohort != "" && cohort.archived != true && cohort.trainers:each ?= {:staff}', {
      user: userId,
      staff: staffId,
    }),
  });
  return found.items[0]?.cohort ?? '';
}

/**
 * Makes a one-time link for the account with `email`, on behalf of `staff`. Earlier unused
 * links for that account stop working, so only the newest one is live. Every link made is
 * written to the audit log (who, for whom, never the token) and the person gets an account
 * notice naming who made it, shown when they next sign in.
 *
 * An unknown email and a person `staff` may not reach get the very same answer, so this cannot
 * be used to find out who has an account.
 *
 * @throws {DomainError} `forbidden` (field `email`) when no account has that email or `staff`
 *   may not make a link for it (see resetPermission), with one message for both;
 *   `forbidden` with its own message for `staff` themself; `unavailable` when PocketBase is down
 */
export async function createResetLink(
  service: TypedPocketBase,
  staff: Pick<UserRecord, 'id' | 'role' | 'display_name'>,
  email: string,
  now: Date = new Date(),
): Promise<MadeResetLink> {
  const outOfReach = () => new DomainError('forbidden', s.outOfReach, { email: s.outOfReach });
  try {
    const matches = await service.collection('users').getList(1, 1, { skipTotal: true, filter: service.filter('email = {:email}', { email }) });
    const user = matches.items[0];
    if (!user) throw outOfReach();

    const cohort = user.id === staff.id ? '' : await groupTrainedBy(service, staff.id, user.id);
    const permission = resetPermission(staff, user, { traineeOfStaff: cohort !== '' });
    if (permission === 'self') throw new DomainError('forbidden', s.forbiddenSelf, { email: s.forbiddenSelf });
    if (permission !== 'allowed') throw outOfReach();

    const earlier = await service.collection('password_resets').getFullList({
      filter: service.filter('user = {:user} && used_at = ""', { user: user.id }),
    });
    for (const link of earlier) {
      if (resetLinkState(link, now) === 'usable') await service.collection('password_resets').update(link.id, { expires_at: now.toISOString() });
    }

    const token = newResetToken();
    const expiresAt = resetLinkExpiry(now);
    const link = await service.collection('password_resets').create({
      user: user.id,
      token_hash: hashResetToken(token),
      expires_at: expiresAt.toISOString(),
      created_by: staff.id,
    });
    const actorName = staff.display_name || 'A member of staff';
    try {
      // No link without its audit row and its notice: if either fails, the link goes again.
      await writeAudit(service, {
        actor: staff,
        actorName,
        action: 'user.reset_link_create',
        target_collection: 'users',
        target_id: user.id,
        cohort,
        details: { link: link.id, expires_at: expiresAt.toISOString(), as: (staff.role ?? []).includes('admin') ? 'admin' : 'trainer' },
      });
      await service
        .collection('account_notices')
        .create({ user: user.id, kind: 'reset_link_made', actor_name: actorName, made_at: now.toISOString() }, { fields: 'id' });
    } catch (error) {
      await service
        .collection('password_resets')
        .delete(link.id)
        .catch(() => undefined);
      throw error;
    }
    return { token, expiresAt, user };
  } catch (error) {
    throw fromPocketBase(error, 'account');
  }
}

/**
 * The stored link for `token` if it still works at `now`, otherwise null (unknown, used or
 * expired all look the same to the person).
 *
 * @throws {DomainError} `unavailable` when PocketBase is down
 */
export async function findUsableResetLink(service: TypedPocketBase, token: string, now: Date = new Date()): Promise<PasswordResetRecord | null> {
  if (resetTokenKind(token) !== 'link') return null;
  try {
    const found = await service.collection('password_resets').getList(1, 1, {
      skipTotal: true,
      filter: service.filter('token_hash = {:hash}', { hash: hashResetToken(token) }),
    });
    const record = found.items[0];
    return record && resetLinkState(record, now) === 'usable' ? record : null;
  } catch (error) {
    throw fromPocketBase(error, 'reset link');
  }
}

/** Hashes of links being used right now: the web server is one process, so this makes "use once" hold under double submits. */
const inUse = new Set<string>();

/**
 * Sets a new password with a one-time link and marks the link used. PocketBase then refuses
 * every token issued before, so all of that person's sessions end.
 *
 * @returns the id of the account whose password was set
 * @throws {DomainError} `not-found` when the link is unknown, used or expired;
 *   `invalid` when PocketBase refuses the password; `unavailable` when PocketBase is down
 */
export async function useResetLink(service: TypedPocketBase, token: string, password: string, now: Date = new Date()): Promise<string> {
  const hash = hashResetToken(token);
  if (inUse.has(hash)) throw new DomainError('not-found', authEn.reset.badLinkText);
  inUse.add(hash);
  try {
    const link = await findUsableResetLink(service, token, now);
    if (!link) throw new DomainError('not-found', authEn.reset.badLinkText);
    // Mark it used first: if anything below fails, the link is given back.
    await service.collection('password_resets').update(link.id, { used_at: now.toISOString() });
    try {
      await service.collection('users').update(link.user, { password, passwordConfirm: password });
    } catch (error) {
      await service
        .collection('password_resets')
        .update(link.id, { used_at: '' })
        .catch(() => undefined);
      throw error;
    }
    await recordLinkUsed(service, link, now);
    return link.user;
  } catch (error) {
    const domain = fromPocketBase(error, 'password');
    if (domain.kind === 'invalid') throw new DomainError('invalid', authEn.errors.saveFailed, { password: authEn.errors.saveFailed });
    throw domain;
  } finally {
    inUse.delete(hash);
  }
}

/**
 * After a link made by someone else was used: an audit row and a notice the person keeps
 * seeing in their account activity (see notices-store.ts). The password is already set, so a
 * failure here is logged, not shown: the person must not be asked to reset again.
 */
async function recordLinkUsed(service: TypedPocketBase, link: PasswordResetRecord, now: Date): Promise<void> {
  try {
    const maker = link.created_by
      ? await service.collection('users').getOne(link.created_by, { fields: 'id,display_name' }).catch(() => undefined)
      : undefined;
    const makerName = maker?.display_name || 'A member of staff';
    const person = await service.collection('users').getOne(link.user, { fields: 'id,display_name' });
    await writeAudit(service, {
      actor: person,
      actorName: person.display_name || 'the account holder',
      action: 'user.reset_link_use',
      target_collection: 'users',
      target_id: link.user,
      details: { link: link.id, made_by: link.created_by ?? '' },
    });
    await service
      .collection('account_notices')
      .create({ user: link.user, kind: 'reset_link_used', actor_name: makerName, made_at: now.toISOString() }, { fields: 'id' });
  } catch (error) {
    console.error(`[auth] a reset link was used but its audit row or notice could not be written: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Sets a new password with a token PocketBase emailed (SMTP set up). PocketBase checks the
 * token, makes it single use and ends the person's other sessions.
 *
 * @throws {DomainError} `not-found` when the token is invalid or expired; `unavailable` when
 *   PocketBase is down
 */
export async function confirmEmailReset(pb: TypedPocketBase, token: string, password: string): Promise<void> {
  try {
    await pb.collection('users').confirmPasswordReset(token, password, password);
  } catch (error) {
    if (error instanceof ClientResponseError && error.status >= 400 && error.status < 500) {
      throw new DomainError('not-found', authEn.reset.badLinkText);
    }
    throw fromPocketBase(error, 'password');
  }
}
