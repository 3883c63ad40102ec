/**
 * The web server's memory of signed-in people (src/lib/cache/remembered.ts) against a real
 * PocketBase: what it remembers is forgotten when anyone changes it — through this server's
 * own clients at once, and through PocketBase's realtime events when the change comes from
 * elsewhere (the admin UI, a hook, another process).
 */
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateLookups, keepRememberedInStep, remembered, stopRemembering } from '../../src/lib/cache/remembered.ts';
import { generateCode } from '../../src/lib/certificates/code.ts';
import { buildSnapshot, generateSalt, snapshotDigest } from '../../src/lib/certificates/snapshot.ts';
import { verifyCode } from '../../src/lib/certificates/verify-service.ts';
import { SITE, tinyCourse } from '../fixtures/ob3/sample.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { createClient, type TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { ownRecords, scopeToRequest } from '../../src/lib/trainee/own-records-store.ts';
import { clientAs, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'tests/fixtures/courses/journey'), root).courses.find((c) => c.slug === 'open-course')!;
const firstModule = course.modules[0]!.id;

/** Waits (up to 5 s) for a realtime event to have done its work. */
async function eventually(check: () => boolean): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < 5000; await new Promise((r) => setTimeout(r, 20))) if (check()) return true;
  return check();
}

/** A request's client as the web server makes it, signed in as the person, counting what it sends. */
async function requestClientAs(pb: TestPocketBase, who: TestUser): Promise<{ client: TypedPocketBase; sent: string[] }> {
  const signedIn = await clientAs(pb.url, who.email, who.password);
  const client = createClient(pb.url);
  client.authStore.save(signedIn.authStore.token, signedIn.authStore.record);
  scopeToRequest(client);
  const sent: string[] = [];
  const before = client.beforeSend!;
  client.beforeSend = function (url, options) {
    sent.push(`${options.method ?? 'GET'} ${new URL(url).pathname}`);
    return before.call(this, url, options);
  };
  return { client, sent };
}

