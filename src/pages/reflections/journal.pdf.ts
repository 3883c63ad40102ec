/**
 * GET /reflections/journal.pdf — all my reflections as an A4 PDF journal (title page, one
 * section per course and module: the prompt, then the text). Read with my own token,
 * filtered to my own reflections.
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../../lib/auth/guards.ts';
import { exportDownloadName } from '../../lib/reflections/export.ts';
import { journalPdf } from '../../lib/reflections/journal-pdf.ts';
import { groupReflections } from '../../lib/reflections/reflections.ts';
import { listMyReflections } from '../../lib/reflections/reflections-store.ts';
import { getCatalogue } from '../../lib/site/catalogue.ts';
import { downloadResponse } from '../../lib/site/download.ts';

export const GET: APIRoute = async (context) => {
  const guard = requireUser(context);
  if (guard.response) return guard.response;
  const now = new Date();
  const records = await listMyReflections(context.locals.pb, guard.user.id);
  const catalogue = getCatalogue();
  const pdf = await journalPdf(groupReflections(records, (slug) => catalogue.course(slug)), {
    name: guard.user.display_name || guard.user.email,
    now,
  });
  return downloadResponse(pdf, { type: 'application/pdf', filename: exportDownloadName('pdf', now) });
};
