import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument, csvLine } from '../../src/lib/csv.ts';

describe('csvCell (RFC 4180)', () => {
  it('quotes every cell by default and doubles inner quotes', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('She said "not yet"')).toBe('"She said ""not yet"""');
    expect(csvCell('two\nlines, and a comma')).toBe('"two\nlines, and a comma"');
    expect(csvCell(3)).toBe('"3"');
    expect(csvCell(true)).toBe('"true"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
  });

  it("quotes only cells that need it when asked ('needed')", () => {
    expect(csvCell('plain', 'needed')).toBe('plain');
    expect(csvCell(12, 'needed')).toBe('12');
    expect(csvCell(null, 'needed')).toBe('');
    expect(csvCell('a,b', 'needed')).toBe('"a,b"');
    expect(csvCell('say "hi"', 'needed')).toBe('"say ""hi"""');
    expect(csvCell('one\r\ntwo', 'needed')).toBe('"one\r\ntwo"');
  });

  it('defuses anything a spreadsheet would run as a formula, in both styles', () => {
    for (const quoting of ['always', 'needed'] as const) {
      const wrap = (s: string) => (quoting === 'always' ? `"${s}"` : s);
      expect(csvCell('+1+1', quoting)).toBe(wrap("'+1+1"));
      expect(csvCell('-2+3', quoting)).toBe(wrap("'-2+3"));
      expect(csvCell('@SUM(A1)', quoting)).toBe(wrap("'@SUM(A1)"));
      expect(csvCell('=1', quoting)).toBe(wrap("'=1"));
      expect(csvCell('a = b', quoting)).toBe(wrap('a = b'));
    }
    expect(csvCell('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(csvCell('=HYPERLINK("x")', 'needed')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('\t=1')).toBe('"\'\t=1"');
    expect(csvCell('\r=1', 'needed')).toBe('"\'\r=1"');
  });
});

describe('csvLine and csvDocument', () => {
  it('end every line with CRLF', () => {
    expect(csvLine(['a', 1, null])).toBe('"a","1",""\r\n');
    expect(csvLine(['a', 1, null], 'needed')).toBe('a,1,\r\n');
    expect(csvDocument(['A', 'B'], [['1', '=2'], [3, 'x,y']])).toBe('"A","B"\r\n"1","\'=2"\r\n"3","x,y"\r\n');
    expect(csvDocument(['A'], [])).toBe('"A"\r\n');
  });
});
