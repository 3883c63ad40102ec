/**
 * Who can read a reflection the trainee sent as evidence (migration
 * 1795435250_reflections_evidence_readers.js), against the real PocketBase. The owner is a
 * trainee of cohort A of `peer-support-foundations` and of cohort Y of another course; the
 * "other" staff are on cohort B (same course) AND cohort Y, so a rule that checked the trainee,
 * the course and the staff list on different enrolment rows would let them read it.
 */
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'peer-support-foundations';
const OTHER_COURSE = 'service-user-leadership';
const PEOPLE = ['owner', 'otherTrainee', 'trainer', 'assessor', 'iqa', 'verifier', 'otherAssessor', 'otherVerifier', 'admin'] as const;
type Person = (typeof PEOPLE)[number];

describe('reflections sent as evidence', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  const people = {} as Record<Person, TestUser>;
  const clients = {} as Record<Person, PocketBase>;
  let n = 0;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    const roles: Record<Person, string[]> = {
      owner: ['trainee'], otherTrainee: ['trainee'], trainer: ['trainer'], assessor: ['assessor'], iqa: ['iqa'], verifier: ['verifier'],
      otherAssessor: ['assessor'], otherVerifier: ['verifier'], admin: ['admin'],
    };
    for (const person of PEOPLE) {
      people[person] = await createUser(service, { email: `${person.toLowerCase()}@example.org`, password: PASSWORD, display_name: person, roles: roles[person] as never });
      clients[person] = await clientAs(pb.url, people[person].email, PASSWORD);
    }
    const id = (p: Person) => people[p].id;
    const a = await createCohort(service, { name: 'A', course: COURSE, trainers: [id('trainer')], assessors: [id('assessor')], iqas: [id('iqa')], verifiers: [id('verifier')] });
    const b = await createCohort(service, { name: 'B', course: COURSE, assessors: [id('otherAssessor')], verifiers: [id('otherVerifier')] });
    const y = await createCohort(service, { name: 'Y', course: OTHER_COURSE, assessors: [id('otherAssessor')], verifiers: [id('otherVerifier')] });
    await enrol(service, people.owner, COURSE, a);
    await enrol(service, people.owner, OTHER_COURSE, y);
    await enrol(service, people.otherTrainee, COURSE, b);
  });

  afterAll(async () => {
    await pb?.stop();
  });

  async function reflection(shared: boolean, asEvidence: boolean): Promise<string> {
    n++;
    const row = await service.collection('reflections').create({ user: people.owner.id, course: COURSE, module: 'what-peer-support-is', prompt: 'p1', body: `Reflection ${n}`, shared });
    if (asEvidence) {
      // Sent while shared (the evidence hook insists), then possibly unshared afterwards.
      if (!shared) await service.collection('reflections').update(row.id, { shared: true });
      await service.collection('evidence').create({ user: people.owner.id, course: COURSE, criterion: 'U1/1.1', text: '', reflection: row.id });
      if (!shared) await service.collection('reflections').update(row.id, { shared: false });
    }
    return row.id;
  }

  async function readers(id: string): Promise<Person[]> {
    const can: Person[] = [];
    for (const person of PEOPLE) {
      const seen = await clients[person].collection('reflections').getOne(id).then(() => true, () => false);
      const listed = (await clients[person].collection('reflections').getFullList({ filter: `id = "${id}"` })).length === 1;
      expect(listed, `${person}: list and view agree`).toBe(seen);
      if (seen) can.push(person);
    }
    return can;
  }

  it('a shared reflection sent as evidence: the trainee, their trainers, and the assessors, IQAs and verifiers of their cohort', async () => {
    expect(await readers(await reflection(true, true))).toEqual(['owner', 'trainer', 'assessor', 'iqa', 'verifier']);
  });

  it('a shared reflection that is not evidence: the trainee and their trainers only', async () => {
    expect(await readers(await reflection(true, false))).toEqual(['owner', 'trainer']);
  });

  it('evidence the trainee stopped sharing: the trainee only', async () => {
    expect(await readers(await reflection(false, true))).toEqual(['owner']);
  });

  it('a private reflection: the trainee only', async () => {
    expect(await readers(await reflection(false, false))).toEqual(['owner']);
  });
});
