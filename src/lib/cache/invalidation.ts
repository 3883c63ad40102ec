/**
 * What a change in PocketBase makes the web server forget (see ./person-cache.ts): worked out
 * from a write this server sent (its method, address and answer) or from a realtime event.
 * When it cannot tell whose rows changed, everything goes: forgetting too much only costs a
 * request to PocketBase, remembering too much would show a page that is wrong.
 */
import type { PersonCache } from './person-cache.ts';

export type Affected =
  | { kind: 'nothing' }
  /** One of the person's own rows. */
  | { kind: 'rows'; person: string }
  /** The person's account (and so their sessions). */
  | { kind: 'person'; person: string }
  | { kind: 'everything' };

const NOTHING: Affected = { kind: 'nothing' };
const EVERYTHING: Affected = { kind: 'everything' };

/** Account actions that only read, or only send an email: they change no record. */
const READ_ONLY_AUTH_ACTIONS = new Set(['auth-refresh', 'auth-with-password', 'auth-with-otp', 'auth-with-oauth2', 'auth-methods', 'request-password-reset', 'request-verification', 'request-email-change', 'request-otp', 'impersonate']);

/**
 * @param method the HTTP method sent
 * @param address the full URL sent (query allowed)
 * @param answer the JSON PocketBase answered with
 * @param personCollections collections whose rows belong to a person through a `user` field
 */
export function affectedByWrite(method: string, address: string, answer: unknown, personCollections: ReadonlySet<string>): Affected {
  return affectedByWritten(writtenTo(method, address), answer, personCollections);
}

/** {@link affectedByWrite} for a request already read by {@link writtenTo}. */
export function affectedByWritten(written: ReturnType<typeof writtenTo>, answer: unknown, personCollections: ReadonlySet<string>): Affected {
  if (!written) return NOTHING;
  if (written === ANY_COLLECTION) return EVERYTHING;
  const { collection, action } = written;
  const tracked = collection === 'users' || personCollections.has(collection);
  if (!tracked) return NOTHING;
  // A change to the collection itself (rules, fields) or its truncation.
  if (action === undefined || action === 'truncate') return EVERYTHING;
  if (action !== 'records') return collection === 'users' && !READ_ONLY_AUTH_ACTIONS.has(action) ? EVERYTHING : NOTHING;
  // The answer is the row written: whose it is, read as from an event about it.
  return affectedByEvent(collection, answer, personCollections);
}

/** A realtime event PocketBase sent about `collection` (create, update or delete of `record`). */
export function affectedByEvent(collection: string, record: unknown, personCollections: ReadonlySet<string>): Affected {
  const row = (record ?? {}) as Record<string, unknown>;
  if (collection === 'users') return typeof row.id === 'string' && row.id ? { kind: 'person', person: row.id } : EVERYTHING;
  if (!personCollections.has(collection)) return NOTHING;
  return typeof row.user === 'string' && row.user ? { kind: 'rows', person: row.user } : EVERYTHING;
}

export function forget(cache: PersonCache<{ id: string }, unknown>, affected: Affected): void {
  if (affected.kind === 'rows') cache.forgetRows(affected.person);
  else if (affected.kind === 'person') cache.forgetPerson(affected.person);
  else if (affected.kind === 'everything') cache.clear();
}

/** Stands for "any collection, perhaps several" (a batch, a schema import). */
export const ANY_COLLECTION = '*';

/**
 * Which collection a request may have changed, and what it did there (`records`, `truncate`,
 * `auth-refresh`…; undefined for the collection itself); undefined when it changes none.
 */
export function writtenTo(method: string, address: string): typeof ANY_COLLECTION | { collection: string; action: string | undefined } | undefined {
  const verb = method.toUpperCase();
  if (verb === 'GET' || verb === 'HEAD' || verb === 'OPTIONS') return undefined;
  const path = pathOf(address);
  if (path === '/api/batch' || path === '/api/collections' || path.startsWith('/api/collections/import')) return ANY_COLLECTION;
  const match = /^\/api\/collections\/([^/]+)(?:\/([^/]+))?/.exec(path);
  return match ? { collection: decodeURIComponent(match[1]!), action: match[2] } : undefined;
}

function pathOf(address: string): string {
  try {
    return new URL(address, 'http://pocketbase').pathname.replace(/\/+$/, '');
  } catch {
    return '';
  }
}
