/**
 * The PDF journal: A4, the person's name and language in the metadata, Atkinson
 * Hyperlegible embedded, and every text (prompt and reflection, Markdown set simply) readable
 * as text. Uses poppler's pdftotext when it is installed (it is on CI: see TOOLCHAIN.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { ReflectionRecord } from '../../src/lib/records.ts';
import { journalPdf } from '../../src/lib/reflections/journal-pdf.ts';
import { groupReflections } from '../../src/lib/reflections/reflections.ts';

const { courses } = loadCourses(path.resolve('tests/fixtures/courses/tiny'));
const lookup = (slug: string) => courses.find((c) => c.slug === slug);

function record(fields: Partial<ReflectionRecord>): ReflectionRecord {
  return {
    id: 'aaaaaaaaaaaaaaa',
    collectionId: 'c',
    collectionName: 'reflections',
    user: 'u',
    course: 'tiny-course',
    module: 'first',
    prompt: 'p1',
    title: '',
    body: '',
    shared: false,
    shared_at: '',
    version: 1,
    created: '2026-03-12 10:00:00.000Z',
    updated: '2026-03-12 10:00:00.000Z',
    ...fields,
  };
}

function pdftotext(pdf: Buffer): string | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  try {
    const file = path.join(dir, 'j.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the PDF journal', () => {
  const records = [
    record({ body: 'I noticed **how calm** she was.\n\n- she listened\n- she _waited_\n\n> nothing about us without us' }),
    record({ id: 'bbbbbbbbbbbbbbb', module: '', prompt: 'free', title: 'After the group', body: 'A free reflection.', shared: true, shared_at: '2026-03-13 09:00:00.000Z' }),
  ];

  it('is an A4 PDF with a title, a language and an embedded open font', async () => {
    const pdf = await journalPdf(groupReflections(records, lookup), { name: 'Sam Example', now: new Date('2026-03-14T12:00:00Z') });
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-1.7')).toBe(true);
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toContain('/DisplayDocTitle true');
    expect(raw).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(raw).toMatch(/\/FontName \/[A-Z]+\+AtkinsonHyperlegible-Regular/);
    expect(raw).toMatch(/\/FontName \/[A-Z]+\+AtkinsonHyperlegible-Bold/);
    expect(raw).toContain('My reflection journal: Sam Example');
  });

  it('sets out the title page, then each module with its prompt and text', async () => {
    const pdf = await journalPdf(groupReflections(records, lookup), { name: 'Sam Example', now: new Date('2026-03-14T12:00:00Z') });
    const text = pdftotext(pdf);
    if (text === undefined) return; // poppler-utils not installed here
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'My reflection journal',
      'Written by Sam Example',
      'Exported on 14 March 2026',
      'Tiny course',
      '1. The first module',
      'Prompt 1',
      'What did you notice?',
      'I noticed how calm she was.',
      '• she listened',
      'nothing about us without us',
      'Free reflections',
      'After the group',
      'Shared with trainers since 13 March 2026',
      'Page 2',
    ]) {
      expect(flat, expected).toContain(expected);
    }
    expect(flat).not.toContain('**');
  });

  it('says so when there is nothing yet', async () => {
    const text = pdftotext(await journalPdf([], { name: 'New Person' }));
    if (text !== undefined) expect(text).toContain('There are no reflections yet.');
  });
});
