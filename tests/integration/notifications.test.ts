/**
 * Notifications against the real PocketBase (pb_hooks/notifications.pb.js and the
 * `notifications` rules), and the staff home's counts (staff-waiting-store.ts) scoped to what
 * each member of staff may see.
 *
 * The people: Tam and Kit, trainees in group A of `peer-support-foundations`; Ash, assessor of
 * A; Tess, trainer of A; Ida, IQA of A; Bo, assessor of group B, whose trainee is Bea.
 */
import path from 'node:path';
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { listMyCohorts } from '../../src/lib/cohorts/cohorts-store.ts';
import { markAllRead, markOpened, markRead, ownNotifications } from '../../src/lib/notifications/notifications-store.ts';
import { loadStaffWaiting } from '../../src/lib/notifications/staff-waiting-store.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { createPlan, recordVerdict } from '../../src/lib/qa/qa-store.ts';
import type { NotificationRecord, Role } from '../../src/lib/records.ts';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const COURSE = course.slug;
const WRITTEN = 'U1/1.2';
const REFLECTIVE = 'U1/2.2';
const FEEDBACK = 'You described the difference with care; SECRET-FEEDBACK-WORDS.';

type Who = 'tam' | 'kit' | 'ash' | 'tess' | 'ida' | 'bo' | 'bea';

async function refused(request: Promise<unknown>): Promise<number> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ClientResponseError) return error.status;
    throw error;
  }
  throw new Error('expected the request to be refused, but it succeeded');
}

