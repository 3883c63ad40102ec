/**
 * The PocketBase runtime against the real binary: start-up, migrations (up and down), the
 * service superuser, the `users` API rules, and the plain messages for common mistakes.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmod, chown, copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import PocketBase, { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureDataDir,
  ensureServiceSuperuser,
  findFreePort,
  resolvePocketBaseBin,
  runPocketBase,
  SERVICE_ACCOUNT_FILE,
  startPocketBase,
} from '../../src/lib/server/pocketbase-process.ts';
import { repoPocketBaseDirs, startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const { projectRoot, migrationsDir, hooksDir } = repoPocketBaseDirs();
const PASSWORD = 'correct-horse-battery';
const NOBODY = 65534;
const ensureDataDirChild = path.resolve(import.meta.dirname, '../support/ensure-data-dir-child.ts');

/** Runs `ensureDataDir(dir)` in a child process (possibly as another user); its outcome. */
function runEnsureDataDirChild(dir: string, options: SpawnSyncOptions): { ok: boolean; logs?: string[]; message?: string } {
  const result = spawnSync(process.execPath, [ensureDataDirChild, dir], { encoding: 'utf8', ...options });
  const out = String(result.stdout ?? '').trim();
  if (!out) throw new Error(`The child printed nothing (status ${result.status}): ${String(result.stderr ?? '')}${result.error?.message ?? ''}`);
  return JSON.parse(out.split('\n').pop()!);
}

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lived-learning-test-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function statusOf(request: Promise<unknown>): Promise<number> {
  try {
    await request;
    return 200;
  } catch (error) {
    if (error instanceof ClientResponseError) return error.status;
    throw error;
  }
}

