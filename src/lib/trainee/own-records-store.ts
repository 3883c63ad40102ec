/**
 * The signed-in person's own rows, read in ONE request as the person (their token, so the API
 * rules apply): their `users` record with every collection that points at them expanded
 * ("back-relations"). PocketBase checks each expanded row against that collection's view rule.
 *
 * Why not one filtered list per collection: PocketBase sleeps up to 500 ms on a filtered list
 * that finds nothing when more than three such lists for a collection come from one address
 * within three seconds (a defence against guessing hidden values). Every page request comes
 * from this server's one address, so a new trainee's empty lists (no decisions yet, no
 * feedback yet…) tripped it for everybody. A view request is never throttled, and one request
 * instead of eight is faster anyway. See docs/ARCHITECTURE.md "Reading a trainee's own rows".
 *
 * Loaded at most once per request when the request's client was passed to
 * {@link scopeToRequest}. Any write sent through that client drops them, so a read after it
 * sees the change; a write made with another client (the service account grading a check)
 * must call {@link forgetOwnRecords}.
 */
import { ClientResponseError } from 'pocketbase';
import { remembered } from '../cache/remembered.ts';
import type { PersonStamp } from '../cache/person-cache.ts';
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { ProgressRecord } from '../records.ts';
import { OWN_ROW_COLLECTIONS, type OwnRecords } from './own-row-collections.ts';

/** PocketBase returns at most this many rows per back-relation; past it we fall back to lists. */
const BACK_RELATION_LIMIT = 1000;

const RELATIONS = OWN_ROW_COLLECTIONS satisfies Record<keyof OwnRecords, string>;

const REFLECTION_FIELDS = ['id', 'course', 'module', 'prompt', 'title', 'shared', 'version', 'created', 'updated'];

const expandOf = (collection: string) => `${collection}_via_user`;

function fieldsParam(): string {
  const fields = ['id'];
  for (const collection of Object.values(RELATIONS)) {
    const at = `expand.${expandOf(collection)}`;
    if (collection === 'reflections') fields.push(...REFLECTION_FIELDS.map((f) => `${at}.${f}`), `${at}.body:excerpt(40)`);
    else fields.push(`${at}.*`);
  }
  return fields.join(',');
}

const FIELDS = fieldsParam();
const EXPAND = Object.values(RELATIONS).map(expandOf).join(',');

const byCreated = <T extends { created: string; id: string }>(a: T, b: T) =>
  a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

const cache = new WeakMap<object, Promise<OwnRecords>>();

/**
 * The person's own rows in every collection above, oldest first.
 *
 * @param pb the request's client, signed in as `user`
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export function ownRecords(pb: TypedPocketBase, user: string): Promise<OwnRecords> {
  // Only a client made for one request keeps them (others, like the service client, live on).
  if (!requestScoped.has(pb)) return load(pb, user);
  let loaded = cache.get(pb);
  if (!loaded) {
    loaded = load(pb, user);
    cache.set(pb, loaded);
    // A failed load is not kept: the next caller in the request tries again.
    loaded.catch(() => cache.delete(pb));
  }
  return loaded;
}

/** Drops the cached rows after a write whose effect the rest of the request must see. */
export function forgetOwnRecords(pb: TypedPocketBase): void {
  cache.delete(pb);
}

/** After writing a progress row: keeps the rows read before the write, with that row in them. */
export function rememberProgressRow(pb: TypedPocketBase, records: OwnRecords, row: ProgressRecord): void {
  if (!requestScoped.has(pb)) return;
  const at = records.progress.findIndex((r) => r.id === row.id);
  if (at >= 0) records.progress[at] = row;
  else records.progress.push(row);
  cache.set(pb, Promise.resolve(records));
}

const requestScoped = new WeakSet<object>();

/**
 * Lets `pb` (a client made for one request, see src/middleware.ts) keep the person's rows
 * for the rest of the request. Any write sent through it drops them.
 */