describe('notifications', () => {
  let pb: TestPocketBase;
  let service: TypedPocketBase;
  const people = {} as Record<Who, TestUser>;
  const as = {} as Record<Who, TypedPocketBase>;
  let cohortA: string;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = (await serviceClient(pb)) as TypedPocketBase;
    const roles: Record<Who, Role[]> = { tam: ['trainee'], kit: ['trainee'], ash: ['assessor'], tess: ['trainer'], ida: ['iqa'], bo: ['assessor'], bea: ['trainee'] };
    for (const [name, list] of Object.entries(roles) as [Who, Role[]][]) {
      people[name] = await createUser(service, { email: `${name}@example.org`, password: PASSWORD, display_name: name.toUpperCase(), roles: list });
      as[name] = (await clientAs(pb.url, people[name].email, PASSWORD)) as TypedPocketBase;
    }
    cohortA = await createCohort(service, { name: 'Group A', course: COURSE, trainers: [people.tess.id], assessors: [people.ash.id], iqas: [people.ida.id] });
    const cohortB = await createCohort(service, { name: 'Group B', course: COURSE, assessors: [people.bo.id] });
    await enrol(service, people.tam, COURSE, cohortA);
    await enrol(service, people.kit, COURSE, cohortA);
    await enrol(service, people.bea, COURSE, cohortB);
  });
  afterAll(async () => {
    await pb?.stop();
  });

  /** The trainee kinds (staff kinds — evidence, iqa_return, sample — are checked on their own below). */
  const all = () => service.collection('notifications').getFullList({ sort: '@rowid', filter: 'kind != "evidence" && kind != "iqa_return" && kind != "sample"' });
  const staffRows = (kind: string) => service.collection('notifications').getFullList<NotificationRecord>({ sort: '@rowid', filter: service.filter('kind = {:kind}', { kind }) });
  const evidence = async (who: 'tam' | 'kit' | 'bea', criterion = WRITTEN) =>
    (await as[who].collection('evidence').create({ user: people[who].id, course: COURSE, criterion, text: 'SECRET-EVIDENCE-WORDS about my placement.' })).id;
  const decide = (by: 'ash' | 'bo', trainee: 'tam' | 'kit' | 'bea', evidenceId: string, outcome: 'met' | 'not_yet', criterion = WRITTEN) =>
    as[by].collection('decisions').create({
      user: people[trainee].id,
      course: COURSE,
      criterion,
      evidence: evidenceId,
      outcome,
      feedback: FEEDBACK,
      assessor: people[by].id,
      assessor_name: by,
    });
  const noWords = (rows: NotificationRecord[]) => {
    const text = JSON.stringify(rows);
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('placement');
  };

  it('a decision made creates exactly one notification, for the trainee only, with no feedback text', async () => {
    const before = (await all()).length;
    const decision = await decide('ash', 'tam', await evidence('tam'), 'met');
    const after = await all();
    expect(after.length).toBe(before + 1);
    const row = after.at(-1)!;
    expect(row).toMatchObject({ user: people.tam.id, kind: 'decision', link: `/evidence/${COURSE}`, subject: decision.id, read_at: '', emailed_at: '' });
    noWords(after);
    expect((await ownNotifications(as.tam, people.tam.id)).map((n) => n.subject)).toContain(decision.id);
  });

  it('feedback given (a "not yet met" decision) creates one `feedback` notification', async () => {
    const before = (await all()).length;
    const decision = await decide('ash', 'kit', await evidence('kit'), 'not_yet');
    const after = await all();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ user: people.kit.id, kind: 'feedback', subject: decision.id });
    noWords(after);
  });

  it('new evidence tells the assessors of the trainee’s own group only (a staff kind, no text)', async () => {
    const ev = await evidence('bea');
    const rows = (await staffRows('evidence')).filter((r) => r.subject === ev);
    expect(rows.map((r) => r.user)).toEqual([people.bo.id]);
    expect(rows[0]).toMatchObject({ link: expect.stringMatching(/^\/staff\/cohorts\/[a-z0-9]{15}\/assess$/) });
    noWords(rows);
  });

  it('a refused decision (blank feedback) leaves no notification behind', async () => {
    const before = (await all()).length;
    const ev = await evidence('bea');
    const status = await refused(
      as.bo.collection('decisions').create({ user: people.bea.id, course: COURSE, criterion: WRITTEN, evidence: ev, outcome: 'met', feedback: '   ', assessor: people.bo.id, assessor_name: 'bo' }),
    );
    expect(status).toBe(400);
    expect((await all()).length).toBe(before);
  });

  it('a reply to a shared reflection notifies its author once; a private reflection never notifies anyone', async () => {
    const shared = await as.tam.collection('reflections').create({ user: people.tam.id, course: COURSE, module: '', prompt: 'free', title: 'Shared', body: 'SECRET-REFLECTION-WORDS', shared: true });
    const secret = await as.tam.collection('reflections').create({ user: people.tam.id, course: COURSE, module: '', prompt: 'free', title: 'Private', body: 'SECRET-PRIVATE-WORDS', shared: false });
    const before = (await all()).length;

    const reply = await as.tess.collection('reflection_comments').create({ reflection: shared.id, author: people.tess.id, body: 'SECRET-REPLY-WORDS' });
    const afterReply = await all();
    expect(afterReply.length).toBe(before + 1);
    expect(afterReply.at(-1)).toMatchObject({ user: people.tam.id, kind: 'reply', link: `/reflections/${shared.id}`, subject: reply.id });

    expect(await refused(as.tess.collection('reflection_comments').create({ reflection: secret.id, author: people.tess.id, body: 'Hello' }))).toBe(400);
    const afterPrivate = await all();
    expect(afterPrivate.length).toBe(before + 1);
    expect(afterPrivate.some((n) => n.link.includes(secret.id))).toBe(false);
    noWords(afterPrivate);
  });

  it('a certificate issued notifies its holder once', async () => {
    const before = (await all()).length;
    const certificate = await service.collection('certificates').create({
      code: 'ABCDEFGH23456789',
      kind: 'full',
      user: people.tam.id,
      course: COURSE,
      course_version: 'abc123abc123',
      snapshot: { code: 'ABCDEFGH23456789' },
      snapshot_digest: 'a'.repeat(64),
      credential: { id: 'test' },
      issued_at: new Date().toISOString(),
    });
    const after = await all();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({ user: people.tam.id, kind: 'certificate', link: '/certificates/ABCDEFGH23456789', subject: certificate.id });
  });

  it('only the recipient can list or view a notification; another trainee and a trainer get nothing', async () => {
    const tams = (await all()).filter((n) => n.user === people.tam.id);
    expect(tams.length).toBeGreaterThanOrEqual(3);
    expect((await as.tam.collection('notifications').getFullList()).map((n) => n.id).sort()).toEqual(tams.map((n) => n.id).sort());
    for (const who of ['kit', 'tess', 'ash', 'ida'] as const) {
      const seen = await as[who].collection('notifications').getFullList();
      expect(seen.every((n) => n.user === people[who].id)).toBe(true);
      expect(seen.some((n) => n.user === people.tam.id)).toBe(false);
      expect(await refused(as[who].collection('notifications').getOne(tams[0]!.id))).toBe(404);
      // A guess at the filter finds nothing either.
      expect((await as[who].collection('notifications').getList(1, 50, { filter: as[who].filter('user = {:u}', { u: people.tam.id }) })).totalItems).toBe(0);
    }
    const guest = (await clientAs(pb.url, people.kit.email, PASSWORD)) as TypedPocketBase;
    guest.authStore.clear();
    expect((await guest.collection('notifications').getList(1, 50)).totalItems).toBe(0);
  });

  it('the recipient marks one read, only read_at; nobody else can, and nobody creates or deletes them', async () => {
    const [first] = (await all()).filter((n) => n.user === people.tam.id);
    expect(await refused(as.kit.collection('notifications').update(first!.id, { read_at: new Date().toISOString() }))).toBe(404);
    await expect(markRead(as.kit, first!.id)).rejects.toMatchObject({ kind: 'not-found' });
    expect((await service.collection('notifications').getOne(first!.id)).read_at).toBe('');
    for (const body of [{ kind: 'reply' }, { link: '/elsewhere' }, { user: people.kit.id }, { emailed_at: new Date().toISOString() }, { subject: 'x' }]) {
      expect(await refused(as.tam.collection('notifications').update(first!.id, body))).toBe(404);
    }
    expect(await refused(as.tam.collection('notifications').create({ user: people.tam.id, kind: 'reply', link: '/dashboard', subject: 'x' }))).toBe(403);
    expect(await refused(as.tam.collection('notifications').delete(first!.id))).toBe(403);

    await markRead(as.tam, first!.id);
    expect((await service.collection('notifications').getOne(first!.id)).read_at).not.toBe('');
  });

  it('opening the linked page marks its notifications read; "mark all" marks the rest', async () => {
    const unreadOf = async () => (await all()).filter((n) => n.user === people.tam.id && !n.read_at);
    const reply = (await unreadOf()).find((n) => n.kind === 'reply')!;
    expect(await markOpened(as.tam, people.tam.id, reply.link)).toBe(1);
    expect((await unreadOf()).some((n) => n.id === reply.id)).toBe(false);
    expect((await unreadOf()).length).toBeGreaterThan(0);
    // Someone else opening the same path marks nothing of Tam's.
    expect(await markOpened(as.kit, people.kit.id, reply.link)).toBe(0);
    await markAllRead(as.tam, people.tam.id);
    expect(await unreadOf()).toEqual([]);
  });

  it("staff counts are scoped: an assessor sees their groups' queues only, a trainer replies, an IQA samples", async () => {
    const waitingFor = async (who: Who) => {
      const cohorts = await listMyCohorts(as[who], people[who].id);
      return loadStaffWaiting(as[who], async () => service, people[who].id, cohorts, (slug) => (slug === COURSE ? course : undefined));
    };
    const countsOf = async (who: Who) => Object.fromEntries((await waitingFor(who)).map((g) => [g.cohort.name, { toDecide: g.toDecide, returned: g.returned, samples: g.samples, replies: g.replies }]));

    const ashBefore = (await countsOf('ash'))['Group A']!;
    await evidence('kit', REFLECTIVE);
    const ashAfter = await countsOf('ash');
    expect(Object.keys(ashAfter)).toEqual(['Group A']);
    expect(ashAfter['Group A']!.toDecide).toBe(ashBefore.toDecide + 1);
    expect(ashAfter['Group A']!.samples).toBe(0);

    // Bo assesses group B only: Bea's evidence, never group A's.
    const bo = await countsOf('bo');
    expect(Object.keys(bo)).toEqual(['Group B']);
    expect(bo['Group B']!.toDecide).toBe(1);

    // Tess, the trainer: Tam's shared reflection was replied to; a new one waits.
    expect((await countsOf('tess'))['Group A']!.replies).toBe(0);
    await as.kit.collection('reflections').create({ user: people.kit.id, course: COURSE, module: '', prompt: 'free', title: 'Kit shares', body: 'Words', shared: true });
    await as.kit.collection('reflections').create({ user: people.kit.id, course: COURSE, module: '', prompt: 'free', title: 'Kit keeps', body: 'Words', shared: false });
    expect((await countsOf('tess'))['Group A']).toEqual({ toDecide: 0, returned: 0, samples: 0, replies: 1 });

    // Ida, the IQA: a plan draws two decisions; both wait for her verdict.
    const decisions = await as.ida.collection('decisions').getFullList({ filter: as.ida.filter('course = {:c}', { c: COURSE }) });
    const inA = decisions.filter((d) => d.user === people.tam.id || d.user === people.kit.id).map((d) => d.id);
    expect(inA.length).toBe(2);
    expect((await countsOf('ida'))['Group A']!.samples).toBe(0);
    await createPlan(as.ida, { cohort: cohortA, createdBy: people.ida.id, rule: { method: 'random', percent: 100 }, decisions: inA });
    expect((await countsOf('ida'))['Group A']).toEqual({ toDecide: 0, returned: 0, samples: 2, replies: 0 });
    // A disagreement sends the decision back: the assessor sees it returned, the IQA one sample fewer.
    const toDecideBefore = (await countsOf('ash'))['Group A']!.toDecide;
    await recordVerdict(as.ida, { cohort: cohortA, iqa: people.ida.id, decision: inA[0]!, verdict: 'disagree', rationale: 'The feedback does not say what was missing.' });
    expect((await countsOf('ash'))['Group A']).toMatchObject({ toDecide: toDecideBefore, returned: 1 });
    expect((await countsOf('ida'))['Group A']!.samples).toBe(1);
    // A verdict is staff business: it notifies no trainee.
    expect((await all()).filter((n) => n.subject === inA[0]).length).toBe(1);
    // Trainees are staff of nothing.
    expect(await waitingFor('tam')).toEqual([]);
  });
});
