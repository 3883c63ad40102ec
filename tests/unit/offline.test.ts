/**
 * Saving courses for offline reading (docs/OFFLINE.md): which requests the service worker may
 * keep and answer from its copy, which ones delete every copy, what a page's copy needs, and
 * the version check that updates a republished course.
 */
import { describe, expect, it } from 'vitest';
import {
  assetUrlsInHtml,
  clearsOfflineCopies,
  importsInScript,
  isManifest,
  isOfflineWorkerScript,
  mayKeepOffline,
  modulePage,
  pagesToDrop,
  refreshPlan,
  SESSION_LIFE_MS,
  stillConfirmed,
  type SavedCourse,
} from '../../src/lib/offline/offline.ts';
import { MAX_AGE_SECONDS } from '../../src/lib/auth/session.ts';

const ORIGIN = 'https://learn.example.org';
const at = (path: string) => `${ORIGIN}${path}`;

describe('which requests the offline worker may keep', () => {
  it('keeps module pages and public files', () => {
    for (const path of [
      '/courses/peer-support-foundations/what-peer-support-is',
      '/courses/peer-support-foundations/what-peer-support-is/',
      '/_astro/reflection-editor.DANzMpAp.js',
      '/courses/peer-support-foundations/files/images/circle.png',
      '/favicon.svg',
      '/org/logo?v=logo_abc.png',
    ]) {
      expect(mayKeepOffline('GET', at(path), ORIGIN), path).toBe(true);
    }
  });

  it('never keeps staff, author, account, reset, invitation, sign-in or personal pages', () => {
    for (const path of [
      '/staff', '/staff/cohorts/abc', '/author/peer-support-foundations', '/account', '/account/my-data.zip',
      '/reset/token123', '/invite/token123', '/signin', '/signout', '/signup', '/forgot', '/dashboard',
      '/reflections', '/reflections/abc', '/reflections/export.zip', '/evidence/peer-support-foundations',
      '/certificates', '/api/v1/verify/ABC', '/offline/peer-support-foundations.json', '/checks',
      '/courses/peer-support-foundations', '/', '/support', '/files/evidence/abc/def.pdf',
    ]) {
      expect(mayKeepOffline('GET', at(path), ORIGIN), path).toBe(false);
    }
  });

  it('never keeps anything but a GET, or another site, or a module page answering a form (a query)', () => {
    const page = at('/courses/peer-support-foundations/what-peer-support-is');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'HEAD']) expect(mayKeepOffline(method, page, ORIGIN), method).toBe(false);
    expect(mayKeepOffline('get', page, ORIGIN)).toBe(true);
    expect(mayKeepOffline('GET', 'https://evil.example/courses/a/b', ORIGIN)).toBe(false);
    expect(mayKeepOffline('GET', 'https://evil.example/_astro/x.js', ORIGIN)).toBe(false);
    expect(mayKeepOffline('GET', `${page}?reflection=saved&prompt=p1`, ORIGIN)).toBe(false);
  });

  it('tells a module page from a course file folder', () => {
    expect(modulePage('/courses/a-course/a-module')).toEqual({ course: 'a-course', module: 'a-module' });
    expect(modulePage('/courses/a-course/files')).toBeUndefined();
    expect(modulePage('/courses/a-course')).toBeUndefined();
    expect(modulePage('/courses/a-course/a-module/extra')).toBeUndefined();
    expect(modulePage('/courses/../staff')).toBeUndefined();
  });

  it('names the built worker script, and nothing else, for Service-Worker-Allowed', () => {
    expect(isOfflineWorkerScript('/_astro/offline-sw-ChW6BGTU.js')).toBe(true);
    expect(isOfflineWorkerScript('/_astro/offline-sw-ChW6BGTU.js.map')).toBe(false);
    expect(isOfflineWorkerScript('/courses/x/files/offline-sw-a.js')).toBe(false);
    expect(isOfflineWorkerScript('/_astro/lit.BkPDvjw-.js')).toBe(false);
  });
});

describe('requests that delete every offline copy first', () => {
  it('signing in, up or out, invitations, resets and closing an account', () => {
    for (const path of ['/signin', '/signout', '/signup', '/account/close', '/reset/abc', '/invite/abc', '/signin/']) {
      expect(clearsOfflineCopies('POST', at(path), ORIGIN), path).toBe(true);
    }
  });
  it('not reading, not saving a reflection, not a GET of those pages', () => {
    expect(clearsOfflineCopies('GET', at('/signout'), ORIGIN)).toBe(false);
    expect(clearsOfflineCopies('GET', at('/signin'), ORIGIN)).toBe(false);
    expect(clearsOfflineCopies('POST', at('/reflections'), ORIGIN)).toBe(false);
    expect(clearsOfflineCopies('POST', 'https://evil.example/signout', ORIGIN)).toBe(false);
  });
});

