/**
 * A real PocketBase for tests: a temporary data folder, a free port, the repository's
 * migrations and hooks, and a service superuser. Used by integration tests, Playwright's
 * global setup and the benchmarks.
 *
 *   const pb = await startTestPocketBase();
 *   // … new PocketBase(pb.url), pb.service.email / pb.service.password …
 *   await pb.stop(); // also deletes the data folder
 */
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PocketBase from 'pocketbase';
import { findProjectRoot, type ServiceCredentials } from '../../src/lib/server/config.ts';
import { readServiceAccount } from '../../src/lib/server/service-account.ts';
import {
  ensureDataDir,
  ensureServiceSuperuser,
  findFreePort,
  resolvePocketBaseBin,
  startPocketBase,
} from '../../src/lib/server/pocketbase-process.ts';

export interface TestPocketBase {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The temporary data folder (`<tmp>/pb_data`); gone after `stop()`. */
  dataDir: string;
  /** The service superuser (generated, saved in `<dataDir>/service-account.json`). */
  service: ServiceCredentials;
  /** The PocketBase binary used, for one-off commands such as `migrate`. */
  bin: string;
  /** Stops PocketBase and deletes the temporary folder (unless `keepDataDir`). Safe to call twice. */
  stop(options?: { keepDataDir?: boolean }): Promise<void>;
}

export interface StartTestPocketBaseOptions {
  /** Each line PocketBase prints; quiet by default. */
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  /**
   * Use this data folder as it is (it must hold service-account.json), and keep it on stop:
   * for the national-size bench, whose folder is seeded once (bench/seed-national.ts).
   */
  dataDir?: string;
  /** How long to wait for `/api/health` (default: `npm start`'s 15 s; migrations on a big database take a while). */
  healthTimeoutMs?: number;
}

/** The repository's own PocketBase folders. */
export function repoPocketBaseDirs(): { projectRoot: string; migrationsDir: string; hooksDir: string } {
  const projectRoot = findProjectRoot();
  return {
    projectRoot,
    migrationsDir: path.join(projectRoot, 'pocketbase/pb_migrations'),
    hooksDir: path.join(projectRoot, 'pocketbase/pb_hooks'),
  };
}

/**
 * Starts a throwaway PocketBase with the repository's migrations applied.
 * `POCKETBASE_BIN` is honoured, as in `npm start`.
 *
 * @throws {Error} with the same plain messages as `npm start` (binary missing, port busy,
 *   PocketBase not healthy); the temporary folder is removed first
 */
export async function startTestPocketBase(options: StartTestPocketBaseOptions = {}): Promise<TestPocketBase> {
  const { projectRoot } = repoPocketBaseDirs();
  const pocketBaseBin = process.env.POCKETBASE_BIN ? path.resolve(projectRoot, process.env.POCKETBASE_BIN) : undefined;
  if (options.dataDir) return startOnDataDir(options, options.dataDir, pocketBaseBin, projectRoot);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'lived-learning-pb-'));
  const dataDir = path.join(tempDir, 'pb_data');
  const removeTemp = () => rm(tempDir, { recursive: true, force: true });

  try {
    const bin = await resolvePocketBaseBin({ pocketBaseBin, projectRoot });
    const service = await prepareDataDir(bin, dataDir);
    const pb = await startOnAFreePort(options, bin, dataDir);

    let stopping: Promise<void> | undefined;
    return {
      url: pb.url,
      dataDir,
      service,
      bin,
      stop: ({ keepDataDir = false } = {}) => (stopping ??= pb.stop().finally(() => (keepDataDir ? undefined : removeTemp()))),
    };
  } catch (error) {
    await removeTemp();
    throw error;
  }
}

/** PocketBase on this data folder with the repository's migrations and hooks, on a free port. */
function startOnAFreePort(options: StartTestPocketBaseOptions, bin: string, dataDir: string) {
  const { migrationsDir, hooksDir } = repoPocketBaseDirs();
  return onAFreePort((port) =>
    startPocketBase({
      bin,
      dataDir,
      port,
      migrationsDir,
      hooksDir,
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
      ...(options.healthTimeoutMs ? { healthTimeoutMs: options.healthTimeoutMs } : {}),
    }),
  );
}

