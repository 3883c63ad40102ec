/**
 * One-click unsubscribe links (RFC 8058): `/unsubscribe/<token>`, where the token names one
 * person and the email categories of the email it came in, signed with HMAC-SHA-256 under the
 * site's unsubscribe secret (./unsubscribe-secret.ts). Anyone holding the link may switch
 * those categories off for that person, and nothing else: no sign-in, no other person, no
 * other category. Pure (the secret is passed in).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { EMAIL_CATEGORIES, type EmailCategory } from './email-prefs.ts';

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString('base64url');
const USER_ID = /^[a-z0-9]{15}$/;

function mac(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(`lived-learning unsubscribe v1\n${payload}`).digest();
}

/** A token for switching `categories` off for `user`. */
export function signUnsubscribe(secret: Buffer, user: string, categories: readonly EmailCategory[]): string {
  if (!USER_ID.test(user)) throw new Error('unsubscribe: not a record id');
  const payload = `${user}.${[...new Set(categories)].join('-')}`;
  return `${b64(payload)}.${b64(mac(secret, payload))}`;
}

export function unsubscribePath(secret: Buffer, user: string, categories: readonly EmailCategory[]): string {
  return `/unsubscribe/${signUnsubscribe(secret, user, categories)}`;
}

/** The person and categories a token names, or undefined when it is damaged or not signed by `secret`. */
export function verifyUnsubscribe(secret: Buffer, token: string): { user: string; categories: EmailCategory[] } | undefined {
  if (typeof token !== 'string' || token.length > 300) return undefined;
  const [p, s, extra] = token.split('.');
  if (!p || !s || extra !== undefined) return undefined;
  let payload: string;
  let signature: Buffer;
  try {
    payload = Buffer.from(p, 'base64url').toString('utf8');
    signature = Buffer.from(s, 'base64url');
  } catch {
    return undefined;
  }
  const expected = mac(secret, payload);
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return undefined;
  const [user, list] = payload.split('.');
  if (!user || !USER_ID.test(user) || !list) return undefined;
  const categories = list.split('-');
  if (categories.length === 0 || !categories.every((c) => (EMAIL_CATEGORIES as readonly string[]).includes(c))) return undefined;
  return { user, categories: categories as EmailCategory[] };
}
