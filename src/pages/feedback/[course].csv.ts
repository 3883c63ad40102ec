/**
 * /feedback/<course>.csv: the same feedback as /feedback/<course>, as a spreadsheet, for
 * trainers and admins. Names only where the person chose to share them; never an email.
 */
import type { APIRoute } from 'astro';
import { loadFeedbackReport } from '../../lib/feedback/form.ts';
import { serviceClient } from '../../lib/pb-service.ts';
import { getCatalogue } from '../../lib/site/catalogue.ts';

export const GET: APIRoute = async ({ params, locals, url, redirect, rewrite }) => {
  const catalogue = getCatalogue();
  const { user, serviceUnavailable } = locals;
  const outcome = await loadFeedbackReport(
    { findCourse: (slug) => catalogue.course(slug), user, serviceUnavailable, service: serviceClient, returnTo: url.pathname },
    params.course ?? '',
    'csv',
  );
  if (outcome.kind === 'sign-in') return redirect(outcome.redirect, 303);
  if (outcome.kind === 'csv') {
    return new Response(`\uFEFF${outcome.body}`, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${outcome.filename}"`,
        'Cache-Control': 'no-store',
      },
    });
  }
  if (outcome.kind === 'refused' && outcome.status === 403) return rewrite(`/feedback/${params.course ?? ''}`);
  return rewrite(outcome.kind === 'refused' && outcome.status === 503 ? '/503' : '/404');
};
