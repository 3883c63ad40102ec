import { describe, expect, it } from 'vitest';
import { clientIp, normaliseIp, trustProxyFromEnv } from '../../src/lib/auth/client-ip.ts';

describe('clientIp', () => {
  it('uses the socket address by default, ignoring X-Forwarded-For (anyone can send it)', () => {
    expect(clientIp({ socketAddress: '203.0.113.9', forwardedFor: '198.51.100.1', trustProxy: false })).toBe('203.0.113.9');
  });

  it('with TRUST_PROXY uses only the first X-Forwarded-For entry', () => {
    expect(clientIp({ socketAddress: '127.0.0.1', forwardedFor: ' 198.51.100.1 , 10.0.0.2', trustProxy: true })).toBe('198.51.100.1');
    expect(clientIp({ socketAddress: '127.0.0.1', forwardedFor: null, trustProxy: true })).toBe('127.0.0.1');
    expect(clientIp({ socketAddress: '127.0.0.1', forwardedFor: ' , ', trustProxy: true })).toBe('127.0.0.1');
  });

  it('treats IPv4-mapped IPv6 as IPv4, and says unknown when there is nothing', () => {
    expect(clientIp({ socketAddress: '::ffff:127.0.0.1', forwardedFor: null, trustProxy: false })).toBe('127.0.0.1');
    expect(clientIp({ socketAddress: undefined, forwardedFor: null, trustProxy: false })).toBe('unknown');
    expect(normaliseIp('[2001:DB8::1]')).toBe('2001:db8::1');
  });

  it('reads TRUST_PROXY', () => {
    expect(trustProxyFromEnv('1')).toBe(true);
    expect(trustProxyFromEnv('true')).toBe(true);
    expect(trustProxyFromEnv('0')).toBe(false);
    expect(trustProxyFromEnv('')).toBe(false);
    expect(trustProxyFromEnv(undefined)).toBe(false);
  });
});
