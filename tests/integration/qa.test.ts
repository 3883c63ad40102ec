/**
 * src/lib/qa/qa-store.ts and audit-store.ts against the real PocketBase, everyone acting
 * with their own token as the web server does.
 *
 * The people, on cohort A of `peer-support-foundations` unless said: Tam (trainee) and Bea
 * (trainee of cohort B, same course); Ash (assessor of A and B); Nia (assessor of A, flagged
 * as a new assessor); Ida (IQA of A); Max (IQA of A who is also one of its assessors); Vic
 * (verifier of A); Ada (admin, on no cohort).
 */
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { assessCourse } from '../../src/lib/assessment/status.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { DomainError } from '../../src/lib/errors.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { Role } from '../../src/lib/records.ts';
import { listAuditForExport, listAuditPage } from '../../src/lib/qa/audit-store.ts';
import { buildQaRecord } from '../../src/lib/qa/qa-record.ts';
import {
  createPlan,
  findCohort,
  listCohortDecisions,
  listCohortTrainees,
  listPlansAndSamples,
  listStaffCohorts,
  loadBases,
  loadPeople,
  loadQaFacts,
  readableReflections,
  recordVerdict,
} from '../../src/lib/qa/qa-store.ts';
import { drawSample, samplingPool } from '../../src/lib/qa/sampling.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'peer-support-foundations';

type Person = 'tam' | 'bea' | 'ash' | 'nia' | 'ida' | 'max' | 'vic' | 'ada';
const PEOPLE: Record<Person, { name: string; roles: Role[] }> = {
  tam: { name: 'Tam Trainee', roles: ['trainee'] },
  bea: { name: 'Bea Trainee', roles: ['trainee'] },
  ash: { name: 'Ash Assessor', roles: ['assessor'] },
  nia: { name: 'Nia New', roles: ['assessor'] },
  ida: { name: 'Ida IQA', roles: ['iqa'] },
  max: { name: 'Max Both', roles: ['iqa', 'assessor'] },
  vic: { name: 'Vic Verifier', roles: ['verifier'] },
  ada: { name: 'Ada Admin', roles: ['admin'] },
};

let pb: TestPocketBase;
let service: PocketBase;
const users = {} as Record<Person, TestUser>;
const as = {} as Record<Person, TypedPocketBase>;
let cohortA: string;
let cohortB: string;
let course: Course;
/** Decisions about Tam (cohort A): by Ash on U1/1.2, by Nia on U2/1.2, by Max on U4/1.2. And Bea's (cohort B) by Ash. */
const decisions = {} as Record<'ash' | 'nia' | 'max' | 'bea', string>;
let sharedReflection: string;


async function decide(assessor: Person, trainee: Person, criterion: string, outcome: 'met' | 'not_yet', extra: Record<string, unknown> = {}): Promise<string> {
  const evidence = await as[trainee].collection('evidence').create({ user: users[trainee].id, course: COURSE, criterion, text: `My evidence for ${criterion}`, ...extra });
  const decision = await as[assessor].collection('decisions').create({
    user: users[trainee].id,
    course: COURSE,
    criterion,
    evidence: evidence.id,
    outcome,
    feedback: `Feedback on ${criterion}`,
    assessor: users[assessor].id,
    assessor_name: PEOPLE[assessor].name,
  });
  return decision.id;
}

