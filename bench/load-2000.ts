/**
 * 2,000 at once (issue 20): simulated trainees with think time, plus staff, against the real
 * `npm start` stack (scripts/start.ts: PocketBase + the built site, one web process per core)
 * on loopback, bounded in time. NOT part of CI.
 *
 *   npm run build && npm run bench:load                 (2,000 trainees + 20 staff, about 5 minutes with seeding)
 *   LOAD_SCALE=0.1 npm run bench:load                   (200 trainees + 2 staff)
 *   LOAD_SECONDS=120 LOAD_RAMP_SECONDS=40 …             (a shorter run)
 *
 * Each trainee: arrives (spread over LOAD_RAMP_SECONDS) and signs in through the form
 * (LOAD_SIGNIN_SHARE of them, default 0.05, spread among the arrivals: a training morning's sign-ins are spread over hours,
 * and each costs PocketBase a bcrypt check; the others bring a session from earlier), opens the dashboard, reads a
 * module, then until the end autosaves one reflection every 10–30 s (each save carrying the
 * version it last saw, as the editor does), now and then reads a module page or the dashboard
 * again, and takes the module's knowledge check once. Each staff member (trainer and assessor
 * of one cohort of 100): the cohort overview, the assessment queue, a decision on the oldest
 * evidence waiting, with think time between.
 *
 * Prints p50/p95/p99 per step, errors per step, the write rate PocketBase took (acknowledged
 * saves, check attempts and decisions per second, and the busiest 10 s), then counts every
 * acknowledged save in PocketBase: each trainee's reflection must hold the last text and
 * version the site acknowledged (0 lost).
 *
 * Accounts are seeded in seconds (see `seed`: copied user rows, then the batch API).
 * All traffic goes to 127.0.0.1 on free ports; the data folder is temporary and removed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import PocketBase from 'pocketbase';
import { spawnManaged, waitForHttp } from '../src/lib/server/managed-process.ts';
import { findFreePort } from '../src/lib/server/ports.ts';
import { percentile } from './report.ts';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const SCALE = Number(process.env.LOAD_SCALE ?? 1);
const TRAINEES = Math.max(1, Math.round(2000 * SCALE));
const STAFF = Math.max(1, Math.round(20 * SCALE));
const SECONDS = Number(process.env.LOAD_SECONDS ?? 150);
const RAMP_SECONDS = Number(process.env.LOAD_RAMP_SECONDS ?? Math.min(60, SECONDS / 3));
const COURSE = 'peer-support-foundations';
const MODULES = ['what-peer-support-is', 'intentional-peer-support', 'boundaries-and-power', 'safety-and-safeguarding'];
const CHECK_MODULE = 'what-peer-support-is';
const PASSWORD = 'load-test-password-2000';
const BATCH = 50;
/** Share of trainees who sign in through the form during the run (bcrypt cost 10 each in PocketBase). */
const SIGNIN_SHARE = Number(process.env.LOAD_SIGNIN_SHARE ?? 0.05);
const TIMEOUT_MS = 30_000;

if (!(SCALE > 0 && SCALE <= 1) || !(SECONDS >= 20 && SECONDS <= 600) || !(SIGNIN_SHARE >= 0 && SIGNIN_SHARE <= 1)) {
  console.error('LOAD_SCALE must be more than 0 and at most 1, LOAD_SECONDS from 20 to 600, and LOAD_SIGNIN_SHARE from 0 to 1.');
  process.exit(1);
}

type Step = 'sign in' | 'dashboard' | 'module page' | 'autosave' | 'knowledge check' | 'staff sign in' | 'staff overview' | 'staff queue' | 'staff decision';
const STEPS: Step[] = ['sign in', 'dashboard', 'module page', 'autosave', 'knowledge check', 'staff sign in', 'staff overview', 'staff queue', 'staff decision'];
const WRITES: ReadonlySet<Step> = new Set(['autosave', 'knowledge check', 'staff decision']);

