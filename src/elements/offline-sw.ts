/**
 * The service worker that keeps saved courses readable offline (issue 20; docs/OFFLINE.md).
 * Bundled by Vite as a classic script (`?worker&url` in src/elements/offline-save.ts), nothing
 * fetched from anywhere but this site. Registered for the whole site (scripts/server.ts sends
 * `Service-Worker-Allowed: /` for it).
 *
 * - Saves a course on request: asks `/offline/<course>.json`, then fetches each module page's
 *   offline copy (the `X-Offline-Copy: 1` header; the server confirms it with the same header
 *   and renders no personal content) and the public scripts and pictures they use, into one
 *   Cache Storage cache. Answers for signed-in people are `private, no-store`, so nothing here
 *   relies on the HTTP cache: every copy is fetched and stored explicitly.
 * - Answers from the copy only when the network fails, and only for what
 *   src/lib/offline/offline.ts allows (GET module pages and public files).
 * - Deletes every copy before a sign-in, sign-up, sign-out, invitation, reset or account
 *   closing goes through, and when the site says nobody, or someone else, is signed in.
 * - Updates a copy when its course was republished (a new version), checked on a page's
 *   request and after online visits (at most once a minute per course).
 */
import {
  assetUrlsInHtml,
  clearsOfflineCopies,
  importsInScript,
  isManifest,
  mayKeepOffline,
  META_PREFIX,
  metaPath,
  modulePage,
  OFFLINE_CACHE,
  OFFLINE_COPY_HEADER,
  pagesToDrop,
  refreshPlan,
  stillConfirmed,
  type SavedCourse,
} from '../lib/offline/offline.ts';

/* Minimal service-worker types (the project compiles with the DOM library, not the worker one). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface MessageEventWithPorts extends ExtendableEvent {
  data: unknown;
  ports: readonly MessagePort[];
}
interface WorkerScope {
  location: Location;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEventWithPorts) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}

const sw = self as unknown as WorkerScope;
const origin = sw.location.origin;
/** When the saved courses were last checked after a visit (ms), so visits do not ask every time. */
let lastVisitCheck = 0;
const CHECK_EVERY_MS = 60_000;
/** Saves and refreshes one at a time, so a refresh never races a save or a clearing. */
let queue: Promise<unknown> = Promise.resolve();
const serial = <T>(work: () => Promise<T>): Promise<T> => {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
};

sw.addEventListener('install', (event) => event.waitUntil(sw.skipWaiting()));
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (clearsOfflineCopies(request.method, url, origin)) {
    // Someone signs in, up or out: nothing of the last person may be left to read offline.
    event.respondWith(serial(clearAll).then(() => fetch(request)));
    return;
  }
  if (!mayKeepOffline(request.method, url, origin)) {
    // Any other page: the browser's own way, untouched. Once in a while an online visit also
    // checks the saved courses (republished? still this person signed in?).
    if (request.mode === 'navigate' && url.origin === origin) event.waitUntil(checkAfterVisit());
    return;
  }
  if (url.pathname.startsWith(META_PREFIX)) return;
  if (modulePage(url.pathname) && request.mode === 'navigate') {
    event.respondWith(
      fetch(request).then(
        (response) => {
          event.waitUntil(checkAfterVisit());
          return response;
        },
        () => fromCopy(url),
      ),
    );
    return;
  }
  // Bundled scripts have a content hash in their name: the kept copy is the same file.
  if (url.pathname.startsWith('/_astro/')) {
    event.respondWith(fromCopy(url, false).then((kept) => kept ?? fetch(request)));
    return;
  }
  event.respondWith(fetch(request).catch(() => fromCopy(url)));
});

