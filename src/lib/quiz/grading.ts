/**
 * Grading a knowledge check. Pure: runs on the server over the course model, which holds
 * the answer keys; nothing here is ever sent to the browser before an attempt is graded.
 *
 * A question is right when the set of chosen options equals the set of correct ones. The
 * person sees the feedback for each option they chose, and, where they left out a correct
 * option of a "choose all that apply" question, how many more fit (not which ones, so trying
 * again still means thinking it through).
 */
import type { KnowledgeCheck, Question } from '../courses/course.ts';

/** Question id → chosen option indexes (0-based), as stored in `quiz_attempts.answers`. */
export type Answers = Record<string, number[]>;

export interface ChosenOption {
  /** Index of the option in the question (0-based). */
  index: number;
  /** The option's own feedback, shown only because the person chose it. */
  feedback: string;
}

export interface QuestionResult {
  id: string;
  right: boolean;
  /** The chosen options in option order, each with its feedback. */
  chosen: ChosenOption[];
  /** How many correct options were not chosen (a count only, never which). */
  missed: number;
}

export interface Grade {
  /** Questions right. */
  score: number;
  /** Questions in the check. */
  total: number;
  /** The pass mark in per cent (from the module, else the course). */
  passMark: number;
  /** Questions needed to pass: the smallest score with score / total ≥ passMark %. */
  needed: number;
  passed: boolean;
  questions: QuestionResult[];
}

/** The smallest number of right answers out of `total` that reaches `passMark` per cent. */
export function questionsNeeded(total: number, passMark: number): number {
  // Whole-number arithmetic: score * 100 ≥ passMark * total, with no floating-point edge.
  return Math.ceil((passMark * total) / 100);
}

/** True when `score` out of `total` reaches `passMark` per cent (boundary included). */
export function reachesPassMark(score: number, total: number, passMark: number): boolean {
  return total > 0 && score * 100 >= passMark * total;
}

/** Grades one question against the chosen option indexes (duplicates are ignored). */
export function gradeQuestion(question: Question, chosen: readonly number[]): QuestionResult {
  const picked = new Set(chosen);
  const correct = new Set(question.options.flatMap((option, index) => (option.correct ? [index] : [])));
  const right = picked.size === correct.size && [...picked].every((index) => correct.has(index));
  return {
    id: question.id,
    right,
    chosen: question.options.flatMap((option, index) => (picked.has(index) ? [{ index, feedback: option.feedback }] : [])),
    missed: [...correct].filter((index) => !picked.has(index)).length,
  };
}

/**
 * Grades a whole check. `answers` must already be valid for this check (see
 * `checkAnswers` in ./answers.ts); a question with no entry counts as not right.
 */
export function gradeCheck(check: KnowledgeCheck, answers: Answers): Grade {
  const questions = check.questions.map((question) => gradeQuestion(question, answers[question.id] ?? []));
  const score = questions.filter((q) => q.right).length;
  const total = questions.length;
  return {
    score,
    total,
    passMark: check.passMark,
    needed: questionsNeeded(total, check.passMark),
    passed: reachesPassMark(score, total, check.passMark),
    questions,
  };
}
