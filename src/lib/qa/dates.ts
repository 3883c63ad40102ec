/** Dates on the QA, verifier and audit pages, in en-GB and the site's time zone (TZ, default Europe/London). */

const zone = () => process.env.TZ || 'Europe/London';

/** A PocketBase date (`2026-11-23 16:40:05.123Z`) as a Date, or undefined when empty or unreadable. */
export function parsePbDate(value: string | undefined | null): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "23 November 2026, 16:40". */
export function displayDateTime(value: string | undefined | null, timeZone = zone()): string {
  const date = parsePbDate(value);
  return date ? new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone }).format(date) : '';
}

/** "23 November 2026". */
export function displayDay(value: string | undefined | null, timeZone = zone()): string {
  const date = parsePbDate(value);
  return date ? new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone }).format(date) : '';
}

/** The machine-readable form for a <time datetime> attribute. */
export function isoDate(value: string | undefined | null): string | undefined {
  return parsePbDate(value)?.toISOString();
}
