/**
 * /staff/cohorts/<id>/register.csv — every register of a group (sessions held so far), one
 * line per trainee per session, by name, with the hours each counts. The group's staff; others
 * 403; unknown group 404; PocketBase down 503.
 */
import type { APIRoute } from 'astro';
import { openCohort, staffAccess } from '../../../../lib/cohorts/page.ts';
import { peopleByIds } from '../../../../lib/cohorts/people-store.ts';
import { registerCsv } from '../../../../lib/cohorts/sessions-csv.ts';
import { groupMarks, listSessions, registerPeople } from '../../../../lib/cohorts/sessions-store.ts';
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
  const marks = await groupMarks(context.locals.pb, sessions.map((s) => s.id));
  const service = await context.locals.service();
  const trainees = await registerPeople(service, opened.cohort);
  const names = await peopleByIds(service, [...new Set([...trainees, ...marks.map((m) => m.user)])]);
  const name = (id: string) => names.get(id)?.name || id;
  return csvDownload(registerCsv(sessions, marks, trainees, name, orgTimeZone(), new Date()), sessionsEn.csv.registerFile(opened.cohort.name));
};
