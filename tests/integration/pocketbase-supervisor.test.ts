/**
 * PocketBase under the supervisor `npm start` uses, against the real binary: killed with
 * SIGKILL it is started again on the same address with its data intact, and the web server's
 * realtime subscription (the person cache) reconnects; a PocketBase that fails every time it
 * starts leads to a plain give-up message after five failures.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PocketBase from 'pocketbase';
import { afterAll, describe, expect, it } from 'vitest';
import { keepRememberedInStep, remembered, stopRemembering } from '../../src/lib/cache/remembered.ts';
import {
  ensureDataDir,
  ensureServiceSuperuser,
  findFreePort,
  resolvePocketBaseBin,
  startPocketBase,
  type RunningPocketBase,
} from '../../src/lib/server/pocketbase-process.ts';
import { supervisePocketBase, type SupervisedPocketBase } from '../../src/lib/server/pocketbase-supervisor.ts';
import { repoPocketBaseDirs } from '../support/pocketbase.ts';

const { projectRoot, migrationsDir, hooksDir } = repoPocketBaseDirs();
const tempDirs: string[] = [];
const supervisors: SupervisedPocketBase<RunningPocketBase>[] = [];

afterAll(async () => {
  await stopRemembering();
  for (const supervisor of supervisors) await supervisor.stop();
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function eventually(check: () => boolean | Promise<boolean>, ms = 20_000): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 50))) if (await check()) return true;
  return check();
}

async function freshPocketBase() {
  const bin = await resolvePocketBaseBin({ projectRoot });
  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'lived-learning-supervise-'));
  tempDirs.push(tempDir);
  const dataDir = path.join(tempDir, 'pb_data');
  await ensureDataDir(dataDir, { log: () => {} });
  const service = await ensureServiceSuperuser({ bin, dataDir });
  const port = await findFreePort();
  const start = (program = bin) => startPocketBase({ bin: program, dataDir, port, migrationsDir, hooksDir });
  return { bin, tempDir, dataDir, service, port, start, first: await start() };
}

describe('supervisePocketBase', () => {
  it('starts PocketBase again after kill -9, on the same address, with its data, and the realtime subscription reconnects', { timeout: 60_000 }, async () => {
    const { service, start, first } = await freshPocketBase();
    const logs: string[] = [];
    const supervisor = supervisePocketBase({ first, restart: () => start(), log: (line) => logs.push(line) });
    supervisors.push(supervisor);

    const admin = new PocketBase(first.url);
    admin.autoCancellation(false);
    await admin.collection('_superusers').authWithPassword(service.email, service.password);
    const saved = await admin.collection('users').create({
      email: 'kept@example.org',
      password: 'correct-horse-battery',
      passwordConfirm: 'correct-horse-battery',
      display_name: 'Kept Through A Crash',
    });

    keepRememberedInStep(async () => {
      const client = new PocketBase(supervisor.current().url);
      client.autoCancellation(false);
      await client.collection('_superusers').authWithPassword(service.email, service.password);
      return client;
    });
    expect(await eventually(() => remembered.enabled)).toBe(true);

    const firstPid = first.process.pid!;
    process.kill(firstPid, 'SIGKILL');
    expect(await eventually(() => !remembered.enabled)).toBe(true);
    expect(await eventually(() => logs.includes('PocketBase is running again.'))).toBe(true);

    expect(logs[0]).toMatch(/^PocketBase stopped unexpectedly \(signal SIGKILL\)\. Starting it again in 0\.5 s \(failure 1 of 5 allowed within 2 minutes\)/);
    expect(supervisor.current().process.pid).not.toBe(firstPid);
    expect(supervisor.current().url).toBe(first.url);
    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);
    await admin.collection('_superusers').authWithPassword(service.email, service.password);
    expect((await admin.collection('users').getOne(saved.id))['display_name']).toBe('Kept Through A Crash');
    // The person cache hears PocketBase's changes again.
    expect(await eventually(() => remembered.enabled)).toBe(true);
    // No secret in what was logged.
    expect(logs.join('\n')).not.toContain(service.password);

    await supervisor.stop();
    expect(supervisor.current().process.exitCode !== null || supervisor.current().process.signalCode !== null).toBe(true);
    // Stopped on purpose: not restarted.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(logs.filter((line) => line.startsWith('PocketBase stopped unexpectedly'))).toHaveLength(1);
  });

  it('gives up with a plain message when PocketBase fails every time it starts', { timeout: 60_000 }, async () => {
    const { tempDir, start, first } = await freshPocketBase();
    // A PocketBase that dies at once, as one would on a full disk.
    const broken = path.join(tempDir, 'broken-pocketbase');
    await writeFile(broken, '#!/bin/sh\necho "simulated failure: database or disk is full" >&2\nexit 1\n');
    await chmod(broken, 0o755);
    const logs: string[] = [];
    const supervisor = supervisePocketBase({ first, restart: () => start(broken), log: (line) => logs.push(line) });
    supervisors.push(supervisor);

    process.kill(first.process.pid!, 'SIGKILL');
    const message = await supervisor.gaveUp;

    expect(message).toMatch(/^PocketBase failed 5 times within 2 minutes \(the last time, could not be started again: PocketBase stopped while starting \(exit code 1\)/);
    expect(message).toContain('simulated failure: database or disk is full');
    expect(message).toContain('so Lived Learning has stopped');
    expect(message).toContain('fix it, then start Lived Learning again');
    // Four restarts were tried, each after a longer wait.
    expect(logs.map((line) => /Starting it again in ([\d.]+ s)/.exec(line)?.[1])).toEqual(['0.5 s', '1 s', '2 s', '4 s']);
    expect(logs.slice(1).every((line) => line.startsWith('PocketBase could not be started again'))).toBe(true);
  });
});
