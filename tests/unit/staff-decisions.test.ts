import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseForm } from '../../src/lib/auth/schema.ts';
import { assessmentQueue, checkDecision, correctionTarget, pendingTarget } from '../../src/lib/assessment/decisions.ts';
import { DecisionInput } from '../../src/lib/assessment/decisions-schema.ts';
import { checkObservation, observableCriteria } from '../../src/lib/assessment/observations.ts';
import { observationInput } from '../../src/lib/assessment/observations-schema.ts';
import { assessTrainee, type TraineeRows } from '../../src/lib/assessment/overview.ts';
import { checkSignOff, checkWithdrawal } from '../../src/lib/assessment/signoffs.ts';
import type { DecisionRow } from '../../src/lib/assessment/status.ts';
import { formAnchor, formKey } from '../../src/lib/assessment/decisions-form.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tiny = loadCourses(path.join(root, 'tests/fixtures/courses/tiny'), root).courses[0]!;
const psf = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations')!;
// tiny: U1/1.1 knowledge-check (module "first"); U2/1.1 reflection.

const trainee = (over: Partial<TraineeRows> = {}): TraineeRows => ({
  user: 'kim', name: 'Kim', status: 'active', progress: undefined, passedModules: [], evidence: [], observations: [], decisions: [], signedOffUnits: [], signoffRows: [], samples: [], ...over,
});
const decision = (over: Partial<DecisionRow>): DecisionRow => ({
  id: 'd1', criterion: 'U2/1.1', outcome: 'not_yet', feedback: 'More please.', assessor_name: 'Sam', evidence: 'e1', observation: '', supersedes: '', created: '2026-01-02', ...over,
});
const e1 = { id: 'e1', criterion: 'U2/1.1', created: '2026-01-01' };
const e2 = { id: 'e2', criterion: 'U2/1.1', created: '2026-01-03' };

describe('what a decision judges', () => {
  it('judges the newest submission when evidence is waiting', () => {
    const status = assessTrainee(tiny, trainee({ evidence: [e1, e2], decisions: [decision({})] })).byRef.get('U2/1.1')!;
    expect(pendingTarget(status)).toEqual({ basis: { kind: 'evidence', id: 'e2', created: '2026-01-03' }, supersedes: '' });
  });

  it('corrects the returned decision on the same evidence', () => {
    const t = trainee({ evidence: [e1], decisions: [decision({ outcome: 'met' })], samples: [{ decision: 'd1', verdict: 'disagree', created: '2026-01-04' }] });
    const status = assessTrainee(tiny, t).byRef.get('U2/1.1')!;
    expect(status.returned).toBe(true);
    expect(pendingTarget(status)).toEqual({ basis: { kind: 'evidence', id: 'e1', created: '2026-01-01' }, supersedes: 'd1' });
  });

  it('waits for nothing when decided, and never for knowledge checks', () => {
    const a = assessTrainee(tiny, trainee({ evidence: [e1], decisions: [decision({})] }));
    expect(pendingTarget(a.byRef.get('U2/1.1')!)).toBeUndefined();
    expect(pendingTarget(a.byRef.get('U1/1.1')!)).toBeUndefined();
    expect(correctionTarget(a.byRef.get('U2/1.1')!)).toEqual({ basis: { kind: 'evidence', id: 'e1', created: '2026-01-01' }, supersedes: 'd1' });
    expect(correctionTarget(a.byRef.get('U1/1.1')!)).toBeUndefined();
  });

  it('judges observations too', () => {
    const obs = { id: 'o1', criterion: 'U3/2.1', created: '2026-02-01' };
    const status = assessTrainee(psf, trainee({ observations: [obs] })).byRef.get('U3/2.1')!;
    expect(pendingTarget(status)).toEqual({ basis: { kind: 'observation', id: 'o1', created: '2026-02-01' }, supersedes: '' });
  });
});

describe('the assessment queue', () => {
  it('lists waiting criteria oldest first, marks the viewer’s own, and units ready to sign off', () => {
    const ann = trainee({ user: 'ann', name: 'Ann', evidence: [{ ...e2, id: 'a2' }] });
    const bob = trainee({ user: 'bob', name: 'Bob', evidence: [e1], passedModules: ['first'] });
    const queue = assessmentQueue(tiny, [ann, bob], 'bob');
    expect(queue.items.map((i) => [i.trainee.user, i.target.basis.id, i.own])).toEqual([
      ['bob', 'e1', true],
      ['ann', 'a2', false],
    ]);
    expect(queue.signOff.map((s) => [s.trainee.user, s.unit.unit.id, s.own])).toEqual([['bob', 'U1', true]]);
    expect(queue.assessments.get('ann')!.met).toBe(0);
  });
});

