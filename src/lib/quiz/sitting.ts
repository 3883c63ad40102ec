/**
 * A sitting: what one attempt at a knowledge check shows — which questions (drawn from the
 * module's pool when it asks fewer than it holds) and each question's options in the order
 * shown. Pure and deterministic: the same seed always gives the same sitting, so the order
 * stays put across reloads and in the plain form, and the server can work it out again when
 * the answers arrive without trusting anything the browser says about order.
 *
 * Options keep their identity (their place in the course file) everywhere: the form posts
 * identities, grading compares identities, and the order is only how they were shown.
 */
import type { KnowledgeCheck, Question } from '../courses/course.ts';
import { mulberry32 } from '../random.ts';

export interface Sitting {
  /** Names this sitting: changes after each attempt, so a stale form can be recognised. */
  key: string;
  /** Ids of the questions asked, in the order shown (the file's order, drawn from the pool). */
  questions: string[];
  /** Question id → option identities (file indexes) in the order shown. */
  order: Record<string, number[]>;
}

/** A 32-bit hash of text (cyrb53's mixing, truncated): stable across platforms and runs. */
export function hashText(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt;
  let h2 = 0x41c6ce57 ^ salt;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** A seeded random number generator (mulberry32) giving numbers in [0, 1). */
export function seededRandom(seed: string): () => number {
  return mulberry32(hashText(seed));
}

/** A Fisher–Yates shuffle of a copy of `items`, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Where a sitting comes from: who, which check, and how many attempts came before it. */
export interface SittingSource {
  user: string;
  course: string;
  module: string;
  /** How many attempts the person has made at this check before this one (0 for the first). */
  round: number;
}

/** Names a sitting: `r0` for a person's first attempt at a check, `r1` for the next… */
export function sittingKey(source: Pick<SittingSource, 'round'>): string {
  return `r${source.round}`;
}

/** The round a sitting key names, or undefined when it is not one. */
export function roundOf(key: string | undefined): number | undefined {
  const match = /^r(\d{1,6})$/.exec(key ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Works out a sitting. The questions asked are `check.ask` of the pool, drawn at random and
 * shown in the file's order; each question's options are shuffled unless the question (or
 * the module) fixes its order.
 */
export function drawSitting(check: KnowledgeCheck, source: SittingSource): Sitting {
  const key = sittingKey(source);
  const seed = `${source.user}|${source.course}|${source.module}|${key}`;
  const draw = seededRandom(`${seed}|draw`);
  const ask = Math.min(check.ask ?? check.questions.length, check.questions.length);
  const picked = new Set(shuffled(check.questions.map((q) => q.id), draw).slice(0, ask));
  const questions = check.questions.filter((q) => picked.has(q.id));
  const order: Record<string, number[]> = {};
  for (const question of questions) {
    const identities = question.options.map((_, i) => i);
    order[question.id] = question.shuffle ? shuffled(identities, seededRandom(`${seed}|${question.id}`)) : identities;
  }
  return { key, questions: questions.map((q) => q.id), order };
}

/** The sitting shown to someone who is not signed in: the same for every reader. */
export function readerSitting(check: KnowledgeCheck, course: string, module: string): Sitting {
  return drawSitting({ ...check, ask: undefined }, { user: 'reader', course, module, round: 0 });
}

/** The check as one sitting asks it: its questions only, in the order shown. */
export function sittingCheck(check: KnowledgeCheck, questions: readonly string[]): KnowledgeCheck | undefined {
  const byId = new Map(check.questions.map((q) => [q.id, q] as const));
  const asked: Question[] = [];
  for (const id of questions) {
    const question = byId.get(id);
    if (!question) return undefined;
    asked.push(question);
  }
  return { ...check, questions: asked };
}

/**
 * A recorded order made safe to show: each asked question's options in the order recorded,
 * or the file's order where nothing (or something that no longer fits) was recorded, as for
 * attempts stored before orders were kept.
 */
export function shownOrder(question: Question, recorded: unknown): number[] {
  const identities = question.options.map((_, i) => i);
  if (!Array.isArray(recorded) || recorded.length !== identities.length) return identities;
  const seen = new Set<number>();
  for (const value of recorded) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= identities.length || seen.has(value)) return identities;
    seen.add(value);
  }
  return recorded as number[];
}

/**
 * When the person may try again: undefined when they may now (no wait set, no attempt yet,
 * or the wait is over), else the moment the wait ends.
 */
export function nextAttemptAt(waitMs: number, latestCreated: Date | undefined, now: Date): Date | undefined {
  if (!waitMs || !latestCreated || Number.isNaN(latestCreated.getTime())) return undefined;
  const at = new Date(latestCreated.getTime() + waitMs);
  return at.getTime() > now.getTime() ? at : undefined;
}
