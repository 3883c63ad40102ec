/**
 * Unit sign-off: a trainer or assessor of the trainee's cohort confirms a unit once every one
 * of its criteria is met, on a review page first (GET, then a confirming POST). A sign-off can
 * be withdrawn with a reason: a new row that supersedes it (never an edit); the unit may then be
 * signed off again, superseding the withdrawal (status.ts `signOffState`). Pure: signoffs-store.ts
 * records it. PocketBase's rules check who signs; its hook keeps the chain a single line.
 */
import type { Course } from '../courses/course.ts';
import type { CourseAssessment } from './status.ts';

export type SignOffRefusal =
  | { reason: 'unknown-unit' }
  | { reason: 'not-signer' }
  | { reason: 'not-trainee' }
  | { reason: 'own' }
  | { reason: 'already' }
  /** Withdrawing: there is no standing sign-off. */
  | { reason: 'not-signed' }
  /** `unmet`: the unit's criteria that are not met yet, in course order. */
  | { reason: 'not-complete'; unmet: string[] };

/** What every sign-off check is asked about. */
export interface SignOffCheck {
  course: Course;
  assessment: CourseAssessment | undefined;
  trainee: string;
  viewer: string;
  canSign: boolean;
  unit: string;
}

/** What signing off and withdrawing share: a known unit, a signer of the cohort, a trainee of it, not themself. */
function checkSigner(args: SignOffCheck): SignOffRefusal | undefined {
  if (!args.course.units.some((u) => u.id === args.unit)) return { reason: 'unknown-unit' };
  if (!args.canSign) return { reason: 'not-signer' };
  if (!args.assessment) return { reason: 'not-trainee' };
  if (args.trainee === args.viewer) return { reason: 'own' };
  return undefined;
}

/**
 * Whether the viewer may sign this unit off for this trainee now.
 *
 * @param assessment the trainee's assessment (undefined when they are not a member of the cohort)
 * @param canSign whether the viewer is a trainer or assessor of the cohort
 */
export function checkSignOff(args: SignOffCheck): SignOffRefusal | undefined {
  const refusal = checkSigner(args);
  if (refusal || !args.assessment) return refusal;
  const status = args.assessment.units.find((u) => u.unit.id === args.unit)!;
  if (status.signedOff) return { reason: 'already' };
  if (!status.complete) return { reason: 'not-complete', unmet: status.criteria.filter((c) => c.state !== 'met').map((c) => c.criterion.ref) };
  return undefined;
}

/**
 * Whether the viewer may withdraw this unit's sign-off for this trainee now (a reason is
 * checked by the form's schema and by PocketBase's hook).
 */
export function checkWithdrawal(args: SignOffCheck): SignOffRefusal | undefined {
  const refusal = checkSigner(args);
  if (refusal || !args.assessment) return refusal;
  if (!args.assessment.units.find((u) => u.unit.id === args.unit)!.signedOff) return { reason: 'not-signed' };
  return undefined;
}
