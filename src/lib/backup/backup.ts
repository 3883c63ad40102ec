/**
 * `npm run backup`: a backup of the whole data folder (database, auxiliary database, uploaded
 * files), without the secrets (./secrets.ts says why). Node-only.
 *
 * - Site running: the running PocketBase makes it (its own backup API, consistent while in
 *   use), signed in as the service account; it lands where scheduled backups go (the data
 *   folder's backups/, or the S3 bucket), and `outDir` gets a copy.
 * - Site stopped: the same zip is made here (./archive.ts), into the data folder's backups/
 *   or `outDir`.
 * - `secretsTo`: only the secrets file (signing key and unsubscribe secret), mode 0600, to
 *   keep apart from the backups.
 */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import PocketBase, { ClientResponseError } from 'pocketbase';
import type { ServiceCredentials } from '../server/config.ts';
import { backupSettingsPatch, type BackupSettings } from './config.ts';
import { BackupFileError, zipDataFolder } from './archive.ts';
import { buildSecretsFile, KEPT_SECRET_FILES, readKeptSecrets, writePrivateFile } from './secrets.ts';

/** A step of a backup or restore failed; the message is one plain sentence or two with the fix. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** `lived-learning_20261207-023000.zip` (UTC): a name PocketBase's backup API accepts. */
export function backupFileName(now: Date): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `lived-learning_${stamp}.zip`;
}

/** Whether PocketBase answers its health check at `url` within two seconds. */
export async function pocketBaseAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** A client signed in as the service superuser. */
export async function signInService(pbUrl: string, credentials: ServiceCredentials): Promise<PocketBase> {
  const pb = new PocketBase(pbUrl);
  pb.autoCancellation(false);
  try {
    await pb.collection('_superusers').authWithPassword(credentials.email, credentials.password);
  } catch (error) {
    if (error instanceof ClientResponseError && (error.status === 400 || error.status === 401)) {
      throw new BackupError(`PocketBase at ${pbUrl} refused the service account ${credentials.email}. Run this on the machine and with the settings (.env) the site uses.`);
    }
    throw new BackupError(`Cannot reach PocketBase at ${pbUrl} (${(error as Error).message}). Check that the site is running, or stop it fully and run the backup again.`);
  }
  return pb;
}

/** PocketBase's reason, in one line, from a refused API call. */
function reason(error: unknown): string {
  if (error instanceof ClientResponseError) {
    const data = error.response?.data as Record<string, { message?: string }> | undefined;
    const fields = data ? Object.entries(data).map(([k, v]) => `${k}: ${v?.message ?? JSON.stringify(v)}`) : [];
    return [error.response?.message ?? error.message, ...fields].filter(Boolean).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Applies the backup schedule, retention and storage to the running PocketBase
 * (`npm start` does this each time it starts).
 *
 * @throws {BackupError} when PocketBase refuses them (the message has its reason, never the S3 secret)
 */
export async function applyBackupSettings(pb: PocketBase, settings: BackupSettings): Promise<void> {
  try {
    await pb.settings.update(backupSettingsPatch(settings));
  } catch (error) {
    const said = settings.s3 ? reason(error).split(settings.s3.secret).join('***') : reason(error);
    throw new BackupError(`PocketBase did not accept the backup settings (BACKUP_CRON, BACKUP_KEEP, BACKUP_S3_*): ${said}. Fix them in the environment or .env (see .env.example).`);
  }
}

export interface RunningBackupResult {
  name: string;
  size: number;
  /** Where PocketBase keeps it: a path on this machine, or `s3://bucket/name`. */
  kept: string;
  /** The copy saved in `outDir`, if one was asked for. */
  copy: string | undefined;
}

/**
 * Asks the running PocketBase for a backup and, with `outDir`, downloads a copy (mode 0600).
 *
 * @throws {BackupError} when PocketBase refuses or the copy cannot be saved
 */
export async function backupRunning(options: { pb: PocketBase; dataDir: string; name: string; outDir?: string | undefined }): Promise<RunningBackupResult> {
  const { pb, dataDir, name } = options;
  try {
    await pb.backups.create(name);
  } catch (error) {
    throw new BackupError(`PocketBase could not make the backup: ${reason(error)}. If another backup or restore is running, wait for it and try again; if the disk is full, make room.`);
  }
  const listed = (await pb.backups.getFullList()).find((b) => b.key === name);
  if (!listed) throw new BackupError(`PocketBase said it made the backup ${name}, but it is not in its list of backups. Look at PocketBase's log.`);
  const settings = await pb.settings.getAll();
  const s3 = (settings as { backups?: { s3?: { enabled?: boolean; bucket?: string } } }).backups?.s3;
  const kept = s3?.enabled ? `s3://${s3.bucket ?? ''}/${name}` : path.join(dataDir, 'backups', name);

  let copy: string | undefined;
  if (options.outDir) {
    copy = path.join(await prepareOutDir(options.outDir), name);
    const token = await pb.files.getToken();
    const response = await fetch(pb.backups.getDownloadURL(token, name));
    if (!response.ok || !response.body) throw new BackupError(`PocketBase made the backup ${name} but would not hand over a copy (HTTP ${response.status}). It is kept at ${kept}.`);
    const temp = `${copy}.partial`;
    try {
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), createWriteStream(temp, { mode: 0o600 }));
      await chmod(temp, 0o600);
      const size = (await stat(temp)).size;
      if (size !== listed.size) throw new BackupError(`The copy of ${name} is ${size} bytes, but PocketBase's is ${listed.size}. Try again; the backup itself is kept at ${kept}.`);
      await rename(temp, copy);
    } catch (error) {
      await rm(temp, { force: true });
      if (error instanceof BackupError) throw error;
      throw new BackupError(`Cannot save the copy in ${options.outDir} (${(error as Error).message}). The backup itself is kept at ${kept}.`);
    }
  }
  return { name, size: listed.size, kept, copy };
}

