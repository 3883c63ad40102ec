/**
 * The enrolment and progress stores against the real PocketBase, with the repository's
 * migrations and API rules: enrolling, joining with a code, invitation-only courses, leaving
 * and rejoining, one enrolment per course, and progress (visits, Mark as done, knowledge
 * checks, reflections) as the person themself.
 */
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { WrongCodeLimiter } from '../../src/lib/enrolment/enrolment.ts';
import { enrol, EnrolmentRefused, findEnrolment, joinWithCode, leave, type EnrolmentDeps } from '../../src/lib/enrolment/enrolment-store.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { courseProgress } from '../../src/lib/progress/progress.ts';
import { courseJourney, loadDashboard, loadFacts, markDone, ProgressRefused, recordVisit, visitModule } from '../../src/lib/progress/progress-store.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const root = path.resolve(import.meta.dirname, '../..');
const courses = loadCourses(path.join(root, 'tests/fixtures/courses/journey'), root).courses;
const course = (slug: string) => courses.find((c) => c.slug === slug)!;
const open = course('open-course');
const ordered = course('ordered-course');
const invite = course('invite-course');
const onSite = (slug: string) => courses.some((c) => c.slug === slug);

/** The DomainError (or other error) a call failed with. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('enrolment and progress stores', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  let n = 0;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
  });
  afterAll(async () => {
    await pb?.stop();
  });

  /** A new trainee, their own client, and the deps the stores need. */
  async function trainee(): Promise<{ user: TestUser; as: TypedPocketBase; deps: EnrolmentDeps }> {
    n += 1;
    const user = await createUser(service, { email: `trainee${n}@example.org`, password: PASSWORD, display_name: `Trainee ${n}`, roles: ['trainee'] });
    const as = (await clientAs(pb.url, user.email, PASSWORD)) as TypedPocketBase;
    return { user, as, deps: { pb: as, service: async () => service as TypedPocketBase } };
  }

  async function cohort(fields: { course: string; code: string; archived?: boolean }): Promise<string> {
    n += 1;
    const record = await service.collection('cohorts').create({ name: `Group ${n}`, archived: false, ...fields });
    return record.id;
  }

  async function enrolments(user: string) {
    return service.collection('enrolments').getFullList({ filter: service.filter('user = {:user}', { user }) });
  }

  describe('enrolling with the button', () => {
    it('enrols a person in an open course, as themself, with no group', async () => {
      const { user, deps } = await trainee();
      expect(await enrol(deps, user.id, open)).toBe('enrolled');
      const rows = await enrolments(user.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ user: user.id, course: 'open-course', status: 'active', cohort: '' });
    });

    it('is harmless to press twice, even at the same moment: one enrolment per course', async () => {
      const { user, deps } = await trainee();
      const outcomes = await Promise.all([enrol(deps, user.id, open), enrol(deps, user.id, open)]);
      expect(outcomes.sort()).toEqual(['already-enrolled', 'enrolled']);
      expect(await enrol(deps, user.id, open)).toBe('already-enrolled');
      expect(await enrolments(user.id)).toHaveLength(1);
    });

    it('refuses an invitation-only course without a code, and creates nothing', async () => {
      const { user, deps } = await trainee();
      const error = await failure(enrol(deps, user.id, invite));
      expect(error).toBeInstanceOf(EnrolmentRefused);
      expect((error as EnrolmentRefused).reason).toBe('invitation-only');
      expect(await enrolments(user.id)).toHaveLength(0);
    });

    it('cannot be done through the API by a trainee (only the web server, after its checks)', async () => {
      const { user, as } = await trainee();
      const error = await failure(as.collection('enrolments').create({ user: user.id, course: 'invite-course', status: 'active' }));
      expect(error).toBeInstanceOf(ClientResponseError);
      expect(await enrolments(user.id)).toHaveLength(0);
    });
  });

  describe('joining with a code', () => {
    it('finds the group whatever the case, spaces and dashes, and enrols the person in it', async () => {
      const group = await cohort({ course: 'invite-course', code: 'Peer-2026-A' });
      const { user, deps } = await trainee();
      expect(await joinWithCode(deps, user.id, '  peer 2026 a ', onSite)).toEqual({ outcome: 'joined', course: 'invite-course' });
      expect((await enrolments(user.id))[0]).toMatchObject({ course: 'invite-course', cohort: group, status: 'active' });
      // Again: nothing changes.
      expect(await joinWithCode(deps, user.id, 'PEER2026A', onSite)).toEqual({ outcome: 'already-enrolled', course: 'invite-course' });
      expect(await enrolments(user.id)).toHaveLength(1);
    });

    it('says kindly that a code is wrong, next to the field', async () => {
      const { user, deps } = await trainee();
      const error = (await failure(joinWithCode(deps, user.id, 'NOT-A-CODE', onSite))) as EnrolmentRefused;
      expect(error.reason).toBe('wrong-code');
      expect(error.kind).toBe('invalid');
      expect(error.fields.code).toMatch(/We could not find a group with that code/);
    });

    it('does not let an archived group be joined', async () => {
      await cohort({ course: 'invite-course', code: 'FINISHED-1', archived: true });
      const { user, deps } = await trainee();
      expect(((await failure(joinWithCode(deps, user.id, 'finished1', onSite))) as EnrolmentRefused).reason).toBe('archived-cohort');
      expect(await enrolments(user.id)).toHaveLength(0);
    });

    it('does not join a group whose course is not on the site', async () => {
      await cohort({ course: 'no-such-course', code: 'GHOST-1' });
      const { user, deps } = await trainee();
      expect(((await failure(joinWithCode(deps, user.id, 'ghost-1', onSite))) as EnrolmentRefused).reason).toBe('course-unavailable');
    });

    it('stops guessing after too many wrong codes', async () => {
      const { user, deps } = await trainee();
      const limiter = new WrongCodeLimiter(2, 60_000);
      for (const guess of ['AAA', 'BBB']) expect(((await failure(joinWithCode(deps, user.id, guess, onSite, limiter))) as EnrolmentRefused).reason).toBe('wrong-code');
      const blocked = (await failure(joinWithCode(deps, user.id, 'CCC', onSite, limiter))) as EnrolmentRefused;
      expect(blocked.reason).toBe('too-many-tries');
      expect(blocked.kind).toBe('too-many');
    });

    it('puts someone already on an open course into the group, keeping their progress', async () => {
      const group = await cohort({ course: 'open-course', code: 'OPEN-GROUP' });
      const { user, as, deps } = await trainee();
      await enrol(deps, user.id, open);
      await recordVisit(as, user.id, 'open-course', 'welcome');
      expect(await joinWithCode(deps, user.id, 'open group', onSite)).toEqual({ outcome: 'joined', course: 'open-course' });
      const rows = await enrolments(user.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ cohort: group, status: 'active' });
      expect((await loadFacts(as, user.id, 'open-course')).get('open-course')?.rows).toHaveLength(1);
    });

    it('does not move someone from one group of a course to another', async () => {
      const first = await cohort({ course: 'invite-course', code: 'MOVE-FROM' });
      await cohort({ course: 'invite-course', code: 'MOVE-TO' });
      const { user, as, deps } = await trainee();
      await joinWithCode(deps, user.id, 'move-from', onSite);
      expect(((await failure(joinWithCode(deps, user.id, 'move-to', onSite))) as EnrolmentRefused).reason).toBe('other-cohort');
      expect((await enrolments(user.id))[0]?.cohort).toBe(first);
      // Nor can they move themself through the API.
      const mine = (await findEnrolment(as, user.id, 'invite-course'))!;
      expect(await failure(as.collection('enrolments').update(mine.id, { cohort: '' }))).toBeInstanceOf(ClientResponseError);
    });
  });

  describe('leaving and rejoining', () => {
    it('keeps the enrolment and all progress when leaving, and rejoins as the person', async () => {
      const { user, as, deps } = await trainee();
      await enrol(deps, user.id, open);
      await markDone(as, user.id, open, 'welcome');

      expect(await leave(as, user.id, 'open-course')).toBe('left');
      expect((await enrolments(user.id))[0]?.status).toBe('left');
      expect(await leave(as, user.id, 'open-course')).toBe('not-enrolled');

      let serviceAsked = false;
      const rejoined = await enrol({ pb: as, service: async () => ((serviceAsked = true), service as TypedPocketBase) }, user.id, open);
      expect(rejoined).toBe('rejoined');
      expect(serviceAsked).toBe(false);
      expect((await enrolments(user.id))[0]?.status).toBe('active');
      const progress = courseProgress(open, (await loadFacts(as, user.id, 'open-course')).get('open-course')!);
      expect(progress.byId.get('welcome')?.state).toBe('done');
    });

    it('lets someone rejoin an invitation-only course they left, without the code', async () => {
      await cohort({ course: 'invite-course', code: 'REJOIN-1' });
      const { user, as, deps } = await trainee();
      await joinWithCode(deps, user.id, 'rejoin-1', onSite);
      await leave(as, user.id, 'invite-course');
      expect(await enrol(deps, user.id, invite)).toBe('rejoined');
    });

    it('does not let a person leave for someone else', async () => {
      const kim = await trainee();
      const sam = await trainee();
      await enrol(kim.deps, kim.user.id, open);
      expect(await leave(sam.as, kim.user.id, 'open-course')).toBe('not-enrolled');
      expect((await enrolments(kim.user.id))[0]?.status).toBe('active');
    });
  });

  describe('progress', () => {
    it('records "started" on the first visit, and when they were last there on later ones', async () => {
      const { user, as, deps } = await trainee();
      await enrol(deps, user.id, open);
      const first = await recordVisit(as, user.id, 'open-course', 'welcome');
      expect(first).toMatchObject({ user: user.id, status: 'started' });
      await pause(20);
      // A reload within the minute writes nothing…
      const reload = await recordVisit(as, user.id, 'open-course', 'welcome');
      expect(reload).toMatchObject({ id: first.id, updated: first.updated });
      // …a later visit records when they were last there.
      const second = await recordVisit(as, user.id, 'open-course', 'welcome', Date.now() + 61_000);
      expect(second.id).toBe(first.id);
      expect(second.updated > first.updated).toBe(true);
      const rows = await service.collection('progress').getFullList({ filter: service.filter('user = {:user}', { user: user.id }) });
      expect(rows).toHaveLength(1);
    });

    it('is one row per module even when a module is opened twice at the same moment', async () => {
      const { user, as, deps } = await trainee();
      await enrol(deps, user.id, open);
      await Promise.all([recordVisit(as, user.id, 'open-course', 'practice'), recordVisit(as, user.id, 'open-course', 'practice')]);
      expect((await loadFacts(as, user.id, 'open-course')).get('open-course')?.rows).toHaveLength(1);
    });

    it('marks a module done, keeps it done on later visits, and is harmless twice', async () => {
      const { user, as, deps } = await trainee();
      await enrol(deps, user.id, open);
      await recordVisit(as, user.id, 'open-course', 'welcome');
      expect(await markDone(as, user.id, open, 'welcome')).toBe('done');
      expect(await markDone(as, user.id, open, 'welcome')).toBe('already-done');
      await recordVisit(as, user.id, 'open-course', 'welcome');
      // Marking a module never opened also works (one row, completed).
      expect(await markDone(as, user.id, open, 'practice')).toBe('done');
      const rows = (await loadFacts(as, user.id, 'open-course')).get('open-course')!.rows;
      expect(rows.map((r) => [r.module, r.status]).sort()).toEqual([
        ['practice', 'completed'],
        ['welcome', 'completed'],
      ]);
      expect(rows.every((r) => r.completed_at)).toBe(true);
    });

    it('refuses Mark as done when not enrolled, for a knowledge-check module, and for a locked module', async () => {
      const { user, as, deps } = await trainee();
      expect(((await failure(markDone(as, user.id, open, 'welcome'))) as ProgressRefused).reason).toBe('not-enrolled');
      await enrol(deps, user.id, open);
      expect(((await failure(markDone(as, user.id, open, 'habits'))) as ProgressRefused).reason).toBe('knowledge-check');
      await enrol(deps, user.id, ordered);
      expect(((await failure(markDone(as, user.id, ordered, 'step-2'))) as ProgressRefused).reason).toBe('locked');
      expect(await markDone(as, user.id, ordered, 'step-1')).toBe('done');
      expect(await markDone(as, user.id, ordered, 'step-2')).toBe('done');
      await leave(as, user.id, 'ordered-course');
      expect(((await failure(markDone(as, user.id, ordered, 'step-3'))) as ProgressRefused).reason).toBe('not-enrolled');
    });

    it('counts a knowledge-check module done only with a passed attempt (written by the service)', async () => {
      const { user, as, deps } = await trainee();
      await enrol(deps, user.id, open);
      // A trainee cannot write an attempt themself.
      expect(await failure(as.collection('quiz_attempts').create({ user: user.id, course: 'open-course', module: 'habits', passed: true }))).toBeInstanceOf(ClientResponseError);
      await service.collection('quiz_attempts').create({ user: user.id, course: 'open-course', module: 'habits', score: 0, total: 1, passed: false });
      let facts = (await loadFacts(as, user.id, 'open-course')).get('open-course');
      expect(facts?.passedModules ?? []).toEqual([]);
      await service.collection('quiz_attempts').create({ user: user.id, course: 'open-course', module: 'habits', score: 1, total: 1, passed: true });
      facts = (await loadFacts(as, user.id, 'open-course')).get('open-course')!;
      expect(courseProgress(open, facts).byId.get('habits')?.state).toBe('done');
    });

    it('counts non-empty reflections, and the modules they are on', async () => {
      const { user, as, deps } = await trainee();
      await enrol(deps, user.id, open);
      const reflect = (module: string, prompt: string, body: string) => as.collection('reflections').create({ user: user.id, course: 'open-course', module, prompt, body });
      await reflect('welcome', 'p1', 'I felt heard when my friend just sat with me.');
      await reflect('practice', 'p1', '');
      await reflect('practice', 'p2', '   \n ');
      await as.collection('reflections').create({ user: user.id, course: 'open-course', module: '', prompt: 'free', title: 'Free', body: 'A free reflection' });
      const facts = (await loadFacts(as, user.id, 'open-course')).get('open-course')!;
      expect([...facts.reflectionModules].sort()).toEqual(['', 'welcome']);
      const progress = courseProgress(open, facts);
      expect(progress.reflectionsWritten).toBe(2);
      expect(progress.criteriaToEvidence.map((c) => c.criterion.ref)).toEqual(['U1/1.3', 'U1/1.4']);
    });

    it('shows nobody else’s progress, even when asked for their user id', async () => {
      const kim = await trainee();
      const sam = await trainee();
      await enrol(kim.deps, kim.user.id, open);
      await markDone(kim.as, kim.user.id, open, 'welcome');
      expect((await loadFacts(sam.as, kim.user.id)).size).toBe(0);
      expect(await failure(sam.as.collection('progress').create({ user: kim.user.id, course: 'open-course', module: 'practice', status: 'completed' }))).toBeInstanceOf(ClientResponseError);
    });
  });

  describe('journeys and the dashboard', () => {
    const request = async (t: { user: TestUser; as: TypedPocketBase }) => ({
      pb: t.as,
      user: (await t.as.collection('users').getOne(t.user.id)) as UserRecord,
      serviceUnavailable: false,
    });

    it('says where the person stands on a course, and records visits only for enrolled trainees', async () => {
      const t = await trainee();
      expect((await courseJourney({ pb: t.as, user: null, serviceUnavailable: false }, open)).kind).toBe('signed-out');
      expect((await courseJourney({ pb: t.as, user: null, serviceUnavailable: true }, open)).kind).toBe('unavailable');
      expect((await visitModule(await request(t), open, 'welcome')).kind).toBe('not-enrolled');
      expect((await loadFacts(t.as, t.user.id)).size).toBe(0);

      await enrol(t.deps, t.user.id, open);
      const journey = await visitModule(await request(t), open, 'welcome');
      expect(journey.kind).toBe('enrolled');
      if (journey.kind !== 'enrolled') return;
      expect(journey.progress.byId.get('welcome')?.state).toBe('in-progress');
      expect(journey.progress.next).toMatchObject({ module: { id: 'welcome' }, resume: true });

      await leave(t.as, t.user.id, 'open-course');
      const left = await visitModule(await request(t), open, 'practice');
      expect(left.kind).toBe('left');
      expect((await loadFacts(t.as, t.user.id)).get('open-course')?.rows.map((r) => r.module)).toEqual(['welcome']);
    });

    it('loads the same journey once per request', async () => {
      const t = await trainee();
      const state = await request(t);
      expect(courseJourney(state, open)).toBe(courseJourney(state, open));
    });

    it('lists active courses first, then left ones, and keeps enrolments in courses no longer on the site', async () => {
      const t = await trainee();
      await enrol(t.deps, t.user.id, ordered);
      await enrol(t.deps, t.user.id, open);
      await leave(t.as, t.user.id, 'ordered-course');
      await service.collection('enrolments').create({ user: t.user.id, course: 'retired-course', status: 'active' });
      await markDone(t.as, t.user.id, open, 'practice');

      const entries = await loadDashboard(t.as, t.user.id, (slug) => courses.find((c) => c.slug === slug));
      expect(entries.map((e) => [e.enrolment.course, e.enrolment.status, e.course?.slug])).toEqual([
        ['retired-course', 'active', undefined],
        ['open-course', 'active', 'open-course'],
        ['ordered-course', 'left', 'ordered-course'],
      ]);
      expect(entries[1]?.progress).toMatchObject({ done: 1, total: 3, percent: 33 });
    });
  });
});