async function startOnDataDir(options: StartTestPocketBaseOptions, dataDir: string, pocketBaseBin: string | undefined, projectRoot: string): Promise<TestPocketBase> {
  const bin = await resolvePocketBaseBin({ pocketBaseBin, projectRoot });
  const service = await readServiceAccount(dataDir);
  if (!service) throw new Error(`${dataDir} has no service-account.json; seed it with bench/seed-national.ts.`);
  const pb = await startOnAFreePort(options, bin, dataDir);
  let stopping: Promise<void> | undefined;
  return { url: pb.url, dataDir, service, bin, stop: () => (stopping ??= pb.stop()) };
}

/**
 * Environment variable naming a data folder that is already migrated and holds the service
 * account (made once per test run by `makePocketBaseTemplate`). When set, each test
 * PocketBase starts from a copy of it instead of migrating an empty database.
 */
export const TEMPLATE_ENV = 'LL_TEST_PB_TEMPLATE';

/** A fresh data folder for a test PocketBase: a copy of the template if there is one. */
async function prepareDataDir(bin: string, dataDir: string): Promise<ServiceCredentials> {
  const template = process.env[TEMPLATE_ENV];
  if (template && (await stat(template).catch(() => undefined))?.isDirectory()) {
    await cp(template, dataDir, { recursive: true });
    await ensureDataDir(dataDir);
    const service = await readServiceAccount(dataDir);
    if (service) return service;
  }
  await ensureDataDir(dataDir);
  return ensureServiceSuperuser({ bin, dataDir });
}

/**
 * Makes a migrated PocketBase data folder with a service account, to copy for each test
 * PocketBase (see `TEMPLATE_ENV`): PocketBase is started once on it (applying every
 * migration) and stopped cleanly. `remove()` deletes it.
 */
export async function makePocketBaseTemplate(): Promise<{ dataDir: string; remove(): Promise<void> }> {
  // This start applies every migration, and in `npm test` it runs beside other suites: on a
  // busy machine (load 22–32) it missed the usual 15 s in five of seven e2e runs. A guard, not a
  // speed check, so it gets a minute.
  const pb = await startTestPocketBase({ healthTimeoutMs: 60_000 });
  await useQuickPasswordHashing(pb);
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'lived-learning-pb-template-'));
  const dataDir = path.join(tempDir, 'pb_data');
  try {
    // Stopped before copying, so the databases are complete on disk (no write-ahead log).
    await pb.stop({ keepDataDir: true });
    await cp(pb.dataDir, dataDir, { recursive: true });
  } finally {
    await rm(path.dirname(pb.dataDir), { recursive: true, force: true });
  }
  return { dataDir, remove: () => rm(tempDir, { recursive: true, force: true }) };
}

/**
 * bcrypt's lowest cost for the test copies only: PocketBase hashes every password it stores
 * and checks on each sign-in at its default cost (10), about 130 ms of CPU to make an account
 * and 65 ms to sign in on this machine, against 5 ms and 3 ms at cost 4. The tests make and
 * sign in thousands of accounts, so this was most of PocketBase's CPU in a test run
 * (docs/TESTING.md, "Timings"). The password is still hashed and checked the same way; the
 * real schema keeps the default: this refuses to go on if a migration lowered it.
 */
export const TEST_BCRYPT_COST = 4;

async function useQuickPasswordHashing(pb: TestPocketBase): Promise<void> {
  const client = new PocketBase(pb.url);
  client.autoCancellation(false);
  await client.collection('_superusers').authWithPassword(pb.service.email, pb.service.password);
  for (const name of ['users', '_superusers']) {
    const collection = await client.collections.getOne(name);
    const real = collection.fields.find((field) => field.type === 'password')?.['cost'] as number | undefined;
    if (real !== undefined && real !== 0 && real < 10) throw new Error(`The migrations set the ${name} password cost to ${real}: keep PocketBase's default (0, meaning bcrypt cost 10) or higher.`);
    const fields = collection.fields.map((field) => (field.type === 'password' ? { ...field, cost: TEST_BCRYPT_COST } : field));
    await client.collections.update(name, { fields });
  }
  // The service account was made before: store its password again, now hashed at the low cost.
  const superuserId = client.authStore.record!.id;
  await client.collection('_superusers').update(superuserId, { password: pb.service.password, passwordConfirm: pb.service.password });
}

/**
 * Runs `start` on a free port, trying again on another port if something else took it in
 * the moment between finding it and listening on it (test files run side by side).
 */
export async function onAFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await findFreePort());
    } catch (error) {
      const portTaken = error instanceof Error && /^Port \d+ is already in use/.test(error.message);
      if (!portTaken || attempt >= attempts) throw error;
    }
  }
}
