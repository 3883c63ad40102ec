/**
 * One truth about each criterion, against the real PocketBase: real rows (evidence, decisions,
 * an IQA plan and verdicts, corrections, unit sign-offs and their withdrawal), made by each
 * person with their own token; then every view's own lib function is asked where the criterion
 * stands, and they must agree at every step:
 *   trainee     — loadTraineeAssessment (the evidence page)
 *   dashboard   — loadFacts (progress counts: evidenced criteria)
 *   certificate — loadCertificateFacts as the trainee (the course page) and as the service (issuing)
 *   assessor    — loadAssessment (queue) and loadOverview (the cohort table)
 *   IQA/verifier — loadQaFacts + buildQaRecord
 *
 * The people: Tam (trainee) in cohort A of peer-support-foundations; Ash (assessor of A);
 * Ida (IQA of A); Vic (verifier of A).
 */
import type PocketBase from 'pocketbase';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssessment, recordDecision, type AssessContext } from '../../src/lib/assessment/decisions-store.ts';
import { loadTraineeAssessment } from '../../src/lib/assessment/evidence-store.ts';
import { loadOverview } from '../../src/lib/assessment/overview-store.ts';
import { signOffUnit, withdrawSignOff } from '../../src/lib/assessment/signoffs-store.ts';
import { assessCourse } from '../../src/lib/assessment/status.ts';
import { loadCertificateFacts } from '../../src/lib/certificates/facts-store.ts';
import { unitEligibility } from '../../src/lib/certificates/eligibility.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { loadFacts } from '../../src/lib/progress/progress-store.ts';
import { buildQaRecord } from '../../src/lib/qa/qa-record.ts';
import { createPlan, loadQaFacts, recordVerdict } from '../../src/lib/qa/qa-store.ts';
import type { CohortRecord, UserRecord } from '../../src/lib/records.ts';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const C = 'U1/1.2';

