/**
 * The authoring store against a real PocketBase and a temp copy of tests/fixtures/courses/tiny:
 * saving (revisions, audit rows, conflicts by content hash, many concurrent saves), files changed
 * on disk, moving and retiring, creating a course, publishing (readers keep the old version until
 * publish; an unpublished course is hidden), access (authors and admins only) and API rules.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type PocketBase from 'pocketbase';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCourseAuthor, authorScope, canAuthor, canCreateCourse, listCourseAuthors, removeCourseAuthor } from '../../src/lib/authoring/access.ts';
import { isTempName, realFs, type AtomicFs } from '../../src/lib/authoring/atomic-write.ts';
import { changesSincePublished, hasUnpublishedChanges, publishedState } from '../../src/lib/authoring/publish.ts';
import { publishCourse, listPublications } from '../../src/lib/authoring/publish-store.ts';
import { getRevision, listRevisions } from '../../src/lib/authoring/revisions-store.ts';
import { createCourseFolder, moveCourseFiles, saveCourseFile, type AuthoringDirs } from '../../src/lib/authoring/save.ts';
import { contentHash, listWorkingFiles, readWorkingFile } from '../../src/lib/authoring/workspace.ts';
import { courseZip } from '../../src/lib/authoring/zip.ts';
import { importNewCourse, replaceFromZip } from '../../src/lib/authoring/import-store.ts';
import { loadFileHistory, loadRevisionDiff, restoreRevision } from '../../src/lib/authoring/history-page.ts';
import { leftoverTempFolders } from '../../src/lib/authoring/save.ts';
import { strToU8, zipSync } from 'fflate';
import { CourseCatalogue } from '../../src/lib/courses/course-fs.ts';
import { DomainError } from '../../src/lib/errors.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createUser, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const root = path.resolve(import.meta.dirname, '../..');
const tiny = path.join(root, 'tests/fixtures/courses/tiny');

describe('authoring store', () => {
  let pb: TestPocketBase;
  let service: PocketBase;
  let svc: TypedPocketBase;
  let ada: UserRecord; // author of tiny-course
  let bo: UserRecord; // trainer, not an author
  let admin: UserRecord;
  let temp: string;
  let dirs: { courses: string; published: string };
  // Each test gets its own course (a copy of tiny-course under a new name), so histories do not mix.
  let slug = 'tiny-course';
  let counter = 0;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = await serviceClient(pb);
    svc = service as unknown as TypedPocketBase;
    const make = async (name: string, roles: UserRecord['role']) => {
      const u = await createUser(service, { email: `${name.toLowerCase()}@example.org`, password: PASSWORD, display_name: name, roles });
      return svc.collection('users').getOne(u.id);
    };
    ada = await make('Ada', ['author']);
    bo = await make('Bo', ['trainer']);
    admin = await make('Admin', ['admin']);
  });
  afterAll(async () => {
    await pb?.stop();
  });
  beforeEach(async () => {
    temp && rmSync(temp, { recursive: true, force: true });
    temp = mkdtempSync(path.join(tmpdir(), 'll-authoring-'));
    slug = `tiny-${++counter}`;
    cpSync(path.join(tiny, 'tiny-course'), path.join(temp, 'courses', slug), { recursive: true });
    dirs = { courses: path.join(temp, 'courses'), published: path.join(temp, 'published') };
    await addCourseAuthor(svc, slug, ada.id);
  });
  afterAll(() => temp && rmSync(temp, { recursive: true, force: true }));

  const file = (p: string) => readFileSync(path.join(dirs.courses, slug, p), 'utf8');
  const hashOf = (p: string) => contentHash(readFileSync(path.join(dirs.courses, slug, p)));
  const save = (p: string, content: string, baseHash: string | null, actor = ada, extra: Partial<{ dirs: AuthoringDirs; fs: AtomicFs }> = {}) =>
    saveCourseFile(svc, { slug: slug, path: p, content, baseHash, message: 'test save', actor, dirs, ...extra });

  it('access: admins everywhere, listed authors on their course, nobody else', async () => {
    expect(await authorScope(svc, admin)).toEqual({ all: true });
    expect(await authorScope(svc, ada)).toEqual({ all: false, courses: [slug] });
    expect(await authorScope(svc, bo)).toEqual({ all: false, courses: [] });
    expect(await authorScope(svc, null)).toEqual({ all: false, courses: [] });
    expect(await canAuthor(svc, ada, slug)).toBe(true);
    expect(await canAuthor(svc, ada, 'other-course')).toBe(false);
    expect(await canAuthor(svc, bo, slug)).toBe(false);
    expect(await canAuthor(svc, admin, 'anything')).toBe(true);
    expect(canCreateCourse(bo)).toBe(true);
    expect(canCreateCourse(null)).toBe(false);
    // A listed person who lost the author/trainer role no longer may.
    const trainee = await svc.collection('users').getOne((await createUser(service, { email: 'cy@example.org', password: PASSWORD, display_name: 'Cy', roles: ['trainee'] })).id);
    await addCourseAuthor(svc, slug, trainee.id);
    expect(await canAuthor(svc, trainee, slug)).toBe(false);
    await addCourseAuthor(svc, slug, trainee.id); // twice is fine
    expect((await listCourseAuthors(svc, slug)).map((a) => a.name)).toEqual(['Ada', 'Cy']);
    await removeCourseAuthor(svc, slug, trainee.id);
    expect((await listCourseAuthors(svc, slug)).map((a) => a.name)).toEqual(['Ada']);
  });

  it('API rules: people see their own author rows; only admins and authors read revisions; nobody writes', async () => {
    await save('02-second.md', `${file('02-second.md')}\nA line.\n`, hashOf('02-second.md'));
    const asAda = await clientAs(pb.url, 'ada@example.org', PASSWORD);
    const asBo = await clientAs(pb.url, 'bo@example.org', PASSWORD);
    const own = await asAda.collection('course_authors').getFullList();
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((row) => row.user === ada.id)).toBe(true);
    expect((await asBo.collection('course_authors').getFullList()).length).toBe(0);
    expect((await asAda.collection('course_revisions').getFullList()).length).toBeGreaterThan(0);
    expect((await asBo.collection('course_revisions').getFullList()).length).toBe(0);
    await expect(asAda.collection('course_revisions').create({ course: slug, path: 'x.md', kind: 'save', actor_name: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(asAda.collection('course_authors').create({ course: 'other', user: ada.id })).rejects.toMatchObject({ status: 403 });
    await expect(asAda.collection('course_publications').create({ course: slug, version: 'x', actor_name: 'x' })).rejects.toMatchObject({ status: 403 });
  });

  it('saves atomically, records a revision and an audit row, and reports unchanged saves', async () => {
    const before = hashOf('02-second.md');
    const text = `${file('02-second.md')}\nAn added line.\n`;
    const outcome = await save('02-second.md', text, before);
    expect(outcome).toMatchObject({ kind: 'saved', hash: contentHash(text) });
    expect(file('02-second.md')).toBe(text);
    const history = await listRevisions(svc, slug, '02-second.md');
    // The file had no history yet: its starting point on disk is recorded first.
    expect(history.map((r) => [r.kind, r.actor_name])).toEqual([['save', 'Ada'], ['disk', 'on disk']]);
    expect(history[0]!.previous_hash).toBe(before);
    const full = await getRevision(svc, slug, '02-second.md', history[0]!.id);
    expect(full.content).toBe(text);
    const audit = await svc.collection('audit_log').getFullList({ filter: svc.filter('action = "course.save" && target_id = {:id}', { id: history[0]!.id }) });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toEqual({ course: slug, path: '02-second.md', kind: 'save' });
    expect(await save('02-second.md', text, contentHash(text))).toEqual({ kind: 'unchanged', hash: contentHash(text) });
  });

  it('a stale save is a conflict carrying the current text and who saved it; nothing is overwritten', async () => {
    const base = hashOf('02-second.md');
    const mine = `${file('02-second.md')}\nAda's line.\n`;
    const theirs = `${file('02-second.md')}\nBo's line.\n`;
    await save('02-second.md', mine, base, ada);
    const outcome = await save('02-second.md', theirs, base, admin);
    expect(outcome.kind).toBe('conflict');
    if (outcome.kind !== 'conflict') return;
    expect(outcome.current).toMatchObject({ content: mine, hash: contentHash(mine), by: 'Ada' });
    expect(file('02-second.md')).toBe(mine);
    // A new file must not exist yet.
    expect((await save('01-first.md', 'x', null)).kind).toBe('conflict');
  });

  it('twenty concurrent saves from the same base: exactly one wins, the rest conflict, the file is one complete version', async () => {
    const base = hashOf('01-first.md');
    const original = file('01-first.md');
    const versions = Array.from({ length: 20 }, (_, i) => `${original}\nVersion ${i}: ${'x'.repeat(5000)}\n`);
    const outcomes = await Promise.all(versions.map((v) => save('01-first.md', v, base)));
    expect(outcomes.filter((o) => o.kind === 'saved')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'conflict')).toHaveLength(19);
    const winner = versions[outcomes.findIndex((o) => o.kind === 'saved')]!;
    expect(file('01-first.md')).toBe(winner);
    expect(readdirSync(path.join(dirs.courses, slug)).filter(isTempName)).toEqual([]);
    const history = await listRevisions(svc, slug, '01-first.md');
    expect(history.filter((r) => r.kind === 'save')).toHaveLength(1);
    expect(history.map((r) => r.seq)).toEqual([...history.map((r) => r.seq)].sort((a, b) => b - a));
  });

  it('a full disk keeps the old file, records nothing, and the next save works', async () => {
    const old = file('02-second.md');
    const base = hashOf('02-second.md');
    const full: AtomicFs = { ...realFs, writeSync: () => { throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }); } };
    await expect(save('02-second.md', `${old}\nmore`, base, ada, { fs: full })).rejects.toThrow(/ENOSPC/);
    expect(file('02-second.md')).toBe(old);
    expect(readdirSync(path.join(dirs.courses, slug)).filter(isTempName)).toEqual([]);
    expect((await save('02-second.md', `${old}\nmore`, base)).kind).toBe('saved');
  });

  it('refuses unsafe paths, wrong types and oversized files with plain messages', async () => {
    await expect(save('../escape.md', 'x', null)).rejects.toThrow(/points outside the course folder/);
    await expect(save('images/a.svg', '<svg/>', null)).rejects.toThrow(/SVG pictures are not allowed/);
    await expect(save('03-big.md', 'x'.repeat(201 * 1024), null)).rejects.toThrow(/at most 200 kB/);
    await expect(saveCourseFile(svc, { slug: 'no-such-course', path: 'course.md', content: 'x', baseHash: null, message: '', actor: ada, dirs })).rejects.toBeInstanceOf(DomainError);
  });

  it('an edit made on disk shows in the history as "changed on disk" before the next save', async () => {
    const base = hashOf('02-second.md');
    await save('02-second.md', `${file('02-second.md')}\nFrom the browser.\n`, base);
    const onDisk = `${file('02-second.md')}\nFrom Git.\n`;
    writeFileSync(path.join(dirs.courses, slug, '02-second.md'), onDisk);
    const next = `${onDisk}\nFrom the browser again.\n`;
    expect((await save('02-second.md', next, contentHash(onDisk))).kind).toBe('saved');
    const history = await listRevisions(svc, slug, '02-second.md');
    expect(history.slice(0, 3).map((r) => [r.kind, r.message])).toEqual([
      ['save', 'test save'],
      ['disk', 'Changed on disk'],
      ['save', 'test save'],
    ]);
    expect((await getRevision(svc, slug, '02-second.md', history[1]!.id)).content).toBe(onDisk);
  });

  it('moves (swapping two modules) and retires through temp names, with revisions', async () => {
    const first = file('01-first.md');
    const second = file('02-second.md');
    await moveCourseFiles(svc, { slug: slug, moves: [{ from: '01-first.md', to: '02-first.md' }, { from: '02-second.md', to: '01-second.md' }], message: 'Reorder', actor: ada, kind: 'move', dirs });
    expect(file('02-first.md')).toBe(first);
    expect(file('01-second.md')).toBe(second);
    await expect(moveCourseFiles(svc, { slug: slug, moves: [{ from: '01-second.md', to: '02-first.md' }], message: 'x', actor: ada, kind: 'move', dirs })).rejects.toThrow(/02-first.md already exists/);
    await moveCourseFiles(svc, { slug: slug, moves: [{ from: '02-first.md', to: '.retired/02-first.md' }], message: 'Retire', actor: ada, kind: 'retire', dirs });
    expect(existsSync(path.join(dirs.courses, slug, '02-first.md'))).toBe(false);
    expect(readFileSync(path.join(dirs.courses, slug, '.retired/02-first.md'), 'utf8')).toBe(first);
    expect((await listRevisions(svc, slug, '.retired/02-first.md'))[0]).toMatchObject({ kind: 'retire', message: 'Retire (moved from 02-first.md)' });
    expect(readdirSync(path.join(dirs.courses, slug)).filter((n) => n.startsWith('.move-'))).toEqual([]);
    const actions = (await svc.collection('audit_log').getFullList({ filter: 'action = "course.move" || action = "course.retire"' })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['course.move', 'course.retire']));
  });

  it('publishing: readers keep the published version until the next publish; problems block it', async () => {
    const readers = new CourseCatalogue({ coursesDir: dirs.courses, publishedDir: dirs.published, checkEveryMs: 0, displayRoot: root });
    expect(readers.course(slug)?.modules[1]!.title).toBe('The second module');
    expect(publishedState(slug, dirs.published)).toEqual({ kind: 'working' });

    // The first browser edit keeps what readers saw as the published version.
    const edited = file('02-second.md').replace('title: The second module', 'title: The second module, revised');
    await save('02-second.md', edited, hashOf('02-second.md'));
    const frozen = publishedState(slug, dirs.published);
    expect(frozen.kind).toBe('published');
    expect(readers.course(slug)?.modules[1]!.title).toBe('The second module');
    expect(hasUnpublishedChanges(slug, dirs)).toBe(true);
    expect(changesSincePublished(slug, dirs)).toEqual({ added: [], changed: ['02-second.md'], removed: [] });

    // A problem blocks publishing and changes nothing.
    const broken = edited.replace('duration: 15', 'duration: soon');
    await save('02-second.md', broken, contentHash(edited));
    const refused = await publishCourse(svc, { slug: slug, actor: ada, coursesDir: dirs.courses, publishedDir: dirs.published });
    expect(refused.kind).toBe('problems');
    if (refused.kind === 'problems') expect(refused.problems[0]!.file).toMatch(/tiny-\d+\/02-second\.md$/);
    expect(publishedState(slug, dirs.published)).toEqual(frozen);

    await save('02-second.md', edited, contentHash(broken));
    const published = await publishCourse(svc, { slug: slug, actor: ada, coursesDir: dirs.courses, publishedDir: dirs.published });
    expect(published.kind).toBe('published');
    expect(readers.course(slug)?.modules[1]!.title).toBe('The second module, revised');
    expect(hasUnpublishedChanges(slug, dirs)).toBe(false);
    // Pictures are served from the snapshot folder.
    const servedDir = path.resolve(root, readers.course(slug)!.dir);
    expect(existsSync(path.join(servedDir, 'images/dot.png'))).toBe(true);
    expect(servedDir.startsWith(dirs.published)).toBe(true);

    const pubs = await listPublications(svc, slug);
    expect(pubs.map((p) => p.actor_name)).toEqual(['Ada', expect.stringMatching(/Kept as published before Ada’s first edit/)]);
    const audit = await svc.collection('audit_log').getFullList({ filter: svc.filter('action = "course.publish" && target_id = {:id}', { id: pubs[0]!.id }) });
    expect(audit[0]!.details).toMatchObject({ course: slug, version: (published as { version: string }).version });
  });

  it('a new course is hidden from readers until published, and its creator becomes its author', async () => {
    const readers = new CourseCatalogue({ coursesDir: dirs.courses, publishedDir: dirs.published, checkEveryMs: 0, displayRoot: root });
    const courseMd = readFileSync(path.join(tiny, 'tiny-course/course.md'), 'utf8').replace('title: Tiny course', 'title: Brand new');
    const moduleMd = readFileSync(path.join(tiny, 'tiny-course/02-second.md'), 'utf8').replace('criteria: [U2/1.1]', 'criteria: [U1/1.1, U2/1.1]').replace('[back](01-first.md#a-section)', 'back');
    await createCourseFolder(svc, { slug: 'brand-new', files: [{ path: 'course.md', content: courseMd }, { path: '01-start.md', content: moduleMd }], message: 'New course', actor: bo, dirs });
    expect(publishedState('brand-new', dirs.published)).toEqual({ kind: 'unpublished' });
    expect(readers.course('brand-new')).toBeUndefined();
    expect(await canAuthor(svc, bo, 'brand-new')).toBe(true);
    await expect(createCourseFolder(svc, { slug: 'brand-new', files: [], message: 'again', actor: bo, dirs })).rejects.toMatchObject({ kind: 'conflict' });
    expect(readdirSync(dirs.courses).filter((n) => n.startsWith('.'))).toEqual([]);
    const outcome = await publishCourse(svc, { slug: 'brand-new', actor: bo, coursesDir: dirs.courses, publishedDir: dirs.published });
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ kind: 'published' });
    expect(readers.course('brand-new')?.title).toBe('Brand new');
    expect(readWorkingFile('brand-new', 'course.md', dirs.courses)?.hash).toBe(contentHash(courseMd));
  });

  it('import: a broken zip changes nothing and lists every problem; a good one replaces the draft atomically', async () => {
    const before = listWorkingFiles(slug, dirs.courses);
    const broken = zipSync({ [`${slug}/course.md`]: strToU8('---\ntitle: [\n---\n'), [`${slug}/../../evil.md`]: strToU8('x') });
    const refused = await replaceFromZip(svc, { slug, bytes: broken, actor: ada, dirs });
    expect(refused.kind).toBe('problems');
    if (refused.kind === 'problems') expect(refused.problems).toEqual([expect.stringMatching(/evil\.md” cannot be used as a file name/), expect.stringMatching(new RegExp(`^${slug}/course.md:2: the front matter is not valid YAML`)), expect.stringMatching(/no introduction/)]);
    expect(listWorkingFiles(slug, dirs.courses)).toEqual(before);
    expect((await replaceFromZip(svc, { slug, bytes: strToU8('not a zip'), actor: ada, dirs })).kind).toBe('problems');

    // A retired module stays; a changed module and a removed picture get import revisions.
    await moveCourseFiles(svc, { slug, moves: [{ from: '02-second.md', to: '.retired/02-second.md' }], message: 'Retire', actor: ada, kind: 'retire', dirs });
    const files = listWorkingFiles(slug, dirs.courses)
      .filter((f) => f.path !== 'images/dot.png')
      .map((f) => (f.path === '01-first.md' ? { ...f, content: strToU8(Buffer.from(f.content).toString('utf8').replace('A section', 'A better section').replace('(02-second.md)', '(course.md)').replace('criteria: [U1/1.1]', 'criteria: [U1/1.1, U2/1.1]')) } : f))
      .map((f) => (f.path === '01-first.md' ? { ...f, content: strToU8(Buffer.from(f.content).toString('utf8').replace('![A small picture](images/dot.png)', '')) } : f));
    const courseMd = files.find((f) => f.path === 'course.md')!;
    const fixedCourse = Buffer.from(courseMd.content).toString('utf8');
    const zip = courseZip(slug, files);
    const outcome = await replaceFromZip(svc, { slug, bytes: zip, actor: ada, dirs });
    expect(outcome).toEqual({ kind: 'replaced', changed: 2 });
    expect(file('01-first.md')).toMatch(/A better section/);
    expect(existsSync(path.join(dirs.courses, slug, 'images/dot.png'))).toBe(false);
    expect(existsSync(path.join(dirs.courses, slug, '.retired/02-second.md'))).toBe(true);
    expect(file('course.md')).toBe(fixedCourse);
    expect(leftoverTempFolders(dirs.courses)).toEqual([]);
    expect((await listRevisions(svc, slug, '01-first.md'))[0]).toMatchObject({ kind: 'import', actor_name: 'Ada' });
    expect((await listRevisions(svc, slug, 'images/dot.png'))[0]).toMatchObject({ kind: 'import', hash: '' });
    expect(await svc.collection('audit_log').getFullList({ filter: svc.filter('action = "course.import" && details.course = {:slug}', { slug }) })).toHaveLength(1);
  });

  it('import: a new course from a zip is created unpublished, with its importer as author', async () => {
    const zip = courseZip('from-zip', listWorkingFiles(slug, dirs.courses));
    expect(await importNewCourse(svc, { bytes: zip, slug: undefined, actor: bo, dirs })).toEqual({ kind: 'created', slug: 'from-zip' });
    expect(publishedState('from-zip', dirs.published)).toEqual({ kind: 'unpublished' });
    expect(await canAuthor(svc, bo, 'from-zip')).toBe(true);
    const again = await importNewCourse(svc, { bytes: zip, slug: undefined, actor: bo, dirs });
    expect(again).toEqual({ kind: 'problems', problems: ['There is already a course called “from-zip”. Choose another web address.'] });
    expect((await importNewCourse(svc, { bytes: zip, slug: 'Bad Slug', actor: bo, dirs })).kind).toBe('problems');
  });

  it('history: opening it records a disk edit; diff; restore is a new revision and refuses a stale base', async () => {
    const original = file('02-second.md');
    const first = await loadFileHistory(svc, slug, '02-second.md', dirs.courses);
    expect(first.rows.map((r) => r.kindLabel)).toEqual(['First seen on disk']);
    writeFileSync(path.join(dirs.courses, slug, '02-second.md'), `${original}\nEdited in a text editor.\n`);
    const second = await loadFileHistory(svc, slug, '02-second.md', dirs.courses);
    expect(second.rows.map((r) => [r.kindLabel, r.isCurrent, r.canRestore])).toEqual([['Changed on disk', true, false], ['First seen on disk', false, true]]);
    const diff = await loadRevisionDiff(svc, slug, { file: '02-second.md', from: second.rows[1]!.id, to: second.rows[0]!.id });
    expect(diff.diff).toMatchObject({ added: 2, removed: 0 });
    expect(diff.diff.rows).toContainEqual({ op: 'add', oldLine: undefined, newLine: expect.any(Number), text: 'Edited in a text editor.' });

    // A stale base (the file changed after the page was shown) is a conflict; nothing restored.
    const stale = await restoreRevision(svc, { slug, file: '02-second.md', revision: second.rows[1]!.id, base: first.currentHash, actor: ada, dirs });
    expect(stale.kind).toBe('conflict');
    const restored = await restoreRevision(svc, { slug, file: '02-second.md', revision: second.rows[1]!.id, base: second.currentHash, actor: ada, dirs });
    expect(restored.kind).toBe('saved');
    expect(file('02-second.md')).toBe(original);
    const third = await loadFileHistory(svc, slug, '02-second.md', dirs.courses);
    expect(third.rows[0]).toMatchObject({ kind: 'restore', message: 'Restored version 1', who: 'Ada', isCurrent: true });
    await expect(restoreRevision(svc, { slug, file: '02-second.md', revision: 'aaaaaaaaaaaaaaa', base: third.currentHash, actor: ada, dirs })).rejects.toMatchObject({ kind: 'not-found' });
    await expect(restoreRevision(svc, { slug, file: 'images/dot.png', revision: second.rows[1]!.id, base: '', actor: ada, dirs })).rejects.toThrow(/Only text files/);
  });
});
