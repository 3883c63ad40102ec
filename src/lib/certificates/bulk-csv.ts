/**
 * The bulk check's files, for accrediting bodies: reading an uploaded CSV of codes (one per
 * row, first column, optional header) and writing the results CSV. Pure.
 *
 * Every row is read and its code checked (check character, length, characters) before
 * anything is looked up; a row with a mistake is reported with its line number, and the rest
 * are still checked. Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
 * carriage return at the start) are prefixed with `'`, so a file cannot smuggle one in.
 */
import { csvCell as writeCsvCell, csvLine as writeCsvLine } from '../csv.ts';
import { certificatesEn } from '../i18n/certificates.ts';
import { formatCode, parseCode, type ParsedCode } from './code.ts';
import type { VerifyResult } from './verification.ts';
import { isoDay } from '../dates.ts';

/** Most codes checked in one file. */
export const BULK_MAX_ROWS = 10_000;
/** Largest file accepted, in bytes (10,000 codes with a few columns fit easily). */
export const BULK_MAX_BYTES = 2 * 1024 * 1024;

export interface BulkRow {
  /** Line in the uploaded file, from 1. */
  line: number;
  /** The first cell, as typed. */
  raw: string;
  parsed: ParsedCode;
}

export type BulkParse = { ok: true; rows: BulkRow[]; header: boolean } | { ok: false; message: string };

const b = certificatesEn.bulk;

/** The first cell of a CSV line (comma, semicolon or tab separated; "quoted" cells with "" escapes). */
export function firstCell(line: string): string {
  const text = line.trim();
  if (text.startsWith('"')) {
    let cell = '';
    for (let i = 1; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else break;
      } else cell += c;
    }
    return cell.trim();
  }
  return (text.split(/[,;\t]/, 1)[0] ?? '').trim();
}

/** A header cell names the column ("code", "Certificate code", "certificate_code", …). */
const isHeader = (cell: string) => /code/i.test(cell) && !parseCode(cell).ok;

/**
 * Reads an uploaded file of codes. Blank lines are skipped; the first non-blank line is a
 * header when its first cell names the column. Refuses (with a message for the person) an
 * empty file or one with more than `max` codes, before anything is checked.
 */
export function parseBulkCsv(text: string, max = BULK_MAX_ROWS): BulkParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rows: BulkRow[] = [];
  let header = false;
  let seenFirst = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const raw = firstCell(line);
    if (!seenFirst) {
      seenFirst = true;
      if (isHeader(raw)) {
        header = true;
        continue;
      }
    }
    rows.push({ line: i + 1, raw, parsed: parseCode(raw) });
    if (rows.length > max) {
      // Count the rest, so the person knows how far over they are.
      const total = rows.length + lines.slice(i + 1).filter((l) => l.trim() !== '').length;
      return { ok: false, message: b.tooManyRows(total, max) };
    }
  }
  if (rows.length === 0) return { ok: false, message: b.empty };
  return { ok: true, rows, header };
}

/** Distinct well-formed codes, in the order they first appear. */
export function codesToLookUp(rows: readonly BulkRow[]): string[] {
  const codes = new Set<string>();
  for (const row of rows) if (row.parsed.ok) codes.add(row.parsed.code);
  return [...codes];
}

/** One results line: cells quoted only when needed (the file's format), never a formula (src/lib/csv.ts). */
export const csvLine = (cells: (string | number | null | undefined)[]) => writeCsvLine(cells, 'needed');

/** One cell of the results file. */
export const csvCell = (value: string | number | null | undefined) => writeCsvCell(value, 'needed');

/** The results file's header line. */
export const bulkCsvHeader = () => csvLine(b.csvHeader);

/** `2026-11-23T14:05:00Z` → `2026-11-23` (the organisation's date). */
const day = (iso: string) => isoDay(iso);

/**
 * One results line.
 *
 * @param fullName the holder's full name, only when the verifier may see it (their
 *   organisation is the certificate's awarding body); otherwise undefined
 */
export function bulkResultLine(row: BulkRow, result: VerifyResult | undefined, fullName?: string): string {
  if (!row.parsed.ok) return csvLine([row.line, row.raw, 'invalid_code', '', '', '', '', '', '', row.parsed.message]);
  const c = result?.certificate;
  if (!result || !c) return csvLine([row.line, formatCode(row.parsed.code), result?.status ?? 'not_found', '', '', '', '', '', '', result?.message ?? certificatesEn.verify.messages.not_found]);
  const notes: string[] = [];
  if (c.revocation) notes.push(b.notes.revoked(day(c.revocation.revoked_at), c.revocation.reason));
  if (result.status === 'expired' && c.expires_at) notes.push(b.notes.expired(day(c.expires_at)));
  if (c.replaced_by) notes.push(b.notes.replacedBy(c.replaced_by));
  return csvLine([
    row.line,
    formatCode(row.parsed.code),
    result.status,
    c.course.title,
    c.accreditation?.qualification ?? c.title,
    c.accreditation?.level_name ?? '',
    c.accreditation?.credits ?? '',
    day(c.issued_at),
    fullName ?? '',
    notes.join('; '),
  ]);
}

/** A line for a row whose certificate could not be read (status `error`). */
export function bulkErrorLine(row: BulkRow, message: string): string {
  return csvLine([row.line, row.parsed.ok ? formatCode(row.parsed.code) : row.raw, 'error', '', '', '', '', '', '', message]);
}

/** Names compared loosely: case, spacing and accents do not matter. */
export function sameOrganisation(a: string | null | undefined, b: string | null | undefined): boolean {
  const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en-GB').replace(/\s+/g, ' ').trim();
  const x = fold(a ?? '');
  return x !== '' && x === fold(b ?? '');
}

/** How many rows of a bulk check ended in each status. */
export interface BulkCounts {
  total: number;
  valid: number;
  revoked: number;
  expired: number;
  not_found: number;
  invalid_code: number;
  error: number;
}

/** Counts by status, for the summary above the results. */
export function bulkCounts(statuses: readonly (keyof Omit<BulkCounts, 'total'>)[]): BulkCounts {
  const counts: BulkCounts = { total: statuses.length, valid: 0, revoked: 0, expired: 0, not_found: 0, invalid_code: 0, error: 0 };
  for (const status of statuses) counts[status] += 1;
  return counts;
}
