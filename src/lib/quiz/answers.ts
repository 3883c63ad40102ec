/**
 * Checking posted answers against a knowledge check, before any grading. Pure.
 *
 * Anything a browser cannot send from our form (an unknown question, an option number that
 * does not exist, two answers to a "choose one" question) is refused with a plain message.
 * Questions left unanswered are not an error of that kind: the person gets the form back
 * with their answers kept and the unanswered questions named.
 */
import type { KnowledgeCheck } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import { quizText } from '../i18n/quiz.ts';
import type { Answers } from './grading.ts';

/** Form field name for a question's answer: `answer:<question id>`. */
export const ANSWER_FIELD_PREFIX = 'answer:';
export const answerField = (questionId: string) => `${ANSWER_FIELD_PREFIX}${questionId}`;

export type CheckedAnswers =
  | { complete: true; answers: Answers }
  | {
      complete: false;
      /** The answers given so far, to put back into the form. */
      answers: Answers;
      /** Ids of the questions with no answer, in question order. */
      unanswered: string[];
    };

/**
 * Turns the raw values posted for each question into option indexes, checking each one.
 *
 * @param raw question id → the values posted for it (strings, as a form sends them)
 * @throws {DomainError} `invalid`, naming the question, when a value is not an option of it,
 *   a question id is unknown, or a "choose one" question has more than one answer
 */
export function checkAnswers(check: KnowledgeCheck, raw: Record<string, readonly string[]>, text = quizText('en-GB')): CheckedAnswers {
  const position = new Map(check.questions.map((q, i) => [q.id, i] as const));
  for (const id of Object.keys(raw)) {
    if (!position.has(id)) throw new DomainError('invalid', text.errors.unknownQuestion(id));
  }

  const answers: Answers = {};
  const unanswered: string[] = [];
  check.questions.forEach((question, i) => {
    const values = raw[question.id] ?? [];
    const indexes = new Set<number>();
    for (const value of values) {
      const index = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(index) || index < 0 || index >= question.options.length) {
        throw new DomainError('invalid', text.errors.notAnOption(i + 1, question.options.length));
      }
      indexes.add(index);
    }
    if (question.type === 'single' && indexes.size > 1) {
      throw new DomainError('invalid', text.errors.oneOnly(i + 1));
    }
    if (indexes.size === 0) unanswered.push(question.id);
    else answers[question.id] = [...indexes].sort((a, b) => a - b);
  });

  return unanswered.length === 0 ? { complete: true, answers } : { complete: false, answers, unanswered };
}

/** Two answer sets are the same when every question has the same chosen options. */
export function sameAnswers(a: Answers, b: Answers): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => {
    const x = [...(a[key] ?? [])].sort((m, n) => m - n);
    const y = [...(b[key] ?? [])].sort((m, n) => m - n);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  });
}

/**
 * Answers as a short, URL-safe text (`q1:0;q2:1,3`), so a person sent to sign in mid-check
 * gets their answers back in the form afterwards. Question ids use only letters, digits,
 * dots and dashes, so `:`, `,` and `;` cannot clash.
 */
export function encodeDraft(answers: Answers): string {
  return Object.entries(answers)
    .filter(([, indexes]) => indexes.length > 0)
    .map(([id, indexes]) => `${id}:${indexes.join(',')}`)
    .join(';');
}

/** Reads {@link encodeDraft} text back; anything malformed is dropped, never an error. */
export function decodeDraft(text: string | null | undefined, check: KnowledgeCheck): Answers {
  const answers: Answers = {};
  if (!text || text.length > 2000) return answers;
  const questions = new Map(check.questions.map((q) => [q.id, q] as const));
  for (const part of text.split(';')) {
    const [id = '', list = ''] = part.split(':', 2);
    const question = questions.get(id);
    if (!question) continue;
    const indexes = [...new Set(list.split(',').filter((v) => /^\d{1,2}$/.test(v)).map(Number))].filter((n) => n < question.options.length);
    if (indexes.length === 0 || (question.type === 'single' && indexes.length > 1)) continue;
    answers[id] = indexes.sort((a, b) => a - b);
  }
  return answers;
}
