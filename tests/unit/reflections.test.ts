/**
 * The pure rules of private reflections: prompt ids, normalising text, the length limit, the
 * conflict decision, copy titles, grouping, the save form, where pages send people, and
 * the Markdown export (file names, front matter, the zip).
 */
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { DomainError } from '../../src/lib/errors.ts';
import type { ReflectionRecord } from '../../src/lib/records.ts';
import { exportDownloadName, exportEntries, exportFileName, reflectionMarkdown, reflectionsZip } from '../../src/lib/reflections/export.ts';
import {
  BODY_LIMIT,
  byPrompt,
  characterCount,
  copyTitle,
  decideConflict,
  decideCreate,
  defaultFreeTitle,
  excerpt,
  groupReflections,
  isBlank,
  normaliseBody,
  normaliseTitle,
  parsePbDate,
  promptId,
  promptIds,
  promptNumber,
  promptText,
  recordStorageKey,
  reflectionHeading,
  reflectionLabel,
  resolveTarget,
  sameText,
  sharingLabel,
  storageKey,
} from '../../src/lib/reflections/reflections.ts';
import { afterSaveLocation, flashLocation, readFlash, saveJson } from '../../src/lib/reflections/routes.ts';
import { parseReflectionId, parseSaveForm, parseShareForm, parseVersion, rawSaveForm } from '../../src/lib/reflections/schema.ts';

const { courses } = loadCourses(path.resolve('tests/fixtures/courses/tiny'));
const tiny = courses[0]!;
const lookup = (slug: string): Course | undefined => courses.find((c) => c.slug === slug);
const LONDON = 'Europe/London';

let n = 0;
function record(fields: Partial<ReflectionRecord>): ReflectionRecord {
  n += 1;
  return {
    id: `rec${String(n).padStart(12, '0')}`,
    collectionId: 'c',
    collectionName: 'reflections',
    user: 'user00000000001',
    course: 'tiny-course',
    module: 'first',
    prompt: 'p1',
    title: '',
    body: 'text',
    shared: false,
    shared_at: '',
    version: 1,
    created: `2026-03-12 10:00:${String(n % 60).padStart(2, '0')}.000Z`,
    updated: '2026-03-12 11:00:00.000Z',
    ...fields,
  };
}

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) data.append(k, value);
  return data;
}

describe('prompt ids', () => {
  it('numbers prompts by position from p1', () => {
    expect(promptId(0)).toBe('p1');
    expect(promptIds({ reflectionPrompts: ['a', 'b', 'c'] })).toEqual(['p1', 'p2', 'p3']);
    expect(promptNumber('p12')).toBe(12);
    expect(promptNumber('free')).toBe(0);
    expect(promptNumber('p0')).toBe(0);
    expect(promptText({ reflectionPrompts: ['a', 'b'] }, 'p2')).toBe('b');
    expect(promptText({ reflectionPrompts: ['a', 'b'] }, 'p3')).toBeUndefined();
    expect(promptText({ reflectionPrompts: ['a'] }, 'free')).toBeUndefined();
  });

  it('checks course, module and prompt for a new reflection, with a kind message for each', () => {
    expect(resolveTarget(tiny, 'first', 'p1')).toMatchObject({ kind: 'module', prompt: 'p1', promptText: 'What did you notice?' });
    expect(resolveTarget(tiny, '', 'free')).toMatchObject({ kind: 'free' });
    const failure = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof DomainError ? `${error.kind}: ${error.message}` : String(error);
      }
      return 'no error';
    };
    expect(failure(() => resolveTarget(undefined, 'first', 'p1'))).toMatchInlineSnapshot(
      `"not-found: We could not find that course. It may have been renamed or taken down. Your text is still in the box: copy it somewhere safe."`,
    );
    expect(failure(() => resolveTarget(tiny, 'nope', 'p1'))).toMatchInlineSnapshot(
      `"not-found: We could not find that module in the course. It may have been renamed. Your text is still in the box: copy it somewhere safe."`,
    );
    expect(failure(() => resolveTarget(tiny, 'first', 'p2'))).toMatchInlineSnapshot(
      `"not-found: That reflection prompt is not in this module any more. Your text is still in the box: copy it somewhere safe, or write it as a free reflection."`,
    );
    expect(failure(() => resolveTarget(tiny, 'first', 'free'))).toMatch(/^invalid: /);
  });
});

