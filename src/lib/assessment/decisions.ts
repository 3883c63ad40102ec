/**
 * Assessors' decisions: what is waiting in a cohort's queue, what a new decision or a
 * correction judges, and whether a decision may be recorded at all. Pure: decisions-store.ts
 * reads the rows and records the decision; status.ts works out each criterion's state.
 *
 * The rules (docs/DATA-MODEL.md, "decisions"):
 * - A decision judges one piece of evidence or one observation of the same trainee, course and
 *   criterion. Knowledge-check criteria are met automatically and are never decided.
 * - Nobody decides on their own evidence; only assessors of the trainee's cohort decide.
 * - Nothing is edited: a correction is a new decision that names the one it supersedes. A
 *   decision an IQA disagreed with comes back as a correction of that decision.
 */
import type { Course } from '../courses/course.ts';
import type { CourseAssessment, CriterionStatus, DecisionRow, UnitStatus } from './status.ts';
import { awaitingDecision, readyForSignOff } from './status.ts';
import { assessTrainee, type TraineeRows } from './overview.ts';

/** What a decision judges. */
export interface Basis {
  kind: 'evidence' | 'observation';
  id: string;
  /** When it was submitted or observed (PocketBase date). */
  created: string;
}

/** What a new decision on a criterion would judge, and the decision it supersedes ('' for none). */
export interface DecisionTarget {
  basis: Basis;
  supersedes: string;
}

const byCreated = (a: { created: string }, b: { created: string }) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0);

function basisOf(status: CriterionStatus, decision: DecisionRow): Basis | undefined {
  if (decision.evidence) {
    const found = status.evidence.find((e) => e.id === decision.evidence);
    return { kind: 'evidence', id: decision.evidence, created: found?.created ?? decision.created };
  }
  if (decision.observation) {
    const found = status.observations.find((o) => o.id === decision.observation);
    return { kind: 'observation', id: decision.observation, created: found?.created ?? decision.created };
  }
  return undefined;
}

/**
 * The decision waiting to be made on a criterion: a decision returned by an IQA is corrected
 * on the same evidence; otherwise the newest submission is judged. Undefined when nothing is
 * waiting (or the criterion is met by knowledge checks).
 */
export function pendingTarget(status: CriterionStatus): DecisionTarget | undefined {
  if (status.automatic) return undefined;
  if (status.returned && status.decision) {
    const basis = basisOf(status, status.decision);
    return basis ? { basis, supersedes: status.decision.id } : undefined;
  }
  if (status.state !== 'submitted') return undefined;
  const latest = [
    ...status.evidence.map((e): Basis => ({ kind: 'evidence', id: e.id, created: e.created })),
    ...status.observations.map((o): Basis => ({ kind: 'observation', id: o.id, created: o.created })),
  ]
    .sort(byCreated)
    .at(-1);
  return latest ? { basis: latest, supersedes: '' } : undefined;
}

/** "Correct this decision": a new decision on the same evidence that supersedes the current one. */
export function correctionTarget(status: CriterionStatus): DecisionTarget | undefined {
  if (status.automatic || !status.decision) return undefined;
  const basis = basisOf(status, status.decision);
  return basis ? { basis, supersedes: status.decision.id } : undefined;
}

/** One criterion of one trainee waiting for a decision. */
export interface QueueItem<T extends TraineeRows = TraineeRows> {
  trainee: T;
  status: CriterionStatus;
  target: DecisionTarget;
  /** The viewer's own evidence: someone else must decide. */
  own: boolean;
}

/** A unit whose criteria are all met, waiting for a trainer's or assessor's sign-off. */
export interface SignOffItem<T extends TraineeRows = TraineeRows> {
  trainee: T;
  unit: UnitStatus;
  own: boolean;
}

export interface Queue<T extends TraineeRows = TraineeRows> {
  items: QueueItem<T>[];
  signOff: SignOffItem<T>[];
  assessments: Map<string, CourseAssessment>;
}

/**
 * A cohort's assessment queue: every criterion waiting for a decision (oldest submission
 * first), and every unit ready to sign off (in trainee, then unit order).
 *
 * @param viewer the assessor's user id (their own work is marked `own`)
 */
export function assessmentQueue<T extends TraineeRows>(course: Course, trainees: readonly T[], viewer: string): Queue<T> {
  const items: QueueItem<T>[] = [];
  const signOff: SignOffItem<T>[] = [];
  const assessments = new Map<string, CourseAssessment>();
  for (const trainee of trainees) {
    const assessment = assessTrainee(course, trainee);
    assessments.set(trainee.user, assessment);
    for (const status of awaitingDecision(assessment)) {
      const target = pendingTarget(status);
      if (target) items.push({ trainee, status, target, own: trainee.user === viewer });
    }
    for (const unit of readyForSignOff(assessment)) signOff.push({ trainee, unit, own: trainee.user === viewer });
  }
  items.sort((a, b) => byCreated(a.target.basis, b.target.basis));
  return { items, signOff, assessments };
}

/** Why a decision cannot be recorded; each has a message in src/lib/i18n/staff.ts. */
export type DecisionRefusal =
  | 'not-trainee'
  | 'unknown-criterion'
  | 'automatic'
  | 'not-assessor'
  | 'own'
  | 'no-basis'
  | 'stale-basis'
  | 'no-decision-to-correct';

export interface DecisionRequest {
  criterion: string;
  evidence: string;
  observation: string;
  supersedes: string;
}

/**
 * Checks a decision before it is sent, so a mistake gets a plain answer and nothing is
 * written. PocketBase's rules and hooks check the same things again.
 *
 * @param trainee the trainee's rows, or undefined when they are not a member of the cohort
 * @param isAssessor whether the viewer is an assessor of the cohort
 */
export function checkDecision(args: {
  course: Course;
  trainee: TraineeRows | undefined;
  viewer: string;
  isAssessor: boolean;
  request: DecisionRequest;
}): DecisionRefusal | undefined {
  const { course, trainee, viewer, isAssessor, request } = args;
  const criterion = course.criteria.get(request.criterion);
  if (!criterion) return 'unknown-criterion';
  if (criterion.evidence === 'knowledge-check') return 'automatic';
  if (!isAssessor) return 'not-assessor';
  if (!trainee) return 'not-trainee';
  if (trainee.user === viewer) return 'own';
  if (!request.evidence && !request.observation) return 'no-basis';
  const basis = request.evidence
    ? trainee.evidence.find((e) => e.id === request.evidence)
    : trainee.observations.find((o) => o.id === request.observation);
  if (!basis || basis.criterion !== criterion.ref || (request.evidence && request.observation)) return 'stale-basis';
  if (request.supersedes && !trainee.decisions.some((d) => d.id === request.supersedes && d.criterion === criterion.ref)) return 'no-decision-to-correct';
  return undefined;
}
