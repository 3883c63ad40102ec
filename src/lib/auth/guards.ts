/**
 * Guards for pages and endpoints that need a signed-in person. Pages get a redirect to sign
 * in (with a return path) or the 503 page; JSON endpoints get a status and a plain message.
 */
import type { APIContext, AstroGlobal } from 'astro';
import type { UserRecord, Role } from '../records.ts';
import { signInPath } from './session.ts';
import { rewriteTo } from '../site/rewrite.ts';

type Context = Pick<APIContext | AstroGlobal, 'locals' | 'url' | 'redirect' | 'rewrite' | 'request'>;

export type Guarded = { user: UserRecord; response?: undefined } | { user?: undefined; response: Response | Promise<Response> };

/** The signed-in user, or a response that sends the person to sign in (or explains that the service is down). */
export function requireUser(context: Context): Guarded {
  const { user, serviceUnavailable, sessionExpired } = context.locals;
  if (user) return { user };
  if (serviceUnavailable) return { response: rewriteTo(context, '/503') };
  const returnTo = context.url.pathname + context.url.search;
  return { response: context.redirect(signInPath(returnTo, sessionExpired ? 'expired' : 'required'), 303) };
}

export function hasRole(user: UserRecord | null, ...roles: Role[]): boolean {
  return !!user && roles.some((role) => user.role?.includes(role));
}

/** For JSON endpoints: a JSON error body with a plain message. */
export function jsonError(status: number, message: string, fields: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: message, fields }), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** A JSON answer for a Lit element; never cached, and a 503 says when to try again. */
export function jsonResponse(status: number, body: unknown): Response {
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
  if (status === 503) headers['Retry-After'] = '60';
  return new Response(JSON.stringify(body), { status, headers });
}

/** True when the client asked for JSON (a Lit element), false for a plain form post. */
export function wantsJson(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('application/json');
}
