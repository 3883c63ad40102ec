/**
 * /staff/qa/<cohort>/record.csv: the group's sampling plans and QA record as a spreadsheet,
 * one row per sampled decision, for the group's IQAs. Formulas are defused (lib/qa/csv.ts).
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../../../../lib/auth/guards.ts';
import { csvDownload } from '../../../../lib/site/download.ts';
import { qaCsv } from '../../../../lib/qa/qa-page.ts';
import { getCatalogue } from '../../../../lib/site/catalogue.ts';
import { rewriteTo } from '../../../../lib/site/rewrite.ts';

export const GET: APIRoute = async (context) => {
  const guard = requireUser(context);
  if (guard.response) return guard.response;
  const catalogue = getCatalogue();
  const outcome = await qaCsv(
    { pb: context.locals.pb, service: context.locals.service, user: guard.user, findCourse: (slug) => catalogue.course(slug) },
    context.params.cohort ?? '',
    'iqa',
  );
  if (outcome.kind === 'csv') return csvDownload(outcome.body, outcome.filename);
  if (outcome.kind === 'forbidden') return rewriteTo(context, `/staff/qa/${context.params.cohort ?? ''}`);
  return rewriteTo(context, outcome.kind === 'unavailable' ? '/503' : '/404');
};
