/**
 * "Download everything about me" and "Close my account" against a real PocketBase
 * (docs/PRIVACY.md): every migrated collection has an entry in the privacy table; the export
 * holds the person's reflection versions and evidence file; closing the account leaves no
 * trace of anything the trainee wrote anywhere in the data folder (databases and storage,
 * after a WAL checkpoint), keeps decisions under a pseudonym, and a certificate issued before
 * still verifies with the name as printed. Only a superuser can reach the erase route.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import PocketBase from 'pocketbase';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate } from '../../src/lib/certificates/issue.ts';
import { generateSigningKey } from '../../src/lib/certificates/keys.ts';
import { verifyCode } from '../../src/lib/certificates/verify-service.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { NOT_PERSONAL, PRIVACY_HANDLERS, pseudonymFor } from '../../src/lib/privacy/collections.ts';
import { eraseAccount } from '../../src/lib/privacy/erase.ts';
import { collectPersonData, exportZipStream, serviceFileFetcher } from '../../src/lib/privacy/export.ts';
import { completeCourse } from '../support/certificates.ts';
import { clientAs, createUser, enrol, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { tinyCourse } from '../fixtures/ob3/sample.ts';

const PASSWORD = 'correct-horse-battery';
const tiny = tinyCourse();

let pb: TestPocketBase;
let service: PocketBase;
let svc: TypedPocketBase;

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = await serviceClient(pb);
  svc = service as TypedPocketBase;
});
afterAll(async () => {
  await pb?.stop();
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/** Every file under the data folder whose bytes contain the text (UTF-8 or UTF-16LE). */
async function filesContaining(dir: string, text: string): Promise<string[]> {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(file);
    if (needles.some((n) => bytes.includes(n))) found.push(path.relative(dir, file));
  }
  return found;
}

