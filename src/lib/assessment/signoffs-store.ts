/**
 * Signing a unit off, and withdrawing a sign-off, as a trainer or assessor of the trainee's
 * cohort, with their own token. The web server first works out the trainee's assessment
 * (status.ts) and refuses unless every criterion of the unit is met; the rules check who signs;
 * each new row supersedes the newest row of the unit's chain (never an edit), and a unique
 * index with the hook keeps that chain a single line.
 */
import { DomainError, fromPocketBase } from '../errors.ts';
import { staffEn } from '../i18n/staff.ts';
import type { UnitSignoffRecord } from '../records.ts';
import { canSignOff } from '../cohorts/cohorts.ts';
import type { AssessContext } from './decisions-store.ts';
import { assessTrainee, groupByTrainee } from './overview.ts';
import { loadCohortData } from './overview-store.ts';
import { checkSignOff, checkWithdrawal, type SignOffRefusal } from './signoffs.ts';
import type { SignOffInput, WithdrawInput } from './signoffs-schema.ts';
import { signOffState } from './status.ts';
import { hookErrorCode, refusedByRule, type ErrorCode } from '../hook-errors.ts';

const e = staffEn.errors;

/**
 * Signs the unit off for the trainee.
 *
 * @throws {DomainError} `conflict` (not every criterion met; already signed off), `invalid`
 *   (unknown unit, not a trainee of the cohort), `forbidden` (not a trainer or assessor of the
 *   cohort, their own unit), `unavailable`
 */
export async function signOffUnit(ctx: AssessContext, input: SignOffInput): Promise<UnitSignoffRecord> {
  // The newest row of the chain: a withdrawal that this new sign-off follows, or none.
  const state = await checkedChainEnd(ctx, input, checkSignOff);
  return appendToChain(ctx, input, { supersedes: state ? state.row.id : '' });
}

/**
 * Withdraws the unit's standing sign-off, with a reason: a new row that supersedes it.
 *
 * @throws {DomainError} `conflict` (no standing sign-off; someone changed it a moment ago),
 *   `invalid`, `forbidden`, `unavailable` as for {@link signOffUnit}
 */
export async function withdrawSignOff(ctx: AssessContext, input: WithdrawInput): Promise<UnitSignoffRecord> {
  const state = await checkedChainEnd(ctx, input, checkWithdrawal);
  return appendToChain(ctx, input, { supersedes: state!.row.id, withdrawn: true, reason: input.reason });
}

/** Loads the trainee's assessment, refuses with `check`'s reason, else gives the unit's chain end. */
async function checkedChainEnd(
  ctx: AssessContext,
  input: SignOffInput,
  check: typeof checkSignOff,
): Promise<ReturnType<ReturnType<typeof signOffState>['get']>> {
  const service = await ctx.service();
  const data = await loadCohortData(ctx.pb, service, ctx.cohort, { progress: false, trainee: input.trainee });
  const trainee = groupByTrainee(data)[0];
  const refusal = check({
    course: ctx.course,
    assessment: trainee ? assessTrainee(ctx.course, trainee) : undefined,
    trainee: input.trainee,
    viewer: ctx.viewer.id,
    canSign: canSignOff(ctx.cohort, ctx.viewer.id),
    unit: input.unit,
  });
  if (refusal) throwRefusal(refusal, input.unit);
  return signOffState(trainee!.signoffRows).get(input.unit);
}

/** A new row at the end of the unit's chain, signed by the viewer with the name they sign with. */
async function appendToChain(
  ctx: AssessContext,
  input: SignOffInput,
  link: { supersedes: string; withdrawn?: true; reason?: string },
): Promise<UnitSignoffRecord> {
  try {
    return await ctx.pb.collection('unit_signoffs').create({
      user: input.trainee,
      course: ctx.course.slug,
      unit: input.unit,
      signed_by: ctx.viewer.id,
      signed_name: input.signed_name,
      ...link,
    });
  } catch (error) {
    throw mapCreateError(error, input.unit);
  }
}

/** The chain moved on under us: another row was added since the page was read. */
const CHAIN_MOVED: ErrorCode[] = ['validation_not_unique', 'chain_exists', 'not_newest', 'other_chain', 'same_kind', 'nothing_to_withdraw'];

function mapCreateError(error: unknown, unit: string): DomainError {
  const code = hookErrorCode(error);
  if (code && CHAIN_MOVED.includes(code)) return new DomainError('conflict', e.signoffChanged(unit));
  // The create rule refused: not (or no longer) a trainer or assessor of the trainee's cohort.
  if (refusedByRule(error)) return new DomainError('forbidden', e.notSigner);
  return fromPocketBase(error, 'sign-off');
}

function throwRefusal(refusal: SignOffRefusal, unit: string): never {
  {
    switch (refusal.reason) {
      case 'unknown-unit':
        throw new DomainError('invalid', e.unknownUnit(unit));
      case 'not-signer':
        throw new DomainError('forbidden', e.notSigner);
      case 'not-trainee':
        throw new DomainError('invalid', e.notTrainee);
      case 'own':
        throw new DomainError('forbidden', e.ownSignoff);
      case 'already':
        throw new DomainError('conflict', e.alreadySignedOff(unit));
      case 'not-complete':
        throw new DomainError('conflict', e.unitNotComplete(unit, refusal.unmet));
      case 'not-signed':
        throw new DomainError('conflict', e.notSignedOff(unit));
    }
  }
}
