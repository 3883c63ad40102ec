/**
 * Knowledge-check attempts as the person sees them: the result of one attempt (with only the
 * feedback for what they chose) and their history. Pure: the store (./attempts-store.ts)
 * reads and writes the rows.
 */
import type { KnowledgeCheck } from '../courses/course.ts';
import { sameAnswers } from './answers.ts';
import type { Answers, Grade } from './grading.ts';
import { parsePocketBaseDate } from '../dates.ts';

/** A repeated, identical submission within this time reuses the attempt just stored. */
export const REPEAT_WINDOW_MS = 5_000;

export interface AttemptSummary {
  id: string;
  /** PocketBase date, e.g. `2026-11-23 10:00:00.000Z`. */
  created: string;
  score: number;
  total: number;
  passed: boolean;
}

export interface ChosenView {
  index: number;
  /** The option's text as HTML (course Markdown, inline). */
  optionHtml: string;
  /** The option's feedback as HTML (course Markdown, inline). */
  feedbackHtml: string;
}

export interface QuestionView {
  id: string;
  right: boolean;
  chosen: ChosenView[];
  /** For "choose all that apply": how many fitting options were left out (0 otherwise). */
  missed: number;
}

/** One graded attempt, ready for the page or the JSON answer. */
export interface ResultView {
  attempt: AttemptSummary;
  needed: number;
  passMark: number;
  questions: QuestionView[];
}

/** A PocketBase date string as a Date (PocketBase uses a space instead of `T`). */
export function pocketBaseDate(value: string): Date {
  return parsePocketBaseDate(value) ?? new Date(Number.NaN);
}

export function summaryOf(record: AttemptSummary): AttemptSummary {
  return { id: record.id, created: record.created, score: record.score, total: record.total, passed: record.passed };
}

/**
 * True when `answers` repeat the person's latest attempt within {@link REPEAT_WINDOW_MS}
 * (a double click, or the form sent twice): the earlier attempt is then reused.
 */
export function isRepeatSubmission(latest: { answers: Answers | null; created: string } | undefined, answers: Answers, now: Date): boolean {
  if (!latest) return false;
  const age = now.getTime() - pocketBaseDate(latest.created).getTime();
  return age >= 0 && age <= REPEAT_WINDOW_MS && sameAnswers(latest.answers ?? {}, answers);
}

/**
 * What the person sees after grading: each question right or not yet, the feedback of the
 * options they chose (and nothing about options they did not choose), and for "choose all
 * that apply" how many more options fit.
 *
 * @param optionsHtml the options' texts as HTML, per question, in model order
 * @param renderInline renders one line of course Markdown (the feedback) to HTML
 */
export function presentResult(
  attempt: AttemptSummary,
  grade: Grade,
  check: KnowledgeCheck,
  optionsHtml: string[][],
  renderInline: (source: string) => string,
): ResultView {
  return {
    attempt,
    needed: grade.needed,
    passMark: grade.passMark,
    questions: grade.questions.map((result, i) => ({
      id: result.id,
      right: result.right,
      chosen: result.chosen.map((c) => ({ index: c.index, optionHtml: optionsHtml[i]?.[c.index] ?? '', feedbackHtml: renderInline(c.feedback) })),
      missed: check.questions[i]?.type === 'multiple' ? result.missed : 0,
    })),
  };
}
