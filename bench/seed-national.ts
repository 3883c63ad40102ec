/**
 * Seeds a large installation (issue 20, "National data volume") straight into a migrated
 * PocketBase data folder's SQLite database, one transaction per table: going through the HTTP
 * API would take hours. At SCALE=1:
 *
 *   50,000 trainees in 1,000 groups (one of 200, the rest ~50), 2 courses, 500 staff;
 *   progress and passed knowledge checks (45% finished, the rest part way);
 *   ~1,000,000 reflection versions (earlier texts; the reflections hold the current text);
 *   ~200,000 evidence items (5% with a small file, all sharing one file's bytes through hard
 *   links), ~85% decided (met or not yet met), the rest waiting in the assessors' queues,
 *   each decision with its notification; unit sign-offs for finished trainees;
 *   20,000 certificates with real snapshots and digests (the credential is a placeholder, as
 *   in bench/certificates.ts: the verify API and bulk verify read the snapshot, not the
 *   signature).
 *
 * Not seeded: audit rows (hooks write them for every evidence and decision on a real site),
 * sessions, attendance, discussion, practice portfolio.
 *
 * Every account has the same password (one bcrypt hash, made by PocketBase), printed at the end.
 * Rows follow PocketBase's own formats: 15-character [a-z0-9] ids, `YYYY-MM-DD HH:MM:SS.sssZ`
 * dates, JSON arrays for multiple relations and selects, 0/1 for booleans.
 *
 *   SCALE=0.01 npx node bench/seed-national.ts [out-folder]   (0.01 takes seconds; 1 a few minutes)
 *
 * The folder gets `pb_data/` (start PocketBase on it) and `manifest.json` (accounts and ids
 * the bench uses). Deterministic: the same SCALE gives the same rows (bar the password salt,
 * certificate salts and file suffixes).
 */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile, link } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import PocketBase from 'pocketbase';
import { generateCode } from '../src/lib/certificates/code.ts';
import { buildSnapshot, generateSalt, snapshotDigest } from '../src/lib/certificates/snapshot.ts';
import type { Course } from '../src/lib/courses/course.ts';
import { loadCourses } from '../src/lib/courses/course-fs.ts';
import { startTestPocketBase } from '../tests/support/pocketbase.ts';

export const SEED_PASSWORD = 'national-bench-password-1';
export const SITE = 'http://127.0.0.1';

/** Full-size figures; everything but the cohort of 200 and the staff per group scales with SCALE. */
export const FULL = { trainees: 50_000, groups: 1_000, reflectionVersions: 1_000_000, evidence: 200_000, certificates: 20_000 };
const BIG_GROUP = 200;
const GROUPS_PER_STAFF = 5;

export interface SeedManifest {
  scale: number;
  password: string;
  counts: Record<string, number>;
  /** A trainee in the group of 200, part way through, with reflections and evidence. */
  trainee: { email: string; id: string; course: string; module: string };
  /** Trainer of the group of 200 (and 4 other groups). */
  trainer: { email: string; id: string };
  /** Assessor of the group of 200 (and 4 other groups). */
  assessor: { email: string; id: string };
  bigCohort: { id: string; size: number; course: string };
  /** Codes of real certificates (the first 200), for the verify API and bulk verify. */
  certificateCodes: string[];
  seconds: number;
}

/** A small, fast, deterministic generator (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** PocketBase's record id shape: 15 characters of [a-z0-9]. */
export function makeIdMaker(random: () => number): () => string {
  const seen = new Set<string>();
  return () => {
    for (;;) {
      let id = '';
      for (let i = 0; i < 15; i++) id += ID_ALPHABET[Math.floor(random() * 36)];
      if (!seen.has(id)) {
        seen.add(id);
        return id;
      }
    }
  };
}

/** PocketBase's stored date format: `2026-11-20 10:00:00.000Z`. */
export function pbDate(date: Date): string {
  return date.toISOString().replace('T', ' ');
}

