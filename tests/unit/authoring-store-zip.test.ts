import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { lineDiff } from '../../src/lib/authoring/revisions.ts';
import { diffFileSets } from '../../src/lib/authoring/publish.ts';
import { checkCourseZip, courseZip, readCourseZip } from '../../src/lib/authoring/zip.ts';
import { listFilesIn } from '../../src/lib/authoring/workspace.ts';

const tinyDir = path.resolve(import.meta.dirname, '../fixtures/courses/tiny/tiny-course');
const tinyFiles = () => listFilesIn(tinyDir);

describe('course zips', () => {
  it('exports the working copy under the course folder and reads it back unchanged', () => {
    const zip = courseZip('tiny-course', tinyFiles());
    const back = checkCourseZip(zip, 'tiny-course');
    expect(back.problems).toEqual([]);
    expect(back.folder).toBe('tiny-course');
    expect(back.files.map((f) => f.path)).toEqual(['01-first.md', '02-second.md', 'course.md', 'images/dot.png']);
    expect(Buffer.from(back.files[3]!.content)).toEqual(readFileSync(path.join(tinyDir, 'images/dot.png')));
  });

  it('accepts files at the top level and skips macOS and Windows clutter', () => {
    const entries: Record<string, Uint8Array> = Object.fromEntries(tinyFiles().map((f) => [f.path, f.content]));
    entries['__MACOSX/._course.md'] = strToU8('junk');
    entries['.DS_Store'] = strToU8('junk');
    const back = checkCourseZip(zipSync(entries), 'tiny-course');
    expect(back.problems).toEqual([]);
    expect(back.folder).toBeUndefined();
  });

  it('refuses something that is not a zip', () => {
    expect(readCourseZip(strToU8('just some text, not a zip')).problems).toEqual(['The file is not a zip file (or it is damaged). Make a zip of the course folder and try again.']);
    expect(readCourseZip(new Uint8Array()).problems[0]).toMatch(/not a zip/);
  });

  it('lists every zip-slip entry, wrong type and oversized file, and never returns them as files', () => {
    const entries: Record<string, Uint8Array> = Object.fromEntries(tinyFiles().map((f) => [f.path, f.content]));
    entries['../../evil.md'] = strToU8('x');
    entries['/etc/cron.d/evil.md'] = strToU8('x');
    entries['images/..\\..\\evil.md'] = strToU8('x');
    entries['images/logo.svg'] = strToU8('<svg onload="alert(1)"/>');
    entries['03-huge.md'] = new Uint8Array(201 * 1024).fill(97);
    entries['.retired/01-old.md'] = strToU8('x');
    const result = readCourseZip(zipSync(entries));
    expect(result.problems).toHaveLength(6);
    expect(result.problems.join('\n')).toMatch(/“..\/..\/evil.md” cannot be used as a file name in a course: it points outside the course folder/);
    expect(result.problems.join('\n')).toMatch(/starts with a slash/);
    expect(result.problems.join('\n')).toMatch(/backslashes/);
    expect(result.problems.join('\n')).toMatch(/SVG pictures are not allowed/);
    expect(result.problems.join('\n')).toMatch(/03-huge.md is 201 kB; a Markdown file may be at most 200 kB/);
    expect(result.problems.join('\n')).toMatch(/retired modules stay out of imports/);
    expect(result.files.map((f) => f.path)).not.toContain('../../evil.md');
  });

  it('stops before unpacking a zip that is too big or has too many files', () => {
    const big = zipSync({ 'a/course.md': new Uint8Array(21 * 1024 * 1024) });
    expect(readCourseZip(big).problems[0]).toMatch(/add up to 21.0 MB when unpacked; a course may be at most 20 MB/);
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 501; i++) many[`images/p${i}.png`] = new Uint8Array(1);
    expect(readCourseZip(zipSync(many)).problems[0]).toMatch(/at most 500/);
  });

  it('lists the course problems with file and line, as courses:check does', () => {
    const files = tinyFiles().map((f) => (f.path === '02-second.md' ? { ...f, content: strToU8(Buffer.from(f.content).toString('utf8').replace('duration: 15', 'duration: soon')) } : f));
    const problems = checkCourseZip(courseZip('tiny-course', files), 'tiny-course').problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^tiny-course\/02-second\.md:3: /);
    const noCourse = checkCourseZip(zipSync({ 'x/01-a.md': strToU8('hi') }), 'x').problems;
    expect(noCourse).toContain('There is no course.md at the top of the course folder in the zip.');
  });
});

describe('line diff', () => {
  it('marks added and removed lines with their numbers and folds long unchanged stretches', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 10\n', 'line ten\n').replace('line 20\n', 'line 20\nline 21\n');
    const diff = lineDiff(before, after);
    expect(diff).toMatchObject({ added: 2, removed: 1 });
    expect(diff.rows[0]).toEqual({ op: 'skip', count: 6 });
    expect(diff.rows).toContainEqual({ op: 'remove', oldLine: 10, newLine: undefined, text: 'line 10' });
    expect(diff.rows).toContainEqual({ op: 'add', oldLine: undefined, newLine: 10, text: 'line ten' });
    expect(diff.rows.at(-1)).toEqual({ op: 'add', oldLine: undefined, newLine: 21, text: 'line 21' });
    expect(lineDiff('same\n', 'same\n')).toEqual({ rows: [{ op: 'skip', count: 1 }], added: 0, removed: 0 });
  });
});

describe('changes since publication', () => {
  it('names added, changed and removed files', () => {
    const f = (p: string, hash: string) => ({ path: p, hash, content: new Uint8Array() });
    expect(diffFileSets([f('a.md', '1'), f('b.md', '2'), f('c.md', '3')], [f('a.md', '1'), f('b.md', 'x'), f('d.md', '4')])).toEqual({ added: ['d.md'], changed: ['b.md'], removed: ['c.md'] });
  });
});
