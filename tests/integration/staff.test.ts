/**
 * The staff side of assessment against a real PocketBase, through the stores the pages use:
 * cohorts (create, people by email, enrolment, roles), decisions and their refusals,
 * observations, unit sign-off, replies to shared reflections, and the cohort overview's
 * request count (the same for 2 trainees as for 20: no N+1).
 *
 * Everyone acts with their own token, as the web server does; the service client is the
 * test's superuser, standing in for the web server's service account.
 */
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDecision, loadAssessment, type AssessContext } from '../../src/lib/assessment/decisions-store.ts';
import { recordObservation } from '../../src/lib/assessment/observations-store.ts';
import { countRequests } from '../../src/lib/assessment/overview-queries.ts';
import { loadOverview } from '../../src/lib/assessment/overview-store.ts';
import { signOffUnit } from '../../src/lib/assessment/signoffs-store.ts';
import { addPerson, cohortMembers, getCohort, listMyCohorts, removePerson } from '../../src/lib/cohorts/cohorts-store.ts';
import { createCohortForm, peopleForm, replyForm, rolesForm } from '../../src/lib/cohorts/forms.ts';
import { repliesFor } from '../../src/lib/cohorts/replies-store.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { DomainError } from '../../src/lib/errors.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { CohortRecord, UserRecord } from '../../src/lib/records.ts';
import { clientAs, createCohort as makeCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'peer-support-foundations';
const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === COURSE)!;
const findCourse = (slug: string) => (slug === COURSE ? course : undefined);

let pb: TestPocketBase;
let service: TypedPocketBase;
const people: Record<string, TestUser> = {};
const clients: Record<string, TypedPocketBase> = {};
let cohort: CohortRecord;

async function person(key: string, roles: UserRecord['role'], name = key) {
  people[key] = await createUser(service as unknown as PocketBase, { email: `${key}@example.org`, password: PASSWORD, display_name: name, roles });
  clients[key] = (await clientAs(pb.url, people[key]!.email, PASSWORD)) as TypedPocketBase;
  return people[key]!;
}

const userOf = async (key: string) => (await service.collection('users').getOne(people[key]!.id)) as UserRecord;
const ctxOf = async (key: string): Promise<AssessContext> => ({
  pb: clients[key]!,
  service: async () => service,
  cohort: await getCohort(service, cohort.id),
  course,
  viewer: await userOf(key),
});

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but it succeeded');
}

const form = (values: Record<string, string | string[]>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) for (const v of [value].flat()) data.append(key, v);
  return data;
};

const evidence = (key: string, criterion: string, text = 'What I did and learned.') =>
  clients[key]!.collection('evidence').create({ user: people[key]!.id, course: COURSE, criterion, text });
const decisionCount = async () => (await service.collection('decisions').getList(1, 1)).totalItems;

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = (await serviceClient(pb)) as TypedPocketBase;
  await person('admin', ['admin'], 'Ada Admin');
  await person('sam', ['assessor'], 'Sam Assessor');
  await person('tess', ['trainer'], 'Tess Trainer');
  await person('kim', ['trainee'], 'Kim Trainee');
  await person('lee', ['trainee'], 'Lee Trainee');
  // An assessor of the cohort who is also one of its trainees.
  await person('ash', ['trainee', 'assessor'], 'Ash Both');
  await person('newbie', [], 'New Person');
});

afterAll(async () => {
  await pb?.stop();
});

