/**
 * Sign out: a POST from the header's or the account page's button (never a GET link, so a
 * link or image elsewhere cannot sign anyone out). Ends the session for real: PocketBase gives
 * the person a new token key (pocketbase/pb_hooks/sessions.pb.js), so this token, any copy of
 * it and every other session of theirs stop working, here and on PocketBase's API. Then clears
 * the cookie and shows the sign-in page with a kind word. A GET just goes to the account page.
 */
import type { APIRoute } from 'astro';
import { endAllSessions } from '../lib/auth/account-store.ts';
import { clearSession, SESSION_COOKIE } from '../lib/auth/session.ts';
import { remembered } from '../lib/cache/remembered.ts';

export const POST: APIRoute = async ({ cookies, locals, redirect }) => {
  const token = cookies.get(SESSION_COOKIE)?.value;
  let ended = true;
  if (token && locals.user) ended = await endAllSessions(locals.pb, locals.user.id);
  if (token) remembered.forgetToken(token);
  if (locals.user) remembered.forgetPerson(locals.user.id);
  locals.pb.authStore.clear();
  clearSession(cookies);
  return redirect(ended ? '/signin?reason=signed-out' : '/signin?reason=signed-out-here', 303);
};

export const GET: APIRoute = ({ redirect }) => redirect('/account', 303);
