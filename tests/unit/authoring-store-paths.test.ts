import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/lib/errors.ts';
import { courseRoot, resolveInCourse, safeCoursePath, slugify } from '../../src/lib/authoring/paths.ts';
import { fileProblem } from '../../src/lib/authoring/limits.ts';
import { listWorkingFiles, readWorkingFile } from '../../src/lib/authoring/workspace.ts';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempCourses(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'll-paths-'));
  temps.push(dir);
  mkdirSync(path.join(dir, 'courses/tiny/images'), { recursive: true });
  writeFileSync(path.join(dir, 'courses/tiny/course.md'), '---\ntitle: x\n---\n');
  writeFileSync(path.join(dir, 'outside.md'), 'secret');
  return path.join(dir, 'courses');
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

const TRAVERSAL_CORPUS = [
  '..',
  '../outside.md',
  '../../etc/passwd',
  'images/../../outside.md',
  'images/./a.png',
  './course.md',
  '%2e%2e/outside.md',
  '%2e%2e%2foutside.md',
  '..%2foutside.md',
  '..%252foutside.md',
  'images%2f..%2f..%2foutside.md',
  '..\\outside.md',
  'images\\..\\..\\outside.md',
  '/etc/passwd',
  '//server/share/x.md',
  'C:\\Windows\\win.ini',
  'C:/Windows/win.ini',
  'c:outside.md',
  'course.md\u0000.png',
  'a\nb.md',
  '\u2024\u2024/outside.md', // one-dot leaders
  '\u2025/outside.md', // two-dot leader
  '\uff0e\uff0e/outside.md', // fullwidth full stops
  '..\u2215outside.md', // division slash
  '..\uff0foutside.md', // fullwidth solidus
  '.hidden.md',
  '.git/config',
  'images/.htaccess',
  '.retired',
  'images//a.png',
  'images/',
  'a b.md',
  '',
  '   ',
  'x'.repeat(300),
];

describe('safeCoursePath: the traversal corpus', () => {
  it.each(TRAVERSAL_CORPUS.map((p) => [JSON.stringify(p), p]))('refuses %s with a plain message', (_, p) => {
    const error = refusal(() => safeCoursePath(p));
    expect(error.kind).toBe('invalid');
    expect(error.message).toMatch(/cannot be used as a file name in a course: .+\.$/);
    expect(error.message).not.toMatch(/Error|at \w+ \(/);
  });

  it('says what to do for the common mistakes', () => {
    expect(refusal(() => safeCoursePath('../outside.md')).message).toMatchInlineSnapshot(`"“../outside.md” cannot be used as a file name in a course: it points outside the course folder."`);
    expect(refusal(() => safeCoursePath('images\\a.png')).message).toMatchInlineSnapshot(`"“images\\a.png” cannot be used as a file name in a course: use forward slashes (/) between folders, not backslashes."`);
    expect(refusal(() => safeCoursePath('/etc/passwd')).message).toMatchInlineSnapshot(`"“/etc/passwd” cannot be used as a file name in a course: it starts with a slash; give a path inside the course folder."`);
  });

  it('accepts ordinary course paths and the retired folder', () => {
    expect(safeCoursePath('course.md')).toBe('course.md');
    expect(safeCoursePath('01-what-peer-support-is.md')).toBe('01-what-peer-support-is.md');
    expect(safeCoursePath('images/chairs_2.png')).toBe('images/chairs_2.png');
    expect(safeCoursePath('.retired/03-old.md')).toBe('.retired/03-old.md');
    expect(safeCoursePath('a..b.md')).toBe('a..b.md');
  });
});

describe('resolveInCourse', () => {
  it('gives the absolute path inside the course folder', () => {
    const courses = tempCourses();
    expect(resolveInCourse(courses, 'tiny', 'images/a.png')).toBe(path.join(courses, 'tiny', 'images', 'a.png'));
  });

  it('refuses every corpus path too', () => {
    const courses = tempCourses();
    for (const p of TRAVERSAL_CORPUS) expect(() => resolveInCourse(courses, 'tiny', p)).toThrow(DomainError);
  });

  it('refuses a symlink inside the course that points outside it', () => {
    const courses = tempCourses();
    symlinkSync(path.join(courses, '..', 'outside.md'), path.join(courses, 'tiny', '01-link.md'));
    symlinkSync(path.join(courses, '..'), path.join(courses, 'tiny', 'up'));
    expect(refusal(() => resolveInCourse(courses, 'tiny', '01-link.md')).message).toMatch(/is a link to somewhere else/);
    expect(refusal(() => resolveInCourse(courses, 'tiny', 'up/outside.md')).message).toMatch(/is a link to somewhere else/);
    expect(() => readWorkingFile('tiny', '01-link.md', courses)).toThrow(DomainError);
    // The loader's listing skips symlinks altogether.
    expect(listWorkingFiles('tiny', courses).map((f) => f.path)).toEqual(['course.md']);
  });

  it('refuses a symlinked course folder and a bad course name', () => {
    const courses = tempCourses();
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'll-elsewhere-'));
    temps.push(elsewhere);
    symlinkSync(elsewhere, path.join(courses, 'linked'));
    expect(refusal(() => resolveInCourse(courses, 'linked', 'course.md')).message).toMatch(/is a link to somewhere else/);
    expect(() => courseRoot(courses, '../x')).toThrow(/not a course name/);
    expect(() => courseRoot(courses, 'Tiny')).toThrow(DomainError);
    expect(() => courseRoot(courses, '')).toThrow(DomainError);
  });
});

describe('slugify', () => {
  it('makes plain addresses', () => {
    expect(slugify('What peer support is!')).toBe('what-peer-support-is');
    expect(slugify('  Café & Crisis — Plans  ')).toBe('cafe-and-crisis-plans');
    expect(slugify('Don’t panic')).toBe('dont-panic');
    expect(slugify('../../etc')).toBe('etc');
    expect(slugify('!!!')).toBe('');
  });
});

describe('file limits', () => {
  it('allows Markdown and pictures within their sizes, nothing else', () => {
    expect(fileProblem('01-a.md', 1000)).toBeUndefined();
    expect(fileProblem('images/a.webp', 1000)).toBeUndefined();
    expect(fileProblem('01-a.md', 300 * 1024)).toMatch(/at most 200 kB/);
    expect(fileProblem('images/a.png', 3 * 1024 * 1024)).toMatch(/at most 2 MB/);
    expect(fileProblem('images/a.svg', 10)).toMatch(/SVG pictures are not allowed/);
    expect(fileProblem('run.sh', 10)).toMatch(/only Markdown/);
  });
});