const refused = async (promise: Promise<unknown>): Promise<DomainError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
};

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = await serviceClient(pb);
  for (const [key, person] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
    users[key] = await createUser(service, { email: `${key}@example.test`, password: PASSWORD, display_name: person.name, roles: person.roles });
    as[key] = (await clientAs(pb.url, `${key}@example.test`, PASSWORD)) as TypedPocketBase;
  }
  await service.collection('users').update(users.nia.id, { new_assessor: true });
  cohortA = await createCohort(service, {
    name: 'Cohort A',
    course: COURSE,
    assessors: [users.ash.id, users.nia.id, users.max.id],
    iqas: [users.ida.id, users.max.id],
    verifiers: [users.vic.id],
  });
  cohortB = await createCohort(service, { name: 'Cohort B', course: COURSE, assessors: [users.ash.id] });
  await enrol(service, users.tam, COURSE, cohortA);
  await enrol(service, users.bea, COURSE, cohortB);

  const loaded = loadCourses('courses');
  course = loaded.courses.find((c) => c.slug === COURSE)!;

  decisions.ash = await decide('ash', 'tam', 'U1/1.2', 'met');
  decisions.nia = await decide('nia', 'tam', 'U2/1.2', 'not_yet');
  decisions.max = await decide('max', 'tam', 'U4/1.2', 'met');
  decisions.bea = await decide('ash', 'bea', 'U1/1.2', 'met');

  // A shared reflection, to link as evidence.
  const reflection = await as.tam.collection('reflections').create({ user: users.tam.id, course: COURSE, module: 'intentional-peer-support', prompt: 'p1', body: 'A private thought made shared.', shared: true, version: 1 });
  sharedReflection = reflection.id;
}, 120_000);

afterAll(async () => {
  await pb?.stop();
});

describe('reading a cohort', () => {
  it('lists the cohorts where the person is an IQA or a verifier', async () => {
    expect((await listStaffCohorts(as.ida, users.ida.id, 'iqas')).map((c) => c.name)).toEqual(['Cohort A']);
    expect((await listStaffCohorts(as.vic, users.vic.id, 'verifiers')).map((c) => c.name)).toEqual(['Cohort A']);
    expect(await listStaffCohorts(as.tam, users.tam.id, 'iqas')).toEqual([]);
    expect(await findCohort(as.tam, cohortA)).toBeUndefined();
  });

  it('gives an IQA and a verifier the decisions of their cohort only, never another cohort’s', async () => {
    for (const person of ['ida', 'vic'] as const) {
      const cohort = (await findCohort(as[person], cohortA))!;
      const rows = await listCohortDecisions(as[person], cohort, await listCohortTrainees(service as TypedPocketBase, cohort));
      expect(rows.map((d) => d.id).sort()).toEqual([decisions.ash, decisions.nia, decisions.max].sort());
    }
    // Only the cohort's trainees: Bea is in cohort B.
    expect(await listCohortTrainees(service as TypedPocketBase, { id: cohortA, course: COURSE })).toEqual([users.tam.id]);
    // Even asked for Bea's, the IQA of cohort A gets none of them: the rules still decide.
    const rows = await listCohortDecisions(as.ida, { course: COURSE }, [users.tam.id, users.bea.id]);
    expect(rows.map((d) => d.id)).not.toContain(decisions.bea);
  });

  it('shows the evidence, but a linked reflection’s text only to those the rules allow', async () => {
    const cohort = (await findCohort(as.vic, cohortA))!;
    const { evidence } = await loadBases(as.vic, await listCohortDecisions(as.vic, cohort, [users.tam.id]));
    expect(evidence.map((e) => e.text)).toContain('My evidence for U1/1.2');
    // The verifier and the IQA cannot read the trainee's reflection, even shared; the author can.
    expect((await readableReflections(as.vic, [sharedReflection])).size).toBe(0);
    expect((await readableReflections(as.ida, [sharedReflection])).size).toBe(0);
    expect((await readableReflections(as.tam, [sharedReflection])).get(sharedReflection)?.body).toBe('A private thought made shared.');
  });

  it('looks up display names and the new-assessor flag with the service client, never an email', async () => {
    const people = await loadPeople(service as TypedPocketBase, [users.nia.id, users.ash.id, 'nosuchuser00000']);
    expect(people.get(users.nia.id)).toEqual({ name: 'Nia New', newAssessor: true });
    expect(people.get(users.ash.id)).toEqual({ name: 'Ash Assessor', newAssessor: false });
    expect(people.size).toBe(2);
  });
});

