/**
 * Saving enrolled courses for offline reading (issue 20): the rules the service worker
 * (src/elements/offline-sw.ts) follows, pure so unit tests can check them.
 * Decisions and the threat model: docs/OFFLINE.md.
 *
 * - Only two kinds of thing are ever stored: the **offline copy** of a module page (rendered by
 *   the server as a signed-out visitor sees it, plus empty reflection boxes; no reflection
 *   text, progress, check results or name), and the public files those pages use (the site's
 *   bundled scripts under /_astro/, course pictures, the favicon and the organisation's logo).
 * - Nothing else: never a staff, author, account, reset, invitation or sign-in page, never an
 *   API answer, never anything but a GET.
 * - Every copy is deleted when someone signs in, signs up, signs out, accepts an invitation,
 *   sets a password from a reset link or closes their account on this browser, when the site
 *   says nobody is signed in any more, and when a different person is signed in.
 */

/** The one Cache Storage cache the service worker uses. */
export const OFFLINE_CACHE = 'lived-learning-offline-v1';

/** Request header the service worker sends to ask for a module page's offline copy. */
export const OFFLINE_COPY_HEADER = 'X-Offline-Copy';

/** Where the service worker keeps what it knows about a saved course (never a real address). */
export const META_PREFIX = '/__offline__/course/';

const SLUG = '[a-z0-9][a-z0-9-]*';
const MODULE_PAGE = new RegExp(`^/courses/(${SLUG})/(${SLUG})/?$`);
const COURSE_FILE = new RegExp(`^/courses/${SLUG}/files/[^?#]+$`);

/**
 * Paths that are never stored or served from the offline copy, whatever else matches: staff,
 * authoring, accounts, sign-in and sign-up, reset links, invitations, reflections, evidence,
 * certificates, the API. (The allow-list below already leaves them out; this is the second lock.)
 */
const NEVER = [
  '/staff', '/author', '/account', '/signin', '/signout', '/signup', '/forgot', '/reset', '/invite',
  '/reflections', '/evidence', '/certificates', '/credentials', '/checks', '/feedback', '/api', '/offline',
  '/dashboard', '/notifications', '/calendar', '/timetable', '/unsubscribe', '/confirm-email', '/enrol',
  '/progress', '/portfolio', '/practice', '/ratings', '/discussion', '/files', '/verify',
];

function isNever(path: string): boolean {
  return NEVER.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}.`));
}

/** The built service worker (`/_astro/offline-sw-<hash>.js`): sent with `Service-Worker-Allowed: /`. */
export function isOfflineWorkerScript(path: string): boolean {
  return /^\/_astro\/offline-sw-[A-Za-z0-9_-]+\.js$/.test(path);
}

/** The course and module of a module page's path, or undefined. `/courses/x/files` is not a module. */
export function modulePage(path: string): { course: string; module: string } | undefined {
  const match = MODULE_PAGE.exec(path);
  if (!match || match[2] === 'files') return undefined;
  return { course: match[1] as string, module: match[2] as string };
}

/** A public file a saved page needs: bundled scripts, course pictures, the favicon, the logo. */
export function isOfflineAsset(path: string): boolean {
  if (isNever(path)) return false;
  return path.startsWith('/_astro/') || COURSE_FILE.test(path) || path === '/favicon.svg' || path === '/org/logo';
}

/**
 * Whether the service worker may store, or answer from its copy, this request.
 * Only GETs of this site's module pages (their offline copy) and public files; no query string
 * (a module page with `?reflection=saved…` is a personal answer to a form).
 */
export function mayKeepOffline(method: string, url: URL | string, origin: string): boolean {
  if (method.toUpperCase() !== 'GET') return false;
  const u = typeof url === 'string' ? new URL(url, origin) : url;
  if (u.origin !== origin) return false;
  if (u.username || u.password) return false;
  if (isNever(u.pathname)) return false;
  if (modulePage(u.pathname)) return u.search === '';
  return isOfflineAsset(u.pathname);
}

/**
 * Requests after which this browser may belong to someone else: every offline copy is deleted
 * before they go through (signing in, up or out, an invitation or reset link that signs someone
 * in, closing an account).
 */
export function clearsOfflineCopies(method: string, url: URL | string, origin: string): boolean {
  if (method.toUpperCase() !== 'POST') return false;
  const u = typeof url === 'string' ? new URL(url, origin) : url;
  if (u.origin !== origin) return false;
  const p = u.pathname.replace(/\/+$/, '');
  return ['/signin', '/signout', '/signup', '/account/close'].includes(p) || p.startsWith('/reset/') || p.startsWith('/invite/');
}

/** The same-origin URLs of a page's scripts, pictures and icons that may be kept (absolute, no duplicates). */
export function assetUrlsInHtml(html: string, pageUrl: string): string[] {
  const page = new URL(pageUrl);
  const found = new Set<string>();
  const add = (raw: string) => {
    const value = decodeEntities(raw.trim());
    if (!value || value.startsWith('data:')) return;
    let u: URL;
    try {
      u = new URL(value, page);
    } catch {
      return;
    }
    u.hash = '';
    if (mayKeepOffline('GET', u, page.origin) && !modulePage(u.pathname)) found.add(u.href);
  };
  for (const tag of html.match(/<(?:script|img|link|source)\b[^>]*>/gi) ?? []) {
    const name = (/^<(\w+)/.exec(tag)?.[1] ?? '').toLowerCase();
    if (name === 'link' && !/\brel\s*=\s*["']?[^"'>]*\b(icon|stylesheet|modulepreload|preload)\b/i.test(tag)) continue;
    for (const attr of ['src', 'href']) {
      const m = new RegExp(`\\s${attr}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
      if (m) add(m[1] ?? m[2] ?? m[3] ?? '');
    }
    const srcset = /\ssrcset\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
    if (srcset) for (const part of (srcset[1] ?? srcset[2] ?? '').split(',')) add(part.trim().split(/\s+/)[0] ?? '');
  }
  // Module scripts written inline by Astro import their bundle: `import "/_astro/x.js"`.
  for (const script of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
    for (const u of importsInScript(script.replace(/^<script\b[^>]*>|<\/script>$/gi, ''), page.href)) found.add(u);
  }
  return [...found];
}

