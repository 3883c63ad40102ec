/**
 * Writing CSV: the one home for every download and results file (QA record, audit log,
 * module feedback, the group overview, the bulk certificate check). Pure.
 *
 * RFC 4180: cells separated by commas, lines ending in CRLF, a cell with a quote, comma or line
 * break wrapped in double quotes with inner quotes doubled. A cell that a spreadsheet would run
 * as a formula (starting with = + - @, a tab or a carriage return) is defused with a leading
 * apostrophe, so a trainee's, assessor's or uploader's text can never become one.
 *
 * Two quoting styles, both RFC 4180: `always` (the default: every cell quoted, the staff
 * downloads) and `needed` (only cells that must be, the bulk check's results file, whose
 * plain lines accrediting bodies' tools already read). The routes add a byte-order mark so
 * Excel reads UTF-8 (see csvDownload in src/lib/site/download.ts).
 */

export type CsvValue = string | number | boolean | null | undefined;
export type CsvQuoting = 'always' | 'needed';

/** A cell a spreadsheet would treat as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One spreadsheet cell: formulas defused, quoted (always, or only when needed), inner quotes doubled. */
export function csvCell(value: CsvValue, quoting: CsvQuoting = 'always'): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  if (quoting === 'needed' && !/[",\r\n]/.test(text)) return text;
  return `"${text.replace(/"/g, '""')}"`;
}

/** One line of cells, ending in CRLF. */
export function csvLine(cells: readonly CsvValue[], quoting: CsvQuoting = 'always'): string {
  return `${cells.map((cell) => csvCell(cell, quoting)).join(',')}\r\n`;
}

/** A whole CSV document: the header, then one line per row. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[], quoting: CsvQuoting = 'always'): string {
  return [header, ...rows].map((row) => csvLine(row, quoting)).join('');
}
