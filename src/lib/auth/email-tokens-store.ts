/**
 * Email verification and change of email in PocketBase. Links live in `email_tokens` (service
 * only, hashed tokens); each link is written in one PocketBase batch with its email(s) in the
 * outbox and its audit row, so there is never a link without its email or an email without its
 * link. Pure rules: ./email-tokens.ts. Docs: docs/ACCOUNTS.md, "Email verification" and
 * "Changing your email".
 */
import { auditFields, writeAudit } from '../audit-log.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import { hasErrorCode } from '../hook-errors.ts';
import { createWithEmails, type QueueEmailInput } from '../email/outbox-store.ts';
import { emailAccountEn } from '../i18n/email-account.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { newOutboxId } from '../email/outbox.ts';
import { changePath, emailTokenExpiry, emailTokenState, looksLikeEmailToken, sameAddress, verifyPath, type EmailTokenPurpose } from './email-tokens.ts';
import { hashResetToken, newResetToken } from './password-reset.ts';
import { sendBatch } from '../pb-batch.ts';
import { oneUseAtATime } from '../server/one-use.ts';

const t = emailAccountEn;
const TOKENS = 'email_tokens';

export interface EmailTokenRecord {
  id: string;
  user: string;
  purpose: EmailTokenPurpose;
  token_hash: string;
  new_email: string;
  expires_at: string;
  used_at: string;
}

type Person = Pick<UserRecord, 'id' | 'email' | 'display_name'>;

/** Earlier unused links of this purpose stop working, so only the newest one is live. */
async function expireEarlier(service: TypedPocketBase, userId: string, purpose: EmailTokenPurpose, now: Date): Promise<void> {
  const earlier = await service.collection(TOKENS).getFullList<EmailTokenRecord>({
    filter: service.filter('user = {:user} && purpose = {:purpose} && used_at = ""', { user: userId, purpose }),
  });
  for (const link of earlier) {
    if (emailTokenState(link, now) === 'usable') await service.collection(TOKENS).update(link.id, { expires_at: now.toISOString() });
  }
}

/**
 * Queues a verification link for `user` (after sign-up, or "send it again"): the link, its
 * email and an audit row in one batch. Earlier verification links stop working.
 *
 * @returns the outbox row id
 * @throws {DomainError} `unavailable` when PocketBase is down
 */
export async function queueVerificationEmail(service: TypedPocketBase, user: Person, now: Date = new Date()): Promise<string> {
  try {
    await expireEarlier(service, user.id, 'verify', now);
    const token = newResetToken();
    const expiresAt = emailTokenExpiry('verify', now);
    const linkId = newOutboxId();
    const [outbox] = await createWithEmails(service, {
      rows: [{ collection: TOKENS, body: { id: linkId, user: user.id, purpose: 'verify', token_hash: hashResetToken(token), expires_at: expiresAt.toISOString() } }],
      emails: [{ kind: 'email_verify', to: user.email, userId: user.id, data: { name: user.display_name ?? '', verifyPath: verifyPath(token) } }],
      audit: ([email]) => ({
        actor: user,
        action: 'user.verify_email_request',
        target_collection: 'users',
        target_id: user.id,
        details: { link: linkId, email, expires_at: expiresAt.toISOString() },
      }),
    });
    return outbox!;
  } catch (error) {
    throw fromPocketBase(error, 'account');
  }
}

/** The stored link for `token` if it exists (any state), else null. */
async function findLink(service: TypedPocketBase, token: string): Promise<EmailTokenRecord | null> {
  if (!looksLikeEmailToken(token)) return null;
  const found = await service.collection(TOKENS).getList<EmailTokenRecord>(1, 1, { skipTotal: true, filter: service.filter('token_hash = {:hash}', { hash: hashResetToken(token) }) });
  return found.items[0] ?? null;
}

/** Whether `token` is a verification link that still works (for the page to show its button). */
export async function verificationLinkWorks(service: TypedPocketBase, token: string, now: Date = new Date()): Promise<boolean> {
  try {
    const link = await findLink(service, token);
    return !!link && link.purpose === 'verify' && emailTokenState(link, now) === 'usable';
  } catch (error) {
    throw fromPocketBase(error, 'link');
  }
}

/** Hashes of links being used right now in this process: a double submit is refused, not raced. */
const oneUse = oneUseAtATime();

/**
 * Follows a verification link: marks it used and the account verified, with an audit row, in
 * one batch. Needs no sign-in: the link itself proves the person reads that mailbox.
 *
 * @returns the id of the account now verified
 * @throws {DomainError} `not-found` when the link is unknown, used, expired or not a
 *   verification link (one message for all); `unavailable` when PocketBase is down
 */
export async function verifyEmailWithToken(service: TypedPocketBase, token: string, now: Date = new Date()): Promise<string> {
  const bad = () => new DomainError('not-found', t.verify.badText);
  return oneUse(hashResetToken(token), bad, async () => {
    try {
      const link = await findLink(service, token);
      if (!link || link.purpose !== 'verify' || emailTokenState(link, now) !== 'usable') throw bad();
      const person = await service.collection('users').getOne(link.user, { fields: 'id,email,display_name' });
      const batch = service.createBatch();
      batch.collection(TOKENS).update(link.id, { used_at: now.toISOString() });
      batch.collection('users').update(link.user, { verified: true });
      batch.collection('audit_log').create(
        auditFields({ actor: person, action: 'user.email_verified', target_collection: 'users', target_id: person.id, details: { link: link.id, email: person.email } }),
      );
      await sendBatch(batch);
      return link.user;
    } catch (error) {
      throw fromPocketBase(error, 'link');
    }
  });
}

