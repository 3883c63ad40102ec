/**
 * A real PocketBase for tests: a temporary data folder, a free port, the repository's
 * migrations and hooks, and a service superuser. Used by integration tests, Playwright's
 * global setup and the benchmarks.
 *
 *   const pb = await startTestPocketBase();
 *   // … new PocketBase(pb.url), pb.service.email / pb.service.password …
 *   await pb.stop(); // also deletes the data folder
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findProjectRoot, type ServiceCredentials } from '../../src/lib/server/config.ts';
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
  /** Stops PocketBase and deletes the temporary folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartTestPocketBaseOptions {
  /** Each line PocketBase prints; quiet by default. */
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
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
  const { projectRoot, migrationsDir, hooksDir } = repoPocketBaseDirs();
  const pocketBaseBin = process.env.POCKETBASE_BIN ? path.resolve(projectRoot, process.env.POCKETBASE_BIN) : undefined;
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'lived-learning-pb-'));
  const dataDir = path.join(tempDir, 'pb_data');
  const removeTemp = () => rm(tempDir, { recursive: true, force: true });

  try {
    const bin = await resolvePocketBaseBin({ pocketBaseBin, projectRoot });
    await ensureDataDir(dataDir);
    const service = await ensureServiceSuperuser({ bin, dataDir });
    const pb = await onAFreePort((port) =>
      startPocketBase({
        bin,
        dataDir,
        port,
        migrationsDir,
        hooksDir,
        ...(options.onOutput ? { onOutput: options.onOutput } : {}),
      }),
    );

    let stopping: Promise<void> | undefined;
    return {
      url: pb.url,
      dataDir,
      service,
      bin,
      stop: () => (stopping ??= pb.stop().finally(removeTemp)),
    };
  } catch (error) {
    await removeTemp();
    throw error;
  }
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
