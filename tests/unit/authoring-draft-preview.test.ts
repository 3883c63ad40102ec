/**
 * The whole-course draft preview (issue 17): the working copy as trainees will see it, with
 * the content note and the knowledge check's questions, never its answers or feedback; a draft
 * with problems can still be previewed, and says how many problems it has.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { draftCourse } from '../../src/lib/authoring/draft-preview.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'draft-preview-'));
cpSync(path.join(root, 'tests/fixtures/courses/tiny/tiny-course'), path.join(dir, 'tiny-course'), { recursive: true });
cpSync(path.join(root, 'courses/peer-support-foundations'), path.join(dir, 'peer-support-foundations'), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('draftCourse', () => {
  it('shows every module in order with its content note, prompts and questions, and links inside the draft', () => {
    const draft = draftCourse('tiny-course', dir);
    expect(draft.title).toBe('Tiny course');
    expect(draft.problems).toBe(0);
    expect(draft.modules.map((m) => [m.id, m.title])).toEqual([['first', 'The first module'], ['second', 'The second module']]);
    const [first, second] = draft.modules;
    expect(second!.contentNote).toBe('Mentions something hard.');
    expect(first!.questions).toEqual([{ question: 'Pick the right one', type: 'single', options: ['Right', 'Wrong'] }]);
    expect(first!.html).toContain('href="/author/tiny-course/draft/second"');
    expect(first!.html).toContain('src="/author/tiny-course/files/images/dot.png"');
    expect(second!.html).toContain('href="/author/tiny-course/draft/first#a-section"');
  });

  it('never carries which answer is correct or the feedback, on a real course', () => {
    const draft = draftCourse('peer-support-foundations', dir);
    expect(draft.modules).toHaveLength(7);
    const source = readFileSync(path.join(dir, 'peer-support-foundations/01-what-peer-support-is.md'), 'utf8');
    const feedback = [...source.matchAll(/feedback: "?(.{20,}?)"?$/gm)].map((m) => m[1]!.slice(0, 40));
    expect(feedback.length).toBeGreaterThan(3);
    const out = JSON.stringify(draft);
    for (const f of feedback) expect(out).not.toContain(f.replace(/'/g, '’'));
    expect(out).not.toMatch(/"correct"|"feedback"/);
    expect(draft.modules[0]!.questions.length).toBeGreaterThanOrEqual(3);
  });

  it('previews a draft that still has problems, and counts them', () => {
    const file = path.join(dir, 'tiny-course/02-second.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace("The second module's text", 'TODO').concat('\n::: activity\n:::\n'));
    const draft = draftCourse('tiny-course', dir);
    expect(draft.problems).toBeGreaterThanOrEqual(2);
    expect(draft.modules[1]!.html).toContain('callout--activity');
  });
});
