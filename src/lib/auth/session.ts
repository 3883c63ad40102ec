/**
 * The session: the person's PocketBase token in an HttpOnly, SameSite=Lax cookie (Secure over
 * HTTPS). Only the token is stored; the user record is fetched fresh on each request, so a
 * hand-edited cookie can never grant a role.
 */
import type { AstroCookies } from 'astro';

export const SESSION_COOKIE = 'll_session';
/** Matches PocketBase's default auth token lifetime for `users` (7 days). */
const MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export function isSecureRequest(url: URL): boolean {
  return url.protocol === 'https:' || (process.env.SITE_URL ?? '').startsWith('https:');
}

export function writeSession(cookies: AstroCookies, url: URL, token: string): void {
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: isSecureRequest(url),
    path: '/',
    maxAge: MAX_AGE_SECONDS,
  });
}

export function clearSession(cookies: AstroCookies): void {
  cookies.delete(SESSION_COOKIE, { path: '/' });
}

/** A same-site path to return to after signing in; anything else becomes `/dashboard`. */
export function safeReturnPath(value: string | null | undefined, fallback = '/dashboard'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}

/** The sign-in page with a return path and an optional reason shown to the person. */
export function signInPath(returnTo: string, reason?: 'expired' | 'required'): string {
  const params = new URLSearchParams({ next: safeReturnPath(returnTo) });
  if (reason) params.set('reason', reason);
  return `/signin?${params}`;
}
