/**
 * How a trainee on a course is assessed, so no page claims someone is looking at their
 * evidence when nobody is (docs/QUALITY-ASSURANCE.md, "Self-enrolled trainees"). Pure:
 * route-store.ts reads the rows.
 *
 * - `group`: enrolled in a group (cohort). `hasAssessor` says whether the group has an
 *   assessor yet; only then do pages say "your assessor will look at it".
 * - `learning-only`: in no group. Evidence and certificates need a group; the trainee can ask
 *   to be assessed (assessment_requests), and sees their latest request and its answer.
 */
import type { AssessmentRequestRecord } from '../records.ts';

export type AssessmentRoute =
  | { kind: 'group'; cohortName: string; hasAssessor: boolean; request: AssessmentRequestRecord | undefined }
  | { kind: 'learning-only'; request: AssessmentRequestRecord | undefined };

/** The trainee's route, from their enrolment's group (if any) and their requests (any order). */
export function assessmentRoute(
  cohort: { name: string; assessors: readonly string[]; archived: boolean } | undefined,
  requests: readonly AssessmentRequestRecord[],
): AssessmentRoute {
  const request = [...requests].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0)).at(-1);
  if (!cohort) return { kind: 'learning-only', request };
  return { kind: 'group', cohortName: cohort.name, hasAssessor: cohort.assessors.length > 0 && !cohort.archived, request };
}

/** Whether anyone can see and judge the trainee's evidence now. */
export function someoneAssesses(route: AssessmentRoute): boolean {
  return route.kind === 'group' && route.hasAssessor;
}

/** Whether the trainee may ask to be assessed now: in no group, and no request is waiting. */
export function canAsk(route: AssessmentRoute): boolean {
  return route.kind === 'learning-only' && route.request?.status !== 'open';
}

/** What an admin may answer: `place` needs a current group of the course; `decline` a reason. */
export type RequestAnswer = { kind: 'place'; cohort: string } | { kind: 'decline'; reason: string };

export type AnswerRefusal = 'not-admin' | 'not-open' | 'no-cohort' | 'other-course' | 'no-reason';

/** Why an admin's answer cannot be recorded, or undefined when it can. */
export function checkAnswer(args: {
  isAdmin: boolean;
  request: Pick<AssessmentRequestRecord, 'status' | 'course'>;
  answer: RequestAnswer;
  cohort: { course: string; archived: boolean } | undefined;
}): AnswerRefusal | undefined {
  if (!args.isAdmin) return 'not-admin';
  if (args.request.status !== 'open') return 'not-open';
  if (args.answer.kind === 'decline') return args.answer.reason.trim() === '' ? 'no-reason' : undefined;
  if (!args.cohort || args.cohort.archived) return 'no-cohort';
  if (args.cohort.course !== args.request.course) return 'other-course';
  return undefined;
}
