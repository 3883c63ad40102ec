/**
 * CSV for the QA record and the audit log. Pure. Every cell is quoted, and a cell that a
 * spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) is
 * defused with a leading apostrophe, so a trainee's or assessor's text can never become one.
 * Lines end with CRLF (RFC 4180); the routes add a byte-order mark so Excel reads UTF-8.
 */

/** One spreadsheet cell: quoted, inner quotes doubled, formulas defused. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** A whole CSV document: the header, then one line per row. */
export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** A PocketBase date (`2026-11-23 16:40:05.123Z`) as ISO 8601 in UTC without milliseconds, or "" when empty. */
export function csvDate(value: string | undefined): string {
  if (!value) return '';
  const date = new Date(value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? value : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
