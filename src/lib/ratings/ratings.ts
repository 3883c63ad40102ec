/**
 * Ratings from several people against a course's competency set: the side-by-side view (the
 * newest rating of each kind counts, every rating stays in the history), the gaps between how
 * the trainee sees themself and how others see them, and reading the rating and invite
 * forms. Pure: ./ratings-store.ts reads and writes.
 */
import type { Competency, CompetencySet, Course } from '../courses/course.ts';
import { isRecordId } from '../record-id.ts';

export const RATING_ROLES = ['self', 'peer', 'supervisor', 'assessor'] as const;
export type RatingRole = (typeof RATING_ROLES)[number];
export type OtherRole = Exclude<RatingRole, 'self'>;

/** The most characters of a rating's comment and an invite's message (the collections' limits). */
export const COMMENT_MAX = 1000;
export const MESSAGE_MAX = 500;

/** What the view needs of a `competency_ratings` row. */
export interface RatingRow {
  id: string;
  competency: string;
  role: RatingRole;
  score: number;
  comment: string;
  rater: string;
  rater_name: string;
  /** The invite a peer rating was written through ('' otherwise). */
  invite: string;
  created: string;
}

export interface Gap {
  role: OtherRole;
  /** The other person's score minus the trainee's own (positive: they rate the trainee higher). */
  difference: number;
}

export interface CompetencyView {
  competency: Competency;
  /** The newest rating of each kind, if any. */
  latest: Partial<Record<RatingRole, RatingRow>>;
  /** Every rating of this competency, newest first. */
  history: RatingRow[];
  /** Where another kind of rater differs from the trainee's own newest rating. */
  gaps: Gap[];
}

/** A difference of this many points or more is pointed out as worth talking about. */
export const BIG_GAP = 2;

const newestFirst = (a: RatingRow, b: RatingRow) => (a.created < b.created ? 1 : a.created > b.created ? -1 : a.id < b.id ? 1 : -1);

/** Each competency of the set with its newest rating per kind, its history and its gaps. */
export function ratingsView(set: CompetencySet, rows: readonly RatingRow[]): CompetencyView[] {
  return set.items.map((competency) => {
    const history = rows.filter((r) => r.competency === competency.id).sort(newestFirst);
    const latest: Partial<Record<RatingRole, RatingRow>> = {};
    for (const row of history) latest[row.role] ??= row;
    const self = latest.self;
    const gaps: Gap[] = [];
    if (self) {
      for (const role of ['peer', 'supervisor', 'assessor'] as const) {
        const other = latest[role];
        if (other && other.score !== self.score) gaps.push({ role, difference: other.score - self.score });
      }
    }
    return { competency, latest, history, gaps };
  });
}

/** The competencies where someone's newest rating is BIG_GAP or more from the trainee's own. */
export function bigGaps(view: readonly CompetencyView[]): { competency: Competency; gaps: Gap[] }[] {
  return view
    .map((v) => ({ competency: v.competency, gaps: v.gaps.filter((g) => Math.abs(g.difference) >= BIG_GAP) }))
    .filter((v) => v.gaps.length > 0);
}

/** The scale level for a score ("3 — Getting there"), or undefined when the scale has no such score. */
export function levelOf(set: CompetencySet, score: number) {
  return set.scale.find((l) => l.score === score);
}

export interface RatingInput {
  competency: string;
  score: number;
  comment: string;
}

export type FormResult<T> = { ok: true; value: T } | { ok: false; fields: Record<string, string>; message: string };

export interface RatingFormWords {
  noneChosen: string;
  badScore: (title: string) => string;
  commentTooLong: (title: string) => string;
  commentWithoutScore: (title: string) => string;
}

/** The field names of one competency in the rating form. */
export const scoreField = (id: string) => `score-${id}`;
export const commentField = (id: string) => `comment-${id}`;

/**
 * Reads the rating form: a score (radio) and an optional comment per competency; the ones
 * left without a score are not rated this time. At least one must be rated.
 */
export function parseRatingsForm(set: CompetencySet, form: FormData, words: RatingFormWords): FormResult<RatingInput[]> {
  const fields: Record<string, string> = {};
  const ratings: RatingInput[] = [];
  for (const item of set.items) {
    const rawScore = String(form.get(scoreField(item.id)) ?? '').trim();
    const comment = String(form.get(commentField(item.id)) ?? '').replace(/\r\n/g, '\n').trim();
    if (rawScore === '') {
      if (comment) fields[scoreField(item.id)] = words.commentWithoutScore(item.title);
      continue;
    }
    const score = Number(rawScore);
    if (!Number.isInteger(score) || !levelOf(set, score)) {
      fields[scoreField(item.id)] = words.badScore(item.title);
      continue;
    }
    if (comment.length > COMMENT_MAX) {
      fields[commentField(item.id)] = words.commentTooLong(item.title);
      continue;
    }
    ratings.push({ competency: item.id, score, comment });
  }
  const first = Object.values(fields)[0];
  if (first) return { ok: false, fields, message: first };
  if (ratings.length === 0) {
    const firstItem = set.items[0];
    return { ok: false, fields: firstItem ? { [scoreField(firstItem.id)]: words.noneChosen } : {}, message: words.noneChosen };
  }
  return { ok: true, value: ratings };
}

/** The values to put back in the form after a problem, by field name. */
export function keptValues(form: FormData): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === 'string') kept[key] = value;
  return kept;
}

export interface InviteInput {
  peer: string;
  message: string;
}

export interface InviteFormWords {
  choosePeer: string;
  messageTooLong: string;
}

/** Reads the invite form: one of the offered peers, and an optional short message. */
export function parseInviteForm(form: FormData, offered: readonly { id: string }[], words: InviteFormWords): FormResult<InviteInput> {
  const peer = String(form.get('peer') ?? '').trim();
  const message = String(form.get('message') ?? '').replace(/\r\n/g, '\n').trim();
  if (!isRecordId(peer) || !offered.some((p) => p.id === peer)) return { ok: false, fields: { peer: words.choosePeer }, message: words.choosePeer };
  if (message.length > MESSAGE_MAX) return { ok: false, fields: { message: words.messageTooLong }, message: words.messageTooLong };
  return { ok: true, value: { peer, message } };
}

/**
 * The kinds of rating a member of the trainee's group's staff may give: supervisor when they
 * are one of its trainers, assessor when they are one of its assessors; never about themself.
 */
export function staffRatingRoles(cohort: { trainers?: string[]; assessors?: string[] }, viewer: string, trainee: string): OtherRole[] {
  if (viewer === trainee) return [];
  const roles: OtherRole[] = [];
  if ((cohort.trainers ?? []).includes(viewer)) roles.push('supervisor');
  if ((cohort.assessors ?? []).includes(viewer)) roles.push('assessor');
  return roles;
}

/** A course offers ratings when it defines a competency set. */
export const hasCompetencies = (course: Pick<Course, 'competencies'> | undefined): course is Pick<Course, 'competencies'> & { competencies: CompetencySet } =>
  !!course?.competencies;
