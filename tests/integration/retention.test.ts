/**
 * Retention against a real PocketBase, with a test clock: rows are made now, and the job is run
 * "13 months later" and "37 months later" (reflections 12 months, evidence 36, archived groups
 * 6). Rows older than the limits go (a reflection with its versions, evidence with its file, an
 * archived group), younger ones and kept ones stay, a reflection linked as evidence stays, and
 * each run's audit row holds counts only. Also: the settings are service-only and only
 * administrators save them (audited); a person sets "keep my reflections" on their own record
 * only; `cohorts.archived_at` is set by the hook whatever a client sends; after a run that deleted
 * something, the deleted text is in no file of the data folder (VACUUM), and only the service
 * account reaches the VACUUM route.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { addMonths } from '../../src/lib/privacy/retention.ts';
import { readRetentionFacts, retentionSettings, runRetention, saveRetentionSettings, setKeepReflections } from '../../src/lib/privacy/retention-store.ts';
import { retentionStep } from '../../src/lib/privacy/retention-worker.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createUser, enrol, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'retention-course';
const CANARY = `retention-canary-${Date.now().toString(36)}`;
/** Only in the reflection (and its versions) that the first run deletes. */
const GONE = `gone-${CANARY}`;

/** Every file under the folder whose bytes hold the text (UTF-8 or UTF-16LE). */
async function filesContaining(dir: string, text: string): Promise<string[]> {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = await readFile(file);
    if (needles.some((n) => bytes.includes(n))) found.push(file);
  }
  return found;
}

async function status(request: Promise<unknown>): Promise<number> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ClientResponseError) return error.status;
    throw error;
  }
  return 200;
}

