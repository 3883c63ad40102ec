/**
 * Does a certificate PDF show what its attached credential says? The comparison is pure
 * (src/lib/certificates/pdf-match.ts): these tests give it the words a PDF carries. The last
 * part renders real PDFs of every kind and reads them back with poppler (pdf-text.ts), so
 * the maker (pdf.ts) and the checker cannot drift apart.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCredential, describeCredential, signCredential } from '../../src/lib/certificates/credential.ts';
import { generateSigningKey, type SigningKey } from '../../src/lib/certificates/keys.ts';
import { renderCertificatePdf } from '../../src/lib/certificates/pdf.ts';
import {
  comparable,
  comparePdfWithCredential,
  describeMismatch,
  fromSubject,
  fromText,
  fromTitle,
  printedAchievement,
  type PdfWords,
} from '../../src/lib/certificates/pdf-match.ts';
import { infoField, readPdfWords } from '../../src/lib/certificates/pdf-text.ts';
import { SITE, sampleSnapshot } from '../fixtures/ob3/sample.ts';

const claims = { holder: 'Robin Example', achievement: 'Level 3 Award in Peer Support Work Foundations' };

/** The words of a genuine PDF for `claims`, as pdfinfo and pdftotext give them. */
function genuine(over: { name?: string; achievement?: string } = {}): PdfWords {
  const name = over.name ?? claims.holder;
  const achievement = over.achievement ?? claims.achievement;
  return {
    title: `Certificate of Achievement: ${name}, ${achievement}`,
    subject: `Certificate of Achievement for ${name}: ${achievement}. Certificate code ZC6C-1DP1-NDD8-M88Q; check it at https://x.example/verify/ZC6C1DP1NDD8M88Q`,
    text: [
      'LIVED LEARNING',
      '',
      'Certificate of Achievement',
      'This is to certify that',
      '',
      name,
      'has been awarded',
      '',
      achievement,
      'for the course Peer Support Worker Foundations, awarded by Lived Learning demonstration awarding organisation',
      'LEVEL',
      '',
      'CREDITS',
    ].join('\n'),
  };
}

describe('comparing a PDF with its credential', () => {
  it('finds nothing when the PDF shows the credential’s name and achievement everywhere', () => {
    expect(comparePdfWithCredential(genuine(), claims)).toEqual([]);
  });

  it('names each field where the printed name differs, with what the PDF and the credential say', () => {
    const words = { ...genuine(), text: genuine({ name: 'Alex Forged' }).text };
    expect(comparePdfWithCredential(words, claims)).toEqual([{ field: 'printed-name', pdf: 'Alex Forged', credential: 'Robin Example' }]);
    const all = comparePdfWithCredential(genuine({ name: 'Alex Forged' }), claims);
    expect(all.map((m) => m.field)).toEqual(['title-name', 'subject-name', 'printed-name']);
    expect(all.every((m) => m.pdf === 'Alex Forged' && m.credential === 'Robin Example')).toBe(true);
  });

  it('names the achievement when it differs, and tells it apart from the name', () => {
    const mismatches = comparePdfWithCredential(genuine({ achievement: 'Level 5 Diploma in Clinical Practice' }), claims);
    expect(mismatches).toEqual([
      { field: 'title-achievement', pdf: 'Level 5 Diploma in Clinical Practice', credential: claims.achievement },
      { field: 'subject-achievement', pdf: 'Level 5 Diploma in Clinical Practice', credential: claims.achievement },
      { field: 'printed-achievement', pdf: 'Level 5 Diploma in Clinical Practice', credential: claims.achievement },
    ]);
  });

  it('says it in one plain sentence', () => {
    expect(describeMismatch({ field: 'printed-name', pdf: 'Alex Forged', credential: 'Robin Example' })).toBe(
      'The name printed on the certificate differs: the PDF says “Alex Forged”; the credential says “Robin Example”.',
    );
    expect(describeMismatch({ field: 'title-name', pdf: '', credential: 'Robin Example' })).toBe(
      'The name in the PDF’s title (document information) differs: the PDF says nothing; the credential says “Robin Example”.',
    );
  });

  it('counts missing document information and a page without the certificate’s words as differences', () => {
    const found = comparePdfWithCredential({ text: 'A letter about something else' }, claims);
    expect(found.map((m) => [m.field, m.pdf])).toEqual([
      ['title-name', ''],
      ['title-achievement', ''],
      ['subject-name', ''],
      ['subject-achievement', ''],
      ['printed-name', ''],
      ['printed-achievement', ''],
    ]);
  });

  it('ignores line breaks, spacing and compatibility characters, but not case or accents', () => {
    const words = genuine();
    words.text = words.text!.replace('Robin Example', 'Robin\n  Example').replace('Foundations\n', 'Foundations  \n');
    expect(comparePdfWithCredential(words, claims)).toEqual([]);
    expect(comparable('ﬁnal  step ')).toBe('final step');
    const lower = comparePdfWithCredential(genuine({ name: 'robin example' }), claims);
    expect(lower).toHaveLength(3);
    const accent = comparePdfWithCredential(genuine({ name: 'Robín Example' }), claims);
    expect(accent).toHaveLength(3);
  });

  it('reads names and achievements that hold the separators themselves', () => {
    const tricky = { holder: 'Smith, Jo: Junior', achievement: 'Unit U1: Values, and principles' };
    expect(fromTitle(`Unit Certificate: ${tricky.holder}, ${tricky.achievement}`, tricky)).toEqual({ name: tricky.holder, achievement: tricky.achievement });
    expect(fromSubject(`Unit Certificate for ${tricky.holder}: ${tricky.achievement}. Certificate code X; check it at Y`, tricky)).toEqual({
      name: tricky.holder,
      achievement: tricky.achievement,
    });
    expect(fromTitle(`Unit Certificate: Someone Else, ${tricky.achievement}`, tricky).name).toBe('Someone Else');
    expect(fromTitle(`Unit Certificate: ${tricky.holder}, Another unit`, tricky).achievement).toBe('Another unit');
  });

  it('reads a name and an achievement that wrap onto two lines of the page', () => {
    const text = 'This is to certify that\n\nAlexandria Catherine Montgomery-\nWhitfield\nhas achieved the units\n\n4 units of Level 3 Certificate in\nService User Leadership\n\nawarded by Someone\nLEVEL';
    expect(fromText(text)).toEqual({ name: 'Alexandria Catherine Montgomery- Whitfield', achievement: '4 units of Level 3 Certificate in Service User Leadership' });
  });

  it('accepts the page’s short form of a unit or attendance achievement, and only that', () => {
    expect(printedAchievement('unit', 'Unit U1: Values')).toBe('U1: Values');
    expect(printedAchievement('unit', '2 units of Level 3 Award')).toBe('2 units of Level 3 Award');
    expect(printedAchievement('attendance', 'Certificate of attendance: Open Course')).toBe('Open Course');
    expect(printedAchievement('full', 'Level 3 Award')).toBe('Level 3 Award');
    const unit = { holder: 'Robin Example', achievement: 'Unit U1: Values' };
    const page = (line: string) => `This is to certify that\nRobin Example\nhas achieved the unit\n${line}\ntowards X`;
    const words = (line: string): PdfWords => ({
      title: `Unit Certificate: Robin Example, ${unit.achievement}`,
      subject: `Unit Certificate for Robin Example: ${unit.achievement}. Certificate code X`,
      text: page(line),
    });
    expect(comparePdfWithCredential(words('U1: Values'), unit)).toEqual([]);
    expect(comparePdfWithCredential(words('U2: Values'), unit)).toEqual([{ field: 'printed-achievement', pdf: 'U2: Values', credential: 'Unit U1: Values' }]);
  });

  it('reads one field of pdfinfo’s output', () => {
    const info = 'Title:           Certificate of Achievement: A, B\nSubject:         Certificate of Achievement for A: B. Certificate code X\nAuthor:          Lived Learning\n';
    expect(infoField(info, 'Title')).toBe('Certificate of Achievement: A, B');
    expect(infoField(info, 'Subject')).toBe('Certificate of Achievement for A: B. Certificate code X');
    expect(infoField(info, 'Keywords')).toBeUndefined();
  });
});

