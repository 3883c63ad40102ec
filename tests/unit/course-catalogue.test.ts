/**
 * Last known good: a course that loaded cleanly keeps serving that version to trainees when a
 * broken or stray file appears on disk; the problem is reported and still fails courses:check.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CourseCatalogue, loadCourses } from '../../src/lib/courses/course-fs.ts';
import { courseVersion } from '../../src/lib/courses/course.ts';
import { listFilesIn } from '../../src/lib/authoring/workspace.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tiny = path.join(root, 'tests/fixtures/courses/tiny');
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

let tick = Date.now() + 10_000;
/** Writes a file with a later mtime, so the catalogue sees a change even within the same millisecond. */
function write(file: string, text: string) {
  writeFileSync(file, text);
  tick += 5000;
  utimesSync(file, new Date(tick), new Date(tick));
}

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'll-lkg-'));
  temps.push(dir);
  cpSync(tiny, dir, { recursive: true });
  const reported: { slug: string | undefined; kept: string | undefined; messages: string[] }[] = [];
  const catalogue = new CourseCatalogue({
    coursesDir: dir,
    displayRoot: dir,
    checkEveryMs: 0,
    onProblems: (problems, context) => reported.push({ slug: context?.slug, kept: context?.keptVersion, messages: problems.map((p) => `${p.file}:${p.line}: ${p.message}`) }),
  });
  return { dir, course: path.join(dir, 'tiny-course'), catalogue, reported };
}

