/**
 * Email verification and change of email against a real PocketBase and a real SMTP server
 * (tests/support/smtp.ts), with the outbox worker delivering: links, emails and audit rows
 * written together; following a link verifies or changes; used and expired links do nothing;
 * a taken address gets the same answer as a free one; only the person who asked can confirm
 * a change; sessions stay after a change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashResetToken } from '../../src/lib/auth/password-reset.ts';
import { confirmEmailChange, queueVerificationEmail, requestEmailChange, verifyEmailWithToken } from '../../src/lib/auth/email-tokens-store.ts';
import { emailChangeForm, resendVerificationForm, signUpForm } from '../../src/lib/auth/forms.ts';
import { limits } from '../../src/lib/auth/limits.ts';
import { SlidingWindowLimiter } from '../../src/lib/auth/rate-limit.ts';
import { startEmailWorker, stopEmailWorker } from '../../src/lib/email/worker.ts';
import { createClient, type TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createUser, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { smtpEnv, startTestSmtpServer, type ReceivedMessage, type TestSmtpServer } from '../support/smtp.ts';

let pb: TestPocketBase;
let service: TypedPocketBase;
let smtp: TestSmtpServer;
let counter = 0;
const uniqueEmail = (name: string) => `${name}-${++counter}-${Date.now()}@example.org`;
const SITE_URL = 'https://learning.example.org';
const savedEnv = { ...process.env };
const PASSWORD = 'a long password 1';

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = (await serviceClient(pb)) as TypedPocketBase;
  smtp = await startTestSmtpServer();
  Object.assign(process.env, smtpEnv(smtp), { SITE_URL, ORG_NAME: 'Riverside Peer Network', REQUIRE_EMAIL_VERIFICATION: 'true' });
  startEmailWorker({ env: { ...process.env, EMAIL_POLL_MS: '100' }, connect: async () => service, log: () => undefined });
});
afterAll(async () => {
  await stopEmailWorker();
  process.env = savedEnv;
  await smtp?.stop();
  await pb?.stop();
});

async function person(name: string, verified = true): Promise<UserRecord> {
  const made = await createUser(service, { email: uniqueEmail(name.toLowerCase()), password: PASSWORD, display_name: name, roles: ['trainee'] });
  if (!verified) await service.collection('users').update(made.id, { verified: false });
  return service.collection('users').getOne<UserRecord>(made.id);
}

/** The messages to `address` received so far (waits for `count`). */
async function mailTo(address: string, count = 1): Promise<ReceivedMessage[]> {
  const started = Date.now();
  for (;;) {
    const found = smtp.messages.filter((m) => m.to.includes(address));
    if (found.length >= count || Date.now() - started > 15_000) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const tokenIn = (message: ReceivedMessage | undefined, path: string) => new RegExp(`${SITE_URL}${path}([A-Za-z0-9_-]{43})`).exec(message?.text ?? '')?.[1];

async function audit(action: string, userId: string) {
  return service.collection('audit_log').getFullList({ filter: service.filter('action = {:action} && target_id = {:id}', { action, id: userId }) });
}

function freshLimits() {
  const copy = { ...limits };
  for (const key of Object.keys(copy) as (keyof typeof limits)[]) copy[key] = new SlidingWindowLimiter({ limit: 100, windowMs: 60_000 });
  return copy;
}

describe('email verification', () => {
  it('sign-up queues a verification email with its link and audit row; following it sets verified, once', async () => {
    const email = uniqueEmail('newcomer');
    const form = new FormData();
    form.set('display_name', 'Nia');
    form.set('email', email);
    form.set('password', PASSWORD);
    const outcome = await signUpForm({ pb: createClient(pb.url), service: async () => service, form, ip: '10.0.0.1', limits: freshLimits() });
    expect(outcome.ok).toBe(true);
    const user = await service.collection('users').getFirstListItem<UserRecord>(service.filter('email = {:email}', { email }));
    expect(user.verified).toBe(false);
    expect(await audit('user.verify_email_request', user.id)).toHaveLength(1);

    const [message] = await mailTo(email);
    expect(message?.subject).toBe('Confirm your email address for Riverside Peer Network');
    const token = tokenIn(message, '/confirm-email/');
    expect(token).toBeDefined();
    const stored = await service.collection('email_tokens').getFirstListItem(service.filter('user = {:user}', { user: user.id }));
    expect(stored.token_hash).toBe(hashResetToken(token!));
    expect(JSON.stringify(stored)).not.toContain(token!);

    await verifyEmailWithToken(service, token!);
    expect((await service.collection('users').getOne(user.id)).verified).toBe(true);
    expect(await audit('user.email_verified', user.id)).toHaveLength(1);
    await expect(verifyEmailWithToken(service, token!)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('an address that already has an account gets the same sign-up answer and no email', async () => {
    const existing = await person('Existing');
    const before = smtp.messages.length;
    const form = new FormData();
    form.set('display_name', 'Someone');
    form.set('email', existing.email);
    form.set('password', PASSWORD);
    const outcome = await signUpForm({ pb: createClient(pb.url), service: async () => service, form, ip: '10.0.0.2', limits: freshLimits() });
    expect(outcome).toEqual({ ok: true, value: { next: '/dashboard' } });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages.length).toBe(before);
    expect(await audit('user.verify_email_request', existing.id)).toHaveLength(0);
  });

  it('"send it again" makes earlier links stop working, and is rate limited', async () => {
    const user = await person('Resend', false);
    const first = await queueVerificationEmail(service, user);
    const [firstMail] = await mailTo(user.email);
    const oldToken = tokenIn(firstMail, '/confirm-email/');
    const own = freshLimits();
    own.verifyResendPerUser = new SlidingWindowLimiter({ limit: 1, windowMs: 60_000 });
    expect(await resendVerificationForm({ service: async () => service, user, limits: own })).toEqual({ ok: true, value: undefined });
    expect(await resendVerificationForm({ service: async () => service, user, limits: own })).toMatchObject({ ok: false, status: 429 });
    const mails = await mailTo(user.email, 2);
    expect(mails).toHaveLength(2);
    expect(first).toBeDefined();
    await expect(verifyEmailWithToken(service, oldToken!)).rejects.toMatchObject({ kind: 'not-found' });
    await verifyEmailWithToken(service, tokenIn(mails[1], '/confirm-email/')!);
    expect((await service.collection('users').getOne(user.id)).verified).toBe(true);
  });

  it('an expired link does nothing', async () => {
    const user = await person('Late', false);
    await queueVerificationEmail(service, user, new Date(Date.now() - 8 * 24 * 3_600_000));
    const [message] = await mailTo(user.email);
    await expect(verifyEmailWithToken(service, tokenIn(message, '/confirm-email/')!)).rejects.toMatchObject({ kind: 'not-found' });
    expect((await service.collection('users').getOne(user.id)).verified).toBe(false);
  });

  it('email_tokens is for the service account only', async () => {
    const collection = await service.collections.getOne('email_tokens');
    expect([collection.listRule, collection.viewRule, collection.createRule, collection.updateRule, collection.deleteRule]).toEqual([null, null, null, null, null]);
    const user = await person('Nosy');
    const asUser = await clientAs(pb.url, user.email, PASSWORD);
    await expect(asUser.collection('email_tokens').getList()).rejects.toMatchObject({ status: 403 });
    await expect(asUser.send('/api/ll/users/change-email', { method: 'POST', body: { user: user.id, token: 'x', email: 'x@example.org' } })).rejects.toMatchObject({ status: 403 });
  });
});

describe('change of email', () => {
  it('link to the new address, notice without a link to the old; changes only when followed; both audited; session stays', async () => {
    const user = await person('Mover');
    const oldEmail = user.email;
    const newEmail = uniqueEmail('moved');
    const session = await clientAs(pb.url, oldEmail, PASSWORD);

    const form = new FormData();
    form.set('new_email', newEmail);
    form.set('current_password', PASSWORD);
    expect(await emailChangeForm({ service: async () => service, client: () => createClient(pb.url), user, form, limits: freshLimits() })).toEqual({ ok: true, value: undefined });

    const [confirm] = await mailTo(newEmail);
    const [notice] = await mailTo(oldEmail);
    expect(confirm?.subject).toBe('Confirm your new email address for Riverside Peer Network');
    const token = tokenIn(confirm, '/account/email/');
    expect(token).toBeDefined();
    expect(notice?.subject).toBe('Your email address for Riverside Peer Network is being changed');
    expect(notice?.text).toContain('If this was not you');
    expect(notice?.text).not.toMatch(/https?:\/\//);
    expect(notice?.text).not.toContain(newEmail);
    expect((await service.collection('users').getOne(user.id)).email).toBe(oldEmail);
    const [requested] = await audit('user.email_change_request', user.id);
    expect(requested?.details).toMatchObject({ from: oldEmail, to: newEmail, taken: false });

    expect(await confirmEmailChange(service, user, token!)).toBe(newEmail);
    const after = await service.collection('users').getOne<UserRecord>(user.id);
    expect(after.email).toBe(newEmail);
    expect(after.verified).toBe(true);
    const [changed] = await audit('user.email_change', user.id);
    expect(changed?.details).toMatchObject({ from: oldEmail, to: newEmail });

    // The session made before the change still works; the new address signs in, the old does not.
    const refreshed = await session.collection('users').authRefresh();
    expect(refreshed.record.email).toBe(newEmail);
    await expect(clientAs(pb.url, newEmail, PASSWORD)).resolves.toBeDefined();
    await expect(clientAs(pb.url, oldEmail, PASSWORD)).rejects.toBeDefined();
    // Used once.
    await expect(confirmEmailChange(service, { ...after }, token!)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('an address already in use gets the same answer; its mailbox is told it has an account, with no link', async () => {
    const user = await person('Asker');
    const other = await person('Holder');
    const form = new FormData();
    form.set('new_email', other.email);
    form.set('current_password', PASSWORD);
    const free = new FormData();
    free.set('new_email', uniqueEmail('free'));
    free.set('current_password', PASSWORD);
    const answerTaken = await emailChangeForm({ service: async () => service, client: () => createClient(pb.url), user, form, limits: freshLimits() });
    const answerFree = await emailChangeForm({ service: async () => service, client: () => createClient(pb.url), user, form: free, limits: freshLimits() });
    expect(answerTaken).toEqual(answerFree);

    const [toHolder] = await mailTo(other.email);
    expect(toHolder?.text).toContain('already has an account');
    expect(toHolder?.text).not.toContain('/account/email/');
    const [requested] = await audit('user.email_change_request', user.id);
    expect(requested?.details).toMatchObject({ to: other.email, taken: true });
    expect(await service.collection('email_tokens').getFullList({ filter: service.filter('user = {:user} && new_email = {:email}', { user: user.id, email: other.email }) })).toHaveLength(0);
  });

  it('a wrong password changes nothing and sends nothing', async () => {
    const user = await person('Wrong');
    const elsewhere = uniqueEmail('elsewhere');
    const form = new FormData();
    form.set('new_email', elsewhere);
    form.set('current_password', 'not my password at all');
    expect(await emailChangeForm({ service: async () => service, client: () => createClient(pb.url), user, form, limits: freshLimits() })).toMatchObject({ ok: false, status: 400, fields: { current_password: expect.any(String) } });
    expect(await service.collection('email_outbox').getFullList({ filter: service.filter('to_address = {:a} || to_address = {:b}', { a: elsewhere, b: user.email }) })).toHaveLength(0);
    expect(await audit('user.email_change_request', user.id)).toHaveLength(0);
  });

  it('another person cannot confirm someone else’s change', async () => {
    const owner = await person('Owner');
    const intruder = await person('Intruder');
    const newEmail = uniqueEmail('target');
    await requestEmailChange(service, owner, newEmail);
    const token = tokenIn((await mailTo(newEmail))[0], '/account/email/');
    await expect(confirmEmailChange(service, intruder, token!)).rejects.toMatchObject({ kind: 'not-found' });
    expect((await service.collection('users').getOne(owner.id)).email).toBe(owner.email);
    expect((await service.collection('users').getOne(intruder.id)).email).toBe(intruder.email);
    // The owner still can.
    expect(await confirmEmailChange(service, owner, token!)).toBe(newEmail);
  });

  it('an expired link, or an earlier one after asking again, does nothing', async () => {
    const user = await person('Slow');
    const lateEmail = uniqueEmail('late');
    await requestEmailChange(service, user, lateEmail, new Date(Date.now() - 25 * 3_600_000));
    const lateToken = tokenIn((await mailTo(lateEmail))[0], '/account/email/');
    await expect(confirmEmailChange(service, user, lateToken!)).rejects.toMatchObject({ kind: 'not-found' });

    const firstEmail = uniqueEmail('first');
    await requestEmailChange(service, user, firstEmail);
    const firstToken = tokenIn((await mailTo(firstEmail))[0], '/account/email/');
    const secondEmail = uniqueEmail('second');
    await requestEmailChange(service, user, secondEmail);
    await expect(confirmEmailChange(service, user, firstToken!)).rejects.toMatchObject({ kind: 'not-found' });
    expect((await service.collection('users').getOne(user.id)).email).toBe(user.email);
  });

  it('an address that got an account after the link was sent is refused, and nothing changes', async () => {
    const user = await person('Racer');
    const wanted = uniqueEmail('wanted');
    await requestEmailChange(service, user, wanted);
    const token = tokenIn((await mailTo(wanted))[0], '/account/email/');
    await createUser(service, { email: wanted, password: PASSWORD, display_name: 'Quick', roles: ['trainee'] });
    await expect(confirmEmailChange(service, user, token!)).rejects.toMatchObject({ kind: 'conflict' });
    expect((await service.collection('users').getOne(user.id)).email).toBe(user.email);
  });
});
