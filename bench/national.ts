/**
 * The main pages at national size against a small installation, in one run (issue 20).
 * Seeds two data folders with bench/seed-national.ts (SMALL_SCALE, default 0.01: 500 trainees;
 * SCALE, default 1: 50,000 trainees, 1,000,000 reflection versions…), then, for each, starts
 * PocketBase on it with the built site and measures:
 *   - a trainee's module page and dashboard (a trainee of the group of 200, part way through);
 *   - the cohort overview of the group of 200 (its trainer);
 *   - the assessor's queue for that group;
 *   - the public verify API for one certificate;
 *   - bulk verify of 10,000 codes (POST /verify/bulk, CSV back; 200 real certificates among them).
 * Pages: requests/s over 40 requests on 4 connections (after 8 to warm up); bulk verify: median of 3.
 * Prints each figure for both sizes and the ratio national ÷ small time (aim: <= 1.5).
 * Not part of `npm run bench` or CI: seeding the full size takes minutes.
 *
 *   npm run bench:national                       (builds, seeds both sizes, measures)
 *   SCALE=0.2 npm run bench:national             (a smaller "national")
 *   NATIONAL_DIR=/tmp/x npm run bench:national   (reuse a folder seeded earlier; seeded there if empty)
 */
import autocannon from 'autocannon';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PocketBase from 'pocketbase';
import { generateCode } from '../src/lib/certificates/code.ts';
import { startStack, type TestStack } from '../tests/support/stack.ts';
import { formatTable, median, type Figure } from './report.ts';
import { readManifest, seedNational, type SeedManifest } from './seed-national.ts';

/** A fixed number of requests, not a duration: on a busy machine one page can take seconds. */
const LOAD = { connections: 4, warmup: 8, requests: 40 };
const BULK_CODES = 10_000;
const BULK_RUNS = 3;
const TARGET_RATIO = 1.5;

interface Measured {
  /** Per page: requests/s (pages) or ms (bulk). */
  [page: string]: { value: number; unit: 'req/s' | 'ms'; p50: number };
}

async function seeded(scale: number, dir: string | undefined, label: string): Promise<{ dir: string; manifest: SeedManifest; temporary: boolean }> {
  if (dir && (await stat(path.join(dir, 'manifest.json')).catch(() => undefined))) {
    const manifest = await readManifest(dir);
    console.log(`${label}: using ${dir} (SCALE=${manifest.scale}, seeded earlier)`);
    return { dir, manifest, temporary: false };
  }
  const target = dir ?? (await mkdtemp(path.join(os.tmpdir(), `lived-learning-${label}-`)));
  console.log(`${label}: seeding SCALE=${scale} into ${target}`);
  const manifest = await seedNational(scale, target);
  console.log(`  seeded in ${manifest.seconds} s: ${Object.entries(manifest.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return { dir: target, manifest, temporary: !dir };
}

async function cookieFor(stack: TestStack, email: string, password: string): Promise<string> {
  const pb = new PocketBase(stack.pb.url);
  const auth = await pb.collection('users').authWithPassword(email, password);
  return `ll_session=${auth.token}`;
}

async function load(url: string, headers: Record<string, string>, requests: number) {
  const result = await autocannon({ url, amount: requests, connections: LOAD.connections, timeout: 60, headers: { ...headers, 'accept-encoding': 'gzip' } });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${failed} of ${result.requests.total} requests to ${url} failed, so its figure would mean nothing.`);
  return { rate: result.requests.total / result.duration, p50: result.latency.p50 };
}

async function checkPage(url: string, headers: Record<string, string>, expect: string): Promise<void> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
  const body = await response.text();
  if (response.status !== 200 || !body.includes(expect)) throw new Error(`GET ${url} answered ${response.status} without "${expect}": the bench would measure the wrong page.`);
}

