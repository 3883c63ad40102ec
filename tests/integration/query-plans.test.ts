/**
 * National scale (issue 20): the SQL PocketBase runs for the main pages uses indexes. PocketBase
 * is started with `--dev`, which prints every SQL statement it runs; the requests below are the
 * ones the pages send (a trainee's own rows brought along by the session check, a trainer's
 * and an assessor's lists for a group, a bulk certificate check). Each SELECT it printed is then
 * put to SQLite's EXPLAIN QUERY PLAN on the real data.db after every migration: none may SCAN a
 * table (only json_each's virtual tables, which walk one cohort's short staff list, may).
 *
 * A plan, not a timing: what the rules were before migration 1795437300 (`@collection.enrolments`
 * aliases) became `SCAN <alias>` of every enrolment for every row, and the cohort overview timed
 * out with 500 trainees (docs/SCALING.md "National data volume").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/lib/server/pocketbase-process.ts';
import { AUTH_REFRESH_WITH_OWN_RECORDS } from '../../src/lib/trainee/own-records-store.ts';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { repoPocketBaseDirs, startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'peer-support-foundations';
/** Collections the trainee pages, the overview and the queue read with the person's own token. */
const LISTED = ['progress', 'quiz_attempts', 'reflections', 'evidence', 'observations', 'decisions', 'unit_signoffs'] as const;

interface Captured {
  /** What the test asked for, e.g. `trainer: evidence`. */
  request: string;
  sql: string[];
}

