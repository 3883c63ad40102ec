/**
 * The API rules of group sessions, registers and calendar links (docs/DATA-MODEL.md
 * "cohort_sessions", "attendance", "calendar_feeds") against the real PocketBase, in the style
 * of rules.test.ts: every collection × action × kind of person, judged by what they can
 * actually see or do.
 *
 * The people (all in course `listening-skills`):
 * - anonymous: not signed in.
 * - owner: a trainee in group A; owns the attendance row.
 * - classmate: another trainee in group A (sees A's sessions, never the owner's marks).
 * - otherTrainee: a trainee in group B (a member of another group: sees nothing of A).
 * - ownTrainer: trains group A. ownAssessor: assessor on group A (reads, never writes).
 * - otherTrainer: trains group B.
 * - admin: role admin, in no group.
 */
import { createHash, randomBytes } from 'node:crypto';
import PocketBase, { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { ACTIONS, type Action, attemptAction, type Outcome, ruleMatrix } from '../support/rule-matrix.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'listening-skills';

const ACTORS = ['anonymous', 'owner', 'classmate', 'otherTrainee', 'ownTrainer', 'ownAssessor', 'otherTrainer', 'admin'] as const;
type Actor = (typeof ACTORS)[number];

const ALLOWED: Record<string, Record<Action, Actor[]>> = {
  cohort_sessions: {
    list: ['owner', 'classmate', 'ownTrainer', 'ownAssessor', 'admin'],
    view: ['owner', 'classmate', 'ownTrainer', 'ownAssessor', 'admin'],
    create: ['ownTrainer'],
    update: ['ownTrainer'],
    delete: [],
  },
  attendance: {
    list: ['owner', 'ownTrainer', 'ownAssessor', 'admin'],
    view: ['owner', 'ownTrainer', 'ownAssessor', 'admin'],
    create: ['ownTrainer'],
    update: ['ownTrainer'],
    delete: [],
  },
  calendar_feeds: {
    list: [],
    view: [],
    create: [],
    update: [],
    delete: [],
  },
};

interface Target {
  seed(n: number): Record<string, unknown>;
  create(n: number, actor: TestUser): Record<string, unknown>;
  change(actor: TestUser): Record<string, unknown>;
}

let pb: TestPocketBase;
let service: PocketBase;
const users = {} as Record<Exclude<Actor, 'anonymous'> | 'leaver', TestUser>;
const clients = {} as Record<Actor, PocketBase>;
const groups = { a: '', b: '' };
/** Sessions of group A, one per row that needs a session of its own (attendance is unique per session and person). */
const pool: string[] = [];
/** People for calendar link rows (a person has at most one). */
const feedOwners: string[] = [];
const readRows: Record<string, string> = {};
let unique = 0;
const next = () => ++unique;

const sessionBody = (cohort: string, n: number, creator: string) => ({
  cohort,
  title: `Week ${n}`,
  starts_at: '2026-10-20 17:00:00.000Z',
  ends_at: '2026-10-20 19:00:00.000Z',
  time_zone: 'Europe/London',
  mode: 'in_person',
  place: 'Room 2',
  status: 'scheduled',
  created_by: creator,
});

const targets: Record<string, Target> = {
  cohort_sessions: {
    seed: (n) => sessionBody(groups.a, n, users.ownTrainer.id),
    create: (n, actor) => sessionBody(groups.a, n, actor.id),
    change: () => ({ title: 'Moved to Thursday', status: 'cancelled', cancel_note: 'Room closed' }),
  },
  attendance: {
    seed: (n) => ({ session: pool[n]!, user: users.owner.id, status: 'present', note: 'On time', recorded_by: users.ownTrainer.id }),
    create: (n, actor) => ({ session: pool[n]!, user: users.owner.id, status: 'late', note: '', recorded_by: actor.id }),
    change: (actor) => ({ status: 'excused', note: 'Told us before', recorded_by: actor.id }),
  },
  // One link per person: each row is for a person of its own (`feedOwners`).
  calendar_feeds: {
    seed: (n) => ({ user: feedOwners[n]!, token_hash: createHash('sha256').update(randomBytes(32)).digest('hex') }),
    create: (n) => ({ user: feedOwners[n]!, token_hash: createHash('sha256').update(randomBytes(32)).digest('hex') }),
    change: () => ({ token_hash: createHash('sha256').update('guessed').digest('hex') }),
  },
};

/** Tries `action` as `actor` on row `id` and says whether it worked (some hooks refuse a change with 400). */
function attempt(collection: string, target: Target, action: Action, actor: Actor, id: string): Promise<Outcome> {
  const me = actor === 'anonymous' ? { id: '', email: '', password: '' } : users[actor];
  const createBody = () => target.create(next(), me);
  return attemptAction({ service, client: clients[actor], collection, action, id, createBody, change: target.change(me), updateRefusals: [400, 403, 404] });
}

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = await serviceClient(pb);
  const person = (name: string, roles: ('trainee' | 'trainer' | 'assessor' | 'admin')[]) =>
    createUser(service, { email: `${name}@example.org`, password: PASSWORD, display_name: name, roles });
  users.owner = await person('owner', ['trainee']);
  users.classmate = await person('classmate', ['trainee']);
  users.otherTrainee = await person('other-trainee', ['trainee']);
  users.ownTrainer = await person('own-trainer', ['trainer']);
  users.ownAssessor = await person('own-assessor', ['assessor']);
  users.otherTrainer = await person('other-trainer', ['trainer']);
  users.admin = await person('admin', ['admin']);
  users.leaver = await person('leaver', ['trainee']);
  groups.a = await createCohort(service, { name: 'Group A', course: COURSE, trainers: [users.ownTrainer.id], assessors: [users.ownAssessor.id] });
  groups.b = await createCohort(service, { name: 'Group B', course: COURSE, trainers: [users.otherTrainer.id] });
  await enrol(service, users.owner, COURSE, groups.a);
  await enrol(service, users.classmate, COURSE, groups.a);
  await enrol(service, users.otherTrainee, COURSE, groups.b);
  await enrol(service, users.leaver, COURSE, groups.a, 'left');

  clients.anonymous = new PocketBase(pb.url);
  clients.anonymous.autoCancellation(false);
  for (const actor of ACTORS.filter((a) => a !== 'anonymous')) clients[actor] = await clientAs(pb.url, users[actor as Exclude<Actor, 'anonymous'>].email, PASSWORD);

  for (let i = 0; i < 200; i++) pool.push((await service.collection('cohort_sessions').create(sessionBody(groups.a, i, users.ownTrainer.id))).id);
  for (let i = 0; i < 100; i++) feedOwners.push((await person(`feed-${i}`, ['trainee'])).id);
  unique = 0;
  for (const [name, target] of Object.entries(targets)) readRows[name] = (await service.collection(name).create(target.seed(next()))).id;
}, 120_000);

