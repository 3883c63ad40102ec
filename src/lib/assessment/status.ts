/**
 * Where a trainee stands on each assessment criterion and unit of a course. Pure: the rows
 * come from stores, so the trainee's page, the assessor's queue, the cohort overview, QA and
 * certificate eligibility all read one set of rules.
 *
 * The rules:
 * - A `knowledge-check` criterion is met when every module that serves it and has a
 *   knowledge check has a passed attempt. (No human decision is needed.)
 * - Any other criterion is judged by an assessor. Its current decision is the newest one
 *   recorded for it (a correction is simply a newer decision that names the one it supersedes).
 *   - `met`: the current decision says met.
 *   - `submitted`: evidence newer than the current decision (or no decision yet) is waiting.
 *   - `not-yet`: the current decision says not yet and nothing newer was submitted: resubmit.
 *   - `needed`: nothing submitted or observed yet.
 * - A decision an IQA disagreed with, and that no newer decision replaces, is `returned`
 *   to its assessor; for the trainee the criterion reads as `submitted` (being looked at again).
 * - A unit is complete when all its criteria are met; it is signed off when a sign-off exists.
 */
import type { Course, Criterion, Unit } from '../courses/course.ts';

export type CriterionState = 'needed' | 'submitted' | 'not-yet' | 'met';

export interface EvidenceRow {
  id: string;
  criterion: string;
  created: string;
}

export interface ObservationRow {
  id: string;
  criterion: string;
  created: string;
}

export interface DecisionRow {
  id: string;
  criterion: string;
  outcome: 'met' | 'not_yet';
  feedback: string;
  assessor_name: string;
  evidence: string;
  observation: string;
  supersedes: string;
  created: string;
}

export interface SampleRow {
  decision: string;
  verdict: 'agree' | 'disagree';
  created: string;
}

export interface AssessmentFacts {
  evidence: readonly EvidenceRow[];
  observations: readonly ObservationRow[];
  decisions: readonly DecisionRow[];
  /** QA samples of this trainee's decisions (optional: for the `returned` flag). */
  samples?: readonly SampleRow[];
  /** Ids of modules with a passed knowledge-check attempt. */
  passedModules: Iterable<string>;
  /** Unit ids with a sign-off. */
  signedOffUnits: Iterable<string>;
}

export interface CriterionStatus {
  criterion: Criterion;
  state: CriterionState;
  /** Met automatically through knowledge checks. */
  automatic: boolean;
  /** The current decision, if any. */
  decision: DecisionRow | undefined;
  /** Every decision for the criterion, oldest first (the full history, never edited). */
  decisions: DecisionRow[];
  /** Every submission for the criterion, oldest first. */
  evidence: EvidenceRow[];
  observations: ObservationRow[];
  /** True when an IQA disagreed with the current decision: it is back with the assessor. */
  returned: boolean;
  /** For knowledge-check criteria: modules whose check still needs passing. */
  checksToPass: string[];
}

export interface UnitStatus {
  unit: Unit;
  criteria: CriterionStatus[];
  met: number;
  complete: boolean;
  signedOff: boolean;
}

export interface CourseAssessment {
  units: UnitStatus[];
  byRef: Map<string, CriterionStatus>;
  met: number;
  total: number;
}

const byCreated = <T extends { created: string }>(a: T, b: T) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0);

function group<T extends { criterion: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of [...rows].sort(byCreated as (a: T, b: T) => number)) map.set(row.criterion, [...(map.get(row.criterion) ?? []), row]);
  return map;
}

