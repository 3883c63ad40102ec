/**
 * Recording decisions (and corrections) as the assessor, with their own token: PocketBase's
 * rules check that they assess this trainee's cohort and that it is not their own evidence;
 * the hook checks the evidence belongs to the criterion, the feedback is not blank, and that
 * the same evidence is not decided twice (409). decisions.ts checks the same first, so a
 * mistake gets a plain message and nothing is written.
 */
import type { Course } from '../courses/course.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import { staffEn } from '../i18n/staff.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, DecisionRecord, EvidenceRecord, ObservationRecord, UserRecord } from '../records.ts';
import { canAssess } from '../cohorts/cohorts.ts';
import { assessmentQueue, checkDecision, type DecisionRefusal, type Queue } from './decisions.ts';
import type { DecisionInput } from './decisions-schema.ts';
import { groupByTrainee, type TraineeRows } from './overview.ts';
import { loadCohortData, type CohortData } from './overview-store.ts';
import { codedFields, refusedByRule } from '../hook-errors.ts';

const e = staffEn.errors;

/** Everything an assessor's action needs to know about where it happens. */
export interface AssessContext {
  pb: TypedPocketBase;
  service: () => Promise<TypedPocketBase>;
  cohort: CohortRecord;
  course: Course;
  viewer: Pick<UserRecord, 'id' | 'role'>;
}

export function decisionRefusalError(reason: DecisionRefusal, criterion: string): DomainError {
  switch (reason) {
    case 'unknown-criterion':
      return new DomainError('invalid', e.unknownCriterion(criterion), { criterion: e.unknownCriterion(criterion) });
    case 'automatic':
      return new DomainError('invalid', e.automaticCriterion(criterion));
    case 'not-assessor':
      return new DomainError('forbidden', e.notAssessor);
    case 'not-trainee':
      return new DomainError('invalid', e.notTrainee, { trainee: e.notTrainee });
    case 'own':
      return new DomainError('forbidden', e.ownEvidence);
    case 'no-basis':
      return new DomainError('invalid', e.noBasis);
    case 'stale-basis':
      return new DomainError('invalid', e.staleBasis);
    case 'no-decision-to-correct':
      return new DomainError('invalid', e.noDecisionToCorrect);
  }
}

/** The hook's refusals (by code, pb_hooks/lib/error-codes.json), in our words. */
export function decisionCreateError(error: unknown, correcting: boolean): DomainError {
  const coded = codedFields(error)[0];
  switch (coded?.code) {
    case 'already_decided':
    case 'validation_not_unique':
      return new DomainError('conflict', correcting ? e.alreadyCorrected : e.alreadyDecided);
    case 'feedback_blank':
      return new DomainError('invalid', staffEn.validation.feedbackMissing, { feedback: staffEn.validation.feedbackMissing });
    case 'one_basis':
    case 'not_found':
    case 'other_trainee':
    case 'other_course':
    case 'other_criterion':
      return new DomainError('invalid', coded.field === 'supersedes' ? e.noDecisionToCorrect : e.staleBasis);
  }
  // A create refused by the rule: not (or no longer) an assessor of this trainee's cohort.
  if (refusedByRule(error)) return new DomainError('forbidden', e.notAssessor);
  return fromPocketBase(error, 'decision');
}

/**
 * Records a decision, or a correction when `input.supersedes` is set.
 *
 * @throws {DomainError} `invalid` (unknown criterion, knowledge-check criterion, no or wrong
 *   evidence, blank feedback), `forbidden` (not an assessor of the cohort, own evidence),
 *   `conflict` (already decided or corrected), `unavailable`
 */
export async function recordDecision(ctx: AssessContext, input: DecisionInput): Promise<DecisionRecord> {
  const service = await ctx.service();
  const data = await loadCohortData(ctx.pb, service, ctx.cohort, { progress: false, trainee: input.trainee });
  const trainee = groupByTrainee(data)[0];
  const refusal = checkDecision({ course: ctx.course, trainee, viewer: ctx.viewer.id, isAssessor: canAssess(ctx.cohort, ctx.viewer.id), request: input });
  if (refusal) throw decisionRefusalError(refusal, input.criterion);
  // A double-click: the same basis and supersedes already decided (the hook says 409 too).
  const basis = input.evidence ? { field: 'evidence' as const, id: input.evidence } : { field: 'observation' as const, id: input.observation };
  if (trainee!.decisions.some((d) => d[basis.field] === basis.id && (d.supersedes ?? '') === input.supersedes)) {
    throw new DomainError('conflict', input.supersedes ? e.alreadyCorrected : e.alreadyDecided);
  }
  try {
    return await ctx.pb.collection('decisions').create({
      user: input.trainee,
      course: ctx.course.slug,
      criterion: input.criterion,
      evidence: input.evidence,
      observation: input.observation,
      supersedes: input.supersedes,
      outcome: input.outcome,
      feedback: input.feedback,
      assessor: ctx.viewer.id,
      assessor_name: input.signed_name,
    });
  } catch (error) {
    throw decisionCreateError(error, input.supersedes !== '');
  }
}

/** What the queue page and a trainee's page show. */
export interface AssessmentView {
  data: CohortData;
  trainees: TraineeRows<EvidenceRecord, ObservationRecord, DecisionRecord>[];
  queue: Queue<TraineeRows<EvidenceRecord, ObservationRecord, DecisionRecord>>;
}

/**
 * A cohort's (or one trainee's) full assessment records, grouped per trainee, and the queue:
 * one list request per collection, whatever the number of trainees.
 *
 * @throws {DomainError} `unavailable`
 */
export async function loadAssessment(ctx: AssessContext, trainee?: string): Promise<AssessmentView> {
  const data = await loadCohortData(ctx.pb, await ctx.service(), ctx.cohort, {
    progress: false,
    detail: true,
    linkedReflections: true,
    ...(trainee ? { trainee } : {}),
  });
  const trainees = groupByTrainee(data);
  return { data, trainees, queue: assessmentQueue(ctx.course, trainees, ctx.viewer.id) };
}
