/**
 * The trainee's assessment page as data: per unit, per learning outcome, per criterion, where
 * it stands, the next step, whether the form is offered, and its whole history (newest first).
 * Pure: built from what evidence-store.ts read and status.ts worked out, so the page only
 * renders it. Server-side (it labels reflections with the reflections feature's wording).
 */
import type { Course, Outcome } from '../courses/course.ts';
import type { DecisionRecord, EvidenceRecord, ObservationRecord, ReflectionRecord, UnitSignoffRecord } from '../records.ts';
import { reflectionLabel } from '../reflections/reflections.ts';
import { criterionAnchor, criterionHistory, formMode, nextStep, type HistoryEntry, type NextStep } from './evidence.ts';
import type { TraineeRecords } from './evidence-store.ts';
import { someoneAssesses, type AssessmentRoute } from './route.ts';
import { signOffState, type CourseAssessment, type CriterionStatus, type UnitStatus } from './status.ts';

export type TraineeHistoryEntry = HistoryEntry<EvidenceRecord, ObservationRecord, DecisionRecord>;

export interface CriterionView {
  status: CriterionStatus;
  /** Element id of the criterion's section. */
  anchor: string;
  next: NextStep;
  /** See formMode; always `none` unless actively enrolled. */
  form: 'closed' | 'open' | 'more' | 'none';
  /** Newest first. */
  history: TraineeHistoryEntry[];
}

export interface UnitView {
  status: UnitStatus;
  outcomes: { outcome: Outcome; criteria: CriterionView[] }[];
  /** The standing sign-off; undefined when none, or when it was withdrawn (`status.withdrawn` says why). */
  signoff: UnitSignoffRecord | undefined;
}

export interface ReflectionChoice {
  id: string;
  label: string;
}

export interface TraineePageView {
  units: UnitView[];
  byRef: Map<string, CriterionView>;
  met: number;
  total: number;
  unitsSignedOff: number;
  /** `none`: never enrolled; `left`: history only, no forms. */
  enrolment: 'active' | 'left' | 'none';
  /** Enrolled in a group (cohort): evidence can be sent. */
  inCohort: boolean;
  /** In a group with an assessor: someone can see and judge the evidence. */
  assessed: boolean;
  /** How the trainee is assessed, when it was loaded. */
  route: AssessmentRoute | undefined;
  /** The trainee's shared reflections in the course, to link. */
  sharedReflections: ReflectionChoice[];
  /** Labels of all the trainee's reflections in the course, by id (for linked ones). */
  reflectionLabels: Map<string, string>;
}

type ReflectionFields = Pick<ReflectionRecord, 'id' | 'title' | 'prompt' | 'module'>;

/** "Boundaries and power: Prompt 2", or a free reflection's own title. */
export function reflectionChoiceLabel(course: Pick<Course, 'modules'>, reflection: ReflectionFields): string {
  const label = reflectionLabel(reflection);
  if (reflection.title || !reflection.module) return label;
  const module = course.modules.find((m) => m.id === reflection.module);
  return module ? `${module.title}: ${label}` : label;
}

function byCriterion<T extends { criterion: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(row.criterion, [...(map.get(row.criterion) ?? []), row]);
  return map;
}

/**
 * Builds the page from the stored rows and their assessment.
 *
 * @param route how the trainee is assessed (route.ts); without one, an enrolment in a group
 *   counts as assessed and one in no group as learning-only
 */
export function traineePageView(course: Course, records: TraineeRecords, assessment: CourseAssessment, route?: AssessmentRoute): TraineePageView {
  const inCohort = route ? route.kind === 'group' : !!records.enrolment?.cohort;
  const assessed = route ? someoneAssesses(route) : inCohort;
  const enrolment = !records.enrolment ? 'none' : records.enrolment.status === 'active' ? 'active' : 'left';
  const evidence = byCriterion(records.evidence);
  const observations = byCriterion(records.observations);
  const decisions = byCriterion(records.decisions);
  const byRef = new Map<string, CriterionView>();

  const units = assessment.units.map((unitStatus) => {
    const statusOf = new Map(unitStatus.criteria.map((c) => [c.criterion.ref, c]));
    const outcomes = unitStatus.unit.outcomes.map((outcome) => ({
      outcome,
      criteria: outcome.criteria.map((criterion) => {
        const status = statusOf.get(criterion.ref)!;
        const view: CriterionView = {
          status,
          anchor: criterionAnchor(criterion.ref),
          next: nextStep(status, course, assessed, inCohort),
          // Learning-only: evidence needs a group, so no form (the page offers "Ask to be assessed").
          form: enrolment === 'active' && inCohort ? formMode(status) : 'none',
          history: criterionHistory({
            evidence: evidence.get(criterion.ref) ?? [],
            observations: observations.get(criterion.ref) ?? [],
            decisions: decisions.get(criterion.ref) ?? [],
          }),
        };
        byRef.set(criterion.ref, view);
        return view;
      }),
    }));
    // The standing sign-off (the newest row of the unit's chain, when it is not a withdrawal).
    const head = signOffState(records.signoffs).get(unitStatus.unit.id);
    const signoff = head?.kind === 'signed' ? records.signoffs.find((s) => s.id === head.row.id) : undefined;
    return { status: unitStatus, outcomes, signoff };
  });

  return {
    units,
    byRef,
    met: assessment.met,
    total: assessment.total,
    unitsSignedOff: units.filter((u) => u.status.signedOff).length,
    enrolment,
    inCohort,
    assessed,
    route,
    sharedReflections: records.reflections.filter((r) => r.shared).map((r) => ({ id: r.id, label: reflectionChoiceLabel(course, r) })),
    reflectionLabels: new Map(records.reflections.map((r) => [r.id, reflectionChoiceLabel(course, r)])),
  };
}