async function readStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('privacy table', () => {
  it('has an entry for every collection PocketBase holds (add one to src/lib/privacy/collections.ts)', async () => {
    const collections = await service.collections.getFullList({ batch: 500 });
    const missing = collections.map((c) => c.name).filter((name) => !NOT_PERSONAL.has(name) && !(name in PRIVACY_HANDLERS));
    expect(missing).toEqual([]);
  });

  it('names only fields that exist in each collection', async () => {
    const collections = await service.collections.getFullList({ batch: 500 });
    const problems: string[] = [];
    for (const c of collections) {
      const handler = PRIVACY_HANDLERS[c.name];
      if (!handler) continue;
      const names = new Set(['id', ...c.fields.map((f) => f.name)]);
      for (const field of [...handler.fields, ...(handler.listFields ?? []), ...Object.keys(handler.set ?? {})]) {
        if (!names.has(field.split('.')[0]!)) problems.push(`${c.name}.${field}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('closing an account', () => {
  const CANARY = `canary-${Date.now().toString(36)}-Zq7x`;
  let trainee: { id: string; email: string; password: string };
  let assessor: { id: string; email: string; password: string };
  let certificateCode = '';
  let evidenceId = '';
  const criterion = tiny.units.flatMap((u) => u.outcomes.flatMap((o) => o.criteria)).find((c) => c.evidence !== 'knowledge-check')!.ref;

  beforeAll(async () => {
    assessor = await createUser(service, { email: 'privacy-assessor@example.org', password: PASSWORD, display_name: 'Sam Assessor', roles: ['assessor'] });
    trainee = await createUser(service, { email: 'privacy-trainee@example.org', password: PASSWORD, display_name: 'Robin Printed', roles: ['trainee'] });
    const cohort = await service.collection('cohorts').create({ name: 'Privacy group', course: tiny.slug, assessors: [assessor.id] });
    await enrol(service, trainee, tiny.slug, cohort.id);

    // The certificate first, with the name as printed (no canary in it: that name is kept).
    await completeCourse(service, trainee.id, tiny, { assessor: { id: assessor.id, name: 'Sam Assessor' } });
    const { certificate } = await issueCertificate(
      { service: svc, key: await generateSigningKey() },
      {
        holder: { id: trainee.id, email: trainee.email, display_name: 'Robin Printed' },
        course: tiny,
        kind: 'full',
        unit: '',
        holderName: 'Robin Printed',
        nameDisplay: 'full',
        siteUrl: 'https://learning.example.org',
        issuerName: 'Lived Learning',
      },
    );
    certificateCode = certificate.code;

    // Every free-text field the trainee can fill, as the trainee.
    const me = await clientAs(pb.url, trainee.email, PASSWORD);
    await me.collection('users').update(trainee.id, { display_name: `Robin ${CANARY}`, pronouns: `they ${CANARY}` });
    const reflection = await me.collection('reflections').create({
      user: trainee.id,
      course: tiny.slug,
      module: '',
      prompt: 'free',
      title: `title ${CANARY}`,
      body: `first body ${CANARY}`,
      shared: true,
      version: 1,
    });
    await me.collection('reflections').update(reflection.id, { body: `second body ${CANARY}` });
    await me.collection('reflections').update(reflection.id, { body: `third body ${CANARY}` });
    await me.collection('module_feedback').create({
      user: trainee.id,
      course: tiny.slug,
      module: tiny.modules[0]!.id,
      useful: 'partly',
      hard_to_read: `hard ${CANARY}`,
      change: `change ${CANARY}`,
    });
    await me.collection('assessment_requests').create({ user: trainee.id, course: tiny.slug, message: `please ${CANARY}` });
    const pdf = new Blob([`%PDF-1.4\n% ${CANARY}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`], { type: 'application/pdf' });
    const form = new FormData();
    form.set('user', trainee.id);
    form.set('course', tiny.slug);
    form.set('criterion', criterion);
    form.set('text', `evidence ${CANARY}`);
    form.set('reflection', reflection.id);
    form.append('files', pdf, 'my-evidence.pdf');
    evidenceId = (await me.collection('evidence').create(form)).id;
    await service.collection('decisions').create({
      user: trainee.id,
      course: tiny.slug,
      criterion,
      evidence: evidenceId,
      outcome: 'met',
      feedback: 'Clear and thoughtful.',
      assessor: assessor.id,
      assessor_name: 'Sam Assessor',
    });
    await service.collection('email_outbox').create({
      recipient_user: trainee.id,
      to_address: trainee.email,
      kind: 'password_reset',
      data: { name: `Robin ${CANARY}` },
      status: 'queued',
    });
  });

  it('downloads everything first: the report, every reflection version and the evidence file', async () => {
    const data = await collectPersonData(svc, trainee.id, new Date());
    expect(data.collections.reflections?.[0]).toMatchObject({ body: `third body ${CANARY}` });
    expect((data.collections.reflection_versions ?? []).map((v) => v.body).sort()).toEqual([`first body ${CANARY}`, `second body ${CANARY}`]);
    expect(data.collections.users?.[0]).not.toHaveProperty('password');
    expect(data.collections.users?.[0]).not.toHaveProperty('tokenKey');
    expect(data.collections.decisions?.length).toBeGreaterThan(0);
    expect(data.collections.certificates?.length).toBe(1);
    const zip = unzipSync(await readStream(exportZipStream(data, 'Robin', serviceFileFetcher(svc))));
    expect(strFromU8(zip['report.html']!)).toContain(`third body ${CANARY}`);
    expect(JSON.parse(strFromU8(zip['data/reflections.json']!))[0].title).toBe(`title ${CANARY}`);
    const file = Object.keys(zip).find((name) => name.startsWith(`files/evidence/${evidenceId}/`));
    expect(file).toBeDefined();
    expect(strFromU8(zip[file!]!)).toContain(CANARY);
  });

  it('refuses the erase route to a signed-in person (even for themself) and to nobody', async () => {
    const me = await clientAs(pb.url, trainee.email, PASSWORD);
    const body = { user: trainee.id, pseudonym: 'x', steps: [{ collection: 'users', action: 'tombstone' }] };
    await expect(me.send('/api/ll/privacy/erase', { method: 'POST', body })).rejects.toMatchObject({ status: expect.any(Number) });
    const status = (await fetch(`${pb.url}/api/ll/privacy/erase`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })).status;
    expect([401, 403]).toContain(status);
    expect((await service.collection('users').getOne(trainee.id)).email).toBe(trainee.email);
  });

  it('leaves no trace of the canary in the data folder, keeps decisions pseudonymised, and the certificate still verifies', async () => {
    expect((await filesContaining(pb.dataDir, CANARY)).length).toBeGreaterThan(0); // the search works
    const storageDir = path.join(pb.dataDir, 'storage');
    const evidenceCollection = await service.collections.getOne('evidence');
    await expect(stat(path.join(storageDir, evidenceCollection.id, evidenceId))).resolves.toBeTruthy();

    const result = await eraseAccount(svc, trainee.id, { kind: 'self' });
    expect(result).toMatchObject({ pseudonym: pseudonymFor(trainee.id), vacuumed: true });

    const checkpoint = await service.send('/api/ll/privacy/checkpoint', { method: 'POST' });
    expect(checkpoint.busy).toBe(0);
    expect(await filesContaining(pb.dataDir, CANARY)).toEqual([]);
    await expect(stat(path.join(storageDir, evidenceCollection.id, evidenceId))).rejects.toThrow();

    // Gone: cannot sign in; rows deleted.
    await expect(clientAs(pb.url, trainee.email, PASSWORD)).rejects.toMatchObject({ status: 400 });
    for (const name of ['reflections', 'reflection_versions', 'evidence', 'module_feedback', 'quiz_attempts', 'progress', 'assessment_requests', 'email_outbox']) {
      expect(await service.collection(name).getFullList({ filter: `user = "${trainee.id}"`.replace('user', name === 'email_outbox' ? 'recipient_user' : 'user') }), name).toEqual([]);
    }
    // Stays, pseudonymised.
    const stub = await service.collection('users').getOne(trainee.id);
    expect(stub).toMatchObject({ display_name: pseudonymFor(trainee.id), pronouns: '', role: [] });
    expect(stub.email).not.toContain('privacy-trainee');
    const decisions = await service.collection('decisions').getFullList({ filter: `user = "${trainee.id}"` });
    expect(decisions.length).toBeGreaterThan(1);
    const audit = await service.collection('audit_log').getFirstListItem(`action = "account.erase" && target_id = "${trainee.id}"`);
    expect(JSON.stringify(audit)).not.toContain(CANARY);

    const verified = await verifyCode(svc, certificateCode);
    expect(verified).toMatchObject({ status: 'valid' });
    expect(JSON.stringify(verified)).toContain('Robin Printed');
  });
});

describe('an admin closes an account for a request made offline', () => {
  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.set(k, v);
    return f;
  };

  it('finds by email, needs the tick, closes it, and the audit row names the admin and holds no content', async () => {
    const { staffEraseForm } = await import('../../src/lib/privacy/staff.ts');
    const admin = await createUser(service, { email: 'privacy-admin@example.org', password: PASSWORD, display_name: 'Ada Admin', roles: ['admin'] });
    const trainer = await createUser(service, { email: 'privacy-trainer@example.org', password: PASSWORD, display_name: 'Tess Trainer', roles: ['trainer'] });
    const kim = await createUser(service, { email: 'privacy-kim@example.org', password: PASSWORD, display_name: 'Kim Offline', roles: ['trainee'] });
    const secret = `offline-${Date.now().toString(36)}`;
    await (await clientAs(pb.url, kim.email, PASSWORD)).collection('reflections').create({ user: kim.id, course: tiny.slug, module: '', prompt: 'free', title: 't', body: secret, version: 1 });
    const adminRecord = { id: admin.id, email: admin.email, display_name: 'Ada Admin', role: ['admin' as const] };
    const services = async () => svc;

    // Not an admin: refused, nothing happens.
    const refused = await staffEraseForm({ admin: { id: trainer.id, email: trainer.email, display_name: 'Tess', role: ['trainer'] }, form: form({ step: 'erase', user: kim.id, confirm: 'yes' }), service: services });
    expect(refused).toMatchObject({ kind: 'problem', status: 403 });
    // Found by email; not closed without the tick; never themself.
    expect(await staffEraseForm({ admin: adminRecord, form: form({ step: 'find', email: 'PRIVACY-KIM@example.org' }), service: services })).toMatchObject({ kind: 'found', user: { id: kim.id } });
    expect(await staffEraseForm({ admin: adminRecord, form: form({ step: 'find', email: admin.email }), service: services })).toMatchObject({ kind: 'problem' });
    expect(await staffEraseForm({ admin: adminRecord, form: form({ step: 'erase', user: kim.id }), service: services })).toMatchObject({ kind: 'problem', fields: { confirm: expect.any(String) } });
    expect(await service.collection('reflections').getFullList({ filter: `user = "${kim.id}"` })).toHaveLength(1);

    const done = await staffEraseForm({ admin: adminRecord, form: form({ step: 'erase', user: kim.id, confirm: 'yes' }), service: services });
    expect(done).toMatchObject({ kind: 'erased', result: { pseudonym: pseudonymFor(kim.id) } });
    expect(await service.collection('reflections').getFullList({ filter: `user = "${kim.id}"` })).toHaveLength(0);
    const audit = await service.collection('audit_log').getFirstListItem(`action = "account.erase" && target_id = "${kim.id}"`);
    expect(audit).toMatchObject({ actor: admin.id, actor_name: 'Ada Admin', details: { by: 'admin', counts: { reflections: 1 } } });
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(audit)).not.toContain('Kim Offline');
    // Closing twice is refused plainly.
    expect(await staffEraseForm({ admin: adminRecord, form: form({ step: 'erase', user: kim.id, confirm: 'yes' }), service: services })).toMatchObject({ kind: 'problem' });
  });
});
