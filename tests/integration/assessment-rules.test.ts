/**
 * The API rules of docs/DATA-MODEL.md, "Assessment and quality assurance (issue 5)", against
 * the real PocketBase: for every assessment collection, action and kind of person, can they
 * do it to a row about "the owner", a trainee of cohort A of course `peer-support-foundations`?
 *
 * The people:
 * - anonymous: not signed in.
 * - owner: the trainee the rows are about; in cohort A, and in cohort Y of another course.
 * - otherTrainee: a trainee of cohort B (same course as A).
 * - trainer, assessor, iqa, verifier: on that list of cohort A.
 * - otherAssessor, otherVerifier: on that list of cohort B (same course) AND of cohort Y (the
 *   owner's cohort for the other course). A rule that checked trainee, course and staff list
 *   on different enrolment rows would let them see the owner's rows here; they must see none.
 * - admin: role admin, on no cohort.
 * Apart from the matrix: `selfAssessor`, an assessor of cohort A who is also enrolled in it
 * as a trainee (no one decides on their own evidence).
 *
 * As in rules.test.ts, outcomes are judged by what the person can actually see or do, a
 * refused write must leave the data unchanged, and only statuses that mean "refused" count
 * as a refusal (a 400 with field errors is a broken fixture or a hook, and fails the test).
 */
import PocketBase, { type RecordModel } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { ACTIONS, type Action, attemptAction, countRows as count, expectCreateRuleRefusal, type Outcome, ruleMatrix } from '../support/rule-matrix.ts';
import type { Role } from '../../src/lib/records.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'peer-support-foundations';
const OTHER_COURSE = 'service-user-leadership';

const ACTORS = [
  'anonymous',
  'owner',
  'otherTrainee',
  'trainer',
  'assessor',
  'otherAssessor',
  'iqa',
  'verifier',
  'otherVerifier',
  'admin',
] as const;
type Actor = (typeof ACTORS)[number];

const ACTOR_NAMES: Record<Actor, string> = {
  anonymous: 'anonymous',
  owner: 'the owner (the trainee)',
  otherTrainee: 'a trainee of another cohort',
  trainer: "a trainer of the owner's cohort",
  assessor: "an assessor of the owner's cohort",
  otherAssessor: 'an assessor of another cohort',
  iqa: "an IQA of the owner's cohort",
  verifier: "a verifier of the owner's cohort",
  otherVerifier: 'a verifier of another cohort',
  admin: 'an admin',
};

const TRAINEE_AND_STAFF: Actor[] = ['owner', 'trainer', 'assessor', 'iqa', 'verifier'];
const NOBODY: Actor[] = [];

/** Who may do what to a row about the owner (in cohort A): docs/DATA-MODEL.md. Everyone else is refused. */
const ALLOWED: Record<string, Record<Action, Actor[]>> = {
  cohorts: {
    list: ['trainer', 'assessor', 'iqa', 'verifier', 'admin'],
    view: ['trainer', 'assessor', 'iqa', 'verifier', 'admin'],
    create: ['admin'],
    update: ['admin'],
    delete: ['admin'],
  },
  evidence: { list: TRAINEE_AND_STAFF, view: TRAINEE_AND_STAFF, create: ['owner'], update: NOBODY, delete: NOBODY },
  observations: { list: TRAINEE_AND_STAFF, view: TRAINEE_AND_STAFF, create: ['assessor'], update: NOBODY, delete: NOBODY },
  decisions: { list: TRAINEE_AND_STAFF, view: TRAINEE_AND_STAFF, create: ['assessor'], update: NOBODY, delete: NOBODY },
  unit_signoffs: {
    list: TRAINEE_AND_STAFF,
    view: TRAINEE_AND_STAFF,
    create: ['trainer', 'assessor'],
    update: NOBODY,
    delete: NOBODY,
  },
  qa_plans: {
    list: ['iqa', 'verifier', 'admin'],
    view: ['iqa', 'verifier', 'admin'],
    create: ['iqa'],
    update: NOBODY,
    delete: NOBODY,
  },
  qa_samples: {
    list: ['iqa', 'assessor', 'trainer', 'verifier', 'admin'],
    view: ['iqa', 'assessor', 'trainer', 'verifier', 'admin'],
    create: ['iqa'],
    update: NOBODY,
    delete: NOBODY,
  },
  reflection_comments: {
    list: ['owner', 'trainer'],
    view: ['owner', 'trainer'],
    create: ['trainer'],
    update: NOBODY,
    delete: NOBODY,
  },
  audit_log: {
    list: ['verifier', 'admin'],
    view: ['verifier', 'admin'],
    create: NOBODY,
    update: NOBODY,
    delete: NOBODY,
  },
};

