/**
 * Per request: a PocketBase client with the person's own token from the session cookie, the
 * signed-in user on `locals`: fetched fresh (and the token refreshed, so sessions slide), or
 * remembered from a request in the last few minutes when nothing about them has changed since
 * (see src/lib/cache/remembered.ts).
 * If PocketBase is down, public reading pages still work; account pages answer 503.
 *
 * Pages let a PocketBase outage propagate (a DomainError of kind `unavailable`, or an unreached
 * PocketBase): this middleware shows the kind 503 page for it. Any other error is a real bug:
 * it is logged with a short id and the 500 page shows that id (never a fake outage).
 *
 * Every answer rendered for a signed-in person (or that set or cleared the session cookie) gets
 * `Cache-Control: private, no-store` and `Vary: Cookie` here, after the page, whatever the page
 * said (see personalHeaders in src/lib/server/response-headers.ts).
 */
import type { APIContext } from 'astro';
import { defineMiddleware } from 'astro:middleware';
import { getTokenPayload, isTokenExpired } from 'pocketbase';
import { clearSession, SESSION_COOKIE, sessionCookieChanged, writeSession } from './lib/auth/session.ts';
import { withPersonalHeaders } from './lib/server/response-headers.ts';
import { isUnavailable } from './lib/errors.ts';
import { answerPageError } from './lib/server/failure.ts';
import { keepRememberedInStep, remembered } from './lib/cache/remembered.ts';
import { createClient, type TypedPocketBase } from './lib/pb.ts';
import { modulePage, OFFLINE_COPY_HEADER } from './lib/offline/offline.ts';
import { serviceClient, signInServiceClient } from './lib/pb-service.ts';
import { startEmailWorker } from './lib/email/worker.ts';
import { startDigestWorker } from './lib/notifications/digest-worker.ts';
import { startRetentionWorker } from './lib/privacy/retention-worker.ts';
import { AUTH_REFRESH_WITH_OWN_RECORDS, keepOwnRecords, scopeToRequest, showsOwnRecords } from './lib/trainee/own-records-store.ts';

/** Under `npm run dev` there is no scripts/server.ts: the email worker starts with the first request. */
let devEmailWorker = !import.meta.env.DEV;

export const onRequest = defineMiddleware(async (context, next) => {
  keepRememberedInStep(signInServiceClient);
  if (!devEmailWorker) {
    devEmailWorker = true;
    startEmailWorker();
    startDigestWorker();
    startRetentionWorker();
  }
  const pb = createClient();
  scopeToRequest(pb);
  context.locals.pb = pb;
  context.locals.service = serviceClient;
  context.locals.user = null;
  context.locals.sessionExpired = false;
  context.locals.serviceUnavailable = false;
  context.locals.offlineCopyFor = null;

  const token = context.cookies.get(SESSION_COOKIE)?.value;
  if (token && isTokenExpired(token)) {
    clearSession(context.cookies);
    context.locals.sessionExpired = true;
  } else if (token) {
    // Let change events that have already arrived be heard before memory is used.
    if (remembered.enabled) await new Promise((resolve) => setImmediate(resolve));
    const session = remembered.session(token);
    if (session) {
      // Seen within the last few minutes, and nothing about the account has changed since.
      pb.authStore.save(token, session);
      context.locals.user = session;
    } else {
      await checkSession(context, pb, token);
    }
  }
  // The offline worker asks for a module page's offline copy: rendered as a signed-out visitor
  // sees it (nothing personal can be in it), with empty reflection boxes for this person.
  const offlineCopy = wantsOfflineCopy(context) ? context.locals.user : null;
  if (offlineCopy) {
    context.locals.offlineCopyFor = offlineCopy;
    context.locals.user = null;
  }
  let response: Response;
  try {
    response = await next();
  } catch (error) {
    response = await answerPageError(context, error);
  }
  if (offlineCopy && response.status === 200) response = markedAsOfflineCopy(response);
  return withPersonalHeaders(response, { signedIn: context.locals.user !== null || offlineCopy !== null, sessionChanged: sessionCookieChanged(context.cookies) });
});

/** A GET of a module page (no query) with `X-Offline-Copy: 1`. */
function wantsOfflineCopy(context: APIContext): boolean {
  return context.request.method === 'GET' && context.request.headers.get(OFFLINE_COPY_HEADER) === '1' && context.url.search === '' && modulePage(context.url.pathname) !== undefined;
}

/** The answer with `X-Offline-Copy: 1`: the worker keeps only pages that carry it. */
function markedAsOfflineCopy(response: Response): Response {
  try {
    response.headers.set(OFFLINE_COPY_HEADER, '1');
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(OFFLINE_COPY_HEADER, '1');
    return copy;
  }
}

/** Asks PocketBase whether the token is still good (refreshing it, so sessions slide), and remembers the answer. */
async function checkSession(context: APIContext, pb: TypedPocketBase, token: string): Promise<void> {
  const person = String(getTokenPayload(token).id ?? '');
  const stamp = remembered.stamp(person);
  pb.authStore.save(token, null);
  try {
    // A trainee's page shows their own rows: the same request brings them along.
    const ownRows = context.request.method === 'GET' && showsOwnRecords(context.url.pathname);
    const auth = await pb.collection('users').authRefresh(ownRows ? AUTH_REFRESH_WITH_OWN_RECORDS : {});
    if (ownRows) keepOwnRecords(pb, auth.record, stamp);
    remembered.rememberSession(auth.token, auth.record, stamp);
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
