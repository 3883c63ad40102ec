/**
 * Sign out: a POST from the header's or the account page's button (never a GET link, so a
 * link or image elsewhere cannot sign anyone out). Clears the session cookie and shows the
 * sign-in page with a kind word. A GET (typed address) just goes to the account page.
 */
import type { APIRoute } from 'astro';
import { clearSession, SESSION_COOKIE } from '../lib/auth/session.ts';
import { remembered } from '../lib/cache/remembered.ts';

export const POST: APIRoute = ({ cookies, locals, redirect }) => {
  const token = cookies.get(SESSION_COOKIE)?.value;
  if (token) remembered.forgetToken(token);
  locals.pb.authStore.clear();
  clearSession(cookies);
  return redirect('/signin?reason=signed-out', 303);
};

export const GET: APIRoute = ({ redirect }) => redirect('/account', 303);
