/**
 * Private calendar links (docs/DATA-MODEL.md "calendar_feeds"). A link is
 * `/calendar/<secret>.ics`: 32 random bytes in base64url. Only a SHA-256 of the secret is
 * stored, so the link is shown once, when made; making a new one replaces the old (which stops
 * working at once). Every read and write is the service account's: the collection's rules are
 * all null, and the feed is fetched by calendar apps with no session.
 */
import { createHash, randomBytes } from 'node:crypto';
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import { buildCalendar, type CalendarEntry } from './calendar.ts';
import { loadTimetable } from './sessions-store.ts';

/** What a secret must look like before it is even looked up (43 base64url characters). */
export const FEED_SECRET = /^[A-Za-z0-9_-]{43}$/;

export const hashFeedSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** True when the person has a calendar link. */
export async function hasFeed(service: TypedPocketBase, user: string): Promise<boolean> {
  try {
    const found = await service.collection('calendar_feeds').getList(1, 1, { skipTotal: true, fields: 'id', filter: service.filter('user = {:user}', { user }) });
    return found.items.length > 0;
  } catch (error) {
    throw fromPocketBase(error, 'calendar link');
  }
}

/** Makes (or replaces) the person's calendar link; returns the secret, which is never stored. */
export async function resetFeed(service: TypedPocketBase, user: string): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  try {
    const found = await service.collection('calendar_feeds').getList(1, 1, { skipTotal: true, fields: 'id', filter: service.filter('user = {:user}', { user }) });
    const row = found.items[0];
    if (row) await service.collection('calendar_feeds').update(row.id, { token_hash: hashFeedSecret(secret) });
    else await service.collection('calendar_feeds').create({ user, token_hash: hashFeedSecret(secret) });
    return secret;
  } catch (error) {
    throw fromPocketBase(error, 'calendar link');
  }
}

/** Stops the person's calendar link. */
export async function stopFeed(service: TypedPocketBase, user: string): Promise<void> {
  try {
    const rows = await service.collection('calendar_feeds').getFullList({ fields: 'id', filter: service.filter('user = {:user}', { user }) });
    for (const row of rows) await service.collection('calendar_feeds').delete(row.id);
  } catch (error) {
    throw fromPocketBase(error, 'calendar link');
  }
}

/** The person a secret belongs to, or undefined for an unknown or malformed one. */
export async function feedOwner(service: TypedPocketBase, secret: string): Promise<string | undefined> {
  if (!FEED_SECRET.test(secret)) return undefined;
  try {
    const found = await service.collection('calendar_feeds').getList(1, 1, { skipTotal: true, fields: 'user', filter: service.filter('token_hash = {:hash}', { hash: hashFeedSecret(secret) }) });
    return found.items[0]?.user as string | undefined;
  } catch (error) {
    throw fromPocketBase(error, 'calendar link');
  }
}

/** The calendar entries of a person's timetable. */
export function timetableEntries(timetable: Awaited<ReturnType<typeof loadTimetable>>, moduleTitle: (course: string, module: string) => string): CalendarEntry[] {
  return timetable.groups.flatMap((g) => g.sessions.map((session) => ({ session, groupName: g.cohort.name, moduleTitle: session.module ? moduleTitle(g.cohort.course, session.module) : '' })));
}

/**
 * The feed for a secret: the calendar text, or undefined when the secret is unknown.
 *
 * @throws {DomainError} `unavailable`
 */
export async function feedFor(
  service: TypedPocketBase,
  secret: string,
  options: { name: string; host: string; moduleTitle: (course: string, module: string) => string },
): Promise<string | undefined> {
  const user = await feedOwner(service, secret);
  if (!user) return undefined;
  const timetable = await loadTimetable(service, user);
  return buildCalendar(timetableEntries(timetable, options.moduleTitle), { name: options.name, host: options.host });
}
