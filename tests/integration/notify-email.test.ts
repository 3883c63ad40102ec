/**
 * Notification emails end to end inside the server side, against a real PocketBase
 * (pb_hooks/notifications.pb.js, the migrations) and a real SMTP server (tests/support/smtp.ts)
 * with the real outbox worker: new evidence emails the group's assessor at once (their
 * choice), a trainee's decision comes in the next morning's digest (test clock), `emailed_at`
 * stops a second email (also from a second web server at the same moment), unsubscribe links switch off only what they name for whom they name,
 * and invitations go by email in the invitation's own batch.
 */
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, applyList, resendInvitation, type InviteDeps } from '../../src/lib/cohorts/invitations-store.ts';
import { startEmailWorker, stopEmailWorker } from '../../src/lib/email/worker.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { batchRefusedWith } from '../../src/lib/hook-errors.ts';
import { nextDigestAfter, resolvePrefs } from '../../src/lib/notifications/email-prefs.ts';
import { loadEmailPrefs, saveEmailPrefs, unsubscribeWithToken } from '../../src/lib/notifications/email-prefs-store.ts';
import { sendDueNotificationEmails } from '../../src/lib/notifications/digest-store.ts';
import { signUnsubscribe } from '../../src/lib/notifications/unsubscribe.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { NotificationRecord, UserRecord } from '../../src/lib/records.ts';
import { clientAs, createCohort, createUser, enrol, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { smtpEnv, startTestSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'peer-support-foundations';
const SITE_URL = 'https://learning.example.org';
const SECRET_WORDS = 'SECRET-EVIDENCE-WORDS';
const FEEDBACK = 'SECRET-FEEDBACK-WORDS about your placement';
const LONDON = 'Europe/London';
const secret = Buffer.alloc(32, 42);

let pb: TestPocketBase;
let service: TypedPocketBase;
let smtp: TestSmtpServer;
const savedEnv = { ...process.env };
const users: Record<string, UserRecord> = {};
const clients: Record<string, TypedPocketBase> = {};
let group: string;

async function person(key: string, roles: UserRecord['role']) {
  await createUser(service as unknown as PocketBase, { email: `${key}-ne@example.org`, password: PASSWORD, display_name: `${key} Person`, roles });
  clients[key] = (await clientAs(pb.url, `${key}-ne@example.org`, PASSWORD)) as TypedPocketBase;
  users[key] = clients[key]!.authStore.record as unknown as UserRecord;
}
const mailTo = (key: string) => smtp.messages.filter((m) => m.to.includes(`${key}-ne@example.org`));
const notificationsOf = (key: string) => service.collection('notifications').getFullList<NotificationRecord>({ filter: service.filter('user = {:u}', { u: users[key]!.id }) });
const run = (now: Date) => sendDueNotificationEmails(service, { now, timeZone: LONDON, secret });

async function until<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = (await serviceClient(pb)) as TypedPocketBase;
  smtp = await startTestSmtpServer();
  Object.assign(process.env, smtpEnv(smtp), { SITE_URL, ORG_NAME: 'Riverside Peer Network', ORG_TIME_ZONE: LONDON });
  await person('tam', ['trainee']);
  await person('kit', ['trainee']);
  await person('ash', ['assessor']);
  await person('tess', ['trainer']);
  group = await createCohort(service as unknown as PocketBase, { name: 'Group NE', course: COURSE, trainers: [users.tess!.id], assessors: [users.ash!.id] });
  await enrol(service as unknown as PocketBase, users.tam!, COURSE, group);
  await enrol(service as unknown as PocketBase, users.kit!, COURSE, group);
  startEmailWorker({ env: { ...process.env, EMAIL_POLL_MS: '100' }, connect: async () => service, log: () => {} });
});
afterAll(async () => {
  await stopEmailWorker();
  process.env = savedEnv;
  await smtp?.stop();
  await pb?.stop();
});

