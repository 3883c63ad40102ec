/**
 * Observations: an assessor's record of watching a trainee in practice, for one criterion.
 * Pure: observations-store.ts records it; the observation then waits in the queue for a
 * decision like any evidence.
 */
import type { Course } from '../courses/course.ts';

export type ObservationRefusal = 'not-trainee' | 'unknown-criterion' | 'automatic' | 'not-assessor' | 'own';

/** Whether the viewer may record an observation of this trainee for this criterion. */
export function checkObservation(args: {
  course: Course;
  isMember: boolean;
  trainee: string;
  viewer: string;
  isAssessor: boolean;
  criterion: string;
}): ObservationRefusal | undefined {
  const { course, isMember, trainee, viewer, isAssessor, criterion } = args;
  const found = course.criteria.get(criterion);
  if (!found) return 'unknown-criterion';
  if (found.evidence === 'knowledge-check') return 'automatic';
  if (!isAssessor) return 'not-assessor';
  if (!isMember) return 'not-trainee';
  if (trainee === viewer) return 'own';
  return undefined;
}

/** The criteria an observation form offers: those assessed by observation, in course order. */
export function observableCriteria(course: Course): { ref: string; text: string }[] {
  return [...course.criteria.values()].filter((c) => c.evidence === 'observation').map((c) => ({ ref: c.ref, text: c.text }));
}
