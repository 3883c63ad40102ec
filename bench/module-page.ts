/**
 * The module reading page, served by the real stack (PocketBase + the built site):
 * - requests/s of the server-rendered page against the same HTML as a static file from the
 *   same server (dist/client/__bench-static.html, removed afterwards);
 * - bytes a browser downloads for it, compressed: the HTML plus every script, stylesheet,
 *   image and font it references (JS imports followed), and whether any comes from another origin.
 *
 * Run alone (Node 24): `npm run build && npx node bench/module-page.ts`.
 */
import os from 'node:os';
import autocannon, { type Result } from 'autocannon';
import { rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { startStack } from '../tests/support/stack.ts';
import { formatFigures, kB, type Figure } from './report.ts';

const PAGES = ['/courses/peer-support-foundations/safety-and-safeguarding', '/courses/service-user-leadership/our-movement'];
const STATIC_PATH = '/__bench-static.html';
const STATIC_FILE = path.resolve(fileURLToPath(new URL('..', import.meta.url)), process.env.LL_DIST_DIR || 'dist', `client${STATIC_PATH}`);
const ACCEPT_ENCODING = 'gzip, br';
/** Rounds alternate SSR and static, so drift in a noisy machine's speed hits both alike; each is capped in time and count. */
const LOAD = { connections: 10, warmupSeconds: 1, rounds: 5, secondsPerRound: 1, maxRequestsPerRound: 50_000 };
const TARGET_SSR_SHARE = 0.5;
const BUDGET = { totalBytes: 60_000, jsBytes: 10_000 };

/** @throws {Error} if the stack does not start, a page or file does not load, or any load-test request fails */
export async function benchModulePage(): Promise<Figure[]> {
  // All cores, as `npm start` runs it (WEB_PROCESSES=auto: one web process per core).
  const stack = await startStack({ webProcesses: 'auto' });
  console.log(`  web processes: ${os.availableParallelism()} (one per core)`);
  try {
    const figures: Figure[] = [];
    for (const page of PAGES) {
      const name = page.split('/').at(-1)!;
      console.log(`\n${page}`);
      figures.push(await compareWithStatic(stack.baseURL, page, name));
      figures.push(...(await measureWeight(stack.baseURL, page, name)));
    }
    return figures;
  } finally {
    await rm(STATIC_FILE, { force: true });
    await stack.stop();
  }
}

/** SSR requests/s of `page` against the same HTML served as a static file by the same server. */
export async function compareWithStatic(baseURL: string, page: string, name: string, headers: Record<string, string> = {}, target = TARGET_SSR_SHARE): Promise<Figure> {
  const html = await fetchText(baseURL + page, headers);
  await writeFile(STATIC_FILE, html);
  if ((await fetchText(baseURL + STATIC_PATH)) !== html) {
    throw new Error(`The server did not serve ${STATIC_FILE} as written; the static baseline cannot be measured.`);
  }
  const [ssr, plain] = await requestsPerSecond([baseURL + page, baseURL + STATIC_PATH], headers);
  const share = ssr / plain;
  const label = `${LOAD.connections} connections, ${LOAD.rounds} × ${LOAD.secondsPerRound} s each alternating, Accept-Encoding: ${ACCEPT_ENCODING}`;
  console.log(`  load (${label})`);
  console.log(`    SSR page      ${Math.round(ssr)} req/s`);
  console.log(`    static copy   ${Math.round(plain)} req/s`);
  console.log(`    SSR/static    ${share.toFixed(2)}   target: >= ${target}`);
  return { name: `SSR/static req/s (${name})`, value: `${share.toFixed(2)} (${Math.round(ssr)}/${Math.round(plain)})`, target: `>= ${target}`, meets: share >= target };
}

/** Requests per second for both URLs, measured in alternating rounds after a warm-up. */
async function requestsPerSecond(urls: [string, string], headers: Record<string, string> = {}): Promise<[number, number]> {
  const load = (url: string, duration: number) =>
    autocannon({ url, duration, connections: LOAD.connections, maxOverallRequests: LOAD.maxRequestsPerRound, timeout: 10, headers: { ...headers, 'accept-encoding': ACCEPT_ENCODING } });
  for (const url of urls) await load(url, LOAD.warmupSeconds);
  const totals = urls.map(() => ({ requests: 0, seconds: 0 }));
  for (let round = 0; round < LOAD.rounds; round++) {
    for (const [i, url] of urls.entries()) {
      const result = await load(url, LOAD.secondsPerRound);
      if (result.errors + result.timeouts + result.non2xx > 0) throw new Error(`requests to ${url} failed, so its figure would mean nothing: ${describeFailures(result)}`);
      totals[i]!.requests += result.requests.total;
      totals[i]!.seconds += result.duration;
    }
  }
  return totals.map((t) => t.requests / t.seconds) as [number, number];
}

function describeFailures(result: Result): string {
  const statuses = Object.entries(result.statusCodeStats).map(([status, { count }]) => `${count} × ${status}`);
  const hint = result.statusCodeStats['404'] ? ' (a 404 usually means dist/ was rebuilt during the run; run the bench again)' : '';
  return `${[...statuses, `${result.errors} errors`, `${result.timeouts} timeouts`].join(', ')}${hint}.`;
}

type Kind = 'html' | 'js' | 'css' | 'font' | 'image' | 'other';

interface Download {
  url: URL;
  kind: Kind;
  /** Body bytes on the wire, as encoded. */
  bytes: number;
  encoding: string;
  text: string;
}

async function measureWeight(baseURL: string, page: string, name: string): Promise<Figure[]> {
  const origin = new URL(baseURL).origin;
  const pending = [new URL(page, baseURL)];
  const seen = new Set<string>();
  const foreign = new Set<string>();
  const downloads: Download[] = [];
  for (let url = pending.shift(); url; url = pending.shift()) {
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    if (url.origin !== origin) {
      foreign.add(url.href);
      continue;
    }
    const download = await downloadCompressed(url);
    downloads.push(download);
    pending.push(...referencesIn(download).map((ref) => new URL(ref, url)));
  }

  const total = downloads.reduce((sum, d) => sum + d.bytes, 0);
  const js = downloads.filter((d) => d.kind === 'js').reduce((sum, d) => sum + d.bytes, 0);
  console.log(`  weight (compressed bodies, 1 kB = 1000 bytes)`);
  for (const d of downloads) console.log(`    ${kB(d.bytes).padStart(9)}  ${d.kind.padEnd(5)} ${d.encoding.padEnd(8)} ${d.url.pathname}`);
  console.log(`    total ${kB(total)} in ${downloads.length} files   budget: <= ${kB(BUDGET.totalBytes)}`);
  console.log(`    JS    ${kB(js)}   budget: <= ${kB(BUDGET.jsBytes)}`);
  console.log(`    other origins: ${foreign.size === 0 ? 'none' : [...foreign].join(', ')}   target: none`);
  return [
    { name: `bytes, total (${name})`, value: kB(total), target: `<= ${kB(BUDGET.totalBytes)}`, meets: total <= BUDGET.totalBytes },
    { name: `bytes, JS (${name})`, value: kB(js), target: `<= ${kB(BUDGET.jsBytes)}`, meets: js <= BUDGET.jsBytes },
    { name: `other origins (${name})`, value: foreign.size === 0 ? 'none' : String(foreign.size), target: 'none', meets: foreign.size === 0 },
  ];
}

/** URLs a browser would load from this file (not links it only shows). */
function referencesIn(download: Download): string[] {
  const refs =
    download.kind === 'html' ? htmlReferences(download.text) : download.kind === 'css' ? cssReferences(download.text) : download.kind === 'js' ? jsImports(download.text) : [];
  return refs.filter((ref) => ref && !ref.startsWith('data:'));
}

function htmlReferences(html: string): string[] {
  const refs: string[] = [];
  for (const [, tag, attributeText] of html.matchAll(/<(script|link|img|source|iframe|video|audio|embed|track)\b([^>]*)>/gi)) {
    const attributes = new Map([...attributeText!.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/g)].map((m) => [m[1]!.toLowerCase(), m[2] ?? m[3] ?? m[4]!]));
    const rel = attributes.get('rel') ?? '';
    if (tag!.toLowerCase() === 'link' && /\b(stylesheet|icon|preload|modulepreload)\b/i.test(rel)) refs.push(attributes.get('href') ?? '');
    refs.push(attributes.get('src') ?? '', attributes.get('poster') ?? '');
    const srcset = attributes.get('srcset');
    if (srcset) refs.push(...srcset.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]!));
  }
  for (const [, css] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) refs.push(...cssReferences(css!));
  return refs;
}