/** Works out every criterion's and unit's state for one trainee on one course. */
export function assessCourse(course: Course, facts: AssessmentFacts): CourseAssessment {
  const passed = new Set(facts.passedModules);
  const signedOff = new Set(facts.signedOffUnits);
  const evidence = group(facts.evidence);
  const observations = group(facts.observations);
  const decisions = group(facts.decisions);
  const samplesByDecision = new Map<string, SampleRow[]>();
  for (const sample of [...(facts.samples ?? [])].sort(byCreated)) {
    samplesByDecision.set(sample.decision, [...(samplesByDecision.get(sample.decision) ?? []), sample]);
  }

  const byRef = new Map<string, CriterionStatus>();
  const units = course.units.map((unit) => {
    const criteria = unit.outcomes.flatMap((o) => o.criteria).map((criterion) => {
      const status = criterionStatus(course, criterion, {
        evidence: evidence.get(criterion.ref) ?? [],
        observations: observations.get(criterion.ref) ?? [],
        decisions: decisions.get(criterion.ref) ?? [],
        samplesByDecision,
        passed,
      });
      byRef.set(criterion.ref, status);
      return status;
    });
    const met = criteria.filter((c) => c.state === 'met').length;
    return { unit, criteria, met, complete: met === criteria.length, signedOff: signedOff.has(unit.id) };
  });
  const all = [...byRef.values()];
  return { units, byRef, met: all.filter((c) => c.state === 'met').length, total: all.length };
}

function criterionStatus(
  course: Course,
  criterion: Criterion,
  rows: {
    evidence: EvidenceRow[];
    observations: ObservationRow[];
    decisions: DecisionRow[];
    samplesByDecision: Map<string, SampleRow[]>;
    passed: Set<string>;
  },
): CriterionStatus {
  const base = { criterion, decisions: rows.decisions, evidence: rows.evidence, observations: rows.observations };
  if (criterion.evidence === 'knowledge-check') {
    const withChecks = course.modules.filter((m) => m.criteria.includes(criterion.ref) && m.knowledgeCheck);
    const checksToPass = withChecks.filter((m) => !rows.passed.has(m.id)).map((m) => m.id);
    const met = withChecks.length > 0 && checksToPass.length === 0;
    return { ...base, state: met ? 'met' : 'needed', automatic: true, decision: undefined, returned: false, checksToPass };
  }
  const decision = rows.decisions[rows.decisions.length - 1];
  const latestSubmission = [...rows.evidence, ...rows.observations].sort(byCreated).at(-1);
  const samples = decision ? rows.samplesByDecision.get(decision.id) ?? [] : [];
  const returned = samples.at(-1)?.verdict === 'disagree';
  let state: CriterionState;
  if (!decision) state = latestSubmission ? 'submitted' : 'needed';
  else if (returned) state = 'submitted';
  else if (latestSubmission && latestSubmission.created > decision.created && decision.outcome !== 'met') state = 'submitted';
  else state = decision.outcome === 'met' ? 'met' : 'not-yet';
  return { ...base, state, automatic: false, decision, returned, checksToPass: [] };
}

/**
 * Criteria whose current decision (the newest recorded for each) says met: the rule
 * assessCourse uses for a criterion judged by an assessor, for callers that have only the
 * decisions (the trainee's progress summary, across all their courses).
 */
export function metByDecision(decisions: readonly Pick<DecisionRow, 'criterion' | 'outcome' | 'created'>[]): string[] {
  const current = new Map<string, Pick<DecisionRow, 'outcome'>>();
  for (const decision of [...decisions].sort(byCreated)) current.set(decision.criterion, decision);
  return [...current].filter(([, decision]) => decision.outcome === 'met').map(([ref]) => ref);
}

/** Criteria an assessor should look at now: evidence waiting, or returned by an IQA. */
export function awaitingDecision(assessment: CourseAssessment): CriterionStatus[] {
  return [...assessment.byRef.values()].filter((c) => !c.automatic && (c.state === 'submitted' || c.returned));
}

/** Units whose criteria are all met but that nobody has signed off yet. */
export function readyForSignOff(assessment: CourseAssessment): UnitStatus[] {
  return assessment.units.filter((u) => u.complete && !u.signedOff);
}
