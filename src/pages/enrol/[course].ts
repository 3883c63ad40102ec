/**
 * POST /enrol/<course>: the Enrol (or Rejoin) button. Enrols the signed-in person in an open
 * course, or rejoins a course they left; then 303 back with a status message. Works without
 * JavaScript. GET sends the person to the course page (e.g. after signing in).
 */
import type { APIRoute } from 'astro';
import { signInPath } from '../../lib/auth/session.ts';
import { enrol, EnrolmentRefused } from '../../lib/enrolment/enrolment-store.ts';
import { enrolFormSchema, parseForm } from '../../lib/enrolment/schema.ts';
import { getCatalogue } from '../../lib/site/catalogue.ts';
import { courseHref } from '../../lib/site/links.ts';
import { rewriteTo } from '../../lib/site/rewrite.ts';
import { readForm } from '../../lib/site/forms.ts';

export const GET: APIRoute = (context) => {
  const course = getCatalogue().course(context.params.course ?? '');
  if (!course) return rewriteTo(context, '/404');
  return context.redirect(`${courseHref(course)}#enrolment`, 303);
};

export const POST: APIRoute = async (context) => {
  const course = getCatalogue().course(context.params.course ?? '');
  if (!course) return rewriteTo(context, '/404');
  const { user, serviceUnavailable, sessionExpired } = context.locals;
  if (!user) return serviceUnavailable ? rewriteTo(context, '/503') : context.redirect(signInPath(courseHref(course), sessionExpired ? 'expired' : 'required'), 303);

  const form = parseForm(enrolFormSchema, await readForm(context.request));
  const back = form.ok && form.data.from === 'dashboard' ? '/dashboard' : courseHref(course);
  try {
    const outcome = await enrol({ pb: context.locals.pb, service: context.locals.service }, user.id, course);
    return context.redirect(`${back}?status=${outcome}#enrolment`, 303);
  } catch (error) {
    if (error instanceof EnrolmentRefused) return context.redirect(`${back}?problem=${error.reason}#enrolment`, 303);
    throw error;
  }
};