const SENTENCES = [
  'I noticed how much it helped when someone simply listened without trying to fix things.',
  'Mutuality feels natural to me, but I will need to practise holding back my own story.',
  'In the group today we talked about power, and I realised I hold more of it than I thought.',
  'Saying no kindly is still hard for me; I want to ask about it in supervision.',
  'When a person told me something worrying I stayed steady by breathing and naming what I heard.',
  'The words people use matter: being called a service user felt flat, being asked felt better.',
  'Our team meeting gave me room to speak up because the chair asked each of us in turn.',
  'Protecting my Friday walk keeps me well; long shifts are what get in the way.',
  'I would explain confidentiality as: what you say stays with me unless someone is at risk.',
  'Hope is the value I most want to carry into this role, even on hard days.',
];

function paragraph(random: () => number, sentences: number): string {
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) out.push(SENTENCES[Math.floor(random() * SENTENCES.length)]!);
  return out.join(' ');
}

interface CourseShape {
  slug: string;
  course: Course;
  modules: string[];
  criteria: string[];
  units: { id: string; criteria: string[] }[];
}

function courseShapes(root: string): CourseShape[] {
  const { courses } = loadCourses(path.join(root, 'courses'), root);
  const wanted = ['peer-support-foundations', 'service-user-leadership'];
  return wanted.map((slug) => {
    const course = courses.find((c) => c.slug === slug);
    if (!course) throw new Error(`courses/${slug} is missing or has problems: run \`npm run courses:check\`.`);
    const units = course.units.map((u) => ({ id: u.id, criteria: u.outcomes.flatMap((o) => o.criteria.map((c) => c.ref)) }));
    return { slug, course, modules: course.modules.map((m) => m.id), criteria: units.flatMap((u) => u.criteria), units };
  });
}

/** Inserts rows into a table with one prepared statement; columns left out keep PocketBase's defaults. */
class TableWriter {
  private statement: ReturnType<DatabaseSync['prepare']> | undefined;
  private columns: string[] = [];
  count = 0;
  private readonly db: DatabaseSync;
  private readonly table: string;
  constructor(db: DatabaseSync, table: string) {
    this.db = db;
    this.table = table;
  }
  add(row: Record<string, string | number | null>): void {
    if (!this.statement) {
      this.columns = Object.keys(row);
      this.statement = this.db.prepare(`INSERT INTO \`${this.table}\` (${this.columns.map((c) => `\`${c}\``).join(',')}) VALUES (${this.columns.map(() => '?').join(',')})`);
    }
    this.statement.run(...this.columns.map((c) => row[c] ?? null));
    this.count++;
  }
}

/**
 * Makes a migrated data folder with the service account, seeds it at `scale` and returns its
 * manifest. `outDir` gets `pb_data/` and `manifest.json`; it must not exist yet.
 */
export async function seedNational(scale: number, outDir: string, log: (line: string) => void = console.log): Promise<SeedManifest> {
  if (!(scale > 0 && scale <= 1)) throw new Error(`SCALE must be more than 0 and at most 1 (got ${scale}), e.g. SCALE=0.01.`);
  const started = performance.now();
  const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
  const shapes = courseShapes(root);

  // 1. A migrated data folder, and one bcrypt hash made by PocketBase for every account.
  const pb = await startTestPocketBase();
  const dataDir = path.join(outDir, 'pb_data');
  let hash: string;
  try {
    const service = new PocketBase(pb.url);
    await service.collection('_superusers').authWithPassword(pb.service.email, pb.service.password);
    await service.collection('users').create({ email: 'seed-hash@national.example', password: SEED_PASSWORD, passwordConfirm: SEED_PASSWORD, display_name: 'Seed', role: ['trainee'] });
  } finally {
    await pb.stop({ keepDataDir: true });
  }
  await mkdir(outDir, { recursive: true });
  await rename(pb.dataDir, dataDir).catch(async () => {
    const { cp } = await import('node:fs/promises');
    await cp(pb.dataDir, dataDir, { recursive: true });
  });
  await rm(path.dirname(pb.dataDir), { recursive: true, force: true });

  const db = new DatabaseSync(path.join(dataDir, 'data.db'));
  db.exec('PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;');
  hash = (db.prepare("SELECT password FROM users WHERE email = 'seed-hash@national.example'").get() as { password: string }).password;
  db.exec("DELETE FROM users WHERE email = 'seed-hash@national.example'");
  const evidenceCollection = (db.prepare("SELECT id FROM _collections WHERE name = 'evidence'").get() as { id: string }).id;

  const random = prng(20_261_207);
  const id = makeIdMaker(random);
  const trainees = Math.max(BIG_GROUP + 50, Math.round(FULL.trainees * scale));
  const groups = Math.max(2, Math.round(FULL.groups * scale));
  const versionsPerTrainee = FULL.reflectionVersions / FULL.trainees;
  const evidenceTarget = Math.round((FULL.evidence / FULL.trainees) * trainees);
  const certificateTarget = Math.round((FULL.certificates / FULL.trainees) * trainees);
  const yearStart = Date.parse('2026-01-05T09:00:00Z');
  const dayMs = 86_400_000;
  const at = (dayOffset: number) => pbDate(new Date(yearStart + dayOffset * dayMs + Math.floor(random() * 36_000_000)));
  const tokenKey = () => id() + id() + id() + id().slice(0, 5);

  const writer = (table: string) => new TableWriter(db, table);
  const inTransaction = (label: string, work: () => void) => {
    const t0 = performance.now();
    db.exec('BEGIN');
    try {
      work();
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    log(`  ${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };

