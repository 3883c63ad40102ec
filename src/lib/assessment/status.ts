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
 *   Every view reads this one rule ({@link isReturned}): the trainee's page and dashboard
 *   (verdicts read for them by verdicts-store.ts), the assessor's queue and overview, the IQA
 *   and verifier pages (qa-record.ts) and certificate eligibility.
 * - A unit is complete when all its criteria are met. Sign-offs form a chain per unit, never
 *   edited: each row names the row it `supersedes`; a `withdrawn` row takes the sign-off back
 *   (with a reason) and a later sign-off may follow it. The unit is signed off when the newest
 *   row of its chain is a sign-off, not a withdrawal ({@link signOffState}).
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

/** A row of a unit's sign-off chain (unit_signoffs). */
export interface SignoffRow {
  id: string;
  unit: string;
  /** True for a withdrawal of the sign-off it supersedes. */
  withdrawn?: boolean;
  reason?: string;
  supersedes?: string;
  signed_name?: string;
  signed_by?: string;
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
  /** Unit ids with a current sign-off (when `signoffs` is not given). */
  signedOffUnits?: Iterable<string>;
  /** Every row of the sign-off chains: when given, sign-offs and withdrawals come from it ({@link signOffState}). */
  signoffs?: readonly SignoffRow[];
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
  /** The newest row of the unit's sign-off chain withdraws it: why (the trainee reads this). */
  withdrawn: { reason: string; created: string } | undefined;
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
  const chains = facts.signoffs?.length ? signOffState(facts.signoffs) : undefined;
  const signedOff = new Set(chains ? [...chains].filter(([, c]) => c.kind === 'signed').map(([u]) => u) : facts.signedOffUnits ?? []);
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
    const chain = chains?.get(unit.id);
    const withdrawn = chain?.kind === 'withdrawn' ? { reason: chain.reason, created: chain.row.created } : undefined;
    return { unit, criteria, met, complete: met === criteria.length, signedOff: signedOff.has(unit.id), withdrawn };
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
  const returned = decision ? latestVerdict(rows.samplesByDecision.get(decision.id) ?? []) === 'disagree' : false;
  let state: CriterionState;
  if (!decision) state = latestSubmission ? 'submitted' : 'needed';
  else if (returned) state = 'submitted';
  else if (latestSubmission && latestSubmission.created > decision.created && decision.outcome !== 'met') state = 'submitted';
  else state = decision.outcome === 'met' ? 'met' : 'not-yet';
  return { ...base, state, automatic: false, decision, returned, checksToPass: [] };
}

/** The newest verdict among one decision's QA samples, if any. */
export function latestVerdict(samples: readonly Pick<SampleRow, 'verdict' | 'created'>[]): SampleRow['verdict'] | undefined {
  return [...samples].sort(byCreated).at(-1)?.verdict;
}

/**
 * Whether a decision is back with its assessor: its latest IQA verdict disagrees and it is
 * still the current decision on its criterion (no newer decision for the same trainee and
 * criterion, correction or fresh judgement, replaces it). The one rule for every view.
 *
 * @param sameCriterion every decision for the decision's trainee and criterion (any order;
 *   may include the decision itself and decisions of other trainees or criteria, which are ignored)
 */
export function isReturned(
  decision: Pick<DecisionRow, 'id' | 'criterion' | 'created'> & { user?: string },
  sameCriterion: readonly (Pick<DecisionRow, 'id' | 'criterion' | 'created'> & { user?: string })[],
  samples: readonly Pick<SampleRow, 'decision' | 'verdict' | 'created'>[],
): boolean {
  if (latestVerdict(samples.filter((s) => s.decision === decision.id)) !== 'disagree') return false;
  return !sameCriterion.some(
    (d) => d.id !== decision.id && d.criterion === decision.criterion && (d.user ?? decision.user) === decision.user && d.created > decision.created,
  );
}

/**
 * Criteria whose current decision (the newest recorded for each) says met and is not back
 * with its assessor: the rule assessCourse uses for a criterion judged by an assessor, for
 * callers that have only the decisions (the trainee's progress summary, across all courses).
 */
export function metByDecision(
  decisions: readonly Pick<DecisionRow, 'id' | 'criterion' | 'outcome' | 'created'>[],
  samples: readonly Pick<SampleRow, 'decision' | 'verdict' | 'created'>[] = [],
): string[] {
  const current = new Map<string, Pick<DecisionRow, 'id' | 'outcome'>>();
  for (const decision of [...decisions].sort(byCreated)) current.set(decision.criterion, decision);
  return [...current]
    .filter(([, decision]) => decision.outcome === 'met' && latestVerdict(samples.filter((s) => s.decision === decision.id)) !== 'disagree')
    .map(([ref]) => ref);
}

/** Where one unit's sign-off stands. */
export type SignOffState =
  | { kind: 'signed'; row: SignoffRow }
  /** The newest row withdraws the sign-off: `reason` is what the signer wrote. */
  | { kind: 'withdrawn'; row: SignoffRow; reason: string };

/**
 * The state of each unit's sign-off chain: the newest row (by the chain, then by time)
 * decides. Never throws for an odd chain: the newest row wins.
 */
export function signOffState(rows: readonly SignoffRow[]): Map<string, SignOffState> {
  const byUnit = new Map<string, SignoffRow[]>();
  for (const row of [...rows].sort(byCreated)) byUnit.set(row.unit, [...(byUnit.get(row.unit) ?? []), row]);
  const states = new Map<string, SignOffState>();
  for (const [unit, chain] of byUnit) {
    const superseded = new Set(chain.map((r) => r.supersedes).filter(Boolean));
    const head = chain.filter((r) => !superseded.has(r.id)).at(-1) ?? chain.at(-1)!;
    states.set(unit, head.withdrawn ? { kind: 'withdrawn', row: head, reason: head.reason ?? '' } : { kind: 'signed', row: head });
  }
  return states;
}

/** Units whose sign-off currently stands (the newest row of the chain is not a withdrawal). */
export function signedOffUnits(rows: readonly SignoffRow[]): string[] {
  return [...signOffState(rows)].filter(([, s]) => s.kind === 'signed').map(([unit]) => unit);
}

/** Criteria an assessor should look at now: evidence waiting, or returned by an IQA. */
export function awaitingDecision(assessment: CourseAssessment): CriterionStatus[] {
  return [...assessment.byRef.values()].filter((c) => !c.automatic && (c.state === 'submitted' || c.returned));
}

/** Units whose criteria are all met but that nobody has signed off yet. */
export function readyForSignOff(assessment: CourseAssessment): UnitStatus[] {
  return assessment.units.filter((u) => u.complete && !u.signedOff);
}
