/**
 * pb_hooks/reflections.pb.js against the real PocketBase: every change of a reflection's
 * text keeps the previous one, a save based on an old version is refused with 409 and
 * changes nothing, and the version number is the server's alone.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAs, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'listening-skills';

describe('reflection history', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  let author: TestUser;
  let asAuthor: PocketBase;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    author = await createUser(service, { email: 'ash@example.org', password: PASSWORD, display_name: 'Ash', roles: ['trainee'] });
    asAuthor = await clientAs(pb.url, author.email, PASSWORD);
  });
  afterAll(async () => {
    await pb?.stop();
  });

  async function newReflection(body: string, extra: Record<string, unknown> = {}): Promise<string> {
    const record = await asAuthor
      .collection('reflections')
      .create({ user: author.id, course: COURSE, module: '01-welcome', prompt: 'p1', body, ...extra });
    return record.id;
  }

  async function history(reflection: string): Promise<Array<{ version: number; body: string }>> {
    const rows = await asAuthor
      .collection('reflection_versions')
      .getFullList({ filter: asAuthor.filter('reflection = {:reflection}', { reflection }), sort: 'version' });
    return rows.map((row) => ({ version: row['version'] as number, body: row['body'] as string }));
  }

  /** The error a request failed with, or undefined if it succeeded. */
  async function failureOf(request: Promise<unknown>): Promise<ClientResponseError | undefined> {
    try {
      await request;
      return undefined;
    } catch (error) {
      if (error instanceof ClientResponseError) return error;
      throw error;
    }
  }

  it('starts every reflection at version 1, whatever the client sends', async () => {
    const id = await newReflection('First thoughts', { version: 41 });
    expect((await asAuthor.collection('reflections').getOne(id))['version']).toBe(1);
    expect(await history(id)).toEqual([]);
  });

  it('keeps each replaced text, numbered, and counts up by one per change', async () => {
    const id = await newReflection('one');
    await asAuthor.collection('reflections').update(id, { body: 'two', version: 1 });
    const third = await asAuthor.collection('reflections').update(id, { body: 'three', version: 2 });

    expect(third['version']).toBe(3);
    expect(third['body']).toBe('three');
    expect(await history(id)).toEqual([
      { version: 1, body: 'one' },
      { version: 2, body: 'two' },
    ]);
  });

  it('versions a change made without `version` too (e.g. a raw API call)', async () => {
    const id = await newReflection('before');
    const updated = await asAuthor.collection('reflections').update(id, { body: 'after' });
    expect(updated['version']).toBe(2);
    expect(await history(id)).toEqual([{ version: 1, body: 'before' }]);
  });

  it('keeps the version when the text does not change', async () => {
    const id = await newReflection('same');
    const updated = await asAuthor.collection('reflections').update(id, { shared: true, version: 1 });
    expect(updated['version']).toBe(1);
    expect(updated['shared']).toBe(true);
    expect(await history(id)).toEqual([]);
  });

  it('refuses a save based on an older version with 409, leaving the stored text alone', async () => {
    const id = await newReflection('tab one');
    await asAuthor.collection('reflections').update(id, { body: 'tab one, later', version: 1 });

    const error = await failureOf(asAuthor.collection('reflections').update(id, { body: 'tab two', version: 1 }));
    expect(error?.status).toBe(409);
    expect(error?.message).toBe('This reflection was changed somewhere else (version 2); your text was not saved over it.');
    expect(error?.response['data']).toEqual({
      version: { code: 'version_conflict', message: 'The stored version is 2.' },
    });

    const stored = await asAuthor.collection('reflections').getOne(id);
    expect(stored['body']).toBe('tab one, later');
    expect(stored['version']).toBe(2);
    expect(await history(id)).toEqual([{ version: 1, body: 'tab one' }]);
  });

  it('refuses a version from the future too: it cannot be forged upward', async () => {
    const id = await newReflection('draft');
    const error = await failureOf(asAuthor.collection('reflections').update(id, { body: 'skip ahead', version: 99 }));
    expect(error?.status).toBe(409);

    const stored = await asAuthor.collection('reflections').getOne(id);
    expect(stored).toMatchObject({ body: 'draft', version: 1 });
  });

  it('ignores a `version` sent by the service account unless it is stale, and still counts by one', async () => {
    const id = await newReflection('v1');
    const updated = await service.collection('reflections').update(id, { body: 'v2 by service' });
    expect(updated['version']).toBe(2);
    const stale = await failureOf(service.collection('reflections').update(id, { body: 'v3', version: 1 }));
    expect(stale?.status).toBe(409);
  });

  // The race between reading the stored version and writing the new one is narrow, so it is
  // run for several rounds; a hook without its transaction fails this within a few.
  it('lets exactly one of 20 simultaneous saves from the same version through; the rest get 409', async () => {
    const id = await newReflection('text 1');
    for (let base = 1; base <= 3; base++) {
      const saves = Array.from({ length: 20 }, (_, n) =>
        failureOf(asAuthor.collection('reflections').update(id, { body: `round ${base}, attempt ${n}`, version: base })),
      );
      const outcomes = await Promise.all(saves);

      expect(outcomes.filter((error) => error === undefined), `round ${base}`).toHaveLength(1);
      expect(outcomes.filter((error) => error?.status === 409), `round ${base}`).toHaveLength(19);
      const stored = await asAuthor.collection('reflections').getOne(id);
      expect(stored['version']).toBe(base + 1);
      expect(stored['body']).toMatch(new RegExp(`^round ${base}, attempt \\d+$`));
    }

    const kept = await history(id);
    expect(kept.map((row) => row.version)).toEqual([1, 2, 3]);
    expect(kept[0]?.body).toBe('text 1');
  });

  it('gives 20 simultaneous saves without `version` one version each, with every text kept', async () => {
    const id = await newReflection('start');
    const saves = Array.from({ length: 20 }, (_, n) => asAuthor.collection('reflections').update(id, { body: `save ${n}` }));
    await Promise.all(saves);

    const stored = await asAuthor.collection('reflections').getOne(id);
    expect(stored['version']).toBe(21);
    const kept = await history(id);
    expect(kept.map((row) => row.version)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
    // Each replaced text is the one saved just before it: nothing was lost in the rush.
    const texts = [...kept.map((row) => row.body), stored['body']];
    expect(texts[0]).toBe('start');
    expect(new Set(texts.slice(1))).toEqual(new Set(Array.from({ length: 20 }, (_, n) => `save ${n}`)));
  });

  it('never lets a save that does not send `body` put back an older text', async () => {
    const id = await newReflection('start');
    const saves = Array.from({ length: 20 }, (_, n) =>
      n % 2 === 0
        ? asAuthor.collection('reflections').update(id, { body: `text ${n}` })
        : asAuthor.collection('reflections').update(id, { title: `title ${n}` }),
    );
    await Promise.all(saves);

    // Only the 10 body changes made versions, and no text was written twice.
    const stored = await asAuthor.collection('reflections').getOne(id);
    const kept = await history(id);
    expect(stored['version']).toBe(11);
    expect(kept.map((row) => row.version)).toEqual(Array.from({ length: 10 }, (_, n) => n + 1));
    const texts = [...kept.map((row) => row.body), stored['body']];
    expect(new Set(texts).size).toBe(11);
  });

  it('still rejects an invalid save with 400, and writes no history for it', async () => {
    const id = await newReflection('short');
    const error = await failureOf(asAuthor.collection('reflections').update(id, { body: 'x'.repeat(50_001), version: 1 }));
    expect(error?.status).toBe(400);
    expect(error?.response['data']).toHaveProperty('body');
    expect(await history(id)).toEqual([]);
    expect((await asAuthor.collection('reflections').getOne(id))['version']).toBe(1);
  });

  it('deletes the history with its reflection', async () => {
    const id = await newReflection('to be deleted');
    await asAuthor.collection('reflections').update(id, { body: 'changed' });
    await asAuthor.collection('reflections').delete(id);
    const left = await service
      .collection('reflection_versions')
      .getFullList({ filter: service.filter('reflection = {:id}', { id }) });
    expect(left).toEqual([]);
  });
});
