/**
 * The download endpoint's logic (src/pages/account/my-data.zip.ts stays thin): rate limit per
 * person, read everything with the service client for the signed-in person only, then stream
 * the zip. Never cached.
 */
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { privacyEn } from '../i18n/privacy.ts';
import { exportDownloads } from './erase.ts';
import { collectPersonData, exportFileName, exportZipStream, serviceFileFetcher } from './export.ts';

const plain = (status: number, text: string, extra: Record<string, string> = {}) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store', ...extra } });

/** The response for "Download everything about me". Never throws. */
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
    console.error(`[privacy] export failed: ${error instanceof Error ? error.message : String(error)}`);
    return plain(503, t.failed, { 'Retry-After': '60' });
  }
  exportDownloads.hit(user.id, now.getTime());
  return new Response(exportZipStream(data, user.display_name || user.email, serviceFileFetcher(client)), {
    status: 200,
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="${exportFileName(now)}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
