/**
 * POST /evidence/<course>/ask: "Ask to be assessed" (a trainee in no group). Creates the
 * request with the person's own token, then 303 back to their assessment page with a status.
 * Works without JavaScript. GET goes to the assessment page.
 */
import type { APIRoute } from 'astro';
import { askToBeAssessed } from '../../../lib/assessment/route-store.ts';
import { signInPath } from '../../../lib/auth/session.ts';
import { DomainError, isUnavailable } from '../../../lib/errors.ts';
import { getCatalogue } from '../../../lib/site/catalogue.ts';
import { readForm } from '../../../lib/site/forms.ts';

export const GET: APIRoute = (context) => {
  const course = getCatalogue().course(context.params.course ?? '');
  if (!course) return context.rewrite('/404');
  return context.redirect(`/evidence/${course.slug}#route`, 303);
};

export const POST: APIRoute = async (context) => {
  const course = getCatalogue().course(context.params.course ?? '');
  if (!course) return context.rewrite('/404');
  const back = `/evidence/${course.slug}`;
  const { user, serviceUnavailable, sessionExpired } = context.locals;
  if (!user) return serviceUnavailable ? context.rewrite('/503') : context.redirect(signInPath(back, sessionExpired ? 'expired' : 'required'), 303);
  const form = await readForm(context.request);
  const message = typeof form.get('message') === 'string' ? (form.get('message') as string) : '';
  try {
    const outcome = await askToBeAssessed(context.locals.pb, user.id, course.slug, message);
    return context.redirect(`${back}?route=${outcome}#route`, 303);
  } catch (error) {
    // PocketBase away: the middleware shows the 503 page.
    if (isUnavailable(error)) throw error;
    if (error instanceof DomainError && error.kind === 'forbidden') return context.redirect(`${back}?route=not-enrolled#route`, 303);
    throw error;
  }
};
