/**
 * POST /progress/<course>/<module>: "Mark as done" for a module without a knowledge check.
 * A plain form post (works without JavaScript); 303 back to the module with a message, or
 * with the reason it could not be done. Doing it twice is harmless. GET sends the person to
 * the module page.
 */
import type { APIRoute } from 'astro';
import { signInPath } from '../../../lib/auth/session.ts';
import { findModule } from '../../../lib/courses/course.ts';
import { markDone, ProgressRefused } from '../../../lib/progress/progress-store.ts';
import { getCatalogue } from '../../../lib/site/catalogue.ts';
import { moduleHref } from '../../../lib/site/links.ts';

function lookup(params: Record<string, string | undefined>) {
  const course = getCatalogue().course(params.course ?? '');
  const module = course && findModule(course, params.module ?? '');
  return course && module ? { course, module } : undefined;
}

export const GET: APIRoute = (context) => {
  const found = lookup(context.params);
  if (!found) return context.rewrite('/404');
  return context.redirect(`${moduleHref(found.course, found.module)}#progress`, 303);
};

export const POST: APIRoute = async (context) => {
  const found = lookup(context.params);
  if (!found) return context.rewrite('/404');
  const { course, module } = found;
  const here = moduleHref(course, module);
  const { user, serviceUnavailable, sessionExpired } = context.locals;
  if (!user) return serviceUnavailable ? context.rewrite('/503') : context.redirect(signInPath(here, sessionExpired ? 'expired' : 'required'), 303);

  try {
    const outcome = await markDone(context.locals.pb, user.id, course, module.id);
    return context.redirect(`${here}?status=${outcome}#progress`, 303);
  } catch (error) {
    if (error instanceof ProgressRefused) return context.redirect(`${here}?problem=${error.reason}#progress`, 303);
    throw error;
  }
};
