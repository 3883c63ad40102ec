/**
 * The API rules of `impact_consents` and `impact_answers` (docs/DATA-MODEL.md, docs/IMPACT.md)
 * against the real PocketBase: for every action and person, can they do it? Above all: NO
 * member of staff (trainer, assessor, IQA, verifier, administrator) can list or view anyone's
 * answers, or even whether they said yes.
 *
 * The people, all about the trainee's rows in course `listening-skills`:
 * - anonymous; trainee (owns the rows, in group A, said yes); groupMember (group A);
 *   otherGroup (group B); trainer / assessor / iqa / verifier of group A; admin.
 *
 * Then the store: withdrawing deletes the answers, and the aggregate (read with the service
 * account) leaves out withdrawn people.
 */
import PocketBase, { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { questionnaireModel } from '../../src/lib/courses/impact-questionnaire.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { loadReportInput, myQuestionnaire, saveAnswers, setChoice, withdraw } from '../../src/lib/impact/impact-store.ts';
import { impactReport } from '../../src/lib/impact/report.ts';
import { sendFollowUpReminders } from '../../src/lib/impact/reminders-store.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { clientAs, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { ACTIONS, type Action, attemptAction, type Outcome, ruleMatrix, tryCreate as createAs } from '../support/rule-matrix.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'listening-skills';

const ACTORS = ['anonymous', 'trainee', 'groupMember', 'otherGroup', 'trainer', 'assessor', 'iqa', 'verifier', 'admin'] as const;
type Actor = (typeof ACTORS)[number];

/** Who may do what: the table in docs/DATA-MODEL.md. Everyone else is refused. */
const ALLOWED: Record<string, Record<Action, Actor[]>> = {
  impact_consents: { list: ['trainee'], view: ['trainee'], create: ['trainee'], update: ['trainee'], delete: [] },
  impact_answers: { list: ['trainee'], view: ['trainee'], create: ['trainee'], update: [], delete: ['trainee'] },
};

let unique = 0;

interface World {
  service: PocketBase;
  users: Record<Exclude<Actor, 'anonymous'>, TestUser>;
  clients: Record<Actor, PocketBase>;
}

interface Target {
  seed(): Record<string, unknown>;
  /** A body for a create, after `prepare` (e.g. enrolling the trainee in a fresh course). */
  create(world: World): Promise<Record<string, unknown>>;
  change: Record<string, unknown>;
}

function targets(): Record<string, Target> {
  return {
    impact_consents: {
      seed: () => ({ user: w.users.trainee.id, course: `seeded-${++unique}`, choice: 'yes' }),
      async create(world) {
        const course = `fresh-${++unique}`;
        await world.service.collection('enrolments').create({ user: world.users.trainee.id, course, status: 'active' });
        return { user: world.users.trainee.id, course, choice: 'yes' };
      },
      change: { choice: 'no' },
    },
    impact_answers: {
      seed: () => ({ user: w.users.trainee.id, course: `seeded-${++unique}`, round: 'start', scores: { 'lead-meeting': 2 }, comment: 'Private words' }),
      async create(world) {
        return { user: world.users.trainee.id, course: COURSE, round: `after-${(++unique % 98) + 1}`, scores: { 'lead-meeting': 3 } };
      },
      change: { comment: 'changed' },
    },
  };
}

const w = {} as World;

/** Tries a create as `client`; a refusal must leave the row count as it was. */
function tryCreate(collection: string, client: PocketBase, body: Record<string, unknown>): Promise<Outcome> {
  return createAs(w.service, collection, client, body);
}

/** Tries `action` as `actor` on row `id` and says whether it worked. */
function attempt(collection: string, target: Target, action: Action, actor: Actor, id: string): Promise<Outcome> {
  return attemptAction({ service: w.service, client: w.clients[actor], collection, action, id, createBody: () => target.create(w), change: target.change });
}

describe('impact questionnaire API rules', () => {
  let pb: TestPocketBase;
  const readRows: Record<string, string> = {};

  beforeAll(async () => {
    pb = await startTestPocketBase();
    w.service = await serviceClient(pb);
    const service = w.service;
    const person = (name: string, role: 'trainee' | 'trainer' | 'assessor' | 'iqa' | 'verifier' | 'admin') =>
      createUser(service, { email: `${name.toLowerCase()}@example.org`, password: PASSWORD, display_name: name, roles: [role] });
    w.users = {
      trainee: await person('trainee', 'trainee'),
      groupMember: await person('groupMember', 'trainee'),
      otherGroup: await person('otherGroup', 'trainee'),
      trainer: await person('trainer', 'trainer'),
      assessor: await person('assessor', 'assessor'),
      iqa: await person('iqa', 'iqa'),
      verifier: await person('verifier', 'verifier'),
      admin: await person('admin', 'admin'),
    };
    const u = w.users;
    const a = (await service.collection('cohorts').create({ name: 'Group A', course: COURSE, trainers: [u.trainer.id], assessors: [u.assessor.id], iqas: [u.iqa.id], verifiers: [u.verifier.id] })).id;
    const b = (await service.collection('cohorts').create({ name: 'Group B', course: COURSE })).id;
    for (const who of [u.trainee, u.groupMember]) await service.collection('enrolments').create({ user: who.id, course: COURSE, cohort: a, status: 'active' });
    await service.collection('enrolments').create({ user: u.otherGroup.id, course: COURSE, cohort: b, status: 'active' });
    w.clients = { anonymous: new PocketBase(pb.url) } as Record<Actor, PocketBase>;
    w.clients.anonymous.autoCancellation(false);
    for (const actor of ACTORS.filter((x) => x !== 'anonymous')) w.clients[actor] = await clientAs(pb.url, u[actor].email, PASSWORD);
    // The trainee said yes for the course, with their own token as the site does.
    await w.clients.trainee.collection('impact_consents').create({ user: u.trainee.id, course: COURSE, choice: 'yes' });
    for (const [name, target] of Object.entries(targets())) readRows[name] = (await service.collection(name).create(target.seed())).id;
  });
  afterAll(async () => {
    await pb?.stop();
  });

  const matrix = ruleMatrix(ALLOWED, ACTORS);

  it('covers both collections, every action and person', () => {
    expect(matrix).toHaveLength(2 * ACTIONS.length * ACTORS.length);
  });

  describe.each(Object.keys(ALLOWED))('%s', (collection) => {
    it.each(matrix.filter((c) => c.targetName === collection))('$action by $actor: $expected', async ({ action, actor, expected }) => {
      const target = targets()[collection]!;
      const id = action === 'list' || action === 'view' ? readRows[collection]! : (await w.service.collection(collection).create(target.seed())).id;
      expect(await attempt(collection, target, action, actor, id)).toBe(expected);
    });
  });

  describe('edges the matrix does not reach', () => {
    it('no member of staff can list anyone’s answers or choices, even asking for the whole course', async () => {
      await w.clients.trainee.collection('impact_answers').create({ user: w.users.trainee.id, course: COURSE, round: 'start', scores: { 'lead-meeting': 2 } });
      expect(await w.service.collection('impact_answers').getFullList({ filter: `course = "${COURSE}"` })).not.toHaveLength(0);
      for (const actor of ['trainer', 'assessor', 'iqa', 'verifier', 'admin', 'groupMember', 'otherGroup'] as const) {
        const client = w.clients[actor];
        expect(await client.collection('impact_answers').getFullList({ filter: `course = "${COURSE}"` }), actor).toHaveLength(0);
        expect(await client.collection('impact_consents').getFullList({ filter: `course = "${COURSE}"` }), actor).toHaveLength(0);
      }
    });

    it('nobody can answer in someone else’s name', async () => {
      expect(await tryCreate('impact_answers', w.clients.groupMember, { user: w.users.trainee.id, course: COURSE, round: 'after-99', scores: {} })).toBe('denied');
      expect(await tryCreate('impact_consents', w.clients.groupMember, { user: w.users.trainee.id, course: `x-${++unique}`, choice: 'yes' })).toBe('denied');
    });

    it('without a yes there are no answers: someone who said no cannot answer', async () => {
      await w.clients.groupMember.collection('impact_consents').create({ user: w.users.groupMember.id, course: COURSE, choice: 'no' });
      expect(await tryCreate('impact_answers', w.clients.groupMember, { user: w.users.groupMember.id, course: COURSE, round: 'start', scores: { 'lead-meeting': 3 } })).toBe('denied');
    });

    it('a choice only for a course the person is on, and never a reminder stamp or someone else’s row', async () => {
      expect(await tryCreate('impact_consents', w.clients.otherGroup, { user: w.users.otherGroup.id, course: 'not-my-course', choice: 'yes' })).toBe('denied');
      expect(await tryCreate('impact_consents', w.clients.otherGroup, { user: w.users.otherGroup.id, course: COURSE, choice: 'withdrawn' })).toBe('denied');
      const mine = await w.clients.otherGroup.collection('impact_consents').create({ user: w.users.otherGroup.id, course: COURSE, choice: 'yes' });
      await expect(w.clients.otherGroup.collection('impact_consents').update(mine.id, { reminded: 'after-3' })).rejects.toBeInstanceOf(ClientResponseError);
      await expect(w.clients.otherGroup.collection('impact_consents').update(mine.id, { user: w.users.trainee.id })).rejects.toBeInstanceOf(ClientResponseError);
      expect((await w.service.collection('impact_consents').getOne(mine.id))['reminded']).toBe('');
    });
  });

  describe('the store', () => {
    const q = questionnaireModel({})!;
    const course = { slug: 'impact-store-course', modules: [{ id: 'one' }] } as unknown as Course;

    it('withdrawing deletes every answer, and the aggregate leaves the person out', async () => {
      const people: { user: TestUser; client: TypedPocketBase }[] = [];
      for (let i = 0; i < 6; i++) {
        const user = await createUser(w.service, { email: `store${i}@example.org`, password: PASSWORD, display_name: `Store ${i}`, roles: ['trainee'] });
        await w.service.collection('enrolments').create({ user: user.id, course: course.slug, status: 'active' });
        const client = (await clientAs(pb.url, user.email, PASSWORD)) as unknown as TypedPocketBase;
        await setChoice(client, user.id, course.slug, 'yes', undefined);
        await saveAnswers(client, user.id, course.slug, 'start', { scores: { 'lead-meeting': 2 }, later: {}, comment: i === 5 ? 'Leaving words' : '', quoteOk: i === 5 });
        people.push({ user, client });
      }
      const before = impactReport(await loadReportInput(w.service as unknown as TypedPocketBase, course, q));
      expect(before.takingPart).toEqual({ shown: true, value: 6 });
      const leaver = people[5]!;
      const mine = await myQuestionnaire(leaver.client, leaver.user.id, course, q);
      expect(mine.open).toBeUndefined();
      expect(mine.answered).toEqual(['start']);
      expect(await withdraw(leaver.client, leaver.user.id, course.slug, mine.consent!)).toBe(1);
      expect(await w.service.collection('impact_answers').getFullList({ filter: `user = "${leaver.user.id}"` })).toHaveLength(0);
      const input = await loadReportInput(w.service as unknown as TypedPocketBase, course, q);
      expect(input.answers.some((a) => a.user === leaver.user.id)).toBe(false);
      const after = impactReport(input);
      expect(after.takingPart).toEqual({ shown: true, value: 5 });
      expect(JSON.stringify(after)).not.toContain('Leaving words');
    });

    it('a follow-up that opens becomes one “questionnaire” notification, once per round, with no answers in it', async () => {
      const user = await createUser(w.service, { email: 'followup@example.org', password: PASSWORD, display_name: 'Follow Up', roles: ['trainee'] });
      await w.service.collection('enrolments').create({ user: user.id, course: course.slug, status: 'active' });
      const client = (await clientAs(pb.url, user.email, PASSWORD)) as unknown as TypedPocketBase;
      await setChoice(client, user.id, course.slug, 'yes', undefined);
      await saveAnswers(client, user.id, course.slug, 'start', { scores: { 'lead-meeting': 1 }, later: {}, comment: 'Secret words', quoteOk: false });
      await w.service.collection('progress').create({ user: user.id, course: course.slug, module: 'one', status: 'completed', completed_at: '2026-01-10 10:00:00.000Z' });
      const withQ = { ...course, impactQuestionnaire: q } as Course;
      const sv = w.service as unknown as TypedPocketBase;
      expect(await sendFollowUpReminders(sv, [withQ], new Date('2026-02-01T10:00:00Z'))).toBe(0);
      expect(await sendFollowUpReminders(sv, [withQ], new Date('2026-04-12T10:00:00Z'))).toBe(1);
      expect(await sendFollowUpReminders(sv, [withQ], new Date('2026-04-13T10:00:00Z'))).toBe(0);
      const mine = await client.collection('notifications').getFullList({ filter: 'kind = "questionnaire"' });
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ link: `/questionnaire/${course.slug}`, read_at: '' });
      expect(JSON.stringify(mine[0])).not.toContain('Secret');
      await client.collection('notifications').update(mine[0]!.id, { read_at: '2026-04-13 10:00:00.000Z' });
      // Six months on: the same row, unread again.
      expect(await sendFollowUpReminders(sv, [withQ], new Date('2026-07-11T10:00:00Z'))).toBe(1);
      const again = await client.collection('notifications').getFullList({ filter: 'kind = "questionnaire"' });
      expect(again).toHaveLength(1);
      expect(again[0]!['read_at']).toBe('');
    });
  });
});
