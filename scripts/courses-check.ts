/**
 * `npm run courses:check [folder]`: checks every course and prints each problem as
 * `path:line: what is wrong — how to fix it`. Exits 1 on any problem. Warnings
 * (`path:line: warning: …`) are printed too, but do not fail the run.
 */
import path from 'node:path';
import { loadCourses } from '../src/lib/courses/course-fs.ts';
import { formatProblem } from '../src/lib/courses/problems.ts';
import { formatWarning } from '../src/lib/courses/warnings.ts';

const root = process.cwd();
const coursesDir = path.resolve(root, process.argv[2] ?? process.env.COURSES_DIR ?? 'courses');
const { courses, problems, warnings } = loadCourses(coursesDir, root);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

for (const w of warnings) console.error(formatWarning(w));
if (problems.length > 0) {
  for (const p of problems) console.error(formatProblem(p));
  console.error(`\n${plural(problems.length, 'problem', 'problems')} found. Fix ${problems.length === 1 ? 'it' : 'them'} and run npm run courses:check again.`);
  process.exit(1);
}
const modules = courses.reduce((n, c) => n + c.modules.length, 0);
const minutes = courses.reduce((n, c) => n + c.totalMinutes, 0);
const credits = courses.reduce((n, c) => n + (c.accreditation?.credits ?? 0), 0);
const warned = warnings.length > 0 ? ` ${plural(warnings.length, 'warning', 'warnings')} above: worth fixing, but the courses can be shown.` : '';
console.log(`All good: ${plural(courses.length, 'course', 'courses')}, ${modules} modules, ${minutes} minutes, ${credits} credits.${warned}`);
