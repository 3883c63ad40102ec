/**
 * Deleting a reflection against the real PocketBase (the repository's migrations and hooks),
 * as the web server does it: src/lib/reflections/deletion-store.ts with the person's own
 * client. The author deletes, and its versions and trainers' replies go with it (cascade);
 * nobody else can delete it, through the store or the raw API; a reflection linked as
 * evidence stays, whoever asks.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/lib/errors.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { ReflectionRecord } from '../../src/lib/records.ts';
import { deleteMyReflection, getDeletionPlan } from '../../src/lib/reflections/deletion-store.ts';
import { clientAs, createCohort, createUser, enrol, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'tiny-course';

/** The HTTP status a request failed with; fails the test if it succeeded. */
async function statusOfFailure(request: Promise<unknown>): Promise<number> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ClientResponseError) return error.status;
    throw error;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

describe('deleting a reflection', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  let ash: TestUser;
  let bo: TestUser;
  let tam: TestUser;
  let asAsh: TypedPocketBase;
  let asBo: TypedPocketBase;
  let asTam: TypedPocketBase;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    ash = await createUser(service, { email: 'ash@example.org', password: PASSWORD, display_name: 'Ash', roles: ['trainee'] });
    bo = await createUser(service, { email: 'bo@example.org', password: PASSWORD, display_name: 'Bo', roles: ['trainee'] });
    tam = await createUser(service, { email: 'tam@example.org', password: PASSWORD, display_name: 'Tam', roles: ['trainer'] });
    asAsh = (await clientAs(pb.url, ash.email, PASSWORD)) as TypedPocketBase;
    asBo = (await clientAs(pb.url, bo.email, PASSWORD)) as TypedPocketBase;
    asTam = (await clientAs(pb.url, tam.email, PASSWORD)) as TypedPocketBase;
    // Ash and Bo are in Tam's cohort for the course.
    const cohort = await createCohort(service, { name: 'Spring group', course: COURSE, trainers: [tam.id] });
    await enrol(service, ash, COURSE, cohort);
    await enrol(service, bo, COURSE, cohort);
  });
  afterAll(async () => {
    await pb?.stop();
  });

  /** A reflection of Ash's, saved `edits` more times (each keeps a version), shared or not, with `replies` from Tam. */
  async function reflection({ edits = 0, shared = false, replies = 0, prompt = 'p1' } = {}): Promise<ReflectionRecord> {
    let record = await asAsh.collection('reflections').create({ user: ash.id, course: COURSE, module: 'first', prompt, body: 'First words', shared });
    for (let i = 1; i <= edits; i++) record = await asAsh.collection('reflections').update(record.id, { body: `Words, edit ${i}` });
    for (let i = 1; i <= replies; i++) await asTam.collection('reflection_comments').create({ reflection: record.id, author: tam.id, body: `Thank you (${i})` });
    return record;
  }

  /** What is left of a reflection in PocketBase, seen by the service account (which sees everything). */
  async function leftOf(id: string) {
    const exists = await service
      .collection('reflections')
      .getOne(id)
      .then(() => true)
      .catch((error: ClientResponseError) => {
        if (error.status === 404) return false;
        throw error;
      });
    const filter = service.filter('reflection = {:id}', { id });
    const versions = (await service.collection('reflection_versions').getFullList({ filter })).length;
    const comments = (await service.collection('reflection_comments').getFullList({ filter })).length;
    return { exists, versions, comments };
  }

  it('the author deletes it; its earlier versions and the trainers’ replies go with it, and nothing else', async () => {
    const keep = await reflection({ edits: 1, shared: true, replies: 1, prompt: 'p2' });
    const record = await reflection({ edits: 2, shared: true, replies: 2 });
    expect(await leftOf(record.id)).toEqual({ exists: true, versions: 2, comments: 2 });

    const plan = await getDeletionPlan(asAsh, ash.id, record.id);
    expect(plan.decision).toEqual({ allowed: true, earlierVersions: 2, comments: 2, shared: true });

    const result = await deleteMyReflection(asAsh, ash.id, record.id);
    expect(result).toMatchObject({ outcome: 'deleted', record: { id: record.id, module: 'first', prompt: 'p1' } });
    expect(await leftOf(record.id)).toEqual({ exists: false, versions: 0, comments: 0 });
    // Another reflection, its history and its replies are untouched.
    expect(await leftOf(keep.id)).toEqual({ exists: true, versions: 1, comments: 1 });
  });

  it('a private reflection with no history: only the reflection goes', async () => {
    const record = await reflection();
    expect((await getDeletionPlan(asAsh, ash.id, record.id)).decision).toEqual({ allowed: true, earlierVersions: 0, comments: 0, shared: false });
    expect((await deleteMyReflection(asAsh, ash.id, record.id)).outcome).toBe('deleted');
    expect((await leftOf(record.id)).exists).toBe(false);
  });

  it('deleting twice (a double submit) is harmless: the second time it is already gone', async () => {
    const record = await reflection({ edits: 1 });
    const [first, second] = [await deleteMyReflection(asAsh, ash.id, record.id), await deleteMyReflection(asAsh, ash.id, record.id)];
    expect([first.outcome, second.outcome]).toEqual(['deleted', 'already-gone']);
    // And the confirmation page for it is the ordinary "not found".
    await expect(getDeletionPlan(asAsh, ash.id, record.id)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(getDeletionPlan(asAsh, ash.id, 'nosuchrecord123')).rejects.toBeInstanceOf(DomainError);
  });

  it('another trainee and the cohort’s trainer cannot delete it, through the web server’s store or the raw API', async () => {
    const record = await reflection({ edits: 1, shared: true, replies: 1 });
    for (const [who, as] of [[bo, asBo], [tam, asTam]] as const) {
      // The store treats it as not theirs: nothing to delete, and the page is "not found".
      expect(await deleteMyReflection(as, who.id, record.id)).toEqual({ outcome: 'already-gone' });
      await expect(getDeletionPlan(as, who.id, record.id)).rejects.toMatchObject({ kind: 'not-found' });
      // The raw API refuses too: the delete rule is the author only.
      expect([403, 404]).toContain(await statusOfFailure(as.collection('reflections').delete(record.id)));
      // A reply or a version cannot be deleted on its own, by anyone.
      const [comment] = await as.collection('reflection_comments').getFullList({ filter: as.filter('reflection = {:id}', { id: record.id }) });
      if (comment) expect([403, 404]).toContain(await statusOfFailure(as.collection('reflection_comments').delete(comment.id)));
    }
    expect(await leftOf(record.id)).toEqual({ exists: true, versions: 1, comments: 1 });
  });

  it('a reflection linked as evidence stays: the plan says why, the store refuses, and so does the raw API', async () => {
    const record = await reflection({ edits: 1, shared: true });
    await asAsh.collection('evidence').create({ user: ash.id, course: COURSE, criterion: 'U1/1.1', reflection: record.id });
    await asAsh.collection('evidence').create({ user: ash.id, course: COURSE, criterion: 'U1/1.2', reflection: record.id });

    expect((await getDeletionPlan(asAsh, ash.id, record.id)).decision).toEqual({ allowed: false, reason: 'evidence', course: COURSE, criteria: ['U1/1.1', 'U1/1.2'] });
    expect(await deleteMyReflection(asAsh, ash.id, record.id)).toMatchObject({
      outcome: 'refused',
      record: { id: record.id },
      decision: { allowed: false, criteria: ['U1/1.1', 'U1/1.2'] },
    });
    // pb_hooks/assessment.pb.js: without it PocketBase would delete the reflection and empty the evidence's link.
    expect(await statusOfFailure(asAsh.collection('reflections').delete(record.id))).toBe(400);
    expect(await leftOf(record.id)).toEqual({ exists: true, versions: 1, comments: 0 });
    const evidence = await service.collection('evidence').getFullList({ filter: service.filter('reflection = {:id}', { id: record.id }) });
    expect(evidence).toHaveLength(2);
  });
});
