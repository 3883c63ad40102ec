/**
 * The portfolio export (issue 19): what is included follows the trainee's choices; a private
 * reflection is never included unless its own box is ticked; the PDF (read back with poppler)
 * shows the chosen parts and not the others, and is tagged; the zip holds the PDF and only
 * the chosen evidence files.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { CourseAssessment } from '../../src/lib/assessment/status.ts';
import { chosenEvidence, chosenReflections, defaultChoices, portfolioDocument, readChoices, SECTIONS, type PortfolioChoices, type PortfolioSource } from '../../src/lib/portfolio/portfolio.ts';
import { portfolioPdf } from '../../src/lib/portfolio/portfolio-pdf.ts';
import { evidencePath, portfolioZip } from '../../src/lib/portfolio/portfolio-zip.ts';

const day = (v: string) => v.slice(0, 10);
const NOW = new Date('2026-12-07T12:00:00Z');

function source(): PortfolioSource {
  const assessment = {
    units: [
      {
        unit: { id: 'u1', title: 'Unit One Values' },
        met: 1,
        complete: false,
        signedOff: false,
        withdrawn: undefined,
        criteria: [
          {
            criterion: { ref: 'U1/1.1', text: 'Explains peer values' },
            state: 'met',
            automatic: false,
            decision: { id: 'd1', criterion: 'U1/1.1', outcome: 'met', feedback: 'Clear and warm account', assessor_name: 'Ada Assessor', evidence: 'e1', observation: '', supersedes: '', created: '2026-10-01 10:00:00.000Z' },
          },
        ],
      },
    ],
    byRef: new Map(),
    met: 1,
    total: 1,
  } as unknown as CourseAssessment;
  return {
    name: 'Tamsin Trainee',
    course: { slug: 'psw', title: 'Peer Support Foundations', language: 'en-GB' },
    enrolledOn: '2026-09-01 09:00:00.000Z',
    modulesDone: [{ number: 1, title: 'Welcome module', completedAt: '2026-09-10 09:00:00.000Z' }],
    assessment,
    hours: [
      { done_on: '2026-10-02', minutes: 150, kind: 'placement', note: 'Ward drop-in', status: 'confirmed' },
      { done_on: '2026-10-03', minutes: 60, kind: 'study', note: 'Unconfirmed reading', status: 'logged' },
    ],
    hoursTarget: { total: 10 },
    sessions: [
      { held_on: '2026-10-04', minutes: 60, format: 'one_to_one', actions: 'Read about boundaries', supervisor: 's1', confirmed_by: 's1' },
      { held_on: '2026-10-05', minutes: 30, format: 'group', actions: 'Pending session actions', supervisor: 's1', confirmed_by: '' },
    ],
    supervisionTarget: { sessions: 4 },
    observations: [{ observed_on: '2026-10-06', observer: 's1', seen: 'Ran a recovery group', criteria: ['U1/1.1'], feedback: 'Lovely pacing' }],
    competencies: {
      title: 'HEE domains',
      source: '',
      scale: [
        { score: 1, label: 'Starting', descriptor: '' },
        { score: 2, label: 'Growing', descriptor: '' },
      ],
      items: [],
    },
    ratings: [
      {
        competency: { id: 'c1', title: 'Building hopeful relationships', description: '', mapsTo: [] },
        latest: { self: { id: 'r1', competency: 'c1', role: 'self', score: 2, comment: '', rater: 'me', rater_name: '', invite: '', created: '2026-10-07' } },
        history: [],
        gaps: [],
      },
    ],
    reflections: [
      { id: 'refchosen000001', label: 'Chosen reflection', prompt: 'What went well?', body: 'I felt **confident** with the group.', created: '2026-10-08', updated: '2026-10-08' },
      { id: 'refsecret000001', label: 'Secret reflection', prompt: '', body: 'Very private diary words.', created: '2026-10-09', updated: '2026-10-09' },
    ],
    evidence: [{ id: 'e1', criterion: 'U1/1.1', files: ['values_essay.pdf'] }],
    names: new Map([['s1', 'Sam Supervisor']]),
  };
}

function form(entries: [string, string][]): FormData {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
}

function pdftotext(pdf: Buffer, tool = 'pdftotext', args: string[] = []): string | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portfolio-'));
  try {
    const file = path.join(dir, 'p.pdf');
    writeFileSync(file, pdf);
    return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('portfolio choices', () => {
  it('ticks every section and no reflection before the trainee chooses', () => {
    const choices = defaultChoices();
    expect([...choices.sections]).toEqual([...SECTIONS]);
    expect(choices.reflections.size).toBe(0);
    expect(chosenReflections(source(), choices)).toEqual([]);
  });

  it('reads only known sections and only the trainee’s own reflections from the form', () => {
    const choices = readChoices(form([['section', 'hours'], ['section', 'bogus'], ['reflection', 'refchosen000001'], ['reflection', 'someoneelses0001']]), ['refchosen000001', 'refsecret000001']);
    expect([...choices.sections]).toEqual(['hours']);
    expect([...choices.reflections]).toEqual(['refchosen000001']);
  });

  it('never includes a private reflection that was not ticked, even with every section chosen', () => {
    const choices: PortfolioChoices = { sections: new Set(SECTIONS), reflections: new Set(['refchosen000001']) };
    const model = portfolioDocument(source(), choices, day, NOW);
    const all = JSON.stringify(model);
    expect(all).toContain('Chosen reflection');
    expect(all).not.toContain('Secret reflection');
    expect(all).not.toContain('Very private diary words');
  });

  it('leaves out sections that were not chosen, and counts only confirmed hours and sessions', () => {
    const model = portfolioDocument(source(), { sections: new Set(['hours', 'supervision']), reflections: new Set() }, day, NOW);
    expect(model.contents).toEqual(['Practice hours (confirmed only)', 'Supervision sessions (confirmed)']);
    const all = JSON.stringify(model);
    expect(all).toContain('Confirmed: 2 hours 30 minutes of a target of 10 hours.');
    expect(all).not.toContain('Unconfirmed reading');
    expect(all).toContain('1 confirmed of a target of 4.');
    expect(all).not.toContain('Pending session actions');
    expect(all).not.toContain('Unit One Values');
    expect(all).not.toContain('Lovely pacing');
  });

  it('packs evidence files only when the evidence section is chosen', () => {
    expect(chosenEvidence(source(), { sections: new Set(['units']), reflections: new Set() })).toEqual([]);
    expect(chosenEvidence(source(), { sections: new Set(['evidence']), reflections: new Set() }).map((e) => e.id)).toEqual(['e1']);
  });
});

describe('portfolio PDF', () => {
  it('shows the chosen parts and not the unchosen ones (read back with pdftotext), tagged with title and language', async () => {
    const choices: PortfolioChoices = { sections: new Set(['units', 'observations', 'ratings']), reflections: new Set(['refchosen000001']) };
    const pdf = await portfolioPdf(portfolioDocument(source(), choices, day, NOW), NOW);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/MarkInfo');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/Lang \(en-GB\)/);
    const text = pdftotext(pdf);
    if (text === undefined) return expect.fail('pdftotext (poppler-utils) is needed for this test');
    const flat = text.replace(/\s+/g, ' ');
    for (const shown of ['Tamsin Trainee', 'Peer Support Foundations', 'Unit One Values', 'Clear and warm account', 'Ada Assessor', 'Lovely pacing', 'Sam Supervisor', 'Building hopeful relationships', 'Chosen reflection', 'confident']) {
      expect(flat).toContain(shown);
    }
    for (const hidden of ['Secret reflection', 'Very private diary words', 'Ward drop-in', 'Read about boundaries', 'Welcome module']) expect(flat).not.toContain(hidden);
    const info = pdftotext(pdf, 'pdfinfo');
    expect(info).toMatch(/Title:\s+Portfolio: Tamsin Trainee, Peer Support Foundations/);
    expect(info).toMatch(/Tagged:\s+yes/);
    // The logical structure: headings, paragraphs and lists, in reading order.
    const struct = pdftotext(pdf, 'pdfinfo', ['-struct']) ?? '';
    const tags = struct.split('\n').map((l) => l.trim().split(' ')[0]).filter(Boolean);
    expect(tags.slice(0, 3)).toEqual(['Document', 'Sect', 'H1']);
    for (const tag of ['H2', 'H3', 'P', 'L', 'LI', 'LBody']) expect(tags).toContain(tag);
  });
});

describe('portfolio zip', () => {
  it('holds the PDF, a read-me and the evidence files under safe, distinct paths', () => {
    const zip = portfolioZip({
      pdf: new Uint8Array([37, 80, 68, 70]),
      name: 'Tamsin Trainee',
      course: 'Peer Support Foundations',
      files: [
        { criterion: 'U1/1.1', name: 'essay.pdf', bytes: new Uint8Array([1]) },
        { criterion: 'U1/1.1', name: 'essay.pdf', bytes: new Uint8Array([2]) },
        { criterion: '../../etc', name: '../passwd', bytes: new Uint8Array([3]) },
      ],
    });
    const entries = unzipSync(zip);
    expect(Object.keys(entries).sort()).toEqual(['README.txt', 'evidence/etc/passwd', 'evidence/u1-1.1/2-essay.pdf', 'evidence/u1-1.1/essay.pdf', 'portfolio.pdf']);
    expect(strFromU8(entries['README.txt']!)).toContain('Tamsin Trainee');
    expect(evidencePath({ criterion: '', name: '' }, new Set())).toBe('evidence/criterion/file');
  });
});
