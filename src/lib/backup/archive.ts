/**
 * Backup files on disk: the zip format PocketBase's own backups use (the data folder's
 * contents at the top of the zip: `data.db`, `auxiliary.db`, `storage/…`), made here for a
 * stopped site, and read back on restore. Node-only; streams, so a backup with large uploads
 * is never held in memory whole.
 */
import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { backup as sqliteBackup, DatabaseSync } from 'node:sqlite';
import { Unzip, UnzipInflate, Zip, ZipDeflate } from 'fflate';
import { SECRET_FILES } from './secrets.ts';

/** What PocketBase leaves out of its own backups, plus our secrets and its -wal/-shm files. */
const EXCLUDED_TOP = new Set(['backups', '.pb_temp_to_delete', '.notify', '.autocert_cache', 'lost+found', ...SECRET_FILES]);
const CHUNK = 1 << 20;

/** A backup file cannot be used; the message says what is wrong and that nothing was changed. */
export class BackupFileError extends Error {
  override name = 'BackupFileError';
}

/** Whether a top-level name in the data folder goes into a backup. */
export function includedInBackup(name: string): boolean {
  if (EXCLUDED_TOP.has(name)) return false;
  if (/\.db-(wal|shm|journal)$/.test(name)) return false; // the .db copy is made whole
  if (name.startsWith('.write-test-') || name.endsWith('.tmp')) return false;
  return true;
}

/**
 * Whether a name inside a zip is safe to extract: a relative path with no `..`, no absolute
 * or drive path, no backslashes or NUL, and not one of the secrets (a backup never has them).
 */
export function safeEntryName(name: string): boolean {
  if (name === '' || name.includes('\0') || name.includes('\\')) return false;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return false;
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return false;
  return !SECRET_FILES.includes(parts[0]!) || parts.length > 1;
}

/** Files under `dir` (relative, `/`-separated), depth first, sorted; symbolic links skipped. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const info = await lstat(path.join(dir, name));
    if (info.isDirectory()) out.push(...(await listFiles(path.join(dir, name), rel)));
    else if (info.isFile()) out.push(rel);
  }
  return out;
}

/** Copies one SQLite database with SQLite's backup API: consistent even while it is in use. */
async function copyDatabase(source: string, target: string): Promise<void> {
  const db = new DatabaseSync(source, { readOnly: true });
  try {
    await sqliteBackup(db, target);
  } finally {
    db.close();
  }
  // Fold the copy's write-ahead log into it, so the one file is the whole database.
  const copy = new DatabaseSync(target);
  try {
    copy.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    copy.close();
  }
}

/** Streams a file into a zip entry. */
function addFile(zip: Zip, name: string, file: string): void {
  const entry = new ZipDeflate(name, { level: 6 });
  zip.add(entry);
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    let read: number;
    while ((read = readSync(fd, buffer, 0, CHUNK, null)) > 0) entry.push(buffer.subarray(0, read).slice(), false);
    entry.push(new Uint8Array(0), true);
  } finally {
    closeSync(fd);
  }
}

export interface ZipDataFolderResult {
  file: string;
  /** Files in the zip, e.g. `data.db`, `storage/…`. */
  entries: string[];
  bytes: number;
}

/**
 * Makes a backup zip of a data folder without PocketBase: each `*.db` is copied with SQLite's
 * backup API (consistent), everything else as it is, leaving out what PocketBase's own
 * backups leave out and the secrets. Meant for a stopped site. Written to a temporary name
 * and renamed, mode 0600.
 *
 * @throws {BackupFileError} when the folder holds no data.db
 */
