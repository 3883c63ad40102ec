/**
 * Which proxy headers the web server lets through to Astro, decided at run time from SITE_URL.
 * Pure.
 *
 * Behind a TLS proxy (Caddy, nginx) Astro sees plain http; the browser's Origin is https, so
 * Astro's origin check refused every form POST. Astro reads `X-Forwarded-Proto`/`-Host` only for
 * domains in `security.allowedDomains`, and that list is baked in at build time, while SITE_URL
 * is often set only when the site starts. So the build allows any http(s) forwarded value
 * (astro.config.mjs) and scripts/server.ts, which reads SITE_URL on every start, removes each
 * forwarded header that does not match it before Astro sees the request:
 *
 * - `X-Forwarded-Proto` stays only when it equals SITE_URL's scheme;
 * - `X-Forwarded-Host` stays only when it equals SITE_URL's host (with port, if any);
 * - `X-Forwarded-Port` never stays (SITE_URL already says the port);
 * - `X-Forwarded-For` stays only with TRUST_PROXY=1 (else a client could pick its own address
 *   for rate limits).
 *
 * Without SITE_URL no forwarded header is trusted, exactly as Astro does with no allowedDomains.
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface ProxyTrust {
  /** SITE_URL, e.g. `https://learning.example.org`; undefined when unset. */
  siteUrl: string | undefined;
  /** TRUST_PROXY=1 */
  trustProxy: boolean;
}

/** A header to remove (undefined) or to replace with one checked value. */
export type HeaderChanges = Record<string, string | undefined>;

const first = (value: string | string[] | undefined): string | undefined => {
  const raw = Array.isArray(value) ? value[0] : value;
  return raw?.split(',')[0]?.trim().toLowerCase() || undefined;
};

/** The public origin's scheme (`https`) and host (`learning.example.org`, with a port if not the default), or undefined. */
export function publicOrigin(siteUrl: string | undefined): { protocol: string; host: string } | undefined {
  if (!siteUrl?.trim()) return undefined;
  try {
    const url = new URL(siteUrl.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return { protocol: url.protocol.slice(0, -1), host: url.host.toLowerCase() };
  } catch {
    return undefined;
  }
}

/** What to change in a request's headers before Astro reads them. */
export function proxyHeaderChanges(headers: IncomingHttpHeaders, trust: ProxyTrust): HeaderChanges {
  const changes: HeaderChanges = {};
  const site = publicOrigin(trust.siteUrl);

  const proto = first(headers['x-forwarded-proto']);
  if (proto !== undefined) changes['x-forwarded-proto'] = site && proto === site.protocol ? proto : undefined;

  const host = first(headers['x-forwarded-host']);
  if (host !== undefined) changes['x-forwarded-host'] = site && host === site.host ? host : undefined;

  if (headers['x-forwarded-port'] !== undefined) changes['x-forwarded-port'] = undefined;
  if (headers['x-forwarded-for'] !== undefined && !trust.trustProxy) changes['x-forwarded-for'] = undefined;
  return changes;
}

/** Applies the changes to a Node request's headers in place. */
export function applyHeaderChanges(headers: IncomingHttpHeaders, changes: HeaderChanges): void {
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
}

/** `Strict-Transport-Security` for an https SITE_URL (a year, subdomains too); undefined otherwise. */
export function hstsHeader(siteUrl: string | undefined): string | undefined {
  return publicOrigin(siteUrl)?.protocol === 'https' ? 'max-age=31536000; includeSubDomains' : undefined;
}