  // 2. People: trainees, then staff (each trainer, assessor and IQA looks after 5 groups).
  interface Person { id: string; email: string; name: string }
  const traineeRows: Person[] = [];
  const staffCount = Math.ceil(groups / GROUPS_PER_STAFF);
  const trainers: Person[] = [];
  const assessors: Person[] = [];
  const iqas: Person[] = [];
  inTransaction(`users: ${trainees} trainees, ${staffCount * 3 + 1} staff`, () => {
    const users = writer('users');
    const person = (email: string, name: string, role: string[], created: string): Person => {
      const p = { id: id(), email, name };
      users.add({ id: p.id, email, name: '', display_name: name, password: hash, tokenKey: tokenKey(), verified: 1, emailVisibility: 0, avatar: '', role: JSON.stringify(role), created, updated: created });
      return p;
    };
    for (let i = 0; i < trainees; i++) traineeRows.push(person(`trainee-${i}@national.example`, `Trainee ${i}`, ['trainee'], at(Math.floor(random() * 60))));
    for (let i = 0; i < staffCount; i++) {
      trainers.push(person(`trainer-${i}@national.example`, `Trainer ${i}`, ['trainer'], at(0)));
      assessors.push(person(`assessor-${i}@national.example`, `Assessor ${i}`, ['assessor'], at(0)));
      iqas.push(person(`iqa-${i}@national.example`, `IQA ${i}`, ['iqa'], at(0)));
    }
    person('admin@national.example', 'Admin', ['admin'], at(0));
  });

