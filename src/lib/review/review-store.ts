/**
 * Review rounds in PocketBase (docs/AUTHORING.md "Review rounds", docs/DATA-MODEL.md).
 *
 * Author actions (open or close a round, invite, accept / reply / decline) use the service
 * client, after the page has checked that the person is an author of the course (as every
 * authoring action does). Reviewer actions (read a round, comment, choose how to be credited)
 * use the reviewer's own client, so the API rules decide: a reviewer sees only rounds they are
 * invited to, and comments only in an open one.
 *
 * An accepted suggestion becomes a normal draft revision (saveCourseFile), whose note credits
 * the reviewer; the reviewer's credit (review_credits) is written into course.md's `credits:`.
 */
import { randomBytes } from 'node:crypto';
import { writeAudit } from '../audit-log.ts';
import type { Course } from '../courses/course.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { ReviewCommentRecord, ReviewCreditRecord, ReviewRoundRecord, UserRecord } from '../records.ts';
import { saveCourseFile, type AuthoringDirs, resolveDirs } from '../authoring/save.ts';
import { readWorkingFile } from '../authoring/workspace.ts';
import { applyCredits, applySuggestion, type CommentInput, type CreditChoice, type ManagedCredit, type ReviewInput } from './review.ts';


export interface RoundSummary extends Pick<ReviewRoundRecord, 'id' | 'course' | 'title' | 'status' | 'created'> {
  invited: number;
  comments: number;
  waiting: number;
}

const nameOf = (u: Pick<UserRecord, 'display_name' | 'email' | 'id'> | undefined) => u?.display_name || u?.email || u?.id || '';

/**
 * A round of this course, or not-found.
 *
 * @throws {DomainError} `not-found`; `unavailable`
 */
export async function getRound(service: TypedPocketBase, slug: string, id: string): Promise<ReviewRoundRecord> {
  try {
    return await service.collection('review_rounds').getFirstListItem(service.filter('id = {:id} && course = {:course}', { id, course: slug }));
  } catch (error) {
    throw fromPocketBase(error, 'review round');
  }
}

/** The course's rounds, newest first, with counts. */
export async function listRounds(service: TypedPocketBase, slug: string): Promise<RoundSummary[]> {
  try {
    const [rounds, invites, comments] = await Promise.all([
      service.collection('review_rounds').getFullList({ filter: service.filter('course = {:course}', { course: slug }), sort: '-created', batch: 500 }),
      service.collection('review_invites').getFullList({ filter: service.filter('course = {:course}', { course: slug }), fields: 'round', batch: 1000 }),
      service.collection('review_comments').getFullList({ filter: service.filter('course = {:course}', { course: slug }), fields: 'round,status', batch: 1000 }),
    ]);
    return rounds.map((r) => ({
      id: r.id,
      course: r.course,
      title: r.title,
      status: r.status,
      created: r.created,
      invited: invites.filter((i) => i.round === r.id).length,
      comments: comments.filter((c) => c.round === r.id).length,
      waiting: comments.filter((c) => c.round === r.id && c.status === 'waiting').length,
    }));
  } catch (error) {
    throw fromPocketBase(error, 'review rounds');
  }
}

/** Opens a round on the course's draft. */
export async function openRound(service: TypedPocketBase, input: { slug: string; title: string; actor: UserRecord }): Promise<ReviewRoundRecord> {
  try {
    const round = await service.collection('review_rounds').create({ course: input.slug, title: input.title, status: 'open', opened_by: input.actor.id });
    await writeAudit(service, { actor: input.actor, action: 'review.open', target_collection: 'review_rounds', target_id: round.id, details: { course: input.slug } });
    return round;
  } catch (error) {
    throw fromPocketBase(error, 'review round');
  }
}

/** Closes (reviewers can then only read it) or reopens a round. Closing credits everyone who commented. */
export async function setRoundStatus(service: TypedPocketBase, input: { slug: string; round: string; status: 'open' | 'closed'; actor: UserRecord; dirs?: AuthoringDirs }): Promise<void> {
  const round = await getRound(service, input.slug, input.round);
  try {
    await service.collection('review_rounds').update(round.id, { status: input.status });
    await writeAudit(service, { actor: input.actor, action: input.status === 'closed' ? 'review.close' : 'review.reopen', target_collection: 'review_rounds', target_id: round.id, details: { course: input.slug } });
    if (input.status === 'closed') {
      const comments = await service.collection('review_comments').getFullList({ filter: service.filter('round = {:round}', { round: round.id }), fields: 'user', batch: 1000 });
      for (const user of new Set(comments.map((c) => c.user))) await ensureCredit(service, input.slug, user, 'reviewer');
    }
  } catch (error) {
    throw fromPocketBase(error, 'review round');
  }
  await syncCredits(service, { slug: input.slug, actor: input.actor, ...(input.dirs ? { dirs: input.dirs } : {}) });
}

