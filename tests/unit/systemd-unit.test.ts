/**
 * The systemd unit in docs/OPERATIONS.md keeps what operators rely on: it runs the start
 * script as an unprivileged user that systemd restarts on failure, stops it in order, and keeps
 * the hardening (read-only system, private /tmp, no new privileges, private files) with write
 * access only to the data folder and the courses.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const operations = readFileSync(path.resolve(import.meta.dirname, '../../docs/OPERATIONS.md'), 'utf8');
const block = /```ini\n([\s\S]*?)```/.exec(operations)?.[1] ?? '';

/** Section → directive → values, in order. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1]!, current);
      continue;
    }
    const [key, ...rest] = line.split('=');
    if (!current || key === undefined) throw new Error(`Not a unit line: ${line}`);
    current.set(key, [...(current.get(key) ?? []), rest.join('=')]);
  }
  return sections;
}

describe('the systemd unit in docs/OPERATIONS.md', () => {
  const unit = parseUnit(block);
  const service = unit.get('Service') ?? new Map<string, string[]>();
  const one = (key: string) => service.get(key)?.at(-1);

  it('is there, with Unit, Service and Install sections', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('runs scripts/start.ts with the project’s Node as its own user, from the project folder, with an environment file', () => {
    expect(one('User')).toBe('lived-learning');
    expect(one('WorkingDirectory')).toBe('/srv/lived-learning');
    expect(one('EnvironmentFile')).toBe('/etc/lived-learning/env');
    expect(one('ExecStart')).toBe('/srv/lived-learning/node_modules/.bin/node scripts/start.ts');
  });

  it('is restarted on failure, and SIGTERM goes to the start script first so it stops things in order', () => {
    expect(one('Restart')).toBe('on-failure');
    expect(one('KillMode')).toBe('mixed');
  });

  it('keeps the hardening, with write access only to the data folder and the courses', () => {
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('PrivateTmp')).toBe('yes');
    expect(one('ProtectHome')).toBe('yes');
    expect(one('UMask')).toBe('0077');
    expect(one('CapabilityBoundingSet')).toBe('');
    const dataDir = /PB_DATA_DIR=(\S+)/.exec(service.get('Environment')?.join(' ') ?? '')?.[1];
    expect(dataDir).toBe('/var/lib/lived-learning');
    expect(one('ReadWritePaths')?.split(/\s+/)).toEqual([dataDir, '/srv/lived-learning/courses']);
    expect(one('StateDirectoryMode')).toBe('0700');
    // Node's JIT needs writable-and-executable memory: this setting would stop it.
    expect(service.has('MemoryDenyWriteExecute')).toBe(false);
  });
});
