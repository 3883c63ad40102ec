/**
 * `npm run courses:check [folder]`: checks every course and prints each problem as
 * `path:line: what is wrong — how to fix it`. Exits 1 on any problem. Warnings
 * (`path:line: warning: …`) are printed too but never fail the run.
 */
import path from 'node:path';
import { loadCourses } from '../src/lib/courses/course-fs.ts';
import { formatProblem, formatWarning } from '../src/lib/courses/problems.ts';

const root = process.cwd();
const coursesDir = path.resolve(root, process.argv[2] ?? process.env.COURSES_DIR ?? 'courses');
const { courses, problems, warnings } = loadCourses(coursesDir, root);

for (const w of warnings) console.warn(formatWarning(w));
if (warnings.length > 0) {
  console.warn(`\n${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}: worth a look, but the courses still work.\n`);
}

if (problems.length > 0) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`\n${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} found. Fix ${problems.length === 1 ? 'it' : 'them'} and run npm run courses:check again.`);
  process.exit(1);
}
const modules = courses.reduce((n, c) => n + c.modules.length, 0);
const minutes = courses.reduce((n, c) => n + c.totalMinutes, 0);
const credits = courses.reduce((n, c) => n + (c.accreditation?.credits ?? 0), 0);
console.log(`All good: ${courses.length} ${courses.length === 1 ? 'course' : 'courses'}, ${modules} modules, ${minutes} minutes, ${credits} credits.`);