describe('notification emails', () => {
  let evidenceId: string;

  it('new evidence: the group’s assessor (immediate) gets one email at once, with no evidence text and RFC 8058 headers', async () => {
    await saveEmailPrefs(service, users.ash!.id, { ...resolvePrefs(undefined), modes: { ...resolvePrefs(undefined).modes, to_decide: 'immediate' } });
    evidenceId = (await clients.tam!.collection('evidence').create({ user: users.tam!.id, course: COURSE, criterion: 'U1/1.2', text: `${SECRET_WORDS} about my placement.` })).id;
    const rows = await notificationsOf('ash');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'evidence', link: `/staff/cohorts/${group}/assess`, subject: evidenceId });
    // 13:00 in London in January: outside quiet hours.
    const first = await run(new Date('2027-01-12T13:00:00Z'));
    expect(first.emails).toBeGreaterThanOrEqual(1);
    const [mail] = await until(() => mailTo('ash'), (m) => m.length >= 1);
    expect(mail!.subject).toBe('Something new is waiting for you at Riverside Peer Network — sign in to see it');
    expect(mail!.text).toContain('new evidence to decide');
    expect(mail!.text).toContain(`${SITE_URL}/staff`);
    expect(mail!.raw).not.toContain(SECRET_WORDS);
    expect(mail!.headers['list-unsubscribe']).toMatch(new RegExp(`^<${SITE_URL}/unsubscribe/[A-Za-z0-9_.-]+>$`));
    expect(mail!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect((await notificationsOf('ash'))[0]!.emailed_at).not.toBe('');
  });

  it('emailed_at stops a second email about the same notification', async () => {
    const before = mailTo('ash').length;
    const again = await run(new Date('2027-01-12T13:05:00Z'));
    expect(again.emails).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(mailTo('ash')).toHaveLength(before);
  });

  it('two web servers preparing emails at once: PocketBase refuses a second emailed_at, so the late batch queues no second email', async () => {
    const outboxFor = (key: string) => service.collection('email_outbox').getFullList({ filter: service.filter('to_address = {:to} && kind = "notifications"', { to: `${key}-ne@example.org` }) });
    await clients.kit!.collection('evidence').create({ user: users.kit!.id, course: COURSE, criterion: 'U1/1.2', text: 'Kit on placement.' });
    const fresh = (await notificationsOf('ash')).filter((n) => n.emailed_at === '');
    expect(fresh).toHaveLength(1);
    const before = (await outboxFor('ash')).length;
    // Server one queues the email and stamps the notification.
    expect((await run(new Date('2027-01-12T13:10:00Z'))).emails).toBe(1);
    expect(await outboxFor('ash')).toHaveLength(before + 1);
    // Server two read the same notification a moment earlier and now sends its own batch.
    const late = service.createBatch();
    late.collection('email_outbox').create({ to_address: 'ash-ne@example.org', recipient_user: users.ash!.id, kind: 'notifications', data: {}, status: 'queued', attempts: 0, next_attempt_at: new Date().toISOString(), message_id: '<late@example.org>' });
    late.collection('notifications').update(fresh[0]!.id, { emailed_at: new Date().toISOString() });
    const refused = await late.send().then(() => undefined, (e: unknown) => e);
    expect(batchRefusedWith(refused, 'notification_already_emailed', 'emailed_at')).toBe(true);
    expect(await outboxFor('ash'), 'the late batch wrote nothing').toHaveLength(before + 1);
    // Both at the same moment: one email between them, whichever wins.
    await clients.kit!.collection('evidence').create({ user: users.kit!.id, course: COURSE, criterion: 'U1/1.2', text: 'Kit again.' });
    const both = await Promise.all([run(new Date('2027-01-12T13:20:00Z')), run(new Date('2027-01-12T13:20:00Z'))]);
    expect(both[0].emails + both[1].emails).toBe(1);
    expect(await outboxFor('ash')).toHaveLength(before + 2);
  });

  it('a decision reaches the trainee in the next morning’s daily digest (the default), not before', async () => {
    await clients.ash!.collection('decisions').create({
      user: users.tam!.id, course: COURSE, criterion: 'U1/1.2', evidence: evidenceId, outcome: 'not_yet', feedback: FEEDBACK, assessor: users.ash!.id, assessor_name: 'Ash',
    });
    const [row] = await notificationsOf('tam');
    expect(row).toMatchObject({ kind: 'feedback' });
    const morning = nextDigestAfter(new Date(row!.created.replace(' ', 'T')), 'daily', { hour: 8, weekday: 1 }, LONDON);
    expect((await run(new Date(morning.getTime() - 60_000))).emails).toBe(0);
    expect(mailTo('tam')).toHaveLength(0);
    expect((await run(morning)).emails).toBe(1);
    const [mail] = await until(() => mailTo('tam'), (m) => m.length >= 1);
    expect(mail!.subject).toBe('Your daily summary from Riverside Peer Network — sign in to see it');
    expect(mail!.text).toContain('new feedback or a decision on your evidence');
    expect(mail!.text).toContain(`${SITE_URL}/dashboard`);
    expect(mail!.raw).not.toContain('SECRET-FEEDBACK-WORDS');
    expect((await run(new Date(morning.getTime() + 3_600_000))).emails).toBe(0);
  });

  it('an unsubscribe link switches off only what it names, for only the person it names; a bad signature changes nothing', async () => {
    const token = signUnsubscribe(secret, users.tam!.id, ['feedback']);
    // Tampered: Kit's id with Tam's signature.
    const [, signature] = token.split('.');
    const forKit = `${Buffer.from(`${users.kit!.id}.feedback`).toString('base64url')}.${signature}`;
    for (const bad of [forKit, `${token}x`, signUnsubscribe(Buffer.alloc(32, 1), users.kit!.id, ['feedback'])]) {
      const error = await unsubscribeWithToken(service, secret, bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('not-found');
    }
    expect((await loadEmailPrefs(service, users.kit!.id)).modes.feedback).toBe('daily');
    expect(await unsubscribeWithToken(service, secret, token)).toEqual(['feedback']);
    const tam = await loadEmailPrefs(service, users.tam!.id);
    expect(tam.modes.feedback).toBe('off');
    expect(tam.modes.replies).toBe('daily');
    expect((await loadEmailPrefs(service, users.kit!.id)).modes.feedback).toBe('daily');
  });

  it('nobody reads or writes email choices with their own token', async () => {
    await expect(clients.tam!.collection('notification_settings').getFullList()).rejects.toMatchObject({ status: 403 });
    await expect(clients.tam!.collection('notification_settings').create({ user: users.kit!.id, feedback: 'off' })).rejects.toMatchObject({ status: 403 });
  });
});

