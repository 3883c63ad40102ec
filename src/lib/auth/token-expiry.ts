import { getTokenPayload } from 'pocketbase';

/** Whether a PocketBase token expires (or has expired) within `ms` from now. */
export function expiresWithin(token: string, ms: number, now = Date.now()): boolean {
  const exp = Number(getTokenPayload(token).exp ?? 0);
  return exp * 1000 - now < ms;
}
