/**
 * Shared reflections and trainers' replies, read and written with the person's own token:
 * the reflection rules show a trainer only the reflections their cohort's trainees share, and
 * the comment rules let only those trainers reply while the reflection is shared. Names of the
 * people who replied come from the service client (people-store.ts explains why).
 */
import { DomainError, fromPocketBase } from '../errors.ts';
import { staffEn } from '../i18n/staff.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, ReflectionCommentRecord, ReflectionRecord, UserRecord } from '../records.ts';
import { canReply } from './cohorts.ts';
import { cohortMembers } from './cohorts-store.ts';
import { repliesByReflection } from './replies.ts';
import { listByIds } from './batches.ts';
import { peopleByIds } from './people-store.ts';
import type { ReplyInput } from './schema.ts';

const e = staffEn.errors;

/**
 * The reflections these trainees share on the cohort's course, most recently shared first.
 * What the rules let the viewer see: nothing unless they are a trainer of the cohort.
 *
 * @throws {DomainError} `unavailable`
 */
export async function listSharedReflections(pb: TypedPocketBase, course: string, trainees: readonly string[]): Promise<ReflectionRecord[]> {
  try {
    const rows = await listByIds<ReflectionRecord>(pb, 'reflections', { field: 'user', ids: trainees, where: 'course = {:course} && shared = true && body != ""', params: { course } });
    const key = (r: ReflectionRecord) => r.shared_at || r.updated;
    return rows.sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
  } catch (error) {
    throw fromPocketBase(error, 'reflection');
  }
}

/**
 * Every reply to these reflections that the viewer may read, in one request (per 100 reflections).
 *
 * @throws {DomainError} `unavailable`
 */
export async function listReplies(pb: TypedPocketBase, reflections: readonly string[]): Promise<ReflectionCommentRecord[]> {
  try {
    return await listByIds<ReflectionCommentRecord>(pb, 'reflection_comments', { field: 'reflection', ids: reflections, sort: 'created' });
  } catch (error) {
    throw fromPocketBase(error, 'reply');
  }
}

/**
 * A trainer replies to a shared reflection of a trainee of their cohort.
 *
 * @param trainees the cohort's trainees (a reflection of anyone else is refused)
 * @throws {DomainError} `forbidden` (not a trainer of the cohort), `conflict` (no longer
 *   shared, or not a reflection of this cohort), `unavailable`
 */
export async function addReply(
  pb: TypedPocketBase,
  cohort: CohortRecord,
  viewer: Pick<UserRecord, 'id'>,
  trainees: readonly string[],
  input: ReplyInput,
): Promise<ReflectionCommentRecord> {
  if (!canReply(cohort, viewer.id)) throw new DomainError('forbidden', e.notTrainer);
  let reflection: ReflectionRecord;
  try {
    reflection = await pb.collection('reflections').getOne(input.reflection, { fields: 'id,user,course,shared' });
  } catch (error) {
    const mapped = fromPocketBase(error, 'reflection');
    if (mapped.kind === 'not-found' || mapped.kind === 'forbidden') throw new DomainError('conflict', e.reflectionGone);
    throw mapped;
  }
  if (!reflection.shared || reflection.course !== cohort.course || !trainees.includes(reflection.user)) throw new DomainError('conflict', e.reflectionGone);
  try {
    return await pb.collection('reflection_comments').create({ reflection: reflection.id, author: viewer.id, body: input.body });
  } catch (error) {
    const mapped = fromPocketBase(error, 'reply');
    if (mapped.kind === 'invalid' && (mapped.fields.reflection || Object.keys(mapped.fields).length === 0)) throw new DomainError('conflict', e.reflectionGone);
    throw mapped;
  }
}

/** A reply as its reader sees it. */
export interface ReplyView {
  id: string;
  body: string;
  created: string;
  author: string;
  authorName: string;
}

/**
 * The replies to one reflection, for its author (or anyone the rules let read them), oldest
 * first, with the names of the trainers who wrote them.
 *
 * @param service asked for only when there are replies to name
 * @throws {DomainError} `unavailable`
 */
export async function repliesFor(pb: TypedPocketBase, service: () => Promise<TypedPocketBase>, reflection: string): Promise<ReplyView[]> {
  const comments = await listReplies(pb, [reflection]);
  if (comments.length === 0) return [];
  const people = await peopleByIds(await service(), comments.map((c) => c.author));
  return comments.map((c) => ({ id: c.id, body: c.body, created: c.created, author: c.author, authorName: people.get(c.author)?.name ?? '' }));
}

/** The trainer's page of shared reflections. */
export interface SharedView {
  /** The cohort's trainees (replies are allowed on their reflections only). */
  trainees: string[];
  reflections: ReflectionRecord[];
  replies: Map<string, ReflectionCommentRecord[]>;
  /** Names of trainees and of those who replied. */
  names: Map<string, string>;
}

/**
 * The shared reflections of a cohort's trainees with their replies: four requests, however
 * many trainees and reflections. Call after `getCohort` succeeded with the person's own token.
 *
 * @throws {DomainError} `unavailable`
 */
export async function loadSharedView(pb: TypedPocketBase, service: TypedPocketBase, cohort: CohortRecord): Promise<SharedView> {
  const trainees = (await cohortMembers(service, cohort)).map((m) => m.user);
  const reflections = await listSharedReflections(pb, cohort.course, trainees);
  const comments = await listReplies(pb, reflections.map((r) => r.id));
  const people = await peopleByIds(service, [...trainees, ...comments.map((c) => c.author)]);
  return {
    trainees,
    reflections,
    replies: repliesByReflection(comments),
    names: new Map([...people].map(([id, p]) => [id, p.name])),
  };
}