/**
 * Someone (whose password the caller has checked) asks to change their email to `newEmail`.
 * - Address free: a `change` link to the NEW address, a notice with no link to the OLD one,
 *   and an audit row naming both addresses, in one batch. Earlier change links stop working.
 * - Address taken by another account: the new address is told it already has an account (no
 *   link), the old one gets the same notice, and the audit row says so. The person is given
 *   exactly the same answer either way, so this cannot tell anyone who has an account.
 *
 * @returns what was queued (for tests; callers show the same answer for both)
 * @throws {DomainError} `invalid` (field `new_email`) when it is already their own address;
 *   `unavailable` when PocketBase is down
 */
export async function requestEmailChange(service: TypedPocketBase, user: Person, newEmail: string, now: Date = new Date()): Promise<{ taken: boolean; outbox: string[] }> {
  const to = newEmail.trim();
  if (sameAddress(to, user.email)) throw new DomainError('invalid', t.change.sameAddress, { new_email: t.change.sameAddress });
  try {
    const holders = await service.collection('users').getList(1, 1, { skipTotal: true, fields: 'id', filter: service.filter('email = {:email}', { email: to }) });
    const taken = holders.items.length > 0;
    if (!taken) await expireEarlier(service, user.id, 'change', now);

    const details: Record<string, unknown> = { from: user.email, to, taken };
    const rows: { collection: string; body: Record<string, unknown> }[] = [];
    let toNew: QueueEmailInput;
    if (taken) {
      toNew = { kind: 'email_change_taken', to, data: {} };
    } else {
      const token = newResetToken();
      const expiresAt = emailTokenExpiry('change', now);
      const linkId = newOutboxId();
      rows.push({ collection: TOKENS, body: { id: linkId, user: user.id, purpose: 'change', token_hash: hashResetToken(token), new_email: to, expires_at: expiresAt.toISOString() } });
      toNew = { kind: 'email_change_confirm', to, userId: user.id, data: { name: user.display_name ?? '', confirmPath: changePath(token) } };
      details.link = linkId;
      details.expires_at = expiresAt.toISOString();
    }
    const toOld: QueueEmailInput = { kind: 'email_change_notice', to: user.email, userId: user.id, data: { name: user.display_name ?? '' } };
    const outbox = await createWithEmails(service, {
      rows,
      emails: [toNew, toOld],
      audit: (emails) => ({ actor: user, action: 'user.email_change_request', target_collection: 'users', target_id: user.id, details: { ...details, emails } }),
    });
    return { taken, outbox };
  } catch (error) {
    throw fromPocketBase(error, 'account');
  }
}

/**
 * The change link for `token` if it still works and belongs to `userId` (the signed-in
 * person), else null: someone else's link, used, expired and unknown all look the same.
 */
export async function findUsableChangeLink(service: TypedPocketBase, userId: string, token: string, now: Date = new Date()): Promise<EmailTokenRecord | null> {
  try {
    const link = await findLink(service, token);
    if (!link || link.purpose !== 'change' || link.user !== userId || emailTokenState(link, now) !== 'usable') return null;
    return link;
  } catch (error) {
    throw fromPocketBase(error, 'link');
  }
}

/**
 * Follows a change link, signed in as `user`: the email becomes the link's new address (and
 * counts as verified), the link is used, in one transaction in PocketBase
 * (pb_hooks/email-change.pb.js), which also keeps the person's sessions. An audit row names
 * the old and the new address.
 *
 * Only the person who asked can confirm: a link opened by anyone else (signed in as someone
 * else) changes nothing, so an address typed by mistake cannot take over the account.
 *
 * @returns the new email
 * @throws {DomainError} `not-found` for a link that is unknown, used, expired or another
 *   person's; `conflict` when the address has an account by now; `unavailable` when down
 */
export async function confirmEmailChange(service: TypedPocketBase, user: Person, token: string, now: Date = new Date()): Promise<string> {
  const bad = () => new DomainError('not-found', t.change.badText);
  return oneUse(hashResetToken(token), bad, async () => {
    try {
      const link = await findUsableChangeLink(service, user.id, token, now);
      if (!link) throw bad();
      try {
        await service.send('/api/ll/users/change-email', { method: 'POST', body: { user: user.id, token: link.id, email: link.new_email } });
      } catch (error) {
        if (hasErrorCode(error, 'email_link_spent')) throw bad();
        if (hasErrorCode(error, 'validation_not_unique', 'email')) throw new DomainError('conflict', t.change.takenText);
        throw error;
      }
      try {
        await writeAudit(service, {
          actor: user,
          actorName: user.display_name || 'the account holder',
          action: 'user.email_change',
          target_collection: 'users',
          target_id: user.id,
          details: { link: link.id, from: user.email, to: link.new_email },
        });
      } catch (error) {
        console.error(`[auth] an email was changed but its audit row could not be written: ${error instanceof Error ? error.message : String(error)}`);
      }
      return link.new_email;
    } catch (error) {
      throw fromPocketBase(error, 'email');
    }
  });
}
