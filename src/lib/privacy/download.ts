/**
 * The download endpoint's logic (src/pages/account/my-data.zip.ts stays thin): rate limit per
 * person, read everything with the service client for the signed-in person only, then stream
 * the zip. Never cached.
 */
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { isUnavailable } from '../errors.ts';
import { privacyEn } from '../i18n/privacy.ts';
import { downloadResponse } from '../site/download.ts';
import { exportDownloads } from './erase.ts';
import { collectPersonData, exportFileName, exportZipStream, serviceFileFetcher } from './export.ts';

const plain = (status: number, text: string, extra: Record<string, string> = {}) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store', ...extra } });

/** The response for "Download everything about me". Throws only on a bug (an outage is a 503 here). */
export async function downloadEverything(
  user: Pick<UserRecord, 'id' | 'display_name' | 'email'>,
  own: TypedPocketBase,
  service: () => Promise<TypedPocketBase>,
  now = new Date(),
): Promise<Response> {
  const t = privacyEn.download;
  // Re-check who this is with their own token, now (not a remembered session).
  const me = await own
    .collection('users')
    .getOne(user.id, { fields: 'id' })
    .catch(() => undefined);
  if (!me || me.id !== user.id) return plain(401, t.signInAgain);
  const gate = exportDownloads.check(user.id, now.getTime());
  if (!gate.allowed) {
    const minutes = Math.max(1, Math.ceil(gate.retryAfterMs / 60_000));
    return plain(429, t.tooMany(minutes), { 'Retry-After': String(Math.ceil(gate.retryAfterMs / 1000)) });
  }
  let data;
  let client: TypedPocketBase;
  try {
    client = await service();
    data = await collectPersonData(client, user.id, now);
  } catch (error) {
    // Only an outage is "try again later"; anything else is a bug, a 500 with a logged id.
    if (!isUnavailable(error)) throw error;
    console.error(`[privacy] export failed: PocketBase is unavailable`);
    return plain(503, t.failed, { 'Retry-After': '60' });
  }
  exportDownloads.hit(user.id, now.getTime());
  return downloadResponse(exportZipStream(data, user.display_name || user.email, serviceFileFetcher(client)), {
    type: 'application/zip',
    filename: exportFileName(now),
  });
}
