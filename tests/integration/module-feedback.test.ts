/**
 * Co-production feedback against a real PocketBase: one row per person and module
 * (changed, not duplicated), rows readable only by their author, and the course team's
 * summary (service client) with names only where people chose to share them.
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
import { clientAs, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
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

  it('summarises for the course team through the service client, hiding anonymous authors and every email', async () => {
    const rows = await listCourseFeedback(service as TypedPocketBase, course.slug);
    expect(JSON.stringify(rows)).not.toMatch(/@example\.org/);
    expect(rows.find((r) => r.change === 'Fewer long paragraphs')).toMatchObject({ anonymous: true, displayName: undefined });

    const deps = { findCourse: (slug: string) => courses.find((c) => c.slug === slug), service: async () => service as TypedPocketBase, returnTo: '/feedback/x' };
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

    expect(await loadFeedbackReport({ ...deps, user: trainee }, course.slug)).toEqual({ kind: 'refused', status: 403 });
    expect(await loadFeedbackReport({ ...deps, user: trainer }, 'no-such-course')).toEqual({ kind: 'refused', status: 404 });
    expect(await loadFeedbackReport({ ...deps, user: null }, course.slug)).toMatchObject({ kind: 'sign-in' });
  });
});