type Body = Record<string, unknown>;

/** How to make rows of one target; `n` keeps unique fields unique. */
interface Target {
  collection: string;
  /** A row about the owner, written by the service account. */
  seed(n: number): Promise<Body>;
  /** What `actor` tries to create: a row about the owner, naming `self` wherever the row names its writer. */
  create(n: number, self: string): Promise<Body>;
  /** What each person tries to change. */
  change: Body;
}

type Person = Actor | 'selfAssessor';

interface World {
  service: PocketBase;
  users: Record<Person, TestUser>;
  clients: Record<Person, PocketBase>;
  cohorts: { a: string; b: string; y: string };
  /** The owner's shared reflection (comments point at it). */
  sharedReflection: string;
  /** A decision about the owner, by the assessor (samples and plans point at it). */
  decision: string;
}

let unique = 0;
const next = () => ++unique;

/** The id a person writes as their own in a create body; anonymous pretends to be the assessor. */
function selfId(world: World, actor: Person): string {
  return actor === 'anonymous' ? world.users.assessor.id : world.users[actor].id;
}

function targets(world: World): Record<string, Target> {
  const owner = world.users.owner.id;
  const service = world.service;
  const evidenceBody = (n: number): Body => ({ user: owner, course: COURSE, criterion: `U1/${n}.1`, text: `What I did, ${n}` });
  const newEvidence = async (n: number) => (await service.collection('evidence').create(evidenceBody(n))).id;
  const decisionBody = async (n: number, assessor: string): Promise<Body> => ({
    user: owner,
    course: COURSE,
    criterion: `U1/${n}.1`,
    evidence: await newEvidence(n),
    outcome: 'met',
    feedback: 'You showed mutuality clearly.',
    assessor,
    assessor_name: 'Assessor',
  });
  const observationBody = (n: number, assessor: string): Body => ({
    user: owner,
    course: COURSE,
    criterion: `U3/${n}.1`,
    observed_on: '2026-11-02 10:00:00.000Z',
    context: 'A peer-support group session',
    notes: 'Held the boundary kindly.',
    assessor,
  });
  const signoffBody = (n: number, signedBy: string): Body => ({
    user: owner,
    course: COURSE,
    unit: `U${n}`,
    signed_by: signedBy,
    signed_name: 'Staff',
  });
  const planBody = (createdBy: string): Body => ({
    cohort: world.cohorts.a,
    created_by: createdBy,
    method: 'random',
    parameter: '10',
    decisions: [world.decision],
  });
  const sampleBody = (iqa: string): Body => ({
    decision: world.decision,
    cohort: world.cohorts.a,
    iqa,
    verdict: 'agree',
    rationale: 'The feedback matches the evidence.',
  });
  const commentBody = (author: string): Body => ({
    reflection: world.sharedReflection,
    author,
    body: 'Thank you for sharing this.',
  });
  const auditBody = (n: number): Body => ({
    actor: '',
    actor_name: 'service',
    action: 'deletion.request',
    target_collection: 'evidence',
    target_id: `target${n}`,
    cohort: world.cohorts.a,
    details: { reason: 'asked by the trainee' },
  });
  const staff = {
    trainers: [world.users.trainer.id],
    assessors: [world.users.assessor.id],
    iqas: [world.users.iqa.id],
    verifiers: [world.users.verifier.id],
  };

  return {
    cohorts: {
      collection: 'cohorts',
      seed: async (n) => ({ name: `Spare cohort ${n}`, course: COURSE, ...staff }),
      create: async (n) => ({ name: `New cohort ${n}`, course: COURSE, code: `NEW-${n}`, ...staff }),
      change: { name: 'Renamed', assessors: [world.users.assessor.id, world.users.selfAssessor.id] },
    },
    evidence: {
      collection: 'evidence',
      seed: async (n) => evidenceBody(n),
      create: async (n) => evidenceBody(n),
      change: { text: 'Rewritten after the decision' },
    },
    observations: {
      collection: 'observations',
      seed: async (n) => observationBody(n, world.users.assessor.id),
      create: async (n, self) => observationBody(n, self),
      change: { notes: 'Changed notes' },
    },
    decisions: {
      collection: 'decisions',
      seed: (n) => decisionBody(n, world.users.assessor.id),
      create: (n, self) => decisionBody(n, self),
      change: { outcome: 'not_yet', feedback: 'Changed my mind' },
    },
    unit_signoffs: {
      collection: 'unit_signoffs',
      seed: async (n) => signoffBody(n, world.users.assessor.id),
      create: async (n, self) => signoffBody(n, self),
      change: { signed_name: 'Someone else' },
    },
    qa_plans: {
      collection: 'qa_plans',
      seed: async () => planBody(world.users.iqa.id),
      create: async (_, self) => planBody(self),
      change: { parameter: '100' },
    },
    qa_samples: {
      collection: 'qa_samples',
      seed: async () => sampleBody(world.users.iqa.id),
      create: async (_, self) => sampleBody(self),
      change: { verdict: 'disagree' },
    },
    reflection_comments: {
      collection: 'reflection_comments',
      seed: async () => commentBody(world.users.trainer.id),
      create: async (_, self) => commentBody(self),
      change: { body: 'Edited comment' },
    },
    audit_log: {
      collection: 'audit_log',
      seed: async (n) => auditBody(n),
      create: async (n) => auditBody(n),
      change: { action: 'nothing.happened', details: {} },
    },
  };
}

