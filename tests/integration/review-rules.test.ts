/**
 * The API rules of `review_rounds`, `review_invites`, `review_comments` and `review_credits`
 * (docs/DATA-MODEL.md) against the real PocketBase: for every collection, action and kind of
 * person, can they do it? Same shape as ratings-rules.test.ts.
 *
 * The people, about a review round on course `listening-skills`:
 * - anonymous: not signed in.
 * - author: role trainer, listed in course_authors for the course.
 * - otherAuthor: role author, listed for another course only.
 * - reviewer: a past participant invited to the round; owns the seeded comment and credit.
 * - otherReviewer: invited to the same round (sees the round, not the reviewer's comments).
 * - uninvited: a past participant of the course who was not invited.
 * - trainer: staff (trainer role) who is not an author of the course.
 * - admin: role admin.
 */
import PocketBase, { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { ACTIONS, type Action, attemptAction, type Outcome, ruleMatrix, tryCreate as createAs } from '../support/rule-matrix.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'listening-skills';

const ACTORS = ['anonymous', 'author', 'otherAuthor', 'reviewer', 'otherReviewer', 'uninvited', 'trainer', 'admin'] as const;
type Actor = (typeof ACTORS)[number];

/** Who may do what: the table in docs/DATA-MODEL.md. Everyone else is refused. */
const ALLOWED: Record<string, Record<Action, Actor[]>> = {
  review_rounds: { list: ['author', 'admin', 'reviewer', 'otherReviewer'], view: ['author', 'admin', 'reviewer', 'otherReviewer'], create: [], update: [], delete: [] },
  review_invites: { list: ['author', 'admin', 'reviewer'], view: ['author', 'admin', 'reviewer'], create: [], update: [], delete: [] },
  review_comments: { list: ['author', 'admin', 'reviewer'], view: ['author', 'admin', 'reviewer'], create: ['reviewer', 'otherReviewer'], update: [], delete: [] },
  review_credits: { list: ['author', 'admin', 'reviewer'], view: ['author', 'admin', 'reviewer'], create: [], update: ['reviewer'], delete: [] },
};

interface World {
  service: PocketBase;
  users: Record<Exclude<Actor, 'anonymous'>, TestUser>;
  clients: Record<Actor, PocketBase>;
  round: string;
  closedRound: string;
  otherRound: string;
}

interface Target {
  seed(): Record<string, unknown>;
  create(actor: Actor): Record<string, unknown>;
  change: Record<string, unknown>;
}

let unique = 0;
const ref = () => `ref${String(++unique).padStart(6, '0')}`;

function targets(world: World): Record<string, Target> {
  const reviewer = world.users.reviewer.id;
  const idOf = (actor: Actor) => (actor === 'anonymous' ? reviewer : world.users[actor].id);
  const comment = (user: string, extra: Record<string, unknown> = {}) => ({
    round: world.round,
    course: COURSE,
    user,
    path: '01-listening.md',
    target: 'paragraph',
    anchor: 1,
    quote: 'Listening is a skill.',
    kind: 'comment',
    body: `This helped me ${++unique}`,
    status: 'waiting',
    ...extra,
  });
  return {
    review_rounds: {
      seed: () => ({ course: COURSE, title: `Round ${++unique}`, status: 'open', opened_by: world.users.author.id }),
      create: () => ({ course: COURSE, title: `Round ${++unique}`, status: 'open' }),
      change: { status: 'closed' },
    },
    review_invites: {
      // Seeded invites need a fresh round each (one invite per person and round).
      seed: () => ({ round: world.round, course: COURSE, user: reviewer }),
      create: (actor) => ({ round: world.otherRound, course: COURSE, user: idOf(actor) }),
      change: { user: world.users.uninvited.id },
    },
    review_comments: {
      seed: () => comment(reviewer),
      create: (actor) => comment(idOf(actor)),
      change: { status: 'accepted' },
    },
    review_credits: {
      seed: () => ({ course: `${COURSE}-${++unique}`, user: reviewer, role: 'reviewer', show: 'name', name: 'Rev', ref: ref() }),
      create: (actor) => ({ course: `${COURSE}-${++unique}`, user: idOf(actor), role: 'co-author', show: 'name', name: 'Me', ref: ref() }),
      change: { show: 'anonymous' },
    },
  };
}

/** Tries a create as `client`; a refusal must leave the row count as it was. */
function tryCreate(world: World, collection: string, client: PocketBase, body: Record<string, unknown>): Promise<Outcome> {
  return createAs(world.service, collection, client, body);
}

/** Tries `action` as `actor` on row `id` and says whether it worked. */
function attempt(world: World, collection: string, target: Target, action: Action, actor: Actor, id: string): Promise<Outcome> {
  return attemptAction({ service: world.service, client: world.clients[actor], collection, action, id, createBody: () => target.create(actor), change: target.change });
}

describe('review round API rules', () => {
  let pb: TestPocketBase;
  const world = {} as World;
  const readRows: Record<string, string> = {};

  beforeAll(async () => {
    pb = await startTestPocketBase();
    world.service = await serviceClient(pb);
    const service = world.service;
    const person = (name: string, role: 'trainee' | 'trainer' | 'author' | 'admin') =>
      createUser(service, { email: `${name.toLowerCase()}@example.org`, password: PASSWORD, display_name: name, roles: [role] });
    world.users = {
      author: await person('author', 'trainer'),
      otherAuthor: await person('otherAuthor', 'author'),
      reviewer: await person('reviewer', 'trainee'),
      otherReviewer: await person('otherReviewer', 'trainee'),
      uninvited: await person('uninvited', 'trainee'),
      trainer: await person('trainer', 'trainer'),
      admin: await person('admin', 'admin'),
    };
    const u = world.users;
    await service.collection('course_authors').create({ course: COURSE, user: u.author.id });
    await service.collection('course_authors').create({ course: 'another-course', user: u.otherAuthor.id });
    const round = (status: string) => service.collection('review_rounds').create({ course: COURSE, title: `Round ${++unique}`, status, opened_by: u.author.id });
    world.round = (await round('open')).id;
    world.closedRound = (await round('closed')).id;
    world.otherRound = (await round('open')).id;
    for (const who of [u.reviewer, u.otherReviewer]) {
      await service.collection('review_invites').create({ round: world.round, course: COURSE, user: who.id });
      await service.collection('review_invites').create({ round: world.closedRound, course: COURSE, user: who.id });
    }

    world.clients = { anonymous: new PocketBase(pb.url) } as Record<Actor, PocketBase>;
    world.clients.anonymous.autoCancellation(false);
    for (const actor of ACTORS.filter((a) => a !== 'anonymous')) {
      world.clients[actor] = await clientAs(pb.url, u[actor].email, PASSWORD);
    }
    const all = targets(world);
    readRows.review_rounds = world.round;
    readRows.review_invites = (await service.collection('review_invites').getFirstListItem(service.filter('round = {:r} && user = {:u}', { r: world.round, u: u.reviewer.id }))).id;
    readRows.review_comments = (await service.collection('review_comments').create(all.review_comments!.seed())).id;
    // The read row is on the course itself; rows for writes use other courses (one credit per course and person).
    readRows.review_credits = (await service.collection('review_credits').create({ ...all.review_credits!.seed(), course: COURSE })).id;
  });
  afterAll(async () => {
    await pb?.stop();
  });

  const matrix = ruleMatrix(ALLOWED, ACTORS);

  it('covers every collection, action and person', () => {
    expect(matrix).toHaveLength(4 * ACTIONS.length * ACTORS.length);
  });

  async function seedFor(collection: string, target: Target): Promise<string> {
    if (collection === 'review_invites') {
      const r = await world.service.collection('review_rounds').create({ course: COURSE, title: `Round ${++unique}`, status: 'open' });
      return (await world.service.collection('review_invites').create({ round: r.id, course: COURSE, user: world.users.reviewer.id })).id;
    }
    if (collection === 'review_rounds') return (await world.service.collection(collection).create(target.seed())).id;
    return (await world.service.collection(collection).create(target.seed())).id;
  }

  describe.each(Object.keys(ALLOWED))('%s', (collection) => {
    it.each(matrix.filter((c) => c.targetName === collection))('$action by $actor: $expected', async ({ action, actor, expected }) => {
      const target = targets(world)[collection]!;
      const id = action === 'list' || action === 'view' ? readRows[collection]! : await seedFor(collection, target);
      expect(await attempt(world, collection, target, action, actor, id)).toBe(expected);
    });
  });

  describe('edges the matrix does not reach', () => {
    const comment = (who: Exclude<Actor, 'anonymous'>, extra: Record<string, unknown> = {}) => ({
      round: world.round,
      course: COURSE,
      user: world.users[who].id,
      target: 'course',
      kind: 'review',
      helped: `The stories ${++unique}`,
      status: 'waiting',
      ...extra,
    });

    it('a reviewer can read a closed round they were invited to, but not comment on it', async () => {
      expect((await world.clients.reviewer.collection('review_rounds').getOne(world.closedRound)).id).toBe(world.closedRound);
      expect(await tryCreate(world, 'review_comments', world.clients.reviewer, comment('reviewer', { round: world.closedRound }))).toBe('denied');
    });

    it('a reviewer cannot comment on a round of the same course they were not invited to', async () => {
      expect(await tryCreate(world, 'review_comments', world.clients.reviewer, comment('reviewer', { round: world.otherRound }))).toBe('denied');
    });

    it('a reviewer cannot write in someone else’s name', async () => {
      expect(await tryCreate(world, 'review_comments', world.clients.reviewer, comment('otherReviewer'))).toBe('denied');
    });

    it('a reviewer cannot set an outcome, a reply or a revision on their own comment', async () => {
      expect(await tryCreate(world, 'review_comments', world.clients.reviewer, comment('reviewer', { status: 'accepted' }))).toBe('denied');
      expect(await tryCreate(world, 'review_comments', world.clients.reviewer, comment('reviewer', { reply: 'Thanks!' }))).toBe('denied');
      expect(await tryCreate(world, 'review_comments', world.clients.reviewer, comment('reviewer', { revision: 'abc' }))).toBe('denied');
    });

    it('a comment must name the round’s own course', async () => {
      expect(await tryCreate(world, 'review_comments', world.clients.reviewer, comment('reviewer', { course: 'another-course' }))).toBe('denied');
    });

    it('an author of another course sees nothing of this course’s rounds', async () => {
      expect(await world.clients.otherAuthor.collection('review_comments').getFullList()).toEqual([]);
      expect(await world.clients.otherAuthor.collection('review_rounds').getFullList()).toEqual([]);
    });

    it('a reviewer can change how they are credited, but not their role, course or link', async () => {
      const id = readRows.review_credits!;
      for (const change of [{ role: 'co-author' }, { ref: 'zzzzzzzzzz' }, { course: 'another-course' }, { user: world.users.uninvited.id }]) {
        const before = await world.service.collection('review_credits').getOne(id);
        await expect(world.clients.reviewer.collection('review_credits').update(id, change)).rejects.toBeInstanceOf(ClientResponseError);
        expect(await world.service.collection('review_credits').getOne(id)).toEqual(before);
      }
      const changed = await world.clients.reviewer.collection('review_credits').update(id, { show: 'name', name: 'Sam R' });
      expect([changed['show'], changed['name']]).toEqual(['name', 'Sam R']);
    });
  });
});