describe('normalising and measuring text', () => {
  it('keeps the words, unifies line endings and drops control characters', () => {
    expect(normaliseBody('one\r\ntwo\rthree\n')).toBe('one\ntwo\nthree\n');
    expect(normaliseBody('tab\tkept\u0000\u0007 gone')).toBe('tab\tkept gone');
    expect(normaliseBody('  spaces stay  \n\n\n')).toBe('  spaces stay  \n\n\n');
    expect(normaliseBody('e\u0301')).toBe('é');
    expect(normaliseTitle('  A\n title\t here ')).toBe('A title here');
  });

  it('counts characters as PocketBase does: an emoji is one', () => {
    expect(characterCount('🙂🙂')).toBe(2);
    expect('🙂🙂'.length).toBe(4);
    expect(characterCount('a'.repeat(BODY_LIMIT))).toBe(50_000);
  });

  it('treats white space alone as empty, and trailing space as the same text', () => {
    expect(isBlank(' \n\t ')).toBe(true);
    expect(isBlank(' a ')).toBe(false);
    expect(sameText('hello\r\n', 'hello')).toBe(true);
    expect(sameText('hello', 'Hello')).toBe(false);
  });
});

describe('what happens when two tabs save', () => {
  it('a stale save with the same text is already saved; with other text, both are kept', () => {
    expect(decideConflict('my words', 'my words\n')).toBe('already-saved');
    expect(decideConflict('my words', 'words from the other tab')).toBe('keep-both');
  });

  it('a new save for a prompt that already has text keeps both, unless one of them says the same', () => {
    const a = record({ body: 'first tab' });
    const b = record({ body: 'copy text' });
    expect(decideCreate('hello', [], false)).toEqual({ action: 'create' });
    expect(decideCreate('copy text', [a, b], false)).toEqual({ action: 'already-saved', record: b });
    expect(decideCreate('new words', [a, b], false)).toEqual({ action: 'keep-both' });
    // Free reflections are separate pieces of writing: a new one is simply created.
    expect(decideCreate('new words', [a], true)).toEqual({ action: 'create' });
    expect(decideCreate('first tab', [a], true)).toEqual({ action: 'already-saved', record: a });
  });

  it('titles the kept copy plainly, with the date and time', () => {
    const at = new Date('2026-03-12T14:02:00Z');
    expect(copyTitle({ prompt: 'p1', title: '' }, at, LONDON)).toBe('Copy saved from another tab on 12 March 2026 at 14:02');
    expect(copyTitle({ prompt: 'free', title: 'After the group' }, at, LONDON)).toBe(
      'After the group (copy saved from another tab on 12 March 2026 at 14:02)',
    );
    const long = copyTitle({ prompt: 'free', title: 'x'.repeat(200) }, at, LONDON);
    expect(characterCount(long)).toBe(200);
    expect(long.endsWith('…')).toBe(true);
    expect(defaultFreeTitle(at, LONDON)).toBe('Reflection of 12 March 2026');
  });
});

