/**
 * Account notices: things a person is told about their own account when they next sign in
 * (today: "a password reset link was made for your account by <staff> on <date>"). Read and
 * dismissed with the person's own client; the `account_notices` rules let nobody else read
 * them. Written by the service account in ./password-reset-store.ts.
 */
import { DomainError, fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { AccountNoticeRecord } from '../records.ts';
import { RECORD_ID } from '../record-id.ts';
import { authEn } from '../i18n/auth.ts';
import { formatForPeople, orgTimeZone } from '../dates.ts';

/**
 * The person's notices not yet dismissed, newest first (at most 10). Never fails the page: if
 * PocketBase cannot answer, there is simply nothing to show this time.
 */
export function unreadNotices(pb: TypedPocketBase, userId: string): Promise<AccountNoticeRecord[]> {
  return ownNotices(pb, userId, { unreadOnly: true, limit: 10 });
}

/**
 * Everything that happened to the person's account, read or not, newest first (at most 20),
 * for the account page's "Account activity". Dismissing a notice never removes it from here,
 * so whoever used a reset link cannot hide that it was made or used. Never fails the page.
 */
export function accountActivity(pb: TypedPocketBase, userId: string): Promise<AccountNoticeRecord[]> {
  return ownNotices(pb, userId, { unreadOnly: false, limit: 20 });
}

async function ownNotices(pb: TypedPocketBase, userId: string, options: { unreadOnly: boolean; limit: number }): Promise<AccountNoticeRecord[]> {
  try {
    const list = await pb.collection('account_notices').getList(1, options.limit, {
      skipTotal: true,
      sort: '-made_at,-id',
      filter: pb.filter(options.unreadOnly ? 'user = {:user} && dismissed_at = ""' : 'user = {:user}', { user: userId }),
      fields: 'id,user,kind,actor_name,made_at,dismissed_at',
    });
    return list.items;
  } catch (error) {
    console.warn(`[auth] could not read account notices: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
}

/**
 * Marks one of the person's own notices as read.
 *
 * @throws {DomainError} `not-found` for an unknown id or someone else's notice; `unavailable` when PocketBase is down
 */
export async function dismissNotice(pb: TypedPocketBase, id: string, now: Date = new Date()): Promise<void> {
  if (!RECORD_ID.test(id)) throw new DomainError('not-found', 'We could not find that notice.');
  try {
    await pb.collection('account_notices').update(id, { dismissed_at: now.toISOString() }, { fields: 'id' });
  } catch (error) {
    throw fromPocketBase(error, 'notice');
  }
}

/** A notice's date for people: "7 December 2026". */
export function noticeDate(madeAt: string, timeZone = orgTimeZone()): string {
  return formatForPeople(madeAt, { dateStyle: 'long', timeZone }) || madeAt;
}

/** What a notice says, in the person's words. */
export function noticeText(notice: Pick<AccountNoticeRecord, 'kind' | 'actor_name' | 'made_at'>): string {
  const t = authEn.notices;
  const date = noticeDate(notice.made_at);
  return notice.kind === 'reset_link_used' ? t.resetLinkUsed(notice.actor_name, date) : t.resetLinkMade(notice.actor_name, date);
}
