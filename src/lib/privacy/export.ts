/**
 * "Download everything about me" (UK GDPR Art. 15 and 20): one zip with `report.html` (plain,
 * readable, no external assets), `data/<collection>.json` for every collection of
 * ./collections.ts that has rows naming or belonging to the person, and `files/…` with their
 * evidence files. Records are read with the service client (some rows about a person, e.g.
 * audit rows, are not readable with their own token); only ever for the signed-in person,
 * whose id the page takes from the session, never from the request.
 *
 * Memory: the records (text only) are read first, so a failure shows a kind page instead of a
 * broken zip; then the zip is streamed, pulling one evidence file at a time (≤ 10 MB).
 */
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';
import type { RecordModel } from 'pocketbase';
import type { TypedPocketBase } from '../pb.ts';
import { privacyEn } from '../i18n/privacy.ts';
import { PRIVACY_HANDLERS, ownerFilter, type CollectionHandler } from './collections.ts';

export interface PersonExport {
  userId: string;
  exportedAt: Date;
  /** collection → rows, secrets removed. Only collections with rows. */
  collections: Record<string, Record<string, unknown>[]>;
  /** Files to include: zip path and where to fetch them. */
  files: { path: string; collection: string; recordId: string; name: string }[];
}

function clean(row: RecordModel, handler: CollectionHandler): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'collectionId' || key === 'expand') continue;
    if (key === 'password' || key === 'tokenKey' || handler.omit?.includes(key)) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Reads every record naming or belonging to the person.
 *
 * @throws {ClientResponseError} when PocketBase cannot be read
 */
export async function collectPersonData(
  service: TypedPocketBase,
  userId: string,
  now: Date,
  handlers: Record<string, CollectionHandler> = PRIVACY_HANDLERS,
): Promise<PersonExport> {
  const collections: PersonExport['collections'] = {};
  const files: PersonExport['files'] = [];
  for (const [name, handler] of Object.entries(handlers)) {
    if (!handler.export) continue;
    const filter = ownerFilter(handler, userId);
    if (!filter) continue;
    const rows = await service.collection(name).getFullList({ filter, batch: 500 });
    if (rows.length === 0) continue;
    collections[name] = rows.map((row) => clean(row, handler));
    for (const field of handler.files ?? []) {
      for (const row of rows) {
        const value = row[field];
        const names: string[] = Array.isArray(value) ? value : value ? [String(value)] : [];
        for (const file of names) {
          files.push({ path: `files/${name}/${row.id}/${file}`, collection: name, recordId: row.id, name: file });
        }
      }
    }
  }
  return { userId, exportedAt: now, collections, files };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '<span class="none">—</span>';
  if (typeof value === 'string') return `<span class="text">${escapeHtml(value)}</span>`;
  if (typeof value === 'boolean') return value ? privacyEn.report.yes : privacyEn.report.no;
  if (typeof value === 'number') return String(value);
  return `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
}

/** The readable report: one section per collection, each record as a list of its fields. Pure. */
export function reportHtml(data: PersonExport, displayName: string): string {
  const t = privacyEn.report;
  const names = Object.keys(data.collections);
  const sections = names.map((name) => {
    const rows = data.collections[name] ?? [];
    const title = t.collection[name as keyof typeof t.collection] ?? name;
    const records = rows
      .map(
        (row, i) =>
          `<section class="record"><h3>${escapeHtml(title)} ${i + 1}</h3><dl>${Object.entries(row)
            .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${cell(v)}</dd>`)
            .join('')}</dl></section>`,
      )
      .join('\n');
    return `<section id="${escapeHtml(name)}"><h2>${escapeHtml(title)} (${rows.length})</h2>\n<p>${escapeHtml(t.jsonFile(name))}</p>\n${records}</section>`;
  });
  const fileList =
    data.files.length > 0
      ? `<section id="files"><h2>${escapeHtml(t.filesTitle)}</h2><ul>${data.files
          .map((f) => `<li><a href="${escapeHtml(f.path)}">${escapeHtml(f.path)}</a></li>`)
          .join('')}</ul></section>`
      : '';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>
