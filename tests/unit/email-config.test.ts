/** SMTP settings from the environment: off, wrong (each problem named, password never echoed), or on. */
import { describe, expect, it } from 'vitest';
import { organisationName, readEmailConfig } from '../../src/lib/email/config.ts';

const base = { SMTP_HOST: 'smtp.example.org', EMAIL_FROM: 'learning@example.org', SITE_URL: 'https://learning.example.org/' };

describe('readEmailConfig', () => {
  it('is off without SMTP_HOST (blank counts as unset)', () => {
    expect(readEmailConfig({}).kind).toBe('off');
    expect(readEmailConfig({ SMTP_HOST: '  ', EMAIL_FROM: 'a@b.org' }).kind).toBe('off');
  });

  it('defaults to STARTTLS on 587, no sign-in, the organisation as sender name', () => {
    const config = readEmailConfig({ ...base, ORG_NAME: 'Riverside Peer Network' });
    expect(config).toMatchObject({
      kind: 'on',
      orgName: 'Riverside Peer Network',
      siteUrl: 'https://learning.example.org',
      smtp: { host: 'smtp.example.org', port: 587, tls: 'starttls', auth: undefined, fromAddress: 'learning@example.org', fromName: 'Riverside Peer Network' },
    });
  });

  it('picks the port from the TLS mode, and takes every setting', () => {
    expect(readEmailConfig({ ...base, SMTP_TLS: 'tls' })).toMatchObject({ smtp: { port: 465, tls: 'tls' } });
    expect(readEmailConfig({ ...base, SMTP_TLS: 'NONE' })).toMatchObject({ smtp: { port: 25, tls: 'none' } });
    expect(
      readEmailConfig({ ...base, SMTP_PORT: '2525', SMTP_USER: 'u', SMTP_PASSWORD: 'p w', EMAIL_FROM_NAME: 'Training team' }),
    ).toMatchObject({ smtp: { port: 2525, auth: { user: 'u', password: 'p w' }, fromName: 'Training team' } });
  });

  it('names every problem with its fix, and never echoes the password', () => {
    const config = readEmailConfig({ SMTP_HOST: 'h', SMTP_TLS: 'ssl', SMTP_PORT: '70000', SMTP_PASSWORD: 'hunter2-secret', EMAIL_FROM: 'not an address' });
    expect(config.kind).toBe('invalid');
    const text = config.kind === 'invalid' ? config.problems.join('\n') : '';
    expect(text).toMatch(/SMTP_TLS must be starttls, tls or none/);
    expect(text).toMatch(/SMTP_PORT must be a port number/);
    expect(text).toMatch(/SMTP_USER and SMTP_PASSWORD go together/);
    expect(text).toMatch(/EMAIL_FROM must be one email address/);
    expect(text).toMatch(/SITE_URL is required for email/);
    expect(text).not.toContain('hunter2-secret');
    expect(readEmailConfig({ SMTP_HOST: 'h', SITE_URL: 'https://x.org' })).toMatchObject({ kind: 'invalid', problems: [expect.stringMatching(/EMAIL_FROM is required/)] });
  });

  it('names the organisation: ORG_NAME, else ISSUER_NAME, else Lived Learning', () => {
    expect(organisationName({ ORG_NAME: 'A', ISSUER_NAME: 'B' })).toBe('A');
    expect(organisationName({ ISSUER_NAME: 'B' })).toBe('B');
    expect(organisationName({})).toBe('Lived Learning');
  });
});
