/**
 * The address a request came from, for rate limiting. Pure.
 *
 * By default this is the socket address Astro gives as `clientAddress`: whatever sent the
 * request to us. Behind a reverse proxy (Caddy, nginx) every request comes from the proxy, so
 * with `TRUST_PROXY=1` the first `X-Forwarded-For` entry is used instead. Only set it when a
 * proxy you control always replaces that header: a client can put anything in it otherwise.
 */

/** `::ffff:192.0.2.1` → `192.0.2.1`; trims spaces and brackets; lower-case. */
export function normaliseIp(value: string): string {
  let ip = value.trim().toLowerCase();
  if (ip.startsWith('[') && ip.includes(']')) ip = ip.slice(1, ip.indexOf(']'));
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice('::ffff:'.length);
  return ip;
}

export interface ClientIpInput {
  /** Astro's `clientAddress` (the socket's remote address); may be missing. */
  socketAddress: string | undefined;
  /** The raw `X-Forwarded-For` header, if any. */
  forwardedFor: string | null;
  /** True when `TRUST_PROXY=1`. */
  trustProxy: boolean;
}

/** The client's address, or `unknown` (all such requests then share one limit). */
export function clientIp({ socketAddress, forwardedFor, trustProxy }: ClientIpInput): string {
  if (trustProxy && forwardedFor) {
    const first = normaliseIp(forwardedFor.split(',')[0] ?? '');
    if (first) return first;
  }
  const socket = socketAddress ? normaliseIp(socketAddress) : '';
  return socket || 'unknown';
}

/** `TRUST_PROXY=1` (also `true` / `yes`) turns proxy trust on; anything else leaves it off. */
export function trustProxyFromEnv(value: string | undefined): boolean {
  return ['1', 'true', 'yes'].includes((value ?? '').trim().toLowerCase());
}