export function scopeToRequest(pb: TypedPocketBase): void {
  if (requestScoped.has(pb)) return;
  requestScoped.add(pb);
  const before = pb.beforeSend;
  pb.beforeSend = function (url, options) {
    const method = (options.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD' && !url.includes('/auth-refresh')) cache.delete(pb);
    return before ? before.call(this, url, options) : { url, options };
  };
}

async function load(pb: TypedPocketBase, user: string): Promise<OwnRecords> {
  // Rows remembered from an earlier request serve only the person themselves.
  const asThemselves = pb.authStore.record?.id === user;
  const kept = asThemselves ? remembered.rows(user) : undefined;
  if (kept) return kept;
  const stamp = remembered.stamp(user);
  try {
    const record = await pb.collection('users').getOne(user, { expand: EXPAND, fields: FIELDS });
    const rows = await fromExpand(pb, user, record.expand);
    if (asThemselves) remembered.rememberRows(user, rows, stamp);
    return rows;
  } catch (error) {
    // Someone else's id: the rules hide their account, so there is nothing of theirs to show.
    if (error instanceof ClientResponseError && error.status === 404) return fromExpand(pb, user, {});
    throw fromPocketBase(error, 'progress');
  }
}

/**
 * The query that makes the session check (`authRefresh`) bring the person's own rows along,
 * so a trainee's page needs one request to PocketBase in all. Pass the answer's record to
 * {@link keepOwnRecords}.
 */
export const AUTH_REFRESH_WITH_OWN_RECORDS = {
  expand: EXPAND,
  fields: ['token', 'record.*', ...FIELDS.split(',').filter((f) => f !== 'id').map((f) => `record.${f}`)].join(','),
};

/** Pages that show the signed-in person's own rows (their auth refresh brings them along). */
export function showsOwnRecords(pathname: string): boolean {
  return pathname === '/dashboard' || pathname.startsWith('/courses/') || pathname.startsWith('/evidence/');
}

/**
 * Caches the rows that came with an auth refresh made with {@link AUTH_REFRESH_WITH_OWN_RECORDS}
 * (for this request, and for later ones when `stamp`, taken before asking, is still current),
 * and takes them off the record (which then looks as it always does).
 */
export function keepOwnRecords(pb: TypedPocketBase, record: { id: string; expand?: unknown }, stamp: PersonStamp): void {
  const expand = record.expand;
  delete record.expand;
  if (!requestScoped.has(pb)) return;
  const loaded = fromExpand(pb, record.id, expand).then(
    (rows) => {
      remembered.rememberRows(record.id, rows, stamp);
      return rows;
    },
    (error: unknown) => {
      throw fromPocketBase(error, 'progress');
    },
  );
  cache.set(pb, loaded);
  loaded.catch(() => cache.delete(pb));
}

async function fromExpand(pb: TypedPocketBase, user: string, expanded: unknown): Promise<OwnRecords> {
  const expand = (expanded ?? {}) as Record<string, Record<string, unknown>[] | undefined>;
  const rows = async <K extends keyof OwnRecords>(key: K): Promise<OwnRecords[K]> => {
    const collection = RELATIONS[key];
    let found = expand[expandOf(collection)] ?? [];
    if (found.length >= BACK_RELATION_LIMIT) found = await fullList(pb, user, collection);
    if (key === 'reflections') found = found.map(({ body, ...rest }) => ({ ...rest, excerpt: String(body ?? '') }));
    return (found as unknown as { created: string; id: string }[]).sort(byCreated) as unknown as OwnRecords[K];
  };
  return {
    enrolments: await rows('enrolments'),
    progress: await rows('progress'),
    reflections: await rows('reflections'),
    attempts: await rows('attempts'),
    evidence: await rows('evidence'),
    observations: await rows('observations'),
    decisions: await rows('decisions'),
    signoffs: await rows('signoffs'),
    feedback: await rows('feedback'),
    certificates: await rows('certificates'),
    notifications: await rows('notifications'),
  };
}

/** More rows than one expand returns: the plain list (this person has plenty, so it is never empty). */
async function fullList(pb: TypedPocketBase, user: string, collection: string): Promise<Record<string, unknown>[]> {
  const fields = collection === 'reflections' ? [...REFLECTION_FIELDS, 'body:excerpt(40)'].join(',') : undefined;
  return pb.collection(collection).getFullList({ filter: pb.filter('user = {:user}', { user }), batch: 1000, ...(fields ? { fields } : {}) });
}

/** Rows of one course (and module) from a list. */
export function ofCourse<T extends { course: string; module?: string }>(rows: readonly T[], course: string, module?: string): T[] {
  return rows.filter((r) => r.course === course && (module === undefined || r.module === module));
}
