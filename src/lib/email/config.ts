/**
 * Email settings, read from the environment in this one place (documented in .env.example and
 * docs/OPERATIONS.md, "Email"). Pure: give it an environment, get back what to do.
 *
 * - `SMTP_HOST` unset: email is off. The site says so where email would be used and keeps the
 *   fallbacks that need no email (reset links made by a trainer or administrator).
 * - `SMTP_PORT` (default 587 for starttls, 465 for tls, 25 for none), `SMTP_TLS`
 *   (`starttls` default, `tls`, or `none`), `SMTP_USER` + `SMTP_PASSWORD` (both or neither),
 *   `EMAIL_FROM` (required once SMTP_HOST is set), `EMAIL_FROM_NAME` (default: the
 *   organisation's name).
 * - `ORG_NAME`: the organisation named in every email; unset, ISSUER_NAME (the certificate
 *   issuer), else "Lived Learning".
 * - `SITE_URL`: links in emails start with it. Email needs it: without it there is no address
 *   to link to, so email is refused as "not set up".
 */
/** The same default as the certificate issuer's name (src/lib/certificates/issuer.ts). */
const DEFAULT_ORG_NAME = 'Lived Learning';

export type TlsMode = 'none' | 'starttls' | 'tls';

export interface SmtpSettings {
  host: string;
  port: number;
  tls: TlsMode;
  /** Undefined: no authentication. */
  auth: { user: string; password: string } | undefined;
  fromAddress: string;
  fromName: string;
}

export type EmailConfig =
  | { kind: 'off'; orgName: string; siteUrl: string | undefined }
  | { kind: 'invalid'; orgName: string; siteUrl: string | undefined; problems: string[] }
  | { kind: 'on'; orgName: string; siteUrl: string; smtp: SmtpSettings };

type Env = Record<string, string | undefined>;

const ADDRESS = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;

function setting(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The organisation named in emails: ORG_NAME, else ISSUER_NAME, else "Lived Learning". */
export function organisationName(env: Env = process.env): string {
  return setting(env, 'ORG_NAME') ?? setting(env, 'ISSUER_NAME') ?? DEFAULT_ORG_NAME;
}

/** SITE_URL without a trailing slash, or undefined when unset or not an http(s) origin. */
export function siteUrlForEmail(env: Env = process.env): string | undefined {
  const raw = setting(env, 'SITE_URL');
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/**
 * Reads the email settings. Problems are named with the variable and the fix, and never echo
 * SMTP_PASSWORD.
 */
export function readEmailConfig(env: Env = process.env): EmailConfig {
  const orgName = organisationName(env);
  const siteUrl = siteUrlForEmail(env);
  const host = setting(env, 'SMTP_HOST');
  if (!host) return { kind: 'off', orgName, siteUrl };

  const problems: string[] = [];
  const tlsRaw = (setting(env, 'SMTP_TLS') ?? 'starttls').toLowerCase();
  const tls: TlsMode = tlsRaw === 'none' || tlsRaw === 'tls' || tlsRaw === 'starttls' ? tlsRaw : 'starttls';
  if (tlsRaw !== tls) problems.push(`SMTP_TLS must be starttls, tls or none (you gave "${tlsRaw}") — use starttls for port 587, tls for port 465`);

  const defaultPort = tls === 'tls' ? 465 : tls === 'none' ? 25 : 587;
  const portRaw = setting(env, 'SMTP_PORT');
  const port = portRaw === undefined ? defaultPort : Number(portRaw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`SMTP_PORT must be a port number 1–65535, e.g. ${defaultPort}`);

  const user = setting(env, 'SMTP_USER');
  const password = env.SMTP_PASSWORD && env.SMTP_PASSWORD.length > 0 ? env.SMTP_PASSWORD : undefined;
  if ((user === undefined) !== (password === undefined)) problems.push('SMTP_USER and SMTP_PASSWORD go together — set both (or neither, if the mail server needs no sign-in)');

  const fromAddress = setting(env, 'EMAIL_FROM');
  if (!fromAddress) problems.push('EMAIL_FROM is required when SMTP_HOST is set — give the address emails come from, e.g. learning@example.org');
  else if (!ADDRESS.test(fromAddress)) problems.push(`EMAIL_FROM must be one email address such as learning@example.org (you gave "${fromAddress}")`);

  if (!siteUrl) problems.push('SITE_URL is required for email — links in emails start with it, e.g. https://learning.example.org');

  if (problems.length > 0 || !fromAddress || !siteUrl) return { kind: 'invalid', orgName, siteUrl, problems };
  return {
    kind: 'on',
    orgName,
    siteUrl,
    smtp: {
      host,
      port,
      tls,
      auth: user && password ? { user, password } : undefined,
      fromAddress,
      fromName: setting(env, 'EMAIL_FROM_NAME') ?? orgName,
    },
  };
}

/** Whether the site can send email with these settings. */
export function emailIsOn(config: EmailConfig): config is Extract<EmailConfig, { kind: 'on' }> {
  return config.kind === 'on';
}
