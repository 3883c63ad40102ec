/**
 * The email outbox against a real PocketBase and a real SMTP server (tests/support/smtp.ts):
 * nobody but the service account can touch it; the worker delivers queued emails with their
 * stable Message-ID; it tries again with backoff when the server refuses and gives up with the
 * reason; two workers never claim the same row; a forgotten-password request writes the link,
 * its email and its audit row together, and an unknown address leaves no trace.
 */
import PocketBase from 'pocketbase';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashResetToken } from '../../src/lib/auth/password-reset.ts';
import { requestPasswordResetEmail, useResetLink } from '../../src/lib/auth/password-reset-store.ts';
import { claimDueEmails, OUTBOX, queueEmail, type EmailOutboxRecord } from '../../src/lib/email/outbox-store.ts';
import { startEmailWorker, stopEmailWorker } from '../../src/lib/email/worker.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { clientAs, createUser, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { smtpEnv, startTestSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let pb: TestPocketBase;
let service: TypedPocketBase;
let smtp: TestSmtpServer;
let counter = 0;
const uniqueEmail = (name: string) => `${name}-${++counter}@example.org`;
const SITE_URL = 'https://learning.example.org';
const savedEnv = { ...process.env };

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = (await serviceClient(pb)) as TypedPocketBase;
  smtp = await startTestSmtpServer();
  Object.assign(process.env, smtpEnv(smtp), { SITE_URL, ORG_NAME: 'Riverside Peer Network' });
});
afterAll(async () => {
  await stopEmailWorker();
  process.env = savedEnv;
  await smtp?.stop();
  await pb?.stop();
});
afterEach(async () => {
  await stopEmailWorker();
  smtp.refuse(false);
});

function startWorker(extra: Record<string, string> = {}) {
  const lines: string[] = [];
  startEmailWorker({
    env: { ...process.env, EMAIL_POLL_MS: '100', EMAIL_FIRST_RETRY_MS: '200', EMAIL_MAX_RETRY_MS: '400', ...extra },
    connect: async () => service,
    log: (line) => lines.push(line),
  });
  return lines;
}

async function row(id: string): Promise<EmailOutboxRecord> {
  return service.collection(OUTBOX).getOne<EmailOutboxRecord>(id);
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() - started > ms) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('email_outbox rules', () => {
  it('only the service account may read or write it: every API rule is null', async () => {
    const collection = await service.collections.getOne(OUTBOX);
    expect([collection.listRule, collection.viewRule, collection.createRule, collection.updateRule, collection.deleteRule]).toEqual([null, null, null, null, null]);
    const admin = await createUser(service, { email: uniqueEmail('admin'), password: 'a long password 1', display_name: 'Ada', roles: ['admin'] });
    const asAdmin = await clientAs(pb.url, admin.email, admin.password);
    const id = await queueEmail(service, { kind: 'smtp_test', to: 'x@example.org', data: { name: 'X' } });
    await expect(asAdmin.collection(OUTBOX).getList()).rejects.toMatchObject({ status: 403 });
    await expect(asAdmin.collection(OUTBOX).getOne(id)).rejects.toMatchObject({ status: 403 });
    await expect(asAdmin.collection(OUTBOX).create({ to_address: 'y@example.org', kind: 'smtp_test', status: 'queued' })).rejects.toMatchObject({ status: 403 });
    await expect(new PocketBase(pb.url).send('/api/ll/email-outbox/claim', { method: 'POST', body: { owner: 'me' } })).rejects.toMatchObject({ status: 401 });
    await expect(asAdmin.send('/api/ll/email-outbox/claim', { method: 'POST', body: { owner: 'me' } })).rejects.toMatchObject({ status: 403 });
    await service.collection(OUTBOX).delete(id);
  });
});

