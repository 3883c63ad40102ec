/**
 * "Keep my reflections" (the account page): saves the person's own choice with their own token,
 * then back to the account page's "Your data" section. The retention job leaves the reflections
 * of people who chose to keep them (docs/PRIVACY.md).
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../../lib/auth/guards.ts';
import { DomainError, isUnavailable } from '../../lib/errors.ts';
import { setKeepReflections } from '../../lib/privacy/retention-store.ts';
import { readForm } from '../../lib/site/forms.ts';

export const POST: APIRoute = async (context) => {
  const guard = requireUser(context);
  if (guard.response) return guard.response;
  const form = await readForm(context.request);
  const keep = form.get('keep_reflections') === 'on';
  let outcome = keep ? 'keep-on' : 'keep-off';
  try {
    await setKeepReflections(context.locals.pb, guard.user.id, keep);
  } catch (error) {
    // PocketBase away: the middleware shows the 503 page.
    if (isUnavailable(error)) throw error;
    if (!(error instanceof DomainError)) throw error;
    outcome = 'keep-failed';
  }
  return new Response(null, { status: 303, headers: { Location: `/account?saved=${outcome}#your-data`, 'Cache-Control': 'private, no-store' } });
};

export const GET: APIRoute = ({ redirect }) => redirect('/account#your-data', 303);