describe('every view reads one truth about a criterion', () => {
  let pb: TestPocketBase;
  let service: TypedPocketBase;
  const people = {} as Record<'tam' | 'ash' | 'ida' | 'vic', TestUser>;
  const as = {} as Record<keyof typeof people, TypedPocketBase>;
  let cohort: CohortRecord;
  let ctx: AssessContext;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = (await serviceClient(pb)) as TypedPocketBase;
    const roles = { tam: ['trainee'], ash: ['assessor'], ida: ['iqa'], vic: ['verifier'] } as const;
    for (const [name, list] of Object.entries(roles) as Array<[keyof typeof people, readonly ('trainee' | 'assessor' | 'iqa' | 'verifier')[]]>) {
      people[name] = await createUser(service as PocketBase, { email: `${name}@example.org`, password: PASSWORD, display_name: name[0]!.toUpperCase() + name.slice(1), roles: [...list] });
      as[name] = (await clientAs(pb.url, people[name].email, PASSWORD)) as TypedPocketBase;
    }
    const id = await createCohort(service as PocketBase, { name: 'Cohort A', course: course.slug, assessors: [people.ash.id], iqas: [people.ida.id], verifiers: [people.vic.id] });
    cohort = await service.collection('cohorts').getOne(id);
    await enrol(service as PocketBase, people.tam, course.slug, id);
    ctx = { pb: as.ash, service: async () => service, cohort, course, viewer: as.ash.authStore.record as UserRecord };
  });
  afterAll(async () => {
    await pb?.stop();
  });

  /** What each view says about C. */
  async function views() {
    const trainee = (await loadTraineeAssessment(as.tam, people.tam.id, course, service)).assessment.byRef.get(C)!;
    const dashboard = (await loadFacts(as.tam, people.tam.id, course.slug, service)).get(course.slug)?.evidencedCriteria ?? [];
    const shown = await loadCertificateFacts(as.tam, people.tam.id, course.slug, { service });
    const issuing = await loadCertificateFacts(service, people.tam.id, course.slug, { samples: true });
    const queue = (await loadAssessment(ctx)).queue;
    const overview = (await loadOverview(as.ash, service, cohort, course, ctx.viewer)).rows.find((r) => r.user === people.tam.id)!;
    const qa = async (who: 'ida' | 'vic') => buildQaRecord(await loadQaFacts(as[who], async () => service, cohort), course).sampled.filter((s) => s.decision.criterion === C);
    return {
      trainee: trainee.state,
      dashboardMet: [...dashboard].includes(C),
      certificatePage: assessCourse(course, shown.assessment).byRef.get(C)!.state,
      issuing: assessCourse(course, issuing.assessment).byRef.get(C)!.state,
      assessor: queue.assessments.get(people.tam.id)!.byRef.get(C)!.state,
      inQueue: queue.items.some((i) => i.status.criterion.ref === C),
      overviewMet: overview.met,
      overviewWaiting: overview.waiting,
      iqaReturned: (await qa('ida')).filter((s) => s.returned).length,
      verifierReturned: (await qa('vic')).filter((s) => s.returned).length,
    };
  }

  let first = '';
  let evidence = '';

  it('submitted: every view says waiting', async () => {
    evidence = (await as.tam.collection('evidence').create({ user: people.tam.id, course: course.slug, criterion: C, text: 'What mutuality means to me.' })).id;
    expect(await views()).toEqual({
      trainee: 'submitted', dashboardMet: false, certificatePage: 'submitted', issuing: 'submitted', assessor: 'submitted', inQueue: true, overviewMet: 0, overviewWaiting: 1, iqaReturned: 0, verifierReturned: 0,
    });
  });

  it('met: every view says met', async () => {
    first = (await recordDecision(ctx, { trainee: people.tam.id, criterion: C, evidence, observation: '', supersedes: '', outcome: 'met', feedback: 'Clear.', signed_name: 'Ash' })).id;
    expect(await views()).toEqual({
      trainee: 'met', dashboardMet: true, certificatePage: 'met', issuing: 'met', assessor: 'met', inQueue: false, overviewMet: 1, overviewWaiting: 0, iqaReturned: 0, verifierReturned: 0,
    });
  });

  it('returned by IQA: the trainee, dashboard and certificates no longer say met; the assessor has it waiting; IQA and verifier see it returned', async () => {
    await createPlan(as.ida, { cohort: cohort.id, createdBy: people.ida.id, rule: { method: 'assessor', assessor: people.ash.id }, decisions: [first] });
    await recordVerdict(as.ida, { cohort: cohort.id, iqa: people.ida.id, decision: first, verdict: 'disagree', rationale: 'The evidence does not show mutuality in practice.' });
    expect(await views()).toEqual({
      trainee: 'submitted', dashboardMet: false, certificatePage: 'submitted', issuing: 'submitted', assessor: 'submitted', inQueue: true, overviewMet: 0, overviewWaiting: 1, iqaReturned: 1, verifierReturned: 1,
    });
    // The trainee learns the decision is being looked at again, never the IQA's words.
    const { records } = await loadTraineeAssessment(as.tam, people.tam.id, course, service);
    expect(JSON.stringify(records)).not.toContain('mutuality in practice');
  });

  it('re-decided (corrected to not yet met): every view says not yet, nothing returned', async () => {
    await recordDecision(ctx, { trainee: people.tam.id, criterion: C, evidence, observation: '', supersedes: first, outcome: 'not_yet', feedback: 'Please add an example.', signed_name: 'Ash' });
    expect(await views()).toEqual({
      trainee: 'not-yet', dashboardMet: false, certificatePage: 'not-yet', issuing: 'not-yet', assessor: 'not-yet', inQueue: false, overviewMet: 0, overviewWaiting: 0, iqaReturned: 0, verifierReturned: 0,
    });
  });

  it('resubmitted then met: every view follows', async () => {
    const more = (await as.tam.collection('evidence').create({ user: people.tam.id, course: course.slug, criterion: C, text: 'An example from my placement.' })).id;
    expect((await views()).trainee).toBe('submitted');
    expect((await views()).assessor).toBe('submitted');
    await recordDecision(ctx, { trainee: people.tam.id, criterion: C, evidence: more, observation: '', supersedes: '', outcome: 'met', feedback: 'Yes.', signed_name: 'Ash' });
    expect(await views()).toEqual({
      trainee: 'met', dashboardMet: true, certificatePage: 'met', issuing: 'met', assessor: 'met', inQueue: false, overviewMet: 1, overviewWaiting: 0, iqaReturned: 0, verifierReturned: 0,
    });
  });

  it('a unit sign-off withdrawn with a reason stops the unit certificate, and the trainee reads why', async () => {
    // Meet every criterion of U1 that needs a decision, as the assessor; knowledge checks by a passed attempt.
    const unit = course.units.find((u) => u.id === 'U1')!;
    for (const c of unit.outcomes.flatMap((o) => o.criteria)) {
      if (c.ref === C) continue;
      if (c.evidence === 'knowledge-check') {
        for (const m of course.modules.filter((m) => m.criteria.includes(c.ref) && m.knowledgeCheck)) {
          await service.collection('quiz_attempts').create({ user: people.tam.id, course: course.slug, module: m.id, answers: {}, score: 1, total: 1, passed: true }).catch(() => undefined);
        }
        continue;
      }
      const basis = c.evidence === 'observation'
        ? { observation: (await as.ash.collection('observations').create({ user: people.tam.id, course: course.slug, criterion: c.ref, observed_on: '2026-11-02 10:00:00.000Z', context: 'A group', notes: 'Good.', assessor: people.ash.id })).id, evidence: '' }
        : { evidence: (await as.tam.collection('evidence').create({ user: people.tam.id, course: course.slug, criterion: c.ref, text: 'Mine.' })).id, observation: '' };
      await recordDecision(ctx, { trainee: people.tam.id, criterion: c.ref, ...basis, supersedes: '', outcome: 'met', feedback: 'Good.', signed_name: 'Ash' });
    }
    const unitStatus = async () => {
      const facts = await loadCertificateFacts(service, people.tam.id, course.slug, { samples: true });
      return assessCourse(course, facts.assessment).units.find((u) => u.unit.id === 'U1')!;
    };
    expect((await unitStatus()).complete).toBe(true);
    await signOffUnit(ctx, { trainee: people.tam.id, unit: 'U1', signed_name: 'Ash' });
    expect(unitEligibility(course, await unitStatus()).eligible).toBe(true);

    await withdrawSignOff(ctx, { trainee: people.tam.id, unit: 'U1', reason: 'Signed too early: the observation needs a second look.', signed_name: 'Ash' });
    const after = unitEligibility(course, await unitStatus());
    expect(after.eligible).toBe(false);
    expect(after.eligible ? '' : after.missing.map((m) => m.text).join(' ')).toContain('Signed too early: the observation needs a second look.');
    const trainee = (await loadTraineeAssessment(as.tam, people.tam.id, course, service)).assessment.units.find((u) => u.unit.id === 'U1')!;
    expect(trainee).toMatchObject({ signedOff: false, withdrawn: { reason: 'Signed too early: the observation needs a second look.' } });
    expect((await loadAssessment(ctx)).queue.signOff.map((s) => s.unit.unit.id)).toContain('U1');

    // Withdrawing again is refused; signing again restores it.
    await expect(withdrawSignOff(ctx, { trainee: people.tam.id, unit: 'U1', reason: 'again', signed_name: 'Ash' })).rejects.toMatchObject({ kind: 'conflict' });
    await signOffUnit(ctx, { trainee: people.tam.id, unit: 'U1', signed_name: 'Ash' });
    expect(unitEligibility(course, await unitStatus()).eligible).toBe(true);
  });
});
