/**
 * Showing another page (the kind 404 or 503 page, or a page's GET form) in answer to a
 * request, also after the request's body was read. Astro refuses `rewrite()` once a POST's
 * body has been read (`RewriteWithBodyUsed`, a 500 for the person); this rewrites with a
 * fresh bodiless GET of the same person instead (same cookies and headers, no body), so the
 * page renders with its own status. One helper for every route: never copy the workaround.
 */
import type { APIContext, AstroGlobal } from 'astro';

type Context = Pick<APIContext | AstroGlobal, 'request' | 'url' | 'rewrite'>;

/** The request to rewrite with: the original while its body is unread, else a bodiless GET. */
export function rewriteRequest(request: Request, target: URL): Request | undefined {
  if (!request.bodyUsed) return undefined;
  const headers = new Headers(request.headers);
  for (const name of ['content-type', 'content-length', 'transfer-encoding']) headers.delete(name);
  return new Request(target, { method: 'GET', headers });
}

/**
 * `context.rewrite(path)` that also works after `request.formData()` (or any body read).
 *
 * @param path a path on this site, such as '/404' or '/503'
 */
export function rewriteTo(context: Context, path: string): Promise<Response> {
  const fresh = rewriteRequest(context.request, new URL(path, context.url));
  return fresh ? context.rewrite(fresh) : context.rewrite(path);
}
