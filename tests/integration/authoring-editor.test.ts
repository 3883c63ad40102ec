/**
 * The editor's server side against a real PocketBase and a temp copy of the tiny course:
 * a posted editor form saves a draft (problems or not), a stale save comes back as a conflict
 * with both versions and saves after merging, and module list changes go through the store
 * (files renumbered, retired and brought back, revisions recorded, ids kept).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCourseAuthor } from '../../src/lib/authoring/access.ts';
import { openEditor, postEditor } from '../../src/lib/authoring/editor.ts';
import { changeModules, courseOutline } from '../../src/lib/authoring/modules-store.ts';
import { listRevisions } from '../../src/lib/authoring/revisions-store.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { createUser, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const root = path.resolve(import.meta.dirname, '../..');
const SLUG = 'tiny-course';

/** The editor form as the page would post it for the file as it is now, with changes. */
function formFor(coursesDir: string, file: string, change: Record<string, string>): FormData {
  const view = openEditor(SLUG, file, coursesDir);
  const data = new FormData();
  const model = view.editor.model;
  if (model.mode !== 'form' || view.editor.kind !== 'module' || view.editor.model.mode !== 'form') throw new Error('expected the module form');
  const f = view.editor.model.form;
  data.set('mode', 'form');
  data.set('base_hash', view.baseHash);
  data.set('fm_title', f.title);
  data.set('fm_duration', f.duration);
  f.criteria.forEach((c) => data.append('fm_criteria', c));
  f.mapsTo.forEach((c) => data.append('fm_maps_to', c));
  f.reflectionPrompts.forEach((p) => data.append('fm_prompt', p));
  f.sources.forEach((p) => data.append('fm_source', p));
  data.set('fm_content_note', f.contentNote);
  data.set('kc_count', String(f.questions.length));
  f.questions.forEach((q, i) => {
    data.set(`q${i}_question`, q.question);
    data.set(`q${i}_type`, q.type);
    data.set(`q${i}_count`, String(q.options.length));
    q.options.forEach((o, j) => {
      data.set(`q${i}_o${j}_text`, o.text);
      if (o.correct) data.set(`q${i}_o${j}_correct`, 'yes');
      data.set(`q${i}_o${j}_feedback`, o.feedback);
    });
  });
  data.set('body', model.body);
  for (const [k, v] of Object.entries(change)) data.set(k, v);
  return data;
}

