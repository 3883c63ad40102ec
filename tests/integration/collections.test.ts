/**
 * The collections of docs/DATA-MODEL.md as the migrations build them: timestamps on every
 * collection, length limits, "one per …" unique indexes, and which relations cascade.
 * (Who may do what is in rules.test.ts; reflection versions in reflection-history.test.ts.)
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError, type CollectionModel } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const COLLECTIONS = [
  'cohorts',
  'enrolments',
  'progress',
  'reflections',
  'reflection_versions',
  'quiz_attempts',
  'module_feedback',
  'password_resets',
] as const;

describe('collections', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  let trainee: TestUser;
  const schema: Record<string, CollectionModel> = {};

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    for (const name of [...COLLECTIONS, 'users']) schema[name] = await service.collections.getOne(name);
    trainee = await createUser(service, { email: 'pat@example.org', password: 'correct-horse-battery', display_name: 'Pat' });
  });
  afterAll(async () => {
    await pb?.stop();
  });

  const field = (collection: string, name: string) => schema[collection]!.fields.find((f) => f.name === name);

  it.each(COLLECTIONS)('%s has `created` and `updated` timestamps', (collection) => {
    expect(field(collection, 'created')).toMatchObject({ type: 'autodate', onCreate: true, onUpdate: false });
    expect(field(collection, 'updated')).toMatchObject({ type: 'autodate', onCreate: true, onUpdate: true });
  });

  it('batches are on, and get 30 seconds: a slow batch on a busy machine is not refused as if not allowed', async () => {
    const settings = (await service.settings.getAll()) as { batch: { enabled: boolean; timeout: number; maxRequests: number } };
    expect(settings.batch).toMatchObject({ enabled: true, timeout: 30, maxRequests: 300 });
  });

  it('users have pronouns and the three reading preferences', () => {
    expect(field('users', 'pronouns')).toMatchObject({ type: 'text', max: 40 });
    for (const name of ['pref_large_text', 'pref_reduced_motion', 'pref_dyslexia_spacing']) {
      expect(field('users', name), name).toMatchObject({ type: 'bool' });
    }
  });

  it('keeps the length limits of the data model', () => {
    expect(field('reflections', 'body')).toMatchObject({ type: 'text', max: 50_000 });
    expect(field('reflections', 'title')).toMatchObject({ type: 'text', max: 200 });
    expect(field('reflection_versions', 'body')).toMatchObject({ type: 'text', max: 50_000 });
    expect(field('module_feedback', 'hard_to_read')).toMatchObject({ type: 'text', max: 2_000 });
    expect(field('module_feedback', 'change')).toMatchObject({ type: 'text', max: 2_000 });
  });

  it('deletes a reflection’s versions with it, and nothing else cascades', () => {
    const relations = COLLECTIONS.flatMap((collection) =>
      schema[collection]!.fields.filter((f) => f.type === 'relation').map((f) => ({ at: `${collection}.${f.name}`, cascade: f['cascadeDelete'] })),
    );
    expect(relations.filter((r) => r.cascade).map((r) => r.at)).toEqual(['reflection_versions.reflection']);
    expect(relations.length).toBeGreaterThanOrEqual(10);
  });

  async function statusOf(request: Promise<unknown>): Promise<number> {
    try {
      await request;
      return 200;
    } catch (error) {
      if (error instanceof ClientResponseError) return error.status;
      throw error;
    }
  }

  it.each([
    ['enrolments', { course: 'c1', status: 'active' }],
    ['progress', { course: 'c1', module: 'm1', status: 'started' }],
    ['module_feedback', { course: 'c1', module: 'm1', useful: 'yes' }],
  ])('%s allows only one row per person and course (and module)', async (collection, row) => {
    const data = { user: trainee.id, ...row };
    expect(await statusOf(service.collection(collection).create(data))).toBe(200);
    expect(await statusOf(service.collection(collection).create(data))).toBe(400);
  });

  it('cohort codes are unique, but many cohorts may have none', async () => {
    const cohort = (name: string, code: string) => service.collection('cohorts').create({ name, course: 'c1', code });
    expect(await statusOf(cohort('A', 'JOIN-1'))).toBe(200);
    expect(await statusOf(cohort('B', 'JOIN-1'))).toBe(400);
    expect(await statusOf(cohort('C', ''))).toBe(200);
    expect(await statusOf(cohort('D', ''))).toBe(200);
  });
});
