/**
 * /staff/cohorts/<id>.csv — the cohort overview as a spreadsheet, for the same people as the
 * overview page and in the same order (?sort, ?dir). Formulas are defused; names only, never
 * an email. Not staff: 403; unknown cohort: 404; PocketBase down: 503.
 */
import type { APIRoute } from 'astro';
import { csvFilename, overviewCsv, sortRows } from '../../../lib/assessment/overview.ts';
import { loadOverview } from '../../../lib/assessment/overview-store.ts';
import { openCohort, staffAccess } from '../../../lib/cohorts/page.ts';
import { OverviewSortInput } from '../../../lib/cohorts/schema.ts';
import { staffEn } from '../../../lib/i18n/staff.ts';
import { formsEn } from '../../../lib/i18n/forms.ts';
import { getCatalogue } from '../../../lib/site/catalogue.ts';
import { csvDownload } from '../../../lib/site/download.ts';

const text = (status: number, body: string) => new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

export const GET: APIRoute = async (context) => {
  const access = staffAccess(context);
  if (access.response) return access.response;
  if (access.forbidden) return text(403, formsEn.forbidden.staff.text);
  const catalogue = getCatalogue();
  const opened = await openCohort(context, context.params.id, (slug) => catalogue.course(slug));
  if (opened.kind === 'not-found' || !opened.course) return context.rewrite('/404');
  const query = OverviewSortInput.parse(Object.fromEntries(context.url.searchParams));
  const { rows } = await loadOverview(context.locals.pb, await context.locals.service(), opened.cohort, opened.course, access.user);
  const t = staffEn.overview;
  const body = overviewCsv(sortRows(rows, { key: query.sort, dir: query.dir }), t.csvHeader, { active: t.csvActive, left: t.csvLeft });
  return csvDownload(body, csvFilename(opened.cohort.name));
};