body{font-family:system-ui,sans-serif;line-height:1.5;max-width:50rem;margin:1rem auto;padding:0 1rem;color:#1b1b1b;background:#fff}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
pre{white-space:pre-wrap;margin:0}.record{border-top:1px solid #767676;padding:.5rem 0}.none{color:#595959}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro(displayName, data.exportedAt))}</p>
<p>${escapeHtml(t.private)}</p>
<nav aria-label="${escapeHtml(t.contents)}"><h2>${escapeHtml(t.contents)}</h2><ul>${names
    .map((n) => `<li><a href="#${escapeHtml(n)}">${escapeHtml(t.collection[n as keyof typeof t.collection] ?? n)}</a></li>`)
    .join('')}${data.files.length > 0 ? `<li><a href="#files">${escapeHtml(t.filesTitle)}</a></li>` : ''}</ul></nav>
${sections.join('\n')}
${fileList}
</main>
</body>
</html>
`;
}

/** Fetches one stored file; undefined when it cannot be read (the zip then says so). */
export type FileFetcher = (file: PersonExport['files'][number]) => Promise<Uint8Array | undefined>;

/** A fetcher reading protected files with a superuser file token. */
export function serviceFileFetcher(service: TypedPocketBase): FileFetcher {
  let token: Promise<string> | undefined;
  return async (file) => {
    token ??= service.files.getToken();
    const url = `${service.baseURL.replace(/\/$/, '')}/api/files/${encodeURIComponent(file.collection)}/${encodeURIComponent(file.recordId)}/${encodeURIComponent(file.name)}?token=${encodeURIComponent(await token)}`;
    try {
      const response = await fetch(url);
      if (!response.ok) return undefined;
      return new Uint8Array(await response.arrayBuffer());
    } catch {
      return undefined;
    }
  };
}

/** The zip as a stream: each pull adds one more entry, so at most one file is in memory. */
export function exportZipStream(data: PersonExport, displayName: string, fetchFile: FileFetcher): ReadableStream<Uint8Array> {
  const pending: Uint8Array[] = [];
  let failed: Error | undefined;
  let finished = false;
  const zip = new Zip((error, chunk, final) => {
    if (error) failed = error;
    else pending.push(chunk);
    if (final) finished = true;
  });
  const mtime = data.exportedAt;
  const addText = (path: string, text: string) => {
    const entry = new ZipDeflate(path, { level: 6 });
    entry.mtime = mtime;
    zip.add(entry);
    entry.push(strToU8(text), true);
  };
  const jobs: (() => Promise<void>)[] = [
    async () => addText('report.html', reportHtml(data, displayName)),
    ...Object.entries(data.collections).map(([name, rows]) => async () => addText(`data/${name}.json`, JSON.stringify(rows, null, 2))),
    ...data.files.map((file) => async () => {
      const bytes = await fetchFile(file);
      if (!bytes) {
        addText(`${file.path}.missing.txt`, privacyEn.report.fileMissing);
        return;
      }
      const entry = new ZipPassThrough(file.path);
      entry.mtime = mtime;
      zip.add(entry);
      entry.push(bytes, true);
    }),
    async () => zip.end(),
  ];
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (pending.length === 0 && !finished && next < jobs.length) {
        await jobs[next++]!();
        if (failed) return controller.error(failed);
      }
      const chunk = pending.splice(0, pending.length);
      if (chunk.length > 0) {
        const size = chunk.reduce((n, c) => n + c.length, 0);
        const joined = new Uint8Array(size);
        let at = 0;
        for (const c of chunk) {
          joined.set(c, at);
          at += c.length;
        }
        controller.enqueue(joined);
      }
      if (finished && pending.length === 0) controller.close();
    },
  });
}

/** The download's file name, e.g. `my-data-2026-12-07.zip`. */
export function exportFileName(now: Date): string {
  return `my-data-${now.toISOString().slice(0, 10)}.zip`;
}
