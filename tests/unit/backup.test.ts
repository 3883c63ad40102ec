/**
 * Backups (src/lib/backup/): the settings read from the environment, the command lines, the
 * secrets kept out of every backup, and the zip handling and restore steps on a real file
 * system (a small SQLite database made here stands in for PocketBase's; the restore drill
 * with a real PocketBase is tests/integration/backup-restore.test.ts).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkExtracted, includedInBackup, safeEntryName, zipDataFolder } from '../../src/lib/backup/archive.ts';
import { backupFileName, BackupError, saveSecrets } from '../../src/lib/backup/backup.ts';
import { isYes, parseBackupArgs, parseRestoreArgs, UsageError } from '../../src/lib/backup/cli.ts';
import { backupSettingsPatch, DEFAULT_BACKUP_CRON, isValidCron, readBackupConfig } from '../../src/lib/backup/config.ts';
import { confirmationText, restoreBackup, type RestoreOptions } from '../../src/lib/backup/restore.ts';
import { parseSecretsFile, SECRET_FILES } from '../../src/lib/backup/secrets.ts';
import { isPrivateDataFile } from '../../src/lib/server/data-dir-permissions.ts';

const root = path.resolve(import.meta.dirname, '../..');
const S3 = {
  BACKUP_S3_BUCKET: 'll-backups',
  BACKUP_S3_REGION: 'eu-west-2',
  BACKUP_S3_ENDPOINT: 'https://s3.eu-west-2.amazonaws.com',
  BACKUP_S3_ACCESS_KEY: 'AKIAEXAMPLE',
  BACKUP_S3_SECRET: 'very-secret-value-1234',
};

describe('backup settings from the environment', () => {
  it('defaults to a daily backup at a quiet hour (UTC), seven kept, on this machine', () => {
    const config = readBackupConfig({});
    expect(config).toEqual({ kind: 'ok', settings: { cron: DEFAULT_BACKUP_CRON, keep: 7, s3: undefined } });
    expect(DEFAULT_BACKUP_CRON).toBe('30 2 * * *');
  });

  it('.env.example, copied as it is to .env, gives the defaults', async () => {
    const env = parseEnv(await readFile(path.join(root, '.env.example'), 'utf8'));
    expect(env.BACKUP_CRON).toBe(DEFAULT_BACKUP_CRON);
    expect(readBackupConfig(env)).toEqual({ kind: 'ok', settings: { cron: DEFAULT_BACKUP_CRON, keep: 7, s3: undefined } });
  });

  it('turns scheduled backups off with BACKUP_CRON=off', () => {
    expect(readBackupConfig({ BACKUP_CRON: 'off', BACKUP_KEEP: '3' })).toEqual({ kind: 'ok', settings: { cron: '', keep: 3, s3: undefined } });
  });

  it('names the variable and the fix for a wrong schedule or count', () => {
    const config = readBackupConfig({ BACKUP_CRON: 'every night', BACKUP_KEEP: '0' });
    expect(config.kind).toBe('invalid');
    const problems = config.kind === 'invalid' ? config.problems : [];
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^BACKUP_CRON must be .*"30 2 \* \* \*".*you gave "every night"/);
    expect(problems[1]).toMatch(/^BACKUP_KEEP must be a whole number .*you gave "0"/);
  });

  it('accepts the cron forms PocketBase accepts and refuses the rest', () => {
    for (const ok of ['30 2 * * *', '*/15 * * * *', '0 1,13 * * 1-5', '@daily', '0 0 1 * *']) expect(isValidCron(ok), ok).toBe(true);
    for (const bad of ['', '30 2 * *', '60 2 * * *', '0 24 * * *', '0 0 0 * *', '5-1 * * * *', '*/0 * * * *', '@sometimes', 'a b c d e']) expect(isValidCron(bad), bad).toBe(false);
  });

  it('uses S3 only when every BACKUP_S3_* is set, and never repeats the secret in a problem', () => {
    const ok = readBackupConfig({ ...S3, BACKUP_S3_FORCE_PATH_STYLE: 'true' });
    expect(ok).toMatchObject({ kind: 'ok', settings: { s3: { bucket: 'll-backups', region: 'eu-west-2', secret: S3.BACKUP_S3_SECRET, forcePathStyle: true } } });

    const partial = readBackupConfig({ BACKUP_S3_SECRET: S3.BACKUP_S3_SECRET, BACKUP_S3_BUCKET: 'b', BACKUP_S3_ENDPOINT: 'not a url' });
    expect(partial.kind).toBe('invalid');
    const text = partial.kind === 'invalid' ? partial.problems.join('\n') : '';
    expect(text).toContain('BACKUP_S3_REGION, BACKUP_S3_ACCESS_KEY must be set too');
    expect(text).toContain('BACKUP_S3_ENDPOINT must be the address');
    expect(text).not.toContain(S3.BACKUP_S3_SECRET);
  });

  it('makes the PocketBase settings, emptying every S3 field when S3 is not used', () => {
    expect(backupSettingsPatch({ cron: '30 2 * * *', keep: 7, s3: undefined })).toEqual({
      backups: { cron: '30 2 * * *', cronMaxKeep: 7, s3: { enabled: false, bucket: '', region: '', endpoint: '', accessKey: '', secret: '', forcePathStyle: false } },
    });
    const withS3 = readBackupConfig(S3);
    if (withS3.kind !== 'ok') throw new Error('expected ok');
    expect(backupSettingsPatch(withS3.settings).backups.s3).toEqual({
      enabled: true,
      bucket: 'll-backups',
      region: 'eu-west-2',
      endpoint: 'https://s3.eu-west-2.amazonaws.com',
      accessKey: 'AKIAEXAMPLE',
      secret: S3.BACKUP_S3_SECRET,
      forcePathStyle: false,
    });
  });
});

