/**
 * src/lib/reflections/reflections-store.ts against the real PocketBase (with the repository's
 * migrations and pb_hooks/reflections.pb.js), always as the person themself: saving, updating
 * with a version, a stale version keeping both texts, double submits, empty saves, sharing,
 * the history, and privacy (nobody but the author reads a private reflection).
 */
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { DomainError } from '../../src/lib/errors.ts';
import { createClient, type TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { handleSave } from '../../src/lib/reflections/save-request.ts';
import {
  getMyReflection,
  getVersion,
  hasCohort,
  listModuleReflections,
  listMyReflections,
  listVersions,
  saveReflection,
  setShared,
} from '../../src/lib/reflections/reflections-store.ts';
import type { SaveForm } from '../../src/lib/reflections/schema.ts';
import { clientAs, createUser, serviceClient, type TestUser } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'tiny-course';
const { courses } = loadCourses(path.resolve('tests/fixtures/courses/tiny'));
const lookup = (slug: string) => courses.find((c) => c.slug === slug);

function input(fields: Partial<SaveForm>): SaveForm {
  return { id: '', version: undefined, course: COURSE, module: 'first', prompt: 'p1', body: '', from: 'module', ...fields };
}

async function kindOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.kind;
    throw error;
  }
}

describe('reflections store', () => {
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
    // Ash is in Tam's cohort for the tiny course; Bo is enrolled with no cohort.
    const cohort = await service.collection('cohorts').create({ name: 'Spring group', course: COURSE, code: 'SPRING', trainers: [tam.id] });
    await service.collection('enrolments').create({ user: ash.id, course: COURSE, cohort: cohort.id, status: 'active' });
    await service.collection('enrolments').create({ user: bo.id, course: COURSE, status: 'active' });
  });
  afterAll(async () => {
    await pb?.stop();
  });

  /** Ash's reflections for one prompt, oldest first, straight from PocketBase. */
  async function stored(module: string, prompt = 'p1') {
    return (await listModuleReflections(asAsh, ash.id, COURSE, module)).filter((r) => r.prompt === prompt);
  }

  it('creates a private reflection at version 1, then updates it with the version it was loaded at', async () => {
    const module = 'first';
    const created = await saveReflection(asAsh, ash.id, input({ module, body: 'First thoughts' }), lookup);
    expect(created.outcome).toBe('saved');
    expect(created.record).toMatchObject({ user: ash.id, course: COURSE, module, prompt: 'p1', body: 'First thoughts', shared: false, version: 1, title: '' });

    const updated = await saveReflection(asAsh, ash.id, input({ id: created.record!.id, version: 1, body: 'Second thoughts' }), lookup);
    expect(updated).toMatchObject({ outcome: 'saved', record: { id: created.record!.id, body: 'Second thoughts', version: 2 } });
    expect((await stored(module)).map((r) => r.body)).toEqual(['Second thoughts']);
  });

  it('keeps both texts when another tab saved first: the stored one stays, the incoming one becomes a titled copy', async () => {
    const module = 'second';
    const first = await saveReflection(asAsh, ash.id, input({ module, body: 'Tab A, first' }), lookup);
    const id = first.record!.id;
    // Tab A saves again (version 1 → 2); tab B still has version 1.
    await saveReflection(asAsh, ash.id, input({ module, id, version: 1, body: 'Tab A, second' }), lookup);
    const now = new Date('2026-03-12T14:02:00Z');
    const fromB = await saveReflection(asAsh, ash.id, input({ module, id, version: 1, body: 'Tab B text' }), lookup, now);

    expect(fromB.outcome).toBe('kept-both');
    expect(fromB.original).toMatchObject({ id, body: 'Tab A, second', version: 2 });
    expect(fromB.record).toMatchObject({ body: 'Tab B text', prompt: 'p1', module, shared: false, version: 1, title: 'Copy saved from another tab on 12 March 2026 at 14:02' });
    expect((await stored(module)).map((r) => r.body)).toEqual(['Tab A, second', 'Tab B text']);

    // Tab B carries on in its copy; tab B sending the same stale save again adds nothing.
    const again = await saveReflection(asAsh, ash.id, input({ module, id, version: 1, body: 'Tab B text' }), lookup);
    expect(again).toMatchObject({ outcome: 'unchanged', record: { id: fromB.record!.id } });
    expect(await stored(module)).toHaveLength(2);
    await asAsh.collection('reflections').delete(fromB.record!.id);
    await asAsh.collection('reflections').delete(id);
  });

  it('makes a double-submitted form harmless: an update, a stale resend and a new reflection sent twice', async () => {
    const module = 'first';
    const existing = (await stored(module))[0]!;
    const first = await saveReflection(asAsh, ash.id, input({ module, id: existing.id, version: existing.version, body: 'Sent twice' }), lookup);
    const second = await saveReflection(asAsh, ash.id, input({ module, id: existing.id, version: existing.version, body: 'Sent twice' }), lookup);
    expect(first.outcome).toBe('saved');
    expect(second).toMatchObject({ outcome: 'unchanged', record: { id: existing.id, body: 'Sent twice' } });

    // A brand-new reflection, posted twice at the same moment: one reflection.
    const both = await Promise.all([
      saveReflection(asAsh, ash.id, input({ module: 'second', body: 'Twice at once' }), lookup),
      saveReflection(asAsh, ash.id, input({ module: 'second', body: 'Twice at once' }), lookup),
    ]);
    expect(both.map((r) => r.outcome).sort()).toEqual(['saved', 'unchanged']);
    expect((await stored('second')).map((r) => r.body)).toEqual(['Twice at once']);

    // A new-reflection form for a prompt another tab has filled meanwhile, with other text: kept beside it.
    const late = await saveReflection(asAsh, ash.id, input({ module: 'second', body: 'Written in a tab opened earlier' }), lookup);
    expect(late.outcome).toBe('kept-both');
    expect((await stored('second')).map((r) => r.body)).toEqual(['Twice at once', 'Written in a tab opened earlier']);
  });

  it('treats an empty save as "nothing to save": the earlier text stays and no history is written', async () => {
    const existing = (await stored('first'))[0]!;
    const result = await saveReflection(asAsh, ash.id, input({ id: existing.id, version: existing.version, body: '  \n ' }), lookup);
    expect(result).toMatchObject({ outcome: 'empty', record: { id: existing.id, body: existing.body, version: existing.version } });
    const fresh = await saveReflection(asAsh, ash.id, input({ module: 'first', prompt: 'p1', body: '' }), lookup);
    expect(fresh).toEqual({ outcome: 'empty', record: undefined });
    expect((await getMyReflection(asAsh, ash.id, existing.id)).version).toBe(existing.version);
  });

  it('refuses unknown courses, modules and prompts for a new reflection', async () => {
    expect(await kindOf(saveReflection(asAsh, ash.id, input({ course: 'no-such-course', body: 'x' }), lookup))).toBe('not-found');
    expect(await kindOf(saveReflection(asAsh, ash.id, input({ module: 'nope', body: 'x' }), lookup))).toBe('not-found');
    expect(await kindOf(saveReflection(asAsh, ash.id, input({ prompt: 'p7', body: 'x' }), lookup))).toBe('not-found');
  });

  it('saves free reflections with a title (or the date), each its own reflection', async () => {
    const one = await saveReflection(asAsh, ash.id, input({ module: '', prompt: 'free', title: 'After the group', body: 'Free one', from: 'reflection' }), lookup);
    const two = await saveReflection(
      asAsh,
      ash.id,
      input({ module: '', prompt: 'free', title: '', body: 'Free two', from: 'reflection' }),
      lookup,
      new Date('2026-03-12T10:00:00Z'),
    );
    expect(one.record).toMatchObject({ module: '', prompt: 'free', title: 'After the group' });
    expect(two.record).toMatchObject({ title: 'Reflection of 12 March 2026' });
    const renamed = await saveReflection(asAsh, ash.id, input({ id: one.record!.id, version: 1, module: '', prompt: 'free', title: 'Renamed', body: 'Free one, longer' }), lookup);
    expect(renamed.record).toMatchObject({ title: 'Renamed', version: 2 });
  });

  it('shares and stops sharing, changing only `shared` and `shared_at`; doing it twice is harmless', async () => {
    const before = (await stored('first'))[0]!;
    const at = new Date('2026-03-12T09:00:00Z');
    const shared = await setShared(asAsh, ash.id, before.id, true, at);
    expect(shared).toMatchObject({ shared: true, body: before.body, version: before.version, title: before.title });
    expect(shared.shared_at).toBe('2026-03-12 09:00:00.000Z');
    const twice = await setShared(asAsh, ash.id, before.id, true, new Date('2026-04-01T09:00:00Z'));
    expect(twice.shared_at).toBe('2026-03-12 09:00:00.000Z');

    // The trainer of Ash's cohort can read it now, through PocketBase's rules…
    expect((await asTam.collection('reflections').getOne(before.id)).body).toBe(before.body);
    // …but the author's pages are the author's: not found for the trainer.
    expect(await kindOf(getMyReflection(asTam, tam.id, before.id))).toBe('not-found');
    expect(await kindOf(listVersions(asTam, tam.id, before.id))).toBe('not-found');

    const unshared = await setShared(asAsh, ash.id, before.id, false);
    expect(unshared).toMatchObject({ shared: false, shared_at: '', body: before.body, version: before.version });
    await expect(asTam.collection('reflections').getOne(before.id)).rejects.toMatchObject({ status: 404 });
  });

  it('keeps every earlier text in the history, readable by the author only', async () => {
    const created = await saveReflection(asAsh, ash.id, input({ module: 'first', prompt: 'p1', body: 'v1 text' }), lookup);
    const id = created.record!.id;
    // (the prompt already has a reflection, so this one is a kept copy: it has a history of its own)
    expect(created.outcome).toBe('kept-both');
    await saveReflection(asAsh, ash.id, input({ id, version: 1, body: 'v2 text' }), lookup);
    await saveReflection(asAsh, ash.id, input({ id, version: 2, body: 'v3 text' }), lookup);

    const { versions } = await listVersions(asAsh, ash.id, id);
    expect(versions.map((v) => [v.version, v.body, v.current])).toEqual([
      [3, 'v3 text', true],
      [2, 'v2 text', false],
      [1, 'v1 text', false],
    ]);
    expect((await getVersion(asAsh, ash.id, id, 1)).version.body).toBe('v1 text');
    expect(await kindOf(getVersion(asAsh, ash.id, id, 9))).toBe('not-found');
    expect(await kindOf(getVersion(asBo, bo.id, id, 1))).toBe('not-found');
    expect(await asBo.collection('reflection_versions').getFullList()).toEqual([]);
  });

  it('never lets another trainee read, change, share or save over a private reflection', async () => {
    const mine = await saveReflection(asAsh, ash.id, input({ module: 'first', prompt: 'p1', body: 'Only for Ash' }), lookup);
    const id = mine.record!.id;
    await setShared(asAsh, ash.id, id, false);

    expect(await kindOf(getMyReflection(asBo, bo.id, id))).toBe('not-found');
    expect(await kindOf(listVersions(asBo, bo.id, id))).toBe('not-found');
    expect(await kindOf(setShared(asBo, bo.id, id, true))).toBe('not-found');
    // Bo posts a form carrying Ash's reflection id: refused, and Ash's text is untouched.
    const stolen = await kindOf(saveReflection(asBo, bo.id, input({ id, version: 1, body: 'Bo was here' }), lookup));
    expect(stolen).toBe('not-found');
    expect((await getMyReflection(asAsh, ash.id, id)).body).toBe('Only for Ash');

    const bosList = await listMyReflections(asBo, bo.id);
    expect(bosList.map((r) => r.body)).not.toContain('Only for Ash');
    expect(await asBo.collection('reflections').getFullList()).toEqual([]);
    // Even shared, a reflection is only for the trainers of the author's cohort.
    await setShared(asAsh, ash.id, id, true);
    expect(await asBo.collection('reflections').getFullList()).toEqual([]);
    expect((await listMyReflections(asTam, tam.id)).map((r) => r.body)).not.toContain('Only for Ash');
  });

  it('knows whether sharing reaches a trainer', async () => {
    expect(await hasCohort(asAsh, ash.id, COURSE)).toBe(true);
    expect(await hasCohort(asBo, bo.id, COURSE)).toBe(false);
  });

  describe('POST /reflections (the request handler)', () => {
    const body = (fields: Record<string, string>) => new URLSearchParams({ id: '', version: '', course: COURSE, module: 'first', prompt: 'p1', from: 'module', ...fields });
    const post = (fields: Record<string, string>, json = false) =>
      new Request('http://site.test/reflections', {
        method: 'POST',
        body: body(fields),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(json ? { Accept: 'application/json' } : {}) },
      });
    const asUser = (u: TestUser) => ({ id: u.id }) as UserRecord;

    it('saves as the person from the session, and sends a plain form back to the prompt', async () => {
      const bo1 = { body: 'Bo’s first words', module: 'second' };
      const answer = await handleSave({ request: post(bo1), pb: asBo, user: asUser(bo), serviceUnavailable: false, lookup });
      expect(answer).toEqual({ kind: 'redirect', location: '/courses/tiny-course/second?reflection=saved&prompt=p1#reflection-p1' });
      const json = await handleSave({ request: post(bo1, true), pb: asBo, user: asUser(bo), serviceUnavailable: false, lookup });
      expect(json).toMatchObject({ kind: 'json', status: 200, body: { outcome: 'unchanged', version: 1 } });
      const free = { body: 'Free words', module: '', prompt: 'free', title: 'Mine', from: 'reflection' };
      const freeAnswer = await handleSave({ request: post(free), pb: asBo, user: asUser(bo), serviceUnavailable: false, lookup });
      expect(freeAnswer.kind === 'redirect' && freeAnswer.location).toMatch(/^\/reflections\/[a-z0-9]{15}\?reflection=saved#editor$/);
      expect((await listMyReflections(asBo, bo.id)).map((r) => [r.user, r.body])).toEqual([
        [bo.id, 'Bo’s first words'],
        [bo.id, 'Free words'],
      ]);
    });

    it('answers 503 when PocketBase is down, showing the form again with every word', async () => {
      const down = createClient('http://127.0.0.1:9');
      const form = await handleSave({ request: post({ body: 'Words while the service is down' }), pb: down, user: asUser(ash), serviceUnavailable: false, lookup });
      expect(form).toMatchObject({ kind: 'form', status: 503, again: { form: { body: 'Words while the service is down' }, error: { field: undefined } } });
      expect(form.kind === 'form' && form.again.error.message).toBe(
        'We could not save your reflection just now, because the service is unavailable. Your words are in the box below. Please press save again in a minute.',
      );
      const json = await handleSave({ request: post({ body: 'x' }, true), pb: down, user: asUser(ash), serviceUnavailable: false, lookup });
      expect(json).toMatchObject({ kind: 'json', status: 503 });
      // The middleware found PocketBase down before the page ran: the same 503, words kept.
      const early = await handleSave({ request: post({ body: 'Early words' }), pb: down, user: null, serviceUnavailable: true, lookup });
      expect(early).toMatchObject({ kind: 'form', status: 503, again: { form: { body: 'Early words' } } });
    });

    it('answers 401 when signed out, keeping the words; 400 with the message by the box when too long', async () => {
      const signedOut = await handleSave({ request: post({ body: 'Mine' }), pb: createClient(pb.url), user: null, serviceUnavailable: false, lookup });
      expect(signedOut).toMatchObject({ kind: 'form', status: 401, again: { form: { body: 'Mine' } } });
      const long = 'z'.repeat(50_001);
      const tooLong = await handleSave({ request: post({ body: long }), pb: asAsh, user: asUser(ash), serviceUnavailable: false, lookup });
      expect(tooLong).toMatchObject({ kind: 'form', status: 400, again: { form: { body: long }, error: { field: 'body' } } });
    });

    it('takes the person from the session, never from the form', async () => {
      // Bo's session with Ash's id in the form: the form is refused as not ours.
      const tampered = await handleSave({ request: post({ body: 'x', user: ash.id }, true), pb: asBo, user: asUser(bo), serviceUnavailable: false, lookup });
      expect(tampered).toMatchObject({ kind: 'json', status: 400 });
      // A session whose id does not match its token cannot write as someone else either.
      const mismatched = await handleSave({ request: post({ body: 'as Ash?', prompt: 'p1', module: 'second' }, true), pb: asBo, user: asUser(ash), serviceUnavailable: false, lookup });
      expect(mismatched.kind === 'json' && mismatched.status).toBeGreaterThanOrEqual(400);
      expect((await listMyReflections(asAsh, ash.id)).map((r) => r.body)).not.toContain('as Ash?');
    });
  });
});
