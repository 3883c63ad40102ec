/**
 * Fair knowledge checks against a real PocketBase: each attempt's sitting (questions drawn
 * from a pool, options shuffled) is worked out on the server, graded by option identity and
 * recorded with the attempt; a stale form is refused; the author's wait is enforced by the
 * server; attempts stored before orders were kept still show.
 *
 * Uses the fixture course whose right answers are all written first.
 */
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Module } from '../../src/lib/courses/course.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { createAttempt, listAttempts } from '../../src/lib/quiz/attempts-store.ts';
import { loadCheck, submitCheck, type CheckDeps } from '../../src/lib/quiz/checks.ts';
import type { Sitting } from '../../src/lib/quiz/sitting.ts';
import { clientAs, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const root = path.resolve(import.meta.dirname, '../..');
const { courses } = loadCourses(path.join(root, 'tests/fixtures/courses/knowledge-checks'), root);
const course = courses[0]!;
const moduleOf = (id: string) => course.modules.find((m) => m.id === id) as Module;
const six = moduleOf('six-questions');
const pool = moduleOf('pool');
const wait = moduleOf('wait');

function formRequest(module: Module, answers: Record<string, number[]>, sitting?: string): Request {
  const body = new URLSearchParams({ course: course.slug, module: module.id });
  if (sitting) body.set('sitting', sitting);
  for (const [id, values] of Object.entries(answers)) for (const v of values) body.append(`answer:${id}`, String(v));
  return new Request('http://site.test/checks', { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
}

/** The option shown first for every question of the sitting: what a first-option ticker sends. */
const firstShown = (sitting: Sitting) => Object.fromEntries(sitting.questions.map((id) => [id, [sitting.order[id]![0]!]]));
/** Every question of the sitting answered right (right answers are option 0 in this course). */
const allRight = (sitting: Sitting) => Object.fromEntries(sitting.questions.map((id) => [id, [0]]));

describe('fair knowledge checks', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  let asSam: TypedPocketBase;
  let sam: UserRecord;
  let deps: CheckDeps;
  let clock = new Date();

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    // A fixed id, so the sittings (seeded by person, module and round) are the same every run.
    await service.collection('users').create({ id: 'quizfairsam0001', email: 'sam@example.org', password: PASSWORD, passwordConfirm: PASSWORD, display_name: 'Sam', role: ['trainee'], verified: true });
    asSam = (await clientAs(pb.url, 'sam@example.org', PASSWORD)) as TypedPocketBase;
    sam = asSam.authStore.record as UserRecord;
    deps = { findCourse: (slug) => courses.find((c) => c.slug === slug), pb: asSam, user: sam, service: async () => service as TypedPocketBase, now: () => clock };
  });
  afterAll(async () => {
    await pb?.stop();
  });

  const page = (module: Module, query = '') => loadCheck(deps, course, module, new URL(`http://site.test/courses/${course.slug}/${module.id}${query}`));

  it('records what the attempt showed: the sitting the page showed, stable across reloads', async () => {
    const shown = await page(six);
    expect((await page(six)).sitting).toEqual(shown.sitting);
    expect(shown.sitting!.key).toBe('r0');
    // The options are shuffled: not every question shows its options in the written order.
    expect(six.knowledgeCheck!.questions.some((q) => shown.sitting!.order[q.id]!.join() !== '0,1,2,3')).toBe(true);

    const outcome = await submitCheck(deps, formRequest(six, allRight(shown.sitting!), shown.sitting!.key));
    if (outcome.kind !== 'graded') throw new Error(outcome.kind);
    expect(outcome.result.attempt).toMatchObject({ score: 6, total: 6, passed: true });
    const row = await service.collection('quiz_attempts').getOne(outcome.result.attempt.id);
    expect(row['asked']).toEqual(shown.sitting!.questions);
    expect(row['option_order']).toEqual(shown.sitting!.order);

    // The next attempt has its own order; the result opened by address shows the one it used.
    const next = await page(six);
    expect(next.sitting!.key).toBe('r1');
    expect(next.sitting!.order).not.toEqual(shown.sitting!.order);
    const review = await page(six, `?attempt=${outcome.result.attempt.id}`);
    expect(review.reviewing).toBe(true);
    expect(review.sitting!.order).toEqual(shown.sitting!.order);
    expect(review.result!.questions.map((q) => q.id)).toEqual(shown.sitting!.questions);
  });

  it('grades by option identity, never by position: ticking the first option shown fails most attempts', async () => {
    let passes = 0;
    const orders = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const { sitting } = await page(six);
      orders.add(JSON.stringify(sitting!.order));
      clock = new Date(clock.getTime() + 60_000); // not a double click
      const outcome = await submitCheck(deps, formRequest(six, firstShown(sitting!), sitting!.key));
      if (outcome.kind !== 'graded') throw new Error(outcome.kind);
      const expected = sitting!.questions.filter((id) => sitting!.order[id]![0] === 0).length;
      expect(outcome.result.attempt.score).toBe(expected);
      if (outcome.result.attempt.passed) passes += 1;
    }
    expect(orders.size).toBe(6);
    expect(passes).toBeLessThan(3);
  });

  it('draws `ask` questions from a pool per attempt, records them, and refuses answers to others', async () => {
    const { sitting } = await page(pool);
    expect(sitting!.questions).toHaveLength(4);
    const notAsked = pool.knowledgeCheck!.questions.find((q) => !sitting!.questions.includes(q.id))!;
    const refused = await submitCheck(deps, formRequest(pool, { ...allRight(sitting!), [notAsked.id]: [0] }, sitting!.key));
    expect(refused.kind === 'refused' && refused.error.kind).toBe('invalid');
    expect(await listAttempts(asSam, sam.id, course.slug, pool.id)).toEqual([]);

    const outcome = await submitCheck(deps, formRequest(pool, allRight(sitting!), sitting!.key));
    if (outcome.kind !== 'graded') throw new Error(outcome.kind);
    expect(outcome.result.attempt).toMatchObject({ score: 4, total: 4, passed: true });
    const row = await service.collection('quiz_attempts').getOne(outcome.result.attempt.id);
    expect(row['asked']).toEqual(sitting!.questions);
  });

  it('refuses a form from an earlier sitting (409) and shows the current one, storing nothing', async () => {
    const before = (await listAttempts(asSam, sam.id, course.slug, six.id)).length;
    const { sitting } = await page(six);
    clock = new Date(clock.getTime() + 60_000);
    const stale = await submitCheck(deps, formRequest(six, allRight(sitting!), 'r0'));
    expect(stale.kind === 'refused' && stale.error.kind).toBe('conflict');
    expect(stale.kind === 'refused' && stale.sitting?.key).toBe(sitting!.key);
    expect(stale.kind === 'refused' && stale.answers).toEqual(allRight(sitting!));
    expect((await listAttempts(asSam, sam.id, course.slug, six.id)).length).toBe(before);
  });

  it('enforces the author’s wait on the server, with the time they can try again', async () => {
    const first = (await page(wait)).sitting!;
    const graded = await submitCheck(deps, formRequest(wait, firstShown(first), first.key));
    if (graded.kind !== 'graded') throw new Error(graded.kind);
    const row = await service.collection('quiz_attempts').getOne(graded.result.attempt.id);
    const created = new Date(String(row['created']).replace(' ', 'T'));

    clock = new Date(created.getTime() + 5 * 60_000);
    const during = await page(wait);
    expect(during.retryAt).toEqual(new Date(created.getTime() + 10 * 60_000));
    expect(during.reviewing).toBe(true); // the latest attempt is shown while waiting
    const refused = await submitCheck(deps, formRequest(wait, allRight(first), 'r1'));
    expect(refused.kind === 'refused' && refused.error.kind).toBe('too-many');
    expect(refused.kind === 'refused' && refused.retryAt).toEqual(new Date(created.getTime() + 10 * 60_000));
    expect(refused.kind === 'refused' && refused.error.message).toContain('You can try again from');
    expect((await listAttempts(asSam, sam.id, course.slug, wait.id)).length).toBe(1);

    clock = new Date(created.getTime() + 11 * 60_000);
    const after = await page(wait);
    expect(after.retryAt).toBeUndefined();
    expect(after.reviewing).toBeUndefined();
    const allowed = await submitCheck(deps, formRequest(wait, allRight(after.sitting!), after.sitting!.key));
    expect(allowed.kind).toBe('graded');
  });

  it('still shows an attempt stored before orders were kept, in file order', async () => {
    const answers = Object.fromEntries(six.knowledgeCheck!.questions.map((q) => [q.id, [1]]));
    const old = await createAttempt(service as TypedPocketBase, { user: sam.id, course: course.slug, module: six.id, answers, grade: { score: 0, total: 6, passed: false } });
    expect(old.asked ?? null).toBeNull();
    const review = await page(six, `?attempt=${old.id}`);
    expect(review.sitting!.questions).toEqual(six.knowledgeCheck!.questions.map((q) => q.id));
    for (const id of review.sitting!.questions) expect(review.sitting!.order[id]).toEqual([0, 1, 2, 3]);
    expect(review.result!.questions).toHaveLength(6);
    expect(review.result!.questions.every((q) => !q.right)).toBe(true);
  });
});
