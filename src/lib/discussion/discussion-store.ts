/**
 * Reading and writing a group's discussion space. Everything a person reads or writes goes
 * through THEIR OWN PocketBase client, so the collection rules (migration
 * 1795436300_discussion.js) decide what they can see and do; the page never trusts itself
 * alone. The service client is used only for what a member cannot read by rule — the group's
 * name and course, and the display names of the people who posted — and to write audit rows.
 */
import { randomBytes } from 'node:crypto';
import { writeAudit } from '../audit-log.ts';
import { listByIds } from '../cohorts/batches.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import { isRecordId } from '../record-id.ts';
import type {
  CohortRecord,
  DiscussionPostRecord,
  DiscussionPostVersionRecord,
  DiscussionReactionRecord,
  DiscussionReportRecord,
  DiscussionThreadRecord,
  UserRecord,
} from '../records.ts';
import { newRecordId, threadOrder, type PostInput, type ReportReason, type Role, type ThreadInput } from './discussion.ts';
import { sendBatch } from '../pb-batch.ts';

export interface Space {
  cohort: Pick<CohortRecord, 'id' | 'name' | 'course'>;
  role: Role;
  /** The person left the space (a discussion_leaves row). */
  left: boolean;
}

const notFound = () => new DomainError('not-found', 'We could not find that discussion.');

/**
 * The discussion space of `cohortId` as `user` may use it, or `not-found` when they are not an
 * active member or trainer of the group (the same answer as a group that does not exist).
 *
 * @throws {DomainError} `not-found`, `unavailable`
 */
export async function openSpace(pb: TypedPocketBase, service: TypedPocketBase, cohortId: string | undefined, user: Pick<UserRecord, 'id'>): Promise<Space> {
  if (!cohortId || !isRecordId(cohortId)) throw notFound();
  let cohort: CohortRecord;
  try {
    cohort = await service.collection('cohorts').getOne(cohortId, { fields: 'id,name,course,trainers' });
  } catch (error) {
    const domain = fromPocketBase(error, 'discussion');
    throw domain.kind === 'not-found' ? notFound() : domain;
  }
  let role: Role | undefined = (cohort.trainers ?? []).includes(user.id) ? 'trainer' : undefined;
  try {
    if (!role) {
      const mine = await pb.collection('enrolments').getList(1, 1, { filter: pb.filter('user = {:u} && cohort = {:c} && status = "active"', { u: user.id, c: cohort.id }), fields: 'id' });
      if (mine.items.length > 0) role = 'member';
    }
    if (!role) throw notFound();
    const left = await pb.collection('discussion_leaves').getList(1, 1, { filter: pb.filter('user = {:u} && cohort = {:c}', { u: user.id, c: cohort.id }), fields: 'id' });
    return { cohort: { id: cohort.id, name: cohort.name, course: cohort.course }, role, left: left.items.length > 0 };
  } catch (error) {
    throw fromPocketBase(error, 'discussion');
  }
}

