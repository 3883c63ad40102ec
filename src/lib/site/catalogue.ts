/**
 * The running site's course catalogue: one cache per server process, reading COURSES_DIR
 * (default `courses`) relative to the directory the server was started from. Courses edited in
 * the browser are served from their published snapshot (src/lib/authoring/publish.ts).
 */
import { CourseCatalogue } from '../courses/course-fs.ts';
import { formatProblem } from '../courses/problems.ts';
import { publishedCoursesDir } from '../authoring/publish.ts';
import { workingCoursesDir } from '../authoring/workspace.ts';

let catalogue: CourseCatalogue | undefined;

export function getCatalogue(): CourseCatalogue {
  catalogue ??= new CourseCatalogue({
    coursesDir: workingCoursesDir(),
    // Readers get the published snapshot of a course edited in the browser (issue 7).
    publishedDir: publishedCoursesDir(),
    onProblems(problems) {
      // A broken course is left off the site until fixed; tell the operator exactly why.
      console.warn(`[courses] ${problems.length} problem(s); affected courses are hidden until fixed:`);
      for (const p of problems) console.warn(`  ${formatProblem(p)}`);
    },
  });
  return catalogue;
}
