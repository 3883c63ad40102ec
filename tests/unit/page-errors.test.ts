/**
 * What a page's error becomes (answerPageError, called by src/middleware.ts around every page):
 * PocketBase away → the 503 page; a real bug → thrown on (Astro's 500 page) with a short id in
 * the server log, kept for the 500 page to show. And readForm: a body that is not a form reads
 * as an empty form, never a 500.
 */
import { ClientResponseError } from 'pocketbase';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../src/lib/errors.ts';
import { answerPageError, failureId } from '../../src/lib/server/failure.ts';
import { readForm, tryReadForm } from '../../src/lib/site/forms.ts';

function context(request = new Request('http://127.0.0.1:4321/staff/cohorts')) {
  const rewrites: (string | Request)[] = [];
  return {
    rewrites,
    ctx: {
      request,
      url: new URL(request.url),
      locals: {} as { failureId?: string },
      rewrite: async (to: string | Request) => {
        rewrites.push(to);
        return new Response('the 503 page', { status: 503 });
      },
    },
  };
}

afterEach(() => vi.restoreAllMocks());

describe('answerPageError', () => {
  it('shows the 503 page for a DomainError of kind unavailable', async () => {
    const { ctx, rewrites } = context();
    const response = await answerPageError(ctx as never, new DomainError('unavailable', 'down'));
    expect(response.status).toBe(503);
    expect(rewrites).toEqual(['/503']);
    expect(ctx.locals.failureId).toBeUndefined();
  });

  it('shows the 503 page when PocketBase could not be reached at all', async () => {
    const { ctx, rewrites } = context();
    await answerPageError(ctx as never, new ClientResponseError({ status: 0, url: 'http://127.0.0.1:8090' }));
    expect(rewrites).toEqual(['/503']);
  });

  it('after a POST body was read, rewrites with a bodiless GET of /503', async () => {
    const request = new Request('http://127.0.0.1:4321/staff/roles', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=b' });
    await request.formData();
    const { ctx, rewrites } = context(request);
    await answerPageError(ctx as never, new DomainError('unavailable', 'down'));
    const fresh = rewrites[0] as Request;
    expect(fresh.method).toBe('GET');
    expect(fresh.url).toBe('http://127.0.0.1:4321/503');
  });

  it('a real bug is thrown on (a 500), not a fake outage, and logged with the id kept for the 500 page', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { ctx, rewrites } = context();
    const bug = new TypeError('Cannot read properties of undefined');
    await expect(answerPageError(ctx as never, bug)).rejects.toBe(bug);
    expect(rewrites).toEqual([]);
    expect(ctx.locals.failureId).toMatch(/^e-[0-9a-f]{8}$/);
    expect(log).toHaveBeenCalledWith(`[${ctx.locals.failureId}] Something failed on GET /staff/cohorts:`, bug);
  });

  it('other PocketBase answers (e.g. a 400 or 404 nobody handled) are bugs too, not outages', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const status of [400, 403, 404, 500]) {
      const { ctx, rewrites } = context();
      await expect(answerPageError(ctx as never, new ClientResponseError({ status }))).rejects.toBeInstanceOf(ClientResponseError);
      expect(rewrites).toEqual([]);
    }
  });

  it('ids differ from one failure to the next', () => {
    expect(new Set(Array.from({ length: 20 }, failureId)).size).toBe(20);
  });
});

describe('readForm', () => {
  it('reads a posted form', async () => {
    const form = await readForm(new Request('http://x/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=Robin' }));
    expect(form.get('name')).toBe('Robin');
  });

  it('a body that is not a form reads as an empty form (readForm) or undefined (tryReadForm)', async () => {
    const json = () => new Request('http://x/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Robin"}' });
    expect([...(await readForm(json())).keys()]).toEqual([]);
    expect(await tryReadForm(json())).toBeUndefined();
  });
});
