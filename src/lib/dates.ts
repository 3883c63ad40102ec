/**
 * Dates: the one home for reading PocketBase's dates and for showing dates to people. Pure.
 *
 * PocketBase writes `2026-11-23 16:40:05.123Z` (a space for ISO's `T`); `parsePocketBaseDate`
 * reads that and ISO alike.
 *
 * Time-zone policy: dates shown to people are in the organisation's zone, one setting:
 * `ORG_TIME_ZONE` (an IANA name such as `Europe/London`), falling back to `TZ` (what older
 * deployments set) and then to Europe/London. A name the runtime does not know is ignored
 * (with one warning), so a typo in the setting never turns every page into an error.
 * Calendar days stored as midnight UTC (cohort start dates) are shown in UTC on purpose.
 *
 * Safe in the browser too (no `process` there: the default zone is used).
 */

export const DEFAULT_TIME_ZONE = 'Europe/London';

const zones = new Map<string, boolean>();
const knownZone = (zone: string) => {
  let known = zones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    zones.set(zone, known);
  }
  return known;
};

let warned = '';

/** The organisation's time zone: ORG_TIME_ZONE, else TZ, else Europe/London. */
export function orgTimeZone(): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  for (const name of ['ORG_TIME_ZONE', 'TZ'] as const) {
    const zone = env?.[name]?.trim();
    if (!zone) continue;
    if (knownZone(zone)) return zone;
    if (warned !== zone) {
      warned = zone;
      console.warn(`${name}=${zone} is not a time zone this server knows; showing dates in ${DEFAULT_TIME_ZONE}.`);
    }
  }
  return DEFAULT_TIME_ZONE;
}

/** A PocketBase date (`2026-11-23 16:40:05.123Z`) or ISO date as a Date; undefined when empty or unreadable. */
export function parsePocketBaseDate(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value.replace(' ', 'T'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A PocketBase or ISO date as epoch milliseconds; NaN when empty or unreadable. */
export function pocketBaseTime(value: string | null | undefined): number {
  return parsePocketBaseDate(value)?.getTime() ?? Number.NaN;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The one formatter for dates shown to people: en-GB, in the organisation's zone unless
 * `options.timeZone` says otherwise. Accepts a Date, a PocketBase date or an ISO date;
 * '' when empty or unreadable.
 *
 * @example formatForPeople('2026-11-23 16:40:00.000Z', { dateStyle: 'long' }) // "23 November 2026"
 */
export function formatForPeople(value: Date | string | null | undefined, options: Intl.DateTimeFormatOptions): string {
  const date = value instanceof Date ? value : parsePocketBaseDate(value);
  if (!date || Number.isNaN(date.getTime())) return '';
  return dateFormat(options).format(date);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The same, in parts (for "year and month" and similar). */
export function formatPartsForPeople(date: Date, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormatPart[] {
  return dateFormat(options).formatToParts(date);
}

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const full = { ...options, timeZone: options.timeZone ?? orgTimeZone() };
  const key = JSON.stringify(full);
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', full);
    formatters.set(key, format);
  }
  return format;
}

/** A moment's calendar day in the organisation's zone as `2026-11-23` (for files and forms). */
export function isoDay(value: Date | string, timeZone = orgTimeZone()): string {
  const date = value instanceof Date ? value : (parsePocketBaseDate(value) ?? new Date(value));
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
    dayFormats.set(timeZone, format);
  }
  return format.format(date);
}
