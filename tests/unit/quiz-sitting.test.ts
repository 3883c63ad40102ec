/**
 * Sittings: which questions an attempt asks and the order its options are shown in. Seeded,
 * so every expectation here is deterministic: the same seed always gives the same sitting.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { KnowledgeCheck } from '../../src/lib/courses/course.ts';
import { parseWait } from '../../src/lib/courses/schema.ts';
import { gradeCheck, type Answers } from '../../src/lib/quiz/grading.ts';
import { attemptSitting } from '../../src/lib/quiz/checks.ts';
import {
  drawSitting,
  nextAttemptAt,
  readerSitting,
  roundOf,
  seededRandom,
  shownOrder,
  shuffled,
  sittingCheck,
  type SittingSource,
} from '../../src/lib/quiz/sitting.ts';

const root = path.resolve(import.meta.dirname, '../..');
const { courses } = loadCourses(path.join(root, 'tests/fixtures/courses/knowledge-checks'), root);
const fixture = courses[0]!;
const sixQuestions = fixture.modules.find((m) => m.id === 'six-questions')!.knowledgeCheck!;
const pool = fixture.modules.find((m) => m.id === 'pool')!.knowledgeCheck!;
const mixed = fixture.modules.find((m) => m.id === 'mixed')!.knowledgeCheck!;

const source = (round: number, user = 'user123456789ab'): SittingSource => ({ user, course: fixture.slug, module: 'six-questions', round });

/** What someone who always ticks the option shown first would send. */
function firstShown(_check: KnowledgeCheck, order: Record<string, number[]>, asked: readonly string[]): Answers {
  return Object.fromEntries(asked.map((id) => [id, [order[id]![0]!]]));
}

describe('a seeded shuffle', () => {
  it('gives the same numbers for the same seed and different ones for another', () => {
    const a = seededRandom('seed');
    const b = seededRandom('seed');
    const c = seededRandom('other');
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    for (const n of first) expect(n >= 0 && n < 1).toBe(true);
  });

  it('returns a permutation and leaves the input alone', () => {
    const items = [0, 1, 2, 3, 4, 5, 6, 7];
    const out = shuffled(items, seededRandom('x'));
    expect([...out].sort()).toEqual(items);
    expect(items).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('puts each option first about as often as any other (400 seeds, 4 options)', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++) counts[shuffled([0, 1, 2, 3], seededRandom(`s${i}`))[0]!]! += 1;
    for (const n of counts) expect(n).toBeGreaterThan(60);
    for (const n of counts) expect(n).toBeLessThan(140);
  });
});

describe('a sitting', () => {
  it('is the same on every reload of the same attempt', () => {
    expect(drawSitting(sixQuestions, source(7))).toEqual(drawSitting(sixQuestions, source(7)));
    expect(drawSitting(sixQuestions, source(0))).toEqual(drawSitting(sixQuestions, source(0)));
    expect(drawSitting(sixQuestions, source(0)).key).toBe('r0');
    expect(drawSitting(sixQuestions, source(7)).key).toBe('r7');
    expect(roundOf('r7')).toBe(7);
    expect(roundOf('first')).toBeUndefined();
  });

  it('changes after each attempt and differs between people', () => {
    const a = drawSitting(sixQuestions, source(1));
    const b = drawSitting(sixQuestions, source(2));
    const c = drawSitting(sixQuestions, source(1, 'someoneelse0000'));
    expect(b.order).not.toEqual(a.order);
    expect(c.order).not.toEqual(a.order);
  });

  it('shows every option of every question once, by identity', () => {
    const sitting = drawSitting(sixQuestions, source(3));
    expect(sitting.questions).toEqual(sixQuestions.questions.map((q) => q.id));
    for (const q of sixQuestions.questions) expect([...sitting.order[q.id]!].sort()).toEqual(q.options.map((_, i) => i));
  });

  it('keeps the written order of a question marked shuffle: false, and shuffles the others', () => {
    const fixed = mixed.questions.find((q) => !q.shuffle)!;
    expect(fixed.id).toBe('q4');
    let othersMoved = 0;
    for (let i = 0; i < 10; i++) {
      const sitting = drawSitting(mixed, { ...source(i), module: 'mixed' });
      expect(sitting.order[fixed.id]).toEqual([0, 1, 2, 3]);
      if (mixed.questions.some((q) => q.shuffle && sitting.order[q.id]!.join() !== '0,1,2,3')) othersMoved += 1;
    }
    expect(othersMoved).toBe(10);
  });

  it('draws `ask` questions from a pool, in file order, different ones over attempts', () => {
    expect(pool.ask).toBe(4);
    expect(pool.questions).toHaveLength(8);
    const seen = new Set<string>();
    const draws = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const sitting = drawSitting(pool, { ...source(i), module: 'pool' });
      expect(sitting.questions).toHaveLength(4);
      const positions = sitting.questions.map((id) => pool.questions.findIndex((q) => q.id === id));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(Object.keys(sitting.order).sort()).toEqual([...sitting.questions].sort());
      sitting.questions.forEach((id) => seen.add(id));
      draws.add(sitting.questions.join());
    }
    expect(seen.size).toBe(8);
    expect(draws.size).toBeGreaterThan(5);
  });

  it('for a reader who is not signed in, shows the whole pool, shuffled the same for everyone', () => {
    const a = readerSitting(pool, fixture.slug, 'pool');
    expect(a.questions).toHaveLength(8);
    expect(readerSitting(pool, fixture.slug, 'pool')).toEqual(a);
  });
});

