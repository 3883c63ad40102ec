/**
 * RFC 8058 one-click unsubscribe, as mail programs send it: `POST /unsubscribe/<token>` with
 * `List-Unsubscribe=One-Click`, no cookies and no Origin header. Astro's cross-site form check
 * would refuse such a POST, so scripts/server.ts hands it here before Astro sees it. A POST
 * from the site's own confirm page (with an Origin header) goes to the Astro page instead.
 * The signed token is the only permission needed (./unsubscribe.ts); GET never changes anything.
 */
import type http from 'node:http';
import { DomainError, isUnavailable } from '../errors.ts';
import { serviceClient } from '../pb-service.ts';
import { unsubscribeWithToken } from './email-prefs-store.ts';
import { unsubscribeSecret } from './unsubscribe-secret.ts';

const PATH = /^\/unsubscribe\/([A-Za-z0-9_.-]{1,300})$/;

/** Whether this request is a mail program's one-click unsubscribe (for scripts/server.ts). */
export function isOneClickRequest(req: Pick<http.IncomingMessage, 'method' | 'url' | 'headers'>): boolean {
  if (req.method !== 'POST' || req.headers.origin) return false;
  return PATH.test((req.url ?? '').split('?')[0] ?? '');
}

function answer(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export async function handleOneClick(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const token = PATH.exec((req.url ?? '').split('?')[0] ?? '')?.[1] ?? '';
  // The body says only "List-Unsubscribe=One-Click"; read a little of it and drop it.
  let read = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    read += chunk.byteLength;
    if (read > 4096) break;
  }
  try {
    await unsubscribeWithToken(await serviceClient(), unsubscribeSecret(), token);
    answer(res, 200, 'You will get no more emails of this kind. You can switch them on again on Your account.');
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'not-found') answer(res, 404, error.message);
    else if (isUnavailable(error)) answer(res, 503, 'This could not be done just now. Please try again in a few minutes.');
    else {
      // A bug, not an outage: say so plainly and log it (this runs outside Astro's middleware).
      console.error(`[unsubscribe] one-click failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      answer(res, 500, 'Something went wrong on our side. You can switch these emails off on Your account.');
    }
  }
}
