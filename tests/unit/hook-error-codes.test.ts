/**
 * One list of PocketBase refusal codes (pocketbase/pb_hooks/lib/error-codes.json), used by both
 * sides: every code a hook throws and every code the web server maps is in it, hooks refuse
 * only through lib/errors.js (which carries the code), and src/lib/hook-errors.ts recognises a
 * refusal by its code, never by its status alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ClientResponseError } from 'pocketbase';
import { describe, expect, it } from 'vitest';
import list from '../../pocketbase/pb_hooks/lib/error-codes.json' with { type: 'json' };
import { ERROR_CODES, HOOK_ERROR_CODES, codedFields, findCode, hasErrorCode, hookErrorCode, hookErrorStatus, refusedByRule } from '../../src/lib/hook-errors.ts';

const root = path.resolve(import.meta.dirname, '../..');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** Codes a hook file refuses with; `unchecked` counts hookError calls whose code is not a plain string. */
export function hookCodesIn(source: string): { codes: string[]; unchecked: number } {
  const calls = [...source.matchAll(/\bhookError\(/g)].length - [...source.matchAll(/function hookError\(/g)].length;
  const codes = [...source.matchAll(/\bhookError\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*'([^']+)'/g)].map((m) => m[1]!);
  return { codes, unchecked: calls - codes.length };
}

/** Ways a hook could refuse without going through lib/errors.js (and so without a listed code). */
const RAW_REFUSAL = /new\s+(?:ValidationError|BadRequestError|ApiError|ForbiddenError|NotFoundError)\s*\(/;

/**
 * Codes a TypeScript file maps: arguments to the helpers, comparisons of a `.code` with a
 * snake_case code (not a zod issue's), and, in files using src/lib/hook-errors.ts, the cases of
 * a switch on a code and ErrorCode lists.
 */
export function mappedCodesIn(source: string): string[] {
  const codes: string[] = [];
  for (const m of source.matchAll(/\b(?:hasErrorCode|findCode)\(\s*[^,()]+\s*,\s*'([^']+)'/g)) codes.push(m[1]!);
  for (const m of source.matchAll(/(?<!issue\??)\.code\s*[!=]==?\s*'([a-z]+(?:_[a-z]+)+)'/g)) codes.push(m[1]!);
  if (/hook-errors(?:\.ts)?['"]/.test(source)) {
    for (const m of source.matchAll(/switch\s*\([^)]*\bcode\)\s*\{/g)) {
      let depth = 0;
      let end = m.index! + m[0].length - 1;
      for (; end < source.length; end++) {
        if (source[end] === '{') depth++;
        if (source[end] === '}' && --depth === 0) break;
      }
      for (const c of source.slice(m.index, end).matchAll(/\bcase\s+'([^']+)'\s*:/g)) codes.push(c[1]!);
    }
    for (const m of source.matchAll(/:\s*ErrorCode\[\]\s*=\s*\[([^\]]*)\]/g)) for (const c of m[1]!.matchAll(/'([^']+)'/g)) codes.push(c[1]!);
  }
  return [...new Set(codes)];
}

const refusal = (status: number, data: Record<string, unknown>) =>
  new ClientResponseError({ url: 'http://127.0.0.1/api/collections/x/records', status, response: { status, message: 'Refused.', data } });

describe('the shared list (pocketbase/pb_hooks/lib/error-codes.json)', () => {
  it('gives every hook code a status of 400 or 409 and a plain description', () => {
    expect(HOOK_ERROR_CODES.length).toBeGreaterThan(20);
    for (const [code, entry] of Object.entries(list.hooks)) {
      expect([400, 409], code).toContain(entry.status);
      expect(entry.about.length, code).toBeGreaterThan(10);
      expect(code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
    }
  });

  it('keeps hook codes and PocketBase codes apart', () => {
    expect(Object.keys(list.pocketbase).filter((code) => code in list.hooks)).toEqual([]);
    expect(ERROR_CODES).toContain('validation_not_unique');
  });
});

describe('hooks (pocketbase/pb_hooks)', () => {
  const files = filesUnder('pocketbase/pb_hooks', /\.js$/);

  it('are scanned', () => {
    expect(files).toContain(path.join('pocketbase', 'pb_hooks', 'assessment.pb.js'));
    expect(files).toContain(path.join('pocketbase', 'pb_hooks', 'lib', 'errors.js'));
  });

  it('the scan finds a hook code, and one it cannot read', () => {
    expect(hookCodesIn(`throw hookError('evidence', 'already_decided', message);`)).toEqual({ codes: ['already_decided'], unchecked: 0 });
    expect(hookCodesIn(`throw hookError(field, 'other_trainee', \`This \${what}\`);`).codes).toEqual(['other_trainee']);
    expect(hookCodesIn(`throw hookError(evidenceId ? 'observation' : 'evidence', 'one_basis', m);`).codes).toEqual(['one_basis']);
    expect(hookCodesIn(`throw hookError('x', code, m);`).unchecked).toBe(1);
    expect(RAW_REFUSAL.test(`throw new BadRequestError('no');`)).toBe(true);
  });

  it('refuse only with codes in the list, written out where they are thrown', () => {
    const unknown: string[] = [];
    let used = 0;
    for (const file of files) {
      const { codes, unchecked } = hookCodesIn(read(file));
      expect(unchecked, `${file}: every hookError(...) names its code as a plain string`).toBe(0);
      used += codes.length;
      for (const code of codes) if (!HOOK_ERROR_CODES.includes(code as never)) unknown.push(`${file}: ${code}`);
    }
    expect(unknown).toEqual([]);
    expect(used).toBeGreaterThan(30);
  });

  it('refuse only through lib/errors.js (no hand-made ApiError / ValidationError elsewhere)', () => {
    const offenders = files.filter((file) => !file.endsWith(path.join('lib', 'errors.js')) && RAW_REFUSAL.test(read(file)));
    expect(offenders).toEqual([]);
  });
});

describe('the web server (src)', () => {
  const files = [...filesUnder('src', /\.(ts|astro)$/)].filter((file) => !file.endsWith('hook-errors.ts'));

  it('the scan finds the ways a file maps a code', () => {
    expect(mappedCodesIn(`if (hasErrorCode(error, 'bogus_code')) return;`)).toEqual(['bogus_code']);
    expect(mappedCodesIn(`const own = findCode(error, 'own_decision');`)).toEqual(['own_decision']);
    expect(mappedCodesIn(`if (data.version?.code === 'version_conflict') x();`)).toEqual(['version_conflict']);
    const helpers = `import { codedFields } from '../hook-errors.ts';\n`;
    expect(mappedCodesIn(`${helpers}switch (coded?.code) {\n case 'already_decided':\n case 'feedback_blank':\n return 1;\n}\nswitch (reason) { case 'own': }`)).toEqual([
      'already_decided',
      'feedback_blank',
    ]);
    expect(mappedCodesIn(`${helpers}const CHAIN: ErrorCode[] = ['chain_exists', 'not_newest'];`)).toEqual(['chain_exists', 'not_newest']);
    expect(mappedCodesIn(`if (issue.code === 'invalid_type') x(); if (issue?.code !== 'invalid_type') z(); if (e.code === 'ENOENT') y();`)).toEqual([]);
  });

  it('maps only codes in the list', () => {
    const unknown: string[] = [];
    let mapped = 0;
    for (const file of files) {
      const codes = mappedCodesIn(read(file));
      mapped += codes.length;
      for (const code of codes) if (!ERROR_CODES.includes(code as never)) unknown.push(`${file}: ${code}`);
    }
    expect(unknown).toEqual([]);
    expect(mapped).toBeGreaterThan(10);
  });

  it('reads field codes of a PocketBase answer only through src/lib/hook-errors.ts', () => {
    const offenders = files.filter((file) => /response\??\.?\[?'?data'?\]?[^\n;]*\bcode\b/.test(read(file)));
    expect(offenders).toEqual([]);
  });
});

describe('src/lib/hook-errors.ts', () => {
  it('finds a listed code, its field and message, whatever the status', () => {
    const error = refusal(409, { evidence: { code: 'already_decided', message: 'Already decided.' } });
    expect(hookErrorCode(error)).toBe('already_decided');
    expect(codedFields(error)).toEqual([{ field: 'evidence', code: 'already_decided', message: 'Already decided.' }]);
    expect(findCode(error, 'already_decided', 'observation')).toBeUndefined();
    expect(hasErrorCode(error, 'already_decided', 'evidence')).toBe(true);
    expect(hookErrorStatus('already_decided')).toBe(409);
    expect(hookErrorStatus('own_decision')).toBe(400);
  });

  it('never maps by status alone: a 400 or 409 without a listed code has none', () => {
    expect(hookErrorCode(refusal(400, {}))).toBeUndefined();
    expect(hookErrorCode(refusal(409, {}))).toBeUndefined();
    expect(hookErrorCode(refusal(400, { title: { code: 'validation_required', message: 'Cannot be blank.' } }))).toBeUndefined();
    expect(hookErrorCode(refusal(400, { title: { code: 'made_up_code', message: '?' } }))).toBeUndefined();
    expect(hookErrorCode(new Error('already_decided'))).toBeUndefined();
    expect(hookErrorCode(undefined)).toBeUndefined();
  });

  it('tells a refusal by the API rule (no field at all) from a hook refusal', () => {
    expect(refusedByRule(refusal(400, {}))).toBe(true);
    expect(refusedByRule(refusal(400, { feedback: { code: 'feedback_blank', message: 'Blank.' } }))).toBe(false);
    expect(refusedByRule(refusal(0, {}))).toBe(false);
    expect(refusedByRule(new TypeError('x'))).toBe(false);
  });
});