  // 3. Groups: group 0 has 200 trainees; the rest share the others. Courses alternate.
  interface Group { id: string; course: CourseShape; trainer: Person; assessor: Person; members: number[] }
  const groupRows: Group[] = [];
  inTransaction(`cohorts: ${groups}`, () => {
    const cohorts = writer('cohorts');
    for (let g = 0; g < groups; g++) {
      const staff = Math.floor(g / GROUPS_PER_STAFF);
      const group: Group = { id: id(), course: shapes[g % 2]!, trainer: trainers[staff]!, assessor: assessors[staff]!, members: [] };
      groupRows.push(group);
      const created = at(Math.floor(g / 50));
      cohorts.add({
        id: group.id, name: `Group ${g + 1}`, course: group.course.slug, code: '', archived: 0, archived_at: '', takes_self_enrolled: 0,
        starts_on: '', ends_on: '', trainers: JSON.stringify([group.trainer.id]), assessors: JSON.stringify([group.assessor.id]),
        iqas: JSON.stringify([iqas[staff]!.id]), verifiers: '[]', created, updated: created,
      });
    }
  });
  for (let i = 0; i < trainees; i++) {
    const g = i < BIG_GROUP ? 0 : 1 + ((i - BIG_GROUP) % (groups - 1));
    groupRows[g]!.members.push(i);
  }
  const groupOf = new Array<Group>(trainees);
  for (const g of groupRows) for (const i of g.members) groupOf[i] = g;

  // Who finishes: 45% of trainees (spread over groups), enough for the certificates.
  const finished = (i: number) => i % 20 < 9 && i !== 0;
  const shared = new Set<string>();

  inTransaction('enrolments', () => {
    const enrolments = writer('enrolments');
    for (let i = 0; i < trainees; i++) {
      const created = at(10 + Math.floor(random() * 30));
      enrolments.add({ id: id(), user: traineeRows[i]!.id, course: groupOf[i]!.course.slug, cohort: groupOf[i]!.id, status: i % 40 === 39 ? 'left' : 'active', created, updated: created });
    }
  });

  // 4. Progress and passed knowledge checks: finished trainees did every module; others part way.
  const modulesDone: number[] = [];
  inTransaction('progress, quiz_attempts', () => {
    const progress = writer('progress');
    const attempts = writer('quiz_attempts');
    for (let i = 0; i < trainees; i++) {
      const course = groupOf[i]!.course;
      const done = i === 0 ? 2 : finished(i) ? course.modules.length : Math.floor(random() * course.modules.length);
      modulesDone.push(done);
      const user = traineeRows[i]!.id;
      for (let m = 0; m < Math.min(done + 1, course.modules.length); m++) {
        const complete = m < done;
        const created = at(40 + m * 7);
        const updated = at(40 + m * 7 + 3);
        progress.add({ id: id(), user, course: course.slug, module: course.modules[m]!, status: complete ? 'completed' : 'started', completed_at: complete ? updated : '', created, updated });
        if (!complete) continue;
        const tries = random() < 0.2 ? 2 : 1;
        for (let a = 1; a <= tries; a++) {
          const passed = a === tries;
          attempts.add({ id: id(), user, course: course.slug, module: course.modules[m]!, answers: '{"q1":[0],"q2":[1],"q3":[2]}', score: passed ? 3 : 1, total: 3, passed: passed ? 1 : 0, asked: null, option_order: null, created: updated, updated });
        }
      }
    }
  });

  // 5. Reflections and their earlier versions: two prompts per module started, versions split
  //    so each trainee has about FULL.reflectionVersions / FULL.trainees of them.
  interface Reflection { id: string; course: string }
  const reflectionsOf: Reflection[][] = [];
  inTransaction('reflections, reflection_versions', () => {
    const reflections = writer('reflections');
    const versions = writer('reflection_versions');
    for (let i = 0; i < trainees; i++) {
      const course = groupOf[i]!.course;
      const user = traineeRows[i]!.id;
      const touched = Math.min(modulesDone[i]! + 1, course.modules.length);
      const prompts = touched * 2;
      const mine: Reflection[] = [];
      let versionsLeft = Math.round(versionsPerTrainee * (0.5 + random()));
      for (let p = 0; p < prompts; p++) {
        const olderVersions = p === prompts - 1 ? versionsLeft : Math.min(versionsLeft, Math.floor(random() * ((2 * versionsLeft) / (prompts - p) + 1)));
        versionsLeft -= olderVersions;
        const reflection = { id: id(), course: course.slug };
        const isShared = random() < 0.2;
        if (isShared) shared.add(reflection.id);
        const created = at(40 + Math.floor(p / 2) * 7);
        const updated = at(40 + Math.floor(p / 2) * 7 + 2);
        reflections.add({
          id: reflection.id, user, course: course.slug, module: course.modules[Math.floor(p / 2)]!, prompt: `p${(p % 2) + 1}`, title: '',
          body: paragraph(random, 3), shared: isShared ? 1 : 0, shared_at: isShared ? updated : '', version: olderVersions + 1, created, updated,
        });
        for (let v = 1; v <= olderVersions; v++) versions.add({ id: id(), reflection: reflection.id, user, version: v, body: paragraph(random, 2), created: updated, updated });
        mine.push(reflection);
      }
      reflectionsOf.push(mine);
    }
  });

