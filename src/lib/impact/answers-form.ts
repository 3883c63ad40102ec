/**
 * Reading the questionnaire form (/questionnaire/<course>). Pure. Every question may be
 * skipped; a value that is not one of the choices is refused with a plain message naming the
 * question, and what was chosen is kept for the page to show again.
 */
import type { ImpactQuestionnaire, Round } from '../courses/impact-questionnaire.ts';
import { impactEn } from '../i18n/impact.ts';

export const COMMENT_MAX = 1000;

export interface ParsedAnswers {
  scores: Record<string, number>;
  later: Record<string, boolean>;
  comment: string;
  quoteOk: boolean;
}

export type AnswersOutcome = { ok: true; answers: ParsedAnswers } | { ok: false; errors: Record<string, string>; kept: Record<string, string> };

type FormLike = { get(name: string): unknown };

/** Field names: `score_<id>`, `later_<id>`, `comment`, `quote_ok`. */
export const scoreField = (id: string) => `score_${id}`;
export const laterField = (id: string) => `later_${id}`;

/** Later questions are asked at the follow-ups, not at the start or end. */
export const asksLater = (round: Round) => round.startsWith('after-');

export function parseAnswers(q: ImpactQuestionnaire, round: Round, form: FormLike): AnswersOutcome {
  const t = impactEn.trainee.errors;
  const errors: Record<string, string> = {};
  const kept: Record<string, string> = {};
  const scores: Record<string, number> = {};
  const later: Record<string, boolean> = {};
  const text = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : '';
  };
  for (const item of q.questions) {
    const raw = text(scoreField(item.id)).trim();
    kept[scoreField(item.id)] = raw;
    if (!raw) continue;
    const n = /^\d{1,2}$/.test(raw) ? Number(raw) : Number.NaN;
    if (n >= 1 && n <= q.scale.length) scores[item.id] = n;
    else errors[scoreField(item.id)] = t.score(item.text);
  }
  if (asksLater(round)) {
    for (const item of q.laterQuestions) {
      const raw = text(laterField(item.id)).trim();
      kept[laterField(item.id)] = raw;
      if (!raw) continue;
      if (raw === 'yes' || raw === 'no') later[item.id] = raw === 'yes';
      else errors[laterField(item.id)] = t.later(item.text);
    }
  }
  const comment = text('comment').replace(/\r\n/g, '\n').trim();
  kept.comment = comment;
  const quoteOk = text('quote_ok') === 'yes' && comment.length > 0;
  kept.quote_ok = quoteOk ? 'yes' : '';
  if (comment.length > COMMENT_MAX) errors.comment = t.comment;
  if (Object.keys(errors).length === 0 && Object.keys(scores).length === 0 && Object.keys(later).length === 0 && !comment) {
    errors[q.questions[0] ? scoreField(q.questions[0].id) : 'comment'] = t.empty;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors, kept } : { ok: true, answers: { scores, later, comment, quoteOk } };
}
