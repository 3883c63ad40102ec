/**
 * Knowledge checks against a real PocketBase: attempts are stored by the service client
 * only, a trainee reads only their own, and POST /checks' logic (submitCheck) grades,
 * stores once per double submit, and never stores an unfinished check.
 */
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course, Module } from '../../src/lib/courses/course.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { createAttempt, getOwnAttempt, listAttempts } from '../../src/lib/quiz/attempts-store.ts';
import { loadCheck, submitCheck, type CheckDeps } from '../../src/lib/quiz/checks.ts';
import { clientAs, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const root = path.resolve(import.meta.dirname, '../..');
const { courses } = loadCourses(path.join(root, 'courses'), root);
const course = courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const module = course.modules.find((m) => m.knowledgeCheck) as Module;
const check = module.knowledgeCheck!;
// Every module of the real courses has a check; a copy of the course with one taken away.
const withoutCheck: Course = { ...course, modules: course.modules.map((m, i) => (i === 1 ? { ...m, knowledgeCheck: undefined } : m)) };
const noCheck = withoutCheck.modules[1]!;

/** Option numbers that answer every question right, or wrong. */
const rightAnswers = () => Object.fromEntries(check.questions.map((q) => [q.id, q.options.flatMap((o, i) => (o.correct ? [i] : []))]));
const wrongAnswers = () => Object.fromEntries(check.questions.map((q) => [q.id, [q.options.findIndex((o) => !o.correct)]]));

function formRequest(fields: Record<string, number[] | string>, courseSlug = course.slug, moduleId = module.id): Request {
  const body = new URLSearchParams({ course: courseSlug, module: moduleId });
  for (const [id, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(`answer:${id}`, String(v));
  }
  return new Request('http://site.test/checks', { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
}

describe('knowledge checks', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  let ash: TestUser;
  let bo: TestUser;
  let asAsh: TypedPocketBase;
  let asBo: TypedPocketBase;
  let ashRecord: UserRecord;
  let deps: CheckDeps;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    ash = await createUser(service, { email: 'ash@example.org', password: PASSWORD, display_name: 'Ash', roles: ['trainee'] });
    bo = await createUser(service, { email: 'bo@example.org', password: PASSWORD, display_name: 'Bo', roles: ['trainee'] });
    asAsh = (await clientAs(pb.url, ash.email, PASSWORD)) as TypedPocketBase;
    asBo = (await clientAs(pb.url, bo.email, PASSWORD)) as TypedPocketBase;
    ashRecord = asAsh.authStore.record as UserRecord;
    deps = {
      findCourse: (slug) => courses.find((c) => c.slug === slug),
      pb: asAsh,
      user: ashRecord,
      service: async () => service as TypedPocketBase,
    };
  });
  afterAll(async () => {
    await pb?.stop();
  });

  it('stores an attempt through the service client, readable by its owner only', async () => {
    const stored = await createAttempt(service as TypedPocketBase, {
      user: ash.id,
      course: course.slug,
      module: 'some-module',
      answers: { q1: [0] },
      grade: { score: 1, total: 1, passed: true },
    });
    expect(stored).toMatchObject({ user: ash.id, score: 1, total: 1, passed: true, answers: { q1: [0] } });
    expect(await getOwnAttempt(asAsh, stored.id, ash.id, course.slug, 'some-module')).toMatchObject({ id: stored.id });
    expect((await listAttempts(asAsh, ash.id, course.slug, 'some-module')).map((a) => a.id)).toEqual([stored.id]);
    // Bo cannot read Ash's attempt, by id or by list.
    expect(await getOwnAttempt(asBo, stored.id, bo.id, course.slug, 'some-module')).toBeUndefined();
    expect(await listAttempts(asBo, ash.id, course.slug, 'some-module')).toEqual([]);
  });

  it('refuses an attempt a trainee tries to write themself, even a "passed" one', async () => {
    let error: unknown;
    try {
      await asAsh.collection('quiz_attempts').create({ user: ash.id, course: course.slug, module: module.id, answers: {}, score: 9, total: 9, passed: true });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClientResponseError);
    // A null create rule means "superusers only": PocketBase answers 403.
    expect((error as ClientResponseError).status).toBe(403);
    const rows = await service.collection('quiz_attempts').getFullList({ filter: service.filter('user = {:u} && module = {:m}', { u: ash.id, m: module.id }) });
    expect(rows).toEqual([]);
  });

  it('grades on the server and stores the attempt for the signed-in person', async () => {
    const outcome = await submitCheck(deps, formRequest(wrongAnswers()));
    expect(outcome.kind).toBe('graded');
    if (outcome.kind !== 'graded') return;
    expect(outcome.result.attempt).toMatchObject({ score: 0, total: check.questions.length, passed: false });
    expect(outcome.repeated).toBe(false);
    const row = await service.collection('quiz_attempts').getOne(outcome.result.attempt.id);
    expect(row).toMatchObject({ user: ash.id, course: course.slug, module: module.id, answers: wrongAnswers(), passed: false });
    expect(outcome.history[0]?.id).toBe(outcome.result.attempt.id);
  });

  it('stores one attempt for a double submit of the same answers (at once, and again within 5 s)', async () => {
    const before = (await listAttempts(asAsh, ash.id, course.slug, module.id)).length;
    const [a, b] = await Promise.all([submitCheck(deps, formRequest(rightAnswers())), submitCheck(deps, formRequest(rightAnswers()))]);
    const again = await submitCheck(deps, formRequest(rightAnswers()));
    const ids = [a, b, again].map((o) => (o.kind === 'graded' ? o.result.attempt.id : o.kind));
    expect(new Set(ids).size).toBe(1);
    expect(again.kind === 'graded' && again.repeated).toBe(true);
    expect(again.kind === 'graded' && again.result.attempt.passed).toBe(true);
    expect((await listAttempts(asAsh, ash.id, course.slug, module.id)).length).toBe(before + 1);
  });

  it('does not grade or store a check with unanswered questions, and keeps the answers', async () => {
    const before = (await listAttempts(asAsh, ash.id, course.slug, module.id)).length;
    const [first, ...rest] = check.questions;
    const outcome = await submitCheck(deps, formRequest({ [first!.id]: rightAnswers()[first!.id]! }));
    expect(outcome).toMatchObject({ kind: 'unanswered', answers: { [first!.id]: rightAnswers()[first!.id] }, unanswered: rest.map((q) => q.id) });
    expect((await listAttempts(asAsh, ash.id, course.slug, module.id)).length).toBe(before);
  });

  it('refuses bad input with the right kind of error, storing nothing', async () => {
    const cases: [Request, string][] = [
      [formRequest({}, course.slug, noCheck.id), 'invalid'],
      [formRequest(rightAnswers(), 'no-such-course'), 'not-found'],
      [formRequest(rightAnswers(), course.slug, 'no-such-module'), 'not-found'],
      [formRequest({ ...rightAnswers(), [check.questions[0]!.id]: [42] }), 'invalid'],
      [formRequest({ ...rightAnswers(), ghost: [0] }), 'invalid'],
      [new Request('http://site.test/checks', { method: 'POST', body: JSON.stringify({ course: course.slug }), headers: { 'Content-Type': 'application/json' } }), 'invalid'],
    ];
    const before = (await listAttempts(asAsh, ash.id, course.slug, module.id)).length;
    const findCourse = (slug: string) => (slug === course.slug ? withoutCheck : undefined);
    for (const [request, kind] of cases) {
      const outcome = await submitCheck({ ...deps, findCourse }, request);
      expect(outcome.kind).toBe('refused');
      expect(outcome.kind === 'refused' && outcome.error.kind).toBe(kind);
    }
    expect((await listAttempts(asAsh, ash.id, course.slug, module.id)).length).toBe(before);
  });

  it('sends a signed-out person to sign in with their answers in the return address', async () => {
    const outcome = await submitCheck({ ...deps, user: null }, formRequest(rightAnswers()));
    expect(outcome.kind).toBe('signed-out');
    const next = new URL(`http://x${outcome.kind === 'signed-out' ? outcome.returnTo : ''}`).searchParams.get('next') ?? '';
    expect(next).toMatch(new RegExp(`^/courses/${course.slug}/${module.id}\\?answers=.+#knowledge-check$`));
  });

  it('shows a result opened by address to its owner only, with feedback for the chosen options', async () => {
    const graded = await submitCheck(deps, formRequest(wrongAnswers()));
    if (graded.kind !== 'graded') throw new Error(graded.kind);
    const url = new URL(`http://site.test/courses/${course.slug}/${module.id}?attempt=${graded.result.attempt.id}`);
    const own = await loadCheck({ pb: asAsh, user: ashRecord }, course, module, url);
    expect(own.result?.attempt.id).toBe(graded.result.attempt.id);
    expect(own.answers).toEqual(wrongAnswers());
    expect(own.result?.questions.every((q) => !q.right && q.chosen.length === 1)).toBe(true);
    expect(own.history.length).toBeGreaterThan(1);

    const other = await loadCheck({ pb: asBo, user: asBo.authStore.record as UserRecord }, course, module, url);
    expect(other.result).toBeUndefined();
    expect(other.history).toEqual([]);
  });

  it('says the service is unavailable, rather than failing, when PocketBase cannot be reached', async () => {
    const down = new (asAsh.constructor as typeof PocketBase)('http://127.0.0.1:9') as TypedPocketBase;
    down.authStore.save(asAsh.authStore.token, asAsh.authStore.record);
    const state = await loadCheck({ pb: down, user: ashRecord }, course, module, new URL('http://site.test/'));
    expect(state.mode).toBe('unavailable');
    const outcome = await submitCheck({ ...deps, pb: down }, formRequest(rightAnswers()));
    expect(outcome.kind === 'refused' && outcome.error.kind).toBe('unavailable');
    expect(outcome.kind === 'refused' && outcome.answers).toEqual(rightAnswers());
  });
});
