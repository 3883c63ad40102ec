/**
 * Recording an observation as the assessor, with their own token (the rules: an assessor of
 * the trainee's cohort, as themself, never of themself). observations.ts checks first.
 */
import { DomainError, fromPocketBase } from '../errors.ts';
import { staffEn } from '../i18n/staff.ts';
import type { ObservationRecord } from '../records.ts';
import { canAssess } from '../cohorts/cohorts.ts';
import { cohortMembers } from '../cohorts/cohorts-store.ts';
import { toPbDate } from '../cohorts/dates.ts';
import type { AssessContext } from './decisions-store.ts';
import { checkObservation, type ObservationRefusal } from './observations.ts';
import type { ObservationInput } from './observations-schema.ts';

const e = staffEn.errors;

function refusalError(reason: ObservationRefusal, criterion: string): DomainError {
  switch (reason) {
    case 'unknown-criterion':
      return new DomainError('invalid', e.unknownCriterion(criterion), { criterion: e.unknownCriterion(criterion) });
    case 'automatic':
      return new DomainError('invalid', e.notObservable(criterion), { criterion: e.notObservable(criterion) });
    case 'not-assessor':
      return new DomainError('forbidden', e.notAssessor);
    case 'not-trainee':
      return new DomainError('invalid', e.notTrainee, { trainee: e.notTrainee });
    case 'own':
      return new DomainError('forbidden', e.ownObservation, { trainee: e.ownObservation });
  }
}

/**
 * Records what the assessor saw. It then waits in the queue for a decision.
 *
 * @throws {DomainError} `invalid` (unknown or knowledge-check criterion, not a trainee of the
 *   cohort), `forbidden` (not an assessor, themself), `unavailable`
 */
export async function recordObservation(ctx: AssessContext, input: ObservationInput): Promise<ObservationRecord> {
  const members = await cohortMembers(await ctx.service(), ctx.cohort);
  const refusal = checkObservation({
    course: ctx.course,
    isMember: members.some((m) => m.user === input.trainee),
    trainee: input.trainee,
    viewer: ctx.viewer.id,
    isAssessor: canAssess(ctx.cohort, ctx.viewer.id),
    criterion: input.criterion,
  });
  if (refusal) throw refusalError(refusal, input.criterion);
  try {
    return await ctx.pb.collection('observations').create({
      user: input.trainee,
      course: ctx.course.slug,
      criterion: input.criterion,
      observed_on: toPbDate(input.observed_on),
      context: input.context,
      notes: input.notes,
      assessor: ctx.viewer.id,
    });
  } catch (error) {
    const mapped = fromPocketBase(error, 'observation');
    if (mapped.kind === 'invalid' && Object.keys(mapped.fields).length === 0) throw new DomainError('forbidden', e.notAssessor);
    throw mapped;
  }
}
