/**
 * Responses of the certificates' public JSON endpoints (DID document, JWK set, credentials,
 * status list, verify API): readable from any origin, since wallets and verifiers on other
 * sites fetch them, and never cached longer than the caller says.
 */

/** A JSON response any origin may read. */
export function publicJson(body: unknown, options: { status?: number; cache?: string; type?: string; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body, null, 2), {
    status: options.status ?? 200,
    headers: {
      'Content-Type': `${options.type ?? 'application/json'}; charset=utf-8`,
      'Cache-Control': options.cache ?? 'no-store',
      'Access-Control-Allow-Origin': '*',
      'X-Robots-Tag': 'noindex',
      ...options.headers,
    },
  });
}

/** A plain JSON error any origin may read: `{ "error": "…" }`. */
export function publicJsonError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return publicJson({ error: message }, { status, headers });
}

/**
 * Whether an `If-None-Match` header names `etag` (weak comparison, as RFC 9110 asks for
 * If-None-Match; `*` matches anything). A missing or empty header matches nothing.
 */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === wanted);
}
