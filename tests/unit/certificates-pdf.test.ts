import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCredential, signCredential, verifyCredential } from '../../src/lib/certificates/credential.ts';
import { didDocument, generateSigningKey, type SigningKey } from '../../src/lib/certificates/keys.ts';
import { extractCredentialFromPdf, renderCertificatePdf } from '../../src/lib/certificates/pdf.ts';
import type { SignedDocument } from '../../src/lib/certificates/proof.ts';
import { SITE, sampleSnapshot } from '../fixtures/ob3/sample.ts';

/** Whether a command-line tool is installed (pdftotext, pdffonts and pdfdetach come with poppler-utils, which .ci/run installs). */
const has = (tool: string) => {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
};
// In CI (which installs poppler-utils) these checks always run: a missing tool fails them
// there instead of skipping them silently. Elsewhere they are skipped without the tools.
const inCI = process.env.CI === 'true';
const poppler = inCI || (has('pdftotext') && has('pdffonts'));
const pdfdetach = inCI || has('pdfdetach');

let key: SigningKey;
let signed: SignedDocument;
let pdf: Buffer;
let dir: string;
let file: string;
const snapshot = sampleSnapshot();

beforeAll(async () => {
  key = await generateSigningKey();
  signed = await signCredential(buildCredential(snapshot, { siteUrl: SITE }), key);
  pdf = await renderCertificatePdf(snapshot, { siteUrl: SITE, credential: signed });
  dir = mkdtempSync(path.join(os.tmpdir(), 'lived-learning-pdf-'));
  file = path.join(dir, 'certificate.pdf');
  writeFileSync(file, pdf);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('certificate PDF', () => {
  it('is an accessible PDF 1.7: tagged, en-GB, showing its title', () => {
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-1.7')).toBe(true);
    expect(raw).toContain('/Lang (en-GB)');
    expect(raw).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(raw).toContain('/Marked true');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toContain('/DisplayDocTitle true');
    expect(raw).toContain('/S /H1');
    expect(raw).toContain('/S /Figure');
    expect(raw).toMatch(/\/Alt \(QR code: opens https:\/\/learning\.example\.org\/verify\/7K3MQ9TXZB2R4WH1 to check this certificate\)/);
    expect(raw).toMatch(/\/Title \d+ 0 R/);
    expect(raw).toContain('(Certificate of Achievement: Jordan Ellis-Mbeki, Level 2 Award in Tiny Things)');
    expect(raw).toContain('(Lived Learning Collective)');
  });

  it.skipIf(!poppler)('has real text: the holder, the qualification, the code in groups and the verify URL', () => {
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const expected of [
      'Certificate of Achievement',
      'Jordan Ellis-Mbeki',
      'Level 2 Award in Tiny Things',
      'for the course Tiny course, awarded by Test Awarding Body',
      'RQF Level 2',
      '7K3M-Q9TX-ZB2R-4WH1',
      'https://learning.example.org/verify/7K3MQ9TXZB2R4WH1',
      'First unit',
      'Second unit',
      '20 November 2026',
      '3 March 2027',
      'Sam Okafor',
      'Priya Nair',
      `Course version ${snapshot.course.version}`,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('names the holder and the code in its document information', () => {
    const raw = pdf.toString('latin1');
    expect(raw).toContain('Jordan Ellis-Mbeki');
    expect(raw).toContain('7K3M-Q9TX-ZB2R-4WH1');
    expect(raw).toContain('https://learning.example.org/verify/7K3MQ9TXZB2R4WH1');
  });

  it.skipIf(!poppler)('embeds Atkinson Hyperlegible (regular and bold) and no other font', () => {
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts).toHaveLength(2);
    for (const line of fonts) expect(line).toMatch(/AtkinsonHyperlegible-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('carries the signed credential, which reads back out and verifies', async () => {
    const attached = extractCredentialFromPdf(pdf);
    expect(attached).toEqual(signed);
    expect(await verifyCredential(attached, { didDocument: didDocument(SITE, key), now: new Date('2027-01-01T00:00:00Z') })).toMatchObject({ verified: true });
    expect(pdf.toString('latin1')).toMatch(/\/AFRelationship \/Data/);
  });

  it.skipIf(!pdfdetach)('lists the credential as an attachment any PDF reader can save', () => {
    expect(execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' })).toContain('1: credential.json');
  });

  it('reports no credential for a PDF without one', async () => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
    doc.text('Not a certificate');
    doc.end();
    expect(extractCredentialFromPdf(await done)).toBeUndefined();
    expect(extractCredentialFromPdf(Buffer.from('hello'))).toBeUndefined();
  });

  it('fits every kind of certificate on one page', async () => {
    for (const kind of ['unit', 'attendance'] as const) {
      const other = sampleSnapshot({ kind, unitIds: ['U1'], assessors: kind === 'attendance' ? [] : ['Sam Okafor'], expiresAt: null });
      const rendered = await renderCertificatePdf(other, { siteUrl: SITE, credential: await signCredential(buildCredential(other, { siteUrl: SITE }), key) });
      expect(rendered.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
    }
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  });
});
