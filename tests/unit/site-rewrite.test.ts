/**
 * rewriteTo's request: Astro refuses rewrite() once a POST body was read (a 500), so after a
 * body read the rewrite uses a fresh bodiless GET with the same person's headers.
 */
import { describe, expect, it } from 'vitest';
import { rewriteRequest } from '../../src/lib/site/rewrite.ts';

const post = () =>
  new Request('http://127.0.0.1:4321/reflections/abc/delete', {
    method: 'POST',
    headers: { cookie: 'pb_auth=token', 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: 'from=list',
  });

describe('rewriteRequest', () => {
  it('keeps the original request while its body is unread (an ordinary rewrite)', () => {
    expect(rewriteRequest(post(), new URL('http://127.0.0.1:4321/404'))).toBeUndefined();
  });

  it('after the body was read: a GET of the target with the same cookies, without the body’s headers', async () => {
    const request = post();
    await request.formData();
    const fresh = rewriteRequest(request, new URL('http://127.0.0.1:4321/404'))!;
    expect(fresh.method).toBe('GET');
    expect(fresh.url).toBe('http://127.0.0.1:4321/404');
    expect(fresh.bodyUsed).toBe(false);
    expect(fresh.headers.get('cookie')).toBe('pb_auth=token');
    expect(fresh.headers.get('accept')).toBe('text/html');
    expect(fresh.headers.get('content-type')).toBeNull();
  });
});
