import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatForPeople, isoDay, orgTimeZone, parsePocketBaseDate, pocketBaseTime } from '../../src/lib/dates.ts';

afterEach(() => vi.unstubAllEnvs());

describe('parsePocketBaseDate', () => {
  it("reads PocketBase's space-separated dates and ISO dates alike", () => {
    expect(parsePocketBaseDate('2026-11-23 16:40:05.123Z')?.toISOString()).toBe('2026-11-23T16:40:05.123Z');
    expect(parsePocketBaseDate('2026-11-23T16:40:05Z')?.toISOString()).toBe('2026-11-23T16:40:05.000Z');
  });
  it('gives undefined (or NaN) for empty or unreadable values', () => {
    expect(parsePocketBaseDate('')).toBeUndefined();
    expect(parsePocketBaseDate(null)).toBeUndefined();
    expect(parsePocketBaseDate(undefined)).toBeUndefined();
    expect(parsePocketBaseDate('not a date')).toBeUndefined();
    expect(pocketBaseTime('nope')).toBeNaN();
    expect(pocketBaseTime('2026-01-01 00:00:00.000Z')).toBe(Date.UTC(2026, 0, 1));
  });
});

describe('the organisation time zone', () => {
  it('is Europe/London when nothing is set', () => {
    vi.stubEnv('ORG_TIME_ZONE', '');
    vi.stubEnv('TZ', '');
    expect(orgTimeZone()).toBe('Europe/London');
    // 23:30 UTC in summer is already the next day in London.
    expect(isoDay('2026-07-01 23:30:00.000Z')).toBe('2026-07-02');
    expect(formatForPeople('2026-07-01 23:30:00.000Z', { dateStyle: 'long', timeStyle: 'short' })).toBe('2 July 2026 at 00:30');
  });
  it('comes from ORG_TIME_ZONE first, then TZ', () => {
    vi.stubEnv('TZ', 'UTC');
    vi.stubEnv('ORG_TIME_ZONE', '');
    expect(orgTimeZone()).toBe('UTC');
    vi.stubEnv('ORG_TIME_ZONE', 'America/New_York');
    expect(orgTimeZone()).toBe('America/New_York');
    expect(isoDay('2026-07-01 02:00:00.000Z')).toBe('2026-06-30');
    expect(formatForPeople('2026-07-01 02:00:00.000Z', { day: 'numeric', month: 'long', year: 'numeric' })).toBe('30 June 2026');
  });
  it('ignores a zone name the runtime does not know, instead of failing every page', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('ORG_TIME_ZONE', 'Europe/Atlantis');
    vi.stubEnv('TZ', '');
    expect(orgTimeZone()).toBe('Europe/London');
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});

describe('formatForPeople', () => {
  it('formats Dates and PocketBase dates in en-GB, with an explicit zone when given', () => {
    expect(formatForPeople(new Date('2026-03-12T14:02:00Z'), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })).toBe('12 March 2026');
    expect(formatForPeople('2026-03-12 14:02:00.000Z', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' })).toBe('14:02');
  });
  it("is '' for empty or unreadable values", () => {
    expect(formatForPeople('', { dateStyle: 'long' })).toBe('');
    expect(formatForPeople('garbage', { dateStyle: 'long' })).toBe('');
    expect(formatForPeople(new Date(Number.NaN), { dateStyle: 'long' })).toBe('');
  });
});