/** Tries `action` as `actor` on the owner's row `id` and says whether it worked. */
function attempt(world: World, target: Target, action: Action, actor: Person, id: string): Promise<Outcome> {
  const createBody = () => target.create(next(), selfId(world, actor));
  return attemptAction({ service: world.service, client: world.clients[actor], collection: target.collection, action, id, createBody, change: target.change });
}

describe('assessment API rules', () => {
  let pb: TestPocketBase;
  const world = {} as World;
  /** One row per target for the read-only actions (list, view), made once. */
  const readRows: Record<string, string> = {};

  beforeAll(async () => {
    pb = await startTestPocketBase();
    world.service = await serviceClient(pb);
    const service = world.service;

    const person = (name: string, roles: Role[]) =>
      createUser(service, { email: `${name}@example.org`, password: PASSWORD, display_name: name, roles });
    world.users = {
      anonymous: { id: '', email: '', password: '' },
      owner: await person('owner', ['trainee']),
      otherTrainee: await person('other-trainee', ['trainee']),
      trainer: await person('trainer', ['trainer']),
      assessor: await person('assessor', ['assessor']),
      otherAssessor: await person('other-assessor', ['assessor']),
      iqa: await person('iqa', ['iqa']),
      verifier: await person('verifier', ['verifier']),
      otherVerifier: await person('other-verifier', ['verifier']),
      admin: await person('admin', ['admin']),
      selfAssessor: await person('self-assessor', ['assessor', 'trainee']),
    };
    const u = world.users;

    world.cohorts = {
      a: await createCohort(service, {
        name: 'Cohort A',
        course: COURSE,
        trainers: [u.trainer.id],
        assessors: [u.assessor.id, u.selfAssessor.id],
        iqas: [u.iqa.id],
        verifiers: [u.verifier.id],
      }),
      b: await createCohort(service, {
        name: 'Cohort B',
        course: COURSE,
        assessors: [u.otherAssessor.id],
        verifiers: [u.otherVerifier.id],
      }),
      y: await createCohort(service, {
        name: 'Cohort Y',
        course: OTHER_COURSE,
        assessors: [u.otherAssessor.id],
        verifiers: [u.otherVerifier.id],
      }),
    };
    await enrol(service, u.owner, COURSE, world.cohorts.a);
    await enrol(service, u.owner, OTHER_COURSE, world.cohorts.y);
    await enrol(service, u.otherTrainee, COURSE, world.cohorts.b);
    await enrol(service, u.selfAssessor, COURSE, world.cohorts.a);

    world.clients = { anonymous: new PocketBase(pb.url) } as Record<Person, PocketBase>;
    world.clients.anonymous.autoCancellation(false);
    for (const actor of [...ACTORS.filter((a) => a !== 'anonymous'), 'selfAssessor'] as const) {
      world.clients[actor] = await clientAs(pb.url, u[actor].email, PASSWORD);
    }

    world.sharedReflection = (
      await world.clients.owner.collection('reflections').create({
        user: u.owner.id,
        course: COURSE,
        module: '02-intentional-peer-support',
        prompt: 'p1',
        body: 'Moving from helping to learning together',
        shared: true,
      })
    ).id;

    const all = targets(world);
    readRows['evidence'] = (await service.collection('evidence').create(await all['evidence']!.seed(next()))).id;
    const decision = await service.collection('decisions').create(await all['decisions']!.seed(next()));
    world.decision = decision.id;
    readRows['decisions'] = decision.id;
    for (const name of ['observations', 'unit_signoffs', 'qa_plans', 'qa_samples', 'reflection_comments', 'audit_log']) {
      readRows[name] = (await service.collection(name).create(await all[name]!.seed(next()))).id;
    }
    readRows['cohorts'] = world.cohorts.a;
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
    it.each(matrix.filter((c) => c.targetName === targetName))('$action by $actor: $expected', async ({ action, actor, expected }) => {
      const target = targets(world)[targetName]!;
      const id =
        action === 'list' || action === 'view'
          ? readRows[targetName]!
          : (await world.service.collection(target.collection).create(await target.seed(next()))).id;
      const outcome = await attempt(world, target, action, actor, id);
      expect(outcome, `${action} of the owner's ${targetName} row by ${ACTOR_NAMES[actor]}`).toBe(expected);
    });
  });

  // ---------------------------------------------------------------------------------------
  // Cases the matrix does not reach.
  const visibleIds = async (person: Person, collection: string) =>
    new Set((await world.clients[person].collection(collection).getFullList({ fields: 'id' })).map((r: RecordModel) => r.id));
  const seeded = async (targetName: string) => {
    const target = targets(world)[targetName]!;
    return (await world.service.collection(target.collection).create(await target.seed(next()))).id;
  };

  describe('trainees see only their own', () => {
    it("a trainee cannot see another trainee's evidence, either way round", async () => {
      const owners = await seeded('evidence');
      const others = (
        await world.service
          .collection('evidence')
          .create({ user: world.users.otherTrainee.id, course: COURSE, criterion: 'U1/1.2', text: 'Mine' })
      ).id;
      expect(await visibleIds('otherTrainee', 'evidence')).not.toContain(owners);
      expect(await visibleIds('otherTrainee', 'evidence')).toContain(others);
      expect(await visibleIds('owner', 'evidence')).not.toContain(others);
      expect(await attempt(world, targets(world)['evidence']!, 'view', 'otherTrainee', owners)).toBe('denied');
    });

    it('a trainee cannot submit evidence for a course they are not enrolled in', async () => {
      const target = targets(world)['evidence']!;
      const elsewhere = { ...target, create: async (n: number) => ({ ...(await target.create(n, '')), course: 'not-enrolled' }) };
      expect(await attempt(world, elsewhere, 'create', 'owner', '')).toBe('denied');
    });

    it('a trainee who has left the course cannot submit evidence for it', async () => {
      const leaver = await createUser(world.service, {
        email: 'leaver@example.org',
        password: PASSWORD,
        display_name: 'Leaver',
        roles: ['trainee'],
      });
      await enrol(world.service, leaver, COURSE, world.cohorts.a, 'left');
      const asLeaver = await clientAs(pb.url, leaver.email, PASSWORD);
      await expectCreateRuleRefusal(
        asLeaver.collection('evidence').create({ user: leaver.id, course: COURSE, criterion: 'U1/1.1', text: 'Late' }),
      );
    });

    it('a trainee cannot give themself the new-assessor flag or an organisation', async () => {
      const self = world.clients.otherTrainee.collection('users');
      const id = world.users.otherTrainee.id;
      for (const body of [{ new_assessor: true }, { organisation: 'Accrediting body' }, { display_name: 'X', organisation: 'Y' }]) {
        await expect(self.update(id, body), JSON.stringify(body)).rejects.toMatchObject({ status: 404 });
      }
      const stored = await world.service.collection('users').getOne(id);
      expect([stored['new_assessor'], stored['organisation'], stored['display_name']]).toEqual([false, '', 'other-trainee']);
    });
  });

  describe('no one decides on their own work', () => {
    it('an assessor who is also a trainee of the cohort cannot decide on their own evidence', async () => {
      const own = await world.clients.selfAssessor
        .collection('evidence')
        .create({ user: world.users.selfAssessor.id, course: COURSE, criterion: 'U2/1.1', text: 'My own work' });
      const decide = (as: Person) =>
        world.clients[as].collection('decisions').create({
          user: world.users.selfAssessor.id,
          course: COURSE,
          criterion: 'U2/1.1',
          evidence: own.id,
          outcome: 'met',
          feedback: 'Looks good to me',
          assessor: world.users[as].id,
        });
      await expectCreateRuleRefusal(decide('selfAssessor'));
      const decisionsOnIt = await world.service
        .collection('decisions')
        .getFullList({ filter: world.service.filter('evidence = {:e}', { e: own.id }) });
      expect(decisionsOnIt).toEqual([]);
      // Another assessor of the cohort may.
      expect((await decide('assessor'))['evidence']).toBe(own.id);
    });

    it('they still assess the other trainees of their cohort', async () => {
      const target = targets(world)['decisions']!;
      expect(await attempt(world, target, 'create', 'selfAssessor', '')).toBe('allowed');
    });

    it('they cannot record an observation of themself or sign off their own unit', async () => {
      const aboutThemself = { user: world.users.selfAssessor.id, course: COURSE };
      const observations = targets(world)['observations']!;
      const signoffs = targets(world)['unit_signoffs']!;
      const ownObservation = { ...observations, create: async (n: number, self: string) => ({ ...(await observations.create(n, self)), ...aboutThemself }) };
      const ownSignoff = { ...signoffs, create: async (n: number, self: string) => ({ ...(await signoffs.create(n, self)), ...aboutThemself }) };
      expect(await attempt(world, ownObservation, 'create', 'selfAssessor', '')).toBe('denied');
      expect(await attempt(world, ownSignoff, 'create', 'selfAssessor', '')).toBe('denied');
    });

    it.each([
      ['observations', 'assessor'],
      ['decisions', 'assessor'],
      ['unit_signoffs', 'signed_by'],
      ['qa_plans', 'created_by'],
      ['qa_samples', 'iqa'],
      ['reflection_comments', 'author'],
    ] as const)('nobody can write %s in the name of someone else (%s)', async (targetName, field) => {
      const target = targets(world)[targetName]!;
      const allowedActor = ALLOWED[targetName]!.create[0]!;
      const inAnotherName = {
        ...target,
        create: async (n: number, self: string) => ({ ...(await target.create(n, self)), [field]: world.users.admin.id }),
      };
      expect(await attempt(world, inAnotherName, 'create', allowedActor, '')).toBe('denied');
    });
  });

  describe('the record cannot be rewritten: only the service superuser changes it', () => {
    it.each(['decisions', 'audit_log', 'unit_signoffs', 'qa_samples', 'evidence', 'observations', 'qa_plans', 'reflection_comments'])(
      'no person, not even an admin, updates or deletes %s (403); the superuser can',
      async (targetName) => {
        const target = targets(world)[targetName]!;
        const id = await seeded(targetName);
        for (const actor of ACTORS) {
          await expect(world.clients[actor].collection(target.collection).update(id, target.change), actor).rejects.toMatchObject({
            status: 403,
          });
          await expect(world.clients[actor].collection(target.collection).delete(id), actor).rejects.toMatchObject({ status: 403 });
        }
        await world.service.collection(target.collection).delete(id);
        await expect(world.service.collection(target.collection).getOne(id)).rejects.toMatchObject({ status: 404 });
      },
    );
  });

  describe('verifiers', () => {
    it.each(Object.keys(ALLOWED))('a verifier of the cohort cannot create, update or delete %s', async (targetName) => {
      const target = targets(world)[targetName]!;
      for (const action of ['create', 'update', 'delete'] as const) {
        const id = action === 'create' ? '' : await seeded(targetName);
        expect(await attempt(world, target, action, 'verifier', id), action).toBe('denied');
      }
    });

    it('a verifier of another cohort sees nothing of this cohort, nor of its trainees in this course', async () => {
      const aboutCohortA = (row: RecordModel) =>
        row['cohort'] === world.cohorts.a || row.id === world.cohorts.a || (row['user'] === world.users.owner.id && row['course'] === COURSE);
      for (const collection of [...Object.keys(ALLOWED), 'reflections', 'enrolments']) {
        const rows = await world.clients.otherVerifier.collection(collection).getFullList();
        expect(rows.filter(aboutCohortA), collection).toEqual([]);
      }
    });

    it('a verifier of another cohort still sees their own cohort and its audit trail', async () => {
      expect(await visibleIds('otherVerifier', 'cohorts')).toEqual(new Set([world.cohorts.b, world.cohorts.y]));
      const audit = await world.clients.otherVerifier.collection('audit_log').getFullList();
      expect(audit.length).toBeGreaterThan(0);
      expect(new Set(audit.map((row) => row['cohort']))).toEqual(new Set([world.cohorts.b, world.cohorts.y]));
    });

    it('anonymous visitors list no assessment rows at all', async () => {
      for (const collection of Object.keys(ALLOWED)) {
        expect((await world.clients.anonymous.collection(collection).getList(1, 50)).totalItems, collection).toBe(0);
      }
    });
  });

  describe('comments on reflections', () => {
    const reflectionOf = async (shared: boolean) =>
      (
        await world.clients.owner.collection('reflections').create({
          user: world.users.owner.id,
          course: COURSE,
          module: '03-boundaries-and-power',
          prompt: 'p2',
          body: 'Something personal',
          shared,
        })
      ).id;
    const commentOn = (reflection: string): Target => {
      const target = targets(world)['reflection_comments']!;
      return { ...target, create: async (n, self) => ({ ...(await target.create(n, self)), reflection }) };
    };

    it('nobody can comment on a private reflection, not even its trainer', async () => {
      const reflection = await reflectionOf(false);
      for (const actor of ACTORS) {
        expect(await attempt(world, commentOn(reflection), 'create', actor, ''), actor).toBe('denied');
      }
    });

    it('once a reflection is unshared its trainer can no longer comment; earlier comments stay visible to its author', async () => {
      const reflection = await reflectionOf(true);
      expect(await attempt(world, commentOn(reflection), 'create', 'trainer', '')).toBe('allowed');
      await world.clients.owner.collection('reflections').update(reflection, { shared: false });
      expect(await attempt(world, commentOn(reflection), 'create', 'trainer', '')).toBe('denied');
      const comments = await world.clients.owner
        .collection('reflection_comments')
        .getFullList({ filter: world.clients.owner.filter('reflection = {:r}', { r: reflection }) });
      expect(comments).toHaveLength(1);
    });

    it("a trainer of another cohort cannot comment on the owner's shared reflection", async () => {
      const other = await createUser(world.service, {
        email: 'trainer-b@example.org',
        password: PASSWORD,
        display_name: 'Trainer B',
        roles: ['trainer'],
      });
      await world.service.collection('cohorts').update(world.cohorts.b, { 'trainers+': other.id });
      const asOther = await clientAs(pb.url, other.email, PASSWORD);
      await expectCreateRuleRefusal(
        asOther.collection('reflection_comments').create({ reflection: world.sharedReflection, author: other.id, body: 'Hi' }),
      );
      expect(await visibleIds('trainer', 'reflection_comments')).toContain(readRows['reflection_comments']);
      expect(new Set((await asOther.collection('reflection_comments').getFullList()).map((r) => r.id))).toEqual(new Set());
    });
  });

  describe('the audit log', () => {
    /** The audit rows about one target row, as the service account sees them. */
    const auditOf = async (targetId: string) =>
      world.service
        .collection('audit_log')
        .getFullList({ filter: world.service.filter('target_id = {:id}', { id: targetId }), sort: '@rowid' });

    it.each([
      ['evidence', 'owner', 'evidence.create'],
      ['observations', 'assessor', 'observation.create'],
      ['decisions', 'assessor', 'decision.create'],
      ['unit_signoffs', 'trainer', 'unit_signoff.create'],
      ['qa_plans', 'iqa', 'qa_plan.create'],
      ['qa_samples', 'iqa', 'qa_sample.create'],
    ] as const)('a %s create by the %s writes one %s row for cohort A', async (targetName, actor, action) => {
      const target = targets(world)[targetName]!;
      const created = await world.clients[actor].collection(target.collection).create(await target.create(next(), world.users[actor].id));
      const rows = await auditOf(created.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor: world.users[actor].id,
        actor_name: actor,
        action,
        target_collection: target.collection,
        target_id: created.id,
        cohort: world.cohorts.a,
      });
      // Seen by admins and the cohort's verifier only.
      const seenBy = [];
      for (const person of ACTORS) if ((await visibleIds(person, 'audit_log')).has(rows[0]!.id)) seenBy.push(person);
      expect(seenBy).toEqual(['verifier', 'admin']);
    });

    it('a role change writes a user.role_change row, actor "service", visible to admins only', async () => {
      const person = await createUser(world.service, {
        email: 'promoted@example.org',
        password: PASSWORD,
        display_name: 'Promoted',
        roles: ['trainee'],
      });
      await world.service.collection('users').update(person.id, { 'role+': 'assessor' });
      const rows = (await auditOf(person.id)).filter((row) => row['action'] === 'user.role_change');
      expect(rows.map((row) => row['details'])).toEqual([
        { before: [], after: ['trainee'], added: ['trainee'], removed: [] },
        { before: ['trainee'], after: ['trainee', 'assessor'], added: ['assessor'], removed: [] },
      ]);
      expect(rows[1]).toMatchObject({ actor: '', actor_name: 'service', cohort: '', target_collection: 'users' });
      expect(await visibleIds('admin', 'audit_log')).toContain(rows[1]!.id);
      expect(await visibleIds('verifier', 'audit_log')).not.toContain(rows[1]!.id);
    });

    it("an admin's change to a cohort's staff writes a cohort.staff_change row naming the admin", async () => {
      const cohort = await world.clients.admin
        .collection('cohorts')
        .create({ name: 'Audited cohort', course: COURSE, verifiers: [world.users.verifier.id] });
      await world.clients.admin.collection('cohorts').update(cohort.id, { 'assessors+': world.users.assessor.id, name: 'Renamed' });
      await world.clients.admin.collection('cohorts').update(cohort.id, { name: 'Renamed again' }); // not a staff change
      const rows = await auditOf(cohort.id);
      expect(rows.map((row) => [row['action'], row['actor'], row['actor_name'], row['cohort'], row['details']])).toEqual([
        ['cohort.staff_change', world.users.admin.id, 'admin', cohort.id, { verifiers: { added: [world.users.verifier.id], removed: [] } }],
        ['cohort.staff_change', world.users.admin.id, 'admin', cohort.id, { assessors: { added: [world.users.assessor.id], removed: [] } }],
      ]);
      expect(await visibleIds('verifier', 'audit_log')).toContain(rows[1]!.id);
    });

    it('a refused write leaves no audit row', async () => {
      const decisionRows = () => count(world.service, 'audit_log', 'action = "decision.create"');
      const before = await decisionRows();
      for (const actor of ['anonymous', 'owner', 'trainer', 'otherAssessor', 'iqa', 'verifier', 'admin'] as const) {
        expect(await attempt(world, targets(world)['decisions']!, 'create', actor, ''), actor).toBe('denied');
      }
      expect(await decisionRows()).toBe(before);
    });
  });
});