describe('cohorts: created by an administrator, people added by email', () => {
  it('creates a cohort with an invitation code, as the administrator', async () => {
    const outcome = await createCohortForm({ pb: clients.admin!, findCourse, form: form({ course: COURSE, name: 'Spring 2026', starts_on: '2026-03-02', ends_on: '14/07/2026', make_code: 'on' }) });
    expect(outcome.ok).toBe(true);
    cohort = (outcome as { ok: true; value: CohortRecord }).value;
    expect(cohort).toMatchObject({ name: 'Spring 2026', course: COURSE, archived: false, starts_on: '2026-03-02 00:00:00.000Z', ends_on: '2026-07-14 00:00:00.000Z' });
    expect(cohort.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  });

  it('refuses an unknown course and a non-administrator, changing nothing', async () => {
    expect(await createCohortForm({ pb: clients.admin!, findCourse, form: form({ course: 'nope', name: 'X' }) })).toMatchObject({ ok: false, status: 400, fields: { course: expect.any(String) } });
    expect(await createCohortForm({ pb: clients.tess!, findCourse, form: form({ course: COURSE, name: 'Sneaky' }) })).toMatchObject({ ok: false });
    expect((await service.collection('cohorts').getFullList()).map((c) => c.name)).toEqual(['Spring 2026']);
  });

  it('adds staff (granting a missing role) and enrols trainees in the course, in this cohort', async () => {
    const deps = { pb: clients.admin!, service: async () => service };
    expect(await addPerson(deps, cohort, { email: 'sam@example.org', as: 'assessor' })).toMatchObject({ done: 'added', roleGranted: undefined });
    cohort = await getCohort(clients.admin!, cohort.id);
    expect(await addPerson(deps, cohort, { email: 'sam@example.org', as: 'assessor' })).toMatchObject({ done: 'already' });
    expect(await addPerson(deps, cohort, { email: 'newbie@example.org', as: 'trainer' })).toMatchObject({ done: 'added', roleGranted: 'trainer' });
    expect((await userOf('newbie')).role).toEqual(['trainer']);
    for (const [key, as] of [['tess', 'trainer'], ['ash', 'assessor']] as const) {
      cohort = await getCohort(clients.admin!, cohort.id);
      await addPerson(deps, cohort, { email: `${key}@example.org`, as });
    }
    for (const key of ['kim', 'lee', 'ash']) expect(await addPerson(deps, cohort, { email: `${key}@example.org`, as: 'trainee' })).toMatchObject({ done: 'enrolled' });
    cohort = await getCohort(clients.admin!, cohort.id);
    expect(cohort.assessors.sort()).toEqual([people.sam!.id, people.ash!.id].sort());
    expect(cohort.trainers.sort()).toEqual([people.newbie!.id, people.tess!.id].sort());
    const members = await cohortMembers(service, cohort);
    expect(members.map((m) => m.user).sort()).toEqual([people.kim!.id, people.lee!.id, people.ash!.id].sort());
    const kimEnrolment = await service.collection('enrolments').getFirstListItem(service.filter('user = {:u}', { u: people.kim!.id }));
    expect(kimEnrolment).toMatchObject({ course: COURSE, cohort: cohort.id, status: 'active' });
  });

  it('moves a trainee from another cohort of the course, keeping their enrolment', async () => {
    const other = await makeCohort(service as unknown as PocketBase, { name: 'Old group', course: COURSE });
    const pat = await person('pat', ['trainee'], 'Pat Mover');
    const enrolment = await enrol(service as unknown as PocketBase, pat, COURSE, other);
    expect(await addPerson({ pb: clients.admin!, service: async () => service }, cohort, { email: 'pat@example.org', as: 'trainee' })).toMatchObject({ done: 'moved' });
    expect(await service.collection('enrolments').getOne(enrolment)).toMatchObject({ cohort: cohort.id });
    await removePerson({ pb: clients.admin!, service: async () => service }, cohort, { user: pat.id, as: 'trainee' });
    expect(await service.collection('enrolments').getOne(enrolment)).toMatchObject({ cohort: '', status: 'active' });
  });

  it('says plainly when nobody has that email, and when someone is not on the cohort', async () => {
    const deps = { pb: clients.admin!, service: async () => service };
    expect(await peopleForm({ deps, actor: { role: ['admin'] }, cohort, form: form({ action: 'add', email: 'nobody@example.org', as: 'trainee' }) })).toMatchObject({
      ok: false,
      status: 404,
      fields: { email: expect.stringContaining('No account uses this email address') },
    });
    expect(await peopleForm({ deps, actor: { role: ['admin'] }, cohort, form: form({ action: 'remove', user: people.kim!.id, as: 'verifier' }) })).toMatchObject({ ok: false, status: 400 });
  });

  it('lets staff see their own cohorts only', async () => {
    expect((await listMyCohorts(clients.sam!, people.sam!.id)).map((c) => c.id)).toEqual([cohort.id]);
    expect(await listMyCohorts(clients.kim!, people.kim!.id)).toEqual([]);
    expect((await refusal(getCohort(clients.kim!, cohort.id))).kind).toBe('not-found');
  });

  it('removes and flags staff, and archives the cohort', async () => {
    const deps = { pb: clients.admin!, service: async () => service };
    expect(await peopleForm({ deps, actor: { role: ['admin'] }, cohort, form: form({ action: 'remove', user: people.newbie!.id, as: 'trainer' }) })).toMatchObject({ ok: true, value: { done: 'removed' } });
    cohort = await getCohort(clients.admin!, cohort.id);
    expect(cohort.trainers).toEqual([people.tess!.id]);
    expect(await peopleForm({ deps, actor: { role: ['admin'] }, cohort, form: form({ action: 'new-assessor', user: people.sam!.id, new_assessor: 'true' }) })).toMatchObject({ ok: true, value: { done: 'flagged' } });
    expect((await userOf('sam')).new_assessor).toBe(true);
    expect(await peopleForm({ deps, actor: { role: ['admin'] }, cohort, form: form({ action: 'archive', archived: 'true' }) })).toMatchObject({ ok: true, value: { done: 'archived' } });
    expect(await peopleForm({ deps, actor: { role: ['admin'] }, cohort, form: form({ action: 'archive', archived: 'false' }) })).toMatchObject({ ok: true, value: { done: 'unarchived' } });
    cohort = await getCohort(clients.admin!, cohort.id);
    expect(cohort.archived).toBe(false);
  });
});

describe('roles', () => {
  it('finds, reviews and applies a change, through the service account', async () => {
    const admin = await userOf('admin');
    const found = await rolesForm({ service: async () => service, actor: admin, form: form({ action: 'find', email: 'lee@example.org' }) });
    expect(found).toMatchObject({ ok: true, value: { step: 'found', person: { id: people.lee!.id, role: ['trainee'] } } });
    const review = await rolesForm({ service: async () => service, actor: admin, form: form({ action: 'review', user: people.lee!.id, roles: ['trainee', 'verifier'] }) });
    expect(review).toMatchObject({ ok: true, value: { step: 'review', change: { grant: ['verifier'], remove: [] } } });
    expect((await userOf('lee')).role).toEqual(['trainee']);
    const applied = await rolesForm({ service: async () => service, actor: admin, form: form({ action: 'apply', user: people.lee!.id, roles: ['trainee', 'verifier'] }) });
    expect(applied).toMatchObject({ ok: true, value: { step: 'saved' } });
    expect((await userOf('lee')).role).toEqual(['trainee', 'verifier']);
    await rolesForm({ service: async () => service, actor: admin, form: form({ action: 'apply', user: people.lee!.id, roles: ['trainee'] }) });
    // Losing a role ends every session of the person (pb_hooks/sessions.pb.js): Lee signs in again.
    await expect(clients.lee!.collection('users').authRefresh()).rejects.toMatchObject({ status: 401 });
    clients.lee = (await clientAs(pb.url, people.lee!.email, PASSWORD)) as TypedPocketBase;
  });

  it('never lets an administrator remove their own administrator role', async () => {
    const admin = await userOf('admin');
    const outcome = await rolesForm({ service: async () => service, actor: admin, form: form({ action: 'apply', user: admin.id, roles: ['trainer'] }) });
    expect(outcome).toMatchObject({ ok: true, value: { step: 'found', problem: expect.stringContaining('cannot remove your own administrator role') } });
    expect((await userOf('admin')).role).toEqual(['admin']);
  });
});

describe('decisions through the store', () => {
  let e1: string;
  let firstDecision: string;

  it('records a decision on a trainee’s evidence, signed with the assessor’s name', async () => {
    e1 = (await evidence('kim', 'U1/1.2')).id;
    const d = await recordDecision(await ctxOf('sam'), {
      trainee: people.kim!.id, criterion: 'U1/1.2', evidence: e1, observation: '', supersedes: '', outcome: 'not_yet', feedback: 'A good start. Next: add an example from practice.', signed_name: 'Sam A.',
    });
    firstDecision = d.id;
    expect(d).toMatchObject({ user: people.kim!.id, assessor: people.sam!.id, assessor_name: 'Sam A.', outcome: 'not_yet' });
  });

  it('refuses a second decision on the same evidence (a double click) kindly', async () => {
    const before = await decisionCount();
    const error = await refusal(recordDecision(await ctxOf('sam'), {
      trainee: people.kim!.id, criterion: 'U1/1.2', evidence: e1, observation: '', supersedes: '', outcome: 'met', feedback: 'Again.', signed_name: 'Sam',
    }));
    expect(error.kind).toBe('conflict');
    expect(error.message).toMatch(/already decided/);
    expect(await decisionCount()).toBe(before);
  });

  it('refuses bad input with a plain message and changes nothing', async () => {
    const before = await decisionCount();
    const base = { trainee: people.kim!.id, criterion: 'U1/1.2', evidence: e1, observation: '', supersedes: firstDecision, outcome: 'met' as const, feedback: 'Fine.', signed_name: 'Sam' };
    const sam = await ctxOf('sam');
    const cases: [Partial<typeof base>, string, RegExp][] = [
      [{ criterion: 'U9/9.9' }, 'invalid', /not a criterion of this course/],
      [{ criterion: 'U1/1.1' }, 'invalid', /met by passing a knowledge check/],
      [{ evidence: '' }, 'invalid', /nothing to decide on/],
      [{ evidence: 'aaaaaaaaaaaaaaa' }, 'invalid', /not for this trainee and criterion/],
      [{ feedback: '   ' }, 'invalid', /write feedback/],
      [{ trainee: people.tess!.id }, 'invalid', /not a trainee of this group/],
    ];
    for (const [change, kind, message] of cases) {
      const error = await refusal(recordDecision(sam, { ...base, ...change }));
      expect([error.kind, error.message]).toEqual([kind, expect.stringMatching(message)]);
    }
    // Only the group's assessors decide.
    expect((await refusal(recordDecision(await ctxOf('tess'), base))).message).toMatch(/Only the group’s assessors/);
    expect(await decisionCount()).toBe(before);
  });

  it('never lets an assessor decide on their own evidence', async () => {
    const own = (await evidence('ash', 'U1/1.2')).id;
    const before = await decisionCount();
    const error = await refusal(recordDecision(await ctxOf('ash'), {
      trainee: people.ash!.id, criterion: 'U1/1.2', evidence: own, observation: '', supersedes: '', outcome: 'met', feedback: 'Mine.', signed_name: 'Ash',
    }));
    expect([error.kind, error.message]).toEqual(['forbidden', expect.stringMatching(/your own evidence/)]);
    expect(await decisionCount()).toBe(before);
    // Another assessor can.
    const ctx = await ctxOf('sam');
    const queue = (await loadAssessment(ctx)).queue;
    expect(queue.items.map((i) => [i.trainee.user, i.status.criterion.ref])).toContainEqual([people.ash!.id, 'U1/1.2']);
  });

  it('records a correction as a new decision that supersedes, once', async () => {
    const input = { trainee: people.kim!.id, criterion: 'U1/1.2', evidence: e1, observation: '', supersedes: firstDecision, outcome: 'met' as const, feedback: 'On reflection, this is met.', signed_name: 'Sam' };
    const correction = await recordDecision(await ctxOf('sam'), input);
    expect(correction.supersedes).toBe(firstDecision);
    expect((await service.collection('decisions').getOne(firstDecision)).outcome).toBe('not_yet');
    const error = await refusal(recordDecision(await ctxOf('sam'), input));
    expect([error.kind, error.message]).toEqual(['conflict', expect.stringMatching(/already been corrected/)]);
  });
});

describe('a decision returned by quality assurance', () => {
  it('comes back to the queue as a correction of that decision, with the IQA’s note', async () => {
    const ida = await person('ida', ['iqa'], 'Ida Quality');
    await service.collection('cohorts').update(cohort.id, { 'iqas+': ida.id });
    const e = (await evidence('lee', 'U2/1.2')).id;
    const ctx = await ctxOf('sam');
    const decided = await recordDecision(ctx, { trainee: people.lee!.id, criterion: 'U2/1.2', evidence: e, observation: '', supersedes: '', outcome: 'met', feedback: 'Met.', signed_name: 'Sam' });
    expect((await loadAssessment(ctx, people.lee!.id)).queue.items).toEqual([]);
    await clients.ida!.collection('qa_samples').create({ decision: decided.id, cohort: cohort.id, iqa: ida.id, verdict: 'disagree', rationale: 'The feedback does not say what was shown.' });
    const view = await loadAssessment(await ctxOf('sam'), people.lee!.id);
    const item = view.queue.items.find((i) => i.status.criterion.ref === 'U2/1.2')!;
    expect(item.status.returned).toBe(true);
    expect(item.target).toEqual({ basis: { kind: 'evidence', id: e, created: expect.any(String) }, supersedes: decided.id });
    expect(view.data.sampleRecords.map((s) => [s.rationale, view.data.people.get(s.iqa)?.name])).toEqual([['The feedback does not say what was shown.', 'Ida Quality']]);
    await recordDecision(await ctxOf('sam'), { trainee: people.lee!.id, criterion: 'U2/1.2', evidence: e, observation: '', supersedes: decided.id, outcome: 'met', feedback: 'Met: you explained how you hold a boundary and stay mutual.', signed_name: 'Sam' });
    expect((await loadAssessment(await ctxOf('sam'), people.lee!.id)).queue.items).toEqual([]);
  });
});

describe('observations and unit sign-off', () => {
  it('records an observation, which then waits for a decision', async () => {
    const ctx = await ctxOf('sam');
    const obs = await recordObservation(ctx, { trainee: people.kim!.id, criterion: 'U3/2.1', observed_on: '2026-03-10', context: 'Ward meeting', notes: 'Raised a concern calmly.' });
    expect(obs).toMatchObject({ assessor: people.sam!.id, observed_on: '2026-03-10 00:00:00.000Z' });
    const item = (await loadAssessment(ctx, people.kim!.id)).queue.items.find((i) => i.status.criterion.ref === 'U3/2.1')!;
    expect(item.target).toMatchObject({ basis: { kind: 'observation', id: obs.id }, supersedes: '' });
    await recordDecision(ctx, { trainee: people.kim!.id, criterion: 'U3/2.1', evidence: '', observation: obs.id, supersedes: '', outcome: 'met', feedback: 'Met: calm, clear, in line with policy.', signed_name: 'Sam' });
    expect((await refusal(recordObservation(ctx, { trainee: people.kim!.id, criterion: 'U1/1.1', observed_on: '2026-03-10', context: '', notes: 'x' }))).kind).toBe('invalid');
    expect((await refusal(recordObservation(await ctxOf('ash'), { trainee: people.ash!.id, criterion: 'U3/2.1', observed_on: '2026-03-10', context: '', notes: 'x' }))).kind).toBe('forbidden');
  });

  it('refuses to sign off a unit whose criteria are not all met, naming them', async () => {
    const ctx = await ctxOf('sam');
    const error = await refusal(signOffUnit(ctx, { trainee: people.kim!.id, unit: 'U1', signed_name: 'Sam' }));
    expect(error.kind).toBe('conflict');
    expect(error.message).toBe('U1 cannot be signed off yet: 3 criteria are not met (U1/1.1, U1/2.1, U1/2.2). Nothing was changed.');
    expect((await service.collection('unit_signoffs').getList(1, 1)).totalItems).toBe(0);
  });

  it('signs it off once every criterion is met, once', async () => {
    for (const module of ['what-peer-support-is', 'intentional-peer-support']) {
      await service.collection('quiz_attempts').create({ user: people.kim!.id, course: COURSE, module, answers: {}, score: 3, total: 3, passed: true });
    }
    const e = (await evidence('kim', 'U1/2.2')).id;
    const ctx = await ctxOf('sam');
    await recordDecision(ctx, { trainee: people.kim!.id, criterion: 'U1/2.2', evidence: e, observation: '', supersedes: '', outcome: 'met', feedback: 'Thoughtful.', signed_name: 'Sam' });
    expect((await loadAssessment(ctx)).queue.signOff.map((s) => [s.trainee.user, s.unit.unit.id])).toEqual([[people.kim!.id, 'U1']]);
    // A trainer of the cohort may sign off too.
    const signed = await signOffUnit(await ctxOf('tess'), { trainee: people.kim!.id, unit: 'U1', signed_name: 'Tess T.' });
    expect(signed).toMatchObject({ unit: 'U1', signed_by: people.tess!.id, signed_name: 'Tess T.' });
    expect((await refusal(signOffUnit(ctx, { trainee: people.kim!.id, unit: 'U1', signed_name: 'Sam' }))).message).toMatch(/already signed off/);
    expect((await refusal(signOffUnit(ctx, { trainee: people.kim!.id, unit: 'U8', signed_name: 'Sam' }))).kind).toBe('invalid');
  });
});

describe('replies to shared reflections', () => {
  it('lets a trainer reply to a shared reflection, and the trainee read it with the trainer’s name', async () => {
    const reflection = await clients.kim!.collection('reflections').create({ user: people.kim!.id, course: COURSE, module: 'what-peer-support-is', prompt: 'p1', body: 'I noticed a lot.', shared: true, version: 1 });
    const trainees = (await cohortMembers(service, cohort)).map((m) => m.user);
    const outcome = await replyForm({ pb: clients.tess!, cohort, viewer: await userOf('tess'), trainees, form: form({ reflection: reflection.id, body: 'Thank you for sharing this.' }) });
    expect(outcome).toEqual({ ok: true, value: { reflection: reflection.id } });
    const replies = await repliesFor(clients.kim!, async () => service, reflection.id);
    expect(replies.map((r) => [r.body, r.authorName])).toEqual([['Thank you for sharing this.', 'Tess Trainer']]);
    // An assessor is not a trainer: refused, and so is an empty reply.
    expect(await replyForm({ pb: clients.sam!, cohort, viewer: await userOf('sam'), trainees, form: form({ reflection: reflection.id, body: 'Hi' }) })).toMatchObject({ ok: false, status: 403 });
    expect(await replyForm({ pb: clients.tess!, cohort, viewer: await userOf('tess'), trainees, form: form({ reflection: reflection.id, body: ' ' }) })).toMatchObject({ ok: false, status: 400, fields: { body: expect.any(String) } });
    // Once unshared, no more replies; the earlier one stays with the trainee.
    await clients.kim!.collection('reflections').update(reflection.id, { shared: false });
    expect(await replyForm({ pb: clients.tess!, cohort, viewer: await userOf('tess'), trainees, form: form({ reflection: reflection.id, body: 'Still there?' }) })).toMatchObject({ ok: false, status: 409 });
    expect(await repliesFor(clients.kim!, async () => service, reflection.id)).toHaveLength(1);
  });
});

describe('the cohort overview makes the same number of requests for 2 trainees as for 20', () => {
  async function cohortOf(size: number, tag: string): Promise<CohortRecord> {
    const id = await makeCohort(service as unknown as PocketBase, { name: `Size ${size}`, course: COURSE, assessors: [people.sam!.id], trainers: [people.tess!.id] });
    // The trainees are independent of each other: made side by side.
    await Promise.all(Array.from({ length: size }, async (_, i) => {
      const t = await createUser(service as unknown as PocketBase, { email: `${tag}-${i}@example.org`, password: PASSWORD, display_name: `${tag} ${i}`, roles: ['trainee'] });
      await enrol(service as unknown as PocketBase, t, COURSE, id);
      const client = (await clientAs(pb.url, t.email, PASSWORD)) as TypedPocketBase;
      const e = await client.collection('evidence').create({ user: t.id, course: COURSE, criterion: 'U1/1.2', text: 'Evidence' });
      await client.collection('progress').create({ user: t.id, course: COURSE, module: 'what-peer-support-is', status: 'started' });
      if (i % 2 === 0) await clients.sam!.collection('decisions').create({ user: t.id, course: COURSE, criterion: 'U1/1.2', evidence: e.id, outcome: 'met', feedback: 'Good.', assessor: people.sam!.id, assessor_name: 'Sam' });
    }));
    return getCohort(clients.tess!, id);
  }

  async function requestsFor(c: CohortRecord, viewer: string) {
    const user = await userOf(viewer);
    const counter = countRequests(clients[viewer]!, service);
    const { rows } = await loadOverview(clients[viewer]!, service, c, course, user);
    counter.stop();
    return { count: counter.count, byCollection: counter.byCollection, rows };
  }

  it('for a trainer (with progress) and for an assessor (without)', { timeout: 90_000 }, async () => {
    const [small, large] = await Promise.all([cohortOf(2, 'small'), cohortOf(20, 'large')]);
    const trainerSmall = await requestsFor(small, 'tess');
    const trainerLarge = await requestsFor(large, 'tess');
    expect(trainerSmall.rows).toHaveLength(2);
    expect(trainerLarge.rows).toHaveLength(20);
    expect(trainerLarge.count).toBe(trainerSmall.count);
    expect(trainerLarge.byCollection).toEqual(trainerSmall.byCollection);
    // One request per collection: members, names, progress, passes, evidence, observations, decisions, sign-offs, samples.
    expect(trainerLarge.count).toBe(9);
    expect(Object.values(trainerLarge.byCollection).every((n) => n === 1)).toBe(true);
    expect(trainerLarge.rows.filter((r) => r.met === 1)).toHaveLength(10);
    expect(trainerLarge.rows.every((r) => r.modulesDone === 0 && r.waiting + r.met === 1)).toBe(true);

    const assessorSmall = await requestsFor(small, 'sam');
    const assessorLarge = await requestsFor(large, 'sam');
    expect(assessorLarge.count).toBe(assessorSmall.count);
    expect(assessorLarge.count).toBe(8);
    expect(assessorLarge.rows.every((r) => r.modulesDone === undefined)).toBe(true);
  });
});
