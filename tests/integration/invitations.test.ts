/**
 * Inviting people to a group, adding many at once, the join code, and accepting invitations,
 * against a real PocketBase through the store the pages use. People act with their own token,
 * as the web server does; the service client is the test's superuser standing in for the web
 * server's service account.
 */
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCohort } from '../../src/lib/cohorts/cohorts-store.ts';
import {
  acceptInvitation,
  applyList,
  changeJoinCode,
  joinWithInvitation,
  listInvitations,
  openInvitation,
  previewList,
  resendInvitation,
  startGroup,
  withdrawInvitation,
  type InviteDeps,
  type Delivery,
} from '../../src/lib/cohorts/invitations-store.ts';
import { peopleForm } from '../../src/lib/cohorts/forms.ts';
import { DomainError } from '../../src/lib/errors.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createCohort, createUser, enrol, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'peer-support-foundations';
const ORIGIN = 'https://learning.example.org';
const DAY = 24 * 60 * 60 * 1000;

let pb: TestPocketBase;
let service: TypedPocketBase;
const clients: Record<string, TypedPocketBase> = {};
const users: Record<string, UserRecord> = {};
let groupA: string;
let groupB: string;

async function person(key: string, roles: UserRecord['role']) {
  await createUser(service as unknown as PocketBase, { email: `${key}@example.org`, password: PASSWORD, display_name: `${key} Person`, roles });
  clients[key] = (await clientAs(pb.url, `${key}@example.org`, PASSWORD)) as TypedPocketBase;
  users[key] = clients[key]!.authStore.record as unknown as UserRecord;
}

const deps = (key: string, now?: () => Date): InviteDeps => ({ pb: clients[key]!, service: async () => service, actor: users[key]!, origin: ORIGIN, ...(now ? { now } : {}) });

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but it succeeded');
}

const tokenOf = (url: string) => url.split('/invite/')[1]!;
/** With no SMTP set up (this file), every invitation comes back as a link to pass on. */
const linkOf = (delivery: Delivery): string => {
  if (delivery.channel !== 'link') throw new Error(`expected a link, got ${delivery.channel}`);
  return delivery.url;
};
const enrolmentOf = async (user: string) => (await service.collection('enrolments').getFullList({ filter: service.filter('user = {:u} && course = {:c}', { u: user, c: COURSE }) }))[0];
const auditRows = async (action: string, target: string) => service.collection('audit_log').getFullList({ filter: service.filter('action = {:a} && target_id = {:t}', { a: action, t: target }) });

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = (await serviceClient(pb)) as TypedPocketBase;
  await person('admin', ['admin']);
  await person('tina', ['trainer']);
  await person('otto', ['trainer']);
  await person('kim', ['trainee']);
  await person('existing', ['trainee']);
  await person('moved', ['trainee']);
  groupA = await createCohort(service as unknown as PocketBase, { name: 'Group A', course: COURSE, trainers: [users.tina!.id] });
  groupB = await createCohort(service as unknown as PocketBase, { name: 'Group B', course: COURSE, trainers: [users.otto!.id] });
  await enrol(service as unknown as PocketBase, users.kim!, COURSE, groupA);
  await enrol(service as unknown as PocketBase, users.moved!, COURSE, groupB);
});

afterAll(async () => {
  await pb?.stop();
});

