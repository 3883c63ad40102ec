import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assessCourse, awaitingDecision, readyForSignOff, type AssessmentFacts, type DecisionRow } from '../../src/lib/assessment/status.ts';
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