describe('checking a decision before it is sent', () => {
  const base = { course: tiny, viewer: 'sam', isAssessor: true, trainee: trainee({ evidence: [e1], decisions: [decision({})] }) };
  const request = { criterion: 'U2/1.1', evidence: 'e1', observation: '', supersedes: '' };

  it('accepts a decision on the trainee’s evidence, and a correction of their decision', () => {
    expect(checkDecision({ ...base, request })).toBeUndefined();
    expect(checkDecision({ ...base, request: { ...request, supersedes: 'd1' } })).toBeUndefined();
  });

  it('refuses each kind of bad input with its own reason', () => {
    expect(checkDecision({ ...base, request: { ...request, criterion: 'U9/9.9' } })).toBe('unknown-criterion');
    expect(checkDecision({ ...base, request: { ...request, criterion: 'U1/1.1' } })).toBe('automatic');
    expect(checkDecision({ ...base, isAssessor: false, request })).toBe('not-assessor');
    expect(checkDecision({ ...base, trainee: undefined, request })).toBe('not-trainee');
    expect(checkDecision({ ...base, viewer: 'kim', request })).toBe('own');
    expect(checkDecision({ ...base, request: { ...request, evidence: '' } })).toBe('no-basis');
    expect(checkDecision({ ...base, request: { ...request, evidence: 'e-other' } })).toBe('stale-basis');
    expect(checkDecision({ ...base, request: { ...request, observation: 'o1' } })).toBe('stale-basis');
    expect(checkDecision({ ...base, request: { ...request, supersedes: 'd-none' } })).toBe('no-decision-to-correct');
  });
});

describe('checking a sign-off', () => {
  const args = { course: tiny, trainee: 'kim', viewer: 'sam', canSign: true, unit: 'U1' };
  it('signs a complete unit', () => {
    expect(checkSignOff({ ...args, assessment: assessTrainee(tiny, trainee({ passedModules: ['first'] })) })).toBeUndefined();
  });
  it('refuses an incomplete, signed, unknown, own or unauthorised one', () => {
    const incomplete = assessTrainee(tiny, trainee());
    expect(checkSignOff({ ...args, assessment: incomplete })).toEqual({ reason: 'not-complete', unmet: ['U1/1.1'] });
    expect(checkSignOff({ ...args, assessment: assessTrainee(tiny, trainee({ passedModules: ['first'], signedOffUnits: ['U1'] })) })).toEqual({ reason: 'already' });
    expect(checkSignOff({ ...args, unit: 'U7', assessment: incomplete })).toEqual({ reason: 'unknown-unit' });
    expect(checkSignOff({ ...args, viewer: 'kim', assessment: incomplete })).toEqual({ reason: 'own' });
    expect(checkSignOff({ ...args, canSign: false, assessment: incomplete })).toEqual({ reason: 'not-signer' });
    expect(checkSignOff({ ...args, assessment: undefined })).toEqual({ reason: 'not-trainee' });
  });
  const s1 = { id: 's1', user: 'kim', unit: 'U1', created: '2026-02-01' };
  const w1 = { id: 's2', user: 'kim', unit: 'U1', supersedes: 's1', withdrawn: true, reason: 'In error.', created: '2026-02-02' };
  it('signs a unit again after its sign-off was withdrawn, but not while it stands', () => {
    expect(checkSignOff({ ...args, assessment: assessTrainee(tiny, trainee({ passedModules: ['first'], signoffRows: [s1] })) })).toEqual({ reason: 'already' });
    expect(checkSignOff({ ...args, assessment: assessTrainee(tiny, trainee({ passedModules: ['first'], signoffRows: [s1, w1] })) })).toBeUndefined();
  });
  it('withdraws only a standing sign-off, by a signer of the cohort, never their own', () => {
    const standing = assessTrainee(tiny, trainee({ passedModules: ['first'], signoffRows: [s1] }));
    expect(checkWithdrawal({ ...args, assessment: standing })).toBeUndefined();
    expect(checkWithdrawal({ ...args, assessment: assessTrainee(tiny, trainee({ passedModules: ['first'], signoffRows: [s1, w1] })) })).toEqual({ reason: 'not-signed' });
    expect(checkWithdrawal({ ...args, assessment: assessTrainee(tiny, trainee()) })).toEqual({ reason: 'not-signed' });
    expect(checkWithdrawal({ ...args, canSign: false, assessment: standing })).toEqual({ reason: 'not-signer' });
    expect(checkWithdrawal({ ...args, viewer: 'kim', assessment: standing })).toEqual({ reason: 'own' });
    expect(checkWithdrawal({ ...args, unit: 'U7', assessment: standing })).toEqual({ reason: 'unknown-unit' });
  });
});

