/**
 * How many bytes a request body may have, by address. Pure.
 *
 * scripts/server.ts asks before Astro sees a request: a declared Content-Length over the limit
 * gets 413 at once, and a body without one (chunked) is cut off with 413 as soon as it passes
 * the limit, so an anonymous 600 MB POST never reaches memory. The limits sit a margin above
 * what each upload form accepts, so a file a little too big still reaches the page and gets its
 * own friendly message; only the grossly oversized are stopped here.
 */
import { EVIDENCE_MAX_FILE_BYTES, EVIDENCE_MAX_FILES } from '../assessment/evidence.ts';
import { MAX_PICTURE_BYTES, MAX_ZIP_UNPACKED_BYTES } from '../authoring/limits.ts';
import { BULK_MAX_BYTES } from '../certificates/bulk-csv.ts';

const MB = 1024 * 1024;

/** Room for the other form fields and multipart framing on top of the files themselves. */
export const UPLOAD_MARGIN_BYTES = 1 * MB;

/**
 * Every other form and JSON save. The biggest are a course Markdown file (200 kB) or a
 * reflection (50,000 characters, up to 200 kB as UTF-8): form encoding can triple that
 * (`%E2%80%99` for one `’`), which still fits.
 */
export const DEFAULT_BODY_LIMIT_BYTES = 1 * MB;

interface UploadRoute {
  /** What it is, for people reading the code. */
  name: string;
  path: RegExp;
  bytes: number;
}

const SEGMENT = '[^/]+';

export const UPLOAD_ROUTES: readonly UploadRoute[] = [
  { name: 'trainee evidence (files)', path: new RegExp(`^/evidence/${SEGMENT}/?$`), bytes: EVIDENCE_MAX_FILES * EVIDENCE_MAX_FILE_BYTES + UPLOAD_MARGIN_BYTES },
  { name: 'course import (zip)', path: new RegExp(`^/author/(?:${SEGMENT}/)?import/?$`), bytes: MAX_ZIP_UNPACKED_BYTES + UPLOAD_MARGIN_BYTES },
  { name: 'course picture', path: new RegExp(`^/author/${SEGMENT}/upload/?$`), bytes: MAX_PICTURE_BYTES + UPLOAD_MARGIN_BYTES },
  // The logo itself is limited to 64 kB; a larger body still arrives so the page can say so kindly.
  { name: 'organisation logo', path: /^\/staff\/settings\/?$/, bytes: 4 * MB },
  { name: 'bulk certificate check (CSV)', path: /^\/staff\/bulk-verify\/?$/, bytes: BULK_MAX_BYTES + UPLOAD_MARGIN_BYTES },
  { name: 'public bulk certificate check (CSV or pasted codes)', path: /^\/verify\/bulk\/?$/, bytes: BULK_MAX_BYTES + UPLOAD_MARGIN_BYTES },
  // 10,000 codes as JSON: about 250 kB; room for padding and long mistyped entries.
  { name: 'certificate API bulk check (JSON)', path: /^\/api\/v1\/verify\/?$/, bytes: BULK_MAX_BYTES + UPLOAD_MARGIN_BYTES },
];

/** The most any request may send: the largest upload (evidence, 50 MB) plus the margin. */
export const GLOBAL_BODY_LIMIT_BYTES = Math.max(DEFAULT_BODY_LIMIT_BYTES, ...UPLOAD_ROUTES.map((route) => route.bytes));

/** The most bytes a request to `pathname` may send in its body. */
export function bodyLimitFor(pathname: string): number {
  const route = UPLOAD_ROUTES.find((r) => r.path.test(pathname));
  return route ? route.bytes : DEFAULT_BODY_LIMIT_BYTES;
}

/** The path of a raw request target (`/a/b?x=1` → `/a/b`); `/` when it cannot be read. */
export function pathOfTarget(target: string | undefined): string {
  if (!target) return '/';
  let pathname: string;
  try {
    pathname = new URL(target, 'http://x').pathname;
  } catch {
    return '/';
  }
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

export type BodyVerdict = { ok: true; limit: number } | { ok: false; limit: number };

/**
 * Whether a request may go on, judged from its headers alone: a declared Content-Length over the
 * limit (or one that is not a number) is refused. A body without a length passes here and is
 * counted while it streams.
 */
export function judgeDeclaredLength(pathname: string, contentLength: string | undefined): BodyVerdict {
  const limit = bodyLimitFor(pathname);
  if (contentLength === undefined || contentLength === '') return { ok: true, limit };
  if (!/^\d{1,16}$/.test(contentLength.trim())) return { ok: false, limit };
  return { ok: Number(contentLength) <= limit, limit };
}