afterAll(async () => {
  await pb?.stop();
});

describe('API rules of sessions, registers and calendar links', () => {
  const matrix = ruleMatrix(ALLOWED, ACTORS);

  it('covers every collection, action and person', () => {
    expect(matrix).toHaveLength(3 * ACTIONS.length * ACTORS.length);
  });

  describe.each(Object.keys(ALLOWED))('%s', (collection) => {
    it.each(matrix.filter((c) => c.targetName === collection))('$action by $actor: $expected', async ({ action, actor, expected }) => {
      const target = targets[collection]!;
      const id = action === 'list' || action === 'view' ? readRows[collection]! : (await service.collection(collection).create(target.seed(next()))).id;
      expect(await attempt(collection, target, action, actor, id)).toBe(expected);
    });
  });
});

describe('what the matrix does not reach', () => {
  it('a member of another group sees none of group A’s sessions or marks, even unfiltered', async () => {
    for (const actor of ['otherTrainee', 'otherTrainer'] as const) {
      const sessions = await clients[actor].collection('cohort_sessions').getFullList();
      expect(sessions.filter((s) => s.cohort === groups.a)).toEqual([]);
      expect(await clients[actor].collection('attendance').getFullList()).toEqual([]);
    }
  });

  it('a trainee who left the group no longer sees its sessions', async () => {
    const leaver = await clientAs(pb.url, users.leaver.email, PASSWORD);
    expect(await leaver.collection('cohort_sessions').getFullList()).toEqual([]);
  });

  it('a trainee sees only their own marks, not a classmate’s', async () => {
    await service.collection('attendance').create({ session: pool[150]!, user: users.classmate.id, status: 'absent', note: 'Unwell', recorded_by: users.ownTrainer.id });
    const mine = await clients.owner.collection('attendance').getFullList();
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((m) => m.user === users.owner.id)).toBe(true);
  });

  it('a trainer cannot mark someone who is not in their group, nor themself, nor as someone else', async () => {
    const trainer = clients.ownTrainer.collection('attendance');
    const tries = [
      { session: pool[160]!, user: users.otherTrainee.id, status: 'present', recorded_by: users.ownTrainer.id },
      { session: pool[161]!, user: users.leaver.id, status: 'present', recorded_by: users.ownTrainer.id },
      { session: pool[162]!, user: users.ownTrainer.id, status: 'present', recorded_by: users.ownTrainer.id },
      { session: pool[163]!, user: users.owner.id, status: 'present', recorded_by: users.ownAssessor.id },
    ];
    for (const body of tries) await expect(trainer.create(body)).rejects.toMatchObject({ status: 400 });
  });

  it('a trainer of another group cannot mark group A’s register', async () => {
    await expect(clients.otherTrainer.collection('attendance').create({ session: pool[170]!, user: users.owner.id, status: 'present', recorded_by: users.otherTrainer.id })).rejects.toMatchObject({ status: 400 });
  });

  it('a session cannot be moved to another group, and a mark cannot be moved to another person or session', async () => {
    await expect(clients.ownTrainer.collection('cohort_sessions').update(pool[180]!, { cohort: groups.b })).rejects.toBeInstanceOf(ClientResponseError);
    expect((await service.collection('cohort_sessions').getOne(pool[180]!)).cohort).toBe(groups.a);
    const mark = await service.collection('attendance').create({ session: pool[181]!, user: users.owner.id, status: 'present', recorded_by: users.ownTrainer.id });
    await expect(clients.ownTrainer.collection('attendance').update(mark.id, { user: users.classmate.id, recorded_by: users.ownTrainer.id })).rejects.toBeInstanceOf(ClientResponseError);
    await expect(clients.ownTrainer.collection('attendance').update(mark.id, { session: pool[182]!, recorded_by: users.ownTrainer.id })).rejects.toBeInstanceOf(ClientResponseError);
    expect(await service.collection('attendance').getOne(mark.id)).toMatchObject({ user: users.owner.id, session: pool[181] });
  });

  it('another trainer cannot create a session in group A, nor a trainer as someone else', async () => {
    await expect(clients.otherTrainer.collection('cohort_sessions').create(sessionBody(groups.a, 1, users.otherTrainer.id))).rejects.toMatchObject({ status: 400 });
    await expect(clients.ownTrainer.collection('cohort_sessions').create(sessionBody(groups.a, 1, users.admin.id))).rejects.toMatchObject({ status: 400 });
  });
});