export async function zipDataFolder(dataDir: string, outFile: string): Promise<ZipDataFolderResult> {
  const top = (await readdir(dataDir)).filter(includedInBackup).sort();
  if (!top.includes('data.db')) {
    throw new BackupFileError(`${dataDir} holds no data.db, so there is nothing to back up. Check PB_DATA_DIR.`);
  }
  const work = await mkdtemp(path.join(path.dirname(outFile), '.backup-work-'));
  await chmod(work, 0o700);
  const temp = `${outFile}.partial`;
  const fd = openSync(temp, 'w', 0o600);
  let bytes = 0;
  let failed: Error | undefined;
  const zip = new Zip((error, chunk) => {
    if (error) failed = error;
    else {
      writeSync(fd, chunk);
      bytes += chunk.length;
    }
  });
  const entries: string[] = [];
  try {
    for (const name of top) {
      const full = path.join(dataDir, name);
      const info = await lstat(full);
      if (info.isFile() && name.endsWith('.db')) {
        const copy = path.join(work, name);
        await copyDatabase(full, copy);
        addFile(zip, name, copy);
        entries.push(name);
      } else if (info.isFile()) {
        addFile(zip, name, full);
        entries.push(name);
      } else if (info.isDirectory()) {
        for (const rel of await listFiles(full)) {
          addFile(zip, `${name}/${rel}`, path.join(full, rel));
          entries.push(`${name}/${rel}`);
        }
      }
      if (failed) throw failed;
    }
    zip.end();
    if (failed) throw failed;
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    await rm(temp, { force: true });
    throw error;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  closeSync(fd);
  await rename(temp, outFile);
  await chmod(outFile, 0o600);
  return { file: outFile, entries, bytes };
}

/** Opening bytes of every zip that has at least one file. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function readHead(file: string, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * Extracts a backup zip into `destDir` (made 0700; files 0600), streaming.
 *
 * @throws {BackupFileError} when the file is missing, not a zip, damaged, or has an unsafe
 *   name in it (the message names the file and says nothing was changed)
 */
export async function extractBackup(zipFile: string, destDir: string): Promise<string[]> {
  const info = await stat(zipFile).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    const why = info.code === 'ENOENT' ? 'there is no such file' : info.code === 'EACCES' ? 'permission denied' : String(info.code ?? info.message);
    throw new BackupFileError(`Cannot read the backup ${zipFile}: ${why}. Check the name and try again. Nothing was changed.`);
  }
  if (!info.isFile()) throw new BackupFileError(`${zipFile} is a folder, not a backup file. Give the .zip file. Nothing was changed.`);
  if (!readHead(zipFile, 4).equals(ZIP_MAGIC)) {
    throw new BackupFileError(`${zipFile} is not a backup: it is not a zip file (or it is empty). Give a .zip made by \`npm run backup\` or PocketBase. Nothing was changed.`);
  }

  await mkdir(destDir, { recursive: true, mode: 0o700 });
  await chmod(destDir, 0o700);
  const names: string[] = [];
  let problem: string | undefined;
  let open: { fd: number; name: string } | undefined;
  const closeOpen = () => {
    if (open) closeSync(open.fd);
    open = undefined;
  };
  const unzip = new Unzip((file) => {
    if (problem) return;
    if (!safeEntryName(file.name)) {
      problem = `it contains a file with an unsafe name (${JSON.stringify(file.name)})`;
      return;
    }
    if (file.name.endsWith('/')) return; // a folder entry: folders are made as files need them
    if (file.compression !== 0 && file.compression !== 8) {
      problem = `it uses a kind of compression this tool cannot read (${file.name})`;
      return;
    }
    const target = path.join(destDir, file.name);
    names.push(file.name);
    file.ondata = (error, chunk, final) => {
      if (problem) return;
      if (error) {
        problem = `${file.name} in it is damaged (${error.message})`;
        return;
      }
      if (!open || open.name !== file.name) {
        closeOpen();
        makeDirs(path.dirname(target), destDir);
        open = { fd: openSync(target, 'w', 0o600), name: file.name };
      }
      writeSync(open.fd, chunk);
      if (final) closeOpen();
    };
    file.start();
  });
  unzip.register(UnzipInflate);

  const fd = openSync(zipFile, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    let read: number;
    while (!problem && (read = readSync(fd, buffer, 0, CHUNK, null)) > 0) {
      unzip.push(buffer.subarray(0, read).slice(), false);
    }
    if (!problem) unzip.push(new Uint8Array(0), true);
  } catch (error) {
    problem ??= `it is damaged (${(error as Error).message})`;
  } finally {
    closeSync(fd);
    closeOpen();
  }
  if (problem) throw new BackupFileError(`${zipFile} cannot be used: ${problem}. Use another backup. Nothing was changed.`);
  return names;
}

/** mkdir -p with mode 0700, synchronously (inside the unzip callback). */
function makeDirs(dir: string, root: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let d = dir; d.startsWith(root) && d !== root; d = path.dirname(d)) chmodSync(d, 0o700);
}

export interface BackupSummary {
  /** Collections in the backup's database (PocketBase's own included). */
  collections: number;
  /** Rows in each base or auth collection, by name. */
  counts: Record<string, number>;
  /** Files under storage/. */
  files: number;
}

/**
 * Checks an extracted backup: a data.db that is a SQLite database passing SQLite's quick
 * check and holding PocketBase's collections, including Lived Learning's `users`.
 *
 * @throws {BackupFileError} naming what is missing or damaged
 */
export async function checkExtracted(dir: string, label: string): Promise<BackupSummary> {
  const dbFile = path.join(dir, 'data.db');
  const exists = await stat(dbFile).catch(() => undefined);
  if (!exists?.isFile()) {
    throw new BackupFileError(`${label} is not a Lived Learning backup: it has no data.db. Use another backup. Nothing was changed.`);
  }
  if (!readHead(dbFile, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new BackupFileError(`${label} cannot be used: its data.db is not a database (it is damaged). Use another backup. Nothing was changed.`);
  }
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(dbFile);
    const check = db.prepare('PRAGMA quick_check').all().map((row) => String(Object.values(row)[0]));
    if (check.join() !== 'ok') throw new Error(check.slice(0, 3).join('; '));
    const hasCollections = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_collections'").get();
    if (!hasCollections) {
      throw new BackupFileError(`${label} is not a PocketBase backup: its database has no collections. Use another backup. Nothing was changed.`);
    }
    const collections = db.prepare("SELECT name, type FROM _collections ORDER BY name").all() as Array<{ name: string; type: string }>;
    if (!collections.some((c) => c.name === 'users')) {
      throw new BackupFileError(`${label} is not a Lived Learning backup: it has no users collection. Use another backup. Nothing was changed.`);
    }
    const counts: Record<string, number> = {};
    for (const { name, type } of collections) {
      if (type === 'view') continue;
      const row = db.prepare(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as { n: number };
      counts[name] = Number(row.n);
    }
    const storage = path.join(dir, 'storage');
    const files = (await stat(storage).catch(() => undefined))?.isDirectory() ? (await listFiles(storage)).length : 0;
    return { collections: collections.length, counts, files };
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    throw new BackupFileError(`${label} cannot be used: its database is damaged (${(error as Error).message}). Use another backup. Nothing was changed.`);
  } finally {
    db?.close();
  }
}