describe('the secrets kept out of backups', () => {
  it('the PocketBase hook leaves out exactly the secrets the site keeps in the data folder', async () => {
    const hook = await readFile(path.join(root, 'pocketbase/pb_hooks/backups.pb.js'), 'utf8');
    const lists = [...hook.matchAll(/const secrets = (\[[^\]]*\]);/g)].map((m) => JSON.parse(m[1]!.replaceAll("'", '"')) as string[]);
    expect(lists).toHaveLength(2); // onBackupCreate and onBackupRestore
    for (const list of lists) expect([...list].sort()).toEqual([...SECRET_FILES].sort());
    for (const name of SECRET_FILES) expect(isPrivateDataFile(name), name).toBe(true);
  });

  it('no backup made here includes them, nor -wal/-shm files or temporary files', () => {
    for (const name of SECRET_FILES) expect(includedInBackup(name)).toBe(false);
    for (const name of ['backups', '.pb_temp_to_delete', 'data.db-wal', 'data.db-shm', '.write-test-1-ab', 'x.tmp']) expect(includedInBackup(name), name).toBe(false);
    for (const name of ['data.db', 'auxiliary.db', 'storage', 'types.d.ts']) expect(includedInBackup(name), name).toBe(true);
  });

  it('refuses a secrets file that is not one, without repeating its content', () => {
    expect(() => parseSecretsFile('not json', 'x.json')).toThrow(/x.json is not a Lived Learning secrets file \(it is not JSON\)/);
    expect(() => parseSecretsFile('{"format":"other"}', 'x.json')).toThrow(/is not a Lived Learning secrets file/);
    const foreign = JSON.stringify({ format: 'lived-learning-secrets', version: 1, files: { 'data.db': 'zSECRETSECRET' } });
    expect(() => parseSecretsFile(foreign, 'x.json')).toThrow(/something other than the signing key/);
    const badKey = JSON.stringify({ format: 'lived-learning-secrets', version: 1, files: { 'credential-signing-key.json': '{"secretKeyMultibase":"NOTAKEY-SECRET"}' } });
    expect(() => parseSecretsFile(badKey, 'x.json')).toThrow(/x.json is damaged: its signing key is not a key file/);
    expect(() => parseSecretsFile(badKey, 'x.json')).not.toThrow(/NOTAKEY-SECRET/);
    const badUnsubscribe = JSON.stringify({ format: 'lived-learning-secrets', version: 1, files: { 'unsubscribe-secret': 'short' } });
    expect(() => parseSecretsFile(badUnsubscribe, 'x.json')).toThrow(/unsubscribe secret is not 64 hexadecimal characters/);
    try {
      parseSecretsFile(foreign, 'x.json');
    } catch (error) {
      expect((error as Error).message).not.toContain('zSECRETSECRET');
    }
  });
});

