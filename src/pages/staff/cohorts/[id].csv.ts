/**
 * /staff/cohorts/<id>.csv — the cohort overview as a spreadsheet, for the same people as the
 * overview page and in the same order (?sort, ?dir). Formulas are defused; names only, never
 * an email. Not staff: 403; unknown cohort: 404; PocketBase down: 503.
 */
import type { APIRoute } from 'astro';
import { csvFilename, overviewCsv, sortRows } from '../../../lib/assessment/overview.ts';
import { loadOverview } from '../../../lib/assessment/overview-store.ts';
import { cohortForDownload } from '../../../lib/cohorts/page.ts';
import { OverviewSortInput } from '../../../lib/cohorts/schema.ts';
import { staffEn } from '../../../lib/i18n/staff.ts';
import { formsEn } from '../../../lib/i18n/forms.ts';
import { getCatalogue } from '../../../lib/site/catalogue.ts';
import { csvDownload } from '../../../lib/site/download.ts';

export const GET: APIRoute = async (context) => {
  const catalogue = getCatalogue();
  const opened = await cohortForDownload(context, { findCourse: (slug) => catalogue.course(slug), forbiddenText: formsEn.forbidden.staff.text });
  if (opened.response) return opened.response;
  if (!opened.course) return context.rewrite('/404');
  const query = OverviewSortInput.parse(Object.fromEntries(context.url.searchParams));
  const { rows } = await loadOverview(context.locals.pb, await context.locals.service(), opened.cohort, opened.course, opened.user);
  const t = staffEn.overview;
  const body = overviewCsv(sortRows(rows, { key: query.sort, dir: query.dir }), t.csvHeader, { active: t.csvActive, left: t.csvLeft });
  return csvDownload(body, csvFilename(opened.cohort.name));
};
