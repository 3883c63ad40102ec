/**
 * The bulk check's files: reading an uploaded CSV of codes (header, blank lines, bad rows by
 * line number, the 10,000-row limit) and writing the results CSV (no formulas, names only
 * when allowed).
 */
import { describe, expect, it } from 'vitest';
import {
  BULK_MAX_ROWS,
  bulkCsvHeader,
  bulkResultLine,
  codesToLookUp,
  csvCell,
  firstCell,
  parseBulkCsv,
  sameOrganisation,
} from '../../src/lib/certificates/bulk-csv.ts';
import { generateCode } from '../../src/lib/certificates/code.ts';
import { notFound, verifyStored } from '../../src/lib/certificates/verification.ts';
import { CODE, sampleSnapshot } from '../fixtures/ob3/sample.ts';

const TYPO = `${CODE.slice(0, 15)}${CODE[15] === 'A' ? 'B' : 'A'}`;

describe('reading the uploaded file', () => {
  it('takes the first cell of each row, skips a header and blank lines, and keeps line numbers', () => {
    const text = `\uFEFFCertificate code,Name\r\n${CODE},Jordan\r\n\r\n"7k3m-q9tx-zb2r-4wh1";x\r\n${TYPO}\r\nhello\r\n`;
    const parsed = parseBulkCsv(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.header).toBe(true);
    expect(parsed.rows.map((r) => [r.line, r.raw, r.parsed.ok ? r.parsed.code : r.parsed.reason])).toEqual([
      [2, CODE, CODE],
      [4, '7k3m-q9tx-zb2r-4wh1', CODE],
      [5, TYPO, 'check'],
      [6, 'hello', 'length'],
    ]);
    expect(codesToLookUp(parsed.rows)).toEqual([CODE]);
  });

  it('treats a first row that is a code as data, not a header', () => {
    const parsed = parseBulkCsv(`${CODE}\n`);
    expect(parsed).toMatchObject({ ok: true, header: false, rows: [{ line: 1, raw: CODE }] });
  });

  it('reads quoted cells with escaped quotes, and tab- or semicolon-separated rows', () => {
    expect(firstCell('"a ""b"" c",d')).toBe('a "b" c');
    expect(firstCell(' 7K3M Q9TX\tsecond')).toBe('7K3M Q9TX');
    expect(firstCell('x;y')).toBe('x');
  });

  it('refuses an empty file, and one over the limit before checking anything', () => {
    expect(parseBulkCsv('code\n\n  \n')).toEqual({ ok: false, message: 'That file has no certificate codes in it. Please put one code per row in the first column.' });
    const many = Array.from({ length: BULK_MAX_ROWS + 5 }, () => generateCode()).join('\n');
    expect(parseBulkCsv(many)).toEqual({ ok: false, message: 'That file has 10,005 codes. The most we can check at once is 10,000: please split it into smaller files.' });
    const exactly = Array.from({ length: BULK_MAX_ROWS }, () => generateCode()).join('\n');
    expect(parseBulkCsv(exactly)).toMatchObject({ ok: true });
  });
});

describe('writing the results', () => {
  it('has a header line', () => {
    expect(bulkCsvHeader()).toBe('line,code,status,course,qualification,level,credits,issued,holder,note\r\n');
  });

  it('never lets a cell start a formula, and quotes commas, quotes and line breaks', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
  });

  it('reports a bad row by its line with the reason, and echoes what was typed safely', () => {
    const parsed = parseBulkCsv(`=1+1\n${TYPO}\n`);
    if (!parsed.ok) throw new Error('expected rows');
    expect(bulkResultLine(parsed.rows[0]!, undefined)).toBe(
      `1,'=1+1,invalid_code,,,,,,,"That code has characters certificate codes never use (“=”, “+”): please check it against the certificate. Codes use the digits 0–9 and the letters A–Z except I, L, O and U."\r\n`,
    );
    expect(bulkResultLine(parsed.rows[1]!, undefined)).toContain(',invalid_code,,,,,,,That code has a typo: please check it against the certificate.\r\n');
  });

  it('gives the course, level, credits and date, and the holder only when allowed', () => {
    const parsed = parseBulkCsv(`${CODE}\n`);
    if (!parsed.ok) throw new Error('expected rows');
    const snapshot = sampleSnapshot({ expiresAt: null });
    const result = verifyStored({ code: CODE, snapshot, revoked_at: '', revoke_reason: '', holder_name_display: 'surname_check' }, new Date('2027-01-01T00:00:00Z'));
    expect(bulkResultLine(parsed.rows[0]!, result)).toBe('1,7K3M-Q9TX-ZB2R-4WH1,valid,Tiny course,Level 2 Award in Tiny Things,RQF Level 2,2,2026-11-20,,\r\n');
    expect(bulkResultLine(parsed.rows[0]!, result, 'Jordan Ellis-Mbeki')).toBe(
      '1,7K3M-Q9TX-ZB2R-4WH1,valid,Tiny course,Level 2 Award in Tiny Things,RQF Level 2,2,2026-11-20,Jordan Ellis-Mbeki,\r\n',
    );
  });

  it('notes a revocation with its date and reason, and a replacement', () => {
    const parsed = parseBulkCsv(`${CODE}\n`);
    if (!parsed.ok) throw new Error('expected rows');
    const result = verifyStored(
      { code: CODE, snapshot: sampleSnapshot(), revoked_at: '2026-12-01 09:00:00.000Z', revoke_reason: 'Name misspelt', holder_name_display: 'full', replacedByCode: generateCode(() => new Uint8Array(15)) },
      new Date('2027-01-01T00:00:00Z'),
    );
    expect(bulkResultLine(parsed.rows[0]!, result)).toContain(',revoked,Tiny course,');
    expect(bulkResultLine(parsed.rows[0]!, result)).toContain('Revoked 2026-12-01: Name misspelt; Replaced by 0000-0000-0000-0000');
  });

  it('says not found for a well-formed code nobody holds', () => {
    const parsed = parseBulkCsv(`${CODE}\n`);
    if (!parsed.ok) throw new Error('expected rows');
    expect(bulkResultLine(parsed.rows[0]!, notFound(CODE))).toBe(
      '1,7K3M-Q9TX-ZB2R-4WH1,not_found,,,,,,,No certificate has this code. Check it against the certificate: a character may have been misread.\r\n',
    );
  });

  it('compares organisations loosely, and never matches an empty one', () => {
    expect(sameOrganisation('  test awarding   body ', 'Test Awarding Body')).toBe(true);
    expect(sameOrganisation('', '')).toBe(false);
    expect(sameOrganisation('Other Body', 'Test Awarding Body')).toBe(false);
  });
});
