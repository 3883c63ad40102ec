/**
 * The PocketBase data folder is private at start-up, against the real filesystem and the real
 * PocketBase: a new folder is 0700; an existing one that others can read is tightened (folder
 * 0700, databases 0600) with a log line; PocketBase itself then creates only private files
 * (umask 077); a folder owned by someone else is refused with the chmod to run.
 *
 * Runs as root in CI: the "someone else" case drops to the `nobody` user for a child process.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ensureDataDir,
  ensureServiceSuperuser,
  findFreePort,
  resolvePocketBaseBin,
  startPocketBase,
} from '../../src/lib/server/pocketbase-process.ts';
import { repoPocketBaseDirs } from '../support/pocketbase.ts';

const { projectRoot, migrationsDir, hooksDir } = repoPocketBaseDirs();
const child = path.resolve(import.meta.dirname, '../support/ensure-data-dir-child.ts');
const NOBODY = 65534;

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lived-learning-perms-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

/** Every file and folder under `dir` (including it) with its mode. */
async function modesUnder(dir: string): Promise<Record<string, number>> {
  const modes: Record<string, number> = { '.': await modeOf(dir) };
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    modes[path.relative(dir, full)] = await modeOf(full);
  }
  return modes;
}

function runChild(dir: string, options: SpawnSyncOptions = {}): { ok: boolean; logs?: string[]; message?: string } {
  const result = spawnSync(process.execPath, [child, dir], { encoding: 'utf8', ...options });
  const out = String(result.stdout ?? '').trim();
  if (!out) throw new Error(`The child printed nothing (status ${result.status}): ${String(result.stderr ?? '')}${result.error?.message ?? ''}`);
  return JSON.parse(out.split('\n').pop()!);
}

describe('ensureDataDir', () => {
  it('creates a new data folder 0700, even under a umask that would allow everyone (000)', async () => {
    const dir = path.join(await tempDir(), 'new', 'pb_data');
    const outcome = runChild(dir, {});
    // The same, with umask 000 for the child.
    const dir2 = path.join(await tempDir(), 'pb_data');
    const loose = spawnSync('/bin/sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, child, dir2], { encoding: 'utf8' });
    expect(outcome).toEqual({ ok: true, logs: [] });
    expect(JSON.parse(loose.stdout.trim())).toEqual({ ok: true, logs: [] });
    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(dir2)).toBe(0o700);
  });

  it('tightens an existing 0755 folder and its 0644 databases, says so, and PocketBase then writes only private files', async () => {
    const bin = await resolvePocketBaseBin({ projectRoot });
    const dataDir = path.join(await tempDir(), 'pb_data');
    // A folder as an older version (or a careless copy) left it: PocketBase's files readable by all.
    await ensureDataDir(dataDir, { log: () => {} });
    await ensureServiceSuperuser({ bin, dataDir });
    const port = await findFreePort();
    const first = await startPocketBase({ bin, dataDir, port, migrationsDir, hooksDir });
    await first.stop();
    await chmod(dataDir, 0o755);
    for (const name of ['data.db', 'auxiliary.db']) await chmod(path.join(dataDir, name), 0o644);
    await writeFile(path.join(dataDir, 'data.db-wal'), '', { mode: 0o644 });
    await chmod(path.join(dataDir, 'data.db-wal'), 0o644);
    await chmod(path.join(dataDir, 'service-account.json'), 0o644);
    const otherDatabases = (await readdir(dataDir)).filter((name) => name.endsWith('.db') && name !== 'data.db' && name !== 'auxiliary.db');
    for (const name of otherDatabases) await chmod(path.join(dataDir, name), 0o644);
    // A file PocketBase writes again on every start, left world-readable.
    await rm(path.join(dataDir, 'types.d.ts'), { force: true });

    const logs: string[] = [];
    await ensureDataDir(dataDir, { log: (line) => logs.push(line) });

    expect(await modeOf(dataDir)).toBe(0o700);
    for (const name of ['data.db', 'auxiliary.db', 'data.db-wal', 'service-account.json', ...otherDatabases]) {
      expect(await modeOf(path.join(dataDir, name)), name).toBe(0o600);
    }
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('Made the PocketBase data folder private');
    expect(logs[0]).toContain(`${dataDir} 0755 → 0700`);
    expect(logs[0]).toContain('data.db 0644 → 0600');
    expect(logs[0]).toContain('auxiliary.db 0644 → 0600');

    // PocketBase runs with umask 077: whatever it creates now (journals, types.d.ts, …) is private.
    await ensureServiceSuperuser({ bin, dataDir });
    const second = await startPocketBase({ bin, dataDir, port, migrationsDir, hooksDir });
    try {
      const modes = await modesUnder(dataDir);
      expect(Object.keys(modes)).toContain('types.d.ts');
      const open = Object.entries(modes).filter(([, mode]) => (mode & 0o077) !== 0);
      expect(open).toEqual([]);
    } finally {
      await second.stop();
    }
    // Nothing left to change on the next start.
    const again: string[] = [];
    await ensureDataDir(dataDir, { log: (line) => again.push(line) });
    expect(again).toEqual([]);
  });

  it('refuses a world-readable folder owned by someone else, naming the chmod to run, and changes nothing', async () => {
    const parent = await tempDir();
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, 'pb_data');
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'data.db'), 'not really a database');
    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      // Owned by root and writable by all; the child runs as `nobody`, who may write but not chmod.
      await chmod(dataDir, 0o777);
      await chmod(path.join(dataDir, 'data.db'), 0o644);
    }
    const before = await modesUnder(dataDir);
    // As root (CI), the check runs as `nobody`. Anyone else cannot give a folder away, so then
    // the same check runs against a root-owned 0755 folder (refused before any change).
    const outcome = isRoot
      ? runChild(dataDir, { uid: NOBODY, gid: NOBODY, cwd: '/' })
      : runChild('/usr/share', {});

    expect(outcome.ok).toBe(false);
    const shown = isRoot ? dataDir : '/usr/share';
    expect(outcome.message).toContain(`The PocketBase data folder ${shown} can be read by other users`);
    expect(outcome.message).toContain(`chmod 700 ${shown}`);
    if (isRoot) {
      expect(outcome.message).toContain(`chmod 600 ${dataDir}/data.db`);
      expect(outcome.message).toContain('owned by user id 0, not by nobody (user id 65534)');
      expect(await modesUnder(dataDir)).toEqual(before);
      expect(before).toEqual({ '.': 0o777, 'data.db': 0o644 });
    }
  });
});
