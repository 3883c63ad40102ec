/**
 * The API rules and hooks of the practice portfolio (issue 19; docs/DATA-MODEL.md,
 * "practice_hours", "supervision_sessions", "practice_observations") against the real
 * PocketBase: for every new collection, action and kind of person, can they do it to a row
 * about "the owner", a trainee of group A of course `peer-support-foundations`?
 *
 * The people:
 * - anonymous: not signed in.
 * - owner: the trainee the rows are about; in group A, and in group Y of another course.
 * - otherTrainee: a trainee of group B (same course as A).
 * - trainer (the owner's supervisor), assessor, iqa, verifier: on that list of group A.
 * - otherTrainer, otherAssessor: on that list of group B (same course) AND of group Y (the
 *   owner's group for the other course). A rule that checked trainee, course and staff list on
 *   different enrolment rows would let them in; they must see nothing.
 * - admin: role admin, on no group.
 * Apart from the matrix: `selfTrainer`, a trainer of group A who is also enrolled in it as a
 * trainee (no one confirms their own hours or observes themself).
 *
 * As in assessment-rules.test.ts, outcomes are judged by what the person can see or do, a
 * refused write leaves the data unchanged, and only statuses that mean "refused" count.
 */
import PocketBase, { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { ACTIONS, type Action, attemptAction, countRows as count, ruleMatrix } from '../support/rule-matrix.ts';
import type { Role } from '../../src/lib/records.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { eraseAccount } from '../../src/lib/privacy/erase.ts';
import { collectPersonData } from '../../src/lib/privacy/export.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'peer-support-foundations';
const OTHER_COURSE = 'service-user-leadership';

const ACTORS = ['anonymous', 'owner', 'otherTrainee', 'trainer', 'otherTrainer', 'assessor', 'otherAssessor', 'iqa', 'verifier', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
type Person = Actor | 'selfTrainer';
type Body = Record<string, unknown>;

const ACTOR_NAMES: Record<Actor, string> = {
  anonymous: 'anonymous',
  owner: 'the owner (the trainee)',
  otherTrainee: 'a trainee of another group',
  trainer: "a trainer of the owner's group (their supervisor)",
  otherTrainer: 'a trainer of another group',
  assessor: "an assessor of the owner's group",
  otherAssessor: 'an assessor of another group',
  iqa: "an IQA of the owner's group",
  verifier: "a verifier of the owner's group",
  admin: 'an admin',
};

const NOBODY: Actor[] = [];
const TRAINEE_AND_STAFF: Actor[] = ['owner', 'trainer', 'assessor', 'iqa', 'verifier'];

/** Who may do what to a row about the owner: docs/DATA-MODEL.md. Everyone else is refused. */
const ALLOWED: Record<string, Record<Action, Actor[]>> = {
  practice_hours: { list: TRAINEE_AND_STAFF, view: TRAINEE_AND_STAFF, create: ['owner'], update: ['owner', 'trainer'], delete: ['owner'] },
  supervision_sessions: {
    list: ['owner', 'trainer', 'assessor'],
    view: ['owner', 'trainer', 'assessor'],
    create: ['owner', 'trainer'],
    update: ['owner', 'trainer'],
    delete: NOBODY,
  },
  practice_observations: { list: TRAINEE_AND_STAFF, view: TRAINEE_AND_STAFF, create: ['trainer', 'assessor'], update: NOBODY, delete: NOBODY },
};

interface Target {
  collection: string;
  seed(n: number): Body;
  /** What `self` tries to create: a row about the owner, naming `self` where the row names its writer. */
  create(n: number, self: string): Body;
  /** What `actor` tries to change (the trainee changes what they wrote; staff review or confirm). */
  change(actor: Person, self: string): Body;
}

interface World {
  service: PocketBase;
  users: Record<Person, TestUser>;
  clients: Record<Person, PocketBase>;
  cohorts: { a: string; b: string; y: string };
}

let unique = 0;
const next = () => ++unique;
const day = (n: number) => `2026-10-${String((n % 28) + 1).padStart(2, '0')} 00:00:00.000Z`;

function selfId(world: World, actor: Person): string {
  return actor === 'anonymous' ? world.users.trainer.id : world.users[actor].id;
}

function targets(world: World): Record<string, Target> {
  const owner = world.users.owner.id;
  const trainer = world.users.trainer.id;
  return {
    practice_hours: {
      collection: 'practice_hours',
      seed: (n) => ({ user: owner, course: COURSE, done_on: day(n), minutes: 60, kind: 'placement', note: `Ward visit ${n}`, status: 'logged' }),
      create: (n) => ({ user: owner, course: COURSE, done_on: day(n), minutes: 90, kind: 'study', note: 'Reading' }),
      change: (actor) => (actor === 'owner' ? { minutes: 120 } : { status: 'confirmed' }),
    },
    supervision_sessions: {
      collection: 'supervision_sessions',
      seed: (n) => ({
        user: owner,
        course: COURSE,
        supervisor: trainer,
        held_on: day(n),
        minutes: 60,
        format: 'one_to_one',
        actions: 'Read the boundaries policy',
        record: `We talked about boundaries, ${n}`,
        recorded_by: owner,
      }),
      create: (n, self) =>
        self === owner
          ? { user: owner, course: COURSE, supervisor: trainer, held_on: day(n), minutes: 45, format: 'group', record: 'Group session', recorded_by: owner }
          : { user: owner, course: COURSE, supervisor: self, held_on: day(n), minutes: 45, format: 'peer', record: 'Peer session', recorded_by: self },
      // The trainee recorded the seeded rows: the supervisor confirms; anyone else tries to rewrite.
      change: (actor, self) => (actor === 'owner' ? { record: 'Rewritten by the trainee' } : actor === 'trainer' ? { confirmed_by: self } : { record: 'Rewritten' }),
    },
    practice_observations: {
      collection: 'practice_observations',
      seed: (n) => ({
        user: owner,
        course: COURSE,
        observer: world.users.assessor.id,
        observed_on: day(n),
        seen: 'Held a boundary kindly in a group.',
        criteria: ['U2/1.1'],
        feedback: 'Clear and warm.',
      }),
      create: (n, self) => ({
        user: owner,
        course: COURSE,
        observer: self,
        observed_on: day(n),
        seen: 'Listened without fixing.',
        criteria: ['U2/1.1', 'U2/1.2'],
        feedback: 'Good use of silence.',
      }),
      change: () => ({ feedback: 'Changed afterwards' }),
    },
  };
}

/** The hook's refusal: a ClientResponseError whose `data.<field>.code` is `code`. */
async function expectHookRefusal(request: Promise<unknown>, field: string, code: string): Promise<void> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the request was refused').toBeInstanceOf(ClientResponseError);
  const data = (error as ClientResponseError).response['data'] as Record<string, { code: string }>;
  expect(data[field]?.code, JSON.stringify(data)).toBe(code);
}

describe('practice portfolio API rules', () => {
  let pb: TestPocketBase;
  const world = {} as World;
  const readRows: Record<string, string> = {};

  beforeAll(async () => {
    pb = await startTestPocketBase();
    world.service = await serviceClient(pb);
    const service = world.service;
    const person = (name: string, roles: Role[]) => createUser(service, { email: `${name}@example.org`, password: PASSWORD, display_name: name, roles });
    world.users = {
      anonymous: { id: '', email: '', password: '' },
      owner: await person('owner', ['trainee']),
      otherTrainee: await person('other-trainee', ['trainee']),
      trainer: await person('trainer', ['trainer']),
      otherTrainer: await person('other-trainer', ['trainer']),
      assessor: await person('assessor', ['assessor']),
      otherAssessor: await person('other-assessor', ['assessor']),
      iqa: await person('iqa', ['iqa']),
      verifier: await person('verifier', ['verifier']),
      admin: await person('admin', ['admin']),
      selfTrainer: await person('self-trainer', ['trainer', 'trainee']),
    };
    const u = world.users;
    world.cohorts = {
      a: await createCohort(service, {
        name: 'Group A',
        course: COURSE,
        trainers: [u.trainer.id, u.selfTrainer.id],
        assessors: [u.assessor.id],
        iqas: [u.iqa.id],
        verifiers: [u.verifier.id],
      }),
      b: await createCohort(service, { name: 'Group B', course: COURSE, trainers: [u.otherTrainer.id], assessors: [u.otherAssessor.id] }),
      y: await createCohort(service, { name: 'Group Y', course: OTHER_COURSE, trainers: [u.otherTrainer.id], assessors: [u.otherAssessor.id] }),
    };
    await enrol(service, u.owner, COURSE, world.cohorts.a);
    await enrol(service, u.owner, OTHER_COURSE, world.cohorts.y);
    await enrol(service, u.otherTrainee, COURSE, world.cohorts.b);
    await enrol(service, u.selfTrainer, COURSE, world.cohorts.a);

    world.clients = { anonymous: new PocketBase(pb.url) } as Record<Person, PocketBase>;
    world.clients.anonymous.autoCancellation(false);
    for (const actor of [...ACTORS.filter((a) => a !== 'anonymous'), 'selfTrainer'] as const) {
      world.clients[actor] = await clientAs(pb.url, u[actor].email, PASSWORD);
    }
    for (const [name, target] of Object.entries(targets(world))) {
      readRows[name] = (await service.collection(target.collection).create(target.seed(next()))).id;
    }
  });
  afterAll(async () => {
    await pb?.stop();
  });

  const matrix = ruleMatrix(ALLOWED, ACTORS);

  it('covers every new collection, action and person', () => {
    expect(matrix).toHaveLength(3 * ACTIONS.length * ACTORS.length);
  });

  describe.each(Object.keys(ALLOWED))('%s', (targetName) => {
    it.each(matrix.filter((c) => c.targetName === targetName))('$action by $actor: $expected', async ({ action, actor, expected }) => {
      const target = targets(world)[targetName]!;
      const id = action === 'list' || action === 'view' ? readRows[targetName]! : (await world.service.collection(target.collection).create(target.seed(next()))).id;
      const outcome = await attemptAction({
        service: world.service,
        client: world.clients[actor],
        collection: target.collection,
        action,
        id,
        createBody: () => target.create(next(), selfId(world, actor)),
        change: target.change(actor, selfId(world, actor)),
      });
      expect(outcome, `${action} of the owner's ${targetName} row by ${ACTOR_NAMES[actor]}`).toBe(expected);
    });
  });

  describe('practice hours', () => {
    const newEntry = async () =>
      world.clients.owner.collection('practice_hours').create({ user: world.users.owner.id, course: COURSE, done_on: day(3), minutes: 60, kind: 'placement', note: 'Shift' });

    it('a new entry waits for review, whatever status the trainee sends', async () => {
      const row = await world.clients.owner
        .collection('practice_hours')
        .create({ user: world.users.owner.id, course: COURSE, done_on: day(1), minutes: 60, kind: 'shadowing', status: 'confirmed', reviewed_by: world.users.owner.id });
      expect(row['status']).toBe('logged');
      expect(row['reviewed_by']).toBe('');
    });

    it('the trainee cannot confirm their own hours', async () => {
      const row = await newEntry();
      await expectHookRefusal(world.clients.owner.collection('practice_hours').update(row.id, { status: 'confirmed' }), 'status', 'not_reviewer');
    });

    it('confirming stamps who and when; the trainee can then neither change nor delete the entry', async () => {
      const row = await newEntry();
      const confirmed = await world.clients.trainer.collection('practice_hours').update(row.id, { status: 'confirmed', reviewed_by: world.users.iqa.id });
      expect(confirmed['reviewed_by']).toBe(world.users.trainer.id);
      expect(confirmed['reviewed_at']).not.toBe('');
      await expect(world.clients.owner.collection('practice_hours').update(row.id, { minutes: 600 })).rejects.toMatchObject({ status: 404 });
      await expect(world.clients.owner.collection('practice_hours').delete(row.id)).rejects.toMatchObject({ status: 404 });
      expect((await world.service.collection('practice_hours').getOne(row.id))['minutes']).toBe(60);
    });

    it('a query needs a note; a corrected entry goes back to waiting', async () => {
      const row = await newEntry();
      await expectHookRefusal(world.clients.trainer.collection('practice_hours').update(row.id, { status: 'queried', review_note: ' ' }), 'review_note', 'query_note_missing');
      const queried = await world.clients.trainer.collection('practice_hours').update(row.id, { status: 'queried', review_note: 'Was this 6 hours, not 60 minutes?' });
      expect(queried['status']).toBe('queried');
      const fixed = await world.clients.owner.collection('practice_hours').update(row.id, { minutes: 360 });
      expect(fixed).toMatchObject({ status: 'logged', reviewed_by: '', review_note: '', minutes: 360 });
    });

    it("a trainer can only review, never change what the trainee logged", async () => {
      const row = await newEntry();
      await expectHookRefusal(world.clients.trainer.collection('practice_hours').update(row.id, { minutes: 900, status: 'confirmed' }), 'minutes', 'review_only');
    });

    it('a trainer who is also a trainee of the group cannot confirm their own hours', async () => {
      const own = await world.clients.selfTrainer
        .collection('practice_hours')
        .create({ user: world.users.selfTrainer.id, course: COURSE, done_on: day(2), minutes: 60, kind: 'training' });
      await expect(world.clients.selfTrainer.collection('practice_hours').update(own.id, { status: 'confirmed' })).rejects.toBeInstanceOf(ClientResponseError);
      expect((await world.service.collection('practice_hours').getOne(own.id))['status']).toBe('logged');
    });
  });

  describe('supervision sessions', () => {
    const byTrainee = () =>
      world.clients.owner.collection('supervision_sessions').create({
        user: world.users.owner.id,
        course: COURSE,
        supervisor: world.users.trainer.id,
        held_on: day(5),
        minutes: 60,
        format: 'one_to_one',
        actions: 'Try a reflective log',
        record: 'Talked about a hard shift',
        recorded_by: world.users.owner.id,
        confirmed_by: world.users.trainer.id,
      });

    it('recorded by the trainee, it waits for the supervisor, who confirms it; the trainee cannot confirm it', async () => {
      const row = await byTrainee();
      expect(row['confirmed_by']).toBe('');
      await expectHookRefusal(
        world.clients.owner.collection('supervision_sessions').update(row.id, { confirmed_by: world.users.owner.id }),
        'confirmed_by',
        'own_confirmation',
      );
      const confirmed = await world.clients.trainer.collection('supervision_sessions').update(row.id, { confirmed_by: world.users.trainer.id });
      expect(confirmed['confirmed_by']).toBe(world.users.trainer.id);
      expect(confirmed['confirmed_at']).not.toBe('');
    });

    it('a change after confirmation needs confirming again, by the other side', async () => {
      const row = await byTrainee();
      await world.clients.trainer.collection('supervision_sessions').update(row.id, { confirmed_by: world.users.trainer.id });
      const changed = await world.clients.trainer.collection('supervision_sessions').update(row.id, { actions: 'Try a reflective log; book a debrief' });
      expect(changed).toMatchObject({ recorded_by: world.users.trainer.id, confirmed_by: '', confirmed_at: '' });
      await expectHookRefusal(
        world.clients.trainer.collection('supervision_sessions').update(row.id, { confirmed_by: world.users.trainer.id }),
        'confirmed_by',
        'own_confirmation',
      );
      const again = await world.clients.owner.collection('supervision_sessions').update(row.id, { confirmed_by: world.users.owner.id });
      expect(again['confirmed_by']).toBe(world.users.owner.id);
    });

    it('the supervisor must be a trainer of the trainee’s group', async () => {
      for (const supervisor of [world.users.otherTrainer.id, world.users.assessor.id]) {
        await expectHookRefusal(
          world.clients.owner.collection('supervision_sessions').create({
            user: world.users.owner.id,
            course: COURSE,
            supervisor,
            held_on: day(6),
            minutes: 60,
            format: 'group',
            record: 'A session',
            recorded_by: world.users.owner.id,
          }),
          'supervisor',
          'not_supervisor',
        );
      }
    });

    it('who the session is with cannot be changed', async () => {
      const row = await byTrainee();
      await expectHookRefusal(world.clients.owner.collection('supervision_sessions').update(row.id, { supervisor: world.users.selfTrainer.id }), 'supervisor', 'unchangeable');
    });
  });

  describe('observed practice', () => {
    it('writes one observation per criterion, linked, which an assessor decides like any observation', async () => {
      const practice = await world.clients.trainer.collection('practice_observations').create({
        user: world.users.owner.id,
        course: COURSE,
        observer: world.users.trainer.id,
        observed_on: day(7),
        seen: 'Named power in the room gently.',
        criteria: ['U2/1.1', 'U2/2.1'],
        feedback: 'You made space for the group to speak.',
      });
      const rows = await world.clients.owner.collection('observations').getFullList({ filter: `practice_observation = "${practice.id}"`, sort: 'criterion' });
      expect(rows.map((r) => [r['criterion'], r['assessor'], r['user']])).toEqual([
        ['U2/1.1', world.users.trainer.id, world.users.owner.id],
        ['U2/2.1', world.users.trainer.id, world.users.owner.id],
      ]);
      const audit = await world.service.collection('audit_log').getFullList({ filter: `action = "observation.create" && target_id = "${rows[0]!.id}"` });
      expect(audit).toHaveLength(1);
      // The trainer who observed cannot decide (only assessors decide); the assessor can.
      const decision = { user: world.users.owner.id, course: COURSE, criterion: 'U2/1.1', observation: rows[0]!.id, outcome: 'met', feedback: 'Met.', assessor_name: 'A' };
      await expect(world.clients.trainer.collection('decisions').create({ ...decision, assessor: world.users.trainer.id })).rejects.toMatchObject({ status: 400 });
      const made = await world.clients.assessor.collection('decisions').create({ ...decision, assessor: world.users.assessor.id });
      expect(made['observation']).toBe(rows[0]!.id);
    });

    it('refuses no criteria, malformed or repeated criteria, and blank words, writing nothing', async () => {
      const base = { user: world.users.owner.id, course: COURSE, observer: world.users.assessor.id, observed_on: day(8), seen: 'Seen', feedback: 'Feedback' };
      const before = await count(world.service, 'observations');
      for (const criteria of [[], ['U2'], ['U2/1.1', 'U2/1.1'], 'U2/1.1']) {
        await expectHookRefusal(world.clients.assessor.collection('practice_observations').create({ ...base, criteria }), 'criteria', 'criteria_invalid');
      }
      await expectHookRefusal(world.clients.assessor.collection('practice_observations').create({ ...base, criteria: ['U2/1.1'], seen: '  ' }), 'seen', 'observation_blank');
      expect(await count(world.service, 'observations')).toBe(before);
    });

    it('no one records an observation of themself', async () => {
      const before = await count(world.service, 'practice_observations');
      await expect(
        world.clients.selfTrainer.collection('practice_observations').create({
          user: world.users.selfTrainer.id,
          course: COURSE,
          observer: world.users.selfTrainer.id,
          observed_on: day(9),
          seen: 'Me',
          criteria: ['U2/1.1'],
          feedback: 'Me',
        }),
      ).rejects.toMatchObject({ status: 400, response: { data: {} } });
      expect(await count(world.service, 'practice_observations')).toBe(before);
    });
  });
  describe('privacy: download and closing an account', () => {
    it('the download holds the trainee’s hours, sessions and observed practice; closing deletes hours and sessions and keeps observed practice pseudonymised', async () => {
      const leaver = await createUser(world.service, { email: 'leaver@example.org', password: PASSWORD, display_name: 'Leaver', roles: ['trainee'] });
      await enrol(world.service, leaver, COURSE, world.cohorts.a);
      const day = '2026-10-01 00:00:00.000Z';
      const hours = await world.service.collection('practice_hours').create({ user: leaver.id, course: COURSE, done_on: day, minutes: 60, kind: 'study', note: 'Reading', status: 'logged' });
      const session = await world.service.collection('supervision_sessions').create({ user: leaver.id, course: COURSE, supervisor: world.users.trainer.id, held_on: day, minutes: 60, format: 'group', record: 'A group session', recorded_by: leaver.id });
      const observed = await world.service.collection('practice_observations').create({ user: leaver.id, course: COURSE, observer: world.users.assessor.id, observed_on: day, seen: 'Seen', criteria: ['U2/1.1'], feedback: 'Good' });
      const service = world.service as unknown as TypedPocketBase;

      const data = await collectPersonData(service, leaver.id, new Date());
      expect(data.collections['practice_hours']?.map((r) => r['id'])).toEqual([hours.id]);
      expect(data.collections['supervision_sessions']?.map((r) => r['id'])).toEqual([session.id]);
      expect(data.collections['practice_observations']?.map((r) => r['id'])).toEqual([observed.id]);

      await eraseAccount(service, leaver.id, { kind: 'self' });
      await expect(world.service.collection('practice_hours').getOne(hours.id)).rejects.toMatchObject({ status: 404 });
      await expect(world.service.collection('supervision_sessions').getOne(session.id)).rejects.toMatchObject({ status: 404 });
      const kept = await world.service.collection('practice_observations').getOne(observed.id);
      expect(kept['user']).toBe(leaver.id);
      expect((await world.service.collection('users').getOne(leaver.id))['email']).toMatch(/^erased-/);
    });
  });
});