describe('command lines', () => {
  it('backup: nothing, --out DIR or --secrets FILE; never both', () => {
    expect(parseBackupArgs([])).toEqual({ kind: 'backup', outDir: undefined });
    expect(parseBackupArgs(['--out', '/media/usb'])).toEqual({ kind: 'backup', outDir: '/media/usb' });
    expect(parseBackupArgs(['--secrets', 's.json'])).toEqual({ kind: 'secrets', file: 's.json' });
    expect(() => parseBackupArgs(['--out', 'a', '--secrets', 'b'])).toThrow(UsageError);
    expect(() => parseBackupArgs(['name.zip'])).toThrow(/takes no file name/);
    expect(() => parseBackupArgs(['--bogus'])).toThrow(/Unknown option '--bogus'/);
  });

  it('restore: exactly one backup file, with optional secrets, folder and --yes', () => {
    expect(parseRestoreArgs(['b.zip', '--secrets', 's.json', '--yes'])).toEqual({ kind: 'restore', file: 'b.zip', secretsFile: 's.json', dataDir: undefined, yes: true });
    expect(() => parseRestoreArgs([])).toThrow(/Say which backup to restore/);
    expect(() => parseRestoreArgs(['a.zip', 'b.zip'])).toThrow(/one backup at a time/);
    expect(isYes(' yes ')).toBe(true);
    expect(isYes('Y')).toBe(true);
    expect(isYes('no')).toBe(false);
    expect(isYes('')).toBe(false);
  });

  it('names backups by the UTC time in a form PocketBase accepts', () => {
    expect(backupFileName(new Date('2026-12-07T02:30:05.123Z'))).toBe('lived-learning_20261207-023005.zip');
    expect(backupFileName(new Date())).toMatch(/^[a-z0-9_-]+\.zip$/);
  });
});

/** A small database shaped like PocketBase's: a `_collections` table and the named tables. */
function makeDatabase(file: string, tables: Record<string, number>): void {
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('CREATE TABLE _collections (id TEXT PRIMARY KEY, name TEXT, type TEXT)');
  for (const [name, rows] of Object.entries(tables)) {
    db.prepare('INSERT INTO _collections VALUES (?, ?, ?)').run(name, name, 'base');
    db.exec(`CREATE TABLE "${name}" (id TEXT PRIMARY KEY, text TEXT)`);
    for (let i = 0; i < rows; i++) db.prepare(`INSERT INTO "${name}" VALUES (?, ?)`).run(`${name}${i}`, `row ${i}`);
  }
  db.close();
}

