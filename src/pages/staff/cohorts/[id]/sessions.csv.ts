/**
 * /staff/cohorts/<id>/sessions.csv — a group's timetable as a spreadsheet (cancelled sessions
 * included and marked). The group's staff; others 403; unknown group 404; PocketBase down 503.
 */
import type { APIRoute } from 'astro';
import { openCohort, staffAccess } from '../../../../lib/cohorts/page.ts';
import { timetableCsv } from '../../../../lib/cohorts/sessions-csv.ts';
import { listSessions } from '../../../../lib/cohorts/sessions-store.ts';
import { orgTimeZone } from '../../../../lib/dates.ts';
import { formsEn } from '../../../../lib/i18n/forms.ts';
import { sessionsEn } from '../../../../lib/i18n/sessions.ts';
import { getCatalogue } from '../../../../lib/site/catalogue.ts';
import { csvDownload } from '../../../../lib/site/download.ts';

const text = (status: number, body: string) => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export const GET: APIRoute = async (context) => {
  const access = staffAccess(context);
  if (access.response) return access.response;
  if (access.forbidden) return text(403, formsEn.forbidden.staff.text);
  const catalogue = getCatalogue();
  const opened = await openCohort(context, context.params.id, (slug) => catalogue.course(slug));
  if (opened.kind === 'not-found') return context.rewrite('/404');
  const sessions = await listSessions(context.locals.pb, opened.cohort.id);
  const title = (id: string) => opened.course?.modules.find((m) => m.id === id)?.title ?? id;
  return csvDownload(timetableCsv(sessions, title, orgTimeZone()), sessionsEn.csv.timetableFile(opened.cohort.name));
};
