/**
 * Password resets in PocketBase. One-time links live in `password_resets`, whose rules let
 * only the service client (a superuser) read or write it. A link reaches its person one of two
 * ways: by email through the outbox (src/lib/email/, when SMTP is set up), or from a trainer or
 * administrator who made it for them. Pure rules are in ./password-reset.ts.
 */
import { ClientResponseError } from 'pocketbase';
import { authEn } from '../i18n/auth.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { PasswordResetRecord, UserRecord } from '../records.ts';
import { hashResetToken, newResetToken, resetLinkExpiry, resetLinkState, resetPermission, resetTokenKind } from './password-reset.ts';
import { writeAudit } from '../audit-log.ts';
import { readEmailConfig } from '../email/config.ts';
import { newOutboxId } from '../email/outbox.ts';
import { createWithEmails } from '../email/outbox-store.ts';
import { oneUseAtATime } from '../server/one-use.ts';

const s = authEn.staffReset;

/**
 * Whether the site can send email: SMTP is set up in the environment (src/lib/email/config.ts).
 * Pages that would send email say so plainly when it cannot.
 */
export function emailCanBeSent(env: Record<string, string | undefined> = process.env): boolean {
  return readEmailConfig(env).kind === 'on';
}

/** Makes earlier unused links for `userId` stop working, so only the newest one is live. */
async function expireEarlierLinks(service: TypedPocketBase, userId: string, now: Date): Promise<void> {
  const earlier = await service.collection('password_resets').getFullList({
    filter: service.filter('user = {:user} && used_at = ""', { user: userId }),
  });
  for (const link of earlier) {
    if (resetLinkState(link, now) === 'usable') await service.collection('password_resets').update(link.id, { expires_at: now.toISOString() });
  }
}

/**
 * Someone forgot their password and gave their email: if an account has it, a one-time link
 * is made and its email queued, together with an audit row, in one PocketBase transaction
 * (a batch), so there is never a link without its email or an email without its link. The
 * worker sends it (src/lib/email/worker.ts).
 *
 * Says nothing about whether the email has an account: both resolve the same way. Earlier
 * unused links for the account stop working.
 *
 * @returns the outbox row id, or undefined when no account has that email (callers must not
 *   show the difference)
 * @throws {DomainError} `unavailable` when PocketBase is down or email is not set up
 */
export async function requestPasswordResetEmail(service: TypedPocketBase, email: string, now: Date = new Date()): Promise<string | undefined> {
  if (!emailCanBeSent()) throw new DomainError('unavailable', authEn.forgot.noEmailText);
  try {
    const matches = await service.collection('users').getList(1, 1, { skipTotal: true, filter: service.filter('email = {:email}', { email }) });
    const user = matches.items[0];
    if (!user) return undefined;

    await expireEarlierLinks(service, user.id, now);
    const token = newResetToken();
    const expiresAt = resetLinkExpiry(now);
    const linkId = newOutboxId();
    const [outbox] = await createWithEmails(service, {
      rows: [{ collection: 'password_resets', body: { id: linkId, user: user.id, token_hash: hashResetToken(token), expires_at: expiresAt.toISOString() } }],
      emails: [{ kind: 'password_reset', to: user.email, userId: user.id, data: { name: user.display_name ?? '', resetPath: `/reset/${token}` } }],
      audit: ([email]) => ({
        actor: user,
        action: 'user.reset_email_request',
        target_collection: 'users',
        target_id: user.id,
        details: { link: linkId, email, expires_at: expiresAt.toISOString() },
      }),
    });
    return outbox;
  } catch (error) {
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

    await expireEarlierLinks(service, user.id, now);

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

/** Hashes of links being used right now in this process: a double submit is refused, not raced. */
const oneUse = oneUseAtATime();

/**
 * Sets a new password with a one-time link and marks the link used. PocketBase then refuses
 * every token issued before, so all of that person's sessions end.
 *
 * @returns the id of the account whose password was set
 * @throws {DomainError} `not-found` when the link is unknown, used or expired;
 *   `invalid` when PocketBase refuses the password; `unavailable` when PocketBase is down
 */
export async function useResetLink(service: TypedPocketBase, token: string, password: string, now: Date = new Date()): Promise<string> {
  const bad = () => new DomainError('not-found', authEn.reset.badLinkText);
  return oneUse(hashResetToken(token), bad, async () => {
    try {
      const link = await findUsableResetLink(service, token, now);
      if (!link) throw bad();
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
    }
  });
}

/**
 * After a link was used: an audit row, and when someone else made the link, a notice the
 * person keeps seeing in their account activity (see notices-store.ts). A link the person had
 * emailed to themself has no maker and needs no notice. The password is already set, so a
 * failure here is logged, not shown: the person must not be asked to reset again.
 */
async function recordLinkUsed(service: TypedPocketBase, link: PasswordResetRecord, now: Date): Promise<void> {
  try {
    const person = await service.collection('users').getOne(link.user, { fields: 'id,display_name' });
    await writeAudit(service, {
      actor: person,
      actorName: person.display_name || 'the account holder',
      action: 'user.reset_link_use',
      target_collection: 'users',
      target_id: link.user,
      details: link.created_by ? { link: link.id, made_by: link.created_by } : { link: link.id, made_by: '', by_email: true },
    });
    if (!link.created_by) return;
    const maker = await service.collection('users').getOne(link.created_by, { fields: 'id,display_name' }).catch(() => undefined);
    await service
      .collection('account_notices')
      .create({ user: link.user, kind: 'reset_link_used', actor_name: maker?.display_name || 'A member of staff', made_at: now.toISOString() }, { fields: 'id' });
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