describe('what a page needs offline', () => {
  const page = at('/courses/c/m');
  it('finds its scripts, pictures and icon; leaves out other sites, data URLs, other pages and personal addresses', () => {
    const html = `<html><head><link rel="icon" href="/favicon.svg" type="image/svg+xml">
      <link rel="canonical" href="/courses/c/m">
      <script type="module" src="/_astro/reflection-editor.AB12.js"></script>
      <script type="module">import "/_astro/content-note-gate.CD34.js";</script>
      </head><body>
      <img src="/courses/c/files/images/a.png" alt="">
      <img src='files/images/b.png' alt="">
      <img src="https://cdn.example.com/x.png" alt="">
      <img src="data:image/png;base64,AAAA" alt="">
      <img srcset="/courses/c/files/images/small.png 1x, /courses/c/files/images/big.png 2x" alt="">
      <a href="/reflections/abc">mine</a>
      <img src="/files/evidence/abc/photo.png" alt="">
      <img src="/courses/c/files/images/a.png#part" alt="">
      </body></html>`;
    expect(assetUrlsInHtml(html, page).sort()).toEqual(
      [
        at('/favicon.svg'),
        at('/_astro/reflection-editor.AB12.js'),
        at('/_astro/content-note-gate.CD34.js'),
        at('/courses/c/files/images/a.png'),
        at('/courses/c/files/images/b.png'),
        at('/courses/c/files/images/small.png'),
        at('/courses/c/files/images/big.png'),
      ].sort(),
    );
  });

  it('follows a bundled script’s imports (static and dynamic), not bare names or other sites', () => {
    const js = 'import{a as b}from"./lit.BkPDvjw-.js";import"./markdown-toolbar.BTxeQRRG.js";const x=()=>import("./visual.Zz.js");import y from"lit";import"https://evil.example/x.js";';
    expect(importsInScript(js, at('/_astro/reflection-editor.DANzMpAp.js')).sort()).toEqual(
      [at('/_astro/lit.BkPDvjw-.js'), at('/_astro/markdown-toolbar.BTxeQRRG.js'), at('/_astro/visual.Zz.js')].sort(),
    );
  });
});

describe('the version check', () => {
  const saved: SavedCourse = {
    course: 'c',
    title: 'C',
    version: 'aaaaaaaaaaaa',
    person: 'user1',
    pages: ['/courses/c/one', '/courses/c/two'],
    savedAt: 0,
    confirmedAt: 0,
  };
  const manifest = { course: 'c', title: 'C', version: 'aaaaaaaaaaaa', person: 'user1', pages: ['/courses/c/one', '/courses/c/two'] };

  it('keeps an unchanged copy, and keeps it when the answer says nothing (offline, a server problem)', () => {
    expect(refreshPlan(saved, { status: 200, manifest })).toBe('keep');
    expect(refreshPlan(saved, { status: 0 })).toBe('keep');
    expect(refreshPlan(saved, { status: 503 })).toBe('keep');
    expect(refreshPlan(saved, { status: 200, manifest: { nonsense: true } })).toBe('keep');
  });

  it('updates a republished course: a new version, or modules added or removed', () => {
    expect(refreshPlan(saved, { status: 200, manifest: { ...manifest, version: 'bbbbbbbbbbbb' } })).toBe('update');
    expect(refreshPlan(saved, { status: 200, manifest: { ...manifest, pages: ['/courses/c/one'] } })).toBe('update');
    expect(refreshPlan(saved, { status: 200, manifest: { ...manifest, pages: [...manifest.pages, '/courses/c/three'] } })).toBe('update');
  });

  it('deletes every copy when nobody, or someone else, is signed in; drops a course no longer theirs', () => {
    expect(refreshPlan(saved, { status: 401 })).toBe('clear-all');
    expect(refreshPlan(saved, { status: 200, manifest: { ...manifest, person: 'user2' } })).toBe('clear-all');
    expect(refreshPlan(saved, { status: 403 })).toBe('drop');
    expect(refreshPlan(saved, { status: 404 })).toBe('drop');
  });

  it('accepts only a manifest of module pages for one person', () => {
    expect(isManifest(manifest)).toBe(true);
    expect(isManifest({ ...manifest, person: '' })).toBe(false);
    expect(isManifest({ ...manifest, pages: ['/staff'] })).toBe(false);
    expect(isManifest({ ...manifest, pages: ['/courses/c/one?x=1'] })).toBe(false);
    expect(pagesToDrop(['/courses/c/one', '/courses/c/two'], ['/courses/c/one'])).toEqual(['/courses/c/two']);
  });

  it('shows a copy only while its person’s session may still be going (at most the cookie’s 7 days since the site last confirmed them)', () => {
    expect(SESSION_LIFE_MS).toBe(MAX_AGE_SECONDS * 1000);
    const now = Date.UTC(2026, 11, 7, 12);
    expect(stillConfirmed({ confirmedAt: now - 60_000 }, now)).toBe(true);
    expect(stillConfirmed({ confirmedAt: now - SESSION_LIFE_MS }, now)).toBe(true);
    expect(stillConfirmed({ confirmedAt: now - SESSION_LIFE_MS - 1 }, now)).toBe(false);
    // A copy from before this rule (no date), or dated in the future (a clock moved back), is not shown.
    expect(stillConfirmed({} as SavedCourse, now)).toBe(false);
    expect(stillConfirmed({ confirmedAt: now + 24 * 60 * 60 * 1000 }, now)).toBe(false);
  });
});
