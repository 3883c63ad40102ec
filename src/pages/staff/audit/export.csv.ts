/**
 * /staff/audit/export.csv: the audit log with the page's filters (`cohort`, `action`) as a
 * spreadsheet, newest first, for admins and verifiers (the API rules decide which rows).
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../../../lib/auth/guards.ts';
import { auditCsvFor } from '../../../lib/qa/audit-page.ts';
import { csvDownload } from '../../../lib/site/download.ts';

export const GET: APIRoute = async (context) => {
  const guard = requireUser(context);
  if (guard.response) return guard.response;
  const outcome = await auditCsvFor({ pb: context.locals.pb, service: context.locals.service, user: guard.user }, context.url);
  if (outcome.kind === 'csv') return csvDownload(outcome.body, outcome.filename);
  return context.rewrite(outcome.kind === 'unavailable' ? '/503' : '/staff/audit');
};