sw.addEventListener('message', (event) => {
  const data = event.data as { type?: string; course?: string } | null;
  const reply = (value: unknown) => event.ports[0]?.postMessage(value);
  const course = typeof data?.course === 'string' ? data.course : '';
  let work: Promise<unknown>;
  if (data?.type === 'save' && course) work = serial(() => saveCourse(course)).then(reply, () => reply({ ok: false }));
  else if (data?.type === 'status' && course) work = readSaved(course).then((saved) => reply({ ok: true, saved: saved ?? null }));
  else if (data?.type === 'refresh' && course) work = serial(() => refreshCourse(course)).then(reply, () => reply({ ok: false }));
  else if (data?.type === 'remove' && course) work = serial(() => removeCourse(course)).then(() => reply({ ok: true, saved: null }));
  else if (data?.type === 'clear') work = serial(clearAll).then(() => reply({ ok: true }));
  else return;
  event.waitUntil(work);
});

/** The kept copy, or (when `asError`) a network error as the browser would have had. */
function fromCopy(url: URL, asError?: true): Promise<Response>;
function fromCopy(url: URL, asError: false): Promise<Response | undefined>;
async function fromCopy(url: URL, asError = true): Promise<Response | undefined> {
  if (!mayKeepOffline('GET', url, origin)) return asError ? Response.error() : undefined;
  const key = new URL(url.href);
  key.hash = '';
  const page = modulePage(key.pathname);
  if (page) {
    key.pathname = key.pathname.replace(/\/+$/, '');
    // A copy whose person's session has certainly ended is deleted, not shown.
    const saved = await readSaved(page.course);
    if (saved && !stillConfirmed(saved, Date.now())) {
      await serial(clearAll);
      return asError ? Response.error() : undefined;
    }
  }
  // caches.match with a name never creates the cache (caches.open would, after a sign-out).
  const kept = await caches.match(key.href, { cacheName: OFFLINE_CACHE });
  return kept ?? (asError ? Response.error() : undefined);
}

async function clearAll(): Promise<void> {
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith('lived-learning-offline')).map((n) => caches.delete(n)));
  lastVisitCheck = 0;
}

async function readSaved(course: string): Promise<SavedCourse | undefined> {
  if (!(await caches.has(OFFLINE_CACHE))) return undefined;
  const cache = await caches.open(OFFLINE_CACHE);
  const kept = await cache.match(new URL(metaPath(course), origin).href);
  return kept ? ((await kept.json()) as SavedCourse) : undefined;
}

async function allSaved(): Promise<SavedCourse[]> {
  if (!(await caches.has(OFFLINE_CACHE))) return [];
  const cache = await caches.open(OFFLINE_CACHE);
  const keys = await cache.keys();
  const out: SavedCourse[] = [];
  for (const request of keys) {
    if (!new URL(request.url).pathname.startsWith(META_PREFIX)) continue;
    const kept = await cache.match(request);
    if (kept) out.push((await kept.json()) as SavedCourse);
  }
  return out;
}

