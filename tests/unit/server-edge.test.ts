/**
 * The web server's own checks before Astro sees a request: body limits by address, which proxy
 * headers are believed (from SITE_URL at run time), HSTS, and the headers every personal answer gets.
 */
import { describe, expect, it } from 'vitest';
import { EVIDENCE_MAX_FILE_BYTES, EVIDENCE_MAX_FILES } from '../../src/lib/assessment/evidence.ts';
import { MAX_PICTURE_BYTES, MAX_ZIP_UNPACKED_BYTES } from '../../src/lib/authoring/limits.ts';
import { BULK_MAX_BYTES } from '../../src/lib/certificates/bulk-csv.ts';
import { BODY_LIMIT } from '../../src/lib/reflections/reflections.ts';
import { formatBytes } from '../../src/lib/sizes.ts';
import {
  bodyLimitFor,
  DEFAULT_BODY_LIMIT_BYTES,
  GLOBAL_BODY_LIMIT_BYTES,
  judgeDeclaredLength,
  pathOfTarget,
} from '../../src/lib/server/body-limit.ts';
import { applyHeaderChanges, hstsHeader, proxyHeaderChanges } from '../../src/lib/server/proxy-headers.ts';
import { needsPersonalHeaders, varyWithCookie, withPersonalHeaders } from '../../src/lib/server/response-headers.ts';

const MB = 1024 * 1024;

describe('body limits', () => {
  it('gives each upload form room for its largest legitimate upload, and nothing else more than 1 MB', () => {
    expect(bodyLimitFor('/evidence/peer-support')).toBeGreaterThan(EVIDENCE_MAX_FILES * EVIDENCE_MAX_FILE_BYTES);
    expect(bodyLimitFor('/author/import')).toBeGreaterThan(MAX_ZIP_UNPACKED_BYTES);
    expect(bodyLimitFor('/author/peer-support/import')).toBeGreaterThan(MAX_ZIP_UNPACKED_BYTES);
    expect(bodyLimitFor('/author/peer-support/upload')).toBeGreaterThan(MAX_PICTURE_BYTES);
    expect(bodyLimitFor('/staff/bulk-verify')).toBeGreaterThan(BULK_MAX_BYTES);
    for (const path of ['/signin', '/signup', '/reflections', '/reflections/abc/delete', '/author/peer-support/edit/01-a.md', '/evidence/a/b', '/evidence']) {
      expect(bodyLimitFor(path), path).toBe(DEFAULT_BODY_LIMIT_BYTES);
    }
    expect(DEFAULT_BODY_LIMIT_BYTES).toBe(MB);
  });

  it('lets the longest reflection through the default limit, even form-encoded (a 3-byte character such as ’ is 9 bytes sent)', () => {
    // A reflection of BODY_LIMIT characters, each a 3-byte character like ’, percent-encoded: 9 bytes each.
    expect(BODY_LIMIT * 9 + 10_000).toBeLessThan(DEFAULT_BODY_LIMIT_BYTES);
  });

  it('the global limit is the largest upload limit', () => {
    expect(GLOBAL_BODY_LIMIT_BYTES).toBe(bodyLimitFor('/evidence/x'));
    expect(GLOBAL_BODY_LIMIT_BYTES).toBeLessThan(60 * MB);
  });

  it('refuses a declared length over the limit (or one that is not a number), passes a missing one to be counted', () => {
    expect(judgeDeclaredLength('/signin', String(600 * MB))).toEqual({ ok: false, limit: MB });
    expect(judgeDeclaredLength('/signin', String(MB + 1)).ok).toBe(false);
    expect(judgeDeclaredLength('/signin', String(MB)).ok).toBe(true);
    expect(judgeDeclaredLength('/signin', '12abc').ok).toBe(false);
    expect(judgeDeclaredLength('/signin', '99999999999999999999').ok).toBe(false);
    expect(judgeDeclaredLength('/signin', undefined)).toEqual({ ok: true, limit: MB });
    expect(judgeDeclaredLength('/evidence/c', String(30 * MB)).ok).toBe(true);
  });

  it('reads the path of a request target, query and odd encodings included', () => {
    expect(pathOfTarget('/evidence/c?x=1')).toBe('/evidence/c');
    expect(pathOfTarget('/%65vidence/c')).toBe('/evidence/c');
    expect(pathOfTarget('/bad%zz')).toBe('/bad%zz');
    expect(pathOfTarget(undefined)).toBe('/');
  });

  it('describes a limit in plain units', () => {
    expect(formatBytes(MB)).toBe('1 MB');
    expect(formatBytes(51 * MB)).toBe('51 MB');
    expect(formatBytes(512 * 1024)).toBe('512 kB');
  });
});

