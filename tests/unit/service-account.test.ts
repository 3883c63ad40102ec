import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createServiceAccount,
  loadServiceCredentials,
  readServiceAccount,
  SERVICE_ACCOUNT_FILE,
} from '../../src/lib/server/service-account.ts';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lived-learning-unit-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('service account file', () => {
  it('is generated once, private (0600), with a long random password', async () => {
    const created = await createServiceAccount(dataDir);
    const file = path.join(dataDir, SERVICE_ACCOUNT_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(created.email).toBe('service@lived-learning.local');
    expect(created.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(created);
    expect(await readdir(dataDir)).toEqual([SERVICE_ACCOUNT_FILE]); // no temporary file left behind
    expect((await createServiceAccount(dataDir)).password).not.toBe(created.password);
  });

  it('is read back, and tightened to 0600 if someone loosened it', async () => {
    const created = await createServiceAccount(dataDir);
    const file = path.join(dataDir, SERVICE_ACCOUNT_FILE);
    await chmod(file, 0o644);
    expect(await readServiceAccount(dataDir)).toEqual(created);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('is reported missing as undefined, and damaged with the fix', async () => {
    expect(await readServiceAccount(dataDir)).toBeUndefined();
    await writeFile(path.join(dataDir, SERVICE_ACCOUNT_FILE), '{"email": "service@lived-learning.local"');
    await expect(readServiceAccount(dataDir)).rejects.toThrow(
      `${path.join(dataDir, SERVICE_ACCOUNT_FILE)} is damaged: it must be JSON with an "email" and a "password" of 8–71 characters. Fix it, or delete it to have new credentials generated.`,
    );
  });

  it('is not needed when the environment sets the credentials', async () => {
    const serviceCredentials = { email: 'robot@example.org', password: 'from-the-environment' };
    expect(await loadServiceCredentials({ serviceCredentials, pbDataDir: dataDir })).toEqual(serviceCredentials);
    await expect(loadServiceCredentials({ serviceCredentials: undefined, pbDataDir: dataDir })).rejects.toThrow(
      `No service account in ${path.join(dataDir, SERVICE_ACCOUNT_FILE)}. Start the app with \`npm start\` (it creates one), or set PB_SERVICE_EMAIL and PB_SERVICE_PASSWORD.`,
    );
  });
});
