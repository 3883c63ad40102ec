/**
 * Cross-cutting policy lives outside pages: no page or component imports the service
 * (superuser) client, so auditing what the superuser does means reading src/lib only. Pages pass
 * `locals.service` (set by src/middleware.ts) on to src/lib functions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

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
