/**
 * Cross-cutting policy lives outside pages: no page or component imports the service
 * (superuser) client, so auditing what the superuser does means reading src/lib only. Pages pass
 * `locals.service` (set by src/middleware.ts) on to src/lib functions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ClientResponseError } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import type { Course } from '../../src/lib/courses/course.ts';
import { fromPocketBase } from '../../src/lib/errors.ts';
import { loadFeedbackReport } from '../../src/lib/feedback/form.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';

const root = path.resolve(import.meta.dirname, '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(astro|ts|tsx|js|mjs)$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

/** Any import or dynamic import of a module whose path ends in pb-service(.ts/.js). */
const IMPORTS_SERVICE = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"][^'"]*\bpb-service(?:\.[cm]?[jt]s)?['"]/;

describe('pages and components', () => {
  const files = [...filesUnder('src/pages'), ...filesUnder('src/components')];

  it('are scanned (the scan finds the files it should)', () => {
    expect(files).toContain(path.join('src', 'pages', 'index.astro'));
    expect(files.length).toBeGreaterThan(50);
  });

  it('the import pattern catches the ways a file could import pb-service', () => {
    expect(IMPORTS_SERVICE.test(`import { serviceClient } from '../../lib/pb-service.ts';`)).toBe(true);
    expect(IMPORTS_SERVICE.test(`import { serviceClient } from "../lib/pb-service"`)).toBe(true);
    expect(IMPORTS_SERVICE.test(`const m = await import('../lib/pb-service.js')`)).toBe(true);
    expect(IMPORTS_SERVICE.test(`import '../lib/pb-service.ts'`)).toBe(true);
    expect(IMPORTS_SERVICE.test(`import { trustedSnapshot } from '../lib/certificates/verify-service.ts';`)).toBe(false);
  });

  it('never import src/lib/pb-service.ts (the superuser client lives in src/lib)', () => {
    const offenders = files.filter((file) => IMPORTS_SERVICE.test(readFileSync(path.join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('read posted forms with readForm (src/lib/site/forms.ts), not a copied formData().catch(...)', () => {
    const offenders = files.filter((file) => /\.formData\(\)\s*\.catch\(/.test(readFileSync(path.join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('never turn any error into the 503 page with a bare catch (the middleware maps outages; a bug is a 500)', () => {
    const bare = /catch\s*\{\s*(?:if\s*\([^)]*\)\s*)?return\s+[^;]*'\/503'/;
    expect(bare.test(`} catch {\n    return Astro.rewrite('/503');\n  }`)).toBe(true);
    expect(bare.test(`} catch {\n    if (!failure) return rewriteTo(Astro, '/503');\n  }`)).toBe(true);
    const offenders = files.filter((file) => bare.test(readFileSync(path.join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('never Astro.rewrite after reading a posted form (Astro cannot re-read the body: a 500); rewriteTo instead', () => {
    const rewritesAfterRead = (source: string) => {
      const read = source.search(/\b(?:tryReadForm|readForm)\(/);
      return read >= 0 && source.indexOf('Astro.rewrite(', read) >= 0;
    };
    expect(rewritesAfterRead(`const form = await readForm(Astro.request);\nif (!x) return Astro.rewrite('/404');`)).toBe(true);
    expect(rewritesAfterRead(`if (!x) return Astro.rewrite('/404');\nconst form = await readForm(Astro.request);`)).toBe(false);
    const offenders = files.filter((file) => rewritesAfterRead(readFileSync(path.join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

/** Each `catch` block of a source text, with the line it starts on. */
function catchBlocks(source: string): Array<{ line: number; body: string }> {
  return [...source.matchAll(/\bcatch\s*(?:\([^)]*\))?\s*\{/g)].map((m) => {
    let depth = 0;
    let end = m.index + m[0].length - 1;
    for (; end < source.length; end++) {
      if (source[end] === '{') depth++;
      if (source[end] === '}' && --depth === 0) break;
    }
    return { line: source.slice(0, m.index).split('\n').length, body: source.slice(m.index, end + 1) };
  });
}

/** A catch block that answers "service unavailable" (503, the 503 page, an `unavailable` DomainError)… */
const ANSWERS_OUTAGE = /DomainError\(\s*'unavailable'|'\/503'|\b503\b/;
/** …must first tell an outage from anything else (a bug, a refusal). */
const TELLS_OUTAGE = /isUnavailable\(|kind\s*===\s*'unavailable'|statusOf\(|isStorageFull\(/;
/** Catch blocks allowed to answer an outage without asking, and why. */
const OUTAGE_ONLY: Record<string, string> = {
  // `fetch` rejects only when PocketBase cannot be reached (its answers, even 500, resolve).
  'src/lib/assessment/evidence-store.ts': 'fetch(pb.files.getURL(',
  // Only a batch that failed as a whole (batchFailedWhole: nothing written, nothing named) is retried and then called unavailable.
  'src/lib/pb-batch.ts': 'return (await batch.send())',
};

describe('outages and bugs (src/lib, src/pages, src/middleware.ts)', () => {
  const files = [...filesUnder('src/lib'), ...filesUnder('src/pages'), path.join('src', 'middleware.ts')];

  it('the scan finds a catch that turns anything into an outage, and lets one that asks first through', () => {
    const fake = (body: string) => catchBlocks(body).some((c) => ANSWERS_OUTAGE.test(c.body) && !TELLS_OUTAGE.test(c.body));
    expect(fake(`try { x() } catch {\n  return new DomainError('unavailable', t.generic);\n}`)).toBe(true);
    expect(fake(`try { x() } catch (error) {\n  if (error instanceof DomainError) return { kind: 'refused', status: 503 };\n  throw error;\n}`)).toBe(true);
    expect(fake(`try { x() } catch (error) {\n  if (isUnavailable(error)) return rewriteTo(context, '/503');\n  throw error;\n}`)).toBe(false);
    expect(fake(`try { x() } catch (error) {\n  if (error.kind === 'unavailable') { return fail(503); }\n  throw error;\n}`)).toBe(false);
  });

  it('never answer "service unavailable" from a catch that does not first tell an outage from a bug', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const source = readFileSync(path.join(root, file), 'utf8');
      for (const block of catchBlocks(source)) {
        if (!ANSWERS_OUTAGE.test(block.body) || TELLS_OUTAGE.test(block.body)) continue;
        const allowed = OUTAGE_ONLY[file.split(path.sep).join('/')];
        const at = source.indexOf(block.body);
        const tried = source.slice(source.lastIndexOf('try {', at), at);
        if (allowed && tried.includes(allowed)) continue;
        offenders.push(`${file}:${block.line}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('fromPocketBase: only PocketBase not reached, or a 502/503/504, is unavailable; its own 500 and any other error are thrown on', () => {
    const answer = (status: number) => new ClientResponseError({ url: 'http://127.0.0.1:8090/api/x', status, response: { status, message: 'x', data: {} } });
    for (const status of [0, 502, 503, 504]) expect(fromPocketBase(answer(status)).kind, String(status)).toBe('unavailable');
    expect(fromPocketBase(answer(400)).kind).toBe('invalid');
    expect(fromPocketBase(answer(403)).kind).toBe('forbidden');
    const internal = answer(500);
    expect(() => fromPocketBase(internal)).toThrow(internal);
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(() => fromPocketBase(bug)).toThrow(bug);
  });

  it('a bug while loading the feedback report goes to the middleware (thrown), not a 503; a refusal is a 403', async () => {
    const course = { slug: 'peer-support-foundations', modules: [] } as unknown as Course;
    const deps = (fails: () => never) => ({
      findCourse: () => course,
      user: { id: 'u1' } as UserRecord,
      serviceUnavailable: false,
      returnTo: '/feedback/peer-support-foundations',
      pb: { filter: () => '', collection: () => ({ getList: async () => fails() }) } as unknown as TypedPocketBase,
    });
    const bug = new TypeError('a bug');
    await expect(loadFeedbackReport(deps(() => { throw bug; }), course.slug)).rejects.toBe(bug);
    const status = (code: number) => () => {
      throw new ClientResponseError({ url: 'http://127.0.0.1:8090/api/x', status: code, response: { status: code, message: 'x', data: {} } });
    };
    await expect(loadFeedbackReport(deps(status(500)), course.slug)).rejects.toBeInstanceOf(ClientResponseError);
    expect(await loadFeedbackReport(deps(status(403)), course.slug)).toEqual({ kind: 'refused', status: 403 });
    expect(await loadFeedbackReport(deps(status(0)), course.slug)).toEqual({ kind: 'refused', status: 503 });
  });
});