describe('a PocketBase started for tests', () => {
  let pb: TestPocketBase;
  let service: PocketBase;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = new PocketBase(pb.url);
    await service.collection('_superusers').authWithPassword(pb.service.email, pb.service.password);
  });
  afterAll(async () => {
    await pb?.stop();
  });

  /** Signs up through the public API, as the Astro signup will, and signs in. */
  async function signUp(name: string): Promise<{ client: PocketBase; id: string }> {
    const client = new PocketBase(pb.url);
    const email = `${name}@example.org`;
    const record = await client
      .collection('users')
      .create({ email, password: PASSWORD, passwordConfirm: PASSWORD, display_name: name });
    await client.collection('users').authWithPassword(email, PASSWORD);
    return { client, id: record.id };
  }

  it('answers its health check', async () => {
    const response = await fetch(`${pb.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ code: 200 });
  });

  it('has the migrations applied: users has role and display_name', async () => {
    const users = await service.collections.getOne('users');
    const role = users.fields.find((field) => field.name === 'role');
    const displayName = users.fields.find((field) => field.name === 'display_name');
    expect(role).toMatchObject({
      type: 'select',
      maxSelect: 7,
      values: ['trainee', 'trainer', 'assessor', 'verifier', 'admin', 'iqa', 'author'],
    });
    expect(displayName).toMatchObject({ type: 'text', required: true, max: 80 });
  });

  it('lets the service superuser sign in with the generated credentials', async () => {
    const client = new PocketBase(pb.url);
    await client.collection('_superusers').authWithPassword(pb.service.email, pb.service.password);
    expect(client.authStore.isSuperuser).toBe(true);
    expect(pb.service.email).toBe('service@lived-learning.local');
    expect(pb.service.password.length).toBeGreaterThanOrEqual(43);
  });

  it('keeps the service credentials in a file only its owner can read', async () => {
    const file = path.join(pb.dataDir, SERVICE_ACCOUNT_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(pb.service);
  });

  it('lets a person change their own display name', async () => {
    const { client, id } = await signUp('dana');
    const updated = await client.collection('users').update(id, { display_name: 'Dana K' });
    expect(updated['display_name']).toBe('Dana K');
  });

  it('does not let a person give themselves a role, in any form', async () => {
    const { client, id } = await signUp('robin');
    for (const body of [{ role: ['admin'] }, { 'role+': 'admin' }, { '+role': 'assessor' }, { role: [] }]) {
      expect(await statusOf(client.collection('users').update(id, body)), JSON.stringify(body)).toBe(404);
    }
    // …not even alongside an allowed change.
    expect(await statusOf(client.collection('users').update(id, { display_name: 'R', role: ['trainer'] }))).toBe(404);
    expect((await service.collection('users').getOne(id))['role']).toEqual([]);
  });

  it('does not let anyone sign up with a role', async () => {
    const anonymous = new PocketBase(pb.url);
    const signUpAsAdmin = anonymous
      .collection('users')
      .create({ email: 'eve@example.org', password: PASSWORD, passwordConfirm: PASSWORD, display_name: 'Eve', role: ['admin'] });
    expect(await statusOf(signUpAsAdmin)).toBe(400);
  });

  it('lets the service account grant roles', async () => {
    const { client, id } = await signUp('sam');
    await service.collection('users').update(id, { role: ['trainer', 'assessor'] });
    expect((await client.collection('users').getOne(id))['role']).toEqual(['trainer', 'assessor']);
  });

  it('shows nobody else’s account, to people or to anonymous visitors', async () => {
    const alex = await signUp('alex');
    const kim = await signUp('kim');

    expect(await statusOf(alex.client.collection('users').getOne(kim.id))).toBe(404);
    const seenByAlex = await alex.client.collection('users').getFullList();
    expect(seenByAlex.map((user) => user.id)).toEqual([alex.id]);

    const anonymous = new PocketBase(pb.url);
    const list = await anonymous.collection('users').getList(1, 50);
    expect(list.totalItems).toBe(0);
    expect(await statusOf(anonymous.collection('users').getOne(kim.id))).toBe(404);
  });

  it('does not let a person delete their account through the API', async () => {
    const { client, id } = await signUp('jo');
    expect(await statusOf(client.collection('users').delete(id))).toBe(403);
  });
});

/**
 * What a migration can change: every collection's definition (fields, indexes, options,
 * rules) and every table's columns and indexes in SQLite. Timestamps, and the random ids
 * PocketBase gives a view's fields, are left out.
 */
function databaseSchema(dataDir: string): unknown {
  const db = new DatabaseSync(path.join(dataDir, 'data.db'), { readOnly: true });
  try {
    const collections = db
      .prepare(
        'SELECT id, name, type, system, fields, indexes, options, listRule, viewRule, createRule, updateRule, deleteRule FROM _collections ORDER BY name',
      )
      .all()
      .map((row) => {
        const collection = row as Record<string, string | null>;
        return {
          ...collection,
          // A view's fields are made from its query on every save, with new random `_clone_` ids.
          fields: (JSON.parse(collection['fields'] ?? '[]') as Array<Record<string, unknown>>).map((f) =>
            typeof f['id'] === 'string' && f['id'].startsWith('_clone_') ? { ...f, id: '_clone_' } : f,
          ),
          indexes: JSON.parse(collection['indexes'] ?? '[]') as unknown,
          options: JSON.parse(collection['options'] ?? '{}') as unknown,
        };
      });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map(
      ({ name }) => ({
        name,
        columns: db.prepare('SELECT name, type, "notnull", dflt_value FROM pragma_table_info(?) ORDER BY name').all(name),
      }),
    );
    const indexes = db.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
    // The batch settings migrations turn on and size (one transaction for several writes).
    const settings = db.prepare("SELECT value FROM _params WHERE id = 'settings'").get() as { value: string | Uint8Array } | undefined;
    const text = settings === undefined ? undefined : typeof settings.value === 'string' ? settings.value : Buffer.from(settings.value).toString('utf8');
    const batch = text ? (JSON.parse(text) as { batch?: unknown }).batch : undefined;
    return { collections, tables, indexes, batch };
  } finally {
    db.close();
  }
}

describe('migrations', () => {
  // Two PocketBase runs per migration file (105 runs for 52 files): about 14 s alone, but 100 s
  // to over 120 s in CI beside the browser tests (2026-12-08). The limit is a guard against a
  // hang, not a speed check.
  it('each `down` exactly reverses its `up`, and `up` works again afterwards', { timeout: 300_000 }, async () => {
    const bin = await resolvePocketBaseBin({ projectRoot });
    const root = await tempDir();
    const dataDir = path.join(root, 'pb_data');
    await ensureDataDir(dataDir);
    await ensureServiceSuperuser({ bin, dataDir }); // creates the database (system migrations only)

    const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.js')).sort();
    expect(files.length).toBeGreaterThan(0);

    // Apply the migrations one at a time, recording the schema after each.
    const schemaAfter: unknown[] = [databaseSchema(dataDir)];
    const partialDir = path.join(root, 'partial_migrations');
    await mkdir(partialDir);
    for (const file of files) {
      await copyFile(path.join(migrationsDir, file), path.join(partialDir, file));
      const up = await runPocketBase(bin, ['migrate', 'up', `--dir=${dataDir}`, `--migrationsDir=${partialDir}`]);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toContain(`Applied ${file}`);
      schemaAfter.push(databaseSchema(dataDir));
      expect(schemaAfter.at(-1), `${file} changes the schema`).not.toEqual(schemaAfter.at(-2));
    }

    // Revert them one at a time: each step must land exactly on the schema before that migration.
    for (let applied = files.length; applied > 0; applied--) {
      const down = await runPocketBase(bin, ['migrate', 'down', '1', `--dir=${dataDir}`, `--migrationsDir=${migrationsDir}`], 'y\n');
      expect(down.code, down.stderr).toBe(0);
      expect(down.stdout).toContain(`Reverted ${files[applied - 1]}`);
      expect(databaseSchema(dataDir), `after reverting ${files[applied - 1]}`).toEqual(schemaAfter[applied - 1]);
    }

    const upAgain = await runPocketBase(bin, ['migrate', 'up', `--dir=${dataDir}`, `--migrationsDir=${migrationsDir}`]);
    expect(upAgain.code, upAgain.stderr).toBe(0);
    expect(databaseSchema(dataDir)).toEqual(schemaAfter[files.length]);
  });
});

describe('plain messages for common mistakes', () => {
  it('says which port is busy and how to choose another', async () => {
    const bin = await resolvePocketBaseBin({ projectRoot });
    const dataDir = path.join(await tempDir(), 'pb_data');
    await ensureDataDir(dataDir);
    const port = await findFreePort();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startPocketBase({ bin, dataDir, port, migrationsDir, hooksDir })).rejects.toThrow(
        `Port ${port} is already in use. Stop the other program or set PB_PORT to a free port, e.g. PB_PORT=${port + 1}.`,
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('says when POCKETBASE_BIN points to nothing', async () => {
    await expect(resolvePocketBaseBin({ projectRoot, pocketBaseBin: '/nowhere/pocketbase' })).rejects.toThrow(
      'POCKETBASE_BIN points to /nowhere/pocketbase, but there is no file there. Set POCKETBASE_BIN to the full path of your PocketBase 0.40.x program.',
    );
  });

  it('says when POCKETBASE_BIN is not executable', async () => {
    const file = path.join(await tempDir(), 'pocketbase');
    await writeFile(file, '', { mode: 0o644 });
    await expect(resolvePocketBaseBin({ projectRoot, pocketBaseBin: file })).rejects.toThrow(
      `POCKETBASE_BIN points to ${file}, but that file is not executable. Run: chmod +x ${file}`,
    );
  });

  it('tells people on other platforms to download PocketBase and set POCKETBASE_BIN', async () => {
    await expect(resolvePocketBaseBin({ projectRoot, platform: 'darwin', arch: 'arm64' })).rejects.toThrow(
      'This machine is darwin-arm64, and the bundled PocketBase only runs on linux-x64: download PocketBase 0.40.x for your platform from https://github.com/pocketbase/pocketbase/releases and set POCKETBASE_BIN to the path of the program.',
    );
  });

  it('says when the data folder cannot be created', async () => {
    const notAFolder = path.join(await tempDir(), 'a-file');
    await writeFile(notAFolder, '');
    const dataDir = path.join(notAFolder, 'pb_data');
    await expect(ensureDataDir(dataDir)).rejects.toThrow(
      `Cannot create the PocketBase data folder ${dataDir} (part of the path is a file, not a folder). Give this user write access to it, or set PB_DATA_DIR to a folder you can write to.`,
    );
  });

  // Root can write anywhere: as root (CI) the check runs in a child process as `nobody`, who
  // owns the read-only folder, so the same message is seen whatever user runs the tests.
  it('says when the data folder is not writable', async () => {
    const parent = await tempDir();
    const dataDir = path.join(parent, 'pb_data');
    await mkdir(dataDir, { mode: 0o500 });
    const isRoot = process.getuid?.() === 0;
    if (isRoot) {
      await chmod(parent, 0o755);
      await chown(dataDir, NOBODY, NOBODY);
    }
    const outcome = runEnsureDataDirChild(dataDir, isRoot ? { uid: NOBODY, gid: NOBODY, cwd: '/' } : {});
    expect(outcome).toEqual({
      ok: false,
      message: `Cannot write to the PocketBase data folder ${dataDir} (permission denied). Give this user write access to it, or set PB_DATA_DIR to a folder you can write to.`,
    });
    // Nothing was left behind, nor the folder opened up.
    expect(await readdir(dataDir)).toEqual([]);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o500);
  });

  it('shows what PocketBase said when it stops during start-up', async () => {
    const bin = await resolvePocketBaseBin({ projectRoot });
    const root = await tempDir();
    const dataDir = path.join(root, 'pb_data');
    const brokenMigrations = path.join(root, 'pb_migrations');
    await mkdir(brokenMigrations);
    await writeFile(path.join(brokenMigrations, '1700000000_broken.js'), "migrate((app) => { throw new Error('this migration is broken') })\n");
    await ensureDataDir(dataDir);
    const start = startPocketBase({ bin, dataDir, port: await findFreePort(), migrationsDir: brokenMigrations, hooksDir });
    await expect(start).rejects.toThrow(/^PocketBase stopped while starting \(exit code 1\)\.\nPocketBase said:\n[\s\S]*this migration is broken/);
  });
});
