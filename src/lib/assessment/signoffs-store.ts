/**
 * Signing a unit off as a trainer or assessor of the trainee's cohort, with their own token.
 * The web server first works out the trainee's assessment (status.ts) and refuses unless every
 * criterion of the unit is met; the rules check who signs; a unique index allows one sign-off.
 */
import { DomainError, fromPocketBase } from '../errors.ts';
import { staffEn } from '../i18n/staff.ts';
import type { UnitSignoffRecord } from '../records.ts';
import { canSignOff } from '../cohorts/cohorts.ts';
import type { AssessContext } from './decisions-store.ts';
import { assessTrainee, groupByTrainee } from './overview.ts';
import { loadCohortData } from './overview-store.ts';
import { checkSignOff } from './signoffs.ts';
import type { SignOffInput } from './signoffs-schema.ts';

const e = staffEn.errors;

function isUniqueClash(error: unknown): boolean {
  const data = (error as { response?: { data?: Record<string, { code?: string }> } })?.response?.data ?? {};
  return Object.values(data).some((field) => field?.code === 'validation_not_unique');
}

/**
 * Signs the unit off for the trainee.
 *
 * @throws {DomainError} `conflict` (not every criterion met; already signed off), `invalid`
 *   (unknown unit, not a trainee of the cohort), `forbidden` (not a trainer or assessor of the
 *   cohort, their own unit), `unavailable`
 */
export async function signOffUnit(ctx: AssessContext, input: SignOffInput): Promise<UnitSignoffRecord> {
  const service = await ctx.service();
  const data = await loadCohortData(ctx.pb, service, ctx.cohort, { progress: false, trainee: input.trainee });
  const trainee = groupByTrainee(data)[0];
  const refusal = checkSignOff({
    course: ctx.course,
    assessment: trainee ? assessTrainee(ctx.course, trainee) : undefined,
    trainee: input.trainee,
    viewer: ctx.viewer.id,
    canSign: canSignOff(ctx.cohort, ctx.viewer.id),
    unit: input.unit,
  });
  if (refusal) {
    switch (refusal.reason) {
      case 'unknown-unit':
        throw new DomainError('invalid', e.unknownUnit(input.unit));
      case 'not-signer':
        throw new DomainError('forbidden', e.notSigner);
      case 'not-trainee':
        throw new DomainError('invalid', e.notTrainee);
      case 'own':
        throw new DomainError('forbidden', e.ownSignoff);
      case 'already':
        throw new DomainError('conflict', e.alreadySignedOff(input.unit));
      case 'not-complete':
        throw new DomainError('conflict', e.unitNotComplete(input.unit, refusal.unmet));
    }
  }
  try {
    return await ctx.pb.collection('unit_signoffs').create({
      user: input.trainee,
      course: ctx.course.slug,
      unit: input.unit,
      signed_by: ctx.viewer.id,
      signed_name: input.signed_name,
    });
  } catch (error) {
    if (isUniqueClash(error)) throw new DomainError('conflict', e.alreadySignedOff(input.unit));
    const mapped = fromPocketBase(error, 'sign-off');
    if (mapped.kind === 'invalid' && Object.keys(mapped.fields).length === 0) throw new DomainError('forbidden', e.notSigner);
    throw mapped;
  }
}
