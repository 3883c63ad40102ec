/**
 * Co-production feedback, summarised for the course team. Pure.
 *
 * Anonymity is decided here, once: a row marked anonymous never carries a name past this
 * point, and no email is ever taken in. Comments are sorted by their text, not by date, so
 * the order cannot be matched to when someone took part.
 */
import type { Course } from '../courses/course.ts';
import type { Useful } from './schema.ts';
import { csvDocument } from '../csv.ts';

/** A stored feedback row with, at most, its author's display name (read by the service client). */
export interface FeedbackRow {
  module: string;
  useful: Useful | '' | null | undefined;
  hard_to_read: string;
  change: string;
  anonymous: boolean;
  /** The author's display name; dropped here when `anonymous` is true. */
  displayName: string | undefined;
}

export interface FeedbackComment {
  hardToRead: string;
  change: string;
  /** Only when the person chose to show their name. */
  name?: string;
}

export interface ModuleFeedbackSummary {
  moduleId: string;
  number: number;
  title: string;
  responses: number;
  useful: Record<Useful | 'none', number>;
  comments: FeedbackComment[];
}

const byText = (a: FeedbackComment, b: FeedbackComment) =>
  (a.hardToRead || a.change).localeCompare(b.hardToRead || b.change, 'en-GB') || a.change.localeCompare(b.change, 'en-GB');

/** The comment a row contributes, or undefined when it has no text; names only when not anonymous. */
export function commentOf(row: FeedbackRow): FeedbackComment | undefined {
  const hardToRead = row.hard_to_read.trim();
  const change = row.change.trim();
  if (!hardToRead && !change) return undefined;
  const name = row.anonymous ? undefined : row.displayName?.trim();
  return name ? { hardToRead, change, name } : { hardToRead, change };
}

/**
 * Per module, in course order: how many said the module was useful, partly or not, and
 * the comments. Rows for modules no longer in the course are left out.
 */
export function summariseFeedback(course: Pick<Course, 'modules'>, rows: readonly FeedbackRow[]): ModuleFeedbackSummary[] {
  return course.modules.map((module) => {
    const mine = rows.filter((row) => row.module === module.id);
    const useful = { yes: 0, partly: 0, no: 0, none: 0 };
    for (const row of mine) useful[row.useful === 'yes' || row.useful === 'partly' || row.useful === 'no' ? row.useful : 'none'] += 1;
    const comments = mine.flatMap((row) => commentOf(row) ?? []).sort(byText);
    return { moduleId: module.id, number: module.number, title: module.title, responses: mine.length, useful, comments };
  });
}

/** The summary as CSV (one line per response with any content), names only where shared. */
export function feedbackCsv(course: Pick<Course, 'modules'>, rows: readonly FeedbackRow[], header: readonly string[]): string {
  const lines: (string | number)[][] = [];
  for (const module of course.modules) {
    const mine = rows
      .filter((row) => row.module === module.id)
      .map((row) => ({ useful: row.useful || '', comment: commentOf(row) ?? { hardToRead: '', change: '' } }))
      .sort((a, b) => byText(a.comment, b.comment) || a.useful.localeCompare(b.useful));
    for (const { useful, comment } of mine) {
      lines.push([module.number, module.id, module.title, useful, comment.hardToRead, comment.change, comment.name ?? '']);
    }
  }
  return csvDocument(header, lines);
}