describe('backup files and restoring (on disk)', () => {
  let tmp: string;
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'll-backup-unit-'));
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  async function dataFolder(name = 'pb_data'): Promise<string> {
    const dir = path.join(tmp, name);
    await mkdir(path.join(dir, 'storage', 'col1', 'rec1'), { recursive: true });
    makeDatabase(path.join(dir, 'data.db'), { users: 3, reflections: 2, certificates: 1 });
    makeDatabase(path.join(dir, 'auxiliary.db'), {});
    await writeFile(path.join(dir, 'storage', 'col1', 'rec1', 'evidence.pdf'), 'PDF bytes');
    await writeFile(path.join(dir, 'credential-signing-key.json'), '{"secretKeyMultibase":"zKEY"}', { mode: 0o600 });
    await writeFile(path.join(dir, 'unsubscribe-secret'), 'ab'.repeat(32), { mode: 0o600 });
    await writeFile(path.join(dir, 'service-account.json'), '{"email":"s@x.org","password":"p"}', { mode: 0o600 });
    await mkdir(path.join(dir, 'backups'));
    await writeFile(path.join(dir, 'backups', 'old.zip'), 'an older backup');
    return dir;
  }

  const options = (over: Partial<RestoreOptions>): RestoreOptions => ({
    file: '',
    dataDir: path.join(tmp, 'restored'),
    keyFromEnvironment: false,
    pocketBaseRunning: async () => false,
    confirm: async () => true,
    now: new Date('2026-12-07T12:00:00Z'),
    ...over,
  });

  it('a stopped-site backup holds the databases and uploads, and no secrets; it restores with the same rows', async () => {
    const dir = await dataFolder();
    const zip = path.join(tmp, 'out', 'b.zip');
    await mkdir(path.dirname(zip));
    const made = await zipDataFolder(dir, zip);
    expect(made.entries.sort()).toEqual(['auxiliary.db', 'data.db', 'storage/col1/rec1/evidence.pdf']);
    expect((await stat(zip)).mode & 0o777).toBe(0o600);

    const result = await restoreBackup(options({ file: zip }));
    expect(result.restored).toBe(true);
    const restored = path.join(tmp, 'restored');
    expect((await readdir(restored)).sort()).toEqual(['auxiliary.db', 'data.db', 'storage']);
    expect(await checkExtracted(restored, 'x')).toEqual({ collections: 3, counts: { certificates: 1, reflections: 2, users: 3 }, files: 1 });
    expect((await stat(restored)).mode & 0o777).toBe(0o700);
    if (result.restored) expect(result.plan.keySource).toBe('none');
  });

  it('refuses while PocketBase is running, and changes nothing', async () => {
    const dir = await dataFolder();
    const zip = path.join(tmp, 'b.zip');
    await zipDataFolder(dir, zip);
    const before = (await readdir(tmp)).sort();
    await expect(restoreBackup(options({ file: zip, dataDir: dir, pocketBaseRunning: async () => true }))).rejects.toThrow(/PocketBase is running\. Stop the site first.*Nothing was changed\./);
    expect((await readdir(tmp)).sort()).toEqual(before);
  });

  it('a missing, foreign, damaged or unsafe file gets one plain sentence, and nothing is changed', async () => {
    const dir = await dataFolder();
    const before = (await readdir(tmp)).sort();
    const cases: Array<[string, Uint8Array | string, RegExp]> = [
      ['notes.zip', 'just some text', /is not a backup: it is not a zip file.*Nothing was changed\.$/],
      ['empty.zip', '', /is not a backup: it is not a zip file/],
      ['other.zip', zipSync({ 'readme.txt': new TextEncoder().encode('hi') }), /is not a Lived Learning backup: it has no data\.db\..*Nothing was changed\.$/],
      ['broken-db.zip', zipSync({ 'data.db': new TextEncoder().encode('SQLite format 3\0' + 'x'.repeat(5000)) }), /its database is damaged|is not a database/],
      ['evil.zip', zipSync({ '../escape.txt': new TextEncoder().encode('x') }), /unsafe name \("\.\.\/escape\.txt"\).*Nothing was changed\.$/],
      ['secret.zip', zipSync({ 'credential-signing-key.json': new TextEncoder().encode('{}') }), /unsafe name/],
    ];
    for (const [name, content, message] of cases) {
      const file = path.join(tmp, name);
      await writeFile(file, content);
      const error = await restoreBackup(options({ file, dataDir: dir })).catch((e: unknown) => e);
      expect(error, name).toBeInstanceOf(BackupError);
      expect((error as Error).message, name).toMatch(message);
      expect((error as Error).message, name).not.toMatch(/\n\s+at /); // never a stack trace
      await rm(file);
    }
    const truncated = path.join(tmp, 'truncated.zip');
    await zipDataFolder(dir, truncated);
    const bytes = await readFile(truncated);
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 3)));
    await expect(restoreBackup(options({ file: truncated, dataDir: dir }))).rejects.toThrow(/cannot be used|damaged|no data\.db/);
    await rm(truncated);
    await expect(restoreBackup(options({ file: path.join(tmp, 'nope.zip'), dataDir: dir }))).rejects.toThrow(/Cannot read the backup .*nope\.zip: there is no such file\..*Nothing was changed\./);
    expect((await readdir(tmp)).sort()).toEqual(before);
    expect(await readFile(path.join(dir, 'credential-signing-key.json'), 'utf8')).toContain('zKEY');
  });

  it('never moves aside a folder that is not a PocketBase data folder', async () => {
    const dir = await dataFolder();
    const zip = path.join(tmp, 'b.zip');
    await zipDataFolder(dir, zip);
    const home = path.join(tmp, 'someone-home');
    await mkdir(home);
    await writeFile(path.join(home, 'notes.txt'), 'mine');
    await expect(restoreBackup(options({ file: zip, dataDir: home }))).rejects.toThrow(/is not empty and is not a PocketBase data folder \(it has no data\.db\)\..*Nothing was changed\./);
    expect(await readdir(home)).toEqual(['notes.txt']);
    expect((await readdir(tmp)).filter((n) => n.includes('restor'))).toEqual([]);
  });

  it('a declined confirmation changes nothing', async () => {
    const dir = await dataFolder();
    const zip = path.join(tmp, 'b.zip');
    await zipDataFolder(dir, zip);
    const before = (await readdir(tmp)).sort();
    let shown = '';
    const result = await restoreBackup(options({ file: zip, dataDir: dir, confirm: async (plan) => ((shown = confirmationText(plan)), false) }));
    expect(result).toEqual({ restored: false });
    expect(shown).toContain('It holds 3 accounts, 2 reflections, 1 certificate and 1 uploaded file.');
    expect(shown).toContain(`is moved to ${dir}.before-restore-2026-12-07T12-00-00Z`);
    expect((await readdir(tmp)).sort()).toEqual(before);
  });

  it('into a folder in use: moves it aside, keeps its secrets and local backups', async () => {
    const dir = await dataFolder();
    const zip = path.join(tmp, 'b.zip');
    await zipDataFolder(dir, zip);
    // Something changes after the backup; the restore brings back the backed-up rows.
    const db = new DatabaseSync(path.join(dir, 'data.db'));
    db.exec("INSERT INTO users VALUES ('late', 'after the backup')");
    db.close();

    const result = await restoreBackup(options({ file: zip, dataDir: dir }));
    if (!result.restored) throw new Error('expected a restore');
    expect(result.plan.keySource).toBe('kept');
    expect(await checkExtracted(dir, 'x')).toMatchObject({ counts: { users: 3 } });
    expect(await readFile(path.join(dir, 'credential-signing-key.json'), 'utf8')).toContain('zKEY');
    expect((await stat(path.join(dir, 'credential-signing-key.json'))).mode & 0o777).toBe(0o600);
    expect(await readFile(path.join(dir, 'backups', 'old.zip'), 'utf8')).toBe('an older backup');
    const aside = `${dir}.before-restore-2026-12-07T12-00-00Z`;
    expect(await checkExtracted(aside, 'x')).toMatchObject({ counts: { users: 4 } });
  });

  it('the secrets file saved apart puts the signing key back into a fresh folder', async () => {
    const dir = await dataFolder();
    const zip = path.join(tmp, 'b.zip');
    await zipDataFolder(dir, zip);
    const secrets = path.join(tmp, 'keep', 'secrets.json');
    const saved = await saveSecrets({ dataDir: dir, file: secrets, now: new Date() });
    expect(saved).toEqual({ saved: ['credential-signing-key.json', 'unsubscribe-secret'], missing: [] });
    expect((await stat(secrets)).mode & 0o777).toBe(0o600);
    expect(await readFile(secrets, 'utf8')).not.toContain('"password"'); // the service account is not in it

    let shown = '';
    const fresh = path.join(tmp, 'fresh');
    await mkdir(fresh); // an empty folder counts as fresh
    const result = await restoreBackup(options({ file: zip, dataDir: fresh, secretsFile: secrets, confirm: async (plan) => ((shown = confirmationText(plan)), true) }));
    expect(result.restored).toBe(true);
    expect(shown).toContain('That folder is new or empty.');
    expect(shown).toContain('come from the secrets file you gave');
    expect(await readFile(path.join(fresh, 'credential-signing-key.json'), 'utf8')).toBe('{"secretKeyMultibase":"zKEY"}');
    expect((await stat(path.join(fresh, 'unsubscribe-secret'))).mode & 0o777).toBe(0o600);
    await expect(stat(path.join(fresh, 'service-account.json'))).rejects.toThrow();
  });

  it('warns before going on when no signing key would be there', async () => {
    const dir = await dataFolder();
    const zip = path.join(tmp, 'b.zip');
    await zipDataFolder(dir, zip);
    let shown = '';
    await restoreBackup(options({ file: zip, confirm: async (plan) => ((shown = confirmationText(plan)), false) }));
    expect(shown).toMatch(/WARNING: no certificate signing key\. Backups never hold it\. .*--secrets FILE/);
    shown = '';
    await restoreBackup(options({ file: zip, keyFromEnvironment: true, confirm: async (plan) => ((shown = confirmationText(plan)), false) }));
    expect(shown).toContain('comes from CREDENTIAL_SIGNING_KEY');
  });

  it('entry names: only plain relative paths', () => {
    for (const ok of ['data.db', 'storage/a/b.pdf', 'storage/']) expect(safeEntryName(ok), ok).toBe(true);
    for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a\\b', 'C:/x', 'a//b', './a', 'service-account.json']) expect(safeEntryName(bad), bad).toBe(false);
  });
});