describe('invitations by email', () => {
  const deps = (): InviteDeps => ({ pb: clients.tess!, service: async () => service, actor: users.tess!, origin: SITE_URL });

  it('queues one email per invitation in the same batch, sends it, and an account made from it is verified; a resend sends a new link', async () => {
    const list = 'Ria One, ria-ne@example.org\nRob Two, rob-ne@example.org';
    const applied = await applyList(deps(), group, list);
    expect(applied.invited.map((i) => i.delivery.channel)).toEqual(['email', 'email']);
    const outbox = await service.collection('email_outbox').getFullList({ filter: 'kind = "invitation"' });
    expect(outbox.map((r) => r.to_address).sort()).toEqual(['ria-ne@example.org', 'rob-ne@example.org']);
    const [mail] = await until(() => smtp.messages.filter((m) => m.to.includes('ria-ne@example.org')), (m) => m.length >= 1);
    expect(mail!.subject).toBe('You are invited to join a learning group at Riverside Peer Network');
    const link = /https:\/\/learning\.example\.org\/invite\/([A-Za-z0-9_-]{43})/.exec(mail!.text);
    expect(link).not.toBeNull();
    const accepted = await acceptInvitation(service, link![1]!, { display_name: 'Ria', password: PASSWORD });
    const account = await service.collection('users').getOne(accepted.user);
    expect(account.verified).toBe(true);

    const rob = applied.invited.find((i) => i.email === 'rob-ne@example.org')!;
    await resendInvitation(deps(), group, rob.id);
    const robMails = await until(() => smtp.messages.filter((m) => m.to.includes('rob-ne@example.org')), (m) => m.length >= 2);
    const links = robMails.map((m) => /\/invite\/([A-Za-z0-9_-]{43})/.exec(m.text)![1]);
    expect(links[0]).not.toBe(links[1]);
  });
});
