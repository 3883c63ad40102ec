/**
 * The QA record as a spreadsheet, for the IQA pages (/staff/qa/<cohort>/record.csv) and the
 * external verifier's read-only pages (/staff/verifier/<cohort>/record.csv): one handler, the
 * role decides who may download it and where a refusal leads.
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../auth/guards.ts';
import type { Role } from '../records.ts';
import { getCatalogue } from '../site/catalogue.ts';
import { csvDownload } from '../site/download.ts';
import { rewriteTo } from '../site/rewrite.ts';
import { qaCsv } from './qa-page.ts';

/** `home` is the group's QA page (e.g. /staff/qa), where someone without the role is told why. */
export function qaRecordCsvRoute(role: Extract<Role, 'iqa' | 'verifier'>, home: string): APIRoute {
  return async (context) => {
    const guard = requireUser(context);
    if (guard.response) return guard.response;
    const catalogue = getCatalogue();
    const cohort = context.params.cohort ?? '';
    const outcome = await qaCsv({ pb: context.locals.pb, service: context.locals.service, user: guard.user, findCourse: (slug) => catalogue.course(slug) }, cohort, role);
    if (outcome.kind === 'csv') return csvDownload(outcome.body, outcome.filename);
    if (outcome.kind === 'forbidden') return rewriteTo(context, `${home}/${cohort}`);
    return rewriteTo(context, outcome.kind === 'unavailable' ? '/503' : '/404');
  };
}
