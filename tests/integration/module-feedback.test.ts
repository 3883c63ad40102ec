/**
 * Co-production feedback against a real PocketBase: one row per person and module
 * (changed, not duplicated), rows readable only by their author, and the course team's
 * summary (the module_feedback_team view, read with the person's own client) for the
 * course's authors and its groups' trainers only, with names only where people chose to
 * share them.
 */
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { getOwnFeedback, listCourseFeedback, saveFeedback } from '../../src/lib/feedback/feedback-store.ts';
import { loadFeedback, loadFeedbackReport, submitFeedback, type FeedbackDeps } from '../../src/lib/feedback/form.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createCohort, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const root = path.resolve(import.meta.dirname, '../..');
const { courses } = loadCourses(path.join(root, 'courses'), root);
const course = courses.find((c) => c.slug === 'service-user-leadership') as Course;
const [first, second] = course.modules;

function post(fields: Record<string, string>): Request {
  return new Request('http://site.test/feedback', {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

describe('module feedback', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  let ash: TestUser;
  let bo: TestUser;
  let asAsh: TypedPocketBase;
  let asBo: TypedPocketBase;
  let trainer: UserRecord;
  let trainee: UserRecord;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    ash = await createUser(service, { email: 'ash@example.org', password: PASSWORD, display_name: 'Ash Named', roles: ['trainee'] });
    bo = await createUser(service, { email: 'bo@example.org', password: PASSWORD, display_name: 'Bo Hidden', roles: ['trainee'] });
    const t = await createUser(service, { email: 'tam@example.org', password: PASSWORD, display_name: 'Tam', roles: ['trainer'] });
    asAsh = (await clientAs(pb.url, ash.email, PASSWORD)) as TypedPocketBase;
    asBo = (await clientAs(pb.url, bo.email, PASSWORD)) as TypedPocketBase;
    trainee = asAsh.authStore.record as UserRecord;
    trainer = (await clientAs(pb.url, t.email, PASSWORD)).authStore.record as UserRecord;
    // Tam trains a group of the course: on its course team.
    await createCohort(service, { name: 'Tam’s group', course: course.slug, trainers: [t.id] });
  });
  afterAll(async () => {
    await pb?.stop();
  });

  it('keeps one row per person and module: a second save changes it', async () => {
    const input = { course: course.slug, module: first!.id, useful: 'partly' as const, hard_to_read: 'The timeline', change: '', anonymous: false };
    const created = await saveFeedback(asAsh, ash.id, input);
    const updated = await saveFeedback(asAsh, ash.id, { ...input, useful: 'yes', change: 'More on the 1980s' });
    expect(updated.id).toBe(created.id);
    expect(await getOwnFeedback(asAsh, ash.id, course.slug, first!.id)).toMatchObject({ useful: 'yes', change: 'More on the 1980s', anonymous: false });
    const rows = await service.collection('module_feedback').getFullList({ filter: service.filter('user = {:u}', { u: ash.id }) });
    expect(rows).toHaveLength(1);
  });

  it('keeps one row when two first saves race', async () => {
    const input = { course: course.slug, module: second!.id, useful: 'no' as const, hard_to_read: '', change: 'Race', anonymous: true };
    await Promise.all([saveFeedback(asAsh, ash.id, input), saveFeedback(asAsh, ash.id, input), saveFeedback(asAsh, ash.id, input)]);
    const rows = await service.collection('module_feedback').getFullList({ filter: service.filter('user = {:u} && module = {:m}', { u: ash.id, m: second!.id }) });
    expect(rows).toHaveLength(1);
  });

  it('lets only the author read their row; nobody can write one for someone else', async () => {
    expect(await getOwnFeedback(asBo, ash.id, course.slug, first!.id)).toBeUndefined();
    expect(await asBo.collection('module_feedback').getFullList()).toEqual([]);
    await expect(asBo.collection('module_feedback').create({ user: ash.id, course: course.slug, module: 'x', useful: 'no' })).rejects.toMatchObject({ status: 400 });
  });

  it('saves the form as the person, kindly refusing an empty or overlong one with their text kept', async () => {
    const deps: FeedbackDeps = { findCourse: (slug) => courses.find((c) => c.slug === slug), pb: asBo, user: asBo.authStore.record as UserRecord };
    const base = { course: course.slug, module: first!.id, anonymous_choice: 'shown' };
    expect(await submitFeedback(deps, post({ ...base, anonymous: 'yes', useful: 'no', change: 'Fewer long paragraphs' }))).toEqual({
      kind: 'saved',
      redirect: `/courses/${course.slug}/${first!.id}?feedback=saved#module-feedback`,
    });
    const empty = await submitFeedback(deps, post(base));
    expect(empty).toMatchObject({ kind: 'invalid', status: 400, fields: { useful: expect.any(String) } });
    const long = await submitFeedback(deps, post({ ...base, change: 'x'.repeat(2001) }));
    expect(long).toMatchObject({ kind: 'invalid', status: 400, draft: { change: 'x'.repeat(2001), anonymous: false } });
    expect(await submitFeedback(deps, post({ ...base, module: 'nope', useful: 'yes' }))).toMatchObject({ kind: 'invalid', status: 404 });
    expect(await submitFeedback({ ...deps, user: null }, post({ ...base, useful: 'yes' }))).toMatchObject({ kind: 'signed-out' });

    const state = await loadFeedback(deps, course, first!, new URL('http://site.test/?feedback=saved'));
    expect(state).toMatchObject({ mode: 'form', existing: true, saved: true, draft: { useful: 'no', change: 'Fewer long paragraphs', anonymous: true } });
    const fresh = await loadFeedback(deps, course, course.modules[3]!, new URL('http://site.test/'));
    expect(fresh).toMatchObject({ existing: false, draft: { anonymous: true } });
  });

  it('summarises for the course team with their own client, hiding anonymous authors and every email', async () => {
    const asTrainer = (await clientAs(pb.url, 'tam@example.org', PASSWORD)) as TypedPocketBase;
    const rows = await listCourseFeedback(asTrainer, course.slug);
    expect(JSON.stringify(rows)).not.toMatch(/@example\.org/);
    expect(rows.find((r) => r.change === 'Fewer long paragraphs')).toMatchObject({ anonymous: true, displayName: undefined });

    const deps = { findCourse: (slug: string) => courses.find((c) => c.slug === slug), pb: asTrainer, returnTo: '/feedback/x' };
    const report = await loadFeedbackReport({ ...deps, user: trainer }, course.slug);
    if (report.kind !== 'report') throw new Error(report.kind);
    const firstModule = report.modules[0]!;
    expect(firstModule).toMatchObject({ responses: 2, useful: { yes: 1, partly: 0, no: 1, none: 0 } });
    expect(firstModule.comments).toEqual([
      { hardToRead: '', change: 'Fewer long paragraphs' },
      { hardToRead: 'The timeline', change: 'More on the 1980s', name: 'Ash Named' },
    ]);
    expect(JSON.stringify(report)).not.toContain('Bo Hidden');
    expect(JSON.stringify(report)).not.toContain('@example.org');

    const csv = await loadFeedbackReport({ ...deps, user: trainer }, course.slug, 'csv');
    expect(csv.kind === 'csv' && csv.body).toContain('"Ash Named"');
    expect(csv.kind === 'csv' && csv.body).not.toContain('Bo Hidden');

    expect(await loadFeedbackReport({ ...deps, pb: asAsh, user: trainee }, course.slug)).toEqual({ kind: 'refused', status: 403 });
    expect(await loadFeedbackReport({ ...deps, user: trainer }, 'no-such-course')).toEqual({ kind: 'refused', status: 404 });
    expect(await loadFeedbackReport({ ...deps, user: null }, course.slug)).toMatchObject({ kind: 'sign-in' });
  });

  describe('who may read a course’s feedback (rule matrix: the module_feedback_team view and the summary)', () => {
    const OTHER_COURSE = 'peer-support-foundations';
    /** name → [signed-in client, may read this course's feedback] */
    const people = new Map<string, { pb: TypedPocketBase; user: UserRecord; allowed: boolean }>();
    let someRow: string;

    beforeAll(async () => {
      const make = async (name: string, roles: ('trainee' | 'trainer' | 'author' | 'admin')[], allowed: boolean) => {
        const u = await createUser(service, { email: `${name}@example.org`, password: PASSWORD, display_name: name, roles });
        const client = (await clientAs(pb.url, u.email, PASSWORD)) as TypedPocketBase;
        people.set(name, { pb: client, user: client.authStore.record as UserRecord, allowed });
        return u;
      };
      const ownTrainer = await make('own-trainer', ['trainer'], true);
      const ownAuthor = await make('own-author', ['author'], true);
      const otherTrainer = await make('other-trainer', ['trainer'], false);
      const otherAuthor = await make('other-author', ['author'], false);
      await make('a-trainee', ['trainee'], false);
      await make('an-admin', ['admin'], false);
      await createCohort(service, { name: 'Own group', course: course.slug, trainers: [ownTrainer.id] });
      await createCohort(service, { name: 'Other group', course: OTHER_COURSE, trainers: [otherTrainer.id] });
      await service.collection('course_authors').create({ course: course.slug, user: ownAuthor.id });
      await service.collection('course_authors').create({ course: OTHER_COURSE, user: otherAuthor.id });
      // Feedback on the other course too, which the own team must not see either.
      await saveFeedback(asBo, bo.id, { course: OTHER_COURSE, module: 'm', useful: 'yes', hard_to_read: '', change: 'Other course words', anonymous: false });
      someRow = (await service.collection('module_feedback').getFirstListItem(service.filter('course = {:c}', { c: course.slug }))).id;
    });

    for (const [name, allowed] of [
      ['own-trainer', true],
      ['own-author', true],
      ['other-trainer', false],
      ['other-author', false],
      ['a-trainee', false],
      ['an-admin', false],
    ] as const) {
      it(`${name}: ${allowed ? 'reads' : 'is refused'} the course's feedback`, async () => {
        const { pb: client, user } = people.get(name)!;
        const listed = await client.collection('module_feedback_team').getFullList({ filter: client.filter('course = {:c}', { c: course.slug }) });
        const viewed = await client.collection('module_feedback_team').getOne(someRow).then(() => 200, (e: { status: number }) => e.status);
        const report = await loadFeedbackReport({ findCourse: (slug) => courses.find((c) => c.slug === slug), pb: client, user, returnTo: '/feedback/x' }, course.slug, 'csv');
        if (allowed) {
          expect(listed.length).toBeGreaterThan(0);
          expect(viewed).toBe(200);
          expect(report.kind).toBe('csv');
          // Never the author's id or email, and nothing of another course.
          expect(JSON.stringify(listed)).not.toMatch(/@example\.org|"user"/);
          expect(JSON.stringify(listed)).not.toContain('Other course words');
          expect(listed.find((r) => r.anonymous)?.display_name).toBe('');
        } else {
          expect(listed).toEqual([]);
          expect(viewed).toBe(404);
          expect(report).toEqual({ kind: 'refused', status: 403 });
        }
        // The raw rows stay the author's alone, whoever asks.
        expect(await client.collection('module_feedback').getFullList()).toEqual([]);
      });
    }

    it('nobody writes to the view', async () => {
      const { pb: client } = people.get('own-author')!;
      await expect(client.collection('module_feedback_team').create({ course: course.slug, module: 'x' })).rejects.toMatchObject({ status: expect.any(Number) });
    });
  });
});
