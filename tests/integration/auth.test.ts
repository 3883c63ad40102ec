/**
 * Accounts against a real PocketBase: sign-up makes a trainee and nobody can give themself a
 * role; wrong passwords say nothing about the account; a password change ends every other
 * session; one-time reset links work once, for 24 hours, and only for whom they may.
 */
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePassword, signIn, signUp, updateProfile } from '../../src/lib/auth/account-store.ts';
import { hashResetToken } from '../../src/lib/auth/password-reset.ts';
import {
  confirmEmailReset,
  createResetLink,
  emailCanBeSent,
  findUsableResetLink,
  requestEmailReset,
  useResetLink,
} from '../../src/lib/auth/password-reset-store.ts';
import { SignUpInput } from '../../src/lib/auth/schema.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { createClient, type TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createUser, serviceClient } from '../support/fixtures-pb.ts';
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
  it('creates the account as the person, makes them a trainee (only), and signs them in', async () => {
    const email = uniqueEmail('sam');
    const session = await signUp(createClient(pb.url), service, {
      display_name: 'Sam',
      email,
      password: 'blue kettle garden',
      pronouns: 'they/them',
    });
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
    const session = await signUp(createClient(pb.url), service, parsed);
    expect((await service.collection('users').getOne(session.user.id)).role).toEqual(['trainee']);

    const asEve = createClient(pb.url);
    asEve.authStore.save(session.token, null);
    for (const body of [{ role: ['admin'] }, { 'role+': 'admin' }, { role: ['trainee', 'trainer'] }]) {
      await expect(asEve.collection('users').update(session.user.id, body)).rejects.toMatchObject({ status: expect.any(Number) });
    }
    expect((await service.collection('users').getOne(session.user.id)).role).toEqual(['trainee']);
  });

  it('says plainly when the email already has an account', async () => {
    const { email } = await trainee();
    const error = await domainError(signUp(createClient(pb.url), service, { display_name: 'Again', email, password: 'some password 1', pronouns: '' }));
    expect(error.kind).toBe('conflict');
    expect(error.fields.email).toMatch(/already an account/);
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

  it('trainers cannot make links for staff or for themselves; unknown emails are named', async () => {
    const trainer = await staffUser('trainer');
    const admin = await staffUser('admin');
    const forbidden = await domainError(createResetLink(service, trainer, admin.email));
    expect(forbidden.kind).toBe('forbidden');
    const self = await domainError(createResetLink(service, trainer, trainer.email));
    expect(self.fields.email).toMatch(/your own account/);
    const missing = await domainError(createResetLink(service, trainer, uniqueEmail('nobody')));
    expect(missing.kind).toBe('not-found');
    expect(missing.fields.email).toMatch(/No account uses this email/);
    const anyone = await staffUser('trainer');
    const trainee1 = await trainee();
    const notStaff = await domainError(createResetLink(service, { id: trainee1.id, role: ['trainee'] }, anyone.email));
    expect(notStaff.kind).toBe('forbidden');
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
  it('knows whether PocketBase can send email', async () => {
    expect(await emailCanBeSent(service)).toBe(false);
    await service.settings.update({ smtp: { enabled: true, host: '127.0.0.1', port: 2525 } });
    try {
      expect(await emailCanBeSent(service)).toBe(true);
    } finally {
      await service.settings.update({ smtp: { enabled: false } });
    }
  });

  it('asking never reveals whether an account exists; a bad emailed token is refused kindly', async () => {
    const kim = await trainee();
    await expect(requestEmailReset(createClient(pb.url), kim.email)).resolves.toBeUndefined();
    await expect(requestEmailReset(createClient(pb.url), uniqueEmail('nobody'))).resolves.toBeUndefined();
    const bad = await domainError(confirmEmailReset(createClient(pb.url), 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6IngifQ.c2ln', 'new password 123'));
    expect(bad.kind).toBe('not-found');
  });
});
