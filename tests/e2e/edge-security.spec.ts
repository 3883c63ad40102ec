/**
 * The edge of the site, as a browser or a hostile client meets it (built site, real PocketBase):
 * headers on every page for a signed-in person (private, no-store; Vary: Cookie; CSP and
 * friends), `next` values that used to redirect elsewhere or answer 500, and request bodies
 * over the limit refused with 413 while the server keeps answering.
 */
import http from 'node:http';
import { createAccount, signInAs } from './accounts.ts';
import { CSP_VIOLATION, expect, test } from './fixtures.ts';

const MODULE = '/courses/peer-support-foundations/what-peer-support-is';

test.describe('headers', () => {
  test('every page rendered for a signed-in person is private, never stored, varies by cookie, and has a strict CSP', async ({ context, baseURL }) => {
    await signInAs(context, await createAccount('Header Trainee'));
    for (const path of ['/', '/support', '/verify', '/enrol', '/courses/peer-support-foundations', MODULE, '/dashboard', '/reflections', '/account']) {
      const response = await context.request.get(`${baseURL}${path}`, { maxRedirects: 0 });
      expect(response.status(), path).toBe(200);
      const headers = response.headers();
      expect(headers['cache-control'], path).toBe('private, no-store');
      expect(headers.vary, path).toMatch(/\bCookie\b/i);
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('same-origin');
      const csp = headers['content-security-policy'] ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("object-src 'none'");
      expect(csp, path).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*;/);
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).not.toContain('unsafe-eval');
    }
  });

  test('anonymous pages have the CSP too, and no HSTS over plain http without an https SITE_URL', async ({ request }) => {
    const response = await request.get('/');
    expect(response.headers()['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers()['strict-transport-security']).toBeUndefined();
  });

  test('idle keep-alive connections outlive a proxy\'s (Caddy keeps its own two minutes), so a reused connection is never cut mid-request', async ({ request }) => {
    const keepAlive = (await request.get('/favicon.svg')).headers()['keep-alive'] ?? '';
    const seconds = Number(/timeout=(\d+)/.exec(keepAlive)?.[1]);
    expect(seconds, `Keep-Alive: ${keepAlive}`).toBeGreaterThan(120);
  });

  test('the CSP stops an injected inline script and an inline handler (and the browser says so, which every e2e page watches for)', async ({ browser, baseURL }) => {
    // Not the `page` fixture: that one fails any test with a CSP violation, and here one is wanted.
    const page = await browser.newPage({ baseURL: baseURL! });
    const messages: string[] = [];
    page.on('console', (m) => messages.push(m.text()));
    await page.goto(MODULE);
    const ran = await page.evaluate(async () => {
      const w = window as unknown as { injected?: number; handler?: number };
      // No sleep: wait for the two refusals and for the picture's error event (which comes
      // after the inline handler would have run), or give up after 5 s and let the checks fail.
      let refusals = 0;
      const refused = new Promise((resolve) => document.addEventListener('securitypolicyviolation', () => (++refusals >= 2 ? resolve(true) : undefined)));
      const script = document.createElement('script');
      script.textContent = 'window.injected = 1';
      document.head.append(script);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.handler = 1');
      const failed = new Promise((resolve) => img.addEventListener('error', resolve));
      img.src = '/no-such-picture.png';
      document.body.append(img);
      await Promise.race([Promise.all([refused, failed]), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      return { injected: w.injected, handler: w.handler };
    });
    expect(ran).toEqual({ injected: undefined, handler: undefined });
    expect(messages.filter((m) => CSP_VIOLATION.test(m)).length).toBeGreaterThanOrEqual(2);
    await page.close();
  });

  test('signing in (which sets the session cookie) is answered private and never stored', async ({ request, baseURL }) => {
    const account = await createAccount('Cookie Trainee');
    const response = await request.post('/signin', {
      form: { email: account.email, password: account.password, next: '/dashboard' },
      headers: { Origin: baseURL! },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(303);
    expect(response.headers()['set-cookie']).toMatch(/ll_session=/);
    expect(response.headers()['cache-control']).toBe('private, no-store');
    expect(response.headers().vary).toMatch(/\bCookie\b/i);
  });
});

test.describe('proxy headers', () => {
  test('without SITE_URL, forwarded headers are not believed: a forged https origin is still refused (origin check on)', async ({ request, baseURL }) => {
    const forged = await request.post('/signin', {
      form: { email: 'a@example.test', password: 'x' },
      headers: { Origin: 'https://evil.example', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': 'evil.example' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    const plain = await request.post('/signin', { form: { email: 'a@example.test', password: 'x' }, headers: { Origin: baseURL! }, maxRedirects: 0 });
    expect(plain.status()).not.toBe(403);
  });
});

test.describe('next after signing in', () => {
  const hostile = ['/%09/evil.example', '/%0A/evil.example', '%0D', '/%00', '/%E2%80%A8', '/%E2%80%A9', '/%5C/evil.example', '//evil.example', '/..//evil.example', 'https://evil.example/'];

  test('hostile values are shown the sign-in and sign-up forms (no 500) and never leave the site', async ({ request, baseURL }) => {
    const account = await createAccount('Next Trainee');
    for (const next of hostile) {
      for (const page of ['/signin', '/signup']) {
        const shown = await request.get(`${page}?next=${next}`);
        expect(shown.status(), `${page}?next=${next}`).toBe(200);
      }
      const posted = await request.post('/signin', {
        form: { email: account.email, password: account.password, next: decodeURIComponent(next) },
        headers: { Origin: baseURL! },
        maxRedirects: 0,
      });
      expect(posted.status(), next).toBe(303);
      expect(posted.headers().location, next).toBe('/dashboard');
    }
  });

  test('in Chromium, /signin?next=/%09/evil.example ends on this site', async ({ page, baseURL }) => {
    const account = await createAccount('Tab Trainee');
    await page.goto('/signin?next=/%09/evil.example');
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/dashboard');
    expect(new URL(page.url()).origin).toBe(baseURL);
  });

  test('a safe next is kept', async ({ page }) => {
    const account = await createAccount('Keep Trainee');
    await page.goto(`/signin?next=${encodeURIComponent(MODULE)}`);
    await page.getByLabel('Email address').fill(account.email);
    await page.getByLabel('Password', { exact: true }).fill(account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === MODULE);
  });
});

/** A raw POST: `declared` is sent as Content-Length (or chunked when undefined); `send` bytes are written. Resolves with the status and body the server answered (status 0 if the connection closed with no answer). */
function rawPost(baseURL: string, path: string, declared: number | undefined, send: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseURL);
    const headers: Record<string, string | number> = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url.origin };
    if (declared !== undefined) headers['Content-Length'] = declared;
    const req = http.request(url, { method: 'POST', headers });
    let answered = false;
    // Closed with no answer at all: status 0 (the caller decides whether that is allowed), never a hang.
    req.on('close', () => (answered ? undefined : resolve({ status: 0, body: '' })));
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    // The server may close the connection while we are still sending: that is the point.
    req.on('error', (error: NodeJS.ErrnoException) => (['EPIPE', 'ECONNRESET'].includes(error.code ?? '') ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let written = 0;
    const pump = () => {
      while (written < send) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (declared === undefined) req.end();
    };
    pump();
  });
}

test.describe('request body limits', () => {
  test('a huge anonymous POST declared up front gets 413 at once, and the site still answers', async ({ baseURL, request }) => {
    // Claims 600 MB, sends 64 kB: the answer comes before the rest would be read.
    const answer = await rawPost(baseURL!, '/signin', 600 * 1024 * 1024, 64 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('too large');
    expect((await request.get('/')).status()).toBe(200);
  });

  test('a chunked POST (no length given) is cut off with 413 once it passes the limit, and the site still answers', async ({ baseURL, request }) => {
    const answer = await rawPost(baseURL!, '/signin', undefined, 3 * 1024 * 1024);
    // The server closes with a lingering close (scripts/server.ts): before it, the close reset
    // the connection while this client was still sending, and the client lost the 413 (7 runs
    // in 40 with the cores busy; none in 120 since).
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('at most 1 MB');
    expect((await request.get('/')).status()).toBe(200);
  });

  test('a normal-sized form still works (a long reflection-sized body is under the limit)', async ({ baseURL }) => {
    const answer = await rawPost(baseURL!, '/signin', 200 * 1024, 200 * 1024);
    expect(answer.status, 'an answer').toBeGreaterThan(0);
    expect(answer.status).not.toBe(413);
  });
});
