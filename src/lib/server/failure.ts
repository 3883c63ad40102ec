/**
 * What a page's error becomes (src/middleware.ts calls this around every page):
 * - PocketBase away (a DomainError of kind `unavailable`, or PocketBase not reached): the kind
 *   503 page, also after a POST's body was read.
 * - Anything else is a real bug, never a fake outage: it is logged with a short random id and
 *   thrown on, so Astro shows the 500 page, which shows that id (src/pages/500.astro) for a
 *   person to quote. The id says nothing about the person or the request.
 */
import { randomBytes } from 'node:crypto';
import { isUnavailable } from '../errors.ts';
import { publicJsonError } from '../certificates/http.ts';
import { certificatesEn } from '../i18n/certificates.ts';
import { rewriteTo } from '../site/rewrite.ts';

/** A short random id for one failure, e.g. "e-3f9a1c2b". */
export function failureId(): string {
  return `e-${randomBytes(4).toString('hex')}`;
}

/** Logs the error under a new id and returns the id. */
export function reportFailure(error: unknown, where = ''): string {
  const id = failureId();
  console.error(`[${id}] Something failed${where ? ` on ${where}` : ''}:`, error);
  return id;
}

type Context = Parameters<typeof rewriteTo>[0] & { locals: { failureId?: string } };

/** Paths whose last part is a secret (a calendar link, a reset, invitation or unsubscribe token). */
const SECRET_PATH = /^\/(calendar|reset|invite|unsubscribe)\/[^/]+$/;

/** A path as it may be logged: a secret in it is replaced by `[secret]`. */
export function loggablePath(pathname: string): string {
  const m = SECRET_PATH.exec(pathname);
  return m ? `/${m[1]}/[secret]` : pathname;
}

/**
 * The 503 page for an outage; for anything else, logs it with an id (kept on `locals.failureId`
 * for the 500 page) and throws it on.
 */
export async function answerPageError(context: Context, error: unknown): Promise<Response> {
  const api = isApiPath(context.url.pathname);
  if (isUnavailable(error)) return api ? publicJsonError(503, certificatesEn.api.unavailable, { 'Retry-After': '60' }) : rewriteTo(context, '/503');
  context.locals.failureId ??= reportFailure(error, `${context.request.method} ${loggablePath(context.url.pathname)}`);
  if (api) return publicJsonError(500, certificatesEn.api.bug(context.locals.failureId));
  throw error;
}

/** Everything under /api/ answers JSON, failures included (programs read it, not people). */
export const isApiPath = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/');