describe('remembering signed-in people between requests', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  let kim: TestUser;
  let sam: TestUser;
  let probe: TestUser;

  /**
   * Waits until every realtime event for the writes made so far has been handled: events come
   * in order on one stream, so once a probe write's event has made the probe's rows be
   * forgotten, so have all before it.
   */
  async function settle(): Promise<void> {
    remembered.rememberRows(probe.id, { enrolments: [] } as never, remembered.stamp(probe.id));
    await service.collection('reflections').create({ user: probe.id, course: course.slug, module: '', prompt: 'free', title: 'Probe', body: 'Probe' });
    expect(await eventually(() => remembered.rows(probe.id) === undefined)).toBe(true);
  }

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    kim = await createUser(service, { email: 'kim@example.org', password: PASSWORD, display_name: 'Kim', roles: ['trainee'] });
    sam = await createUser(service, { email: 'sam@example.org', password: PASSWORD, display_name: 'Sam', roles: ['trainee'] });
    probe = await createUser(service, { email: 'probe@example.org', password: PASSWORD, display_name: 'Probe', roles: ['trainee'] });
    for (const who of [kim, sam]) await service.collection('enrolments').create({ user: who.id, course: course.slug, status: 'active' });
    keepRememberedInStep(() => serviceClient(pb));
    expect(await eventually(() => remembered.enabled)).toBe(true);
  });

  afterAll(async () => {
    await stopRemembering();
    await pb?.stop();
  });

  it('a second request for the same person reads nothing from PocketBase', async () => {
    await settle();
    const first = await requestClientAs(pb, kim);
    expect((await ownRecords(first.client, kim.id)).enrolments).toHaveLength(1);
    expect(first.sent).toHaveLength(1);
    const second = await requestClientAs(pb, kim);
    expect((await ownRecords(second.client, kim.id)).enrolments).toHaveLength(1);
    expect(second.sent).toEqual([]);
  });

  it('never gives one person’s remembered rows to a client signed in as someone else', async () => {
    await ownRecords((await requestClientAs(pb, kim)).client, kim.id);
    const asSam = await requestClientAs(pb, sam);
    const seen = await ownRecords(asSam.client, kim.id);
    expect(Object.values(seen).flat()).toEqual([]);
    expect(asSam.sent).toHaveLength(1);
  });

  it('a change made elsewhere (straight into PocketBase) is seen on the next request', async () => {
    await ownRecords((await requestClientAs(pb, kim)).client, kim.id);
    expect(remembered.rows(kim.id)).toBeDefined();
    await service.collection('progress').create({ user: kim.id, course: course.slug, module: firstModule, status: 'completed' });
    expect(await eventually(() => remembered.rows(kim.id) === undefined)).toBe(true);
    const next = await requestClientAs(pb, kim);
    expect((await ownRecords(next.client, kim.id)).progress.map((p) => p.status)).toEqual(['completed']);
  });

  it('a change through this server’s own clients is forgotten at once, not when the event comes', async () => {
    const request = await requestClientAs(pb, kim);
    await ownRecords(request.client, kim.id);
    const writer = createClient(pb.url);
    writer.authStore.save(service.authStore.token, service.authStore.record);
    await writer.collection('reflections').create({ user: kim.id, course: course.slug, module: firstModule, prompt: 'free', title: 'New', body: 'Words' });
    expect(remembered.rows(kim.id)).toBeUndefined();
    const next = await requestClientAs(pb, kim);
    expect((await ownRecords(next.client, kim.id)).reflections.map((r) => r.title)).toEqual(['New']);
  });

  it('leaves other people’s remembered rows alone', async () => {
    await settle();
    await ownRecords((await requestClientAs(pb, kim)).client, kim.id);
    await ownRecords((await requestClientAs(pb, sam)).client, sam.id);
    await service.collection('progress').create({ user: sam.id, course: course.slug, module: firstModule, status: 'started' });
    expect(await eventually(() => remembered.rows(sam.id) === undefined)).toBe(true);
    expect(remembered.rows(kim.id)).toBeDefined();
  });

  it('a change to the account (a new role, a new password) forgets the person’s sessions', async () => {
    const signedIn = await clientAs(pb.url, kim.email, kim.password);
    const record = signedIn.authStore.record as unknown as UserRecord;
    expect(remembered.rememberSession(signedIn.authStore.token, record, remembered.stamp(kim.id))).toBe(true);
    await service.collection('users').update(kim.id, { role: ['trainee', 'trainer'] });
    expect(await eventually(() => remembered.session(signedIn.authStore.token) === undefined)).toBe(true);
  });

  it('signing out on another device (straight through PocketBase) forgets every remembered session of the person', async () => {
    const jo = await createUser(service, { email: 'jo@example.org', password: PASSWORD, display_name: 'Jo', roles: ['trainee'] });
    const laptop = await clientAs(pb.url, jo.email, jo.password);
    const phone = await clientAs(pb.url, jo.email, jo.password);
    expect(remembered.rememberSession(laptop.authStore.token, laptop.authStore.record as unknown as UserRecord, remembered.stamp(jo.id))).toBe(true);
    // Issue 12 item 4: a remembered session must not outlive sign-out for up to 5 minutes.
    await phone.send('/api/ll/sign-out-everywhere', { method: 'POST' });
    expect(await eventually(() => remembered.session(laptop.authStore.token) === undefined)).toBe(true);
  });

  it('a deleted row, whose owner the answer does not name, forgets everyone', async () => {
    const row = await service.collection('module_feedback').create({ user: sam.id, course: course.slug, module: firstModule, useful: 'yes' });
    await ownRecords((await requestClientAs(pb, kim)).client, kim.id);
    const writer = createClient(pb.url);
    writer.authStore.save(service.authStore.token, service.authStore.record);
    await writer.collection('module_feedback').delete(row.id);
    expect(remembered.rows(kim.id)).toBeUndefined();
  });

  it('a certificate checked by code is looked up once, and any change to a certificate is seen at once', async () => {
    const code = generateCode();
    const snapshot = buildSnapshot({ course: tinyCourse(), kind: 'full', code, holderName: 'Kim Lee', holderEmail: kim.email, emailSalt: generateSalt(), issuedAt: new Date('2026-11-20T10:00:00Z'), issuer: { name: 'Lived Learning', url: SITE }, assessors: ['Sam Okafor'], statusListIndex: 4242 });
    const row = await service.collection('certificates').create({
      code, kind: 'full', user: kim.id, course: 'tiny-course', course_version: 'v1', unit: '', snapshot, snapshot_digest: snapshotDigest(snapshot),
      credential: { placeholder: true }, status_index: 4242, issued_at: snapshot.issued_at, holder_name_display: 'initials',
    });
    await settle(); // the certificate's own creation event has been heard
    const checker = createClient(pb.url);
    checker.authStore.save(service.authStore.token, service.authStore.record);
    const sent: string[] = [];
    const before = checker.beforeSend;
    checker.beforeSend = function (url, options) {
      sent.push(new URL(url).pathname);
      return before ? before.call(this, url, options) : { url, options };
    };
    expect((await verifyCode(checker, code)).status).toBe('valid');
    const asked = sent.length;
    expect(asked).toBeGreaterThan(0);
    expect((await verifyCode(checker, code)).status).toBe('valid');
    expect(sent).toHaveLength(asked);
    // Revoked straight in PocketBase: the next check says so.
    await service.collection('certificates').update(row.id, { revoked_at: new Date().toISOString(), revoke_reason: 'Issued by mistake' });
    expect(await eventually(() => certificateLookups.get(code) === undefined)).toBe(true);
    expect((await verifyCode(checker, code)).status).toBe('revoked');
  });

  it('remembers nothing once the realtime events stop', async () => {
    await ownRecords((await requestClientAs(pb, kim)).client, kim.id);
    await stopRemembering();
    expect(remembered.enabled).toBe(false);
    expect(certificateLookups.enabled).toBe(false);
    expect(remembered.rows(kim.id)).toBeUndefined();
    const request = await requestClientAs(pb, kim);
    await ownRecords(request.client, kim.id);
    expect(remembered.rows(kim.id)).toBeUndefined();
    // And it starts again on the next request.
    keepRememberedInStep(() => serviceClient(pb));
    expect(await eventually(() => remembered.enabled)).toBe(true);
  });
});
