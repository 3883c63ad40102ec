/**
 * The API rules of docs/DATA-MODEL.md against the real PocketBase: for every collection,
 * action and kind of person, can they do it to a row that belongs to "the owner", a trainee?
 *
 * The people (and how they relate to the owner's rows, all in course `listening-skills`):
 * - anonymous: not signed in.
 * - owner: the trainee who owns the row; in cohort A of listening-skills and in cohort Y of
 *   another course, boundaries.
 * - other trainee: in cohort B of listening-skills.
 * - own trainer: trains cohort A (the owner's cohort for this course).
 * - other trainer: trains cohort B of the SAME course and the owner's cohort Y of the other
 *   course. A rule that checked "user", "course" and "trainer" on different enrolment rows
 *   would let them see the owner's listening-skills rows; they must see none.
 * - admin: role admin, in no cohort.
 *
 * Outcomes are judged by what the person can actually see or do: a list "allows" only if the
 * row comes back, and a refused write must also leave the data as it was. PocketBase's
 * statuses are accepted only where they mean "refused" (403 for a locked rule, 404 for a row
 * the rule hides, 400 with no field errors for a failed create rule); any other error fails
 * the test, so a validation mistake in a fixture cannot pass as a denial.
 */
import { createHash, randomBytes } from 'node:crypto';
import PocketBase, { type RecordModel } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, createUser, serviceClient, type NewTestUser, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { ACTIONS, type Action, attemptAction, type Outcome, ruleMatrix } from '../support/rule-matrix.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'listening-skills';
const OTHER_COURSE = 'boundaries';

const ACTORS = ['anonymous', 'owner', 'otherTrainee', 'ownTrainer', 'otherTrainer', 'admin'] as const;
type Actor = (typeof ACTORS)[number];

const ACTOR_NAMES: Record<Actor, string> = {
  anonymous: 'anonymous',
  owner: 'the owner',
  otherTrainee: 'another trainee',
  ownTrainer: "the trainer of the owner's cohort",
  otherTrainer: 'a trainer of another cohort of the same course',
  admin: 'an admin',
};

/** Who may do what to the owner's row: the table in docs/DATA-MODEL.md. Everyone else is refused. */
const ALLOWED: Record<string, Record<Action, Actor[]>> = {
  cohorts: {
    list: ['ownTrainer', 'admin'],
    view: ['ownTrainer', 'admin'],
    create: ['admin'],
    update: ['admin'],
    delete: ['admin'],
  },
  enrolments: {
    list: ['owner', 'ownTrainer', 'admin'],
    view: ['owner', 'ownTrainer', 'admin'],
    create: [],
    update: ['owner'],
    delete: [],
  },
  progress: {
    list: ['owner', 'ownTrainer', 'admin'],
    view: ['owner', 'ownTrainer', 'admin'],
    create: ['owner'],
    update: ['owner'],
    delete: [],
  },
  'reflections (private)': {
    list: ['owner'],
    view: ['owner'],
    create: ['owner'],
    update: ['owner'],
    delete: ['owner'],
  },
  'reflections (shared)': {
    list: ['owner', 'ownTrainer'],
    view: ['owner', 'ownTrainer'],
    create: ['owner'],
    update: ['owner'],
    delete: ['owner'],
  },
  reflection_versions: {
    list: ['owner'],
    view: ['owner'],
    create: [],
    update: [],
    delete: [],
  },
  quiz_attempts: {
    list: ['owner', 'ownTrainer', 'admin'],
    view: ['owner', 'ownTrainer', 'admin'],
    create: [],
    update: [],
    delete: [],
  },
  module_feedback: {
    list: ['owner'],
    view: ['owner'],
    create: ['owner'],
    update: ['owner'],
    delete: ['owner'],
  },
  password_resets: {
    list: [],
    view: [],
    create: [],
    update: [],
    delete: [],
  },
};

/** How to make rows of one target; `n` keeps unique fields unique. */
interface Target {
  collection: string;
  /** A row owned by the owner, written by the service account. */
  seed(n: number): Record<string, unknown>;
  /** What each person tries to create: a row for the owner. */
  create(n: number): Record<string, unknown>;
  /** What each person tries to change. */
  change: Record<string, unknown>;
}