/** The same-origin scripts a bundled script imports (static and dynamic), absolute. */
export function importsInScript(js: string, scriptUrl: string): string[] {
  const base = new URL(scriptUrl);
  const found = new Set<string>();
  const patterns = [/\bimport\s*["']([^"']+)["']/g, /\bfrom\s*["']([^"']+)["']/g, /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g];
  for (const pattern of patterns) {
    for (const m of js.matchAll(pattern)) {
      const spec = m[1] ?? '';
      if (!/^(\.{1,2}\/|\/)/.test(spec)) continue; // bare names are not URLs
      try {
        const u = new URL(spec, base);
        if (mayKeepOffline('GET', u, base.origin) && u.pathname.endsWith('.js')) found.add(u.href);
      } catch {
        /* not a URL */
      }
    }
  }
  return [...found];
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** What the site says about a course to save (GET /offline/<course>.json). */
export interface OfflineManifest {
  course: string;
  title: string;
  /** The course's content version (a hash of its files): a republished course has a new one. */
  version: string;
  /** Who is signed in: the copy belongs to them alone. */
  person: string;
  /** Module pages, as paths. */
  pages: string[];
}

/** What the service worker keeps about a saved course. */
export interface SavedCourse {
  course: string;
  title: string;
  version: string;
  person: string;
  pages: string[];
  /** When the copy was made (ms since 1970). */
  savedAt: number;
  /** When the site last said this person is still signed in here (ms since 1970). */
  confirmedAt: number;
}

/**
 * A session lasts at most this long without a visit (the cookie's max age, 7 days, in
 * src/lib/auth/session.ts). A copy not confirmed for longer belongs to a session that has
 * certainly ended: the worker deletes it instead of showing it, so someone who picks up the
 * device later, offline, cannot read it.
 */
export const SESSION_LIFE_MS = 7 * 24 * 60 * 60 * 1000;

/** Whether a saved copy may still be shown (its person's session may still be going). */
export function stillConfirmed(saved: Pick<SavedCourse, 'confirmedAt'>, now: number): boolean {
  return typeof saved.confirmedAt === 'number' && now - saved.confirmedAt <= SESSION_LIFE_MS && saved.confirmedAt <= now + 60_000;
}

export function isManifest(value: unknown): value is OfflineManifest {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['course'] === 'string' &&
    typeof v['title'] === 'string' &&
    typeof v['version'] === 'string' &&
    typeof v['person'] === 'string' &&
    v['person'] !== '' &&
    Array.isArray(v['pages']) &&
    v['pages'].every((p) => typeof p === 'string' && modulePage(p) !== undefined)
  );
}

/**
 * What to do with a saved course after asking the site about it (online):
 * - `clear-all`: nobody is signed in any more (401), or someone else is: delete every copy;
 * - `drop`: the course is gone or no longer theirs (404, 403): delete this course's copy;
 * - `update`: it was republished (a new version or different modules): save it again;
 * - `keep`: nothing changed, or the answer says nothing (offline, 5xx): keep the copy.
 */
export function refreshPlan(saved: SavedCourse, answer: { status: number; manifest?: unknown }): 'clear-all' | 'drop' | 'update' | 'keep' {
  if (answer.status === 401) return 'clear-all';
  if (answer.status === 403 || answer.status === 404) return 'drop';
  if (answer.status !== 200 || !isManifest(answer.manifest)) return 'keep';
  const m = answer.manifest;
  if (m.person !== saved.person) return 'clear-all';
  if (m.course !== saved.course) return 'keep';
  if (m.version !== saved.version) return 'update';
  if (m.pages.length !== saved.pages.length || m.pages.some((p, i) => p !== saved.pages[i])) return 'update';
  return 'keep';
}

/** Pages saved before that are not in the new list (a module removed on republish). */
export function pagesToDrop(before: string[], now: string[]): string[] {
  const keep = new Set(now);
  return before.filter((p) => !keep.has(p));
}

/** The made-up address under which a course's details are kept in the cache. */
export function metaPath(course: string): string {
  return `${META_PREFIX}${encodeURIComponent(course)}`;
}