describe('grading by identity, whatever the order', () => {
  it('grades the same answers the same in every sitting', () => {
    const right: Answers = Object.fromEntries(sixQuestions.questions.map((q) => [q.id, q.options.flatMap((o, i) => (o.correct ? [i] : []))]));
    for (let i = 0; i < 5; i++) {
      const sitting = drawSitting(sixQuestions, source(i));
      const asked = sittingCheck(sixQuestions, sitting.questions)!;
      expect(gradeCheck(asked, right).score).toBe(6);
    }
  });

  it('ticking the option shown first is right only where the right one happened to be shown first', () => {
    const sitting = drawSitting(sixQuestions, source(1));
    const asked = sittingCheck(sixQuestions, sitting.questions)!;
    const grade = gradeCheck(asked, firstShown(sixQuestions, sitting.order, sitting.questions));
    expect(grade.score).toBe(sitting.questions.filter((id) => sitting.order[id]![0] === 0).length);
  });

  it('ticking the option shown first fails most of 20 attempts, though every right answer is written first', () => {
    let passes = 0;
    for (let i = 0; i < 20; i++) {
      const sitting = drawSitting(sixQuestions, source(i));
      const asked = sittingCheck(sixQuestions, sitting.questions)!;
      if (gradeCheck(asked, firstShown(sixQuestions, sitting.order, sitting.questions)).passed) passes += 1;
    }
    expect(passes).toBeLessThan(3);
    // Without shuffling it would pass every time.
    const unshuffled = { ...sixQuestions, questions: sixQuestions.questions.map((q) => ({ ...q, shuffle: false })) };
    const plain = drawSitting(unshuffled, source(0));
    expect(gradeCheck(unshuffled, firstShown(unshuffled, plain.order, plain.questions)).passed).toBe(true);
  });

  it('sittingCheck keeps the asked questions in order and refuses ids the check no longer has', () => {
    expect(sittingCheck(pool, ['q3', 'q1'])!.questions.map((q) => q.id)).toEqual(['q3', 'q1']);
    expect(sittingCheck(pool, ['q3', 'gone'])).toBeUndefined();
  });
});

describe('an attempt as it was shown', () => {
  it('uses its recorded questions and orders', () => {
    const s = attemptSitting(pool, { id: 'a1', asked: ['q2', 'q5'], option_order: { q2: [3, 2, 1, 0], q5: [1, 0, 3, 2] } });
    expect(s).toEqual({ key: 'a1', questions: ['q2', 'q5'], order: { q2: [3, 2, 1, 0], q5: [1, 0, 3, 2] } });
  });

  it('shows an older row with nothing recorded as every question in file order', () => {
    const s = attemptSitting(sixQuestions, { id: 'old', asked: null, option_order: null });
    expect(s.questions).toEqual(sixQuestions.questions.map((q) => q.id));
    for (const id of s.questions) expect(s.order[id]).toEqual([0, 1, 2, 3]);
  });

  it('falls back to file order where a recorded order no longer fits the question', () => {
    const q = sixQuestions.questions[0]!;
    expect(shownOrder(q, [2, 0, 1, 3])).toEqual([2, 0, 1, 3]);
    expect(shownOrder(q, [0, 1, 2])).toEqual([0, 1, 2, 3]);
    expect(shownOrder(q, [0, 0, 1, 2])).toEqual([0, 1, 2, 3]);
    expect(shownOrder(q, [0, 1, 2, 9])).toEqual([0, 1, 2, 3]);
    expect(shownOrder(q, 'nonsense')).toEqual([0, 1, 2, 3]);
  });
});

describe('a wait between attempts', () => {
  it('reads 30s, 10m, 2h and 1d, and nothing else', () => {
    expect(parseWait('30s')).toBe(30_000);
    expect(parseWait('10m')).toBe(600_000);
    expect(parseWait('2h')).toBe(7_200_000);
    expect(parseWait('1d')).toBe(86_400_000);
    expect(parseWait('10 minutes')).toBeUndefined();
    expect(parseWait('m')).toBeUndefined();
  });

  it('holds the next attempt until the wait after the latest one is over', () => {
    const latest = new Date('2026-12-07T10:00:00Z');
    expect(nextAttemptAt(600_000, latest, new Date('2026-12-07T10:05:00Z'))).toEqual(new Date('2026-12-07T10:10:00Z'));
    expect(nextAttemptAt(600_000, latest, new Date('2026-12-07T10:10:00Z'))).toBeUndefined();
    expect(nextAttemptAt(0, latest, new Date('2026-12-07T10:00:01Z'))).toBeUndefined();
    expect(nextAttemptAt(600_000, undefined, latest)).toBeUndefined();
  });
});