export interface Person {
  id: string;
  name: string;
}

/**
 * People who completed the course: every module of the published course marked completed,
 * or a whole-course certificate that was not revoked.
 */
export async function listCompleters(service: TypedPocketBase, course: Pick<Course, 'slug' | 'modules'> | undefined): Promise<Person[]> {
  if (!course) return [];
  try {
    const [progress, certificates] = await Promise.all([
      service.collection('progress').getFullList({ filter: service.filter('course = {:course} && status = "completed"', { course: course.slug }), fields: 'user,module', batch: 1000 }),
      service.collection('certificates').getFullList({ filter: service.filter('course = {:course} && kind = "full" && revoked_at = ""', { course: course.slug }), fields: 'user', batch: 1000 }),
    ]);
    const modules = new Set(course.modules.map((m) => m.id));
    const done = new Map<string, Set<string>>();
    for (const p of progress) if (modules.has(p.module)) done.set(p.user, (done.get(p.user) ?? new Set()).add(p.module));
    const ids = new Set([...[...done].filter(([, set]) => modules.size > 0 && set.size === modules.size).map(([u]) => u), ...certificates.map((c) => c.user)]);
    const people: Person[] = [];
    for (const batch of chunks([...ids], 100)) {
      if (batch.length === 0) continue;
      const users = await service.collection('users').getFullList({ filter: batch.map((id) => service.filter('id = {:id}', { id })).join(' || '), fields: 'id,display_name,email' });
      for (const u of users) if (u.email) people.push({ id: u.id, name: nameOf(u) });
    }
    return people.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  } catch (error) {
    throw fromPocketBase(error, 'course completers');
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The people invited to a round. */
export async function listInvited(service: TypedPocketBase, round: string): Promise<Person[]> {
  try {
    const rows = await service.collection('review_invites').getFullList({ filter: service.filter('round = {:round}', { round }), expand: 'user', batch: 1000 });
    return rows.map((r) => ({ id: r.user, name: nameOf((r.expand as { user?: UserRecord } | undefined)?.user) })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  } catch (error) {
    throw fromPocketBase(error, 'review invitations');
  }
}

/**
 * Invites people to a round: ids (from the list of completers) and email addresses of existing
 * accounts. Unknown emails come back, nothing is created for them; others are invited once.
 *
 * @throws {DomainError} `not-found` (round); `unavailable`
 */
export async function inviteReviewers(
  service: TypedPocketBase,
  input: { slug: string; round: string; users: string[]; emails: string[]; actor: UserRecord },
): Promise<{ invited: number; unknown: string[] }> {
  const round = await getRound(service, input.slug, input.round);
  try {
    const ids = new Set(input.users.filter((id) => /^[a-z0-9]{15}$/.test(id)));
    const unknown: string[] = [];
    for (const email of input.emails) {
      const found = await service.collection('users').getList(1, 1, { filter: service.filter('email = {:email}', { email }), fields: 'id', skipTotal: true });
      if (found.items[0]) ids.add(found.items[0].id);
      else unknown.push(email);
    }
    if (unknown.length > 0) return { invited: 0, unknown };
    const existing = new Set((await service.collection('review_invites').getFullList({ filter: service.filter('round = {:round}', { round: round.id }), fields: 'user' })).map((r) => r.user));
    let invited = 0;
    for (const user of ids) {
      if (existing.has(user)) continue;
      const row = await service.collection('review_invites').create({ round: round.id, course: input.slug, user });
      invited += 1;
      // "You have been asked to review a course": the kind and a link only (docs/NOTIFICATIONS.md).
      await service.collection('notifications').create({ user, kind: 'review', link: `/review/${round.id}`, subject: round.id });
      await writeAudit(service, { actor: input.actor, action: 'review.invite', target_collection: 'review_invites', target_id: row.id, details: { course: input.slug, round: round.id } });
    }
    return { invited, unknown: [] };
  } catch (error) {
    throw fromPocketBase(error, 'review invitations');
  }
}

export interface CommentView extends Pick<ReviewCommentRecord, 'id' | 'round' | 'path' | 'target' | 'anchor' | 'quote' | 'kind' | 'body' | 'suggestion' | 'helped' | 'hurt' | 'missing' | 'status' | 'reply' | 'revision' | 'created'> {
  /** The reviewer's name (authors' view only). */
  by: string;
}

const view = (c: ReviewCommentRecord, by = ''): CommentView => ({
  id: c.id,
  round: c.round,
  path: c.path,
  target: c.target,
  anchor: c.anchor,
  quote: c.quote,
  kind: c.kind,
  body: c.body,
  suggestion: c.suggestion,
  helped: c.helped,
  hurt: c.hurt,
  missing: c.missing,
  status: c.status,
  reply: c.reply,
  revision: c.revision,
  created: c.created,
  by,
});

/** Every comment of a round, oldest first, with the reviewer's name (for the course's authors). */
export async function roundComments(service: TypedPocketBase, round: string): Promise<CommentView[]> {
  try {
    const rows = await service.collection('review_comments').getFullList({ filter: service.filter('round = {:round}', { round }), sort: 'created', expand: 'user', batch: 1000 });
    return rows.map((c) => view(c, nameOf((c.expand as { user?: UserRecord } | undefined)?.user)));
  } catch (error) {
    throw fromPocketBase(error, 'review comments');
  }
}

/** Makes sure a person has a credit on the course (first as their display name); raises reviewer to co-author. */
export async function ensureCredit(service: TypedPocketBase, slug: string, user: string, role: 'reviewer' | 'co-author'): Promise<ReviewCreditRecord> {
  try {
    const found = await service.collection('review_credits').getList(1, 1, { filter: service.filter('course = {:course} && user = {:user}', { course: slug, user }), skipTotal: true });
    const row = found.items[0];
    if (row) {
      if (role === 'co-author' && row.role !== 'co-author') return await service.collection('review_credits').update(row.id, { role });
      return row;
    }
    const person = await service.collection('users').getOne(user, { fields: 'id,display_name' });
    return await service.collection('review_credits').create({ course: slug, user, role, show: 'name', name: (person.display_name || '').slice(0, 120), ref: randomBytes(8).toString('hex').slice(0, 12) });
  } catch (error) {
    throw fromPocketBase(error, 'course credits');
  }
}

/**
 * Writes the course's credits (review_credits) into the draft's course.md `credits:` list, as
 * a normal draft revision. Nothing happens when the list is already right.
 */
export async function syncCredits(service: TypedPocketBase, input: { slug: string; actor: UserRecord; dirs?: AuthoringDirs }): Promise<void> {
  const dirs = resolveDirs(input.dirs);
  let rows: ReviewCreditRecord[];
  try {
    rows = await service.collection('review_credits').getFullList({ filter: service.filter('course = {:course}', { course: input.slug }), sort: 'created', batch: 1000 });
  } catch (error) {
    throw fromPocketBase(error, 'course credits');
  }
  const file = readWorkingFile(input.slug, 'course.md', dirs.courses);
  if (!file) return;
  const before = Buffer.from(file.content).toString('utf8');
  const managed: ManagedCredit[] = rows.map((r) => ({ ref: r.ref, role: r.role, show: r.show, name: r.name }));
  const after = applyCredits(before, managed);
  if (after === before) return;
  await saveCourseFile(service, { slug: input.slug, path: 'course.md', content: after, baseHash: file.hash, message: 'Credits for reviewers and co-authors brought up to date', actor: input.actor, ...(input.dirs ? { dirs: input.dirs } : {}) });
}

export type Decision = { action: 'accept' | 'reply' | 'decline'; reply: string };

/**
 * The author's answer to a comment. `accept` puts a suggested rewording into the draft as a
 * normal revision whose note credits the reviewer, and credits them as a co-author.
 *
 * @throws {DomainError} `not-found`; `conflict` when the paragraph has changed since (nothing
 *   is changed then); `invalid` for accepting something that is not a suggestion
 */
export async function decideComment(
  service: TypedPocketBase,
  input: { slug: string; round: string; comment: string; decision: Decision; actor: UserRecord; dirs?: AuthoringDirs; words: { changed: string; notSuggestion: string; note: (name: string, round: string) => string } },
): Promise<{ revision?: string }> {
  const round = await getRound(service, input.slug, input.round);
  let comment: ReviewCommentRecord;
  try {
    comment = await service.collection('review_comments').getFirstListItem(service.filter('id = {:id} && round = {:round}', { id: input.comment, round: round.id }), { expand: 'user' });
  } catch (error) {
    throw fromPocketBase(error, 'review comment');
  }

  let revision = '';
  if (input.decision.action === 'accept') {
    if (comment.kind !== 'suggestion' || !comment.path) throw new DomainError('invalid', input.words.notSuggestion);
    const dirs = resolveDirs(input.dirs);
    const file = readWorkingFile(input.slug, comment.path, dirs.courses);
    if (!file) throw new DomainError('conflict', input.words.changed);
    const applied = applySuggestion(Buffer.from(file.content).toString('utf8'), comment.quote, comment.suggestion);
    if (!applied.ok) throw new DomainError('conflict', input.words.changed);
    const credit = await ensureCredit(service, input.slug, comment.user, 'co-author');
    const creditName = credit.show === 'name' && credit.name ? credit.name : 'an anonymous reviewer';
    const saved = await saveCourseFile(service, { slug: input.slug, path: comment.path, content: applied.content, baseHash: file.hash, message: input.words.note(creditName, round.title), actor: input.actor, ...(input.dirs ? { dirs: input.dirs } : {}) });
    if (saved.kind === 'conflict') throw new DomainError('conflict', input.words.changed);
    revision = saved.kind === 'saved' ? saved.revision : '';
  } else {
    await ensureCredit(service, input.slug, comment.user, 'reviewer');
  }
  const status = input.decision.action === 'accept' ? 'accepted' : input.decision.action === 'reply' ? 'replied' : 'declined';
  try {
    await service.collection('review_comments').update(comment.id, { status, reply: input.decision.reply.slice(0, 2000), revision });
    await writeAudit(service, { actor: input.actor, action: `review.${input.decision.action}`, target_collection: 'review_comments', target_id: comment.id, details: { course: input.slug, round: round.id, ...(revision ? { revision } : {}) } });
  } catch (error) {
    throw fromPocketBase(error, 'review comment');
  }
  await syncCredits(service, { slug: input.slug, actor: input.actor, ...(input.dirs ? { dirs: input.dirs } : {}) });
  return revision ? { revision } : {};
}

// ---- The reviewer's side: their own client. ----

export interface InvitedRound {
  id: string;
  course: string;
  title: string;
  status: 'open' | 'closed';
}

/** The rounds this person is invited to, newest first. */
export async function myRounds(pb: TypedPocketBase, user: string): Promise<InvitedRound[]> {
  try {
    const rows = await pb.collection('review_invites').getFullList({ filter: pb.filter('user = {:user}', { user }), expand: 'round', sort: '-created' });
    return rows.flatMap((r) => {
      const round = (r.expand as { round?: ReviewRoundRecord } | undefined)?.round;
      return round ? [{ id: round.id, course: round.course, title: round.title, status: round.status }] : [];
    });
  } catch (error) {
    throw fromPocketBase(error, 'review rounds');
  }
}

/**
 * A round this person is invited to (authors of the course who were not invited use the
 * author's page instead).
 *
 * @throws {DomainError} `not-found` when they are not invited; `unavailable`
 */
export async function invitedRound(pb: TypedPocketBase, user: string, id: string): Promise<InvitedRound> {
  const rounds = await myRounds(pb, user);
  const round = rounds.find((r) => r.id === id);
  if (!round) throw new DomainError('not-found', 'There is no review round here for you.');
  return round;
}

/** The person's own comments in a round, oldest first. */
export async function myComments(pb: TypedPocketBase, user: string, round: string): Promise<CommentView[]> {
  try {
    const rows = await pb.collection('review_comments').getFullList({ filter: pb.filter('user = {:user} && round = {:round}', { user, round }), sort: 'created' });
    return rows.map((c) => view(c));
  } catch (error) {
    throw fromPocketBase(error, 'review comments');
  }
}

/**
 * Adds a comment, suggestion or structured review, as the reviewer.
 *
 * @throws {DomainError} `conflict` when the round has closed meanwhile; `unavailable`
 */
export async function addComment(pb: TypedPocketBase, input: { user: string; round: InvitedRound; comment: CommentInput | ({ kind: 'review' } & ReviewInput); closedMessage: string }): Promise<void> {
  if (input.round.status !== 'open') throw new DomainError('conflict', input.closedMessage);
  const c = input.comment;
  const body =
    c.kind === 'review'
      ? { target: 'course', kind: 'review', helped: c.helped, hurt: c.hurt, missing: c.missing, path: '', anchor: 0 }
      : { target: c.target, kind: c.kind, path: c.path, anchor: c.anchor, quote: c.quote, body: c.body, suggestion: c.suggestion };
  try {
    await pb.collection('review_comments').create({ round: input.round.id, course: input.round.course, user: input.user, status: 'waiting', ...body });
  } catch (error) {
    const mapped = fromPocketBase(error, 'review comment');
    // The create rule refuses when the round closed since the page was shown.
    if (mapped.kind === 'invalid') throw new DomainError('conflict', input.closedMessage);
    throw mapped;
  }
}

/** The person's credit on a course, if they have one yet. */
export async function myCredit(pb: TypedPocketBase, user: string, slug: string): Promise<ReviewCreditRecord | undefined> {
  try {
    const found = await pb.collection('review_credits').getList(1, 1, { filter: pb.filter('course = {:course} && user = {:user}', { course: slug, user }), skipTotal: true });
    return found.items[0];
  } catch (error) {
    throw fromPocketBase(error, 'course credits');
  }
}

/**
 * Changes how the person is credited (their own client), then writes it into the draft's
 * course.md (service client; the revision names the person as its author).
 */
export async function chooseCredit(pb: TypedPocketBase, service: TypedPocketBase, input: { user: UserRecord; slug: string; choice: CreditChoice; dirs?: AuthoringDirs; notYet: string }): Promise<void> {
  let existing = await myCredit(pb, input.user.id, input.slug);
  if (!existing) {
    // Only someone who has commented on the course can be credited for reviewing it.
    try {
      const mine = await pb.collection('review_comments').getList(1, 1, { filter: pb.filter('user = {:user} && course = {:course}', { user: input.user.id, course: input.slug }), skipTotal: true, fields: 'id' });
      if (mine.items.length === 0) throw new DomainError('invalid', input.notYet);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw fromPocketBase(error, 'review comments');
    }
    existing = await ensureCredit(service, input.slug, input.user.id, 'reviewer');
  }
  try {
    await pb.collection('review_credits').update(existing.id, { show: input.choice.show, name: input.choice.show === 'name' ? input.choice.name : existing.name });
  } catch (error) {
    throw fromPocketBase(error, 'course credits');
  }
  await syncCredits(service, { slug: input.slug, actor: input.user, ...(input.dirs ? { dirs: input.dirs } : {}) });
}

/**
 * The credits to show on a course page: course.md's list, with entries this site manages shown
 * as their person now chooses (their name, anonymously, or not at all: a closed account's
 * credit is gone at once, before the next publish removes it from the files).
 */
export async function liveCredits(service: TypedPocketBase, course: Pick<Course, 'slug' | 'credits'>): Promise<{ name?: string; anonymous?: boolean; role: 'reviewer' | 'co-author' }[]> {
  const credits = course.credits ?? [];
  const refs = credits.flatMap((c) => (c.ref ? [c.ref] : []));
  if (refs.length === 0) return credits.map(({ name, anonymous, role }) => (anonymous ? { anonymous: true, role } : { name: name ?? '', role }));
  let rows: ReviewCreditRecord[] = [];
  try {
    rows = await service.collection('review_credits').getFullList({ filter: service.filter('course = {:course}', { course: course.slug }), fields: 'ref,show,name,role' });
  } catch (error) {
    throw fromPocketBase(error, 'course credits');
  }
  const byRef = new Map(rows.map((r) => [r.ref, r]));
  return credits.flatMap((c) => {
    const row = c.ref ? byRef.get(c.ref) : undefined;
    if (!row) return [c.anonymous ? { anonymous: true, role: c.role } : { name: c.name ?? '', role: c.role }];
    if (row.show === 'none' || (row.show === 'name' && !row.name)) return [];
    return [row.show === 'anonymous' ? { anonymous: true, role: c.role } : { name: row.name, role: c.role }];
  });
}