/** The groups whose discussion space `user` can use (active member or trainer), by name. */
export async function mySpaces(pb: TypedPocketBase, service: TypedPocketBase, user: Pick<UserRecord, 'id'>): Promise<{ id: string; name: string; left: boolean }[]> {
  try {
    const enrolments = await pb.collection('enrolments').getFullList({ filter: pb.filter('user = {:u} && status = "active" && cohort != ""', { u: user.id }), fields: 'cohort' });
    const trained = await service.collection('cohorts').getFullList<CohortRecord>({ filter: service.filter('trainers ?= {:u}', { u: user.id }), fields: 'id' });
    const ids = [...new Set([...enrolments.map((e) => e.cohort), ...trained.map((c) => c.id)])];
    if (ids.length === 0) return [];
    const cohorts = await listByIds<CohortRecord>(service, 'cohorts', { field: 'id', ids, fields: 'id,name' });
    const left = new Set((await pb.collection('discussion_leaves').getFullList({ filter: pb.filter('user = {:u}', { u: user.id }), fields: 'cohort' })).map((l) => l.cohort));
    return cohorts.map((c) => ({ id: c.id, name: c.name, left: left.has(c.id) })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  } catch (error) {
    throw fromPocketBase(error, 'discussion');
  }
}

/** Display names of these people (service client: members cannot read each other's accounts). */
export async function namesOf(service: TypedPocketBase, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return new Map();
  try {
    const users = await listByIds<UserRecord>(service, 'users', { field: 'id', ids: unique, fields: 'id,display_name' });
    return new Map(users.map((u) => [u.id, u.display_name || '—']));
  } catch (error) {
    throw fromPocketBase(error, 'discussion');
  }
}

export interface ThreadSummary {
  thread: DiscussionThreadRecord;
  posts: number;
  muted: boolean;
}

/** The threads of the space, newest activity first, with how many posts each shows the person. */
export async function listThreads(pb: TypedPocketBase, space: Space, user: string): Promise<ThreadSummary[]> {
  try {
    const threads = await pb.collection('discussion_threads').getFullList({ filter: pb.filter('cohort = {:c}', { c: space.cohort.id }), batch: 500 });
    if (threads.length === 0) return [];
    const posts = await pb.collection('discussion_posts').getFullList({ filter: pb.filter('thread.cohort = {:c}', { c: space.cohort.id }), fields: 'id,thread', batch: 1000 });
    const mutes = await pb.collection('discussion_mutes').getFullList({ filter: pb.filter('user = {:u}', { u: user }), fields: 'thread', batch: 1000 });
    const muted = new Set(mutes.map((m) => m.thread));
    const counts = new Map<string, number>();
    for (const p of posts) counts.set(p.thread, (counts.get(p.thread) ?? 0) + 1);
    return threadOrder(threads).map((thread) => ({ thread, posts: counts.get(thread.id) ?? 0, muted: muted.has(thread.id) }));
  } catch (error) {
    throw fromPocketBase(error, 'discussion');
  }
}

export interface ThreadView {
  thread: DiscussionThreadRecord;
  posts: DiscussionPostRecord[];
  /** post id → how many said "this helped". */
  helped: Map<string, number>;
  /** post id → the person's own reaction id. */
  mine: Map<string, string>;
  /** Posts the person already reported. */
  reported: Set<string>;
  /** The person's mute of this thread, if any. */
  mute?: string;
  names: Map<string, string>;
  /** Reports still open, for trainers. */
  openReports: number;
}

/**
 * One thread of the space with what the person may see of it.
 *
 * @throws {DomainError} `not-found` (also for a thread of another group), `unavailable`
 */
export async function loadThread(pb: TypedPocketBase, service: TypedPocketBase, space: Space, threadId: string | undefined, user: string): Promise<ThreadView> {
  if (!threadId || !isRecordId(threadId)) throw notFound();
  try {
    const thread = await pb.collection('discussion_threads').getOne(threadId);
    if (thread.cohort !== space.cohort.id) throw notFound();
    const posts = await pb.collection('discussion_posts').getFullList({ filter: pb.filter('thread = {:t}', { t: thread.id }), sort: 'created,id', batch: 1000 });
    const reactions = await pb.collection('discussion_reactions').getFullList<DiscussionReactionRecord>({ filter: pb.filter('post.thread = {:t}', { t: thread.id }), fields: 'id,post,user', batch: 1000 });
    const reports = await pb.collection('discussion_reports').getFullList<DiscussionReportRecord>({ filter: pb.filter('post.thread = {:t}', { t: thread.id }), fields: 'id,post,reporter,status', batch: 1000 });
    const mute = await pb.collection('discussion_mutes').getList(1, 1, { filter: pb.filter('user = {:u} && thread = {:t}', { u: user, t: thread.id }), fields: 'id' });
    const helped = new Map<string, number>();
    const mine = new Map<string, string>();
    for (const r of reactions) {
      helped.set(r.post, (helped.get(r.post) ?? 0) + 1);
      if (r.user === user) mine.set(r.post, r.id);
    }
    const names = await namesOf(service, [thread.author, ...posts.map((p) => p.author)]);
    return {
      thread,
      posts,
      helped,
      mine,
      reported: new Set(reports.filter((r) => r.reporter === user).map((r) => r.post)),
      ...(mute.items[0] ? { mute: mute.items[0].id } : {}),
      names,
      openReports: space.role === 'trainer' ? reports.filter((r) => r.status === 'open').length : 0,
    };
  } catch (error) {
    throw fromPocketBase(error, 'discussion');
  }
}

/**
 * Starts a thread with its opening post, in one batch (both or neither).
 *
 * @returns the new thread's id
 */
export async function createThread(pb: TypedPocketBase, space: Space, user: string, input: ThreadInput): Promise<string> {
  const id = newRecordId((n) => randomBytes(n));
  const batch = pb.createBatch();
  batch.collection('discussion_threads').create({ id, cohort: space.cohort.id, author: user, title: input.title, module: input.module });
  batch.collection('discussion_posts').create({ thread: id, author: user, body: input.body, content_note: input.content_note, state: 'shown' });
  try {
    await sendBatch(batch);
    return id;
  } catch (error) {
    throw fromPocketBase(error, 'thread');
  }
}

/** A reply, as the person. @returns the post's id */
export async function createPost(pb: TypedPocketBase, thread: string, user: string, input: PostInput): Promise<string> {
  try {
    return (await pb.collection('discussion_posts').create({ thread, author: user, body: input.body, content_note: input.content_note, state: 'shown' }, { fields: 'id' })).id;
  } catch (error) {
    throw fromPocketBase(error, 'post');
  }
}

/** One post the person can read (the rules decide), or `not-found`. */
export async function getPost(pb: TypedPocketBase, id: string | undefined): Promise<DiscussionPostRecord> {
  if (!id || !isRecordId(id)) throw new DomainError('not-found', 'We could not find that post.');
  try {
    return await pb.collection('discussion_posts').getOne(id, { expand: 'thread' });
  } catch (error) {
    throw fromPocketBase(error, 'post');
  }
}

/** The author changes their post; the hook keeps the earlier text. @returns false when nothing changed */
export async function editPost(pb: TypedPocketBase, post: DiscussionPostRecord, input: PostInput): Promise<boolean> {
  if (post.body === input.body && post.content_note === input.content_note) return false;
  try {
    await pb.collection('discussion_posts').update(post.id, { body: input.body, content_note: input.content_note }, { fields: 'id' });
    return true;
  } catch (error) {
    throw fromPocketBase(error, 'post');
  }
}

/** Earlier texts of a post, newest first (its author and the group's trainers only). */
export async function postHistory(pb: TypedPocketBase, post: string): Promise<DiscussionPostVersionRecord[]> {
  try {
    return await pb.collection('discussion_post_versions').getFullList({ filter: pb.filter('post = {:p}', { p: post }), sort: '-created,-id' });
  } catch (error) {
    throw fromPocketBase(error, 'post');
  }
}

/** Reports a post. @returns false when the person had already reported it */
export async function reportPost(pb: TypedPocketBase, post: string, user: string, input: { reason: ReportReason; details: string }): Promise<boolean> {
  try {
    const existing = await pb.collection('discussion_reports').getList(1, 1, { filter: pb.filter('post = {:p} && reporter = {:u}', { p: post, u: user }), fields: 'id' });
    if (existing.items.length > 0) return false;
    await pb.collection('discussion_reports').create({ post, reporter: user, reason: input.reason, details: input.details, status: 'open' }, { fields: 'id' });
    return true;
  } catch (error) {
    throw fromPocketBase(error, 'report');
  }
}

type Actor = Pick<UserRecord, 'id' | 'display_name' | 'email'>;

/** A trainer hides a post (with the reason its author sees) or shows it again; audited. */
export async function moderatePost(pb: TypedPocketBase, service: TypedPocketBase, space: Space, post: DiscussionPostRecord, actor: Actor, change: { hide: true; reason: string } | { hide: false }): Promise<void> {
  try {
    await pb
      .collection('discussion_posts')
      .update(post.id, change.hide ? { state: 'hidden', hidden_reason: change.reason, hidden_by: actor.id } : { state: 'shown' }, { fields: 'id' });
  } catch (error) {
    throw fromPocketBase(error, 'post');
  }
  await writeAudit(service, {
    actor,
    action: change.hide ? 'discussion.hide' : 'discussion.unhide',
    target_collection: 'discussion_posts',
    target_id: post.id,
    cohort: space.cohort.id,
    // Never the post's text; the reason stays on the post itself.
    details: { thread: post.thread, author: post.author },
  });
}

/** A trainer pauses a thread (no new replies) or lets people reply again; audited. */
export async function pauseThread(pb: TypedPocketBase, service: TypedPocketBase, space: Space, thread: DiscussionThreadRecord, actor: Actor, change: { pause: true; reason: string } | { pause: false }): Promise<void> {
  try {
    await pb
      .collection('discussion_threads')
      .update(thread.id, change.pause ? { paused: true, paused_reason: change.reason, paused_by: actor.id } : { paused: false, paused_reason: '', paused_by: '' }, { fields: 'id' });
  } catch (error) {
    throw fromPocketBase(error, 'thread');
  }
  await writeAudit(service, {
    actor,
    action: change.pause ? 'discussion.pause' : 'discussion.resume',
    target_collection: 'discussion_threads',
    target_id: thread.id,
    cohort: space.cohort.id,
    details: {},
  });
}

/** "This helped", once; or taking it back. */
export async function setHelped(pb: TypedPocketBase, post: string, user: string, on: boolean): Promise<void> {
  try {
    const existing = await pb.collection('discussion_reactions').getFullList({ filter: pb.filter('post = {:p} && user = {:u} && kind = "helped"', { p: post, u: user }), fields: 'id' });
    if (on && existing.length === 0) await pb.collection('discussion_reactions').create({ post, user, kind: 'helped' }, { fields: 'id' });
    if (!on) for (const r of existing) await pb.collection('discussion_reactions').delete(r.id);
  } catch (error) {
    throw fromPocketBase(error, 'reaction');
  }
}

/** Mute or unmute a thread for the person. */
export async function setMuted(pb: TypedPocketBase, thread: string, user: string, on: boolean): Promise<void> {
  try {
    const existing = await pb.collection('discussion_mutes').getFullList({ filter: pb.filter('thread = {:t} && user = {:u}', { t: thread, u: user }), fields: 'id' });
    if (on && existing.length === 0) await pb.collection('discussion_mutes').create({ thread, user }, { fields: 'id' });
    if (!on) for (const m of existing) await pb.collection('discussion_mutes').delete(m.id);
  } catch (error) {
    throw fromPocketBase(error, 'thread');
  }
}

/** Leave the group's discussion space, or come back to it. */
export async function setLeft(pb: TypedPocketBase, space: Space, user: string, on: boolean): Promise<void> {
  try {
    const existing = await pb.collection('discussion_leaves').getFullList({ filter: pb.filter('cohort = {:c} && user = {:u}', { c: space.cohort.id, u: user }), fields: 'id' });
    if (on && existing.length === 0) await pb.collection('discussion_leaves').create({ cohort: space.cohort.id, user }, { fields: 'id' });
    if (!on) for (const l of existing) await pb.collection('discussion_leaves').delete(l.id);
  } catch (error) {
    throw fromPocketBase(error, 'discussion');
  }
}

/** The space's reports (trainers only by rule), open first, newest first within each. */
export async function listReports(pb: TypedPocketBase, space: Space): Promise<(DiscussionReportRecord & { expand?: { post?: DiscussionPostRecord } })[]> {
  try {
    const rows = await pb.collection('discussion_reports').getFullList<DiscussionReportRecord & { expand?: { post?: DiscussionPostRecord } }>({
      filter: pb.filter('post.thread.cohort = {:c}', { c: space.cohort.id }),
      sort: '-created,-id',
      expand: 'post',
      batch: 500,
    });
    return [...rows.filter((r) => r.status === 'open'), ...rows.filter((r) => r.status !== 'open')];
  } catch (error) {
    throw fromPocketBase(error, 'report');
  }
}

/** A trainer marks a report dealt with. */
export async function markDealt(pb: TypedPocketBase, report: string, actor: string, now: Date): Promise<void> {
  if (!isRecordId(report)) throw new DomainError('not-found', 'We could not find that report.');
  try {
    await pb.collection('discussion_reports').update(report, { status: 'dealt', dealt_by: actor, dealt_at: now.toISOString() }, { fields: 'id' });
  } catch (error) {
    throw fromPocketBase(error, 'report');
  }
}

/** How many reports wait in the space (0 for members: they read only their own). */
export async function openReportCount(pb: TypedPocketBase, space: Space): Promise<number> {
  if (space.role !== 'trainer') return 0;
  try {
    return (await pb.collection('discussion_reports').getList(1, 1, { filter: pb.filter('post.thread.cohort = {:c} && status = "open"', { c: space.cohort.id }), fields: 'id' })).totalItems;
  } catch (error) {
    throw fromPocketBase(error, 'report');
  }
}
