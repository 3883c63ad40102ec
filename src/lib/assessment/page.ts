/**
 * The start shared by the staff assessment pages of one group (the queue, one trainee's record,
 * a unit's sign-off), after `staffCohortPage`.
 */
import type { Course } from '../courses/course.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, UserRecord } from '../records.ts';
import { loadAssessment, type AssessContext, type AssessmentView } from './decisions-store.ts';

/**
 * What the assessment functions need, for the group `staffCohortPage` opened: undefined for
 * someone who is not staff (nothing opened) or a group whose course is not on the site now.
 */
export function assessContext(
  locals: { pb: TypedPocketBase; service: () => Promise<TypedPocketBase> },
  opened: { cohort: CohortRecord; course: Course | undefined } | undefined,
  viewer: UserRecord,
): AssessContext | undefined {
  return opened?.course ? { pb: locals.pb, service: locals.service, cohort: opened.cohort, course: opened.course, viewer } : undefined;
}

/**
 * One trainee's assessment record in the group, for the trainee and sign-off pages: `trainee`
 * is undefined when they are not in the group (the page shows the 404 page).
 */
export async function loadTraineeAssessment(ctx: AssessContext, traineeId: string) {
  const view: AssessmentView = await loadAssessment(ctx, traineeId);
  const trainee = view.trainees[0];
  return { view, trainee, assessment: trainee ? view.queue.assessments.get(trainee.user) : undefined };
}