describe('sampling plans and verdicts', () => {
  it('stores an IQA’s plan, drawn without their own decisions and with every decision of a new assessor', async () => {
    const cohort = (await findCohort(as.max, cohortA))!;
    const facts = await loadQaFacts(as.max, async () => service as TypedPocketBase, cohort);
    const { pool, ownLeftOut } = samplingPool(facts.decisions, users.max.id);
    expect(ownLeftOut).toBe(1);
    const drawn = drawSample(pool, { rule: { method: 'assessor', assessor: users.ash.id }, newAssessors: [users.nia.id], seed: 'test' });
    expect(drawn.decisions.sort()).toEqual([decisions.ash, decisions.nia].sort());

    const plan = await createPlan(as.max, { cohort: cohortA, createdBy: users.max.id, rule: { method: 'assessor', assessor: users.ash.id }, decisions: drawn.decisions });
    expect(plan.parameter).toBe(users.ash.id);
    const { plans } = await listPlansAndSamples(as.vic, cohortA);
    expect(plans.map((p) => p.id)).toContain(plan.id);
  });

  it('refuses a plan with a decision of another cohort', async () => {
    const error = await refused(createPlan(as.ida, { cohort: cohortA, createdBy: users.ida.id, rule: { method: 'random', percent: 50 }, decisions: [decisions.bea] }));
    expect(error.kind).toBe('invalid');
    expect(error.fields['decisions']).toMatch(/not about a trainee of this cohort/);
  });

  it('records an agreement', async () => {
    const sample = await recordVerdict(as.ida, { cohort: cohortA, iqa: users.ida.id, decision: decisions.ash, verdict: 'agree', rationale: 'The feedback matches the evidence.' });
    expect(sample.verdict).toBe('agree');
  });

  it('does not let an IQA quality-assure their own decision', async () => {
    const error = await refused(recordVerdict(as.max, { cohort: cohortA, iqa: users.max.id, decision: decisions.max, verdict: 'agree', rationale: 'Looks right to me.' }));
    expect(error.kind).toBe('forbidden');
    expect(error.message).toMatch(/You made this decision as its assessor/);
    const { samples } = await listPlansAndSamples(as.ida, cohortA);
    expect(samples.map((s) => s.decision)).not.toContain(decisions.max);
  });

  it('sends a decision back to its assessor when the IQA disagrees', async () => {
    await recordVerdict(as.ida, {
      cohort: cohortA,
      iqa: users.ida.id,
      decision: decisions.nia,
      verdict: 'disagree',
      rationale: 'The evidence meets 1.2: the boundary is described clearly.',
    });
    // The status the trainee page and the assessor queue use.
    const { samples } = await listPlansAndSamples(as.ida, cohortA);
    const cohort = (await findCohort(as.ida, cohortA))!;
    const rows = await listCohortDecisions(as.ida, cohort, [users.tam.id]);
    const { evidence } = await loadBases(as.ida, rows);
    const status = assessCourse(course, {
      evidence: evidence.map((e) => ({ id: e.id, criterion: e.criterion, created: e.created })),
      observations: [],
      decisions: rows,
      samples,
      passedModules: [],
      signedOffUnits: [],
    });
    expect(status.byRef.get('U2/1.2')?.returned).toBe(true);
    expect(status.byRef.get('U1/1.2')?.returned).toBe(false);

    // And the QA record says so, until the assessor records a correction.
    const facts = await loadQaFacts(as.ida, async () => service as TypedPocketBase, cohort);
    const before = buildQaRecord(facts, course).sampled.find((s) => s.decision.id === decisions.nia)!;
    expect(before.returned).toBe(true);
    expect(before.latest?.iqaName).toBe('Ida IQA');

    const nia = rows.find((d) => d.id === decisions.nia)!;
    await as.nia.collection('decisions').create({
      user: users.tam.id,
      course: COURSE,
      criterion: 'U2/1.2',
      evidence: nia.evidence,
      outcome: 'met',
      feedback: 'Looking again with the IQA: you describe holding a boundary while staying mutual. Met.',
      assessor: users.nia.id,
      assessor_name: 'Nia New',
      supersedes: decisions.nia,
    });
    const after = buildQaRecord(await loadQaFacts(as.ida, async () => service as TypedPocketBase, cohort), course).sampled.find((s) => s.decision.id === decisions.nia)!;
    expect(after.returned).toBe(false);
    expect(after.corrected).toBe(true);
  });

  it('does not let a verifier write anything', async () => {
    const plan = await refused(createPlan(as.vic, { cohort: cohortA, createdBy: users.vic.id, rule: { method: 'random', percent: 10 }, decisions: [decisions.ash] }));
    expect(plan.kind).toBe('invalid');
    const verdict = await refused(recordVerdict(as.vic, { cohort: cohortA, iqa: users.vic.id, decision: decisions.ash, verdict: 'disagree', rationale: 'I would say otherwise.' }));
    expect(verdict.kind).toBe('invalid');
    await expect(as.vic.collection('decisions').update(decisions.ash, { outcome: 'not_yet' })).rejects.toMatchObject({ status: 403 });
    expect((await as.ida.collection('decisions').getOne(decisions.ash)).outcome).toBe('met');
    const { plans, samples } = await listPlansAndSamples(as.vic, cohortA);
    expect(plans.every((p) => p.created_by !== users.vic.id)).toBe(true);
    expect(samples.every((s) => s.iqa !== users.vic.id)).toBe(true);
  });
});

