import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCourse } from '../../src/lib/courses/build.ts';
import { courseVersion, qualificationSize, type CourseFile } from '../../src/lib/courses/course.ts';
import { CourseCatalogue, loadCourses } from '../../src/lib/courses/course-fs.ts';
import { splitFrontmatter } from '../../src/lib/courses/frontmatter.ts';
import { formatDuration } from '../../src/lib/i18n/messages.ts';
import { courseLinkResolver } from '../../src/lib/site/links.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tiny = path.join(root, 'tests/fixtures/courses/tiny');
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tinyFiles(): CourseFile[] {
  const dir = path.join(tiny, 'tiny-course');
  return ['course.md', '01-first.md', '02-second.md', 'images/dot.png'].map((p) => ({
    path: p,
    content: p.endsWith('.md') ? readFileSync(path.join(dir, p), 'utf8') : readFileSync(path.join(dir, p)),
  }));
}

describe('front matter', () => {
  it('handles Windows line endings and a byte-order mark, keeping body line numbers', () => {
    const split = splitFrontmatter('\uFEFF---\r\ntitle: x\r\n---\r\n\r\nBody\r\n');
    expect(split).toMatchObject({ yaml: 'title: x', bodyStartLine: 4, hasFrontmatter: true });
    expect(split.body).toBe('\nBody\n');
  });
});

describe('course version', () => {
  it('changes when any file changes, and not when files are listed in another order', () => {
    const files = tinyFiles();
    const version = courseVersion(files);
    expect(courseVersion([...files].reverse())).toBe(version);
    const changed = files.map((f) => (f.path === '02-second.md' ? { ...f, content: `${f.content as string} ` } : f));
    expect(courseVersion(changed)).not.toBe(version);
  });

  it('is the version the built course carries', () => {
    const files = tinyFiles();
    expect(buildCourse({ slug: 'tiny-course', dir: 'x', files }).course?.version).toBe(courseVersion(files));
  });
});

describe('course model', () => {
  it('orders modules by number and uses the file name as the id unless one is given', () => {
    const files = tinyFiles().map((f) => (f.path === '02-second.md' ? { ...f, content: (f.content as string).replace('title:', 'id: custom-id\ntitle:') } : f));
    const course = buildCourse({ slug: 'tiny-course', dir: 'x', files }).course!;
    expect(course.modules.map((m) => [m.number, m.id])).toEqual([[1, 'first'], [2, 'custom-id']]);
    expect(course.criteria.get('U1/1.1')).toMatchObject({ evidence: 'knowledge-check', unitId: 'U1', outcomeId: '1' });
  });

  it('names qualification sizes by credits', () => {
    expect([1, 12, 13, 36, 37].map(qualificationSize)).toEqual(['Award', 'Award', 'Certificate', 'Certificate', 'Diploma']);
  });

  it('rewrites links to module pages and course files', () => {
    const course = buildCourse({ slug: 'tiny-course', dir: 'x', files: tinyFiles() }).course!;
    const resolve = courseLinkResolver(course);
    expect(resolve('02-second.md#part', 'link')).toBe('/courses/tiny-course/second#part');
    expect(resolve('images/dot.png', 'image')).toBe('/courses/tiny-course/files/images/dot.png');
    expect(resolve('https://example.org', 'link')).toBeUndefined();
  });
});

describe('course catalogue (the running site)', () => {
  it('picks up an edited file without a restart, and keeps the last good version while it is broken', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'll-catalogue-'));
    temps.push(dir);
    cpSync(tiny, dir, { recursive: true });
    const reported: string[] = [];
    const catalogue = new CourseCatalogue({ coursesDir: dir, checkEveryMs: 0, onProblems: (p) => reported.push(...p.map((x) => x.message)) });
    expect(catalogue.course('tiny-course')?.modules[0]?.title).toBe('The first module');

    const file = path.join(dir, 'tiny-course/01-first.md');
    const later = new Date(Date.now() + 5000);
    writeFileSync(file, readFileSync(file, 'utf8').replace('title: The first module', 'title: A renamed module'));
    utimesSync(file, later, later);
    expect(catalogue.course('tiny-course')?.modules[0]?.title).toBe('A renamed module');

    writeFileSync(file, readFileSync(file, 'utf8').replace('duration: 20', 'duration: twenty'));
    utimesSync(file, new Date(later.getTime() + 5000), new Date(later.getTime() + 5000));
    expect(catalogue.course('tiny-course')?.modules[0]?.title).toBe('A renamed module');
    expect(reported.join('\n')).toContain('`duration` must be a number of minutes');
  });

  it('says clearly when the courses folder does not exist', () => {
    const { problems } = loadCourses(path.join(root, 'no-such-folder'), root);
    expect(problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      'no-such-folder: the courses folder does not exist — create it, or set COURSES_DIR to the folder that holds your courses',
    ]);
  });
});

describe('interface text', () => {
  it('formats durations in plain words', () => {
    expect([1, 45, 60, 90, 125].map(formatDuration)).toEqual(['1 minute', '45 minutes', '1 hour', '1 hour 30 minutes', '2 hours 5 minutes']);
  });
});
