/**
 * For a course's authors and admins: what the running site is serving trainees when the
 * course's files on disk have problems (a broken module, a stray file). The site keeps the
 * last version without problems (see CourseCatalogue in src/lib/courses/course-fs.ts), so the
 * problem has to be shown to the people who can fix it.
 */
import { formatProblem } from '../courses/problems.ts';
import { getCatalogue } from '../site/catalogue.ts';

export interface LiveProblems {
  /** The version trainees keep reading, or undefined when the course is off the site. */
  keptVersion: string | undefined;
  /** `path:line: what is wrong — how to fix it`, one per problem. */
  problems: string[];
}

/** The served course's problems, or undefined when there are none (or the course is not on the site). */
export function liveProblems(slug: string): LiveProblems | undefined {
  const status = getCatalogue().status(slug);
  if (!status || status.problems.length === 0) return undefined;
  return { keptVersion: status.keptLastGood ? status.servedVersion : undefined, problems: status.problems.map(formatProblem) };
}
