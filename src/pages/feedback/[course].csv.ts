/**
 * /feedback/<course>.csv: the same feedback as /feedback/<course>, as a spreadsheet, for
 * the course team (its authors and the trainers of its groups). Names only where the person chose to share them; never an email.
 */
import type { APIRoute } from 'astro';
import { loadFeedbackReport } from '../../lib/feedback/form.ts';
import { getCatalogue } from '../../lib/site/catalogue.ts';
import { csvDownload } from '../../lib/site/download.ts';

export const GET: APIRoute = async ({ params, locals, url, redirect, rewrite }) => {
  const catalogue = getCatalogue();
  const { user, serviceUnavailable } = locals;
  const outcome = await loadFeedbackReport(
    { findCourse: (slug) => catalogue.course(slug), user, pb: locals.pb, serviceUnavailable, returnTo: url.pathname },
    params.course ?? '',
    'csv',
  );
  if (outcome.kind === 'sign-in') return redirect(outcome.redirect, 303);
  if (outcome.kind === 'csv') {
    return csvDownload(outcome.body, outcome.filename);
  }
  if (outcome.kind === 'refused' && outcome.status === 403) return rewrite(`/feedback/${params.course ?? ''}`);
  return rewrite(outcome.kind === 'refused' && outcome.status === 503 ? '/503' : '/404');
};