describe('the worker', () => {
  it('delivers a queued email with its own Message-ID, marks it sent and forgets its data', async () => {
    const before = smtp.messages.length;
    const id = await queueEmail(service, { kind: 'smtp_test', to: 'sam@example.org', data: { name: 'Sam' } });
    const queued = await row(id);
    expect(queued).toMatchObject({ status: 'queued', attempts: 0, message_id: `<outbox-${id}@example.org>` });
    startWorker();
    const [message] = (await smtp.waitForMessages(before + 1)).slice(before);
    expect(message!.messageId).toBe(queued.message_id);
    expect(message!.to).toEqual(['sam@example.org']);
    expect(message!.subject).toBe('Test email from Riverside Peer Network');
    expect(message!.text).toContain('Hello Sam,');
    expect(message!.text).toContain(`${SITE_URL}/`);
    expect(message!.html).toContain('Riverside Peer Network');
    expect(message!.headers['auto-submitted']).toBe('auto-generated');
    const sent = await eventually(() => row(id), (r) => r.status === 'sent');
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, lease_owner: '' });
    expect(sent.sent_at).not.toBe('');
    expect(sent.data ?? {}).toEqual({});
  });

  it('tries again with backoff after the server refuses, then delivers exactly once', async () => {
    smtp.refuse('connect');
    const before = smtp.messages.length;
    const id = await queueEmail(service, { kind: 'smtp_test', to: 'kit@example.org', data: { name: 'Kit' } });
    startWorker();
    const waiting = await eventually(() => row(id), (r) => r.attempts >= 1 && r.status === 'queued' && r.last_error !== '');
    expect(waiting.status).toBe('queued');
    expect(waiting.last_error).toMatch(/421|Try again later/);
    expect(new Date(waiting.next_attempt_at.replace(' ', 'T')).getTime()).toBeGreaterThan(new Date(waiting.updated.replace(' ', 'T')).getTime() - 1000);
    smtp.refuse(false);
    const sent = await eventually(() => row(id), (r) => r.status === 'sent');
    expect(sent.status).toBe('sent');
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
    const received = smtp.messages.slice(before).filter((m) => m.messageId === sent.message_id);
    expect(received).toHaveLength(1);
  });

  it('gives up after the last attempt, with the reason, and at once on a permanent refusal', async () => {
    smtp.refuse('message');
    const id = await queueEmail(service, { kind: 'smtp_test', to: 'lee@example.org', data: { name: 'Lee' } });
    startWorker({ EMAIL_MAX_ATTEMPTS: '3' });
    const failed = await eventually(() => row(id), (r) => r.status === 'failed');
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
    expect(failed.last_error).toMatch(/451/);
    await stopEmailWorker();

    smtp.refuse('permanent');
    const id2 = await queueEmail(service, { kind: 'smtp_test', to: 'nobody@example.org', data: { name: 'N' } });
    startWorker({ EMAIL_MAX_ATTEMPTS: '5' });
    const refused = await eventually(() => row(id2), (r) => r.status === 'failed');
    expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refused.last_error).toMatch(/550/);
  });

  it('two workers claiming at once never get the same row; a lease that runs out lets another take it', async () => {
    await stopEmailWorker();
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => queueEmail(service, { kind: 'smtp_test', to: `c${i}@example.org`, data: { name: 'C' } })));
    const [a, b] = await Promise.all([
      claimDueEmails(service, { owner: 'a', limit: 50, leaseSeconds: 1, maxAttempts: 5 }),
      claimDueEmails(service, { owner: 'b', limit: 50, leaseSeconds: 1, maxAttempts: 5 }),
    ]);
    const mine = (rows: EmailOutboxRecord[]) => rows.map((r) => r.id).filter((id) => ids.includes(id));
    expect(mine(a).filter((id) => mine(b).includes(id))).toEqual([]);
    expect([...mine(a), ...mine(b)].sort()).toEqual([...ids].sort());
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const again = await claimDueEmails(service, { owner: 'c', limit: 50, leaseSeconds: 60, maxAttempts: 5 });
    expect(mine(again).sort()).toEqual([...ids].sort());
    expect(again.every((r) => r.attempts === 2 && r.lease_owner === 'c')).toBe(true);
    // A worker whose lease ran out cannot put the row back.
    await expect(service.send('/api/ll/email-outbox/finish', { method: 'POST', body: { id: ids[0], owner: 'a', outcome: 'retry', error: 'late' } })).rejects.toMatchObject({ status: 409 });
    for (const id of ids) await service.collection(OUTBOX).delete(id);
  });
});

