/**
 * /staff/cohorts/<id>/register.csv — every register of a group (sessions held so far), one
 * line per trainee per session, by name, with the hours each counts. The group's staff; others
 * 403; unknown group 404; PocketBase down 503.
 */
import type { APIRoute } from 'astro';
import { cohortForDownload } from '../../../../lib/cohorts/page.ts';
import { peopleByIds } from '../../../../lib/cohorts/people-store.ts';
import { registerCsv } from '../../../../lib/cohorts/sessions-csv.ts';
import { groupMarks, listSessions, registerPeople } from '../../../../lib/cohorts/sessions-store.ts';
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
  const marks = await groupMarks(context.locals.pb, sessions.map((s) => s.id));
  const service = await context.locals.service();
  const trainees = await registerPeople(service, opened.cohort);
  const names = await peopleByIds(service, [...new Set([...trainees, ...marks.map((m) => m.user)])]);
  const name = (id: string) => names.get(id)?.name || id;
  return csvDownload(registerCsv(sessions, marks, trainees, name, orgTimeZone(), new Date()), sessionsEn.csv.registerFile(opened.cohort.name));
};
