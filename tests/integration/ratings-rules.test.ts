/**
 * The API rules of `competency_ratings` and `rating_invites` (docs/DATA-MODEL.md) against the
 * real PocketBase: for every kind of rating, action and person, can they do it?
 *
 * The people, all about the trainee's row in course `listening-skills`:
 * - anonymous: not signed in.
 * - trainee: owns the row; in group A.
 * - invitedPeer: in group A, invited by the trainee to rate them.
 * - groupMember: in group A, not invited.
 * - otherGroup: a trainee in group B of the same course (another group sees nothing).
 * - supervisor / assessor / iqa / verifier: staff of group A in those lists (the group's
 *   supervisors are its trainers).
 * - otherTrainer: trains group B of the same course.
 * - admin: role admin, in no group.
 *
 * Outcomes are judged by what the person can see or do, as in rules.test.ts: a refused write
 * must leave the data as it was, and only refusal statuses count as "denied".
 */
import PocketBase, { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { ACTIONS, type Action, attemptAction, ruleMatrix, tryCreate } from '../support/rule-matrix.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'listening-skills';

const ACTORS = [
  'anonymous',
  'trainee',
  'invitedPeer',
  'groupMember',
  'otherGroup',
  'supervisor',
  'assessor',
  'iqa',
  'verifier',
  'otherTrainer',
  'admin',
] as const;
type Actor = (typeof ACTORS)[number];

const READERS: Actor[] = ['trainee', 'supervisor', 'assessor', 'iqa'];

/** Who may do what: the table in docs/DATA-MODEL.md. Everyone else is refused. */
const ALLOWED: Record<string, Record<Action, Actor[]>> = {
  'competency_ratings (self)': { list: READERS, view: READERS, create: ['trainee'], update: [], delete: [] },
  'competency_ratings (peer)': {
    list: [...READERS, 'invitedPeer'],
    view: [...READERS, 'invitedPeer'],
    create: ['invitedPeer'],
    update: [],
    delete: [],
  },
  'competency_ratings (supervisor)': { list: READERS, view: READERS, create: ['supervisor'], update: [], delete: [] },
  'competency_ratings (assessor)': { list: READERS, view: READERS, create: ['assessor'], update: [], delete: [] },
  rating_invites: {
    list: ['trainee', 'invitedPeer'],
    view: ['trainee', 'invitedPeer'],
    create: ['trainee'],
    update: ['trainee'],
    delete: [],
  },
};

interface World {
  service: PocketBase;
  users: Record<Exclude<Actor, 'anonymous'>, TestUser>;
  clients: Record<Actor, PocketBase>;
  groups: { a: string; b: string };
  invite: string;
}

interface Target {
  collection: string;
  seed(): Record<string, unknown>;
  create(actor: Actor): Record<string, unknown>;
  change: Record<string, unknown>;
}

let unique = 0;

function targets(world: World): Record<string, Target> {
  const trainee = world.users.trainee.id;
  /** The rater an actor claims to be: themself (anonymous borrows the trainee's id). */
  const as = (actor: Actor) =>
    actor === 'anonymous' ? { rater: trainee, rater_name: 'trainee' } : { rater: world.users[actor].id, rater_name: actor };
  const rating = (role: string, extra: Record<string, unknown> = {}) => ({
    user: trainee,
    course: COURSE,
    competency: `c${++unique}`,
    role,
    score: 3,
    comment: 'Listens well',
    ...extra,
  });
  const writer = (actor: Exclude<Actor, 'anonymous'>) => ({ rater: world.users[actor].id, rater_name: actor });
  return {
    'competency_ratings (self)': {
      collection: 'competency_ratings',
      seed: () => rating('self', writer('trainee')),
      create: (actor) => rating('self', as(actor)),
      change: { score: 5 },
    },
    'competency_ratings (peer)': {
      collection: 'competency_ratings',
      seed: () => rating('peer', { ...writer('invitedPeer'), invite: world.invite }),
      create: (actor) => rating('peer', { ...as(actor), invite: world.invite }),
      change: { score: 5 },
    },
    'competency_ratings (supervisor)': {
      collection: 'competency_ratings',
      seed: () => rating('supervisor', writer('supervisor')),
      create: (actor) => rating('supervisor', as(actor)),
      change: { score: 5 },
    },
    'competency_ratings (assessor)': {
      collection: 'competency_ratings',
      seed: () => rating('assessor', writer('assessor')),
      create: (actor) => rating('assessor', as(actor)),
      change: { score: 5 },
    },
    rating_invites: {
      collection: 'rating_invites',
      seed: () => ({
        user: trainee,
        course: COURSE,
        peer: world.users.invitedPeer.id,
        trainee_name: 'trainee',
        peer_name: 'invitedPeer',
        status: 'open',
      }),
      create: () => ({
        user: trainee,
        course: COURSE,
        peer: world.users.groupMember.id,
        trainee_name: 'trainee',
        peer_name: 'groupMember',
        message: `Please rate me ${++unique}`,
        status: 'open',
      }),
      change: { status: 'withdrawn' },
    },
  };
}

describe('ratings API rules', () => {
  let pb: TestPocketBase;
  const world = {} as World;
  const readRows: Record<string, string> = {};

  beforeAll(async () => {
    pb = await startTestPocketBase();
    world.service = await serviceClient(pb);
    const service = world.service;
    const person = (name: string, role: 'trainee' | 'trainer' | 'assessor' | 'iqa' | 'verifier' | 'admin') =>
      createUser(service, { email: `${name.toLowerCase()}@example.org`, password: PASSWORD, display_name: name, roles: [role] });
    world.users = {
      trainee: await person('trainee', 'trainee'),
      invitedPeer: await person('invitedPeer', 'trainee'),
      groupMember: await person('groupMember', 'trainee'),
      otherGroup: await person('otherGroup', 'trainee'),
      supervisor: await person('supervisor', 'trainer'),
      assessor: await person('assessor', 'assessor'),
      iqa: await person('iqa', 'iqa'),
      verifier: await person('verifier', 'verifier'),
      otherTrainer: await person('otherTrainer', 'trainer'),
      admin: await person('admin', 'admin'),
    };
    const u = world.users;
    world.groups = {
      a: (
        await service.collection('cohorts').create({
          name: 'Group A',
          course: COURSE,
          trainers: [u.supervisor.id],
          assessors: [u.assessor.id],
          iqas: [u.iqa.id],
          verifiers: [u.verifier.id],
        })
      ).id,
      b: (await service.collection('cohorts').create({ name: 'Group B', course: COURSE, trainers: [u.otherTrainer.id] })).id,
    };
    for (const who of [u.trainee, u.invitedPeer, u.groupMember]) {
      await service.collection('enrolments').create({ user: who.id, course: COURSE, cohort: world.groups.a, status: 'active' });
    }
    await service.collection('enrolments').create({ user: u.otherGroup.id, course: COURSE, cohort: world.groups.b, status: 'active' });

    world.clients = { anonymous: new PocketBase(pb.url) } as Record<Actor, PocketBase>;
    world.clients.anonymous.autoCancellation(false);
    for (const actor of ACTORS.filter((a) => a !== 'anonymous')) {
      world.clients[actor] = await clientAs(pb.url, u[actor].email, PASSWORD);
    }
    // The trainee's invitation, made with their own token as the site does.
    world.invite = (
      await world.clients.trainee.collection('rating_invites').create({
        user: u.trainee.id,
        course: COURSE,
        peer: u.invitedPeer.id,
        trainee_name: 'trainee',
        peer_name: 'invitedPeer',
        status: 'open',
      })
    ).id;
    for (const [name, target] of Object.entries(targets(world))) {
      readRows[name] = (await service.collection(target.collection).create(target.seed())).id;
    }
  });
  afterAll(async () => {
    await pb?.stop();
  });

  const matrix = ruleMatrix(ALLOWED, ACTORS);

  it('covers every kind of rating, the invites, every action and person', () => {
    expect(matrix).toHaveLength(5 * ACTIONS.length * ACTORS.length);
  });

  describe.each(Object.keys(ALLOWED))('%s', (targetName) => {
    it.each(matrix.filter((c) => c.targetName === targetName))('$action by $actor: $expected', async ({ action, actor, expected }) => {
      const target = targets(world)[targetName]!;
      const id =
        action === 'list' || action === 'view'
          ? readRows[targetName]!
          : (await world.service.collection(target.collection).create(target.seed())).id;
      expect(await attemptAction({
        service: world.service,
        client: world.clients[actor],
        collection: target.collection,
        action,
        id,
        createBody: () => target.create(actor),
        change: target.change,
      })).toBe(expected);
    });
  });

  describe('edges the matrix does not reach', () => {
    const rating = (role: string, rater: Exclude<Actor, 'anonymous'>, extra: Record<string, unknown> = {}) => ({
      user: world.users.trainee.id,
      course: COURSE,
      competency: `edge${++unique}`,
      role,
      score: 4,
      rater: world.users[rater].id,
      rater_name: rater,
      ...extra,
    });
    const invite = (peer: Exclude<Actor, 'anonymous'>, extra: Record<string, unknown> = {}) => ({
      user: world.users.trainee.id,
      course: COURSE,
      peer: world.users[peer].id,
      trainee_name: 'trainee',
      peer_name: peer,
      status: 'open',
      ...extra,
    });

    it('a trainee cannot invite someone from another group', async () => {
      expect(await tryCreate(world.service, 'rating_invites', world.clients.trainee, invite('otherGroup'))).toBe('denied');
    });

    it('a trainee cannot invite a member of staff who is not in the group as a trainee', async () => {
      expect(await tryCreate(world.service, 'rating_invites', world.clients.trainee, invite('supervisor'))).toBe('denied');
    });

    it('a trainee cannot invite themself', async () => {
      expect(await tryCreate(world.service, 'rating_invites', world.clients.trainee, invite('groupMember', { peer: world.users.trainee.id, peer_name: 'trainee' }))).toBe(
        'denied',
      );
    });

    it('an invite cannot carry a made-up name for either person', async () => {
      expect(await tryCreate(world.service, 'rating_invites', world.clients.trainee, invite('groupMember', { peer_name: 'Someone else' }))).toBe('denied');
      expect(await tryCreate(world.service, 'rating_invites', world.clients.trainee, invite('groupMember', { trainee_name: 'Someone else' }))).toBe('denied');
    });

    it('a rating cannot carry a made-up name for its writer', async () => {
      expect(await tryCreate(world.service, 'competency_ratings', world.clients.trainee, rating('self', 'trainee', { rater_name: 'The assessor' }))).toBe('denied');
    });

    it('nobody can write a rating in someone else’s name', async () => {
      expect(await tryCreate(world.service, 'competency_ratings', world.clients.groupMember, rating('self', 'trainee'))).toBe('denied');
      expect(
        await tryCreate(world.service, 'competency_ratings', world.clients.groupMember, rating('peer', 'invitedPeer', { invite: world.invite })),
      ).toBe('denied');
    });

    it('a withdrawn invite can no longer be used', async () => {
      const row = await world.clients.trainee.collection('rating_invites').create(invite('groupMember'));
      await world.clients.trainee.collection('rating_invites').update(row.id, { status: 'withdrawn' });
      expect(await tryCreate(world.service, 'competency_ratings', world.clients.groupMember, rating('peer', 'groupMember', { invite: row.id }))).toBe('denied');
    });

    it('the trainee can only withdraw an invite, not point it at someone else', async () => {
      const row = await world.clients.trainee.collection('rating_invites').create(invite('groupMember'));
      await expect(
        world.clients.trainee.collection('rating_invites').update(row.id, { status: 'withdrawn', peer: world.users.otherGroup.id }),
      ).rejects.toBeInstanceOf(ClientResponseError);
      expect((await world.service.collection('rating_invites').getOne(row.id))['peer']).toBe(world.users.groupMember.id);
    });

    it('an invited peer who has moved to another group can no longer rate', async () => {
      const mover = await createUser(world.service, { email: 'mover@example.org', password: PASSWORD, display_name: 'mover', roles: ['trainee'] });
      const enrolment = await world.service
        .collection('enrolments')
        .create({ user: mover.id, course: COURSE, cohort: world.groups.a, status: 'active' });
      const row = await world.clients.trainee
        .collection('rating_invites')
        .create({ ...invite('groupMember'), peer: mover.id, peer_name: 'mover' });
      const asMover = await clientAs(pb.url, mover.email, PASSWORD);
      const body = () => ({ ...rating('peer', 'groupMember'), rater: mover.id, rater_name: 'mover', invite: row.id });
      expect(await tryCreate(world.service, 'competency_ratings', asMover, body())).toBe('allowed');
      await world.service.collection('enrolments').update(enrolment.id, { cohort: world.groups.b });
      expect(await tryCreate(world.service, 'competency_ratings', asMover, body())).toBe('denied');
    });

    it('a peer sees only the rating they wrote, not the trainee’s other ratings', async () => {
      const seen = await world.clients.invitedPeer
        .collection('competency_ratings')
        .getFullList({ filter: world.service.filter('user = {:u}', { u: world.users.trainee.id }) });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((row) => row['rater'] === world.users.invitedPeer.id)).toBe(true);
    });

    it('a member of another group sees none of the trainee’s ratings or invites', async () => {
      const filter = world.service.filter('user = {:u}', { u: world.users.trainee.id });
      expect(await world.clients.otherGroup.collection('competency_ratings').getFullList({ filter })).toHaveLength(0);
      expect(await world.clients.otherGroup.collection('rating_invites').getFullList({ filter })).toHaveLength(0);
      expect(await world.clients.otherTrainer.collection('competency_ratings').getFullList({ filter })).toHaveLength(0);
    });

    it('a rating for the trainee in another course is not the staff’s to write', async () => {
      expect(
        await tryCreate(world.service, 'competency_ratings', world.clients.supervisor, { ...rating('supervisor', 'supervisor'), course: 'boundaries' }),
      ).toBe('denied');
    });
  });
});
