/**
 * `next` after sign-in / sign-up: only a path on this site comes back; hostile values fall back
 * to the dashboard, and whatever comes back is safe to put in a `Location` header.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeReturnPath, signInPath } from '../../src/lib/auth/session.ts';

const ORIGIN = 'https://learning.example.org';

/** What a browser does with a `Location` value: it strips tabs and newlines, then resolves it against the page. */
function whereABrowserGoes(location: string): URL {
  return new URL(location.replace(/[\t\n\r]/g, ''), `${ORIGIN}/signin`);
}

describe('safeReturnPath', () => {
  it.each([
    ['/courses/intro', '/courses/intro'],
    ['/courses/intro/02-listening?answers=a#knowledge-check', '/courses/intro/02-listening?answers=a#knowledge-check'],
    ['/reflections', '/reflections'],
    ['/a b', '/a%20b'],
    ['/café', '/caf%C3%A9'],
  ])('keeps the same-site path %j (as %j)', (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['dashboard'],
    ['https://evil.example/'],
    ['http:/evil.example'],
    ['//evil.example'],
    ['///evil.example'],
    ['/\\evil.example'],
    ['/\\/evil.example'],
    ['\\\\evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/\r/evil.example'],
    ['/\r\n/evil.example'],
    ['/\0'],
    ['/\u2028'],
    ['/\u2029/evil.example'],
    ['/\u0085'],
    ['/\u007f'],
    ['/..//evil.example'],
    ['/./\/evil.example'],
    ['/%2e%2e//evil.example'],
    ['javascript:alert(1)'],
    [' /courses'],
    ['/' + 'a'.repeat(2001)],
  ])('refuses %j and falls back to the dashboard', (value) => {
    expect(safeReturnPath(value)).toBe('/dashboard');
  });

  it('uses the fallback it is given', () => {
    expect(safeReturnPath('//evil.example', '/account')).toBe('/account');
  });

  it('whatever it returns stays on this site, is plain ASCII and has no control characters (any input)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }).map((s) => `/${s}`), fc.constantFrom('/\t', '/\\', '//', '/\u2028', '/..', '/%09', '/%0a').chain((prefix) => fc.string().map((s) => `${prefix}${s}`))), (value) => {
        const path = safeReturnPath(value);
        expect(path.startsWith('/')).toBe(true);
        expect(path.startsWith('//')).toBe(false);
        expect(path).toMatch(/^[\x21-\x7e]+$/);
        expect(whereABrowserGoes(path).origin).toBe(ORIGIN);
        // A Location header with it can be built (non-ASCII or newlines made the page answer 500).
        expect(() => new Headers({ Location: path })).not.toThrow();
      }),
      { numRuns: 500 },
    );
  }, 30_000);
});

describe('signInPath', () => {
  it('carries a safe return path and drops a hostile one', () => {
    expect(signInPath('/courses/intro', 'required')).toBe('/signin?next=%2Fcourses%2Fintro&reason=required');
    expect(signInPath('/\t/evil.example')).toBe('/signin?next=%2Fdashboard');
  });
});
