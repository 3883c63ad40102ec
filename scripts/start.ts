/**
 * `npm start`: PocketBase, then the built site, on one machine.
 * `npm run dev`  (`--dev`):  the same with `astro dev` (pages reload as you edit).
 * `npm run demo` (`--demo`): the same as start, with demo data (scripts/demo-seed.ts, added once)
 *                            and a welcome banner listing the demo logins. Never in `npm start`.
 *
 * Order: settings → PocketBase binary → data folder → service superuser → PocketBase healthy
 * (migrations applied) → web server answering. Ctrl-C or SIGTERM stops both and exits 0.
 * If PocketBase stops by itself it is started again (src/lib/server/pocketbase-supervisor.ts;
 * the site answers a kind 503 meanwhile); after repeated failures in a short time, or if the
 * web server stops by itself, everything is stopped and the exit code is 1. Every failure is
 * one plain message with the fix, never a stack trace.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { applyBackupSettings, signInService } from '../src/lib/backup/backup.ts';
import { describeBackupSettings, readBackupConfig, type BackupSettings } from '../src/lib/backup/config.ts';
import { BUILT_ENTRY, startAstroServer, type RunningAstro } from '../src/lib/server/astro-process.ts';
import { findProjectRoot, loadConfig, type ServerConfig } from '../src/lib/server/config.ts';
import { describeExit, stopAllManaged } from '../src/lib/server/managed-process.ts';
import { supervisePocketBase, type SupervisedPocketBase } from '../src/lib/server/pocketbase-supervisor.ts';
import {
  ensureDataDir,
  ensureServiceSuperuser,
  resolvePocketBaseBin,
  startPocketBase,
  type RunningPocketBase,
} from '../src/lib/server/pocketbase-process.ts';
import { assertPortFree } from '../src/lib/server/ports.ts';
import { demoLoginTable, seedDemo, type DemoLogin } from './demo-seed.ts';

type Mode = 'start' | 'dev' | 'demo';

function readMode(args: string[]): Mode {
  let values: { dev?: boolean | undefined; demo?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args, options: { dev: { type: 'boolean' }, demo: { type: 'boolean' } }, strict: true }));
  } catch {
    throw new Error(`Unknown option in \`${args.join(' ')}\`. Use \`npm start\`, \`npm run dev\` or \`npm run demo\`.`);
  }
  if (values.dev && values.demo) throw new Error('Choose one of --dev and --demo, not both.');
  return values.dev ? 'dev' : values.demo ? 'demo' : 'start';
}

/** `.env` at the project root, if there is one; variables already set in the environment win. */
function loadDotEnv(projectRoot: string): void {
  const file = path.join(projectRoot, '.env');
  if (!existsSync(file)) return;
  try {
    process.loadEnvFile(file);
  } catch (error) {
    throw new Error(`Cannot read ${file}: ${(error as Error).message}. Fix the file (see .env.example) or remove it.`);
  }
}

/** PocketBase under supervision, once started; stopped first on shutdown so it is not restarted. */
let supervised: SupervisedPocketBase<RunningPocketBase> | undefined;
/** The web server, once started. */
let web: RunningAstro | undefined;

