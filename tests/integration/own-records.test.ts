/**
 * The signed-in person's own rows in one request (src/lib/trainee/own-records-store.ts),
 * against the real PocketBase: only their rows, with PocketBase's rules applied; the same
 * rows whether read alone or brought along by the session check; kept for one request and
 * dropped by a write; and a trainee's module page needs one request to PocketBase.
 */
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { loadFacts, visitModule } from '../../src/lib/progress/progress-store.ts';
import { listOwnAttempts } from '../../src/lib/quiz/attempts-store.ts';
import { listModuleReflections } from '../../src/lib/reflections/reflections-store.ts';
import { ownFeedbackOn } from '../../src/lib/feedback/feedback-store.ts';
import { AUTH_REFRESH_WITH_OWN_RECORDS, forgetOwnRecords, keepOwnRecords, ownRecords, scopeToRequest, showsOwnRecords } from '../../src/lib/trainee/own-records-store.ts';
import { remembered } from '../../src/lib/cache/remembered.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'tests/fixtures/courses/journey'), root).courses.find((c) => c.slug === 'open-course')!;
const firstModule = course.modules[0]!.id;

/** Counts the requests a client sends. */
function counting(pb: PocketBase): { pb: TypedPocketBase; sent: string[] } {
  const sent: string[] = [];
  const before = pb.beforeSend;
  pb.beforeSend = function (url, options) {
    sent.push(`${options.method ?? 'GET'} ${new URL(url).pathname}`);
    return before ? before.call(this, url, options) : { url, options };
  };
  return { pb: pb as TypedPocketBase, sent };
}

