/**
 * The API rules of a group's discussion space (docs/DATA-MODEL.md, "Discussion") against the
 * real PocketBase, in the style of ./rules.test.ts: for every discussion collection, action and
 * kind of person, can they do it?
 *
 * The people, all around group A of `listening-skills`:
 * - anonymous: not signed in.
 * - author: an active member of group A who wrote the rows.
 * - otherMember: another active member of group A.
 * - leftMember: was in group A, left (enrolment status "left").
 * - memberB: an active member of group B of the same course (another group).
 * - trainerA: a trainer of group A. trainerB: a trainer of group B only.
 * - assessorA: an assessor of group A (staff, but not a trainer: the discussion is not evidence).
 * - admin: role admin, in no group.
 *
 * Outcomes are judged by what the person can actually see or do, exactly as in ./rules.test.ts:
 * only PocketBase's "refused" statuses count as a denial, and a refused write leaves the data as it was.
 */
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { ACTIONS, type Action, attemptAction, type Outcome, ruleMatrix } from '../support/rule-matrix.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'listening-skills';

const ACTORS = ['anonymous', 'author', 'otherMember', 'leftMember', 'memberB', 'trainerA', 'trainerB', 'assessorA', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
const GROUP_A: Actor[] = ['author', 'otherMember', 'trainerA'];

/** Who may do what: the table in docs/DATA-MODEL.md. Everyone else is refused. */
const ALLOWED: Record<string, Record<Action, Actor[]>> = {
  discussion_threads: { list: GROUP_A, view: GROUP_A, create: GROUP_A, update: ['trainerA'], delete: [] },
  'discussion_posts (edit text)': { list: GROUP_A, view: GROUP_A, create: GROUP_A, update: ['author'], delete: [] },
  'discussion_posts (hide)': { list: GROUP_A, view: GROUP_A, create: GROUP_A, update: ['trainerA'], delete: [] },
  'discussion_posts (hidden)': { list: ['author', 'trainerA'], view: ['author', 'trainerA'], create: GROUP_A, update: [], delete: [] },
  discussion_post_versions: { list: ['author', 'trainerA'], view: ['author', 'trainerA'], create: [], update: [], delete: [] },
  discussion_reports: { list: ['otherMember', 'trainerA'], view: ['otherMember', 'trainerA'], create: GROUP_A, update: ['trainerA'], delete: [] },
  discussion_reactions: { list: GROUP_A, view: GROUP_A, create: GROUP_A, update: [], delete: ['otherMember'] },
  discussion_mutes: { list: ['author'], view: ['author'], create: GROUP_A, update: [], delete: ['author'] },
  discussion_leaves: { list: ['author'], view: ['author'], create: GROUP_A, update: [], delete: ['author'] },
};

interface Target {
  collection: string;
  /** A row to read, change or delete, written by the service account. */
  seed(): Promise<string>;
  /** What `actor` tries to create, as themself. */
  create(actor: Actor): Promise<Record<string, unknown>>;
  change: Record<string, unknown>;
}

let pb: TestPocketBase;
let service: PocketBase;
const users = {} as Record<Exclude<Actor, 'anonymous'>, TestUser>;
const clients = {} as Record<Actor, PocketBase>;
let cohortA = '';
let cohortB = '';
let cohortC = '';
let thread = '';
let n = 0;

const idOf = (actor: Actor) => (actor === 'anonymous' ? '' : users[actor].id);
const newThread = async (title = `Thread ${++n}`) =>
  (await service.collection('discussion_threads').create({ cohort: cohortA, author: users.author.id, title })).id;
const newPost = async (state: 'shown' | 'hidden' = 'shown', inThread = thread) => {
  const post = await service.collection('discussion_posts').create({ thread: inThread, author: users.author.id, body: `Post ${++n}`, state: 'shown' });
  if (state === 'hidden') await service.collection('discussion_posts').update(post.id, { state: 'hidden', hidden_reason: 'Unkind words' });
  return post.id;
};

function targets(): Record<string, Target> {
  const posts = (state: 'shown' | 'hidden', change: Record<string, unknown>): Target => ({
    collection: 'discussion_posts',
    seed: () => newPost(state),
    create: async (actor) => ({ thread, author: idOf(actor), body: 'A reply', state: 'shown' }),
    change,
  });
  return {
    discussion_threads: {
      collection: 'discussion_threads',
      seed: () => newThread(),
      create: async (actor) => ({ cohort: cohortA, author: idOf(actor), title: 'A new thread', module: '' }),
      change: { paused: true, paused_reason: 'A break for today' },
    },
    'discussion_posts (edit text)': posts('shown', { body: 'Changed words' }),
    'discussion_posts (hide)': posts('shown', { state: 'hidden', hidden_reason: 'Names someone outside the group' }),
    'discussion_posts (hidden)': posts('hidden', { body: 'Changed words' }),
    discussion_post_versions: {
      collection: 'discussion_post_versions',
      seed: async () => {
        const post = await newPost();
        await service.collection('discussion_posts').update(post, { body: 'Edited once' });
        return (await service.collection('discussion_post_versions').getFirstListItem(service.filter('post = {:post}', { post }))).id;
      },
      create: async (actor) => ({ post: await newPost(), author: idOf(actor), body: 'A forged history' }),
      change: { body: 'A rewritten history' },
    },
    discussion_reports: {
      collection: 'discussion_reports',
      seed: async () => (await service.collection('discussion_reports').create({ post: await newPost(), reporter: users.otherMember.id, reason: 'unkind', status: 'open' })).id,
      create: async (actor) => ({ post: await newPost(), reporter: idOf(actor), reason: 'unsafe', details: 'Please look', status: 'open' }),
      change: { status: 'dealt' },
    },
    discussion_reactions: {
      collection: 'discussion_reactions',
      seed: async () => (await service.collection('discussion_reactions').create({ post: await newPost(), user: users.otherMember.id, kind: 'helped' })).id,
      create: async (actor) => ({ post: await newPost(), user: idOf(actor), kind: 'helped' }),
      change: { kind: 'helped' },
    },
    discussion_mutes: {
      collection: 'discussion_mutes',
      seed: async () => (await service.collection('discussion_mutes').create({ user: users.author.id, thread: await newThread() })).id,
      create: async (actor) => ({ user: idOf(actor), thread: await newThread() }),
      change: { thread },
    },
    discussion_leaves: {
      collection: 'discussion_leaves',
      seed: async () => {
        const old = await service.collection('discussion_leaves').getFullList({ filter: service.filter('user = {:u} && cohort = {:c}', { u: users.author.id, c: cohortC }) });
        for (const row of old) await service.collection('discussion_leaves').delete(row.id);
        return (await service.collection('discussion_leaves').create({ user: users.author.id, cohort: cohortC })).id;
      },
      create: async (actor) => ({ user: idOf(actor), cohort: cohortA }),
      change: { cohort: cohortA },
    },
  };
}

/** Tries `action` as `actor` on row `id` and says whether it worked. */
function attempt(target: Target, action: Action, actor: Actor, id: string): Promise<Outcome> {
  const createBody = () => target.create(actor);
  return attemptAction({ service, client: clients[actor], collection: target.collection, action, id, createBody, change: target.change });
}

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = await serviceClient(pb);
  for (const actor of ACTORS) {
    if (actor === 'anonymous') continue;
    const roles = actor.startsWith('trainer') ? (['trainer'] as const) : actor === 'assessorA' ? (['assessor'] as const) : actor === 'admin' ? (['admin'] as const) : (['trainee'] as const);
    users[actor] = await createUser(service, { email: `${actor.toLowerCase()}@example.org`, password: PASSWORD, display_name: actor, roles: [...roles] });
  }
  cohortA = await createCohort(service, { name: 'Group A', course: COURSE, trainers: [users.trainerA.id], assessors: [users.assessorA.id] });
  cohortB = await createCohort(service, { name: 'Group B', course: COURSE, trainers: [users.trainerB.id] });
  cohortC = await createCohort(service, { name: 'Group C', course: 'boundaries' });
  await enrol(service, users.author, COURSE, cohortA);
  await enrol(service, users.author, 'boundaries', cohortC);
  await enrol(service, users.otherMember, COURSE, cohortA);
  await enrol(service, users.leftMember, COURSE, cohortA, 'left');
  await enrol(service, users.memberB, COURSE, cohortB);
  clients.anonymous = new PocketBase(pb.url);
  clients.anonymous.autoCancellation(false);
  for (const actor of ACTORS) if (actor !== 'anonymous') clients[actor] = await clientAs(pb.url, users[actor].email, PASSWORD);
  thread = await newThread('The main thread');
});
afterAll(async () => {
  await pb?.stop();
});

