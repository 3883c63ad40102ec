/**
 * Is PocketBase's disk full? PocketBase 0.40.4 does not say so: with its data folder full
 * (reproduced on a size-limited tmpfs) a create answers 400 "Failed to create record." and
 * an update 400 "Something went wrong while processing your request.", both with no field
 * errors, exactly like a refused rule. So a bare 400/500 counts as "storage full" when the
 * message says so (a later PocketBase, a proxy) or when the data folder really has almost no
 * free space left; the folder is on this machine (PB_DATA_DIR), as `npm start` runs it.
 */
import { statfsSync } from 'node:fs';
import path from 'node:path';
import { ClientResponseError } from 'pocketbase';

/** Below this much free space in PocketBase's data folder, a bare failure is "storage full". */
export const LOW_DISK_BYTES = 16 * 1024 * 1024;
/** What to tell clients to wait before trying again (seconds). */
export const STORAGE_RETRY_AFTER_SECONDS = 120;

const FULL = /database or disk is full|disk is full|SQLITE_FULL|no space left|disk quota|storage (is )?full/i;

/** True when PocketBase's data folder has less than `LOW_DISK_BYTES` free (false if unknown). */
export function dataDirLow(dir: string = path.resolve(process.cwd(), process.env['PB_DATA_DIR'] ?? 'pocketbase/pb_data')): boolean {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize) < LOW_DISK_BYTES;
  } catch {
    return false;
  }
}

/**
 * Whether a PocketBase failure is a full disk, not something in the request.
 *
 * @param lowDisk whether the data folder is (nearly) full now, e.g. `dataDirLow()`
 */
export function isStorageFull(caught: unknown, lowDisk: boolean): boolean {
  // Stores wrap PocketBase's answer in a DomainError (fromPocketBase keeps it as `cause`).
  const error = caught instanceof ClientResponseError ? caught : caught instanceof Error ? caught.cause : undefined;
  if (!(error instanceof ClientResponseError) || (error.status !== 400 && error.status !== 500)) return false;
  const response = (error.response ?? {}) as { message?: unknown; data?: unknown };
  const message = `${String(response.message ?? '')} ${error.message}`;
  if (FULL.test(message)) return true;
  // A bare failure (no field errors): PocketBase 0.40's answer for a full disk.
  const data = response.data;
  const bare = !data || (typeof data === 'object' && Object.keys(data).length === 0);
  return bare && lowDisk;
}