async function prepareOutDir(dir: string): Promise<string> {
  try {
    const made = await mkdir(dir, { recursive: true, mode: 0o700 });
    if (made !== undefined) await chmod(dir, 0o700);
  } catch (error) {
    throw new BackupError(`Cannot make the folder ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Choose a folder you can write to.`);
  }
  return dir;
}

export interface StoppedBackupResult {
  file: string;
  size: number;
  entries: string[];
}

/**
 * Makes the backup zip from the data folder itself, for a stopped site: into `outDir`, or
 * the data folder's backups/ (where PocketBase's dashboard lists it).
 *
 * @throws {BackupError} when the data folder has no database or the file cannot be written
 */
export async function backupStopped(options: { dataDir: string; name: string; outDir?: string | undefined }): Promise<StoppedBackupResult> {
  const { dataDir, name } = options;
  const info = await stat(dataDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new BackupError(`There is no data folder at ${dataDir}, so there is nothing to back up. Check PB_DATA_DIR.`);
  const dir = await prepareOutDir(options.outDir ?? path.join(dataDir, 'backups'));
  const file = path.join(dir, name);
  try {
    const result = await zipDataFolder(dataDir, file);
    return { file, size: result.bytes, entries: result.entries };
  } catch (error) {
    if (error instanceof BackupFileError) throw new BackupError(error.message);
    throw new BackupError(`Cannot make the backup ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Check the disk has room and the folders are writable.`);
  }
}

/**
 * Saves the signing key and the unsubscribe secret from the data folder into one file
 * (mode 0600), to keep apart from the backups.
 *
 * @returns the names of the secrets saved, and those that are not in the data folder
 * @throws {BackupError} when there is nothing to save or the file cannot be written
 */
export async function saveSecrets(options: { dataDir: string; file: string; now: Date }): Promise<{ saved: string[]; missing: string[] }> {
  const files = await readKeptSecrets(options.dataDir);
  const saved = Object.keys(files);
  if (saved.length === 0) {
    throw new BackupError(`${options.dataDir} holds no signing key or unsubscribe secret yet (they are made when first needed, or come from CREDENTIAL_SIGNING_KEY / UNSUBSCRIBE_SECRET). Nothing was saved.`);
  }
  try {
    await mkdir(path.dirname(options.file), { recursive: true, mode: 0o700 });
    await writePrivateFile(options.file, `${JSON.stringify(buildSecretsFile(files, options.now), null, 2)}\n`);
  } catch (error) {
    throw new BackupError(`Cannot write ${options.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Choose a place you can write to.`);
  }
  return { saved, missing: KEPT_SECRET_FILES.filter((n) => !saved.includes(n)) };
}
