/**
 * `npm run bench` (after the build): runs each benchmark, prints its figures as it goes,
 * then one summary table. Figures never fail the run; it exits 1 only if a benchmark could not run.
 */
import { benchAuthoring } from './authoring.ts';
import { benchCertificates } from './certificates.ts';
import { benchCoursesCheck } from './courses-check.ts';
import { benchModulePage } from './module-page.ts';
import { benchNotifyEmail } from './notify-email.ts';
import { formatFigures, type Figure } from './report.ts';
import { benchStaffOverview } from './staff-overview.ts';
import { benchTrainee } from './trainee.ts';

const BENCHES: [string, () => Promise<Figure[]>][] = [
  ['module page (bench/module-page.ts)', benchModulePage],
  ['course checking (bench/courses-check.ts)', benchCoursesCheck],
  ['trainee journey (bench/trainee.ts)', benchTrainee],
  ['certificates (bench/certificates.ts)', benchCertificates],
  ['cohort overview requests (bench/staff-overview.ts)', benchStaffOverview],
  ['browser course editor (bench/authoring.ts)', benchAuthoring],
  ['notification emails (bench/notify-email.ts)', benchNotifyEmail],
];

const figures: Figure[] = [];
const failed: string[] = [];
for (const [title, bench] of BENCHES) {
  console.log(`\n=== ${title}`);
  const start = performance.now();
  try {
    figures.push(...(await bench()));
    console.log(`  (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.error(`  could not run: ${error instanceof Error ? error.message : String(error)}`);
    failed.push(title);
  }
}

console.log(`\n=== summary (ratios are against baselines measured in this run; machines are noisy)\n\n${formatFigures(figures)}`);
if (failed.length > 0) {
  console.error(`\nCould not run: ${failed.join('; ')}.`);
  process.exitCode = 1;
}
