/**
 * CSV for the QA record and the audit log: the cells and document come from src/lib/csv.ts
 * (every cell quoted, formulas defused, CRLF); the dates in them from src/lib/dates.ts.
 */
export { csvCell, csvDocument } from '../csv.ts';
import { parsePocketBaseDate } from '../dates.ts';

/** A PocketBase date (`2026-11-23 16:40:05.123Z`) as ISO 8601 in UTC without milliseconds, or "" when empty. */
export function csvDate(value: string | undefined): string {
  if (!value) return '';
  const date = parsePocketBaseDate(value);
  return date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : value;
}