describe('retention', () => {
  let pb: TestPocketBase;
  let service: TypedPocketBase;
  let admin: UserRecord;
  let trainer: UserRecord;
  const real = new Date();
  const day = (d: Date) => d.toISOString().slice(0, 10) + ' 00:00:00.000Z';
  const ids = {} as Record<string, string>;
  const exists = (collection: string, id: string) => service.collection(collection as 'users').getOne(id).then(() => true, () => false);

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = (await serviceClient(pb)) as TypedPocketBase;
    const a = await createUser(service, { email: 'ret-admin@example.org', password: PASSWORD, display_name: 'Ada Admin', roles: ['admin'] });
    const t = await createUser(service, { email: 'ret-trainer@example.org', password: PASSWORD, display_name: 'Tom Trainer', roles: ['trainer', 'assessor'] });
    admin = await service.collection('users').getOne(a.id);
    trainer = await service.collection('users').getOne(t.id);
    const people = {} as Record<string, { id: string; email: string; password: string }>;
    for (const name of ['oldie', 'young', 'keeper', 'linked']) {
      people[name] = await createUser(service, { email: `ret-${name}@example.org`, password: PASSWORD, display_name: name, roles: ['trainee'] });
      ids[name] = people[name]!.id;
    }
    // Group A ended today; group B ends in 6 months; group C is empty.
    ids.groupA = (await service.collection('cohorts').create({ name: 'A', course: COURSE, ends_on: day(real) })).id;
    ids.groupB = (await service.collection('cohorts').create({ name: 'B', course: COURSE, ends_on: day(addMonths(real, 6)) })).id;
    ids.groupC = (await service.collection('cohorts').create({ name: 'C', course: COURSE })).id;
    await enrol(service, people.oldie!, COURSE, ids.groupA);
    await enrol(service, people.keeper!, COURSE, ids.groupA);
    await enrol(service, people.young!, COURSE, ids.groupB);
    await enrol(service, people.linked!, COURSE, ids.groupB);

    const write = async (name: string, edits: number, shared = false, marker = CANARY) => {
      const me = await clientAs(pb.url, people[name]!.email, PASSWORD);
      const r = await me.collection('reflections').create({ user: ids[name], course: COURSE, module: '', prompt: 'free', title: `t ${marker}`, body: `v1 ${marker}`, shared, version: 1 });
      for (let v = 2; v <= edits + 1; v++) await me.collection('reflections').update(r.id, { body: `v${v} ${marker}` });
      return r.id;
    };
    ids.r1 = await write('oldie', 2, false, GONE);
    ids.r2 = await write('young', 0);
    ids.r3 = await write('keeper', 0);
    ids.r4 = await write('linked', 0, true);
    const keeperClient = (await clientAs(pb.url, people.keeper!.email, PASSWORD)) as TypedPocketBase;
    await setKeepReflections(keeperClient, ids.keeper!, true);

    const evidence = async (name: string, reflection = '') => {
      const me = await clientAs(pb.url, people[name]!.email, PASSWORD);
      const form = new FormData();
      form.set('user', ids[name]!);
      form.set('course', COURSE);
      form.set('criterion', 'U1/1.1');
      form.set('text', `evidence ${CANARY}`);
      if (reflection) form.set('reflection', reflection);
      form.append('files', new Blob([`%PDF-1.4\n% ${CANARY}\n%%EOF\n`], { type: 'application/pdf' }), 'e.pdf');
      return (await me.collection('evidence').create(form)).id;
    };
    ids.eOld = await evidence('oldie');
    ids.eYoung = await evidence('young');
    ids.eLinked = await evidence('linked', ids.r4);
    await service.collection('unit_signoffs').create({ user: ids.oldie, course: COURSE, unit: 'U1', signed_by: trainer.id, signed_name: 'Tom Trainer' });

    // A and C archived now (the hook stamps archived_at).
    await service.collection('cohorts').update(ids.groupA, { archived: true });
    await service.collection('cohorts').update(ids.groupC, { archived: true });
  });
  afterAll(async () => {
    await pb?.stop();
  });

  it('nobody reaches retention_settings through the API; only administrators save, with an audit row', async () => {
    const asAdmin = await clientAs(pb.url, 'ret-admin@example.org', PASSWORD);
    expect([403, 404]).toContain(await status(asAdmin.collection('retention_settings').getList(1, 1)));
    expect(await status(asAdmin.collection('retention_settings').create({ key: 'retention', reflections_months: 1, evidence_months: 12, archived_groups_months: 1 }))).toBeGreaterThanOrEqual(400);

    await expect(saveRetentionSettings(service, trainer, { reflectionsMonths: 1, evidenceMonths: 12, archivedGroupsMonths: 1, jobOn: true })).rejects.toMatchObject({ kind: 'forbidden' });
    expect((await retentionSettings(service)).saved).toBe(false);

    const saved = await saveRetentionSettings(service, admin, { reflectionsMonths: 12, evidenceMonths: 36, archivedGroupsMonths: 6, jobOn: true });
    expect(saved).toMatchObject({ reflectionsMonths: 12, evidenceMonths: 36, archivedGroupsMonths: 6, jobOn: true, saved: true });
    const audit = await service.collection('audit_log').getFullList({ filter: 'action = "retention_settings.update"' });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe(admin.id);
    expect(audit[0]!.details).toMatchObject({ after: { reflections_months: 12, evidence_months: 36, archived_groups_months: 6, job_on: true } });
  });

  it('a person sets "keep my reflections" on their own record only', async () => {
    const asYoung = (await clientAs(pb.url, 'ret-young@example.org', PASSWORD)) as TypedPocketBase;
    await expect(setKeepReflections(asYoung, ids.keeper!, false)).rejects.toBeTruthy();
    expect((await service.collection('users').getOne(ids.keeper!)).keep_reflections).toBe(true);
  });

  it('archived_at is stamped by the hook, kept while archived, emptied when brought back; a client’s value is ignored', async () => {
    const g = await service.collection('cohorts').create({ name: 'D', course: COURSE, archived: true, archived_at: '2000-01-01 00:00:00.000Z' });
    const stamped = new Date(g.archived_at.replace(' ', 'T'));
    expect(Math.abs(stamped.getTime() - Date.now())).toBeLessThan(60_000);
    const renamed = await service.collection('cohorts').update(g.id, { name: 'D2', archived_at: '2001-01-01 00:00:00.000Z' });
    expect(renamed.archived_at).toBe(g.archived_at);
    expect((await service.collection('cohorts').update(g.id, { archived: false })).archived_at).toBe('');
    await service.collection('cohorts').delete(g.id);
  });

  it('13 months on: the dry run counts and deletes nothing; the run deletes the old reflection with its versions and the empty archived group', async () => {
    const later = addMonths(real, 13);
    const versionsOfR1 = () => service.collection('reflection_versions').getFullList({ filter: `reflection = "${ids.r1}"` });
    expect(await versionsOfR1()).toHaveLength(2);

    const dry = await runRetention(service, { now: later, dryRun: true, actor: admin });
    expect(dry.counts).toMatchObject({
      reflections: 1,
      reflection_versions: 2,
      evidence: 0,
      groups: 1,
      reflections_kept_by_choice: 1,
      // The linked trainee's group ends 6 months on: their reflection is not due until 18 months.
      reflections_linked_as_evidence: 0,
      groups_with_evidence: 1,
    });
    expect(await exists('reflections', ids.r1!)).toBe(true);
    expect(await service.collection('audit_log').getFullList({ filter: 'action = "retention.run"' })).toHaveLength(0);

    expect(await retentionStep(service, later, () => {})).toBe(true);
    expect(await exists('reflections', ids.r1!)).toBe(false);
    expect(await versionsOfR1()).toHaveLength(0);
    for (const id of [ids.r2, ids.r3, ids.r4]) expect(await exists('reflections', id!)).toBe(true);
    expect(await exists('cohorts', ids.groupC!)).toBe(false);
    expect(await exists('cohorts', ids.groupA!)).toBe(true);
    expect(await exists('cohorts', ids.groupB!)).toBe(true);
    for (const id of [ids.eOld, ids.eYoung, ids.eLinked]) expect(await exists('evidence', id!)).toBe(true);

    // Not again within a day.
    expect(await retentionStep(service, new Date(later.getTime() + 60 * 60_000), () => {})).toBe(false);

    const runs = await service.collection('audit_log').getFullList({ filter: 'action = "retention.run"' });
    expect(runs).toHaveLength(1);
    const row = runs[0]!;
    expect(row.actor).toBe('');
    expect(row.actor_name).toBe('retention job');
    expect(row.details).toMatchObject({
      trigger: 'daily',
      deleted: { reflections: 1, reflection_versions: 2, evidence: 0, evidence_files: 0, groups: 1 },
      kept: { reflections_kept_by_choice: 1, reflections_linked_as_evidence: 0, groups_with_evidence: 1, groups_with_qa_records: 0 },
      failed: 0,
    });
    // Counts only: no text anyone wrote, no ids of what went.
    const json = JSON.stringify(row);
    expect(json).not.toContain(CANARY);
    expect(json).not.toContain(ids.r1);
    expect((await retentionSettings(service)).lastRunAt).toBe(later.toISOString());

    // The run VACUUMed: after a checkpoint, the deleted text is in no file of the data folder.
    expect(await filesContaining(pb.dataDir, CANARY)).not.toEqual([]); // the kept reflections
    await service.send('/api/ll/privacy/checkpoint', { method: 'POST' });
    expect(await filesContaining(pb.dataDir, GONE)).toEqual([]);
  });

  it('the VACUUM route is for the service account only', async () => {
    const asAdmin = await clientAs(pb.url, 'ret-admin@example.org', PASSWORD);
    expect(await status(asAdmin.send('/api/ll/retention/vacuum', { method: 'POST' }))).toBeGreaterThanOrEqual(401);
    expect((await fetch(`${pb.url}/api/ll/retention/vacuum`, { method: 'POST' })).status).toBeGreaterThanOrEqual(401);
    expect(await service.send('/api/ll/retention/vacuum', { method: 'POST' })).toEqual({ vacuumed: true });
  });

  it('37 months on: signed-off evidence goes with its file; evidence of a group still within its time stays; the group goes once its evidence has', async () => {
    const later = addMonths(real, 37);
    expect(await retentionStep(service, later, () => {})).toBe(true);
    expect(await exists('evidence', ids.eOld!)).toBe(false);
    expect(await exists('evidence', ids.eYoung!)).toBe(true);
    expect(await exists('evidence', ids.eLinked!)).toBe(true);
    // The young trainee's reflection is due now (group B ended 31 months ago); the linked one is
    // due too, but evidence links it: it stays, counted.
    expect(await exists('reflections', ids.r2!)).toBe(false);
    expect(await exists('reflections', ids.r3!)).toBe(true);
    expect(await exists('reflections', ids.r4!)).toBe(true);
    // Group A's evidence went in this run, and it did not go before: now the group goes too.
    expect(await exists('cohorts', ids.groupA!)).toBe(false);
    expect(await exists('cohorts', ids.groupB!)).toBe(true);

    const runs = await service.collection('audit_log').getFullList({ filter: 'action = "retention.run"', sort: '-created' });
    expect(runs).toHaveLength(2);
    expect(runs[0]!.details).toMatchObject({ deleted: { reflections: 1, evidence: 1, evidence_files: 1, groups: 1 }, kept: { reflections_kept_by_choice: 1, reflections_linked_as_evidence: 1 } });
    expect(JSON.stringify(runs[0])).not.toContain(CANARY);
  });

  it('reads no text: the facts hold ids, owners, courses and dates only', async () => {
    const facts = await readRetentionFacts(service);
    expect(JSON.stringify({ ...facts, versionCounts: [...facts.versionCounts], keepers: [...facts.keepers], qaCohorts: [...facts.qaCohorts] })).not.toContain(CANARY);
  });

  it('an administrator’s "run now" is audited with their name; someone else cannot run it', async () => {
    await expect(runRetention(service, { now: new Date(), dryRun: false, actor: trainer })).rejects.toMatchObject({ kind: 'forbidden' });
    await runRetention(service, { now: addMonths(real, 37), dryRun: false, actor: admin });
    const [row] = await service.collection('audit_log').getFullList({ filter: 'action = "retention.run"', sort: '-created,-id' });
    expect(row!.actor).toBe(admin.id);
    expect(row!.details).toMatchObject({ trigger: 'admin', deleted: { reflections: 0, evidence: 0, groups: 0 } });
  });
});
