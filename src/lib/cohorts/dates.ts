/**
 * Calendar days as people type them and as PocketBase stores them. Pure.
 *
 * A date field sends `2026-03-14`; without a date picker (old phones, some browsers) people
 * type `14/03/2026` or `14 March 2026`. All three are accepted. Days are stored as midnight
 * UTC (`2026-03-14 00:00:00.000Z`), and shown in en-GB ("14 March 2026").
 */
import { formatForPeople, isoDay, orgTimeZone, parsePocketBaseDate } from '../dates.ts';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function valid(y: number, m: number, d: number): string | undefined {
  if (!Number.isInteger(y) || y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `2026-03-14`, `14/03/2026`, `14-3-2026`, `14 March 2026` or `14 Mar 2026` → `2026-03-14`; anything else → undefined. */
export function parseDay(raw: string): string | undefined {
  const text = raw.trim().toLowerCase();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) return valid(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$/.exec(text);
  if (m) {
    const month = MONTHS.findIndex((name) => name === m![2] || (m![2]!.length >= 3 && name.startsWith(m![2]!)));
    return month < 0 ? undefined : valid(Number(m[3]), month + 1, Number(m[1]));
  }
  return undefined;
}

/** `2026-03-14` → `2026-03-14 00:00:00.000Z` (PocketBase's date format). */
export const toPbDate = (day: string) => `${day} 00:00:00.000Z`;

/** A PocketBase date (or ISO date) → `2026-03-14`, or '' when empty or not a date. */
export function dayOf(value: string | undefined | null): string {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value ?? '');
  return m ? m[1]! : '';
}

/** A PocketBase date → a Date, or undefined (src/lib/dates.ts). */
export const parsePbDate = parsePocketBaseDate;

/** "14 March 2026" for a PocketBase date or day; '' when empty. Days are shown as stored (UTC). */
export function formatDay(value: string | undefined | null, timeZone = 'UTC'): string {
  return formatForPeople(value, { day: 'numeric', month: 'long', year: 'numeric', timeZone });
}

/** The calendar day a moment fell on where the site is run (for "created" dates). */
export function formatMoment(value: string | undefined | null): string {
  return formatDay(value, orgTimeZone());
}

/** Today as `2026-03-14`, where the site is run. */
export function today(now = new Date(), timeZone = orgTimeZone()): string {
  return isoDay(now, timeZone);
}