describe('checking an observation', () => {
  const args = { course: psf, isMember: true, trainee: 'kim', viewer: 'sam', isAssessor: true, criterion: 'U3/2.1' };
  it('offers the observation criteria and accepts one', () => {
    expect(observableCriteria(psf).map((c) => c.ref)).toContain('U3/2.1');
    expect(observableCriteria(psf).map((c) => c.ref)).not.toContain('U1/1.1');
    expect(checkObservation(args)).toBeUndefined();
  });
  it('refuses knowledge checks, unknown criteria, non-assessors, non-members and oneself', () => {
    expect(checkObservation({ ...args, criterion: 'U1/1.1' })).toBe('automatic');
    expect(checkObservation({ ...args, criterion: 'X/1' })).toBe('unknown-criterion');
    expect(checkObservation({ ...args, isAssessor: false })).toBe('not-assessor');
    expect(checkObservation({ ...args, isMember: false })).toBe('not-trainee');
    expect(checkObservation({ ...args, viewer: 'kim' })).toBe('own');
  });
});

describe('assessor forms', () => {
  const id = 'abcdefghijklmno';
  it('need an outcome, feedback and a signed name, with plain messages', () => {
    expect(parseForm(DecisionInput, { trainee: id, criterion: 'U2/1.1', evidence: id, feedback: '  ', signed_name: '' })).toEqual({
      ok: false,
      fields: {
        outcome: 'Please choose “Met” or “Not yet met”.',
        feedback: 'Please write feedback for the trainee: what they showed and, if it is not yet met, a next step.',
        signed_name: 'Please type the name you sign with.',
      },
    });
    expect(parseForm(DecisionInput, { trainee: id, criterion: 'U2/1.1', evidence: id, outcome: 'fail', feedback: 'x', signed_name: 'Sam' })).toMatchObject({ ok: false, fields: { outcome: expect.any(String) } });
    expect(parseForm(DecisionInput, { trainee: id, criterion: 'U2/1.1', evidence: id, outcome: 'met', feedback: ' Good. ', signed_name: ' Sam ' })).toEqual({
      ok: true,
      data: { trainee: id, criterion: 'U2/1.1', evidence: id, observation: '', supersedes: '', outcome: 'met', feedback: 'Good.', signed_name: 'Sam' },
    });
  });

  it('refuse an observation dated in the future', () => {
    const schema = observationInput(() => new Date('2026-03-14T12:00:00Z'));
    expect(parseForm(schema, { trainee: id, criterion: 'U3/2.1', observed_on: '15/03/2026', notes: 'x' })).toEqual({
      ok: false,
      fields: { observed_on: 'The date of the observation is in the future. Please check it.' },
    });
    expect(parseForm(schema, { trainee: '', criterion: 'U3/2.1', observed_on: '14 March 2026', notes: '' })).toEqual({
      ok: false,
      fields: { trainee: 'Please choose a trainee.', notes: 'Please write what you observed.' },
    });
    expect(parseForm(schema, { trainee: id, criterion: 'U3/2.1', observed_on: '14 March 2026', notes: 'Calm.' })).toEqual({
      ok: true,
      data: { trainee: id, criterion: 'U3/2.1', observed_on: '2026-03-14', context: '', notes: 'Calm.' },
    });
  });

  it('name each form on a page uniquely', () => {
    expect(formKey('decide', 'kim', 'U1/1.2')).toBe('decide:kim:U1/1.2');
    expect(formKey('observe', 'kim', 'U1/1.2')).toBe('observe');
    expect(formAnchor('decide:kim:U1/1.2')).toBe('f-decide-kim-U1-1-2');
  });
});
