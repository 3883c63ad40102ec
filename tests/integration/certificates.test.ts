/**
 * Certificates against the real PocketBase, with the repository's migrations, rules and
 * hooks: issuing (eligibility, twenty requests at once make one row, distinct status-list
 * bits), the signed credential checked against the DID document the site serves, revocation
 * (verify result, status list, audit log), corrected re-issue, who may change what, and the
 * bulk check of 10,000 codes in batches.
 */
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBulkCsv } from '../../src/lib/certificates/bulk-csv.ts';
import { findByCode, lookUpCodes, LOOKUP_BATCH } from '../../src/lib/certificates/certificates-store.ts';
import { generateCode, formatCode } from '../../src/lib/certificates/code.ts';
import { verifyCredential } from '../../src/lib/certificates/credential.ts';
import { issueCertificate, NotEligible, reissueCertificate, revokeCertificate, type IssueRequest } from '../../src/lib/certificates/issue.ts';
import { siteDidDocument } from '../../src/lib/certificates/issuer.ts';
import { generateSigningKey, type SigningKey } from '../../src/lib/certificates/keys.ts';
import { buildSnapshot, generateSalt, snapshotDigest } from '../../src/lib/certificates/snapshot.ts';
import { checkRevocation } from '../../src/lib/certificates/status-list.ts';
import { bulkVerifyCsv, signedStatusList, statusListCredential, verifyCode } from '../../src/lib/certificates/verify-service.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { DomainError } from '../../src/lib/errors.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { CertificateRecord } from '../../src/lib/records.ts';
import { completeCourse } from '../support/certificates.ts';
import { clientAs, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { tinyCourse } from '../fixtures/ob3/sample.ts';

const PASSWORD = 'correct-horse-battery';
const SITE = 'https://learning.example.org';
const root = path.resolve(import.meta.dirname, '../..');
const tiny = tinyCourse();
const open = loadCourses(path.join(root, 'tests/fixtures/courses/journey'), root).courses.find((c) => c.slug === 'open-course')!;

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('certificates', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  let svc: TypedPocketBase;
  let key: SigningKey;
  let assessor: TestUser;
  let admin: TestUser;
  let n = 0;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    svc = service as TypedPocketBase;
    key = await generateSigningKey();
    assessor = await createUser(service, { email: 'assessor@example.org', password: PASSWORD, display_name: 'Sam Okafor', roles: ['assessor'] });
    admin = await createUser(service, { email: 'admin@example.org', password: PASSWORD, display_name: 'Ada Admin', roles: ['admin'] });
  });
  afterAll(async () => {
    await pb?.stop();
  });

  async function trainee(name = 'Jordan Ellis-Mbeki'): Promise<TestUser & { name: string }> {
    n += 1;
    const user = await createUser(service, { email: `trainee${n}@example.org`, password: PASSWORD, display_name: name, roles: ['trainee'] });
    return { ...user, name };
  }

  const request = (user: TestUser & { name: string }, over: Partial<IssueRequest> = {}): IssueRequest => ({
    holder: { id: user.id, email: user.email, display_name: user.name },
    course: tiny,
    kind: 'full',
    unit: '',
    holderName: user.name,
    nameDisplay: 'full',
    siteUrl: SITE,
    issuerName: 'Lived Learning',
    ...over,
  });
  const deps = () => ({ service: svc, key });
  const rowsOf = (user: string) => service.collection('certificates').getFullList<CertificateRecord>({ filter: service.filter('user = {:user}', { user }) });

  describe('issuing', () => {
    it('refuses a trainee who is not ready, listing exactly what is still to do', async () => {
      const kim = await trainee('Kim Lee');
      await completeCourse(service, kim.id, tiny, { assessor: { id: assessor.id, name: 'Sam Okafor' }, units: ['U1'], skipModules: ['second'] });
      const error = await failure(issueCertificate(deps(), request(kim)));
      expect(error).toBeInstanceOf(NotEligible);
      expect((error as NotEligible).missing).toEqual([
        { text: 'Module ‘The second module’ is not done yet', href: '/courses/tiny-course/second' },
        { text: '‘Reflect on the second thing’ (unit 2, criterion 1.1) is not yet met', href: '/evidence/tiny-course#criterion-U2-1-1' },
        { text: 'Unit 2, ‘Second unit’, is not signed off yet', href: '/evidence/tiny-course#te-unit-U2' },
      ]);
      expect(await rowsOf(kim.id)).toHaveLength(0);
    });

    it('twenty requests at once make exactly one certificate, and all twenty get it', async () => {
      const jo = await trainee();
      await completeCourse(service, jo.id, tiny, { assessor: { id: assessor.id, name: 'Sam Okafor' } });
      const results = await Promise.all(Array.from({ length: 20 }, () => issueCertificate(deps(), request(jo))));
      const rows = await rowsOf(jo.id);
      expect(rows).toHaveLength(1);
      expect(new Set(results.map((r) => r.certificate.code))).toEqual(new Set([rows[0]!.code]));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'full', course: 'tiny-course', course_version: tiny.version, unit: '', replaces: '', holder_name_display: 'full' });
      const snapshot = rows[0]!.snapshot as ReturnType<typeof buildSnapshot>;
      expect(snapshot.holder.name).toBe('Jordan Ellis-Mbeki');
      expect(snapshot.assessors).toEqual(['Sam Okafor']);
      expect(snapshot.units.map((u) => u.id)).toEqual(['U1', 'U2']);
      expect(snapshotDigest(snapshot)).toBe(rows[0]!.snapshot_digest);

      // Pressing the button again later returns the same certificate.
      const again = await issueCertificate(deps(), request(jo, { holderName: 'Someone Else' }));
      expect(again).toMatchObject({ created: false, certificate: { code: rows[0]!.code } });

      const audit = await service.collection('audit_log').getFullList({ filter: service.filter('action = "certificate.issue" && target_id = {:id}', { id: rows[0]!.id }) });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: jo.id, target_collection: 'certificates', details: { code: rows[0]!.code, course: 'tiny-course' } });
    });

    it('gives different trainees issuing at the same moment different status-list bits', async () => {
      const people = await Promise.all(Array.from({ length: 6 }, () => trainee('Pat Doe')));
      for (const p of people) await completeCourse(service, p.id, open);
      const results = await Promise.all(people.map((p) => issueCertificate(deps(), request(p, { course: open, kind: 'attendance' }))));
      const indexes = results.map((r) => r.certificate.status_index);
      expect(new Set(indexes).size).toBe(people.length);
      expect(results.every((r) => r.created && r.certificate.kind === 'attendance')).toBe(true);
      const snapshot = (await findByCode(svc, results[0]!.certificate.code))!.snapshot as ReturnType<typeof buildSnapshot>;
      expect(snapshot).toMatchObject({ kind: 'attendance', accreditation: null, units: [], assessors: [] });
    });

    it('gives a unit certificate for a unit complete and signed off, before the course is finished', async () => {
      const lee = await trainee('Lee Park');
      await completeCourse(service, lee.id, tiny, { assessor: { id: assessor.id, name: 'Priya Nair' }, units: ['U1'], skipModules: ['second'] });
      const unit = await issueCertificate(deps(), request(lee, { kind: 'unit', unit: 'U1' }));
      expect(unit.certificate).toMatchObject({ kind: 'unit', unit: 'U1' });
      expect((unit.certificate.snapshot as ReturnType<typeof buildSnapshot>).units.map((u) => u.id)).toEqual(['U1']);
      expect(await failure(issueCertificate(deps(), request(lee, { kind: 'unit', unit: 'U2' })))).toBeInstanceOf(NotEligible);
      const wrongKind = await failure(issueCertificate(deps(), request(lee, { kind: 'attendance' })));
      expect(wrongKind).toBeInstanceOf(DomainError);
      expect((wrongKind as DomainError).kind).toBe('invalid');
    });
  });

  describe('the signed credential', () => {
    it('verifies against the DID document the site serves, and the status list says it is active', async () => {
      const ari = await trainee('Ari Quinn');
      await completeCourse(service, ari.id, tiny, { assessor: { id: assessor.id, name: 'Sam Okafor' } });
      const { certificate } = await issueCertificate(deps(), request(ari));
      const stored = (await findByCode(svc, certificate.code, true))!;
      const did = await siteDidDocument(SITE, key);
      const statusList = await statusListCredential(svc, SITE, key);
      const result = await verifyCredential(stored.credential, { didDocument: did, statusList });
      expect(result).toMatchObject({ verified: true, problems: [], status: 'active' });
      expect(stored.credential).toMatchObject({ id: `${SITE}/credentials/${certificate.code}`, issuer: { id: 'did:web:learning.example.org' } });

      const tampered = structuredClone(stored.credential) as { credentialSubject: { name: string } };
      tampered.credentialSubject.name = 'Somebody Else';
      expect((await verifyCredential(tampered, { didDocument: did })).verified).toBe(false);
    });
  });

  describe('revocation', () => {
    it('shows at once on the verify result and the status list, and is written to the audit log', async () => {
      const sky = await trainee('Sky Rivers');
      await completeCourse(service, sky.id, tiny, { assessor: { id: assessor.id, name: 'Sam Okafor' } });
      const { certificate } = await issueCertificate(deps(), request(sky));
      const did = await siteDidDocument(SITE, key);
      const credential = (await findByCode(svc, certificate.code, true))!.credential;

      expect((await verifyCode(svc, formatCode(certificate.code).toLowerCase())).status).toBe('valid');
      const before = await statusListCredential(svc, SITE, key);
      expect((await checkRevocation(credential, before, did)).state).toBe('active');
      const tagBefore = (await signedStatusList(svc, SITE, key)).etag;

      await revokeCertificate(deps(), { admin: { id: admin.id, display_name: 'Ada Admin' }, code: certificate.code, reason: 'Issued in error' });

      const result = await verifyCode(svc, certificate.code);
      expect(result.status).toBe('revoked');
      expect(result.certificate?.revocation).toMatchObject({ reason: 'Issued in error' });
      const after = await statusListCredential(svc, SITE, key);
      expect(after).not.toBe(before);
      // The ETag a CDN revalidates with changes with the revocation, so no cache keeps the old list.
      const tagAfter = (await signedStatusList(svc, SITE, key)).etag;
      expect(tagAfter).toMatch(/^W\/"[A-Za-z0-9_-]{32}"$/);
      expect(tagAfter).not.toBe(tagBefore);
      expect((await checkRevocation(credential, after, did)).state).toBe('revoked');
      expect(await verifyCredential(credential, { didDocument: did, statusList: after })).toMatchObject({ verified: false, status: 'revoked' });

      const audit = await service.collection('audit_log').getFullList({ filter: service.filter('action = "certificate.revoke" && target_id = {:id}', { id: certificate.id }) });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor: admin.id, actor_name: 'Ada Admin', details: { code: certificate.code, reason: 'Issued in error' } });

      // Twice is refused kindly; the trainee cannot simply make a new one.
      expect(await failure(revokeCertificate(deps(), { admin: { id: admin.id, display_name: 'Ada Admin' }, code: certificate.code, reason: 'Again' }))).toMatchObject({ kind: 'conflict' });
      expect(await failure(issueCertificate(deps(), request(sky)))).toMatchObject({ kind: 'forbidden' });
      // An unchanged list is not signed again.
      expect(await statusListCredential(svc, SITE, key)).toBe(after);
    });

    it('a corrected re-issue replaces the old certificate, which is revoked and links to it', async () => {
      const jay = await trainee('Jay Smtih');
      await completeCourse(service, jay.id, tiny, { assessor: { id: assessor.id, name: 'Sam Okafor' } });
      const { certificate: old } = await issueCertificate(deps(), request(jay, { nameDisplay: 'initials' }));
      const issued = await reissueCertificate(deps(), { admin: { id: admin.id, display_name: 'Ada Admin' }, code: old.code, reason: 'Name misspelt', holderName: 'Jay Smith' });
      expect(issued.created).toBe(true);
      const replacement = (await findByCode(svc, issued.certificate.code))!;
      expect(replacement).toMatchObject({ replaces: old.id, kind: 'full', course_version: old.course_version, holder_name_display: 'initials' });
      expect((replacement.snapshot as ReturnType<typeof buildSnapshot>).holder.name).toBe('Jay Smith');

      const oldResult = await verifyCode(svc, old.code);
      expect(oldResult.status).toBe('revoked');
      expect(oldResult.certificate).toMatchObject({ revocation: { reason: 'Name misspelt' }, replaced_by: formatCode(replacement.code) });
      expect((await verifyCode(svc, replacement.code)).status).toBe('valid');
      expect(await failure(reissueCertificate(deps(), { admin: { id: admin.id, display_name: 'Ada Admin' }, code: old.code, reason: 'Again', holderName: 'X Y' }))).toMatchObject({
        kind: 'conflict',
      });
      // The trainee's own "get certificate" now returns the replacement.
      expect((await issueCertificate(deps(), request(jay))).certificate.code).toBe(replacement.code);
    });
  });

  describe('who may change what', () => {
    it('the holder sees their certificate and may change only how their name is shown', async () => {
      const mo = await trainee('Mo Ahmed');
      await completeCourse(service, mo.id, open);
      const { certificate } = await issueCertificate(deps(), request(mo, { course: open, kind: 'attendance' }));
      const asMo = await clientAs(pb.url, mo.email, PASSWORD);

      expect((await asMo.collection('certificates').getOne(certificate.id)).code).toBe(certificate.code);
      expect((await asMo.collection('certificates').update(certificate.id, { holder_name_display: 'surname_check' })).holder_name_display).toBe('surname_check');
      for (const change of [{ revoked_at: new Date().toISOString() }, { snapshot: { hacked: true } }, { holder_name_display: 'full', revoke_reason: 'x' }, { user: admin.id }, { status_index: 99999 }]) {
        expect(await failure(asMo.collection('certificates').update(certificate.id, change)), JSON.stringify(change)).toMatchObject({ status: 404 });
      }
      expect(
        await failure(asMo.collection('certificates').create({ code: generateCode(), kind: 'attendance', user: mo.id, course: 'open-course', course_version: 'x', snapshot: {}, snapshot_digest: 'a'.repeat(64), credential: { a: 1 }, status_index: 130_000, issued_at: new Date().toISOString() })),
      ).toMatchObject({ status: 403 });
      expect(await failure(asMo.collection('certificates').delete(certificate.id))).toMatchObject({ status: 403 });
      const row = (await findByCode(svc, certificate.code))!;
      expect(row).toMatchObject({ revoked_at: '', holder_name_display: 'surname_check', status_index: certificate.status_index });
    });

    it('others cannot see it; an admin can read but not change it; nobody changes what it says', async () => {
      const ola = await trainee('Ola Berg');
      await completeCourse(service, ola.id, open);
      const { certificate } = await issueCertificate(deps(), request(ola, { course: open, kind: 'attendance' }));
      const other = await trainee('Other Person');
      const asOther = await clientAs(pb.url, other.email, PASSWORD);
      expect(await failure(asOther.collection('certificates').getOne(certificate.id))).toMatchObject({ status: 404 });
      expect(await asOther.collection('certificates').getFullList()).toHaveLength(0);

      const anonymous = new (service.constructor as typeof PocketBase)(pb.url);
      expect((await anonymous.collection('certificates').getList(1, 10)).totalItems).toBe(0);

      const asAdmin = await clientAs(pb.url, admin.email, PASSWORD);
      expect((await asAdmin.collection('certificates').getOne(certificate.id)).code).toBe(certificate.code);
      expect(await failure(asAdmin.collection('certificates').update(certificate.id, { holder_name_display: 'initials' }))).toMatchObject({ status: 404 });

      // Even the superuser cannot rewrite an issued certificate, or undo a revocation.
      expect(await failure(service.collection('certificates').update(certificate.id, { snapshot: { hacked: true } }))).toMatchObject({ status: 400 });
      expect(await failure(service.collection('certificates').update(certificate.id, { code: generateCode() }))).toMatchObject({ status: 400 });
      await service.collection('certificates').update(certificate.id, { revoked_at: new Date().toISOString(), revoke_reason: 'Test' });
      expect(await failure(service.collection('certificates').update(certificate.id, { revoked_at: '' }))).toMatchObject({
        status: 400,
        response: { message: 'This certificate is already revoked, and revocation cannot be changed or undone. Issue a new certificate instead.' },
      });
    });

    it('a second row for the same trainee, course, version and kind is refused by the database itself', async () => {
      const rae = await trainee('Rae Stone');
      await completeCourse(service, rae.id, open);
      const { certificate } = await issueCertificate(deps(), request(rae, { course: open, kind: 'attendance' }));
      const row = (await findByCode(svc, certificate.code, true))!;
      const copy = {
        code: generateCode(),
        kind: row.kind,
        user: row.user,
        course: row.course,
        course_version: row.course_version,
        unit: row.unit,
        snapshot: row.snapshot,
        snapshot_digest: row.snapshot_digest,
        credential: row.credential,
        status_index: 120_000,
        issued_at: row.issued_at,
      };
      expect(await failure(service.collection('certificates').create(copy))).toMatchObject({ status: 400, response: { data: { user: { code: 'validation_not_unique' } } } });
    });
  });

  describe('the bulk check', () => {
    it('looks codes up in batches, never one request per code', async () => {
      let requests = 0;
      const counting = (await serviceClient(pb)) as TypedPocketBase;
      counting.beforeSend = (url, options) => {
        requests += 1;
        return { url, options };
      };
      const codes = Array.from({ length: 300 }, () => generateCode());
      const found = await lookUpCodes(counting, codes);
      expect(found.size).toBe(0);
      expect(requests).toBe(Math.ceil(300 / LOOKUP_BATCH));
    });

    it('checks 10,000 codes with some bad rows: reports those by line, the rest by status, names only for its own awarding body', async () => {
      const holder = await trainee('Bulk Holder');
      // 1,000 real certificates, made quickly with PocketBase's batch API (the credential is a placeholder here).
      await service.settings.update({ batch: { enabled: true, maxRequests: 200, timeout: 30, maxBodySize: 0 } });
      const real: string[] = [];
      const start = 100_000;
      for (let b = 0; b < 10; b++) {
        const batch = service.createBatch();
        for (let i = 0; i < 100; i++) {
          const index = start + b * 100 + i;
          const code = generateCode();
          const snapshot = buildSnapshot({
            course: tiny,
            kind: 'full',
            code,
            holderName: `Holder ${index}`,
            holderEmail: 'bulk@example.org',
            emailSalt: generateSalt(),
            issuedAt: new Date('2026-11-20T10:00:00Z'),
            issuer: { name: 'Lived Learning', url: SITE },
            assessors: ['Sam Okafor'],
            statusListIndex: index,
          });
          real.push(code);
          batch.collection('certificates').create({
            code,
            kind: 'full',
            user: holder.id,
            course: 'tiny-course',
            course_version: `bulk${String(index).padStart(8, '0')}`,
            unit: '',
            snapshot,
            snapshot_digest: snapshotDigest(snapshot),
            credential: { placeholder: true },
            status_index: index,
            issued_at: snapshot.issued_at,
            holder_name_display: 'surname_check',
            ...(i === 0 ? { revoked_at: '2026-12-01T09:00:00Z', revoke_reason: 'Withdrawn by the centre' } : {}),
          });
        }
        await batch.send();
      }

      const lines = ['Certificate code'];
      const bad = new Map<number, string>();
      for (let i = 0; i < 10_000; i++) {
        const line = lines.length + 1;
        if (i % 200 === 7) {
          const good = generateCode();
          const typo = `${good.slice(0, 15)}${good[15] === 'A' ? 'B' : 'A'}`;
          lines.push(i % 400 === 7 ? typo : 'not a code');
          bad.set(line, lines.at(-1)!);
        } else if (i < 2000 && i % 2 === 0) {
          lines.push(formatCode(real[i / 2]!));
        } else {
          lines.push(generateCode());
        }
      }
      const parsed = parseBulkCsv(lines.join('\r\n'));
      if (!parsed.ok) throw new Error(parsed.message);
      expect(parsed.rows).toHaveLength(10_000);

      const started = performance.now();
      let csv = '';
      for await (const part of bulkVerifyCsv(svc, parsed.rows, { holderNames: { kind: 'organisation', organisation: 'test awarding body' } })) csv += part;
      const ms = performance.now() - started;
      console.log(`[bench] bulk check: 10,000 codes (${bad.size} bad rows, ${real.length} real certificates) in ${ms.toFixed(0)} ms`);

      const out = csv.trimEnd().split('\r\n');
      expect(out).toHaveLength(10_001);
      expect(out[0]).toBe('line,code,status,course,qualification,level,credits,issued,holder,note');
      const byLine = new Map(out.slice(1).map((l) => [Number(l.split(',')[0]), l]));
      for (const [line, raw] of bad) {
        expect(byLine.get(line), `line ${line}`).toContain(`,${raw},invalid_code,`);
      }
      const statuses = out.slice(1).map((l) => l.split(',')[2]);
      const count = (s: string) => statuses.filter((x) => x === s).length;
      expect(count('invalid_code')).toBe(bad.size);
      expect(count('valid') + count('revoked')).toBe(real.length);
      expect(count('revoked')).toBe(10);
      expect(count('not_found')).toBe(10_000 - bad.size - real.length);
      expect(out[1]).toMatch(/^2,[0-9A-Z-]{19},revoked,Tiny course,.*,Holder 100000,Revoked 2026-12-01: Withdrawn by the centre$/);
      // The verifier's organisation awarded these: the holder's full name is included.
      expect(out[3]).toBe(`4,${formatCode(real[1]!)},valid,Tiny course,Level 2 Award in Tiny Things,RQF Level 2,2,2026-11-20,Holder 100001,`);

      // Another organisation gets the facts without names.
      let other = '';
      for await (const part of bulkVerifyCsv(svc, parsed.rows.slice(0, 10), { holderNames: { kind: 'organisation', organisation: 'Another Body' } })) other += part;
      expect(other.split('\r\n')[3]).toBe(`4,${formatCode(real[1]!)},valid,Tiny course,Level 2 Award in Tiny Things,RQF Level 2,2,2026-11-20,,`);
    });
  });
});