describe('who may manage a group', () => {
  it('lets a trainer start a group, listing them as its only trainer, with an audit row naming them', async () => {
    const made = await startGroup(deps('tina'), { name: 'Tina’s own', course: COURSE, starts_on: '', ends_on: '', make_code: true });
    expect(made.trainers).toEqual([users.tina!.id]);
    expect(made.assessors).toEqual([]);
    expect(made.takes_self_enrolled).toBe(false);
    expect(made.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const audit = await auditRows('cohort.create', made.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: users.tina!.id });
  });

  it('refuses a trainee starting a group, and a trainer creating one directly through the API', async () => {
    expect((await refusal(startGroup(deps('kim'), { name: 'Nope', course: COURSE, starts_on: '', ends_on: '', make_code: false }))).kind).toBe('forbidden');
    await expect(clients.tina!.collection('cohorts').create({ name: 'Raw', course: COURSE, trainers: [users.tina!.id] })).rejects.toMatchObject({ status: 400 });
  });

  it('refuses a trainer of another group: no preview, no adding, no invitations list, no code change, no reading it', async () => {
    const list = 'new.person.one@example.org';
    for (const attempt of [
      () => previewList(deps('otto'), groupA, list),
      () => applyList(deps('otto'), groupA, list),
      () => listInvitations(deps('otto'), groupA),
      () => changeJoinCode(deps('otto'), groupA, 'make'),
    ]) {
      expect((await refusal(attempt())).kind).toBe('not-found');
    }
    // Nothing was made.
    expect(await service.collection('invitations').getFullList({ filter: service.filter('cohort = {:c}', { c: groupA }) })).toHaveLength(0);
    expect((await getCohort(service, groupA)).code).toBe('');
    // Cannot read the group with their own token either.
    await expect(clients.otto!.collection('cohorts').getOne(groupA)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a trainee, even one in the group', async () => {
    expect((await refusal(applyList(deps('kim'), groupA, 'x.y@example.org'))).kind).toBe('not-found');
  });

  it('refuses a trainer listed on the group as assessor only', async () => {
    const assessorGroup = await createCohort(service as unknown as PocketBase, { name: 'Assessed by Otto', course: COURSE, assessors: [users.otto!.id] });
    expect((await refusal(applyList(deps('otto'), assessorGroup, 'x.z@example.org'))).kind).toBe('forbidden');
  });

  it('refuses a trainer the administrators’ actions of the people page, even on their own group', async () => {
    const data = new FormData();
    data.set('action', 'add');
    data.set('email', 'moved@example.org');
    data.set('as', 'assessor');
    const cohort = await getCohort(clients.tina!, groupA);
    const outcome = await peopleForm({ deps: { pb: clients.tina!, service: async () => service }, actor: users.tina!, cohort, form: data });
    expect(outcome).toMatchObject({ ok: false, status: 403 });
    expect((await getCohort(service, groupA)).assessors).toEqual([]);
    expect((await service.collection('users').getOne(users.moved!.id)).role).toEqual(['trainee']);
  });

  it('nobody reads or writes invitations with their own token', async () => {
    for (const key of ['admin', 'tina', 'kim']) {
      await expect(clients[key]!.collection('invitations').getList(1, 50)).rejects.toMatchObject({ status: 403 });
      await expect(
        clients[key]!.collection('invitations').create({ cohort: groupA, email: 'a@example.org', token_hash: 'a'.repeat(64), expires_at: new Date().toISOString(), status: 'pending' }),
      ).rejects.toMatchObject({ status: 403 });
    }
  });
});

describe('adding many at once', () => {
  it('previews each line: existing account added, no account invited, in another group left alone for a trainer, unreadable lines named', async () => {
    const text = ['Existing Person <existing@example.org>', 'New One, new.one@example.org', 'moved@example.org', 'kim@example.org', 'Broken line without address'].join('\n');
    const preview = await previewList(deps('tina'), groupA, text);
    expect(preview.parsed.problems).toEqual([{ line: 5, message: expect.stringContaining('Line 5') }]);
    expect(preview.plans.map((p) => [p.person.email, p.kind])).toEqual([
      ['existing@example.org', 'add'],
      ['new.one@example.org', 'invite'],
      ['moved@example.org', 'elsewhere'],
      ['kim@example.org', 'already'],
    ]);
    // Applying a list with a bad line saves nothing at all.
    expect((await refusal(applyList(deps('tina'), groupA, text))).kind).toBe('invalid');
    expect(await enrolmentOf(users.existing!.id)).toBeUndefined();
    expect(await service.collection('invitations').getFullList({ filter: service.filter('cohort = {:c}', { c: groupA }) })).toHaveLength(0);
  });

  it('adds the list in one go: enrols the account, makes invitations with links, audits each, and stores only a hash', async () => {
    const text = ['Existing Person <existing@example.org>', 'New One, new.one@example.org', '"Two, New", new.two@example.org', 'moved@example.org'].join('\n');
    const applied = await applyList(deps('tina'), groupA, text);
    expect(applied.added.map((p) => p.person.email)).toEqual(['existing@example.org']);
    expect(applied.invited.map((i) => [i.name, i.email])).toEqual([
      ['New One', 'new.one@example.org'],
      ['Two, New', 'new.two@example.org'],
    ]);
    expect(await enrolmentOf(users.existing!.id)).toMatchObject({ cohort: groupA, status: 'active' });
    // The trainer may not move someone out of another trainer's group.
    expect(await enrolmentOf(users.moved!.id)).toMatchObject({ cohort: groupB });
    for (const made of applied.invited) {
      expect(linkOf(made.delivery)).toMatch(new RegExp(`^${ORIGIN}/invite/[A-Za-z0-9_-]{43}$`));
      const stored = await service.collection('invitations').getOne(made.id);
      expect(stored).toMatchObject({ status: 'pending', cohort: groupA, invited_by: users.tina!.id });
      expect(JSON.stringify(stored)).not.toContain(tokenOf(linkOf(made.delivery)));
      expect(await auditRows('invitation.create', made.id)).toHaveLength(1);
    }
    const open = await listInvitations(deps('tina'), groupA);
    expect(open.map((i) => [i.email, i.state])).toEqual(expect.arrayContaining([['new.one@example.org', 'pending'], ['new.two@example.org', 'pending']]));
    // The same list again changes nothing: already in, already invited.
    const again = await previewList(deps('tina'), groupA, text);
    expect(again.plans.map((p) => p.kind)).toEqual(['already', 'invited', 'invited', 'elsewhere']);
  });

  it('an administrator moves someone from another group', async () => {
    const preview = await previewList(deps('admin'), groupA, 'moved@example.org');
    expect(preview.plans[0]!.kind).toBe('move');
  });

  it('rolls the whole list back when the last request of the transaction fails in PocketBase', async () => {
    await person('racer', ['trainee']);
    // The real service client, whose batches get one more request that PocketBase refuses
    // (an enrolment for a user that does not exist) after everything the list asked for.
    const failing = new Proxy(service, {
      get(target, prop, receiver) {
        if (prop !== 'createBatch') return Reflect.get(target, prop, receiver);
        return () => {
          const batch = target.createBatch();
          const send = batch.send.bind(batch);
          batch.send = async (options) => {
            batch.collection('enrolments').create({ user: 'nosuchuser00000', course: COURSE, status: 'active' });
            return send(options);
          };
          return batch;
        };
      },
    }) as TypedPocketBase;
    const text = 'racer@example.org\nrollback.new@example.org';
    const error = await refusal(applyList({ ...deps('tina'), service: async () => failing }, groupA, text));
    expect(error.kind).not.toBe('forbidden');
    expect(await enrolmentOf(users.racer!.id)).toBeUndefined();
    expect(await service.collection('invitations').getFullList({ filter: service.filter('email = "rollback.new@example.org"') })).toHaveLength(0);
    const before = (await service.collection('audit_log').getFullList({ filter: service.filter('action = "cohort.people_add"') })).length;
    // And the same list through the real client works.
    const applied = await applyList(deps('tina'), groupA, text);
    expect(applied.added).toHaveLength(1);
    expect(applied.invited).toHaveLength(1);
    expect((await service.collection('audit_log').getFullList({ filter: service.filter('action = "cohort.people_add"') })).length).toBe(before + 1);
  });
});

describe('invitations: accept, expire, withdraw, resend', () => {
  async function invite(email: string, key = 'tina', group = groupA, now?: () => Date) {
    const applied = await applyList(deps(key, now), group, `Invited Person <${email}>`);
    return applied.invited[0]!;
  }

  it('accepting makes the account, enrols it in the group, marks the invitation accepted and audits it', async () => {
    const made = await invite('accept.me@example.org');
    const token = tokenOf(linkOf(made.delivery));
    const opened = await openInvitation(service, token);
    expect(opened).toMatchObject({ hasAccount: false, cohort: { id: groupA } });
    const accepted = await acceptInvitation(service, token, { display_name: 'Accepted Person', password: PASSWORD });
    expect(accepted).toMatchObject({ email: 'accept.me@example.org', cohort: { id: groupA, course: COURSE } });
    const user = await service.collection('users').getOne(accepted.user);
    expect(user).toMatchObject({ display_name: 'Accepted Person', role: ['trainee'] });
    await clientAs(pb.url, 'accept.me@example.org', PASSWORD);
    expect(await enrolmentOf(accepted.user)).toMatchObject({ cohort: groupA, status: 'active' });
    expect(await service.collection('invitations').getOne(made.id)).toMatchObject({ status: 'accepted', accepted_by: accepted.user });
    expect(await auditRows('invitation.accept', made.id)).toHaveLength(1);
    // Used once: the link is dead now.
    expect(await openInvitation(service, token)).toBeNull();
    expect((await refusal(acceptInvitation(service, token, { display_name: 'Again', password: PASSWORD }))).kind).toBe('not-found');
  });

  it('an expired invitation cannot be accepted, shows as expired, and a new link brings it back', async () => {
    const longAgo = () => new Date(Date.now() - 15 * DAY);
    const made = await invite('expired.one@example.org', 'tina', groupA, longAgo);
    const token = tokenOf(linkOf(made.delivery));
    expect(await openInvitation(service, token)).toBeNull();
    expect((await refusal(acceptInvitation(service, token, { display_name: 'Late', password: PASSWORD }))).kind).toBe('not-found');
    expect((await listInvitations(deps('tina'), groupA)).find((i) => i.id === made.id)?.state).toBe('expired');
    const again = await resendInvitation(deps('tina'), groupA, made.id);
    expect(tokenOf(linkOf(again.delivery))).not.toBe(token);
    expect(await openInvitation(service, tokenOf(linkOf(again.delivery)))).not.toBeNull();
    expect(await auditRows('invitation.resend', made.id)).toHaveLength(1);
  });

  it('resending kills the old link', async () => {
    const made = await invite('resend.me@example.org');
    const oldToken = tokenOf(linkOf(made.delivery));
    const again = await resendInvitation(deps('tina'), groupA, made.id);
    expect(await openInvitation(service, oldToken)).toBeNull();
    expect((await refusal(acceptInvitation(service, oldToken, { display_name: 'Old', password: PASSWORD }))).kind).toBe('not-found');
    const fresh = await openInvitation(service, tokenOf(linkOf(again.delivery)));
    expect(fresh?.invitation.id).toBe(made.id);
    expect(fresh?.invitation.sent_count).toBe(2);
  });

  it('withdrawing kills the link; staff of another group cannot resend or withdraw it', async () => {
    const made = await invite('withdraw.me@example.org');
    expect((await refusal(withdrawInvitation(deps('otto'), groupA, made.id))).kind).toBe('not-found');
    // Naming their own group with another group's invitation does not work either.
    expect((await refusal(withdrawInvitation(deps('otto'), groupB, made.id))).kind).toBe('not-found');
    expect((await refusal(resendInvitation(deps('otto'), groupB, made.id))).kind).toBe('not-found');
    expect(await openInvitation(service, tokenOf(linkOf(made.delivery)))).not.toBeNull();
    await withdrawInvitation(deps('tina'), groupA, made.id);
    expect(await openInvitation(service, tokenOf(linkOf(made.delivery)))).toBeNull();
    expect((await refusal(acceptInvitation(service, tokenOf(linkOf(made.delivery)), { display_name: 'W', password: PASSWORD }))).kind).toBe('not-found');
    expect(await auditRows('invitation.withdraw', made.id)).toHaveLength(1);
    expect((await listInvitations(deps('tina'), groupA)).some((i) => i.id === made.id)).toBe(false);
    // A withdrawn invitation cannot be brought back with a new link.
    expect((await refusal(resendInvitation(deps('tina'), groupA, made.id))).kind).toBe('not-found');
  });

  it('never takes an existing account over: accepting refuses, the password is unchanged, and the owner joins by signing in', async () => {
    const made = await invite('late.signup@example.org');
    const token = tokenOf(linkOf(made.delivery));
    // The person (or someone else) made an account with that email after the invitation.
    await createUser(service as unknown as PocketBase, { email: 'late.signup@example.org', password: PASSWORD, display_name: 'Owner', roles: ['trainee'] });
    expect(await openInvitation(service, token)).toMatchObject({ hasAccount: true });
    expect((await refusal(acceptInvitation(service, token, { display_name: 'Attacker', password: 'attacker-password-1' }))).kind).toBe('conflict');
    await expect(clientAs(pb.url, 'late.signup@example.org', 'attacker-password-1')).rejects.toMatchObject({ status: 400 });
    const owner = (await clientAs(pb.url, 'late.signup@example.org', PASSWORD)) as TypedPocketBase;
    const ownerRecord = owner.authStore.record as unknown as UserRecord;
    expect(ownerRecord.display_name).toBe('Owner');
    // Someone signed in with a different account cannot use it.
    expect((await refusal(joinWithInvitation(service, token, users.kim!))).kind).toBe('forbidden');
    // The owner, signed in, joins.
    const joined = await joinWithInvitation(service, token, ownerRecord);
    expect(joined.cohort.id).toBe(groupA);
    expect(await enrolmentOf(ownerRecord.id)).toMatchObject({ cohort: groupA, status: 'active' });
    expect(await service.collection('invitations').getOne(made.id)).toMatchObject({ status: 'accepted', accepted_by: ownerRecord.id });
  });

  it('a link for an archived group does not work, and nobody is added to an archived group', async () => {
    const made = await invite('archived.group@example.org', 'admin', groupB);
    await service.collection('cohorts').update(groupB, { archived: true });
    expect(await openInvitation(service, tokenOf(linkOf(made.delivery)))).toBeNull();
    expect((await refusal(applyList(deps('otto'), groupB, 'someone.new@example.org'))).kind).toBe('conflict');
    expect((await refusal(previewList(deps('admin'), groupB, 'someone.new@example.org'))).kind).toBe('conflict');
    await service.collection('cohorts').update(groupB, { archived: false });
  });
});

describe('the join code', () => {
  it('a trainer of the group makes, rotates and switches off the code, each audited', async () => {
    const made = await changeJoinCode(deps('tina'), groupA, 'make');
    expect(made).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect((await getCohort(service, groupA)).code).toBe(made);
    const rotated = await changeJoinCode(deps('tina'), groupA, 'rotate');
    expect(rotated).not.toBe(made);
    expect((await getCohort(service, groupA)).code).toBe(rotated);
    expect(await changeJoinCode(deps('tina'), groupA, 'off')).toBe('');
    expect((await getCohort(service, groupA)).code).toBe('');
    const audit = await auditRows('cohort.code_change', groupA);
    expect(audit.map((r) => (r.details as { change: string }).change)).toEqual(['make', 'rotate', 'off']);
    expect(JSON.stringify(audit)).not.toContain(made);
  });

  it('tries another code when the random one is taken', async () => {
    await service.collection('cohorts').update(groupB, { code: 'TAKE-N222' });
    const codes = ['TAKE-N222', 'FREE-C333'];
    expect(await changeJoinCode(deps('tina'), groupA, 'make', () => codes.shift()!)).toBe('FREE-C333');
  });
});
