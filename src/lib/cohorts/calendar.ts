/**
 * Calendar files (iCalendar, RFC 5545) for group sessions: a person's feed and one session's
 * .ics download. Pure; written with ical-generator (escaping, line folding, CRLF).
 *
 * Times are written in UTC (`DTSTART:20261027T180000Z`), not as local times with a TZID:
 * every session is stored as a moment, a weekly series is already one event per week (no
 * RRULE, so no client has to apply the zone's rules to a repeat), and a UTC time means the
 * same instant in every calendar app, which shows it in the reader's own zone: 18:00 in
 * London before and after the October change. A TZID needs a matching VTIMEZONE block
 * that some clients ignore or replace; UTC cannot be misread.
 *
 * What a feed may hold (it is a secret URL, but URLs leak): each session's title, times,
 * place or meeting link, group name and module title, and whether it is cancelled. Never
 * names of people, attendance, the cancellation note or anything a trainee wrote.
 */
import ical, { ICalEventStatus } from 'ical-generator';
import { parsePocketBaseDate } from '../dates.ts';
import { sessionsEn } from '../i18n/sessions.ts';
import type { CohortSessionRecord } from '../records.ts';

const f = sessionsEn.feed;

export interface CalendarEntry {
  session: Pick<CohortSessionRecord, 'id' | 'title' | 'starts_at' | 'ends_at' | 'mode' | 'place' | 'link' | 'status' | 'created' | 'updated'>;
  groupName: string;
  /** The title of the module it covers, or ''. */
  moduleTitle: string;
}

export interface CalendarOptions {
  /** The calendar's name (X-WR-CALNAME). */
  name: string;
  /** The site's host name, for stable event UIDs (`<session id>@<host>`). */
  host: string;
}

const date = (value: string) => parsePocketBaseDate(value) ?? new Date(0);

/** The calendar text (CRLF lines) for these sessions. */
export function buildCalendar(entries: readonly CalendarEntry[], options: CalendarOptions): string {
  const calendar = ical({ name: options.name, prodId: { company: 'Lived Learning', product: 'sessions', language: 'EN' }, ttl: 60 * 60 });
  for (const { session, groupName, moduleTitle } of entries) {
    const cancelled = session.status === 'cancelled';
    const created = date(session.created);
    const updated = date(session.updated);
    const description = [f.group(groupName), moduleTitle ? f.module(moduleTitle) : '', session.mode === 'online' && session.link ? f.online(session.link) : '']
      .filter(Boolean)
      .join('\n');
    calendar.createEvent({
      id: `${session.id}@${options.host}`,
      start: date(session.starts_at),
      end: date(session.ends_at),
      summary: cancelled ? f.cancelledTitle(session.title) : session.title,
      description,
      location: session.mode === 'in_person' ? session.place : sessionsEn.mode.online,
      url: session.mode === 'online' && session.link ? session.link : null,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      stamp: updated,
      created,
      lastModified: updated,
      // Grows with every change, so a calendar that imported the file takes the newer one.
      sequence: Math.max(0, Math.floor((updated.getTime() - created.getTime()) / 1000)),
    });
  }
  return calendar.toString();
}

/** A file name for one session's .ics: its title, made safe, and the day. */
export function icsFileName(session: Pick<CohortSessionRecord, 'title' | 'starts_at'>): string {
  const slug = session.title.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60).toLowerCase() || 'session';
  return `${slug}-${session.starts_at.slice(0, 10)}.ics`;
}
