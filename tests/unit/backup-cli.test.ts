/**
 * `npm run backup` and `npm run restore` as an operator runs them (Node 24 running the
 * scripts directly, no PocketBase answering): exit codes, one plain sentence on failure and
 * never a stack trace, and the question that a non-terminal cannot answer.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipDataFolder } from '../../src/lib/backup/archive.ts';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;
let dataDir: string;

/** Runs a script with only the settings given (PocketBase's port is closed: the site is "stopped"). */
function run(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(root, 'scripts', script), ...args],
      { cwd: root, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', PB_DATA_DIR: dataDir, PB_PORT: '1', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
    child.stdin?.end(); // not a terminal: nobody can answer a question
  });
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at /);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'll-backup-cli-'));
  dataDir = path.join(dir, 'pb_data');
  await mkdir(dataDir, { mode: 0o700 });
  const db = new DatabaseSync(path.join(dataDir, 'data.db'));
  db.exec("CREATE TABLE _collections (id TEXT, name TEXT, type TEXT); INSERT INTO _collections VALUES ('u', 'users', 'auth'); CREATE TABLE users (id TEXT); INSERT INTO users VALUES ('a'), ('b');");
  db.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each run starts Node and loads the scripts: slow on a busy 2-core machine.
describe('npm run backup', { timeout: 60_000 }, () => {
  it('with the site stopped, makes the backup from the data folder into its backups/', async () => {
    const result = await run('backup.ts', []);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`PocketBase is not answering at http://127.0.0.1:1, so the backup is made from the data folder ${dataDir}.`);
    expect(result.stdout).toMatch(/Backup saved to .*backups\/lived-learning_\d{8}-\d{6}\.zip/);
    expect(await readdir(path.join(dataDir, 'backups'))).toHaveLength(1);
  });

  it('says plainly when there are no secrets to save, and on a wrong command line shows the usage', async () => {
    const none = await run('backup.ts', ['--secrets', path.join(dir, 's.json')]);
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toMatch(/^.* holds no signing key or unsubscribe secret yet .* Nothing was saved\.$/);
    noStack(none.stderr);
    const wrong = await run('backup.ts', ['--bogus']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Usage: npm run backup');
  });

  it('a wrong setting is one line naming the variable', async () => {
    const result = await run('backup.ts', [], { PB_PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('PB_PORT must be a port number 1–65535, e.g. 8090 (it is "abc")');
  });
});

describe('npm run restore', { timeout: 60_000 }, () => {
  let zip: string;
  beforeAll(async () => {
    zip = path.join(dir, 'backup.zip');
    await zipDataFolder(dataDir, zip);
  });

  it('a missing or non-zip file: exit 1, one sentence, nothing changed', async () => {
    const missing = await run('restore.ts', [path.join(dir, 'nope.zip')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`Cannot read the backup ${path.join(dir, 'nope.zip')}: there is no such file. Check the name and try again. Nothing was changed.`);
    const text = path.join(dir, 'notes.zip');
    await writeFile(text, 'hello');
    const notZip = await run('restore.ts', [text]);
    expect(notZip.code).toBe(1);
    expect(notZip.stderr.trim()).toMatch(/is not a backup: it is not a zip file .*Nothing was changed\.$/);
    noStack(missing.stderr + notZip.stderr);
  });

  it('asks before changing anything; a non-terminal without --yes changes nothing', async () => {
    const before = await readdir(dir);
    const result = await run('restore.ts', [zip]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`Restore ${zip}\n  It holds 2 accounts, 0 reflections, 0 certificates and 0 uploaded files.\n  Into: ${dataDir}`);
    expect(result.stdout).toContain('WARNING: no certificate signing key.');
    expect(result.stderr).toContain('add --yes to restore without being asked');
    expect(result.stdout.trim().endsWith('Nothing was changed.')).toBe(true);
    expect(await readdir(dir)).toEqual(before);
  });

  it('restores with --yes into a new folder, and says what to do next', async () => {
    const target = path.join(dir, 'new', 'pb_data');
    const result = await run('restore.ts', [zip, '--data-dir', target, '--yes']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Restored into ${target}.`);
    expect(result.stdout).toContain('Next: start the site');
    expect((await readdir(target)).sort()).toEqual(['data.db']);
  });

  it('no file: the usage, exit 2', async () => {
    const result = await run('restore.ts', []);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Say which backup to restore');
    expect(result.stderr).toContain('Usage: npm run restore -- BACKUP.zip');
  });
});