async function measure(dir: string, manifest: SeedManifest): Promise<Measured> {
  const stack = await startStack({
    pbDataDir: path.join(dir, 'pb_data'),
    pbHealthTimeoutMs: 900_000,
    env: { VERIFY_LIMIT_PER_MINUTE: '999999', BULK_VERIFY_LIMIT_PER_HOUR: '999999' },
  });
  try {
    const trainee = { cookie: await cookieFor(stack, manifest.trainee.email, manifest.password) };
    const trainer = { cookie: await cookieFor(stack, manifest.trainer.email, manifest.password) };
    const assessor = { cookie: await cookieFor(stack, manifest.assessor.email, manifest.password) };
    const cohort = manifest.bigCohort.id;
    const pages: [string, string, Record<string, string>, string][] = [
      ['trainee module page', `/courses/${manifest.trainee.course}/${manifest.trainee.module}`, trainee, 'reflection'],
      ['dashboard', '/dashboard', trainee, manifest.trainee.course === 'peer-support-foundations' ? 'Peer' : 'Leadership'],
      [`cohort overview (${manifest.bigCohort.size})`, `/staff/cohorts/${cohort}`, trainer, 'Trainee 199'],
      ['assessor queue', `/staff/cohorts/${cohort}/assess`, assessor, 'Trainee'],
      ['verify API', `/api/v1/verify/${manifest.certificateCodes[0]}`, {}, '"valid"'],
    ];
    const out: Measured = {};
    // Every page is checked and warmed before any is measured, so the first one measured does
    // not pay for the web server's and PocketBase's start (caches, background jobs' first run).
    for (const [, page, headers, expect] of pages) {
      await checkPage(stack.baseURL + page, headers, expect);
      await load(stack.baseURL + page, headers, LOAD.warmup);
    }
    for (const [name, page, headers] of pages) {
      const { rate, p50 } = await load(stack.baseURL + page, headers, LOAD.requests);
      console.log(`  ${name.padEnd(26)} ${rate.toFixed(1).padStart(7)} req/s   p50 ${p50} ms`);
      out[name] = { value: rate, unit: 'req/s', p50 };
    }

    // Bulk verify: the same mix at both sizes (200 real codes, the rest well-formed but unknown).
    const codes = [...manifest.certificateCodes];
    while (codes.length < BULK_CODES) codes.push(generateCode());
    const times: number[] = [];
    for (let run = 0; run < BULK_RUNS; run++) {
      const form = new FormData();
      form.set('codes', codes.join('\n'));
      form.set('format', 'csv');
      const started = performance.now();
      const response = await fetch(`${stack.baseURL}/verify/bulk`, { method: 'POST', body: form, headers: { origin: stack.baseURL }, signal: AbortSignal.timeout(300_000) });
      const csv = await response.text();
      times.push(performance.now() - started);
      const valid = csv.split('\n').filter((line) => line.includes(',valid,')).length;
      if (response.status !== 200 || valid < 150) throw new Error(`POST /verify/bulk answered ${response.status} with ${valid} valid rows: the bench would measure the wrong thing.`);
    }
    const ms = median(times);
    console.log(`  ${`bulk verify (${BULK_CODES})`.padEnd(26)} ${ms.toFixed(0).padStart(7)} ms (median of ${BULK_RUNS})`);
    out[`bulk verify (${BULK_CODES})`] = { value: ms, unit: 'ms', p50: ms };
    return out;
  } finally {
    await stack.stop();
  }
}

/** @throws {Error} if seeding fails, the stack does not start or a page answers wrongly */
export async function benchNational(): Promise<Figure[]> {
  const smallScale = Number(process.env.SMALL_SCALE ?? '0.01');
  const scale = Number(process.env.SCALE ?? '1');
  const small = await seeded(smallScale, process.env.SMALL_DIR, 'small');
  const national = await seeded(scale, process.env.NATIONAL_DIR, 'national');
  try {
    console.log(`\nsmall (SCALE=${small.manifest.scale}, ${small.manifest.counts.users} accounts)`);
    const a = await measure(small.dir, small.manifest);
    console.log(`\nnational (SCALE=${national.manifest.scale}, ${national.manifest.counts.users} accounts, ${national.manifest.counts.reflection_versions} reflection versions)`);
    const b = await measure(national.dir, national.manifest);

    const rows = [['page', 'small', 'national', 'national ÷ small time', `aim <= ${TARGET_RATIO}`]];
    const figures: Figure[] = [];
    for (const name of Object.keys(a)) {
      const x = a[name]!;
      const y = b[name]!;
      // Time per request grows as req/s falls: compare times either way.
      const ratio = x.unit === 'req/s' ? x.value / y.value : y.value / x.value;
      const show = (m: typeof x) => (m.unit === 'req/s' ? `${m.value.toFixed(1)} req/s` : `${m.value.toFixed(0)} ms`);
      rows.push([name, show(x), show(y), ratio.toFixed(2), ratio <= TARGET_RATIO ? 'yes' : 'NO']);
      figures.push({ name: `national/small time: ${name}`, value: `${ratio.toFixed(2)} (${show(x)} → ${show(y)})`, target: `<= ${TARGET_RATIO}`, meets: ratio <= TARGET_RATIO });
    }
    console.log(`\n${formatTable(rows)}\n(2-core machine shared with other work: noisy; ratios from one run)`);
    return figures;
  } finally {
    for (const s of [small, national]) if (s.temporary && process.env.NATIONAL_KEEP !== '1') await rm(s.dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await benchNational();
