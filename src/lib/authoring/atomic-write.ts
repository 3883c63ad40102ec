/**
 * Atomic file writes: the new bytes go to a temporary file in the same folder, are flushed to
 * disk (fsync), and then renamed over the old file; the folder is flushed too. A reader, a
 * crash (kill -9) or a full disk therefore only ever sees the old file or the new one, never
 * half of either. Temporary files are dot files (the course loader skips them) and are
 * cleared away by the next successful write in that folder.
 */
import * as nodeFs from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** The file-system calls a write makes; tests pass a version that fails like a full disk. */
export interface AtomicFs {
  openSync: typeof nodeFs.openSync;
  writeSync: (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
  fsyncSync: typeof nodeFs.fsyncSync;
  closeSync: typeof nodeFs.closeSync;
  renameSync: typeof nodeFs.renameSync;
  unlinkSync: typeof nodeFs.unlinkSync;
  readdirSync: (dir: string) => string[];
}

export const realFs: AtomicFs = {
  openSync: nodeFs.openSync,
  writeSync: (fd, buffer, offset, length) => nodeFs.writeSync(fd, buffer, offset, length),
  fsyncSync: nodeFs.fsyncSync,
  closeSync: nodeFs.closeSync,
  renameSync: nodeFs.renameSync,
  unlinkSync: nodeFs.unlinkSync,
  readdirSync: (dir) => nodeFs.readdirSync(dir),
};

const TEMP_MARK = '.ll-tmp-';

/** The temporary name for `file`: `.<name>.ll-tmp-<random>` beside it. */
export function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}${TEMP_MARK}${process.pid}-${randomBytes(6).toString('hex')}`);
}

/** True for a name this module leaves behind when a write was interrupted. */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARK);
}

/**
 * Writes `data` to `file` atomically (temp + fsync + rename + fsync of the folder). The
 * folder must exist. On success, stale temporary files of earlier interrupted writes in the
 * same folder are removed.
 *
 * @throws {NodeJS.ErrnoException} e.g. ENOSPC or EACCES; the old file is then untouched and the
 *   temporary file is removed
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, fs: AtomicFs = realFs): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const temp = tempNameFor(file);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', 0o644);
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      fs.unlinkSync(temp);
    } catch {
      /* never created */
    }
    throw error;
  }
  syncFolder(path.dirname(file), fs);
  clearStaleTemps(path.dirname(file), fs);
}

/** Flushes a folder's entries (the rename) to disk; some file systems refuse, which is fine. */
export function syncFolder(dir: string, fs: AtomicFs = realFs): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* not supported here */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function clearStaleTemps(dir: string, fs: AtomicFs): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!isTempName(name)) continue;
    // Another process's write may be in flight: only remove our own or ones whose process is gone.
    const pid = Number(name.slice(name.indexOf(TEMP_MARK) + TEMP_MARK.length).split('-')[0]);
    if (pid !== process.pid && processAlive(pid)) continue;
    try {
      fs.unlinkSync(path.join(dir, name));
    } catch {
      /* gone already */
    }
  }
}

function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