describe('own rows in one request', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  let kim: TestUser;
  let lee: TestUser;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    kim = await createUser(service, { email: 'kim@example.org', password: PASSWORD, display_name: 'Kim', roles: ['trainee'] });
    lee = await createUser(service, { email: 'lee@example.org', password: PASSWORD, display_name: 'Lee', roles: ['trainee'] });
    for (const who of [kim, lee]) {
      await service.collection('enrolments').create({ user: who.id, course: course.slug, status: 'active' });
      await service.collection('progress').create({ user: who.id, course: course.slug, module: firstModule, status: 'started' });
      await service.collection('reflections').create({ user: who.id, course: course.slug, module: firstModule, prompt: 'free', title: 'Mine', body: `Words of ${who.email}` });
    }
    await service.collection('quiz_attempts').create({ user: lee.id, course: course.slug, module: firstModule, answers: {}, score: 1, total: 1, passed: true });
  });

  afterAll(async () => {
    await pb?.stop();
  });

  it('holds only the person’s own rows, and a reflection’s start, not its text', async () => {
    const asKim = (await clientAs(pb.url, kim.email, PASSWORD)) as TypedPocketBase;
    const own = await ownRecords(asKim, kim.id);
    expect(own.enrolments.map((e) => e.user)).toEqual([kim.id]);
    expect(own.progress.map((p) => [p.user, p.module])).toEqual([[kim.id, firstModule]]);
    expect(own.reflections).toHaveLength(1);
    expect(own.reflections[0]).not.toHaveProperty('body');
    expect(own.reflections[0]!.excerpt).toBe('Words of kim@example.org');
    expect(own.attempts).toEqual([]);
    expect([own.evidence, own.observations, own.decisions, own.signoffs, own.feedback, own.certificates]).toEqual([[], [], [], [], [], []]);
  });

  it('asking for someone else’s rows gets nothing of theirs', async () => {
    const asKim = (await clientAs(pb.url, kim.email, PASSWORD)) as TypedPocketBase;
    const theirs = await ownRecords(asKim, lee.id);
    expect(Object.values(theirs).flat()).toEqual([]);
  });

  it('the session check brings the same rows along, and leaves the user record as it was', async () => {
    const asKim = (await clientAs(pb.url, kim.email, PASSWORD)) as TypedPocketBase;
    const alone = await ownRecords(asKim, kim.id);
    const request = counting((await clientAs(pb.url, kim.email, PASSWORD)) as unknown as PocketBase);
    scopeToRequest(request.pb);
    const auth = await request.pb.collection('users').authRefresh(AUTH_REFRESH_WITH_OWN_RECORDS);
    expect(auth.token).toBeTruthy();
    keepOwnRecords(request.pb, auth.record, remembered.stamp(auth.record.id));
    expect(auth.record).not.toHaveProperty('expand');
    expect((auth.record as unknown as UserRecord).display_name).toBe('Kim');
    expect(await ownRecords(request.pb, kim.id)).toEqual(alone);
    expect(request.sent).toEqual(['POST /api/collections/users/auth-refresh']);
  });

  it('a trainee’s module page reads PocketBase once; a write in the request is seen by the reads after it', async () => {
    const request = counting((await clientAs(pb.url, kim.email, PASSWORD)) as unknown as PocketBase);
    scopeToRequest(request.pb);
    const auth = await request.pb.collection('users').authRefresh(AUTH_REFRESH_WITH_OWN_RECORDS);
    keepOwnRecords(request.pb, auth.record, remembered.stamp(auth.record.id));
    const state = { pb: request.pb, user: auth.record as unknown as UserRecord, serviceUnavailable: false };
    // Every section of the module page, as the page asks for them.
    const [journey, reflections, attempts, feedback] = await Promise.all([
      visitModule(state, course, firstModule),
      listModuleReflections(request.pb, kim.id, course.slug, firstModule),
      listOwnAttempts(request.pb, kim.id, course.slug, firstModule),
      ownFeedbackOn(request.pb, kim.id, course.slug, firstModule),
    ]);
    expect(journey.kind).toBe('enrolled');
    expect(reflections.map((r) => r.body)).toEqual(['Words of kim@example.org']);
    expect(attempts).toEqual([]);
    expect(feedback).toBeUndefined();
    // Only the session check (the visit writes nothing: the row is under a minute old) and the reflections' texts.
    expect(request.sent.filter((s) => !s.includes('/reflections/records'))).toEqual(['POST /api/collections/users/auth-refresh']);

    // A write through the request's client drops the kept rows; the next read sees it.
    await request.pb.collection('progress').create({ user: kim.id, course: course.slug, module: course.modules[1]!.id, status: 'started' });
    const facts = (await loadFacts(request.pb, kim.id, course.slug)).get(course.slug)!;
    expect(facts.rows.map((r) => r.module).sort()).toEqual([firstModule, course.modules[1]!.id].sort());
  });

  it('a write by another client is seen once the request forgets its rows', async () => {
    const request = counting((await clientAs(pb.url, lee.email, PASSWORD)) as unknown as PocketBase);
    scopeToRequest(request.pb);
    expect((await ownRecords(request.pb, lee.id)).attempts).toHaveLength(1);
    await service.collection('quiz_attempts').create({ user: lee.id, course: course.slug, module: firstModule, answers: {}, score: 0, total: 1, passed: false });
    expect((await ownRecords(request.pb, lee.id)).attempts).toHaveLength(1);
    forgetOwnRecords(request.pb);
    expect((await ownRecords(request.pb, lee.id)).attempts).toHaveLength(2);
  });

  it('a client not made for one request never keeps rows between calls', async () => {
    const client = counting((await clientAs(pb.url, lee.email, PASSWORD)) as unknown as PocketBase);
    await ownRecords(client.pb, lee.id);
    await ownRecords(client.pb, lee.id);
    expect(client.sent).toHaveLength(2);
  });

  it('knows which pages show the person’s own rows', () => {
    expect(['/dashboard', '/courses/a/b', '/courses/a', '/evidence/a'].every(showsOwnRecords)).toBe(true);
    expect(['/', '/staff', '/support', '/reflections', '/verify'].some(showsOwnRecords)).toBe(false);
  });
});
