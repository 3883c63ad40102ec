/**
 * "I have read this" on an account notice: marks it read, as the person (the rules let only
 * them change their own notices), then back to the dashboard or the account page.
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../../lib/auth/guards.ts';
import { dismissNotice } from '../../lib/auth/notices-store.ts';
import { DomainError, isUnavailable } from '../../lib/errors.ts';
import { readForm } from '../../lib/site/forms.ts';

export const POST: APIRoute = async (context) => {
  const guard = requireUser(context);
  if (guard.response) return guard.response;
  const form = await readForm(context.request);
  const back = form.get('back') === '/account' ? '/account' : '/dashboard';
  try {
    await dismissNotice(context.locals.pb, String(form.get('id') ?? ''));
  } catch (error) {
    // PocketBase away: the middleware shows the 503 page.
    if (isUnavailable(error)) throw error;
    // Unknown or someone else's: nothing to dismiss; the page shows what is still unread.
    if (!(error instanceof DomainError)) throw error;
  }
  return new Response(null, { status: 303, headers: { Location: back, 'Cache-Control': 'private, no-store' } });
};

export const GET: APIRoute = ({ redirect }) => redirect('/account', 303);