async function askManifest(course: string): Promise<{ status: number; manifest?: unknown }> {
  const response = await fetch(`/offline/${encodeURIComponent(course)}.json`, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
  if (response.status !== 200) return { status: response.status };
  return { status: 200, manifest: await response.json() };
}

/** Saves (or saves again) every module page of the course and what they use. */
async function saveCourse(course: string): Promise<{ ok: boolean; saved?: SavedCourse; status?: number }> {
  const answer = await askManifest(course);
  if (answer.status !== 200 || !isManifest(answer.manifest) || answer.manifest.course !== course) {
    if (answer.status === 401) await clearAll();
    return { ok: false, status: answer.status };
  }
  const manifest = answer.manifest;
  const others = (await allSaved()).filter((s) => s.course !== course);
  // Copies belong to one person: someone else's are deleted before this person's are kept.
  if (others.some((s) => s.person !== manifest.person)) await clearAll();
  const cache = await caches.open(OFFLINE_CACHE);
  const assets = new Set<string>();
  const pages: Array<{ path: string; response: Response }> = [];
  for (const path of manifest.pages) {
    const url = new URL(path, origin);
    if (!mayKeepOffline('GET', url, origin)) continue;
    const response = await fetch(url.href, { credentials: 'same-origin', cache: 'no-store', headers: { [OFFLINE_COPY_HEADER]: '1' } });
    // Only a page the server says it rendered as an offline copy (no personal content) is kept.
    if (!response.ok || response.redirected || response.headers.get(OFFLINE_COPY_HEADER) !== '1') return { ok: false, status: response.status };
    const html = await response.text();
    for (const asset of assetUrlsInHtml(html, url.href)) assets.add(asset);
    pages.push({ path: url.pathname, response: new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8', [OFFLINE_COPY_HEADER]: '1' } }) });
  }
  // Scripts import other scripts: follow them (bounded; the site has a few dozen).
  const queueOfAssets = [...assets];
  const seen = new Set<string>();
  while (queueOfAssets.length > 0 && seen.size < 300) {
    const href = queueOfAssets.shift() as string;
    if (seen.has(href)) continue;
    seen.add(href);
    const pathname = new URL(href).pathname;
    if (pathname.startsWith('/_astro/') && (await cache.match(href))) {
      if (pathname.endsWith('.js')) for (const next of importsInScript(await (await cache.match(href))!.text(), href)) queueOfAssets.push(next);
      continue;
    }
    const response = await fetch(href, { credentials: 'same-origin' }).catch(() => undefined);
    if (!response || !response.ok) continue; // a missing picture does not stop the course being saved
    if (pathname.endsWith('.js')) {
      const js = await response.clone().text();
      for (const next of importsInScript(js, href)) queueOfAssets.push(next);
    }
    await cache.put(href, response);
  }
  for (const { path, response } of pages) await cache.put(new URL(path, origin).href, response);
  const before = await readSaved(course);
  for (const gone of pagesToDrop(before?.pages ?? [], manifest.pages)) await cache.delete(new URL(gone, origin).href);
  const now = Date.now();
  const saved: SavedCourse = { course, title: manifest.title, version: manifest.version, person: manifest.person, pages: manifest.pages, savedAt: now, confirmedAt: now };
  await writeSaved(saved);
  return { ok: true, saved };
}

async function writeSaved(saved: SavedCourse): Promise<void> {
  const cache = await caches.open(OFFLINE_CACHE);
  await cache.put(new URL(metaPath(saved.course), origin).href, new Response(JSON.stringify(saved), { headers: { 'Content-Type': 'application/json' } }));
}

async function removeCourse(course: string): Promise<void> {
  const saved = await readSaved(course);
  if (!saved) return;
  const cache = await caches.open(OFFLINE_CACHE);
  for (const page of saved.pages) await cache.delete(new URL(page, origin).href);
  await cache.delete(new URL(metaPath(course), origin).href);
}

/** Asks the site whether a saved course changed (or whether its person is still signed in) and acts. */
async function refreshCourse(course: string): Promise<{ ok: boolean; saved: SavedCourse | null }> {
  const saved = await readSaved(course);
  if (!saved) return { ok: true, saved: null };
  const answer = await askManifest(course).catch(() => ({ status: 0 }));
  const plan = refreshPlan(saved, answer);
  if (plan === 'clear-all') await clearAll();
  else if (plan === 'drop') await removeCourse(course);
  else if (plan === 'update') {
    const result = await saveCourse(course);
    return { ok: result.ok, saved: result.saved ?? saved };
  }
  if (plan === 'keep' && answer.status === 200) {
    // The site says this person is still signed in here: the copy may be shown for another session's life.
    const confirmed = { ...saved, confirmedAt: Date.now() };
    await writeSaved(confirmed);
    return { ok: true, saved: confirmed };
  }
  if (plan === 'keep') return { ok: true, saved };
  return { ok: true, saved: null };
}

/** After an online visit: check every saved course, at most once a minute. */
async function checkAfterVisit(): Promise<void> {
  if (Date.now() - lastVisitCheck < CHECK_EVERY_MS) return;
  lastVisitCheck = Date.now();
  for (const saved of await allSaved()) await serial(() => refreshCourse(saved.course)).catch(() => undefined);
}