  // 6. Evidence with decisions and notifications; sign-offs for finished trainees.
  const evidenceFileName = 'reflective_account_k3j9x0p2qa.pdf';
  const evidenceFiles: string[] = [];
  let decided = 0;
  let waiting = 0;
  inTransaction('evidence, decisions, notifications, unit_signoffs', () => {
    const evidence = writer('evidence');
    const decisions = writer('decisions');
    const notifications = writer('notifications');
    const signoffs = writer('unit_signoffs');
    const finishedCount = Math.ceil(trainees * 0.45);
    const perFinished = 6;
    const perOther = Math.max(1, (evidenceTarget - finishedCount * perFinished) / (trainees - finishedCount));
    let made = 0;
    for (let i = 0; i < trainees; i++) {
      const group = groupOf[i]!;
      const course = group.course;
      const user = traineeRows[i]!.id;
      const done = finished(i);
      const count = i === 0 ? 4 : done ? perFinished : Math.floor(perOther) + (random() < perOther % 1 ? 1 : 0);
      for (let e = 0; e < count && made < evidenceTarget; e++, made++) {
        const criterion = course.criteria[(e * 3 + i) % course.criteria.length]!;
        const created = at(60 + e * 10);
        const linkable = reflectionsOf[i]!.find((r) => shared.has(r.id));
        const withFile = made % 20 === 7;
        const evidenceId = id();
        evidence.add({
          id: evidenceId, user, course: course.slug, criterion, text: paragraph(random, 2), reflection: e === 0 && linkable ? linkable.id : '',
          files: withFile ? JSON.stringify([evidenceFileName]) : '[]', created, updated: created,
        });
        if (withFile) evidenceFiles.push(evidenceId);
        const roll = done ? 0 : random();
        if (roll > 0.85 && !(i === 0 && e === 0)) {
          waiting++;
          continue;
        }
        const outcome = roll > 0.7 ? 'not_yet' : 'met';
        const decisionId = id();
        const when = at(62 + e * 10);
        decisions.add({
          id: decisionId, user, course: course.slug, criterion, evidence: evidenceId, observation: '', supersedes: '', outcome,
          feedback: outcome === 'met' ? 'Clear and thoughtful: met.' : 'Say more about how you would keep the boundary.', assessor: group.assessor.id,
          assessor_name: group.assessor.name, created: when, updated: when,
        });
        decided++;
        notifications.add({ id: id(), user, kind: outcome === 'met' ? 'decision' : 'feedback', link: `/evidence/${course.slug}`, subject: decisionId, read_at: random() < 0.8 ? when : '', emailed_at: when, created: when, updated: when });
      }
      if (done) {
        for (const unit of course.units) {
          const when = at(200);
          signoffs.add({ id: id(), user, course: course.slug, unit: unit.id, signed_by: group.assessor.id, signed_name: group.assessor.name, supersedes: '', withdrawn: 0, reason: '', created: when, updated: when });
        }
      }
    }
  });

