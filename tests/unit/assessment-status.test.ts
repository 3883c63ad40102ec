import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessCourse, awaitingDecision, isReturned, metByDecision, readyForSignOff, signedOffUnits, signOffState, type AssessmentFacts, type DecisionRow, type SampleRow, type SignoffRow } from '../../src/lib/assessment/status.ts';
import { buildQaRecord, type QaDecision } from '../../src/lib/qa/qa-record.ts';
import { unitEligibility } from '../../src/lib/certificates/eligibility.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';

const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'tests/fixtures/courses/tiny'), root).courses[0]!;
// tiny-course: U1/1.1 is knowledge-check (module "first" has a check); U2/1.1 is reflection (judged by an assessor).

const decision = (over: Partial<DecisionRow>): DecisionRow => ({
  id: 'd1', criterion: 'U2/1.1', outcome: 'met', feedback: 'Clear and thoughtful.', assessor_name: 'Sam', evidence: 'e1', observation: '', supersedes: '', created: '2026-01-02', ...over,
});
const none: AssessmentFacts = { evidence: [], observations: [], decisions: [], passedModules: [], signedOffUnits: [] };

describe('assessment status', () => {
  it('starts with every criterion needed and no unit complete', () => {
    const a = assessCourse(course, none);
    expect([...a.byRef.values()].map((c) => [c.criterion.ref, c.state])).toEqual([['U1/1.1', 'needed'], ['U2/1.1', 'needed']]);
    expect(a.byRef.get('U1/1.1')?.checksToPass).toEqual(['first']);
    expect(a.units.map((u) => u.complete)).toEqual([false, false]);
  });

  it('meets a knowledge-check criterion from a passed attempt, without an assessor', () => {
    const a = assessCourse(course, { ...none, passedModules: ['first'] });
    expect(a.byRef.get('U1/1.1')).toMatchObject({ state: 'met', automatic: true, checksToPass: [] });
    expect(a.units[0]).toMatchObject({ complete: true, signedOff: false });
    expect(readyForSignOff(a).map((u) => u.unit.id)).toEqual(['U1']);
  });

  it('follows submit → not yet → resubmit → met, keeping the whole history', () => {
    const e1 = { id: 'e1', criterion: 'U2/1.1', created: '2026-01-01' };
    const e2 = { id: 'e2', criterion: 'U2/1.1', created: '2026-01-03' };
    const notYet = decision({ id: 'd1', outcome: 'not_yet', created: '2026-01-02' });
    const met = decision({ id: 'd2', evidence: 'e2', created: '2026-01-04' });
    const at = (facts: Partial<AssessmentFacts>) => assessCourse(course, { ...none, ...facts }).byRef.get('U2/1.1')!;
    expect(at({ evidence: [e1] }).state).toBe('submitted');
    expect(at({ evidence: [e1], decisions: [notYet] }).state).toBe('not-yet');
    expect(at({ evidence: [e1, e2], decisions: [notYet] }).state).toBe('submitted');
    const final = at({ evidence: [e2, e1], decisions: [met, notYet] });
    expect(final.state).toBe('met');
    expect(final.decisions.map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(final.evidence.map((e) => e.id)).toEqual(['e1', 'e2']);
  });

  it('sends a decision an IQA disagreed with back to the assessor until a newer decision replaces it', () => {
    const e1 = { id: 'e1', criterion: 'U2/1.1', created: '2026-01-01' };
    const d1 = decision({ id: 'd1', created: '2026-01-02' });
    const disagree = { decision: 'd1', verdict: 'disagree' as const, created: '2026-01-05' };
    let a = assessCourse(course, { ...none, evidence: [e1], decisions: [d1], samples: [disagree] });
    expect(a.byRef.get('U2/1.1')).toMatchObject({ state: 'submitted', returned: true });
    expect(awaitingDecision(a).map((c) => c.criterion.ref)).toEqual(['U2/1.1']);
    const correction = decision({ id: 'd2', supersedes: 'd1', created: '2026-01-06' });
    a = assessCourse(course, { ...none, evidence: [e1], decisions: [d1, correction], samples: [disagree] });
    expect(a.byRef.get('U2/1.1')).toMatchObject({ state: 'met', returned: false });
  });

  it('reports signed-off units and counts met criteria', () => {
    const a = assessCourse(course, {
      ...none,
      passedModules: ['first'],
      evidence: [{ id: 'e1', criterion: 'U2/1.1', created: '2026-01-01' }],
      decisions: [decision({})],
      signedOffUnits: ['U1'],
    });
    expect(a.met).toBe(2);
    expect(a.units.map((u) => [u.unit.id, u.complete, u.signedOff])).toEqual([['U1', true, true], ['U2', true, false]]);
  });
});

/**
 * One truth about each criterion: for every state change, the trainee's page (assessCourse),
 * the assessor's queue (awaitingDecision), the dashboard count (metByDecision), the IQA and
 * verifier pages (buildQaRecord) and the unit certificate (unitEligibility) agree.
 */
describe('the state table, read the same by every view', () => {
  const e1 = { id: 'e1', criterion: 'U2/1.1', created: '2026-01-01' };
  const e2 = { id: 'e2', criterion: 'U2/1.1', created: '2026-01-07' };
  const d1met = decision({ id: 'd1', outcome: 'met', created: '2026-01-02' });
  const d1notYet = decision({ id: 'd1', outcome: 'not_yet', created: '2026-01-02' });
  const correction = decision({ id: 'd2', outcome: 'not_yet', supersedes: 'd1', created: '2026-01-03' });
  const disagree: SampleRow = { decision: 'd1', verdict: 'disagree', created: '2026-01-05' };
  const agree: SampleRow = { decision: 'd1', verdict: 'agree', created: '2026-01-05' };
  const redecided = decision({ id: 'd3', outcome: 'met', supersedes: 'd1', created: '2026-01-06' });
  const signoffs: SignoffRow[] = [{ id: 's1', unit: 'U2', created: '2026-01-01' }];

  function views(facts: { evidence: typeof e1[]; decisions: DecisionRow[]; samples: SampleRow[] }) {
    const a = assessCourse(course, { ...none, ...facts, signoffs });
    const c = a.byRef.get('U2/1.1')!;
    const qaDecisions: QaDecision[] = facts.decisions.map((d) => ({ ...d, user: 'kim', course: course.slug, assessor: 'sam' }));
    const qa = buildQaRecord(
      {
        decisions: qaDecisions,
        evidence: [],
        observations: [],
        plans: [{ id: 'p1', created_by: 'iqa', method: 'random', parameter: '100', decisions: qaDecisions.map((d) => d.id), created: '2026-01-04' }],
        samples: facts.samples.map((s, i) => ({ ...s, id: `s${i}`, iqa: 'iqa', rationale: 'Because.' })),
        people: new Map(),
      },
      course,
    );
    return {
      state: c.state,
      returned: c.returned,
      waitingForAssessor: awaitingDecision(a).some((x) => x.criterion.ref === 'U2/1.1'),
      dashboardMet: metByDecision(facts.decisions, facts.samples).includes('U2/1.1'),
      qaReturned: qa.sampled.filter((s) => s.returned).map((s) => s.decision.id),
      unitCertificate: unitEligibility(course, a.units.find((u) => u.unit.id === 'U2')!).eligible,
    };
  }

  it('submitted: waiting for the assessor everywhere, not met anywhere', () => {
    expect(views({ evidence: [e1], decisions: [], samples: [] })).toEqual({
      state: 'submitted', returned: false, waitingForAssessor: true, dashboardMet: false, qaReturned: [], unitCertificate: false,
    });
  });

  it('met: met everywhere, nothing waiting', () => {
    expect(views({ evidence: [e1], decisions: [d1met], samples: [] })).toEqual({
      state: 'met', returned: false, waitingForAssessor: false, dashboardMet: true, qaReturned: [], unitCertificate: true,
    });
  });

  it('met and agreed by the IQA: still met everywhere', () => {
    expect(views({ evidence: [e1], decisions: [d1met], samples: [agree] })).toMatchObject({ state: 'met', dashboardMet: true, qaReturned: [], unitCertificate: true });
  });

  it('not yet met: not met anywhere, nothing waiting until the trainee sends more', () => {
    expect(views({ evidence: [e1], decisions: [d1notYet], samples: [] })).toEqual({
      state: 'not-yet', returned: false, waitingForAssessor: false, dashboardMet: false, qaReturned: [], unitCertificate: false,
    });
    expect(views({ evidence: [e1, e2], decisions: [d1notYet], samples: [] })).toMatchObject({ state: 'submitted', waitingForAssessor: true, dashboardMet: false });
  });

  it('corrected: the newest decision counts everywhere', () => {
    expect(views({ evidence: [e1], decisions: [d1met, correction], samples: [] })).toEqual({
      state: 'not-yet', returned: false, waitingForAssessor: false, dashboardMet: false, qaReturned: [], unitCertificate: false,
    });
  });

  it('returned by IQA: no longer "Met" for the trainee, the dashboard or a certificate; waiting for the assessor; returned on the IQA page', () => {
    expect(views({ evidence: [e1], decisions: [d1met], samples: [disagree] })).toEqual({
      state: 'submitted', returned: true, waitingForAssessor: true, dashboardMet: false, qaReturned: ['d1'], unitCertificate: false,
    });
  });

  it('re-decided after the return: the new decision counts everywhere and nothing is returned', () => {
    expect(views({ evidence: [e1], decisions: [d1met, redecided], samples: [disagree] })).toEqual({
      state: 'met', returned: false, waitingForAssessor: false, dashboardMet: true, qaReturned: [], unitCertificate: true,
    });
  });

  it('a returned decision replaced by a decision on newer evidence is no longer returned on the IQA page either', () => {
    const onNewEvidence = decision({ id: 'd4', evidence: 'e2', outcome: 'met', created: '2026-01-08' });
    expect(views({ evidence: [e1, e2], decisions: [d1met, onNewEvidence], samples: [disagree] })).toMatchObject({ state: 'met', returned: false, qaReturned: [] });
    expect(isReturned(d1met, [d1met, onNewEvidence], [disagree])).toBe(false);
    expect(isReturned(d1met, [d1met], [disagree])).toBe(true);
    // A later agree on the same decision takes it back out of the return.
    expect(isReturned(d1met, [d1met], [disagree, { ...agree, created: '2026-01-09' }])).toBe(false);
  });
});

describe('unit sign-off chain', () => {
  const signed: SignoffRow = { id: 's1', unit: 'U1', created: '2026-02-01' };
  const withdrawn: SignoffRow = { id: 's2', unit: 'U1', supersedes: 's1', withdrawn: true, reason: 'Signed in error.', created: '2026-02-02' };
  const again: SignoffRow = { id: 's3', unit: 'U1', supersedes: 's2', created: '2026-02-03' };
  const metU1 = { ...none, passedModules: ['first'] };

  it('a sign-off stands until a withdrawal supersedes it, and again after a new sign-off', () => {
    expect(signedOffUnits([signed])).toEqual(['U1']);
    expect(signOffState([signed, withdrawn]).get('U1')).toMatchObject({ kind: 'withdrawn', reason: 'Signed in error.' });
    expect(signedOffUnits([signed, withdrawn])).toEqual([]);
    expect(signedOffUnits([again, withdrawn, signed])).toEqual(['U1']);
  });

  it('a withdrawn sign-off stops the unit certificate and says why', () => {
    const a = assessCourse(course, { ...metU1, signoffs: [signed, withdrawn] });
    const unit = a.units.find((u) => u.unit.id === 'U1')!;
    expect(unit).toMatchObject({ complete: true, signedOff: false, withdrawn: { reason: 'Signed in error.' } });
    const eligibility = unitEligibility(course, unit);
    expect(eligibility.eligible).toBe(false);
    expect(eligibility.eligible ? [] : eligibility.missing).toEqual([{ text: expect.stringContaining('was withdrawn'), href: expect.stringContaining('#te-unit-U1') }]);
    expect(eligibility.eligible ? '' : eligibility.missing[0]!.text).toContain('Signed in error.');
    expect(unitEligibility(course, assessCourse(course, { ...metU1, signoffs: [signed] }).units[0]!).eligible).toBe(true);
  });
});
