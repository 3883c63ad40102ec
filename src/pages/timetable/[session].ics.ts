/**
 * /timetable/<session>.ics — one session as a calendar file, for a signed-in person whose
 * timetable it is on (a trainee of the group, or its staff); anyone else gets 404.
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../../lib/auth/guards.ts';
import { buildCalendar, icsFileName } from '../../lib/cohorts/calendar.ts';
import { timetableEntries } from '../../lib/cohorts/calendar-store.ts';
import { loadTimetable } from '../../lib/cohorts/sessions-store.ts';
import { sessionsEn } from '../../lib/i18n/sessions.ts';
import { organisationSettings } from '../../lib/org/settings-store.ts';
import { RECORD_ID } from '../../lib/record-id.ts';
import { getCatalogue } from '../../lib/site/catalogue.ts';
import { downloadResponse } from '../../lib/site/download.ts';

export const GET: APIRoute = async (context) => {
  const guard = requireUser(context);
  if (guard.response) return guard.response;
  const id = context.params.session ?? '';
  if (!RECORD_ID.test(id)) return context.rewrite('/404');
  const catalogue = getCatalogue();
  const moduleTitle = (course: string, module: string) => catalogue.course(course)?.modules.find((m) => m.id === module)?.title ?? '';
  const timetable = await loadTimetable(await context.locals.service(), guard.user.id);
  const entry = timetableEntries(timetable, moduleTitle).find((e) => e.session.id === id);
  if (!entry) return context.rewrite('/404');
  const org = await organisationSettings(context.locals.service);
  const site = process.env.SITE_URL?.trim() || context.url.origin;
  const body = buildCalendar([entry], { name: sessionsEn.feed.calendarName(org.name), host: new URL(site).hostname });
  return downloadResponse(body, { type: 'text/calendar; charset=utf-8', filename: icsFileName(entry.session) });
};