describe('proxy headers (decided from SITE_URL at run time)', () => {
  const site = { siteUrl: 'https://learning.example.org', trustProxy: false };

  it('keeps X-Forwarded-Proto and -Host only when they match SITE_URL', () => {
    expect(proxyHeaderChanges({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'learning.example.org' }, site)).toEqual({
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'learning.example.org',
    });
    expect(proxyHeaderChanges({ 'x-forwarded-proto': 'HTTPS, http' }, site)).toEqual({ 'x-forwarded-proto': 'https' });
    expect(proxyHeaderChanges({ 'x-forwarded-proto': 'http', 'x-forwarded-host': 'evil.example' }, site)).toEqual({
      'x-forwarded-proto': undefined,
      'x-forwarded-host': undefined,
    });
    expect(proxyHeaderChanges({ 'x-forwarded-proto': 'ftp' }, site)).toEqual({ 'x-forwarded-proto': undefined });
  });

  it('matches the port of SITE_URL too', () => {
    const local = { siteUrl: 'https://localhost:8443', trustProxy: false };
    expect(proxyHeaderChanges({ 'x-forwarded-host': 'localhost:8443' }, local)).toEqual({ 'x-forwarded-host': 'localhost:8443' });
    expect(proxyHeaderChanges({ 'x-forwarded-host': 'localhost' }, local)).toEqual({ 'x-forwarded-host': undefined });
  });

  it('trusts no forwarded header without SITE_URL', () => {
    expect(proxyHeaderChanges({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'a.example', 'x-forwarded-port': '443' }, { siteUrl: undefined, trustProxy: false })).toEqual({
      'x-forwarded-proto': undefined,
      'x-forwarded-host': undefined,
      'x-forwarded-port': undefined,
    });
  });

  it('keeps X-Forwarded-For only with TRUST_PROXY, so a client cannot choose its own address for rate limits', () => {
    expect(proxyHeaderChanges({ 'x-forwarded-for': '203.0.113.9' }, site)).toEqual({ 'x-forwarded-for': undefined });
    expect(proxyHeaderChanges({ 'x-forwarded-for': '203.0.113.9' }, { ...site, trustProxy: true })).toEqual({});
  });

  it('changes the headers in place', () => {
    const headers: Record<string, string | undefined> = { 'x-forwarded-proto': 'http', host: 'learning.example.org' };
    applyHeaderChanges(headers, proxyHeaderChanges(headers, site));
    expect(headers).toEqual({ host: 'learning.example.org' });
  });

  it('sends HSTS only when SITE_URL is https', () => {
    expect(hstsHeader('https://learning.example.org')).toBe('max-age=31536000; includeSubDomains');
    expect(hstsHeader('http://localhost:4321')).toBeUndefined();
    expect(hstsHeader(undefined)).toBeUndefined();
    expect(hstsHeader('not a url')).toBeUndefined();
  });
});

describe('headers of personal answers', () => {
  it('marks anything for a signed-in person or that changed the session as private and not stored', () => {
    expect(needsPersonalHeaders({ signedIn: true, sessionChanged: false }, null)).toBe(true);
    expect(needsPersonalHeaders({ signedIn: true, sessionChanged: false }, 'max-age=60')).toBe(true);
    expect(needsPersonalHeaders({ signedIn: false, sessionChanged: true }, null)).toBe(true);
    expect(needsPersonalHeaders({ signedIn: false, sessionChanged: true }, 'public, max-age=3600')).toBe(true);
    expect(needsPersonalHeaders({ signedIn: false, sessionChanged: false }, null)).toBe(false);
    // The same for everyone (course pictures): left cacheable.
    expect(needsPersonalHeaders({ signedIn: true, sessionChanged: false }, 'public, max-age=3600')).toBe(false);
  });

  it('adds Cookie to Vary once', () => {
    expect(varyWithCookie(null)).toBe('Cookie');
    expect(varyWithCookie('Accept-Encoding')).toBe('Accept-Encoding, Cookie');
    expect(varyWithCookie('cookie')).toBe('cookie');
  });

  it('sets the headers, also on a response whose headers cannot be changed', () => {
    const page = withPersonalHeaders(new Response('hi', { headers: { 'Cache-Control': 'max-age=600' } }), { signedIn: true, sessionChanged: false });
    expect(page.headers.get('Cache-Control')).toBe('private, no-store');
    expect(page.headers.get('Vary')).toBe('Cookie');
    const redirect = withPersonalHeaders(Response.redirect('https://x.example/dashboard', 303), { signedIn: false, sessionChanged: true });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('Cache-Control')).toBe('private, no-store');
    const anonymous = new Response('hi');
    expect(withPersonalHeaders(anonymous, { signedIn: false, sessionChanged: false }).headers.get('Cache-Control')).toBeNull();
  });
});
