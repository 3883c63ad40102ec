/**
 * Review rounds, the pure parts (src/lib/review/review.ts): paragraphs a reviewer can comment
 * on, putting an accepted rewording into the file (only when the paragraph is still there
 * exactly once), writing credits into course.md without touching anything else, the forms,
 * and the `credits:` setting of course.md with its plain-words errors.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { courseFrontmatterSchema } from '../../src/lib/courses/schema.ts';
import { splitFrontmatter } from '../../src/lib/courses/frontmatter.ts';
import { parseCourseFile, serialiseCourse } from '../../src/lib/authoring/course-form.ts';
import { applyCredits, applySuggestion, paragraphsOf, parseCommentForm, parseCreditForm, parseReviewForm } from '../../src/lib/review/review.ts';

const words = { empty: 'empty', tooLong: (n: number) => `max ${n}` };
const form = (data: Record<string, string>) => new URLSearchParams(data);

describe('paragraphsOf', () => {
  it('cuts the text at blank lines, leaves box fences out and remembers the box', () => {
    const body = 'First line\nstill first.\n\n::: key-point\nInside the box.\n:::\n\n## A heading\n\n```\ncode\n\nmore code\n```\n';
    const ps = paragraphsOf(body);
    expect(ps.map((p) => [p.index, p.text, p.box])).toEqual([
      [1, 'First line\nstill first.', ''],
      [2, 'Inside the box.', 'key-point'],
      [3, '## A heading', ''],
      [4, '```\ncode\n\nmore code\n```', ''],
    ]);
  });
});

describe('applySuggestion', () => {
  const file = '---\ntitle: T\n---\n\nOld words here.\n\nOther paragraph.\n';
  it('replaces the paragraph and nothing else', () => {
    expect(applySuggestion(file, 'Old words here.', 'New words.\n')).toEqual({ ok: true, content: '---\ntitle: T\n---\n\nNew words.\n\nOther paragraph.\n' });
  });
  it('refuses when the paragraph has changed or appears twice, or the rewording is empty', () => {
    expect(applySuggestion(file, 'Gone words.', 'x')).toEqual({ ok: false, reason: 'changed' });
    expect(applySuggestion(file + '\nOld words here.\n', 'Old words here.', 'x')).toEqual({ ok: false, reason: 'twice' });
    expect(applySuggestion(file, 'Old words here.', '  ')).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('applyCredits', () => {
  const course = '---\ntitle: Listening\nauthors:\n  - name: Sam\n    role: Peer trainer\ncredits:\n  - name: Hand Written\n    role: reviewer\n---\n\nIntro text.\n';
  it('adds managed credits after the hand-written ones and keeps the rest of the file', () => {
    const out = applyCredits(course, [
      { ref: 'aaaaaaaa11', role: 'co-author', show: 'name', name: 'Priya' },
      { ref: 'bbbbbbbb22', role: 'reviewer', show: 'anonymous', name: 'Jo' },
      { ref: 'cccccccc33', role: 'reviewer', show: 'none', name: 'Hidden' },
    ]);
    const data = parseDocument(splitFrontmatter(out).yaml).toJS();
    expect(data.credits).toEqual([
      { name: 'Hand Written', role: 'reviewer' },
      { name: 'Priya', role: 'co-author', ref: 'aaaaaaaa11' },
      { anonymous: true, role: 'reviewer', ref: 'bbbbbbbb22' },
    ]);
    expect(out).not.toContain('Jo');
    expect(out).not.toContain('Hidden');
    expect(data.authors).toEqual([{ name: 'Sam', role: 'Peer trainer' }]);
    expect(out.endsWith('\nIntro text.\n')).toBe(true);
    expect(courseFrontmatterSchema.safeParse({ ...data, summary: 's', audience: 'a', units: [{ id: 'U1', title: 'u', credits: 1, guided_learning_hours: 1, outcomes: [{ id: '1', text: 't', criteria: [{ id: '1.1', text: 'c', evidence: 'reflection' }] }] }] }).success).toBe(true);
  });
  it('replaces an entry in place when its person changes their mind, and drops it when they withdraw', () => {
    const once = applyCredits(course, [{ ref: 'aaaaaaaa11', role: 'reviewer', show: 'name', name: 'Priya' }]);
    const anon = applyCredits(once, [{ ref: 'aaaaaaaa11', role: 'reviewer', show: 'anonymous', name: 'Priya' }]);
    expect(parseDocument(splitFrontmatter(anon).yaml).toJS().credits).toEqual([{ name: 'Hand Written', role: 'reviewer' }, { anonymous: true, role: 'reviewer', ref: 'aaaaaaaa11' }]);
    expect(anon).not.toContain('Priya');
    const gone = applyCredits(anon, [{ ref: 'aaaaaaaa11', role: 'reviewer', show: 'none', name: '' }]);
    expect(parseDocument(splitFrontmatter(gone).yaml).toJS().credits).toEqual([{ name: 'Hand Written', role: 'reviewer' }]);
    expect(applyCredits(gone, [{ ref: 'aaaaaaaa11', role: 'reviewer', show: 'none', name: '' }])).toBe(gone);
  });
  it('survives the course settings form: credits are kept when the form saves course.md', () => {
    const out = applyCredits(course, [{ ref: 'aaaaaaaa11', role: 'co-author', show: 'name', name: 'Priya' }]);
    const model = parseCourseFile(out);
    expect(serialiseCourse(model)).toContain('ref: aaaaaaaa11');
  });
  it('keeps a ref made only of digits as text, through the settings form too', () => {
    const out = applyCredits(course, [{ ref: '610243948920', role: 'co-author', show: 'anonymous', name: 'Asha' }]);
    expect(parseDocument(splitFrontmatter(out).yaml).toJS().credits[1]).toEqual({ anonymous: true, role: 'co-author', ref: '610243948920' });
    const again = serialiseCourse(parseCourseFile(out));
    expect(parseDocument(splitFrontmatter(again).yaml).toJS().credits[1].ref).toBe('610243948920');
    expect(applyCredits(out, [{ ref: '610243948920', role: 'co-author', show: 'anonymous', name: 'Asha' }])).toBe(out);
  });
});

describe('the credits setting of course.md', () => {
  const base = { title: 'T', summary: 's', audience: 'a', authors: [{ name: 'Sam', role: 'r' }], units: [{ id: 'U1', title: 'u', credits: 1, guided_learning_hours: 1, outcomes: [{ id: '1', text: 't', criteria: [{ id: '1.1', text: 'c', evidence: 'reflection' }] }] }] };
  const problems = (credits: unknown) => {
    const r = courseFrontmatterSchema.safeParse({ ...base, credits });
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };
  it('accepts names and anonymous entries', () => {
    expect(problems([{ name: 'Priya', role: 'reviewer' }, { anonymous: true, role: 'co-author' }])).toEqual([]);
  });
  it('says in plain words what is wrong and how to fix it', () => {
    expect(problems([{ role: 'reviewer' }])[0]).toMatch(/needs either a `name` or `anonymous: true`/);
    expect(problems([{ name: 'P', anonymous: true, role: 'reviewer' }])[0]).toMatch(/not both/);
    expect(problems([{ name: 'P', role: 'editor' }])[0]).toMatch(/must be reviewer or co-author/);
    expect(problems([{ name: 'P', role: 'reviewer', ref: 'NOT OK' }])[0]).toMatch(/leave it as it was/);
    expect(problems('Priya')[0]).toMatch(/must be a list/);
  });
});

describe('the reviewer’s forms', () => {
  const comment = { path: '01-listening.md', target: 'paragraph', anchor: '2', quote: 'Old words.' };
  it('a rewording equal to the paragraph is only a comment', () => {
    const r = parseCommentForm(form({ ...comment, body: 'Nice', suggestion: 'Old words.' }), words);
    expect(r.ok && r.value.kind).toBe('comment');
    const s = parseCommentForm(form({ ...comment, body: '', suggestion: 'New words.' }), words);
    expect(s.ok && [s.value.kind, s.value.suggestion]).toEqual(['suggestion', 'New words.']);
  });
  it('refuses an empty comment, a made-up file or paragraph, and text that is too long', () => {
    expect(parseCommentForm(form({ ...comment, body: '', suggestion: 'Old words.' }), words)).toEqual({ ok: false, fields: { body: 'empty' } });
    expect(parseCommentForm(form({ ...comment, path: '../secret', body: 'x' }), words).ok).toBe(false);
    expect(parseCommentForm(form({ ...comment, anchor: '0', body: 'x' }), words).ok).toBe(false);
    expect(parseCommentForm(form({ ...comment, body: 'x'.repeat(2001) }), words)).toEqual({ ok: false, fields: { body: 'max 2000' } });
  });
  it('a question takes no rewording', () => {
    const r = parseCommentForm(form({ ...comment, target: 'question', body: 'Unclear', suggestion: 'Something' }), words);
    expect(r.ok && [r.value.kind, r.value.suggestion]).toEqual(['comment', '']);
  });
  it('the structured review needs at least one answer', () => {
    expect(parseReviewForm(form({ helped: '', hurt: '', missing: '' }), words)).toEqual({ ok: false, fields: { helped: 'empty' } });
    expect(parseReviewForm(form({ missing: 'More on money' }), words)).toEqual({ ok: true, value: { helped: '', hurt: '', missing: 'More on money' } });
  });
  it('crediting by name needs a name; anonymous does not', () => {
    const w = { needName: 'need', tooLong: words.tooLong };
    expect(parseCreditForm(form({ show: 'name', name: ' ' }), w)).toEqual({ ok: false, fields: { name: 'need' } });
    expect(parseCreditForm(form({ show: 'anonymous', name: '' }), w)).toEqual({ ok: true, value: { show: 'anonymous', name: '' } });
  });
});