  // 7. Certificates for finished trainees, with real snapshots and digests.
  const codes: string[] = [];
  inTransaction(`certificates: ${certificateTarget}`, () => {
    const certificates = writer('certificates');
    const notifications = writer('notifications');
    let index = 0;
    for (let i = 0; i < trainees && codes.length < certificateTarget; i++) {
      if (!finished(i)) continue;
      const person = traineeRows[i]!;
      const course = groupOf[i]!.course;
      const code = generateCode();
      const issuedAt = new Date(yearStart + (200 + (i % 100)) * dayMs);
      const snapshot = buildSnapshot({
        course: course.course, kind: 'full', code, holderName: person.name, holderEmail: person.email, emailSalt: generateSalt(), issuedAt,
        issuer: { name: 'Lived Learning', url: SITE }, assessors: [groupOf[i]!.assessor.name], statusListIndex: index,
      });
      const certificateId = id();
      const when = pbDate(issuedAt);
      certificates.add({
        id: certificateId, code, kind: 'full', user: person.id, course: course.slug, course_version: course.course.version, unit: '',
        snapshot: JSON.stringify(snapshot), snapshot_digest: snapshotDigest(snapshot), credential: JSON.stringify({ placeholder: true }),
        status_index: index, issued_at: when, expires_at: '', revoked_at: index % 500 === 499 ? when : '', revoke_reason: index % 500 === 499 ? 'Issued in error.' : '',
        revoked_by: '', replaces: '', replaced_by: '', holder_name_display: 'full', created: when, updated: when,
      });
      notifications.add({ id: id(), user: person.id, kind: 'certificate', link: `/certificates/${code}`, subject: certificateId, read_at: when, emailed_at: when, created: when, updated: when });
      codes.push(code);
      index++;
    }
  });

  const counts: Record<string, number> = {};
  for (const table of ['users', 'cohorts', 'enrolments', 'progress', 'quiz_attempts', 'reflections', 'reflection_versions', 'evidence', 'decisions', 'notifications', 'unit_signoffs', 'certificates']) {
    counts[table] = (db.prepare(`SELECT count(*) AS n FROM \`${table}\``).get() as { n: number }).n;
  }
  const t0 = performance.now();
  db.exec('ANALYZE');
  log(`  ANALYZE (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  db.close();

  // Evidence files: one small PDF, hard-linked into each record's folder.
  const storage = path.join(dataDir, 'storage', evidenceCollection);
  const original = path.join(outDir, 'evidence.pdf');
  await writeFile(original, '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  for (const record of evidenceFiles) {
    await mkdir(path.join(storage, record), { recursive: true });
    await link(original, path.join(storage, record, evidenceFileName));
  }

  const big = groupRows[0]!;
  const manifest: SeedManifest = {
    scale,
    password: SEED_PASSWORD,
    counts: { ...counts, evidenceWaiting: waiting, decisionsMade: decided, evidenceFiles: evidenceFiles.length },
    trainee: { email: traineeRows[0]!.email, id: traineeRows[0]!.id, course: big.course.slug, module: big.course.modules[1]! },
    trainer: { email: big.trainer.email, id: big.trainer.id },
    assessor: { email: big.assessor.email, id: big.assessor.id },
    bigCohort: { id: big.id, size: big.members.length, course: big.course.slug },
    certificateCodes: codes.slice(0, 200),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  await writeFile(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

/** Reads a folder made by `seedNational`. */
export async function readManifest(outDir: string): Promise<SeedManifest> {
  return JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')) as SeedManifest;
}

if (import.meta.main) {
  const scale = Number(process.env.SCALE ?? '1');
  const outDir = process.argv[2] ? path.resolve(process.argv[2]) : await mkdtemp(path.join(os.tmpdir(), 'lived-learning-national-'));
  console.log(`Seeding SCALE=${scale} into ${outDir}`);
  const manifest = await seedNational(scale, outDir);
  console.log(`\nDone in ${manifest.seconds} s. Rows: ${Object.entries(manifest.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`PocketBase data folder: ${path.join(outDir, 'pb_data')} (every account's password: ${manifest.password})`);
}