async function startServices(mode: Mode, config: ServerConfig): Promise<{ pb: SupervisedPocketBase<RunningPocketBase>; web: RunningAstro; demoLogins: DemoLogin[] }> {
  if (mode !== 'dev' && !existsSync(path.join(config.projectRoot, BUILT_ENTRY))) {
    throw new Error(`The built site is missing (${BUILT_ENTRY}). Run \`npm run build\` first.`);
  }
  // Checked before anything starts, so a clash does not leave PocketBase half-started.
  await assertPortFree(config.port, config.host, { variable: 'PORT' });
  const backups = backupSettingsFromEnv();

  const bin = await resolvePocketBaseBin(config);
  await ensureDataDir(config.pbDataDir, { log: (line) => console.log(line) });
  const service = await ensureServiceSuperuser({ bin, dataDir: config.pbDataDir, credentials: config.serviceCredentials });

  const startPb = () =>
    startPocketBase({
      bin,
      dataDir: config.pbDataDir,
      port: config.pbPort,
      migrationsDir: config.pbMigrationsDir,
      hooksDir: config.pbHooksDir,
      watchHooks: mode === 'dev',
      detached: true,
      onOutput: (line) => console.log(`[pocketbase] ${line}`),
    });
  const pb = await startPb();
  supervised = supervisePocketBase({ first: pb, restart: startPb, log: (line) => console.error(line) });

  // Scheduled backups: PocketBase makes them; the settings come from the environment each start.
  await applyBackupSettings(await signInService(pb.url, service), backups);
  console.log(describeBackupSettings(backups));

  // Demo mode only: demo accounts and records, once (skipped when already there).
  let demoLogins: DemoLogin[] = [];
  if (mode === 'demo') {
    try {
      demoLogins = await seedDemo({ pbUrl: pb.url, service, coursesDir: config.coursesDir, log: (line) => console.log(line) });
    } catch (error) {
      console.error(`The demo data could not be added (${error instanceof Error ? error.message : String(error)}). The site runs without it.`);
    }
  }

  web = await startAstroServer({
    projectRoot: config.projectRoot,
    mode: mode === 'dev' ? 'dev' : 'built',
    host: config.host,
    port: config.port,
    env: { PB_URL: pb.url, PB_DATA_DIR: config.pbDataDir, COURSES_DIR: config.coursesDir },
    output: 'inherit',
    detached: true,
  });
  return { pb: supervised, web, demoLogins };
}

/** BACKUP_CRON, BACKUP_KEEP, BACKUP_S3_*: checked before anything starts. */
function backupSettingsFromEnv(): BackupSettings {
  const backups = readBackupConfig(process.env);
  if (backups.kind === 'invalid') {
    throw new Error(backups.problems.length === 1 ? backups.problems[0] : `Some backup settings need fixing (in the environment or .env):\n${backups.problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return backups.settings;
}

function printBanner(mode: Mode, config: ServerConfig, url: string, demoLogins: DemoLogin[] = []): void {
  const running = `Lived Learning is running at ${url}`;
  const publicAddress = config.siteUrl ? [`People reach it at ${config.siteUrl}`] : [];
  if (mode === 'demo') {
    const logins = demoLogins.length ? ['', ...demoLoginTable(demoLogins)] : [];
    const lines = ['Lived Learning demo', '', running, ...publicAddress, 'Open it in your browser to look around.', ...logins, '', 'Press Ctrl-C to stop.'];
    const width = Math.max(...lines.map((line) => line.length));
    const rule = `+${'-'.repeat(width + 2)}+`;
    console.log(['', rule, ...lines.map((line) => `| ${line.padEnd(width)} |`), rule, ''].join('\n'));
    return;
  }
  console.log(running);
  for (const line of publicAddress) console.log(line);
  if (mode === 'dev') console.log('Development mode: pages reload as you edit. Press Ctrl-C to stop.');
}

let shuttingDown: Promise<never> | undefined;

/** Stops everything this script started (web server first), then exits. Runs once. */
function shutDown(code: number, message?: string): Promise<never> {
  shuttingDown ??= (async () => {
    if (message) console.error(message);
    // Web server first, then PocketBase (told not to restart), then anything still starting.
    await web?.stop();
    await supervised?.stop();
    await stopAllManaged();
    process.exit(code);
  })();
  return shuttingDown;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (shuttingDown) {
      // A second Ctrl-C: stop waiting; the exit hook kills what is left.
      console.error('Stopping now.');
      process.exit(1);
    }
    console.log('\nStopping Lived Learning…');
    void shutDown(0);
  });
}

try {
  const mode = readMode(process.argv.slice(2));
  const projectRoot = findProjectRoot();
  loadDotEnv(projectRoot);
  const config = loadConfig(process.env, projectRoot);

  const services = await startServices(mode, config);
  printBanner(mode, config, services.web.url, services.demoLogins);

  const message = await Promise.race([
    services.pb.gaveUp,
    services.web.exited.then((exit) => `The web server stopped unexpectedly (${describeExit(exit)}), so PocketBase was stopped too.`),
  ]);
  await shutDown(1, message);
} catch (error) {
  // A Ctrl-C during start-up makes the starting step fail; that is not an error to report.
  if (shuttingDown) await shuttingDown;
  await shutDown(1, error instanceof Error ? error.message : String(error));
}
