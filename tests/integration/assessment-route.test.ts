/**
 * Every trainee has a route to an assessor, against the real PocketBase: a group that takes
 * self-enrolled trainees places them on enrolment; without one they are learning-only (no
 * evidence can be sent), can ask to be assessed (own token; rules and hooks), and an admin
 * places them in a group or declines with a reason (answered once, kept).
 */
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvidenceForm } from '../../src/lib/assessment/evidence-schema.ts';
import { EvidenceRefused, submitEvidence } from '../../src/lib/assessment/evidence-store.ts';
import { answerRequest, askToBeAssessed, listRequests, loadRoute } from '../../src/lib/assessment/route-store.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { enrol as selfEnrol, findEnrolment } from '../../src/lib/enrolment/enrolment-store.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createCohort, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const open = { ...course, enrolment: 'open' as const };

describe('a route to an assessor for self-enrolled trainees', () => {
  let pb: TestPocketBase;
  let service: TypedPocketBase;
  const people = {} as Record<'sol' | 'rae' | 'ada' | 'tom', TestUser>;
  const as = {} as Record<keyof typeof people, TypedPocketBase>;
  let group: string;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = (await serviceClient(pb)) as TypedPocketBase;
    const roles = { sol: ['trainee'], rae: ['trainee'], ada: ['admin'], tom: ['trainer'] } as const;
    for (const [name, list] of Object.entries(roles) as Array<[keyof typeof people, readonly ('trainee' | 'admin' | 'trainer')[]]>) {
      people[name] = await createUser(service as PocketBase, { email: `${name}@example.org`, password: PASSWORD, display_name: name[0]!.toUpperCase() + name.slice(1), roles: [...list] });
      as[name] = (await clientAs(pb.url, people[name].email, PASSWORD)) as TypedPocketBase;
    }
    group = await createCohort(service as PocketBase, { name: 'Spring group', course: course.slug, assessors: [people.tom.id] });
  });
  afterAll(async () => {
    await pb?.stop();
  });
  const deps = (who: keyof typeof people) => ({ pb: as[who], service: async () => service });
  const admin = () => as.ada.authStore.record as UserRecord;

  it('learning-only: in no group, evidence is refused, the trainee asks, and admins and trainers see the request', async () => {
    await selfEnrol(deps('sol'), people.sol.id, open);
    const enrolment = await findEnrolment(as.sol, people.sol.id, course.slug);
    expect(enrolment?.cohort).toBe('');
    expect(await loadRoute(service, people.sol.id, course.slug, enrolment)).toEqual({ kind: 'learning-only', request: undefined });
    await expect(submitEvidence(as.sol, people.sol.id, course, await parseEvidenceForm(formOf({ criterion: 'U1/1.2', text: 'Mine' })))).rejects.toBeInstanceOf(EvidenceRefused);

    expect(await askToBeAssessed(as.sol, people.sol.id, course.slug, 'Tuesdays suit me.')).toBe('asked');
    expect(await askToBeAssessed(as.sol, people.sol.id, course.slug, 'Again')).toBe('already-asked');
    // Rules: nobody asks for someone else, sets an answer, or edits; a stranger cannot read it.
    await expect(as.rae.collection('assessment_requests').create({ user: people.sol.id, course: course.slug })).rejects.toMatchObject({ status: 400 });
    await expect(as.rae.collection('assessment_requests').create({ user: people.rae.id, course: course.slug })).rejects.toMatchObject({ status: 400 }); // not on the course
    const [mine] = await as.sol.collection('assessment_requests').getFullList();
    await expect(as.sol.collection('assessment_requests').update(mine!.id, { status: 'placed' })).rejects.toBeDefined();
    await expect(as.ada.collection('assessment_requests').update(mine!.id, { status: 'declined', answer: 'x' })).rejects.toBeDefined();
    expect(await as.rae.collection('assessment_requests').getFullList()).toEqual([]);
    expect((await as.tom.collection('assessment_requests').getFullList()).map((r) => r.message)).toEqual(['Tuesdays suit me.']);
    expect((await as.ada.collection('assessment_requests').getFullList()).length).toBe(1);
    expect((await listRequests(service)).open.map((r) => [r.traineeName, r.request.message])).toEqual([['Sol', 'Tuesdays suit me.']]);
  });

  it('an admin places the trainee in a group: their enrolment moves, the answer is kept, and it cannot be answered again', async () => {
    const [request] = (await listRequests(service)).open;
    // A trainer cannot answer; a group of another course or none is refused.
    await expect(answerRequest(service, as.tom.authStore.record as UserRecord, request!.request.id, { kind: 'place', cohort: group })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(answerRequest(service, admin(), request!.request.id, { kind: 'place', cohort: '' })).rejects.toMatchObject({ kind: 'invalid' });
    const placed = await answerRequest(service, admin(), request!.request.id, { kind: 'place', cohort: group });
    expect(placed).toMatchObject({ status: 'placed', cohort: group, answered_by: people.ada.id, answered_name: 'Ada' });
    expect((await findEnrolment(as.sol, people.sol.id, course.slug))?.cohort).toBe(group);
    const route = await loadRoute(service, people.sol.id, course.slug, { cohort: group });
    expect(route).toMatchObject({ kind: 'group', cohortName: 'Spring group', hasAssessor: true, request: { status: 'placed' } });
    await expect(answerRequest(service, admin(), request!.request.id, { kind: 'decline', reason: 'No' })).rejects.toMatchObject({ kind: 'conflict' });
    // Even the service account cannot change an answered request (hook).
    await expect(service.collection('assessment_requests').update(request!.request.id, { status: 'declined', answer: 'changed' })).rejects.toMatchObject({ status: 400 });
    // Now evidence can be sent.
    expect((await submitEvidence(as.sol, people.sol.id, course, await parseEvidenceForm(formOf({ criterion: 'U1/1.2', text: 'Mine' })))).criterion).toBe('U1/1.2');
  });

  it('the audit log holds the enrolment, the request, the move into the group and the answer, in words', async () => {
    const rows = await service.collection('audit_log').getFullList({ filter: service.filter('details.trainee = {:id}', { id: people.sol.id }), sort: '@rowid' });
    expect(rows.map((r) => [r.action, r.actor_name])).toEqual([
      ['enrolment.create', 'service'],
      ['assessment_request.create', 'Sol'],
      ['enrolment.cohort_change', 'service'],
      ['assessment_request.answer', 'service'],
      ['evidence.create', 'Sol'],
    ]);
    const { describeAudit } = await import('../../src/lib/qa/audit.ts');
    const { qaEn } = await import('../../src/lib/i18n/qa.ts');
    const words = rows.map((r) => describeAudit(r as never, qaEn, (id) => (id === people.sol.id ? 'Sol' : id), (id) => (id === group ? 'Spring group' : id)));
    expect(words[2]).toContain('placed in group Spring group');
    expect(words[3]).toContain('placed in group Spring group');
  });

  it('a decline needs a reason; the trainee reads it and can ask again', async () => {
    await selfEnrol(deps('rae'), people.rae.id, open);
    await askToBeAssessed(as.rae, people.rae.id, course.slug, '');
    const request = (await listRequests(service)).open.find((r) => r.request.user === people.rae.id)!;
    await expect(answerRequest(service, admin(), request.request.id, { kind: 'decline', reason: '  ' })).rejects.toMatchObject({ kind: 'invalid', fields: { reason: expect.any(String) } });
    await answerRequest(service, admin(), request.request.id, { kind: 'decline', reason: 'The next group starts in March; please ask again then.' });
    const route = await loadRoute(service, people.rae.id, course.slug, { cohort: '' });
    expect(route).toMatchObject({ kind: 'learning-only', request: { status: 'declined', answer: 'The next group starts in March; please ask again then.' } });
    expect(await askToBeAssessed(as.rae, people.rae.id, course.slug, 'It is March.')).toBe('asked');
  });

  it('a group that takes self-enrolled trainees places them when they enrol', async () => {
    await as.ada.collection('cohorts').update(group, { takes_self_enrolled: true });
    const newcomer = await createUser(service as PocketBase, { email: 'new@example.org', password: PASSWORD, display_name: 'New', roles: ['trainee'] });
    const client = (await clientAs(pb.url, newcomer.email, PASSWORD)) as TypedPocketBase;
    await selfEnrol({ pb: client, service: async () => service }, newcomer.id, open);
    expect((await findEnrolment(client, newcomer.id, course.slug))?.cohort).toBe(group);
    // A trainee cannot set it.
    await expect(as.sol.collection('cohorts').update(group, { takes_self_enrolled: false })).rejects.toBeDefined();
  });
});

function formOf(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  return data;
}
