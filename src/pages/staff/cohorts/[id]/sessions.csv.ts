/**
 * /staff/cohorts/<id>/sessions.csv — a group's timetable as a spreadsheet (cancelled sessions
 * included and marked). The group's staff; others 403; unknown group 404; PocketBase down 503.
 */
import type { APIRoute } from 'astro';
import { cohortForDownload } from '../../../../lib/cohorts/page.ts';
import { timetableCsv } from '../../../../lib/cohorts/sessions-csv.ts';
import { listSessions } from '../../../../lib/cohorts/sessions-store.ts';
import { orgTimeZone } from '../../../../lib/dates.ts';
import { formsEn } from '../../../../lib/i18n/forms.ts';
import { sessionsEn } from '../../../../lib/i18n/sessions.ts';
import { getCatalogue } from '../../../../lib/site/catalogue.ts';
import { csvDownload } from '../../../../lib/site/download.ts';

export const GET: APIRoute = async (context) => {
  const catalogue = getCatalogue();
  const opened = await cohortForDownload(context, { findCourse: (slug) => catalogue.course(slug), forbiddenText: formsEn.forbidden.staff.text });
  if (opened.response) return opened.response;
  const sessions = await listSessions(context.locals.pb, opened.cohort.id);
  const title = (id: string) => opened.course?.modules.find((m) => m.id === id)?.title ?? id;
  return csvDownload(timetableCsv(sessions, title, orgTimeZone()), sessionsEn.csv.timetableFile(opened.cohort.name));
};