const timings = new Map<Step, number[]>(STEPS.map((s) => [s, []]));
const failures = new Map<Step, Map<string, number>>(STEPS.map((s) => [s, new Map()]));
/** Seconds since the start at which each write was acknowledged. */
const writesAt: number[] = [];
let startedAt = 0;

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

// Like browsers: keep-alive connections, a bounded pool for the whole simulated crowd.
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
let baseURL = '';

function send(method: string, target: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${baseURL}${target}`,
      { method, agent, timeout: TIMEOUT_MS, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: response.headers }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(body);
  });
}

/** Runs one step, timing it; the answer when its status is one of `ok`, else undefined (counted as an error). */
async function step(name: Step, ok: number[], run: () => Promise<Answer>): Promise<Answer | undefined> {
  const start = performance.now();
  try {
    const answer = await run();
    if (!ok.includes(answer.status)) {
      count(name, String(answer.status));
      return undefined;
    }
    timings.get(name)!.push(performance.now() - start);
    if (WRITES.has(name)) writesAt.push((performance.now() - startedAt) / 1000);
    return answer;
  } catch (error) {
    count(name, error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

function count(name: Step, what: string): void {
  const map = failures.get(name)!;
  map.set(what, (map.get(what) ?? 0) + 1);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (low: number, high: number) => low + Math.random() * (high - low);
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

async function signIn(name: Step, email: string): Promise<string | undefined> {
  const answer = await step(name, [303], () => send('POST', '/signin', { origin: baseURL, 'content-type': 'application/x-www-form-urlencoded' }, form({ email, password: PASSWORD, next: '/dashboard' })));
  const cookie = ([] as string[]).concat(answer?.headers['set-cookie'] ?? []).find((c) => c.startsWith('ll_session='));
  if (answer && !cookie) count(name, 'no session cookie');
  return cookie?.split(';')[0];
}

interface Acknowledged {
  id: string;
  version: number;
  body: string;
}

interface Trainee {
  id: string;
  email: string;
  /** Signs in through the form during the run; else arrives with `cookie`, a session from earlier. */
  signsIn: boolean;
  cookie?: string;
  acknowledged?: Acknowledged;
}

async function trainee(person: Trainee, index: number, endAt: number): Promise<void> {
  await sleep((index / TRAINEES) * RAMP_SECONDS * 1000);
  const cookie = person.signsIn ? await signIn('sign in', person.email) : person.cookie;
  if (!cookie || Date.now() >= endAt) return;
  const headers = { cookie };
  await step('dashboard', [200], () => send('GET', '/dashboard', headers));
  await sleep(between(2_000, 6_000));
  if (Date.now() >= endAt) return;
  await step('module page', [200], () => send('GET', `/courses/${COURSE}/${CHECK_MODULE}`, headers));
  const checkAt = between(Date.now() + 20_000, endAt);
  let checked = false;
  let n = 0;
  while (Date.now() < endAt) {
    await sleep(between(10_000, 30_000));
    if (Date.now() >= endAt) break;
    n++;
    const text = `${person.email} autosave ${n}: a few sentences typed on a phone about what peer support means to me.`;
    const last = person.acknowledged;
    const fields: Record<string, string> = { course: COURSE, module: CHECK_MODULE, prompt: 'p1', from: 'module', body: text };
    if (last) Object.assign(fields, { id: last.id, version: String(last.version) });
    const saved = await step('autosave', [200], () =>
      send('POST', '/reflections', { ...headers, origin: baseURL, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, form(fields)),
    );
    if (saved) {
      const json = JSON.parse(saved.body) as { id?: string; version?: number; outcome?: string };
      if (json.id && typeof json.version === 'number') person.acknowledged = { id: json.id, version: json.version, body: text };
      else count('autosave', `answer without id/version (${json.outcome})`);
    }
    if (n % 3 === 0) {
      const module = MODULES[n % MODULES.length]!;
      await step('module page', [200], () => send('GET', `/courses/${COURSE}/${module}`, headers));
    } else if (n % 5 === 0) {
      await step('dashboard', [200], () => send('GET', '/dashboard', headers));
    }
    if (!checked && Date.now() >= checkAt && Date.now() < endAt) {
      checked = true;
      await takeCheck(headers);
    }
  }
}

async function takeCheck(headers: { cookie: string }): Promise<void> {
  const page = await step('module page', [200], () => send('GET', `/courses/${COURSE}/${CHECK_MODULE}`, headers));
  if (!page) return;
  await sleep(between(5_000, 15_000));
  const sitting = /name="sitting" value="([^"]*)"/.exec(page.body)?.[1];
  const answers = new Map<string, string>();
  for (const [, name, value] of page.body.matchAll(/name="(answer:[^"]+)" value="(\d+)"/g)) if (!answers.has(name!)) answers.set(name!, value!);
  if (answers.size === 0) return void count('knowledge check', 'no check form on the module page');
  const fields = new URLSearchParams({ course: COURSE, module: CHECK_MODULE, ...(sitting ? { sitting } : {}) });
  for (const [name, value] of answers) fields.append(name, value);
  await step('knowledge check', [200, 201], () =>
    send('POST', '/checks', { ...headers, origin: baseURL, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, fields.toString()),
  );
}

async function staff(email: string, cohort: string, index: number, endAt: number): Promise<void> {
  await sleep((index / STAFF) * Math.min(RAMP_SECONDS, 20) * 1000);
  const cookie = await signIn('staff sign in', email);
  if (!cookie) return;
  const headers = { cookie };
  while (Date.now() < endAt) {
    await step('staff overview', [200], () => send('GET', `/staff/cohorts/${cohort}`, headers));
    await sleep(between(3_000, 8_000));
    const queue = await step('staff queue', [200], () => send('GET', `/staff/cohorts/${cohort}/assess`, headers));
    await sleep(between(5_000, 15_000));
    const decision = queue && firstDecisionForm(queue.body);
    if (decision && Date.now() < endAt) {
      const fields = new URLSearchParams(decision);
      fields.set('outcome', 'met');
      fields.set('feedback', 'Clear evidence of listening without fixing; met.');
      fields.set('signed_name', 'Load Assessor');
      await step('staff decision', [303], () => send('POST', `/staff/cohorts/${cohort}/assess`, { ...headers, origin: baseURL, 'content-type': 'application/x-www-form-urlencoded' }, fields.toString()));
    }
    await sleep(between(5_000, 15_000));
  }
}

/** The hidden fields of the first decision form on the queue page. */
function firstDecisionForm(html: string): [string, string][] | undefined {
  const formHtml = /<form[^>]*class="[^"]*staff-decision-form[^"]*"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1];
  if (!formHtml) return undefined;
  const hidden: [string, string][] = [];
  for (const [, tag] of formHtml.matchAll(/<input([^>]*type="hidden"[^>]*)>/g)) {
    const name = /name="([^"]*)"/.exec(tag!)?.[1];
    const value = /value="([^"]*)"/.exec(tag!)?.[1] ?? '';
    if (name) hidden.push([name, value.replaceAll('&amp;', '&')]);
  }
  return hidden;
}

async function inBatches<T>(pb: PocketBase, items: T[], add: (batch: ReturnType<PocketBase['createBatch']>, item: T) => void): Promise<Array<{ status: number; body: { id: string } }>> {
  const results: Array<{ status: number; body: { id: string } }> = [];
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) chunks.push(items.slice(i, i + BATCH));
  // Two batches at a time: PocketBase hashes each new password (deliberately slow).
  for (let i = 0; i < chunks.length; i += 2) {
    const done = await Promise.all(
      chunks.slice(i, i + 2).map(async (chunk) => {
        const batch = pb.createBatch();
        for (const item of chunk) add(batch, item);
        return (await batch.send()) as Array<{ status: number; body: { id: string } }>;
      }),
    );
    results.push(...done.flat());
  }
  return results;
}

/**
 * Accounts, quickly. PocketBase hashes every new password with bcrypt (cost 10, deliberately
 * slow: 2,000 accounts would take minutes of CPU), so ONE account is made through the API for
 * each kind and the rest are copies of its row (same password hash, their own id, email and
 * token key) written straight into PocketBase's SQLite file while it runs. Enrolments, cohorts
 * and evidence then go through the batch API, with PocketBase's hooks, 50 a batch.
 *
 * Trainees who "signed in earlier" (1 − LOAD_SIGNIN_SHARE of them) get a session before the
 * timed run; their account's hash is made with bcrypt cost 4 (the password field's cost is
 * lowered for that one account and set back at once), so their tokens cost no minutes here.
 * Trainees who sign in during the run, and all staff, have the real cost-10 hash.
 */
async function seed(pb: PocketBase, dataDir: string, stamp: string): Promise<{ trainees: Trainee[]; staff: { email: string; cohort: string }[] }> {
  const started = performance.now();
  const real = await pb.collection('users').create({ email: `load-template-${stamp}@example.test`, password: PASSWORD, passwordConfirm: PASSWORD, display_name: 'Load Template', role: ['trainee'], verified: true });
  const users = await pb.collections.getOne('users');
  const fields = users.fields as Array<Record<string, unknown>>;
  await pb.collections.update('users', { fields: fields.map((f) => (f.name === 'password' ? { ...f, cost: 4 } : f)) });
  let quick;
  try {
    quick = await pb.collection('users').create({ email: `load-template-quick-${stamp}@example.test`, password: PASSWORD, passwordConfirm: PASSWORD, display_name: 'Load Template', role: ['trainee'], verified: true });
  } finally {
    await pb.collections.update('users', { fields });
  }

  const signInCount = Math.round(TRAINEES * SIGNIN_SHARE);
  const phase = (what: string) => console.log(`  … ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const staffEmails = Array.from({ length: STAFF }, (_, i) => `load-staff-${i}-${stamp}@example.test`);
  const emails = Array.from({ length: TRAINEES }, (_, i) => `load-${i}-${stamp}@example.test`);
  const staffIds = copyUsers(dataDir, real.id, staffEmails.map((email) => ({ email, name: 'Load Assessor', role: '["trainer","assessor"]' })));
  // The ones who sign in during the run are spread evenly among the arrivals.
  const signsIn = (i: number) => signInCount > 0 && i % Math.round(TRAINEES / signInCount) === 0 && i / Math.round(TRAINEES / signInCount) < signInCount;
  const kinds = emails.map((email, i) => ({ email, signsIn: signsIn(i) }));
  const realIds = copyUsers(dataDir, real.id, kinds.filter((k) => k.signsIn).map(({ email }) => ({ email, name: 'Load Trainee', role: '["trainee"]' })));
  const quickIds = copyUsers(dataDir, quick.id, kinds.filter((k) => !k.signsIn).map(({ email }) => ({ email, name: 'Load Trainee', role: '["trainee"]' })));
  const trainees: Trainee[] = kinds.map((k) => ({ id: (k.signsIn ? realIds : quickIds).shift()!, email: k.email, signsIn: k.signsIn }));

  phase('accounts copied');
  const cohorts = await inBatches(pb, staffIds, (batch, id) => batch.collection('cohorts').create({ name: `Load cohort ${id}`, course: COURSE, trainers: [id], assessors: [id] }));
  await inBatches(pb, trainees, (batch, t) => {
    const cohort = cohorts[trainees.indexOf(t) % cohorts.length]!.body.id;
    batch.collection('enrolments').create({ user: t.id, course: COURSE, cohort, status: 'active' });
    batch.collection('evidence').create({ user: t.id, course: COURSE, criterion: 'U1/1.2', text: 'I listened without trying to fix, and asked what would help.' });
  });
  phase('cohorts, enrolments and evidence');
  // Sessions from earlier for the others (PocketBase tokens, as the site's sign-in makes them).
  const earlier = trainees.filter((t) => !t.signsIn);
  for (let i = 0; i < earlier.length; i += 20) {
    await Promise.all(
      earlier.slice(i, i + 20).map(async (t) => {
        const client = new PocketBase(pb.baseURL);
        t.cookie = `ll_session=${(await client.collection('users').authWithPassword(t.email, PASSWORD)).token}`;
      }),
    );
  }
  console.log(
    `  seeded ${TRAINEES} trainees (${signInCount} sign in during the run, ${earlier.length} with a session from earlier), ${STAFF} staff, ${cohorts.length} cohorts, ${TRAINEES} evidence items in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { trainees, staff: staffEmails.map((email, i) => ({ email, cohort: cohorts[i]!.body.id })) };
}

/** Copies of the `template` user row with their own id, email, name, roles and token key; returns the ids. */
function copyUsers(dataDir: string, template: string, people: { email: string; name: string; role: string }[]): string[] {
  const db = new DatabaseSync(path.join(dataDir, 'data.db'));
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    const columns = (db.prepare('PRAGMA table_info(users)').all() as { name: string }[]).map((c) => c.name);
    const own = ['id', 'email', 'tokenKey', 'display_name', 'role'];
    const sql = `INSERT INTO users (${columns.map((c) => `"${c}"`).join(', ')}) SELECT ${columns.map((c) => (own.includes(c) ? `:${c}` : `"${c}"`)).join(', ')} FROM users WHERE id = :template`;
    const insert = db.prepare(sql);
    const ids: string[] = [];
    db.exec('BEGIN');
    for (const person of people) {
      const id = randomId(15);
      insert.run({ id, email: person.email, tokenKey: randomId(50), display_name: person.name, role: person.role, template });
      ids.push(id);
    }
    db.exec('COMMIT');
    return ids;
  } finally {
    db.close();
  }
}

function randomId(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

/** Every acknowledged save, looked up in PocketBase: lost when the reflection is missing, older, or holds other text. */
async function countLost(pb: PocketBase, trainees: Trainee[]): Promise<{ checked: number; lost: number }> {
  const acknowledged = trainees.filter((t) => t.acknowledged);
  const rows = new Map<string, { body: string; version: number }>();
  const ids = acknowledged.map((t) => t.acknowledged!.id);
  // 40 ids a request: PocketBase refuses a longer filter (400).
  for (let i = 0; i < ids.length; i += 40) {
    const part = ids.slice(i, i + 40);
    const filter = part.map((_, k) => `id = {:p${k}}`).join(' || ');
    const found = await pb.collection('reflections').getFullList({ filter: pb.filter(filter, Object.fromEntries(part.map((id, k) => [`p${k}`, id]))), fields: 'id,body,version' });
    for (const row of found) rows.set(row.id, { body: row.body as string, version: row.version as number });
  }
  let lost = 0;
  for (const t of acknowledged) {
    const ack = t.acknowledged!;
    const row = rows.get(ack.id);
    if (!row || row.version < ack.version || (row.version === ack.version && row.body !== ack.body)) lost++;
  }
  return { checked: acknowledged.length, lost };
}

function report(seconds: number): void {
  const ms = (v: number | undefined) => (v === undefined ? '—' : `${Math.round(v)} ms`);
  console.log(`\n  step               count   p50       p95       p99       errors`);
  for (const name of STEPS) {
    const times = [...timings.get(name)!].sort((a, b) => a - b);
    const errors = [...failures.get(name)!.values()].reduce((a, b) => a + b, 0);
    if (times.length === 0 && errors === 0) continue;
    console.log(`  ${name.padEnd(18)} ${String(times.length).padStart(6)}  ${ms(percentile(times, 50)).padEnd(9)} ${ms(percentile(times, 95)).padEnd(9)} ${ms(percentile(times, 99)).padEnd(9)} ${errors}`);
  }
  const errorLines = STEPS.flatMap((name) => [...failures.get(name)!].map(([what, n]) => `    ${name}: ${n} × ${what}`));
  console.log(errorLines.length ? `\n  errors:\n${errorLines.join('\n')}` : '\n  errors: none');
  const buckets = new Map<number, number>();
  for (const at of writesAt) buckets.set(Math.floor(at / 10), (buckets.get(Math.floor(at / 10)) ?? 0) + 1);
  const busiest = Math.max(0, ...buckets.values()) / 10;
  console.log(`\n  PocketBase writes acknowledged (autosaves, check attempts, decisions): ${writesAt.length} in ${seconds.toFixed(0)} s = ${(writesAt.length / seconds).toFixed(1)}/s on average, ${busiest.toFixed(1)}/s in the busiest 10 s`);
}

async function main(): Promise<void> {
  console.log(`\n=== 2,000 at once (bench/load-2000.ts): ${TRAINEES} trainees + ${STAFF} staff, ${SECONDS} s (arrivals over ${RAMP_SECONDS} s), ${os.availableParallelism()} cores`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'll-load-'));
  const [port, pbPort] = [await findFreePort(), await findFreePort()];
  const service = { email: 'load-service@example.test', password: `load-${Math.random().toString(36).slice(2)}-service` };
  // `npm start` itself (scripts/start.ts), as an operator runs it, with its own data folder.
  const site = spawnManaged(process.execPath, [path.join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), PB_PORT: String(pbPort), PB_DATA_DIR: dataDir, PB_SERVICE_EMAIL: service.email, PB_SERVICE_PASSWORD: service.password, ASTRO_TELEMETRY_DISABLED: '1' },
    output: 'pipe',
  });
  baseURL = `http://127.0.0.1:${port}`;
  try {
    const ready = await waitForHttp(`${baseURL}/`, { timeoutMs: 60_000, process: site });
    if (!ready.ready) throw new Error(`npm start did not answer: ${site.recentOutput().slice(-6).join('\n')}`);
    const processes = site.recentOutput().find((line) => line.includes('web processes listening'));
    console.log(`  npm start: ${processes ? processes.replace(/^.*\[web\] /, '') : 'one web process'}`);
    const pb = new PocketBase(`http://127.0.0.1:${pbPort}`);
    pb.autoCancellation(false);
    await pb.collection('_superusers').authWithPassword(service.email, service.password);
    const people = await seed(pb, dataDir, Date.now().toString(36));

    // Warm-up (not counted): each web process loads its page code and course content once.
    const warm = people.trainees.find((t) => t.cookie)?.cookie;
    if (warm) for (let i = 0; i < 6; i++) for (const page of ['/dashboard', `/courses/${COURSE}/${CHECK_MODULE}`, ...MODULES.map((m) => `/courses/${COURSE}/${m}`)]) await send('GET', page, { cookie: warm, connection: 'close' }).catch(() => undefined);
    console.log(`  load average before the run: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} (1, 5, 15 min; other programs on this machine count too)`);

    startedAt = performance.now();
    const endAt = Date.now() + SECONDS * 1000;
    const progress = setInterval(() => {
      const done = [...timings.values()].reduce((a, t) => a + t.length, 0);
      const errors = [...failures.values()].reduce((a, m) => a + [...m.values()].reduce((x, y) => x + y, 0), 0);
      console.log(`  ${Math.round((performance.now() - startedAt) / 1000)} s: ${done} requests answered, ${errors} errors`);
    }, 30_000);
    await Promise.all([...people.trainees.map((t, i) => trainee(t, i, endAt)), ...people.staff.map((s, i) => staff(s.email, s.cohort, i, endAt))]);
    clearInterval(progress);
    const seconds = (performance.now() - startedAt) / 1000;
    report(seconds);
    console.log(`  load average after the run: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}`);

    const { checked, lost } = await countLost(pb, people.trainees);
    console.log(`\n  acknowledged saves counted in PocketBase: ${checked} trainees' last acknowledged save checked, ${lost} lost   target: 0`);
    process.exitCode = lost > 0 ? 1 : 0;
  } finally {
    agent.destroy();
    await site.stop(15_000);
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
