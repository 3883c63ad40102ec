/**
 * Per request: a PocketBase client with the person's own token from the session cookie, the
 * signed-in user fetched fresh (and the token refreshed, so sessions slide), on `locals`.
 * If PocketBase is down, public reading pages still work; account pages answer 503.
 */
import { defineMiddleware } from 'astro:middleware';
import { isTokenExpired } from 'pocketbase';
import { clearSession, SESSION_COOKIE, writeSession } from './lib/auth/session.ts';
import { isUnavailable } from './lib/errors.ts';
import { createClient } from './lib/pb.ts';
import { AUTH_REFRESH_WITH_OWN_RECORDS, keepOwnRecords, scopeToRequest, showsOwnRecords } from './lib/trainee/own-records-store.ts';

export const onRequest = defineMiddleware(async (context, next) => {
  const pb = createClient();
  scopeToRequest(pb);
  context.locals.pb = pb;
  context.locals.user = null;
  context.locals.sessionExpired = false;
  context.locals.serviceUnavailable = false;

  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token && isTokenExpired(token)) {
    clearSession(context.cookies);
    context.locals.sessionExpired = true;
  } else if (token) {
    pb.authStore.save(token, null);
    try {
      // A trainee's page shows their own rows: the same request brings them along.
      const ownRows = context.request.method === 'GET' && showsOwnRecords(context.url.pathname);
      const auth = await pb.collection('users').authRefresh(ownRows ? AUTH_REFRESH_WITH_OWN_RECORDS : {});
      if (ownRows) keepOwnRecords(pb, auth.record);
      context.locals.user = auth.record;
      writeSession(context.cookies, context.url, auth.token);
    } catch (error) {
      if (isUnavailable(error)) {
        context.locals.serviceUnavailable = true;
      } else {
        // Revoked or unknown token: sign out quietly and let the page ask to sign in.
        pb.authStore.clear();
        clearSession(context.cookies);
        context.locals.sessionExpired = true;
      }
    }
  }
  return next();
});