describe('labels, dates and keys', () => {
  it('says plainly who can see a reflection', () => {
    expect(sharingLabel({ shared: false, shared_at: '' })).toBe('Private — only you can see this');
    expect(sharingLabel({ shared: true, shared_at: '2026-03-12 09:30:00.000Z' }, LONDON)).toBe('Shared with your trainers since 12 March 2026');
  });

  it('reads PocketBase dates', () => {
    expect(parsePbDate('2026-03-12 09:30:00.000Z')?.toISOString()).toBe('2026-03-12T09:30:00.000Z');
    expect(parsePbDate('')).toBeUndefined();
    expect(parsePbDate('not a date')).toBeUndefined();
  });

  it('keys the device copy by person, course, module and prompt (or by reflection)', () => {
    expect(storageKey('u1', 'c', 'm', 'p2')).toBe('lived-learning:reflection:u1:c:m:p2');
    expect(recordStorageKey('u1', 'new')).toBe('lived-learning:reflection:u1:new');
    expect(recordStorageKey('u1', 'abc')).toBe('lived-learning:reflection:u1:abc');
  });

  it('labels and excerpts without Markdown marks', () => {
    expect(reflectionLabel({ prompt: 'p2', title: '' })).toBe('Prompt 2');
    expect(reflectionLabel({ prompt: 'free', title: 'Mine' })).toBe('Mine');
    expect(reflectionHeading({ prompt: 'p1', title: '', module: 'first' }, tiny)).toBe('The first module: prompt 1');
    expect(reflectionHeading({ prompt: 'p1', title: 'Copy saved…', module: 'first' }, tiny)).toBe('Copy saved…');
    expect(reflectionHeading({ prompt: 'p1', title: '', module: 'gone' }, tiny)).toBe('Prompt 1');
    expect(excerpt('**Bold** and _soft_\n\n- one\n- two\n> quoted')).toBe('Bold and soft one two quoted');
    expect(excerpt('a'.repeat(300), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});

describe('grouping for "My reflections" and the exports', () => {
  it('groups by course and module in course order, prompts in order, copies after their main one, free ones last', () => {
    const second = record({ module: 'second', prompt: 'p1', body: 'second module' });
    const p1 = record({ module: 'first', prompt: 'p1', body: 'main' });
    const copy = record({ module: 'first', prompt: 'p1', body: 'copy', title: 'Copy saved from another tab on …' });
    const free = record({ module: '', prompt: 'free', title: 'Free one', body: 'free' });
    const gone = record({ course: 'old-course', module: 'old', prompt: 'p1', body: 'kept anyway' });
    const groups = groupReflections([gone, free, copy, second, p1], lookup);

    expect(groups.map((g) => [g.slug, g.known])).toEqual([
      ['tiny-course', true],
      ['old-course', false],
    ]);
    const [course, old] = groups;
    expect(course!.modules.map((m) => [m.id, m.number])).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
    expect(course!.modules[0]!.entries.map((e) => [e.record.body, e.isCopy, e.promptText])).toEqual([
      ['main', false, 'What did you notice?'],
      ['copy', true, 'What did you notice?'],
    ]);
    expect(course!.free.map((e) => e.record.title)).toEqual(['Free one']);
    expect(old!.title).toBe('Course “old-course” (no longer on this site)');
    expect(old!.modules[0]!.title).toBe('Module “old” (no longer in this course)');

    // One module's reflections, by prompt: the oldest is the main one.
    const p2 = record({ module: 'first', prompt: 'p2', body: 'two' });
    const prompts = byPrompt([copy, p2, p1]);
    expect(prompts.get('p1')!.main.body).toBe('main');
    expect(prompts.get('p1')!.copies.map((r) => r.body)).toEqual(['copy']);
    expect(prompts.get('p2')).toEqual({ main: p2, copies: [] });
  });
});

describe('the save form', () => {
  const base = { id: '', version: '', course: 'tiny-course', module: 'first', prompt: 'p1', from: 'module' };

  it('parses a new and an existing reflection', () => {
    expect(parseSaveForm(form({ ...base, body: 'hello\r\nthere' }))).toEqual({ ...base, version: undefined, body: 'hello\nthere' });
    expect(parseSaveForm(form({ ...base, id: 'abcdefghijklmno', version: '3', body: 'x' }))).toMatchObject({ id: 'abcdefghijklmno', version: 3 });
    expect(parseSaveForm(form({ ...base, module: '', prompt: 'free', title: '  My  title ', body: 'x', from: 'reflection' }))).toMatchObject({
      title: 'My title',
      from: 'reflection',
    });
  });

  it('refuses a text over 50,000 characters with a message for the box, and keeps the text for the page', () => {
    const long = 'a'.repeat(50_001);
    const data = form({ ...base, body: long });
    try {
      parseSaveForm(data);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('invalid');
      expect((error as DomainError).fields['body']).toMatchInlineSnapshot(
        `"Your reflection is 50,001 characters long, and the limit is 50,000. Please shorten it by 1 character, or split it into two reflections. Your text is still in the box."`,
      );
    }
    expect(rawSaveForm(data).body).toBe(long);
    // Exactly at the limit is fine, counting an emoji as one character.
    expect(parseSaveForm(form({ ...base, body: `${'a'.repeat(49_999)}🙂` })).body).toHaveLength(50_001);
  });

  it('refuses a title over 200 characters next to the title field', () => {
    expect(() => parseSaveForm(form({ ...base, prompt: 'free', module: '', title: 'x'.repeat(201), body: 'x' }))).toThrow(
      'The title can be up to 200 characters. Please make it shorter.',
    );
  });

  it('treats tampered forms as not ours: extra fields (like user), repeats, bad ids, an id without its version', () => {
    const kindOf = (fields: Record<string, string | string[]>) => {
      try {
        parseSaveForm(form(fields));
        return 'ok';
      } catch (error) {
        return (error as DomainError).kind;
      }
    };
    expect(kindOf({ ...base, body: 'x', user: 'someone0000else' })).toBe('invalid');
    expect(kindOf({ ...base, body: ['x', 'y'] })).toBe('invalid');
    expect(kindOf({ ...base, id: 'not-an-id', version: '1', body: 'x' })).toBe('invalid');
    expect(kindOf({ ...base, id: 'abcdefghijklmno', body: 'x' })).toBe('invalid');
    expect(kindOf({ ...base, prompt: 'p0', body: 'x' })).toBe('not-found');
    expect(kindOf({ ...base, course: '../etc', body: 'x' })).toBe('not-found');
    expect(kindOf({ ...base, from: 'https://evil.example', body: 'x' })).toBe('invalid');
    expect(kindOf({ ...base })).toBe('invalid');
  });

  it('parses the share form and ids in URLs', () => {
    expect(parseShareForm(form({ shared: 'true', from: 'list' }))).toEqual({ shared: true, from: 'list' });
    expect(parseShareForm(form({ shared: 'false' }))).toEqual({ shared: false, from: 'reflection' });
    expect(() => parseShareForm(form({ shared: 'yes' }))).toThrow(DomainError);
    expect(parseReflectionId('abcdefghijklmno')).toBe('abcdefghijklmno');
    expect(() => parseReflectionId('../x')).toThrow(DomainError);
    expect(parseVersion('2')).toBe(2);
    expect(() => parseVersion('0')).toThrow(DomainError);
  });
});

describe('where pages send people', () => {
  const saved = record({ id: 'abcdefghijklmno', module: 'first', prompt: 'p1' });

  it('goes back to the prompt on the module page, the reflection page or the list, with a status', () => {
    expect(flashLocation(saved, 'module', 'saved')).toBe('/courses/tiny-course/first?reflection=saved&prompt=p1#reflection-p1');
    expect(flashLocation(saved, 'reflection', 'shared')).toBe('/reflections/abcdefghijklmno?reflection=shared#editor');
    expect(flashLocation(saved, 'list', 'unshared')).toBe('/reflections?reflection=unshared#r-abcdefghijklmno');
    // A free reflection has no module page to go back to.
    expect(flashLocation({ ...saved, module: '', prompt: 'free' }, 'module', 'saved')).toBe('/reflections/abcdefghijklmno?reflection=saved#editor');
  });

  it('after keeping both, points at the copy', () => {
    const copy = record({ id: 'copycopycopycop', module: 'first', prompt: 'p1', title: 'Copy saved…' });
    const input = { course: 'tiny-course', module: 'first', prompt: 'p1', from: 'module' as const };
    expect(afterSaveLocation({ outcome: 'kept-both', record: copy, original: saved }, input)).toBe(
      '/courses/tiny-course/first?reflection=kept-both&copy=copycopycopycop&prompt=p1#reflection-p1',
    );
    expect(afterSaveLocation({ outcome: 'kept-both', record: copy, original: saved }, { ...input, from: 'reflection' })).toBe(
      '/reflections/copycopycopycop?reflection=kept-both&original=abcdefghijklmno#editor',
    );
    expect(afterSaveLocation({ outcome: 'empty', record: undefined }, input)).toBe('/courses/tiny-course/first?reflection=empty&prompt=p1#reflection-p1');
    expect(saveJson({ outcome: 'kept-both', record: copy, original: saved })).toMatchObject({
      outcome: 'kept-both',
      id: 'copycopycopycop',
      copy: { id: 'copycopycopycop', href: '/reflections/copycopycopycop' },
    });
  });

  it('reads back only the statuses it knows', () => {
    expect(readFlash(new URLSearchParams('reflection=saved'))).toBe('saved');
    expect(readFlash(new URLSearchParams('reflection=<script>'))).toBeUndefined();
  });
});

describe('the Markdown export', () => {
  const p1 = record({ id: 'aaaaaaaaaaaaaaa', module: 'first', prompt: 'p1', body: 'I noticed *this*.', shared: true, shared_at: '2026-03-13 08:00:00.000Z', version: 3, created: '2026-03-12 10:00:00.000Z' });
  const copy = record({ id: 'bbbbbbbbbbbbbbb', module: 'first', prompt: 'p1', title: 'Copy saved from another tab on 12 March 2026 at 14:02', body: 'other', created: '2026-03-12 10:00:01.000Z' });
  const free = record({ id: 'ccccccccccccccc', module: '', prompt: 'free', title: 'After the group: “thoughts”/../', body: 'free text' });
  const entries = exportEntries(groupReflections([p1, copy, free], lookup));

  it('names one file per reflection, in a folder per course and module, never repeating or escaping', () => {
    expect(entries.map(exportFileName)).toEqual([
      'tiny-course/01-first/p1.md',
      'tiny-course/01-first/p1-copy-bbbbbbbbbbbbbbb.md',
      'tiny-course/free/after-the-group-thoughts-ccccccccccccccc.md',
    ]);
    expect(exportDownloadName('zip', new Date('2026-03-12T10:00:00Z'))).toBe('my-reflections-2026-03-12.zip');
    expect(exportDownloadName('pdf', new Date('2026-03-12T10:00:00Z'))).toBe('my-reflection-journal-2026-03-12.pdf');
  });

  it('writes a front-matter header, then the text exactly as written', () => {
    expect(reflectionMarkdown(entries[0]!)).toMatchInlineSnapshot(`
      "---
      title: "Prompt 1"
      course: "Tiny course"
      course_id: "tiny-course"
      module: "The first module"
      module_id: "first"
      prompt: "p1"
      prompt_text: "What did you notice?"
      created: "2026-03-12T10:00:00.000Z"
      updated: "2026-03-12T11:00:00.000Z"
      shared: true
      shared_at: "2026-03-13T08:00:00.000Z"
      version: 3
      ---

      I noticed *this*.
      "
    `);
    expect(reflectionMarkdown(entries[2]!)).toContain('module: null\n');
    expect(reflectionMarkdown(entries[2]!)).toContain('title: "After the group: “thoughts”/../"\n');
    expect(reflectionMarkdown(entries[2]!)).toContain('shared: false\nshared_at: null\n');
  });

  it('zips them all with a README', () => {
    const files = unzipSync(reflectionsZip(entries, 'read me'));
    expect(Object.keys(files).sort()).toEqual(['README.txt', ...entries.map(exportFileName)].sort());
    expect(strFromU8(files['tiny-course/01-first/p1.md']!)).toContain('I noticed *this*.');
    expect(strFromU8(files['README.txt']!)).toBe('read me');
  });
});