describe('discussion API rules', () => {
  const matrix = ruleMatrix(ALLOWED, ACTORS);

  it('covers every discussion collection, action and person', () => {
    expect(matrix).toHaveLength(Object.keys(ALLOWED).length * ACTIONS.length * ACTORS.length);
    expect(new Set(Object.values(targets()).map((t) => t.collection))).toEqual(
      new Set(['discussion_threads', 'discussion_posts', 'discussion_post_versions', 'discussion_reports', 'discussion_reactions', 'discussion_mutes', 'discussion_leaves']),
    );
  });

  describe.each(Object.keys(ALLOWED))('%s', (targetName) => {
    it.each(matrix.filter((c) => c.targetName === targetName))('$action by $actor: $expected', async ({ action, actor, expected }) => {
      const target = targets()[targetName]!;
      const id = await target.seed();
      expect(await attempt(target, action, actor, id), `${action} of ${targetName} by ${actor}`).toBe(expected);
    });
  });
});

describe('the edges', () => {
  it('a member of another group reads nothing of group A, in any discussion collection', async () => {
    await newPost();
    for (const actor of ['memberB', 'trainerB', 'leftMember', 'admin', 'assessorA'] as const) {
      for (const collection of ['discussion_threads', 'discussion_posts', 'discussion_post_versions', 'discussion_reports', 'discussion_reactions']) {
        const rows = await clients[actor].collection(collection).getFullList();
        expect(rows, `${actor} reading ${collection}`).toEqual([]);
      }
    }
    expect((await service.collection('discussion_posts').getList(1, 1)).totalItems).toBeGreaterThan(0);
  });

  it('nobody replies to a paused thread, not even its trainer', async () => {
    const paused = await newThread('Paused');
    await clients.trainerA.collection('discussion_threads').update(paused, { paused: true, paused_reason: 'A pause' });
    for (const actor of ['author', 'trainerA'] as const) {
      await expect(clients[actor].collection('discussion_posts').create({ thread: paused, author: idOf(actor), body: 'Still here', state: 'shown' })).rejects.toMatchObject({ status: 400 });
    }
  });

  it('nobody posts as someone else or into another group', async () => {
    await expect(clients.otherMember.collection('discussion_posts').create({ thread, author: users.author.id, body: 'Forged', state: 'shown' })).rejects.toMatchObject({ status: 400 });
    await expect(clients.memberB.collection('discussion_threads').create({ cohort: cohortA, author: users.memberB.id, title: 'Intruder' })).rejects.toMatchObject({ status: 400 });
    await expect(clients.author.collection('discussion_posts').create({ thread, author: users.author.id, body: 'Pre-hidden', state: 'hidden', hidden_reason: 'x' })).rejects.toMatchObject({ status: 400 });
  });

  it('a trainer cannot rewrite a post, and hiding needs a reason', async () => {
    const post = await newPost();
    await expect(clients.trainerA.collection('discussion_posts').update(post, { body: 'Trainer words' })).rejects.toMatchObject({ status: 404 });
    const noReason = clients.trainerA.collection('discussion_posts').update(post, { state: 'hidden', hidden_reason: '' });
    await expect(noReason).rejects.toMatchObject({ status: 400, response: { data: { hidden_reason: { code: 'discussion_reason_missing' } } } });
    expect((await service.collection('discussion_posts').getOne(post)).state).toBe('shown');
  });

  it('an edit keeps the earlier text as a version and marks the post edited', async () => {
    const post = await newPost();
    const before = (await service.collection('discussion_posts').getOne(post)).body;
    const edited = await clients.author.collection('discussion_posts').update(post, { body: 'Second thoughts' });
    expect(edited.edited_at).not.toBe('');
    const versions = await clients.author.collection('discussion_post_versions').getFullList({ filter: clients.author.filter('post = {:post}', { post }) });
    expect(versions.map((v) => v.body)).toEqual([before]);
  });
});
