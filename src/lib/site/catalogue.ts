/**
 * The running site's course catalogue: one cache per server process, reading COURSES_DIR
 * (default `courses`) relative to the directory the server was started from. Courses edited in
 * the browser are served from their published snapshot (src/lib/authoring/publish.ts).
 */
import { CourseCatalogue } from '../courses/course-fs.ts';
import { formatProblem } from '../courses/problems.ts';
import { publishedCoursesDir, workingCoursesDir } from '../courses/published.ts';

let catalogue: CourseCatalogue | undefined;

export function getCatalogue(): CourseCatalogue {
  catalogue ??= new CourseCatalogue({
    coursesDir: workingCoursesDir(),
    // Readers get the published snapshot of a course edited in the browser (issue 7).
    publishedDir: publishedCoursesDir(),
    onProblems(problems, context) {
      // Tell the operator exactly why; a course that was good keeps serving its last good version.
      if (!context) console.warn(`[courses] ${problems.length} problem(s):`);
      else if (context.keptVersion) console.warn(`[courses] ${context.slug}: ${problems.length} problem(s) in the files; trainees keep reading version ${context.keptVersion} until they are fixed:`);
      else console.warn(`[courses] ${context.slug}: ${problems.length} problem(s) in the files; the course is off the site until they are fixed:`);
      for (const p of problems) console.warn(`  ${formatProblem(p)}`);
    },
  });
  return catalogue;
}