describe('course editor against a real PocketBase', () => {
  let pb: TestPocketBase;
  let svc: TypedPocketBase;
  let ada: UserRecord;
  let bo: UserRecord;
  let temp: string;
  let coursesDir: string;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    const service = await serviceClient(pb);
    svc = service as unknown as TypedPocketBase;
    const make = async (name: string) => svc.collection('users').getOne((await createUser(service, { email: `${name.toLowerCase()}@example.org`, password: 'correct-horse-battery', display_name: name, roles: ['author'] })).id);
    ada = await make('Ada');
    bo = await make('Bo');
    temp = mkdtempSync(path.join(tmpdir(), 'll-editor-'));
    coursesDir = path.join(temp, 'courses');
    cpSync(path.join(root, 'tests/fixtures/courses/tiny/tiny-course'), path.join(coursesDir, SLUG), { recursive: true });
    await addCourseAuthor(svc, SLUG, ada.id);
    await addCourseAuthor(svc, SLUG, bo.id);
  });
  afterAll(async () => {
    await pb?.stop();
    if (temp) rmSync(temp, { recursive: true, force: true });
  });

  it('saves a draft with a problem, and catches a stale save without overwriting', async () => {
    const adaForm = formFor(coursesDir, '01-first.md', { action: 'save', fm_duration: 'abc', message: 'Trying a new duration' });
    const boForm = formFor(coursesDir, '01-first.md', { action: 'save', fm_title: 'Bo’s title' });

    const saved = await postEditor(svc, { slug: SLUG, rawPath: '01-first.md', form: adaForm, actor: ada, coursesDir });
    expect(saved.outcome?.kind).toBe('saved');
    expect(saved.problems.map((p) => p.message)).toEqual(['`duration` must be a number of minutes — write a whole number without units or quotes, e.g. duration: 45']);
    const onDisk = readFileSync(path.join(coursesDir, SLUG, '01-first.md'), 'utf8');
    expect(onDisk).toContain('duration: abc\n');
    const [latest] = await listRevisions(svc, SLUG, '01-first.md');
    expect(latest).toMatchObject({ message: 'Trying a new duration', actor_name: 'Ada' });

    const stale = await postEditor(svc, { slug: SLUG, rawPath: '01-first.md', form: boForm, actor: bo, coursesDir });
    expect(stale.outcome).toMatchObject({ kind: 'conflict', by: 'Ada' });
    if (stale.outcome?.kind !== 'conflict') throw new Error('expected a conflict');
    expect(stale.outcome.theirs).toBe(onDisk);
    expect(stale.text).toContain('title: Bo’s title');
    expect(readFileSync(path.join(coursesDir, SLUG, '01-first.md'), 'utf8')).toBe(onDisk);

    // "Save mine anyway (after merging)": the form now carries their hash.
    boForm.set('base_hash', stale.baseHash);
    const merged = await postEditor(svc, { slug: SLUG, rawPath: '01-first.md', form: boForm, actor: bo, coursesDir });
    expect(merged.outcome?.kind).toBe('saved');
    expect(readFileSync(path.join(coursesDir, SLUG, '01-first.md'), 'utf8')).toContain('title: Bo’s title');
    expect((await listRevisions(svc, SLUG, '01-first.md'))[0]).toMatchObject({ actor_name: 'Bo', message: 'Edited 01-first.md' });
  });

  it('adds, moves, retires and brings back modules through the store, keeping ids', async () => {
    const added = await changeModules(svc, { slug: SLUG, action: { action: 'add', title: 'In between', after: '01-first.md' }, actor: ada, coursesDir });
    expect(added).toEqual({ done: 'added', file: '02-in-between.md' });
    expect(courseOutline(SLUG, coursesDir).modules.map((m) => `${m.file}=${m.id}`)).toEqual(['01-first.md=first', '02-in-between.md=in-between', '03-second.md=second']);
    // Bo's merged save kept Bo's form, which had the valid duration: the course checks clean,
    // but for the new module's example text, which must be replaced before publishing.
    const { validateWorkingCourse } = await import("../../src/lib/authoring/validate.ts");
    const problems = validateWorkingCourse(SLUG, undefined, coursesDir).problems;
    expect(problems.filter((p) => !(p.file.endsWith('/02-in-between.md') && p.message.includes("is the template's example text")))).toEqual([]);
    expect(problems).toHaveLength(3);
    // The link in 01-first.md to the second module followed it to its new name.
    expect(readFileSync(path.join(coursesDir, SLUG, '01-first.md'), 'utf8')).toContain('](03-second.md)');
    await changeModules(svc, { slug: SLUG, action: { action: 'up', file: '03-second.md' }, actor: ada, coursesDir });
    expect(courseOutline(SLUG, coursesDir).modules.map((m) => m.file)).toEqual(['01-first.md', '02-second.md', '03-in-between.md']);
    expect(readFileSync(path.join(coursesDir, SLUG, '01-first.md'), 'utf8')).toContain('](02-second.md)');
    expect(readFileSync(path.join(coursesDir, SLUG, '02-second.md'), 'utf8')).toContain('](01-first.md#a-section)');
    expect(courseOutline(SLUG, coursesDir).problems).toBe(3);
    await changeModules(svc, { slug: SLUG, action: { action: 'retire', file: '03-in-between.md' }, actor: ada, coursesDir });
    expect(existsSync(path.join(coursesDir, SLUG, '.retired/03-in-between.md'))).toBe(true);
    expect(courseOutline(SLUG, coursesDir).retired.map((m) => m.title)).toEqual(['In between']);
    await changeModules(svc, { slug: SLUG, action: { action: 'bring-back', file: '.retired/03-in-between.md' }, actor: ada, coursesDir });
    expect(courseOutline(SLUG, coursesDir).modules.map((m) => m.id)).toEqual(['first', 'second', 'in-between']);
    expect((await listRevisions(svc, SLUG, '03-in-between.md')).map((r) => r.kind)).toContain('retire');
    await expect(changeModules(svc, { slug: SLUG, action: { action: 'add', title: 'Second', after: '' }, actor: ada, coursesDir })).rejects.toThrow(/already a module/);
  });
});
