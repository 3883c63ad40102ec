import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import { editablePath, editorFromForm, openEditor, pictureMarkdown, previewHtml, viewFor } from '../../src/lib/authoring/editor.ts';
import { fieldMessages, previewFragment, problemsFragment } from '../../src/lib/authoring/editor-html.ts';
import { checkPicture, detectPictureType, pictureName } from '../../src/lib/authoring/picture.ts';
import { renderedModule } from '../../src/lib/site/rendered.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tiny = path.join(root, 'tests/fixtures/courses/tiny');

describe('editor preview: the reading page’s own pipeline', () => {
  it('gives byte-for-byte the reading page HTML for every module of the real courses', () => {
    const { courses } = loadCourses(path.join(root, 'courses'), root);
    expect(courses.length).toBeGreaterThan(0);
    for (const course of courses) {
      for (const module of course.modules) expect(previewHtml(course, module.body)).toBe(renderedModule(course, module).html);
    }
  });

  it('points pictures at the working copy only when asked', () => {
    const course = loadCourses(tiny, root).courses[0]!;
    const module = course.modules[0]!;
    expect(previewHtml(course, module.body)).toContain('src="/courses/tiny-course/files/images/dot.png"');
    expect(previewHtml(course, module.body, '/author/tiny-course/files')).toContain('src="/author/tiny-course/files/images/dot.png"');
    // Module links still go to the reading pages.
    expect(previewHtml(course, module.body, '/author/tiny-course/files')).toContain('href="/courses/tiny-course/second"');
  });
});

describe('the editor view', () => {
  it('opens a module: form, hash, preview, no problems; answer keys only in the form model', () => {
    const view = openEditor('tiny-course', '01-first.md', tiny);
    expect(view.editor.kind).toBe('module');
    expect(view.baseHash).toMatch(/^[0-9a-f]{64}$/);
    expect(view.problems).toEqual([]);
    expect(problemsFragment(view)).toContain('No problems found');
    const html = previewFragment(view);
    expect(html).toContain('<h2 class="editor-preview__title">The first module</h2>');
    expect(html).toContain('Pick the right one');
    expect(html).not.toContain('Not quite.'); // feedback is never in the preview
  });

  it('re-validates posted text, keeps every input, and places problems at the field and line', () => {
    const data = new FormData();
    const source = readFileSync(path.join(tiny, 'tiny-course/02-second.md'), 'utf8');
    data.set('mode', 'raw');
    data.set('frontmatter', source.split('---')[1]!.trim().replace('duration: 15', 'duration: 15 minutes'));
    data.set('body', '# Title again\n\nText <script>alert(1)</script>');
    data.set('action', 'preview');
    const posted = editorFromForm('02-second.md', data);
    const view = viewFor({ slug: 'tiny-course', path: '02-second.md', editor: posted.editor, baseHash: '', message: '', coursesDir: tiny });
    expect(view.text).toContain('duration: 15 minutes');
    const fields = fieldMessages(view);
    expect(fields.frontmatter?.[0]).toMatch(/^Line 3: `duration` must be a number of minutes/);
    expect(fields.body?.[0]).toMatch(/^Line 1 of the text: a top-level heading/);
    const problems = problemsFragment(view);
    expect(problems).toContain('02-second.md:3');
    expect(problems).toContain('href="#body" data-line="1"');
    expect(previewFragment(view)).not.toContain('<script>');
  });

  it('refuses files the editor does not edit', () => {
    expect(editablePath('course.md')).toBe('course.md');
    expect(editablePath('03-a.md')).toBe('03-a.md');
    for (const bad of ['images/dot.png', '../x.md', 'notes.md', '.retired/01-a.md', '/etc/passwd']) expect(() => editablePath(bad)).toThrow();
  });

  it('reads a row button and ignores a forged one', () => {
    const data = new FormData();
    data.set('op', 'add-question');
    data.set('kc_count', '0');
    expect(editorFromForm('01-a.md', data)).toMatchObject({ action: 'preview', op: 'add-question' });
    data.set('op', 'drop-table;');
    expect(editorFromForm('01-a.md', data).op).toBe('');
  });
});

describe('pictures', () => {
  const png = readFileSync(path.join(tiny, 'tiny-course/images/dot.png'));

  it('checks the bytes, not the name', () => {
    expect(detectPictureType(png)).toBe('png');
    expect(detectPictureType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpg');
    expect(detectPictureType(new TextEncoder().encode('GIF89a...'))).toBe('gif');
    expect(detectPictureType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(detectPictureType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'))).toBeUndefined();
  });

  it('needs alt text, a picture, at most 2 MB', () => {
    expect(checkPicture({ bytes: png, alt: 'A dot' })).toEqual({ ok: true, type: 'png' });
    expect(checkPicture({ bytes: png, alt: '  ' })).toMatchObject({ ok: false, field: 'alt', message: expect.stringMatching(/^Describe the picture/) });
    expect(checkPicture({ bytes: undefined, alt: 'x' })).toMatchObject({ ok: false, code: 'file' });
    expect(checkPicture({ bytes: new TextEncoder().encode('<svg/>'), alt: 'x' })).toMatchObject({ ok: false, code: 'type' });
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(png.subarray(0, 8));
    expect(checkPicture({ bytes: big, alt: 'x' })).toMatchObject({ ok: false, code: 'size' });
  });

  it('names it in images/, slugged, never over another file', () => {
    const taken = new Set(['images/two-people.png']);
    expect(pictureName('Two People.PNG', 'png', (p) => taken.has(p))).toBe('images/two-people-2.png');
    expect(pictureName('../../etc/passwd', 'jpg', () => false)).toBe('images/etc-passwd.jpg');
    expect(pictureName('!!!.gif', 'gif', () => false)).toBe('images/picture.gif');
    expect(pictureMarkdown('A [dot]\nhere', 'images/dot.png')).toBe('![A dot here](images/dot.png)');
  });
});