describe('forgotten password by email', () => {
  it('writes the link, its email and an audit row together; the emailed link sets the password once', async () => {
    const email = uniqueEmail('robin');
    const robin = await createUser(service, { email, password: 'the old password 1', display_name: 'Robin', roles: ['trainee'] });
    const before = smtp.messages.length;
    const outboxId = await requestPasswordResetEmail(service, email);
    expect(outboxId).toBeDefined();
    const queued = await row(outboxId!);
    expect(queued).toMatchObject({ kind: 'password_reset', to_address: email, recipient_user: robin.id, status: 'queued' });
    expect(Object.keys(queued.data ?? {}).sort()).toEqual(['name', 'resetPath']);
    const audit = await service.collection('audit_log').getFirstListItem(service.filter('action = "user.reset_email_request" && target_id = {:id}', { id: robin.id }));
    expect(audit.details).toMatchObject({ email: outboxId });

    startWorker();
    const [message] = (await smtp.waitForMessages(before + 1)).slice(before);
    expect(message!.subject).toBe('Choose a new password for Riverside Peer Network');
    const token = /\/reset\/([A-Za-z0-9_-]{43})/.exec(message!.text)?.[1];
    expect(token).toBeDefined();
    expect(message!.html).toContain(`${SITE_URL}/reset/${token}`);
    const link = await service.collection('password_resets').getFirstListItem(service.filter('token_hash = {:h}', { h: hashResetToken(token!) }));
    expect(link).toMatchObject({ user: robin.id, created_by: '' });

    expect(await useResetLink(service, token!, 'a brand new password 2')).toBe(robin.id);
    await expect(clientAs(pb.url, email, 'a brand new password 2')).resolves.toBeDefined();
    await expect(useResetLink(service, token!, 'another password 3')).rejects.toMatchObject({ kind: 'not-found' });
    // Asked for by the person themself: the audit row says so, and no "made by staff" notice.
    const used = await service.collection('audit_log').getFirstListItem(service.filter('action = "user.reset_link_use" && target_id = {:id}', { id: robin.id }));
    expect(used).toMatchObject({ actor: robin.id, details: { link: link.id, made_by: '', by_email: true } });
    const notices = await service.collection('account_notices').getFullList({ filter: service.filter('user = {:id}', { id: robin.id }) });
    expect(notices).toEqual([]);
  });

  it('an unknown address gets the same answer and leaves no link, email or audit row', async () => {
    const count = async () => (await service.collection(OUTBOX).getList(1, 1)).totalItems;
    const links = async () => (await service.collection('password_resets').getList(1, 1)).totalItems;
    const [emails, resets] = [await count(), await links()];
    await expect(requestPasswordResetEmail(service, uniqueEmail('nobody'))).resolves.toBeUndefined();
    expect([await count(), await links()]).toEqual([emails, resets]);
  });

  it('a newer request makes the earlier emailed link stop working', async () => {
    const email = uniqueEmail('jo');
    await createUser(service, { email, password: 'the old password 1', display_name: 'Jo', roles: ['trainee'] });
    const first = await requestPasswordResetEmail(service, email);
    const firstPath = String((await row(first!)).data?.resetPath);
    await requestPasswordResetEmail(service, email);
    await expect(useResetLink(service, firstPath.slice('/reset/'.length), 'a brand new password 2')).rejects.toMatchObject({ kind: 'not-found' });
  });
});