describe('the audit log', () => {
  it('shows a verifier the entries of their cohort only, the admin everything, a trainee nothing', async () => {
    const mine = await listAuditPage(as.vic, {}, 1);
    expect(mine.entries.length).toBeGreaterThan(0);
    expect(mine.entries.every((e) => e.cohort === cohortA)).toBe(true);
    const decisionRows = mine.entries.filter((e) => e.action === 'decision.create');
    expect(decisionRows.map((e) => e.target_id)).toEqual(expect.arrayContaining([decisions.ash, decisions.nia]));
    expect(decisionRows.find((e) => e.target_id === decisions.ash)?.actor_name).toBe('Ash Assessor');

    const all = await listAuditPage(as.ada, {}, 1);
    expect(all.totalItems).toBeGreaterThan(mine.totalItems);
    expect(all.entries.some((e) => e.target_id === decisions.bea)).toBe(true);

    expect((await listAuditPage(as.tam, {}, 1)).totalItems).toBe(0);
  });

  it('filters by cohort and action, pages, and exports newest first', async () => {
    const verdicts = await listAuditPage(as.ada, { cohort: cohortA, action: 'qa_sample.create' }, 1);
    expect(verdicts.entries.map((e) => e.details?.['verdict'])).toEqual(['disagree', 'agree']);
    const paged = await listAuditPage(as.ada, { cohort: cohortA }, 2, 3);
    expect(paged.page).toBe(2);
    expect(paged.entries).toHaveLength(3);
    expect(paged.totalPages).toBe(Math.ceil(paged.totalItems / 3));
    const none = await listAuditPage(as.ada, { cohort: 'none' }, 1);
    expect(none.entries.every((e) => e.cohort === '')).toBe(true);
    expect(none.entries.some((e) => e.action === 'user.role_change' || e.action === 'user.new_assessor_change')).toBe(true);

    const exported = await listAuditForExport(as.vic, { cohort: cohortA });
    expect(exported).toHaveLength((await listAuditPage(as.vic, { cohort: cohortA }, 1)).totalItems);
    expect(exported[0]!.created >= exported.at(-1)!.created).toBe(true);
  });
});
