/**
 * Unit sign-off: a trainer or assessor of the trainee's cohort confirms a unit once every one
 * of its criteria is met. Pure: signoffs-store.ts records it. The web server checks that the
 * unit is complete (PocketBase's rules check who signs; a unique index allows one sign-off per
 * trainee, course and unit).
 */
import type { Course } from '../courses/course.ts';
import type { CourseAssessment } from './status.ts';

export type SignOffRefusal =
  | { reason: 'unknown-unit' }
  | { reason: 'not-signer' }
  | { reason: 'not-trainee' }
  | { reason: 'own' }
  | { reason: 'already' }
  /** `unmet`: the unit's criteria that are not met yet, in course order. */
  | { reason: 'not-complete'; unmet: string[] };

/**
 * Whether the viewer may sign this unit off for this trainee now.
 *
 * @param assessment the trainee's assessment (undefined when they are not a member of the cohort)
 * @param canSign whether the viewer is a trainer or assessor of the cohort
 */
export function checkSignOff(args: {
  course: Course;
  assessment: CourseAssessment | undefined;
  trainee: string;
  viewer: string;
  canSign: boolean;
  unit: string;
}): SignOffRefusal | undefined {
  const { course, assessment, trainee, viewer, canSign, unit } = args;
  if (!course.units.some((u) => u.id === unit)) return { reason: 'unknown-unit' };
  if (!canSign) return { reason: 'not-signer' };
  if (!assessment) return { reason: 'not-trainee' };
  if (trainee === viewer) return { reason: 'own' };
  const status = assessment.units.find((u) => u.unit.id === unit)!;
  if (status.signedOff) return { reason: 'already' };
  if (!status.complete) return { reason: 'not-complete', unmet: status.criteria.filter((c) => c.state !== 'met').map((c) => c.criterion.ref) };
  return undefined;
}