/** Whether pdfinfo and pdftotext are installed (poppler-utils; .ci/run installs it, so CI never skips). */
const has = (tool: string) => {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
};
const poppler = process.env.CI === 'true' || (has('pdftotext') && has('pdfinfo'));

describe.skipIf(!poppler)('real PDFs read back with poppler', () => {
  let key: SigningKey;
  let dir: string;
  beforeAll(async () => {
    key = await generateSigningKey();
    dir = mkdtempSync(path.join(os.tmpdir(), 'lived-learning-pdf-match-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function render(name: string, credentialFrom: ReturnType<typeof sampleSnapshot>, printedFrom = credentialFrom) {
    const credential = await signCredential(buildCredential(credentialFrom, { siteUrl: SITE }), key);
    const file = path.join(dir, `${name}.pdf`);
    writeFileSync(file, await renderCertificatePdf(printedFrom, { siteUrl: SITE, credential }));
    const read = await readPdfWords(file);
    if (!read.ok) throw new Error(read.detail);
    const about = describeCredential(credential);
    return comparePdfWithCredential(read.words, { holder: about.holder, achievement: about.achievement });
  }

  it('finds every kind of genuine certificate in agreement with its credential', async () => {
    const kinds = [
      sampleSnapshot(),
      sampleSnapshot({ kind: 'unit', unitIds: ['U1'] }),
      sampleSnapshot({ kind: 'unit', unitIds: ['U1', 'U2'] }),
      sampleSnapshot({ kind: 'attendance', unitIds: [], assessors: [], expiresAt: null }),
      sampleSnapshot({ holderName: 'Alexandria Catherine Montgomery-Whitfield de la Cruz Ó Súilleabháin' }),
    ];
    for (const [i, snapshot] of kinds.entries()) expect(await render(`genuine-${i}`, snapshot), `${snapshot.kind} ${snapshot.holder.name}`).toEqual([]);
  });

  it('finds the printed name of a PDF made with another name around the genuine credential', async () => {
    const real = sampleSnapshot();
    const forged = sampleSnapshot({ holderName: 'Alex Forged' });
    const found = await render('forged', real, forged);
    expect(found.map((m) => m.field)).toEqual(['title-name', 'subject-name', 'printed-name']);
    expect(found.find((m) => m.field === 'printed-name')).toEqual({ field: 'printed-name', pdf: 'Alex Forged', credential: real.holder.name });
  });

  it('says when poppler cannot read the file', async () => {
    const file = path.join(dir, 'broken.pdf');
    writeFileSync(file, '%PDF-1.7\nnot really a PDF\n');
    expect(await readPdfWords(file)).toMatchObject({ ok: false, reason: 'unreadable' });
  });
});
