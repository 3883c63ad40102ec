/**
 * Headers for answers rendered for one person. Pure (works on a Response).
 *
 * Anything rendered for a signed-in person (their name in the header, their progress, their
 * reflections) and anything that sets or clears the session cookie must never be stored by a
 * browser's back/forward cache on a shared computer or by any cache in between. The middleware
 * calls this after every page, so no page has to remember it.
 *
 * Answers that say they are the same for everyone (`Cache-Control: public…`: course pictures,
 * the site's public keys) are left as they are.
 */

export const PERSONAL_CACHE_CONTROL = 'private, no-store';

export interface PersonalFacts {
  /** A person is signed in for this request (locals.user). */
  signedIn: boolean;
  /** This request set or cleared the session cookie. */
  sessionChanged: boolean;
}

/** Whether the answer must carry `private, no-store` and `Vary: Cookie`. */
export function needsPersonalHeaders(facts: PersonalFacts, cacheControl: string | null): boolean {
  if (!facts.signedIn && !facts.sessionChanged) return false;
  if (facts.sessionChanged) return true;
  return !/^\s*public\b/i.test(cacheControl ?? '');
}

/** `Vary` with `Cookie` added once. */
export function varyWithCookie(vary: string | null): string {
  const parts = (vary ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.some((p) => p === '*' || p.toLowerCase() === 'cookie')) return parts.join(', ');
  return [...parts, 'Cookie'].join(', ');
}

/** The response with `Cache-Control: private, no-store` and `Vary: Cookie` when it is personal. */
export function withPersonalHeaders(response: Response, facts: PersonalFacts): Response {
  if (!needsPersonalHeaders(facts, response.headers.get('Cache-Control'))) return response;
  let out = response;
  try {
    out.headers.set('Cache-Control', PERSONAL_CACHE_CONTROL);
  } catch {
    // Headers of e.g. Response.redirect() are immutable: copy the response.
    out = new Response(response.body, response);
    out.headers.set('Cache-Control', PERSONAL_CACHE_CONTROL);
  }
  out.headers.set('Vary', varyWithCookie(out.headers.get('Vary')));
  return out;
}