interface World {
  url: string;
  service: PocketBase;
  users: Record<Actor | 'loner', TestUser>;
  clients: Record<Actor, PocketBase>;
  cohorts: { a: string; b: string; y: string; noTrainers: string };
  /** A reflection of the owner's, for reflection_versions rows to point at. */
  reflection: string;
}

let unique = 0;
const next = () => ++unique;

function targets(world: World): Record<string, Target> {
  const owner = world.users.owner.id;
  const reflectionOf = (shared: boolean) => (n: number) => ({
    user: owner,
    course: COURSE,
    module: '02-listening',
    prompt: `p${n}`,
    body: `What I noticed, ${n}`,
    shared,
    ...(shared ? { shared_at: new Date().toISOString() } : {}),
  });
  const quizAttempt = (n: number) => ({
    user: owner,
    course: COURSE,
    module: `quiz-${n}`,
    answers: { q1: [0], q2: [1, 2] },
    score: 2,
    total: 2,
    passed: true,
  });
  const passwordReset = () => ({
    user: owner,
    token_hash: createHash('sha256').update(randomBytes(32)).digest('hex'),
    expires_at: new Date(Date.now() + 86_400_000).toISOString(),
    created_by: world.users.ownTrainer.id,
  });

  return {
    cohorts: {
      collection: 'cohorts',
      seed: (n) => ({ name: `Spare cohort ${n}`, course: COURSE, trainers: [world.users.ownTrainer.id] }),
      create: (n) => ({ name: `New cohort ${n}`, course: COURSE, code: `NEW-${n}`, trainers: [world.users.ownTrainer.id] }),
      change: { name: 'Renamed', trainers: [world.users.ownTrainer.id, world.users.otherTrainer.id] },
    },
    enrolments: {
      collection: 'enrolments',
      seed: (n) => ({ user: owner, course: `extra-course-${n}`, cohort: world.cohorts.a, status: 'active' }),
      create: (n) => ({ user: owner, course: `new-course-${n}`, cohort: world.cohorts.a, status: 'active' }),
      change: { status: 'left' },
    },
    progress: {
      collection: 'progress',
      seed: (n) => ({ user: owner, course: COURSE, module: `module-${n}`, status: 'started' }),
      create: (n) => ({ user: owner, course: COURSE, module: `module-${n}`, status: 'started' }),
      change: { status: 'completed', completed_at: new Date().toISOString() },
    },
    'reflections (private)': {
      collection: 'reflections',
      seed: reflectionOf(false),
      create: reflectionOf(false),
      change: { body: 'Changed text' },
    },
    'reflections (shared)': {
      collection: 'reflections',
      seed: reflectionOf(true),
      create: reflectionOf(true),
      change: { body: 'Changed text' },
    },
    reflection_versions: {
      collection: 'reflection_versions',
      seed: (n) => ({ reflection: world.reflection, user: owner, version: 1000 + n, body: 'An earlier text' }),
      create: (n) => ({ reflection: world.reflection, user: owner, version: 1000 + n, body: 'A forged history' }),
      change: { body: 'A rewritten history' },
    },
    quiz_attempts: {
      collection: 'quiz_attempts',
      seed: quizAttempt,
      create: quizAttempt,
      change: { score: 0, passed: false },
    },
    module_feedback: {
      collection: 'module_feedback',
      seed: (n) => ({ user: owner, course: COURSE, module: `module-${n}`, useful: 'partly', anonymous: true }),
      create: (n) => ({ user: owner, course: COURSE, module: `module-${n}`, useful: 'yes', change: 'Shorter videos' }),
      change: { useful: 'no' },
    },
    password_resets: {
      collection: 'password_resets',
      seed: passwordReset,
      create: passwordReset,
      change: { used_at: new Date().toISOString() },
    },
  };
}

