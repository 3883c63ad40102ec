/**
 * The session: the person's PocketBase token in an HttpOnly, SameSite=Lax cookie (Secure over
 * HTTPS). Only the token is stored; the user record is fetched fresh on each request, so a
 * hand-edited cookie can never grant a role.
 */
import type { AstroCookies } from 'astro';

export const SESSION_COOKIE = 'll_session';
/** Matches PocketBase's default auth token lifetime for `users` (7 days). */
export const MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export function isSecureRequest(url: URL): boolean {
  return url.protocol === 'https:' || (process.env.SITE_URL ?? '').startsWith('https:');
}

/** The cookie jars of requests that set or cleared the session: their answers must never be cached. */
const changedSessions = new WeakSet<AstroCookies>();

/** True when this request set or cleared the session cookie. */
export function sessionCookieChanged(cookies: AstroCookies): boolean {
  return changedSessions.has(cookies);
}

export function writeSession(cookies: AstroCookies, url: URL, token: string): void {
  changedSessions.add(cookies);
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(url),
    path: '/',
    maxAge: MAX_AGE_SECONDS,
  });
}

export function clearSession(cookies: AstroCookies): void {
  changedSessions.add(cookies);
  cookies.delete(SESSION_COOKIE, { path: '/' });
}

/** Characters a return path may never hold: C0/C1 controls (tab, newline, NUL…), the Unicode line and paragraph separators, and backslashes, which browsers read as `/`. */
const UNSAFE_IN_RETURN_PATH = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/;
/** A stand-in origin: only "same origin as the site?" matters, so any fixed one will do. */
const SITE_ORIGIN = 'https://site.invalid';
/** Longer than any page address here; longer values are refused rather than echoed into a header. */
const MAX_RETURN_PATH_LENGTH = 2000;

/**
 * A same-site path to return to after signing in or up; anything else becomes `fallback`.
 *
 * The value is resolved with the URL parser against the site's origin and kept only when it
 * stays on that origin; what comes back is the parser's own path, query and fragment, so it is
 * plain ASCII (safe in a `Location` header) and can never start `//` (another site). Values with
 * control characters, backslashes or line separators are refused outright: browsers strip tabs
 * and newlines from URLs, so `/\t/evil.example` would otherwise become `//evil.example`.
 */
export function safeReturnPath(value: string | null | undefined, fallback = '/dashboard'): string {
  if (typeof value !== 'string' || value === '' || value.length > MAX_RETURN_PATH_LENGTH) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || UNSAFE_IN_RETURN_PATH.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, SITE_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== SITE_ORIGIN) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // `/..//evil.example` resolves to the path `//evil.example`, which a browser reads as another site.
  if (!path.startsWith('/') || path.startsWith('//')) return fallback;
  return path;
}

/** The sign-in page with a return path and an optional reason shown to the person. */
export function signInPath(returnTo: string, reason?: 'expired' | 'required'): string {
  const params = new URLSearchParams({ next: safeReturnPath(returnTo) });
  if (reason) params.set('reason', reason);
  return `/signin?${params}`;
}
