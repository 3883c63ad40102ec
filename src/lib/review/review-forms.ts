/**
 * The forms of the review-round pages: read, check, act, and say what happened. Pages stay
 * thin: they call one of these and either redirect (303, with `done=`) or show the problems.
 * A refusal the person can fix is returned as words; an outage is thrown (the page answers
 * 503 after asking isUnavailable()); anything else is a bug and is thrown on.
 */
import type { Course } from '../courses/course.ts';
import { DomainError, isUnavailable } from '../errors.ts';
import { reviewEn } from '../i18n/review.ts';
import { serviceClient } from '../pb-service.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { addComment, chooseCredit, liveCredits, decideComment, inviteReviewers, openRound, setRoundStatus, type InvitedRound } from './review-store.ts';
import { COMMENT_MAX, parseCommentForm, parseCreditForm, parseReviewForm, ROUND_TITLE_MAX } from './review.ts';

type FormLike = { get(name: string): unknown; getAll(name: string): unknown[] };
const str = (form: FormLike, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};

export type FormOutcome = { ok: true; query: Record<string, string> } | { ok: false; message?: string; fields: Record<string, string>; values: Record<string, string> };

const problem = (error: unknown): string | undefined => (error instanceof DomainError && (error.kind === 'conflict' || error.kind === 'invalid' || error.kind === 'not-found') ? error.message : undefined);

/** /author/<course>/reviews: open a round. */
export async function openRoundForm(service: TypedPocketBase, input: { slug: string; actor: UserRecord; form: FormLike }): Promise<FormOutcome> {
  const title = str(input.form, 'title').trim().replace(/\s+/g, ' ');
  if (!title || title.length > ROUND_TITLE_MAX) return { ok: false, fields: { title: reviewEn.author.errors.title }, values: { title } };
  const round = await openRound(service, { slug: input.slug, title, actor: input.actor });
  return { ok: true, query: { round: round.id } };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** /author/<course>/reviews/<round>: invite, close or reopen, and answer comments. */
export async function authorRoundForm(service: TypedPocketBase, input: { slug: string; round: string; actor: UserRecord; form: FormLike }): Promise<FormOutcome> {
  const t = reviewEn.round;
  const action = str(input.form, 'action');
  if (action === 'invite') {
    const users = input.form.getAll('user').filter((v): v is string => typeof v === 'string');
    const raw = str(input.form, 'emails');
    const emails = [...new Set(raw.split(/[\s,;]+/).map((e) => e.trim().toLowerCase()).filter(Boolean))];
    const bad = emails.filter((e) => !EMAIL.test(e));
    if (bad.length > 0) return { ok: false, fields: { emails: t.unknownEmails(bad) }, values: { emails: raw } };
    if (users.length === 0 && emails.length === 0) return { ok: false, fields: { emails: t.nobodyChosen }, values: { emails: raw } };
    const result = await inviteReviewers(service, { slug: input.slug, round: input.round, users, emails, actor: input.actor });
    if (result.unknown.length > 0) return { ok: false, fields: { emails: t.unknownEmails(result.unknown) }, values: { emails: raw } };
    return { ok: true, query: { done: 'invited', n: String(result.invited) } };
  }
  if (action === 'close' || action === 'reopen') {
    await setRoundStatus(service, { slug: input.slug, round: input.round, status: action === 'close' ? 'closed' : 'open', actor: input.actor });
    return { ok: true, query: { done: action === 'close' ? 'closed' : 'reopened' } };
  }
  if (action === 'accept' || action === 'reply' || action === 'decline') {
    const comment = str(input.form, 'comment');
    const reply = str(input.form, 'reply').trim();
    const module = str(input.form, 'module');
    if (reply.length > COMMENT_MAX) return { ok: false, fields: { [`reply-${comment}`]: t.replyTooLong }, values: { [`reply-${comment}`]: reply } };
    if (action === 'reply' && !reply) return { ok: false, fields: { [`reply-${comment}`]: reviewEn.reviewer.empty }, values: {} };
    try {
      await decideComment(service, {
        slug: input.slug,
        round: input.round,
        comment,
        decision: { action, reply },
        actor: input.actor,
        words: { changed: t.changed, notSuggestion: t.notSuggestion, note: t.revisionNote },
      });
    } catch (error) {
      const message = problem(error);
      if (message) return { ok: false, message, fields: { [`reply-${comment}`]: message }, values: { [`reply-${comment}`]: reply } };
      throw error;
    }
    return { ok: true, query: { done: action === 'accept' ? 'accepted' : action === 'reply' ? 'replied' : 'declined', ...(module ? { module } : {}) } };
  }
  return { ok: false, message: t.nobodyChosen, fields: {}, values: {} };
}

/** /review/<round>: comment, suggest, review, or choose how to be credited. */
export async function reviewerForm(pb: TypedPocketBase, input: { user: UserRecord; round: InvitedRound; form: FormLike }): Promise<FormOutcome> {
  const t = reviewEn.reviewer;
  const action = str(input.form, 'action');
  const words = { empty: t.empty, tooLong: t.tooLong };
  const values = Object.fromEntries(['body', 'suggestion', 'helped', 'hurt', 'missing', 'name', 'show', 'path', 'anchor', 'target'].map((k) => [k, str(input.form, k)]));
  try {
    if (action === 'comment') {
      const parsed = parseCommentForm(input.form, words);
      if (!parsed.ok) return { ok: false, fields: parsed.fields, values };
      await addComment(pb, { user: input.user.id, round: input.round, comment: parsed.value, closedMessage: t.closed });
      return { ok: true, query: { done: 'sent', module: parsed.value.path } };
    }
    if (action === 'review') {
      const parsed = parseReviewForm(input.form, words);
      if (!parsed.ok) return { ok: false, fields: parsed.fields, values };
      await addComment(pb, { user: input.user.id, round: input.round, comment: { kind: 'review', ...parsed.value }, closedMessage: t.closed });
      return { ok: true, query: { done: 'review' } };
    }
    if (action === 'credit') {
      const parsed = parseCreditForm(input.form, { needName: t.needName, tooLong: t.tooLong });
      if (!parsed.ok) return { ok: false, fields: parsed.fields, values };
      await chooseCredit(pb, await serviceClient(), { user: input.user, slug: input.round.course, choice: parsed.value, notYet: t.creditNotYet });
      return { ok: true, query: { done: 'credit' } };
    }
  } catch (error) {
    const message = problem(error);
    if (message) return { ok: false, message, fields: {}, values };
    throw error;
  }
  return { ok: false, message: t.empty, fields: {}, values };
}

export type ShownCredit = { name?: string; anonymous?: boolean; role: 'reviewer' | 'co-author' };

/**
 * The credits for a course page (public): as each person now chooses. While PocketBase cannot
 * be reached, only the entries written by hand are shown, so a name someone has withdrawn is
 * never shown from the files.
 */
export async function courseCreditsToShow(course: Pick<Course, 'slug' | 'credits'>): Promise<ShownCredit[]> {
  if (!course.credits || course.credits.length === 0) return [];
  try {
    return await liveCredits(await serviceClient(), course);
  } catch (error) {
    if (!isUnavailable(error)) throw error;
    return course.credits.filter((c) => !c.ref).map((c) => (c.anonymous ? { anonymous: true, role: c.role } : { name: c.name ?? '', role: c.role }));
  }
}
