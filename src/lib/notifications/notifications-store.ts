/**
 * A trainee's own notifications, read and marked read with their OWN client: the
 * `notifications` rules let only the recipient read them, and change only `read_at`.
 *
 * Reading costs nothing extra: notifications are one of the person's own-row collections
 * (src/lib/trainee/own-row-collections.ts), so they come with the one request that brings a
 * trainee's rows (and are remembered and forgotten with them).
 */
import { DomainError, fromPocketBase, isUnavailable } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { NotificationRecord } from '../records.ts';
import { isRecordId } from '../record-id.ts';
import { ownRecords } from '../trainee/own-records-store.ts';
import { isUnread, openedBy } from './notifications.ts';

/** At most this many are marked in one "Mark all as read". */
const MARK_ALL_LIMIT = 200;

/**
 * The person's notifications, read and unread, oldest first.
 *
 * @throws {DomainError} `unavailable`
 */
export async function ownNotifications(pb: TypedPocketBase, user: string): Promise<NotificationRecord[]> {
  return (await ownRecords(pb, user)).notifications;
}

/**
 * Marks one of the person's own notifications read. Someone else's id is refused by the rules
 * (404), exactly like an id that does not exist.
 *
 * @throws {DomainError} `not-found`, `unavailable`
 */
export async function markRead(pb: TypedPocketBase, id: string, now: Date = new Date()): Promise<void> {
  if (!isRecordId(id)) throw new DomainError('not-found', 'We could not find that notification.');
  try {
    // `user` in the answer lets the web server forget only this person's remembered rows
    // (src/lib/cache/invalidation.ts); an answer without it would make it forget everyone's.
    await pb.collection('notifications').update(id, { read_at: now.toISOString() }, { fields: 'id,user' });
  } catch (error) {
    throw fromPocketBase(error, 'notification');
  }
}

/**
 * Marks every unread notification of the person read.
 *
 * @returns how many were marked
 * @throws {DomainError} `unavailable`
 */
export async function markAllRead(pb: TypedPocketBase, user: string, now: Date = new Date()): Promise<number> {
  const unread = (await ownNotifications(pb, user)).filter(isUnread).slice(0, MARK_ALL_LIMIT);
  for (const row of unread) await markRead(pb, row.id, now);
  return unread.length;
}

/**
 * The person opened the page at `pathname`: the unread notifications that pointed there are
 * now read. Never fails the page (a notification left unread is no harm); asks PocketBase
 * only when there is something to mark.
 */
export async function markOpened(pb: TypedPocketBase, user: string, pathname: string, now: Date = new Date()): Promise<number> {
  try {
    const opened = openedBy(await ownNotifications(pb, user), pathname);
    for (const row of opened) await markRead(pb, row.id, now);
    return opened.length;
  } catch (error) {
    if (!isUnavailable(error)) console.warn(`[notifications] could not mark as read: ${error instanceof Error ? error.message : String(error)}`);
    return 0;
  }
}