function cssReferences(css: string): string[] {
  return [...css.matchAll(/url\(\s*["']?([^"')]+?)["']?\s*\)|@import\s+["']([^"']+)["']/g)].map((m) => m[1] ?? m[2]!);
}

/** Static and dynamic imports of relative or absolute URLs, as in Astro's chunks. */
function jsImports(js: string): string[] {
  return [...js.matchAll(/(?:\bimport\s*\(?|\bfrom)\s*["']((?:\.{0,2}\/|https?:)[^"']+)["']/g)].map((m) => m[1]!);
}

const decoders: Record<string, (body: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync, deflate: inflateSync, identity: (body) => body };

function kindOf(contentType: string): Kind {
  if (contentType.includes('html')) return 'html';
  if (contentType.includes('javascript')) return 'js';
  if (contentType.includes('css')) return 'css';
  if (contentType.includes('font')) return 'font';
  if (contentType.startsWith('image/')) return 'image';
  return 'other';
}

/** GETs a URL as a browser would (compression accepted) and counts the body bytes as sent. */
function downloadCompressed(url: URL): Promise<Download> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { 'accept-encoding': ACCEPT_ENCODING }, timeout: 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`GET ${url.pathname} answered ${response.statusCode}; the page references a file the server does not have.`));
        const body = Buffer.concat(chunks);
        const encoding = response.headers['content-encoding'] ?? 'identity';
        const decode = decoders[encoding];
        if (!decode) return reject(new Error(`GET ${url.pathname} came back as ${encoding}, which this bench cannot decode.`));
        resolve({ url, kind: kindOf(response.headers['content-type'] ?? ''), bytes: body.length, encoding, text: decode(body).toString('utf8') });
      });
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url.pathname} did not answer within 10 s.`)));
    request.on('error', reject);
  });
}

async function fetchText(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}.`);
  return response.text();
}

if (import.meta.main) console.log(`\n${formatFigures(await benchModulePage())}`);
