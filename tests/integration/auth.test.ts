/**
 * Accounts against a real PocketBase: sign-up makes a trainee and nobody can give themself a
 * role; wrong passwords say nothing about the account; a password change ends every other
 * session; one-time reset links work once, for 24 hours, and only for whom they may.
 */
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePassword, endAllSessions, signIn, signUp, updateProfile } from '../../src/lib/auth/account-store.ts';
import { accountActivity, dismissNotice, noticeText, unreadNotices } from '../../src/lib/auth/notices-store.ts';
import { hashResetToken } from '../../src/lib/auth/password-reset.ts';
import {
  confirmEmailReset,
  createResetLink,
  emailCanBeSent,
  findUsableResetLink,
  useResetLink,
} from '../../src/lib/auth/password-reset-store.ts';
import { SignUpInput } from '../../src/lib/auth/schema.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { createClient, type TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createCohort, createUser, enrol, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

let pb: TestPocketBase;
let service: TypedPocketBase;
let counter = 0;
const uniqueEmail = (name: string) => `${name}-${++counter}@example.org`;

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = (await serviceClient(pb)) as TypedPocketBase;
});
afterAll(() => pb?.stop());

/** Expects `promise` to fail with a DomainError and returns it. */
async function domainError(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function tokenWorks(token: string): Promise<boolean> {
  const client = createClient(pb.url);
  client.authStore.save(token, null);
  try {
    await client.collection('users').authRefresh();
    return true;
  } catch {
    return false;
  }
}

async function staffUser(role: 'trainer' | 'admin'): Promise<UserRecord> {
  const made = await createUser(service, { email: uniqueEmail(role), password: 'staff password 1', display_name: role, roles: [role] });
  return service.collection('users').getOne(made.id);
}

async function trainee(password = 'trainee password 1') {
  const email = uniqueEmail('trainee');
  const made = await createUser(service, { email, password, display_name: 'Trainee', roles: ['trainee'] });
  return { ...made, email, password };
}

describe('sign up', () => {
  it('creates the account as the person and makes them a trainee (only); they then sign in with what they chose', async () => {
    const email = uniqueEmail('sam');
    const result = await signUp(createClient(pb.url), service, {
      display_name: 'Sam',
      email,
      password: 'blue kettle garden',
      pronouns: 'they/them',
    });
    expect(result).toMatchObject({ created: true, user: { display_name: 'Sam' } });
    const session = await signIn(createClient(pb.url), email, 'blue kettle garden');
    expect(session.user).toMatchObject({ email, display_name: 'Sam', pronouns: 'they/them' });
    const stored = await service.collection('users').getOne(session.user.id);
    expect(stored.role).toEqual(['trainee']);
    expect(await tokenWorks(session.token)).toBe(true);
  });

  it('cannot give yourself a role: not on sign-up, not through the form, not by updating yourself', async () => {
    const anonymous = new PocketBase(pb.url);
    await expect(
      anonymous.collection('users').create({ email: uniqueEmail('eve'), password: 'eve password 1', passwordConfirm: 'eve password 1', display_name: 'Eve', role: ['admin'] }),
    ).rejects.toMatchObject({ status: 400 });

    // The sign-up form schema drops `role` entirely.
    const parsed = SignUpInput.parse({ display_name: 'Eve', email: uniqueEmail('eve'), password: 'eve password 1', role: 'admin' });
    await signUp(createClient(pb.url), service, parsed);
    const session = await signIn(createClient(pb.url), parsed.email, parsed.password);
    expect((await service.collection('users').getOne(session.user.id)).role).toEqual(['trainee']);

    const asEve = createClient(pb.url);
    asEve.authStore.save(session.token, null);
    for (const body of [{ role: ['admin'] }, { 'role+': 'admin' }, { role: ['trainee', 'trainer'] }]) {
      await expect(asEve.collection('users').update(session.user.id, body)).rejects.toMatchObject({ status: expect.any(Number) });
    }
    expect((await service.collection('users').getOne(session.user.id)).role).toEqual(['trainee']);
  });

  it('answers a taken email like a new one, and changes nothing about the existing account', async () => {
    const kim = await trainee();
    const before = await service.collection('users').getOne(kim.id);
    // Issue 12 item 10: this used to throw "There is already an account with this email address".
    const result = await signUp(createClient(pb.url), service, { display_name: 'Again', email: kim.email, password: 'some password 1', pronouns: '' });
    expect(result).toEqual({ created: false });
    const after = await service.collection('users').getOne(kim.id);
    expect(after.display_name).toBe(before.display_name);
    await expect(clientAs(pb.url, kim.email, kim.password)).resolves.toBeTruthy();
    await expect(clientAs(pb.url, kim.email, 'some password 1')).rejects.toMatchObject({ status: 400 });
  });
});

describe('sign in', () => {
  it('signs in, and gives the same message for a wrong password and an unknown email', async () => {
    const kim = await trainee();
    const session = await signIn(createClient(pb.url), kim.email, kim.password);
    expect(session.user.id).toBe(kim.id);

    const wrong = await domainError(signIn(createClient(pb.url), kim.email, 'not the password'));
    const unknown = await domainError(signIn(createClient(pb.url), uniqueEmail('nobody'), 'not the password'));
    expect(wrong.message).toBe('That email and password do not match. Please check them and try again.');
    expect([unknown.kind, unknown.message, unknown.fields]).toEqual([wrong.kind, wrong.message, wrong.fields]);
  });
});

describe('profile', () => {
  it('saves name, pronouns and reading preferences as the person', async () => {
    const kim = await trainee();
    const asKim = (await clientAs(pb.url, kim.email, kim.password)) as TypedPocketBase;
    const saved = await updateProfile(asKim, kim.id, {
      display_name: 'Kim B',
      pronouns: 'she/her',
      pref_large_text: true,
      pref_reduced_motion: false,
      pref_dyslexia_spacing: true,
    });
    expect(saved).toMatchObject({ display_name: 'Kim B', pronouns: 'she/her', pref_large_text: true, pref_reduced_motion: false, pref_dyslexia_spacing: true });
  });

  it('cannot change someone else', async () => {
    const kim = await trainee();
    const other = await trainee();
    const asKim = (await clientAs(pb.url, kim.email, kim.password)) as TypedPocketBase;
    const error = await domainError(
      updateProfile(asKim, other.id, { display_name: 'Hacked', pronouns: '', pref_large_text: false, pref_reduced_motion: false, pref_dyslexia_spacing: false }),
    );
    expect(['not-found', 'forbidden']).toContain(error.kind);
  });
});

describe('ending sessions', () => {
  it('sign-out ends this token, every copy of it and every other session, on PocketBase\'s API too', async () => {
    const kim = await trainee();
    const laptop = (await clientAs(pb.url, kim.email, kim.password)) as TypedPocketBase;
    const phone = await clientAs(pb.url, kim.email, kim.password);
    const copied = laptop.authStore.token;
    // The middleware's refresh makes a newer token; the copy from before must die too.
    const refreshed = (await laptop.collection('users').authRefresh()).token;

    // Issue 12 item 4: signing out only cleared the cookie; every copy kept working.
    expect(await endAllSessions(laptop, kim.id)).toBe(true);
    for (const token of [copied, refreshed, phone.authStore.token]) {
      expect(await tokenWorks(token)).toBe(false);
      const direct = createClient(pb.url);
      direct.authStore.save(token, null);
      // PocketBase's own API with the token: treated as nobody, so sees no record.
      await expect(direct.collection('users').getOne(kim.id)).rejects.toMatchObject({ status: 404 });
    }
    // Signing in again works, and signing out with an already-ended token is not an error.
    await expect(clientAs(pb.url, kim.email, kim.password)).resolves.toBeTruthy();
    expect(await endAllSessions(laptop, kim.id)).toBe(true);
  });

  it('losing a role ends every session; gaining one does not', async () => {
    const made = await createUser(service, { email: uniqueEmail('promoted'), password: 'trainer pass 12', display_name: 'P', roles: ['trainee'] });
    const before = await clientAs(pb.url, made.email, 'trainer pass 12');
    await service.collection('users').update(made.id, { role: ['trainee', 'trainer'] });
    expect(await tokenWorks(before.authStore.token)).toBe(true);
    await service.collection('users').update(made.id, { role: ['trainee'] });
    expect(await tokenWorks(before.authStore.token)).toBe(false);
  });
});

describe('change password', () => {
  it('refuses a wrong current password, next to that field', async () => {
    const kim = await trainee();
    const asKim = (await clientAs(pb.url, kim.email, kim.password)) as TypedPocketBase;
    const error = await domainError(changePassword(asKim, kim, { current_password: 'wrong one', password: 'new password 22', password_confirm: 'new password 22' }));
    expect(error.fields).toEqual({ current_password: 'That is not your current password. Please check it and try again.' });
  });

  it('ends every session made with the old password, and returns a new one that works', async () => {
    const kim = await trainee();
    const phone = await clientAs(pb.url, kim.email, kim.password);
    const laptop = (await clientAs(pb.url, kim.email, kim.password)) as TypedPocketBase;
    const oldToken = laptop.authStore.token;

    const session = await changePassword(laptop, kim, { current_password: kim.password, password: 'new password 22', password_confirm: 'new password 22' });

    expect(await tokenWorks(oldToken)).toBe(false);
    expect(await tokenWorks(phone.authStore.token)).toBe(false);
    expect(await tokenWorks(session.token)).toBe(true);
    await expect(clientAs(pb.url, kim.email, kim.password)).rejects.toMatchObject({ status: 400 });
    await expect(clientAs(pb.url, kim.email, 'new password 22')).resolves.toBeTruthy();
  });
});

describe('one-time reset links', () => {
  it('are stored only as a hash, set the password once, and end every old session', async () => {
    const trainer = await staffUser('trainer');
    const kim = await trainee();
    await enrol(service, kim, 'course-h', await createCohort(service, { name: 'Hashes', course: 'course-h', trainers: [trainer.id] }));
    const oldSession = await clientAs(pb.url, kim.email, kim.password);

    const made = await createResetLink(service, trainer, kim.email);
    expect(made.user.id).toBe(kim.id);
    const rows = await service.collection('password_resets').getFullList({ filter: service.filter('user = {:user}', { user: kim.id }) });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ token_hash: hashResetToken(made.token), created_by: trainer.id, used_at: '' });
    expect(JSON.stringify(rows)).not.toContain(made.token);
    expect(Date.parse(rows[0]!.expires_at.replace(' ', 'T')) - Date.now()).toBeGreaterThan(23.9 * 3600_000);

    expect(await findUsableResetLink(service, made.token)).not.toBeNull();
    expect(await useResetLink(service, made.token, 'chosen again 123')).toBe(kim.id);

    expect(await tokenWorks(oldSession.authStore.token)).toBe(false);
    await expect(clientAs(pb.url, kim.email, 'chosen again 123')).resolves.toBeTruthy();

    // Single use.
    expect(await findUsableResetLink(service, made.token)).toBeNull();
    const again = await domainError(useResetLink(service, made.token, 'third password 1'));
    expect(again.kind).toBe('not-found');
    expect(again.message).toMatch(/Reset links work once/);
    await expect(clientAs(pb.url, kim.email, 'chosen again 123')).resolves.toBeTruthy();
  });

  it('stop working after 24 hours', async () => {
    const admin = await staffUser('admin');
    const kim = await trainee();
    const made = await createResetLink(service, admin, kim.email);
    const tomorrow = new Date(Date.now() + 24 * 3600_000 + 60_000);
    expect(await findUsableResetLink(service, made.token, tomorrow)).toBeNull();
    expect((await domainError(useResetLink(service, made.token, 'too late pass 1', tomorrow))).kind).toBe('not-found');
    await expect(clientAs(pb.url, kim.email, kim.password)).resolves.toBeTruthy();
  });

  it('only the newest link for a person works', async () => {
    const admin = await staffUser('admin');
    const kim = await trainee();
    const first = await createResetLink(service, admin, kim.email);
    const second = await createResetLink(service, admin, kim.email);
    expect(await findUsableResetLink(service, first.token)).toBeNull();
    expect(await findUsableResetLink(service, second.token)).not.toBeNull();
  });

  it('unknown and malformed tokens get the same answer as used ones', async () => {
    expect(await findUsableResetLink(service, 'A'.repeat(43))).toBeNull();
    expect(await findUsableResetLink(service, "x' || 1=1 --")).toBeNull();
    expect((await domainError(useResetLink(service, 'A'.repeat(43), 'whatever pass 1'))).kind).toBe('not-found');
  });

  it('a trainer makes links only for active trainees of a group they train: never another group, a left trainee, or staff', async () => {
    const trainerA = await staffUser('trainer');
    const trainerB = await staffUser('trainer');
    const groupA = await createCohort(service, { name: 'Group A', course: 'course-a', trainers: [trainerA.id] });
    const groupB = await createCohort(service, { name: 'Group B', course: 'course-b', trainers: [trainerB.id] });
    const inA = await trainee();
    const inB = await trainee();
    const leftA = await trainee();
    const noGroup = await trainee();
    await enrol(service, inA, 'course-a', groupA);
    await enrol(service, inB, 'course-b', groupB);
    await enrol(service, leftA, 'course-a', groupA, 'left');
    // An assessor who is also enrolled as a trainee in A: a staff account all the same.
    const assessor = await createUser(service, { email: uniqueEmail('assessor'), password: 'assessor pass 1', display_name: 'Assessor', roles: ['trainee', 'assessor'] });
    await enrol(service, assessor, 'course-a', groupA);

    expect((await createResetLink(service, trainerA, inA.email)).user.id).toBe(inA.id);

    // Issue 12 item 1: any trainer could make a link for any trainee.
    const answers = [];
    for (const email of [inB.email, leftA.email, noGroup.email, assessor.email, trainerB.email, uniqueEmail('nobody')]) {
      const error = await domainError(createResetLink(service, trainerA, email));
      answers.push({ kind: error.kind, message: error.message, fields: error.fields });
    }
    // Unknown email and out of reach: one answer, naming nobody.
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ kind: 'forbidden', fields: { email: expect.stringContaining('We cannot make a link') } });
    expect(JSON.stringify(answers)).not.toContain('Trainee');
    const links = await service.collection('password_resets').getFullList({ filter: service.filter('created_by = {:s}', { s: trainerA.id }) });
    expect(links.map((l) => l.user)).toEqual([inA.id]);

    const self = await domainError(createResetLink(service, trainerA, trainerA.email));
    expect(self.fields.email).toMatch(/your own account/);
    const trainee1 = await trainee();
    const notStaff = await domainError(createResetLink(service, { id: trainee1.id, role: ['trainee'], display_name: 'T' }, inA.email));
    expect(notStaff.kind).toBe('forbidden');
  });

  it('an admin makes links for trainees in any group or none, never for another admin or any staff', async () => {
    const admin = await staffUser('admin');
    const other = await staffUser('admin');
    const trainer = await staffUser('trainer');
    const loose = await trainee();
    expect((await createResetLink(service, admin, loose.email)).user.id).toBe(loose.id);
    for (const target of [other, trainer]) {
      expect((await domainError(createResetLink(service, admin, target.email))).kind).toBe('forbidden');
    }
  });

  it('every link is audited (who, for whom, never the token) and the person is told, readable only by them', async () => {
    const trainer = await staffUser('trainer');
    const group = await createCohort(service, { name: 'Audited', course: 'course-c', trainers: [trainer.id] });
    const kim = await trainee();
    const other = await trainee();
    await enrol(service, kim, 'course-c', group);

    const made = await createResetLink(service, trainer, kim.email);
    const audit = await service.collection('audit_log').getFullList({ filter: service.filter('action = "user.reset_link_create" && target_id = {:id}', { id: kim.id }) });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: trainer.id, actor_name: trainer.display_name, target_collection: 'users', cohort: group });
    expect(JSON.stringify(audit)).not.toContain(made.token);
    expect(JSON.stringify(audit)).not.toContain(hashResetToken(made.token));

    const asKim = (await clientAs(pb.url, kim.email, kim.password)) as TypedPocketBase;
    const notices = await unreadNotices(asKim, kim.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: 'reset_link_made', actor_name: trainer.display_name });

    // Nobody else reads it: not another trainee, not the trainer who made the link.
    const asOther = (await clientAs(pb.url, other.email, other.password)) as TypedPocketBase;
    expect(await asOther.collection('account_notices').getFullList()).toEqual([]);
    await expect(asOther.collection('account_notices').getOne(notices[0]!.id)).rejects.toMatchObject({ status: 404 });
    const asTrainer = (await clientAs(pb.url, trainer.email, 'staff password 1')) as TypedPocketBase;
    expect(await asTrainer.collection('account_notices').getFullList()).toEqual([]);
    await expect(asOther.collection('account_notices').update(notices[0]!.id, { dismissed_at: new Date().toISOString() })).rejects.toMatchObject({ status: 404 });
    // The person may only mark it read, never rewrite it.
    await expect(asKim.collection('account_notices').update(notices[0]!.id, { actor_name: 'Nobody' })).rejects.toMatchObject({ status: expect.any(Number) });
    await expect(asKim.collection('account_notices').create({ user: kim.id, kind: 'reset_link_made', actor_name: 'x', made_at: new Date().toISOString() })).rejects.toMatchObject({ status: expect.any(Number) });

    await dismissNotice(asKim, notices[0]!.id);
    expect(await unreadNotices(asKim, kim.id)).toEqual([]);
  });

  it('using a link is audited and told to the person; whoever used it cannot erase that from the account activity', async () => {
    const trainer = await staffUser('trainer');
    const group = await createCohort(service, { name: 'Used', course: 'course-c', trainers: [trainer.id] });
    const kim = await trainee();
    await enrol(service, kim, 'course-c', group);

    const made = await createResetLink(service, trainer, kim.email);
    await useResetLink(service, made.token, 'chosen by link 123');
    const audit = await service.collection('audit_log').getFullList({ filter: service.filter('action = "user.reset_link_use" && target_id = {:id}', { id: kim.id }) });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: kim.id, target_collection: 'users', details: { made_by: trainer.id } });
    expect(JSON.stringify(audit)).not.toContain(made.token);

    // Whoever holds the new password (perhaps not the person) dismisses every notice...
    const asKim = (await clientAs(pb.url, kim.email, 'chosen by link 123')) as TypedPocketBase;
    const unread = await unreadNotices(asKim, kim.id);
    expect(unread.map((n) => n.kind).sort()).toEqual(['reset_link_made', 'reset_link_used']);
    for (const notice of unread) await dismissNotice(asKim, notice.id);
    expect(await unreadNotices(asKim, kim.id)).toEqual([]);
    // ...and cannot delete them: the account activity still shows both, in words.
    for (const notice of unread) await expect(asKim.collection('account_notices').delete(notice.id)).rejects.toMatchObject({ status: expect.any(Number) });
    const activity = await accountActivity(asKim, kim.id);
    expect(activity.map((n) => n.kind).sort()).toEqual(['reset_link_made', 'reset_link_used']);
    const used = activity.find((n) => n.kind === 'reset_link_used')!;
    expect(noticeText(used)).toContain(`made by ${trainer.display_name} was used`);
  });

  it('nobody but the service account can read or write the table', async () => {
    const kim = await trainee();
    const asKim = await clientAs(pb.url, kim.email, kim.password);
    const list = await asKim.collection('password_resets').getList().catch((e: { status: number }) => e.status);
    expect(list).toBe(403);
    await expect(
      asKim.collection('password_resets').create({ user: kim.id, token_hash: 'a'.repeat(64), expires_at: new Date().toISOString() }),
    ).rejects.toMatchObject({ status: expect.any(Number) });
  });
});

describe('email resets (SMTP)', () => {
  it('knows whether the site can send email: SMTP set up in the environment, not in PocketBase', async () => {
    expect(emailCanBeSent({})).toBe(false);
    await service.settings.update({ smtp: { enabled: true, host: '127.0.0.1', port: 2525 } });
    try {
      expect(emailCanBeSent({})).toBe(false);
    } finally {
      await service.settings.update({ smtp: { enabled: false } });
    }
    expect(emailCanBeSent({ SMTP_HOST: '127.0.0.1', EMAIL_FROM: 'a@example.org', SITE_URL: 'https://learning.example.org' })).toBe(true);
  });

  it('a bad token PocketBase once emailed is refused kindly', async () => {
    const bad = await domainError(confirmEmailReset(createClient(pb.url), 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IngifQ.c2ln', 'new password 123'));
    expect(bad.kind).toBe('not-found');
  });
});
