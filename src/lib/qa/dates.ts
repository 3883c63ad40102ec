/** Dates on the QA, verifier and audit pages, in en-GB and the organisation's time zone (src/lib/dates.ts). */
import { formatForPeople, orgTimeZone, parsePocketBaseDate } from '../dates.ts';

/** A PocketBase date as a Date, or undefined (src/lib/dates.ts). */
export const parsePbDate = parsePocketBaseDate;

/** "23 November 2026, 16:40". */
export function displayDateTime(value: string | undefined | null, timeZone = orgTimeZone()): string {
  return formatForPeople(value, { dateStyle: 'long', timeStyle: 'short', timeZone });
}

/** "23 November 2026". */
export function displayDay(value: string | undefined | null, timeZone = orgTimeZone()): string {
  return formatForPeople(value, { dateStyle: 'long', timeZone });
}

/** The machine-readable form for a <time datetime> attribute. */
export function isoDate(value: string | undefined | null): string | undefined {
  return parsePbDate(value)?.toISOString();
}
