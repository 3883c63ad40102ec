/**
 * POST /notifications: "Mark as read" on one of the person's notifications (`id`), or on all
 * of them (`all=1`), as the person (the rules let only the recipient change `read_at`), then
 * back to the dashboard's "Waiting for you". A plain form POST: works without JavaScript.
 */
import type { APIRoute } from 'astro';
import { requireUser } from '../../lib/auth/guards.ts';
import { DomainError, isUnavailable } from '../../lib/errors.ts';
import { markAllRead, markRead } from '../../lib/notifications/notifications-store.ts';
import { readForm } from '../../lib/site/forms.ts';

const back = (status: string) => new Response(null, { status: 303, headers: { Location: `/dashboard?notifications=${status}#waiting-for-you-panel`, 'Cache-Control': 'private, no-store' } });

export const POST: APIRoute = async (context) => {
  const guard = requireUser(context);
  if (guard.response) return guard.response;
  const form = await readForm(context.request);
  try {
    if (form.get('all') === '1') {
      await markAllRead(context.locals.pb, guard.user.id);
      return back('all-read');
    }
    await markRead(context.locals.pb, String(form.get('id') ?? ''));
  } catch (error) {
    // PocketBase away: the middleware shows the 503 page.
    if (isUnavailable(error)) throw error;
    // Unknown or someone else's: nothing to mark; the dashboard shows what is still unread.
    if (!(error instanceof DomainError)) throw error;
  }
  return back('read');
};

export const GET: APIRoute = ({ redirect }) => redirect('/dashboard', 303);