describe('query plans of the main pages (EXPLAIN QUERY PLAN on the migrated data.db)', () => {
  let pb: TestPocketBase;
  let dev: ChildProcess | undefined;
  const output: string[] = [];
  const captured: Captured[] = [];

  beforeAll(async () => {
    // Accounts and a group, made through a normal test PocketBase, then stopped.
    pb = await startTestPocketBase();
    const service = await serviceClient(pb);
    const trainees: TestUser[] = [];
    for (let i = 0; i < 3; i++) trainees.push(await createUser(service, { email: `plan-trainee-${i}@example.test`, password: PASSWORD, display_name: `Trainee ${i}`, roles: ['trainee'] }));
    const staff = await createUser(service, { email: 'plan-staff@example.test', password: PASSWORD, display_name: 'Staff', roles: ['trainer', 'assessor'] });
    const cohort = await createCohort(service, { name: 'Plans', course: COURSE, trainers: [staff.id], assessors: [staff.id] });
    for (const t of trainees) await enrol(service, t, COURSE, cohort);
    const evidence = await service.collection('evidence').create({ user: trainees[0]!.id, course: COURSE, criterion: 'U1/1.1', text: 'Evidence.' });
    await service.collection('decisions').create({ user: trainees[0]!.id, course: COURSE, criterion: 'U1/1.1', evidence: evidence.id, outcome: 'met', feedback: 'Met.', assessor: staff.id, assessor_name: 'Staff' });
    // A row in each collection the trainee's own rows come from, so each expand reads something.
    const module = 'what-peer-support-is';
    for (const t of trainees) {
      await service.collection('progress').create({ user: t.id, course: COURSE, module, status: 'started' });
      const reflection = await service.collection('reflections').create({ user: t.id, course: COURSE, module, prompt: 'p1', body: 'A reflection.', shared: true, version: 1 });
      await service.collection('quiz_attempts').create({ user: t.id, course: COURSE, module, answers: {}, score: 1, total: 3, passed: false });
      await service.collection('observations').create({ user: t.id, course: COURSE, criterion: 'U1/1.2', observed_on: '2026-11-20', context: 'Group', notes: 'Seen.', assessor: staff.id });
      await service.collection('evidence').create({ user: t.id, course: COURSE, criterion: 'U1/1.2', reflection: reflection.id });
    }
    await pb.stop({ keepDataDir: true });

    // The same folder under `pocketbase serve --dev`, which prints each SQL statement.
    const { migrationsDir, hooksDir } = repoPocketBaseDirs();
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    dev = spawn(pb.bin, ['serve', `--http=127.0.0.1:${port}`, `--dir=${pb.dataDir}`, `--migrationsDir=${migrationsDir}`, `--hooksDir=${hooksDir}`, '--automigrate=false', '--hooksWatch=false', '--dev'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    const collect = (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      output.push(...lines);
    };
    dev.stdout!.on('data', collect);
    dev.stderr!.on('data', collect);
    for (let i = 0; ; i++) {
      const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 300) throw new Error(`PocketBase --dev did not start:\n${output.slice(-20).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
    const capture = async (request: string, send: () => Promise<unknown>) => {
      await settle();
      const from = output.length;
      await send();
      await settle();
      const sql = output.slice(from).map((line) => /^\[[\d.]+ms\] ((?:SELECT|WITH) .*)$/.exec(line.trim())?.[1]).filter((s): s is string => !!s);
      captured.push({ request, sql });
    };

    // A trainee's module page and dashboard: the session check brings their own rows along.
    const trainee = await clientAs(url, trainees[0]!.email, PASSWORD);
    await capture('trainee: own rows (auth refresh with expand)', () => trainee.collection('users').authRefresh(AUTH_REFRESH_WITH_OWN_RECORDS));
    // Rating themself and asking a peer: each create rule is checked against the new row (before
    // migration 1795437400 it joined every enrolment with every enrolment, up to four times).
    const me = trainees[0]!;
    await capture('trainee: a self-rating', () =>
      trainee.collection('competency_ratings').create({ user: me.id, course: COURSE, competency: 'c1', role: 'self', score: 3, rater: me.id, rater_name: 'Trainee 0' }),
    );
    await capture('trainee: asks a peer to rate them', () =>
      trainee.collection('rating_invites').create({ user: me.id, course: COURSE, peer: trainees[1]!.id, trainee_name: 'Trainee 0', peer_name: 'Trainee 1', status: 'open' }),
    );
    // The group's discussion: threads and posts are read through the group's members
    // (migration 1795437401; before it, every enrolment for every row).
    const writer = await serviceClient(pb, url);
    const thread = await writer.collection('discussion_threads').create({ cohort, author: me.id, title: 'A thread' });
    await writer.collection('discussion_posts').create({ thread: thread.id, author: me.id, body: 'A post.', state: 'shown' });
    await capture('trainee: the group discussion', () => trainee.collection('discussion_threads').getList(1, 50, { skipTotal: true, filter: `cohort = "${cohort}"` }));
    await capture('trainee: a thread’s posts', () => trainee.collection('discussion_posts').getList(1, 50, { skipTotal: true, filter: `thread = "${thread.id}"` }));
    // The cohort overview and the assessor's queue: each collection listed for the group's trainees.
    const asStaff = await clientAs(url, staff.email, PASSWORD);
    const members = trainees.map((t) => `user = "${t.id}"`).join(' || ');
    for (const collection of LISTED) {
      await capture(`staff: ${collection}`, () => asStaff.collection(collection).getList(1, 1000, { skipTotal: true, filter: `(course = "${COURSE}") && (${members})` }));
    }
    await capture('staff: enrolments of the group', () => asStaff.collection('enrolments').getList(1, 1000, { skipTotal: true, filter: `cohort = "${cohort}" && course = "${COURSE}"` }));
    // Verify API and bulk verify: certificates by code, as the service account.
    const superuser = await serviceClient(pb, url);
    await capture('verify: certificates by code', () => superuser.collection('certificates').getList(1, 100, { skipTotal: true, filter: 'code = "7K3MQ9TXZB2R4WH1" || code = "7K3MQ9TXZB2R4WH2"' }));
  }, 120_000);

  afterAll(async () => {
    if (dev && dev.exitCode === null) {
      const exited = new Promise((resolve) => dev!.once('exit', resolve));
      dev.kill('SIGTERM');
      await exited;
    }
    // stop() already ran (keeping the folder for --dev); remove the temporary folder now.
    if (pb) await rm(path.dirname(pb.dataDir), { recursive: true, force: true });
  });

  it('PocketBase printed the SQL of every request', () => {
    for (const { request, sql } of captured) expect(sql.length, `${request}: no SQL captured`).toBeGreaterThan(0);
    expect(captured.map((c) => c.request)).toEqual([
      'trainee: own rows (auth refresh with expand)',
      'trainee: a self-rating',
      'trainee: asks a peer to rate them',
      'trainee: the group discussion',
      'trainee: a thread’s posts',
      ...LISTED.map((c) => `staff: ${c}`),
      'staff: enrolments of the group',
      'verify: certificates by code',
    ]);
  });

  it('no query of these pages scans a table', () => {
    const db = new DatabaseSync(path.join(pb.dataDir, 'data.db'), { readOnly: true });
    try {
      const scans: string[] = [];
      let planned = 0;
      for (const { request, sql } of captured) {
        for (const statement of sql) {
          // Only the reads of the collections these pages list (not PocketBase's own settings).
          // A list PocketBase already knows is empty (`WHERE (0=1)`) reads nothing, whatever its plan.
          if (statement.includes('(0=1)')) continue;
          // A create rule is checked on a one-row stand-in for the new record (`WITH <name>__pb_create__…`).
          if (!/(FROM `(users|enrolments|certificates|progress|quiz_attempts|reflections|evidence|observations|decisions|unit_signoffs|notifications|module_feedback|discussion_threads|discussion_posts)`)|__pb_create__/.test(statement)) continue;
          const plan = db.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { detail: string }[];
          planned++;
          for (const { detail } of plan) {
            if (/^SCAN /.test(detail) && !/VIRTUAL TABLE|CONSTANT ROW|__pb_create__/.test(detail)) scans.push(`${request}: ${detail}\n    in ${statement.slice(0, 300)}…`);
          }
        }
      }
      expect(planned).toBeGreaterThanOrEqual(LISTED.length + 2);
      expect(scans, scans.join('\n')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('each staff list finds its rows through the trainee index, and the enrolment through (user, course)', () => {
    const db = new DatabaseSync(path.join(pb.dataDir, 'data.db'), { readOnly: true });
    try {
      const evidence = captured.find((c) => c.request === 'staff: evidence')!.sql.find((s) => s.includes('FROM `evidence`'))!;
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${evidence}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(plan).toMatch(/SEARCH evidence USING INDEX idx_evidence_user_course_criterion/);
      expect(plan).toMatch(/SEARCH \S+ USING (COVERING )?INDEX idx_enrolments_user_course \(user=\?/);
    } finally {
      db.close();
    }
  });
});
