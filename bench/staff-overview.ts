/**
 * The cohort overview at size (issue 5): requests to PocketBase and time to load the overview
 * of a cohort of 2, 20 and 200 trainees, each with evidence, decisions and progress. The
 * request count must not grow with the cohort (no N+1): one list request per collection, up to
 * 100 trainees (beyond that, one more per collection for each further 100: PocketBase caps a
 * filter's length).
 * Runs against a throwaway PocketBase (no web server needed); prints its figures.
 *
 *   npx node bench/staff-overview.ts      (or as part of `npm run bench`)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type PocketBase from 'pocketbase';
import { countRequests } from '../src/lib/assessment/overview-queries.ts';
import { loadOverview } from '../src/lib/assessment/overview-store.ts';
import { FILTER_IDS_PER_REQUEST } from '../src/lib/cohorts/batches.ts';
import { loadCourses } from '../src/lib/courses/course-fs.ts';
import type { TypedPocketBase } from '../src/lib/pb.ts';
import type { CohortRecord, UserRecord } from '../src/lib/records.ts';
import { clientAs, createUser, serviceClient } from '../tests/support/fixtures-pb.ts';
import { startTestPocketBase } from '../tests/support/pocketbase.ts';
import { median, type Figure } from './report.ts';

const COURSE = 'peer-support-foundations';
const SIZES = [2, 20, 200];
const RUNS = 5;

export async function benchStaffOverview(): Promise<Figure[]> {
  const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
  const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === COURSE);
  if (!course) throw new Error(`courses/${COURSE} is missing or has problems: run \`npm run courses:check\`.`);
  const pb = await startTestPocketBase();
  try {
    const service = (await serviceClient(pb)) as TypedPocketBase;
    const password = 'bench-password-123';
    const trainer = await createUser(service as unknown as PocketBase, { email: 'bench-trainer@example.test', password, display_name: 'Bench Trainer', roles: ['trainer', 'assessor'] });
    const asTrainer = (await clientAs(pb.url, trainer.email, password)) as TypedPocketBase;
    const viewer = (await service.collection('users').getOne(trainer.id)) as UserRecord;

    const figures: Figure[] = [];
    const counts: number[] = [];
    for (const size of SIZES) {
      const cohort = await service.collection('cohorts').create({ name: `Bench ${size}`, course: COURSE, trainers: [trainer.id], assessors: [trainer.id] });
      for (let i = 0; i < size; i++) {
        const user = await createUser(service as unknown as PocketBase, { email: `bench-${size}-${i}@example.test`, password, display_name: `Trainee ${size}-${i}`, roles: ['trainee'] });
        await service.collection('enrolments').create({ user: user.id, course: COURSE, cohort: cohort.id, status: 'active' });
        await service.collection('progress').create({ user: user.id, course: COURSE, module: 'what-peer-support-is', status: 'completed' });
        for (const criterion of ['U1/1.2', 'U2/1.2']) {
          const evidence = await service.collection('evidence').create({ user: user.id, course: COURSE, criterion, text: 'Bench evidence.' });
          await service.collection('decisions').create({ user: user.id, course: COURSE, criterion, evidence: evidence.id, outcome: 'met', feedback: 'Met.', assessor: trainer.id, assessor_name: 'Bench' });
        }
      }
      const times: number[] = [];
      let requests = 0;
      for (let run = 0; run < RUNS; run++) {
        const counter = countRequests(asTrainer, service);
        const start = performance.now();
        const { rows } = await loadOverview(asTrainer, service, cohort as CohortRecord, course, viewer);
        times.push(performance.now() - start);
        counter.stop();
        requests = counter.count;
        if (rows.length !== size) throw new Error(`expected ${size} rows, got ${rows.length}`);
      }
      counts.push(requests);
      console.log(`  ${size} trainees: ${requests} requests, median ${median(times).toFixed(1)} ms over ${RUNS} loads`);
      // One request per collection up to 100 trainees; PocketBase caps a filter's length, so each
      // further 100 trainees add at most one request per collection (src/lib/cohorts/batches.ts).
      const batches = Math.ceil(size / FILTER_IDS_PER_REQUEST);
      const limit = counts[0]! * batches;
      figures.push({
        name: `overview requests (${size} trainees)`,
        value: String(requests),
        target: batches === 1 ? `= ${counts[0]} (as for ${SIZES[0]})` : `<= ${limit}`,
        meets: batches === 1 ? requests === counts[0] : requests <= limit,
      });
      figures.push({ name: `overview load time (${size} trainees)`, value: `${median(times).toFixed(1)} ms`, target: 'trend' });
    }
    return figures;
  } finally {
    await pb.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { formatFigures } = await import('./report.ts');
  console.log(formatFigures(await benchStaffOverview()));
}