describe('course catalogue: last known good', () => {
  it('a stray file dropped in a live course keeps the last good version for trainees, and reports the problem', () => {
    const { dir, course, catalogue, reported } = setup();
    const good = catalogue.course('tiny-course');
    expect(good?.title).toBe('Tiny course');
    expect(catalogue.status('tiny-course')).toEqual({ slug: 'tiny-course', servedVersion: good!.version, problems: [], keptLastGood: false });

    write(path.join(course, 'notes.md'), 'my notes\n');
    const served = catalogue.course('tiny-course');
    expect(served?.version).toBe(good!.version);
    expect(served?.modules.map((m) => m.id)).toEqual(good!.modules.map((m) => m.id));
    expect(catalogue.courses().map((c) => c.slug)).toEqual(['tiny-course']);
    const status = catalogue.status('tiny-course')!;
    expect(status.keptLastGood).toBe(true);
    expect(status.servedVersion).toBe(good!.version);
    expect(status.problems.map((p) => p.file)).toEqual(['tiny-course/notes.md']);
    expect(status.problems[0]!.message).toMatch(/is not a module file name/);
    expect(reported).toEqual([{ slug: 'tiny-course', kept: good!.version, messages: [expect.stringMatching(/^tiny-course\/notes\.md:1: "notes\.md" is not a module file name/)] }]);
    expect(catalogue.troubled().map((s) => s.slug)).toEqual(['tiny-course']);

    // courses:check still fails on it.
    expect(loadCourses(dir, dir).problems.map((p) => p.file)).toEqual(['tiny-course/notes.md']);

    // Removing the stray file brings the course back to its files, with no problem left.
    rmSync(path.join(course, 'notes.md'));
    expect(catalogue.status('tiny-course')).toEqual({ slug: 'tiny-course', servedVersion: good!.version, problems: [], keptLastGood: false });
    expect(catalogue.troubled()).toEqual([]);
  });

  it('a broken module keeps the last good version (not the broken text) until the files are fixed, then serves the fix', () => {
    const { course, catalogue, reported } = setup();
    const good = catalogue.course('tiny-course')!;
    const file = path.join(course, '02-second.md');
    const text = readFileSync(file, 'utf8');

    write(file, text.replace('title: The second module', 'title: The second module, revised'));
    const revised = catalogue.course('tiny-course')!;
    expect(revised.modules[1]!.title).toBe('The second module, revised');
    expect(revised.version).not.toBe(good.version);

    write(file, text.replace(/^duration: .*$/m, 'duration: soon').replace('title: The second module', 'title: Half-written'));
    const served = catalogue.course('tiny-course')!;
    expect(served.version).toBe(revised.version);
    expect(served.modules[1]!.title).toBe('The second module, revised');
    expect(catalogue.status('tiny-course')).toMatchObject({ servedVersion: revised.version, keptLastGood: true });
    expect(catalogue.status('tiny-course')!.problems).toEqual([expect.objectContaining({ file: 'tiny-course/02-second.md', message: expect.stringMatching(/`duration` must be a number of minutes/) })]);
    expect(reported.at(-1)).toMatchObject({ slug: 'tiny-course', kept: revised.version });

    write(file, text.replace('title: The second module', 'title: Fixed'));
    expect(catalogue.course('tiny-course')!.modules[1]!.title).toBe('Fixed');
    expect(catalogue.status('tiny-course')).toMatchObject({ problems: [], keptLastGood: false });
  });

  it('a course that has never loaded cleanly is off the site, with its problems reported', () => {
    const { course, dir, reported } = setup();
    write(path.join(course, 'stray.md'), 'x\n');
    const catalogue = new CourseCatalogue({ coursesDir: dir, displayRoot: dir, checkEveryMs: 0, onProblems: (p, c) => reported.push({ slug: c?.slug, kept: c?.keptVersion, messages: p.map((x) => x.message) }) });
    expect(catalogue.course('tiny-course')).toBeUndefined();
    expect(catalogue.status('tiny-course')).toMatchObject({ servedVersion: undefined, keptLastGood: false, problems: [expect.objectContaining({ file: 'tiny-course/stray.md' })] });
    expect(reported).toEqual([{ slug: 'tiny-course', kept: undefined, messages: [expect.stringMatching(/"stray\.md" is not a module file name/)] }]);
  });

  it('a course folder removed on purpose leaves the site, and nothing of it is kept', () => {
    const { course, catalogue } = setup();
    expect(catalogue.course('tiny-course')).toBeDefined();
    rmSync(course, { recursive: true });
    expect(catalogue.course('tiny-course')).toBeUndefined();
    expect(catalogue.status('tiny-course')).toBeUndefined();
  });

  it('a stray file in a published snapshot keeps that version for trainees and is reported', () => {
    const { dir, course } = setup();
    const published = mkdtempSync(path.join(tmpdir(), 'll-lkg-pub-'));
    temps.push(published);
    const files = listFilesIn(course);
    const version = courseVersion(files.map((f) => ({ path: f.path, content: f.content })));
    const snapshot = path.join(published, 'tiny-course', version);
    mkdirSync(snapshot, { recursive: true });
    cpSync(course, snapshot, { recursive: true });
    writeFileSync(path.join(published, 'tiny-course', 'CURRENT'), `${version}\n`);
    const catalogue = new CourseCatalogue({ coursesDir: dir, publishedDir: published, displayRoot: dir, checkEveryMs: 0 });
    expect(catalogue.course('tiny-course')?.version).toBe(version);

    write(path.join(snapshot, 'stray.md'), 'oops\n');
    expect(catalogue.course('tiny-course')?.version).toBe(version);
    expect(catalogue.status('tiny-course')).toMatchObject({ servedVersion: version, keptLastGood: true, problems: [expect.objectContaining({ message: expect.stringMatching(/"stray\.md" is not a module file name/) })] });
  });

  it('with a published folder, the last good version is kept on disk, so a restarted site still serves it', () => {
    const { dir, course } = setup();
    const published = mkdtempSync(path.join(tmpdir(), 'll-lkg-keep-'));
    temps.push(published);
    const before = new CourseCatalogue({ coursesDir: dir, publishedDir: published, displayRoot: dir, checkEveryMs: 0 });
    const good = before.course('tiny-course')!;
    expect(readFileSync(path.join(published, 'tiny-course', 'LAST_GOOD'), 'utf8').trim()).toBe(good.version);
    // Not a publication: trainees still follow the working copy.
    expect(existsSync(path.join(published, 'tiny-course', 'CURRENT'))).toBe(false);

    // The files break while the site is down; a new process has nothing in memory.
    write(path.join(course, 'notes.md'), 'stray\n');
    const restarted = new CourseCatalogue({ coursesDir: dir, publishedDir: published, displayRoot: dir, checkEveryMs: 0 });
    const served = restarted.course('tiny-course');
    expect(served?.version).toBe(good.version);
    expect(restarted.status('tiny-course')).toMatchObject({ servedVersion: good.version, keptLastGood: true, problems: [expect.objectContaining({ file: 'tiny-course/notes.md' })] });

    // A new good version replaces the kept one (the old folder is removed).
    rmSync(path.join(course, 'notes.md'));
    const file = path.join(course, '01-first.md');
    write(file, readFileSync(file, 'utf8').replace('title: The first module', 'title: Renamed'));
    const next = restarted.course('tiny-course')!;
    expect(next.modules[0]!.title).toBe('Renamed');
    expect(readFileSync(path.join(published, 'tiny-course', 'LAST_GOOD'), 'utf8').trim()).toBe(next.version);
    expect(existsSync(path.join(published, 'tiny-course', good.version))).toBe(false);
    expect(existsSync(path.join(published, 'tiny-course', next.version, '01-first.md'))).toBe(true);
  });
});