/** Tries `action` as `client` on the owner's row `id` and says whether it worked. */
function attempt(world: World, target: Target, action: Action, client: PocketBase, id: string): Promise<Outcome> {
  const createBody = () => target.create(next());
  return attemptAction({ service: world.service, client, collection: target.collection, action, id, createBody, change: target.change });
}

describe('API rules', () => {
  let pb: TestPocketBase;
  const world = {} as World;
  /** One row per target for the read-only actions (list, view), made once. */
  const readRows: Record<string, string> = {};

  beforeAll(async () => {
    pb = await startTestPocketBase();
    world.url = pb.url;
    world.service = await serviceClient(pb);
    const service = world.service;

    const person = (name: string, roles: NewTestUser['roles']) =>
      createUser(service, { email: `${name}@example.org`, password: PASSWORD, display_name: name, roles });
    world.users = {
      anonymous: { id: '', email: '', password: '' },
      owner: await person('owner', ['trainee']),
      otherTrainee: await person('other-trainee', ['trainee']),
      ownTrainer: await person('own-trainer', ['trainer']),
      otherTrainer: await person('other-trainer', ['trainer']),
      admin: await person('admin', ['admin']),
      loner: await person('loner', ['trainee']),
    };

    const cohort = async (name: string, course: string, trainers: string[]) =>
      (await service.collection('cohorts').create({ name, course, trainers })).id;
    world.cohorts = {
      a: await cohort('Cohort A', COURSE, [world.users.ownTrainer.id]),
      b: await cohort('Cohort B', COURSE, [world.users.otherTrainer.id]),
      y: await cohort('Cohort Y', OTHER_COURSE, [world.users.otherTrainer.id]),
      noTrainers: await cohort('Cohort without trainers', COURSE, []),
    };

    const enrol = (user: TestUser, course: string, cohortId: string) =>
      service.collection('enrolments').create({ user: user.id, course, cohort: cohortId, status: 'active' });
    const ownerEnrolment = await enrol(world.users.owner, COURSE, world.cohorts.a);
    await enrol(world.users.owner, OTHER_COURSE, world.cohorts.y);
    await enrol(world.users.otherTrainee, COURSE, world.cohorts.b);
    await enrol(world.users.loner, COURSE, ''); // enrolled, but in no cohort

    world.clients = { anonymous: new PocketBase(pb.url) } as Record<Actor, PocketBase>;
    world.clients.anonymous.autoCancellation(false);
    for (const actor of ACTORS.filter((a) => a !== 'anonymous')) {
      world.clients[actor] = await clientAs(pb.url, world.users[actor].email, PASSWORD);
    }

    // A reflection with one earlier version, written by the hook as it would be in use.
    const reflection = await world.clients.owner
      .collection('reflections')
      .create({ user: world.users.owner.id, course: COURSE, module: '01-welcome', prompt: 'p1', body: 'First draft' });
    await world.clients.owner.collection('reflections').update(reflection.id, { body: 'Second draft', version: 1 });
    world.reflection = reflection.id;

    const all = targets(world);
    for (const [name, target] of Object.entries(all)) {
      readRows[name] = (await service.collection(target.collection).create(target.seed(next()))).id;
    }
    // The owner's own cohort and enrolment are the natural rows to read.
    readRows['cohorts'] = world.cohorts.a;
    readRows['enrolments'] = ownerEnrolment.id;
    const hookVersion = await service
      .collection('reflection_versions')
      .getFirstListItem(service.filter('reflection = {:r} && version = 1', { r: reflection.id }));
    readRows['reflection_versions'] = hookVersion.id;
  });
  afterAll(async () => {
    await pb?.stop();
  });

  // ---------------------------------------------------------------------------------------
  // The matrix: every target × action × person, one `it` each.
  const matrix = ruleMatrix(ALLOWED, ACTORS);

  it('covers every collection, action and person', () => {
    expect(matrix).toHaveLength(9 * ACTIONS.length * ACTORS.length);
  });

  describe.each(Object.keys(ALLOWED))('%s', (targetName) => {
    it.each(matrix.filter((c) => c.targetName === targetName))(
      '$action by $actor: $expected',
      async ({ action, actor, expected }) => {
        const target = targets(world)[targetName]!;
        const id =
          action === 'list' || action === 'view'
            ? readRows[targetName]!
            : (await world.service.collection(target.collection).create(target.seed(next()))).id;
        const outcome = await attempt(world, target, action, world.clients[actor], id);
        expect(outcome, `${action} of the owner's ${targetName} row by ${ACTOR_NAMES[actor]}`).toBe(expected);
      },
    );
  });

  // ---------------------------------------------------------------------------------------
  // Cases the matrix does not reach: changing who a row belongs to, rows of other people,
  // and the edges of "trainer of the cohort".
  describe('ownership cannot be changed or borrowed', () => {
    const seeded = async (targetName: string) => {
      const target = targets(world)[targetName]!;
      return { target, id: (await world.service.collection(target.collection).create(target.seed(next()))).id };
    };
    const toOther = () => ({ user: world.users.otherTrainee.id });

    it.each(['progress', 'reflections (private)', 'module_feedback'])(
      'the owner cannot give their %s row to someone else',
      async (targetName) => {
        const { target, id } = await seeded(targetName);
        const moved = { ...target, change: toOther() };
        expect(await attempt(world, moved, 'update', world.clients.owner, id)).toBe('denied');
      },
    );

    it.each(['progress', 'reflections (private)', 'module_feedback'])(
      'the owner may send their own id as `user` when updating %s (nothing changes hands)',
      async (targetName) => {
        const { target, id } = await seeded(targetName);
        const same = { ...target, change: { ...target.change, user: world.users.owner.id } };
        expect(await attempt(world, same, 'update', world.clients.owner, id)).toBe('allowed');
      },
    );

    it.each(['progress', 'reflections (private)', 'module_feedback'])(
      'a trainee cannot create %s for someone else',
      async (targetName) => {
        const target = targets(world)[targetName]!;
        const forOther = { ...target, create: (n: number) => ({ ...target.create(n), ...toOther() }) };
        expect(await attempt(world, forOther, 'create', world.clients.owner, '')).toBe('denied');
      },
    );

    it.each([
      ['move it to another cohort', () => ({ cohort: world.cohorts.b })],
      ['leave the cohort while staying enrolled', () => ({ cohort: '' })],
      ['change its course', () => ({ course: OTHER_COURSE + '-2' })],
      ['give it to someone else', () => ({ user: world.users.otherTrainee.id })],
      ['change its status and cohort together', () => ({ status: 'left', cohort: world.cohorts.b })],
    ])('the owner cannot %s (enrolment)', async (_, change) => {
      const { target, id } = await seeded('enrolments');
      expect(await attempt(world, { ...target, change: change() }, 'update', world.clients.owner, id)).toBe('denied');
    });

    it('the owner can rejoin: set a left enrolment back to active', async () => {
      const { target, id } = await seeded('enrolments');
      await world.service.collection('enrolments').update(id, { status: 'left' });
      expect(await attempt(world, { ...target, change: { status: 'active' } }, 'update', world.clients.owner, id)).toBe(
        'allowed',
      );
    });

    it('a trainee cannot enrol themself, even in an open course', async () => {
      const target = targets(world)['enrolments']!;
      const self = { ...target, create: (n: number) => ({ user: world.users.otherTrainee.id, course: `open-${n}`, status: 'active' }) };
      expect(await attempt(world, self, 'create', world.clients.otherTrainee, '')).toBe('denied');
    });

    it('a trainee cannot record a passed knowledge check for themself', async () => {
      const target = targets(world)['quiz_attempts']!;
      const self = { ...target, create: (n: number) => ({ ...target.create(n), user: world.users.otherTrainee.id }) };
      expect(await attempt(world, self, 'create', world.clients.otherTrainee, '')).toBe('denied');
    });
  });

  describe('"trainer of the cohort" means the same enrolment row', () => {
    const progressOf = async (user: TestUser, course: string) =>
      (
        await world.service
          .collection('progress')
          .create({ user: user.id, course, module: `module-${next()}`, status: 'started' })
      ).id;
    const visibleIds = async (actor: Actor, collection: string) =>
      new Set((await world.clients[actor].collection(collection).getFullList({ fields: 'id' })).map((r: RecordModel) => r.id));

    it('the other trainer sees the owner in the course they train the owner for, and only there', async () => {
      const inTheirCourse = await progressOf(world.users.owner, OTHER_COURSE);
      const inCourseTheyTrainOthersFor = await progressOf(world.users.owner, COURSE);
      const seen = await visibleIds('otherTrainer', 'progress');
      expect(seen.has(inTheirCourse)).toBe(true);
      expect(seen.has(inCourseTheyTrainOthersFor)).toBe(false);
    });

    it("a trainer of cohort A does not see a trainee enrolled only in cohort B of the same course", async () => {
      const otherTraineeRow = await progressOf(world.users.otherTrainee, COURSE);
      expect(await visibleIds('ownTrainer', 'progress')).not.toContain(otherTraineeRow);
      expect(await visibleIds('otherTrainer', 'progress')).toContain(otherTraineeRow);
    });

    it('a trainer sees exactly the rows of their own trainees for the course they train', async () => {
      const rows = await world.service.collection('progress').getFullList();
      const expected = rows
        .filter((row) => row['user'] === world.users.owner.id && row['course'] === COURSE)
        .map((row) => row.id)
        .sort();
      expect([...(await visibleIds('ownTrainer', 'progress'))].sort()).toEqual(expected);
    });

    it("a trainee in no cohort is seen by no trainer and by nobody anonymous, but by admins", async () => {
      const lonerRow = await progressOf(world.users.loner, COURSE);
      for (const actor of ['anonymous', 'ownTrainer', 'otherTrainer', 'owner'] as const) {
        expect(await visibleIds(actor, 'progress'), actor).not.toContain(lonerRow);
      }
      expect(await visibleIds('admin', 'progress')).toContain(lonerRow);
    });

    it('a shared reflection is hidden from its trainer again once unshared', async () => {
      const target = targets(world)['reflections (shared)']!;
      const id = (await world.service.collection('reflections').create(target.seed(next()))).id;
      expect(await attempt(world, target, 'view', world.clients.ownTrainer, id)).toBe('allowed');
      await world.clients.owner.collection('reflections').update(id, { shared: false });
      expect(await attempt(world, target, 'view', world.clients.ownTrainer, id)).toBe('denied');
    });

    it("a trainer does not see another cohort's shared reflections", async () => {
      const id = (
        await world.service.collection('reflections').create({
          user: world.users.otherTrainee.id,
          course: COURSE,
          module: '02-listening',
          prompt: 'p1',
          body: 'Shared with my trainer',
          shared: true,
        })
      ).id;
      expect(await visibleIds('ownTrainer', 'reflections')).not.toContain(id);
      expect(await visibleIds('otherTrainer', 'reflections')).toContain(id);
      expect(await visibleIds('owner', 'reflections')).not.toContain(id);
    });
  });

  describe('what nobody but the service account sees', () => {
    it.each(['cohorts', 'enrolments', 'progress', 'reflections', 'reflection_versions', 'quiz_attempts', 'module_feedback'])(
      'anonymous visitors list no %s at all',
      async (collection) => {
        const page = await world.clients.anonymous.collection(collection).getList(1, 50);
        expect(page.totalItems).toBe(0);
      },
    );

    it('a cohort without trainers is not visible to anonymous visitors', async () => {
      expect(await attempt(world, targets(world)['cohorts']!, 'view', world.clients.anonymous, world.cohorts.noTrainers)).toBe(
        'denied',
      );
    });

    it('the service account can read password resets (they exist; the rules hide them)', async () => {
      const rows = await world.service.collection('password_resets').getFullList();
      expect(rows.length).toBeGreaterThan(0);
    });

    it("admins see no one's reflections, reflection history or feedback", async () => {
      for (const collection of ['reflections', 'reflection_versions', 'module_feedback']) {
        const page = await world.clients.admin.collection(collection).getList(1, 50);
        expect(page.totalItems, collection).toBe(0);
      }
    });
  });
});
