/**
 * The start-up decision about the PocketBase data folder's permissions (pure), and the umask
 * PocketBase runs with.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  describeChanges,
  isPrivateDataFile,
  planDataDirPermissions,
  shellQuote,
  type DataDirFacts,
  type PathFacts,
} from '../../src/lib/server/data-dir-permissions.ts';
import { withPrivateUmask } from '../../src/lib/server/pocketbase-process.ts';

const DIR = '/srv/ll/pb_data';
const ME = 1000;
const dir = (mode: number, uid = ME): PathFacts => ({ path: DIR, mode: 0o040000 | mode, uid });
const file = (name: string, mode: number, uid = ME): PathFacts => ({ path: `${DIR}/${name}`, mode: 0o100000 | mode, uid });
const facts = (d: PathFacts, files: PathFacts[] = [], processUid = ME): DataDirFacts => ({ dir: d, files, processUid, processUser: 'lived' });

describe('planDataDirPermissions', () => {
  it('leaves a private folder with private files alone', () => {
    expect(planDataDirPermissions(facts(dir(0o700), [file('data.db', 0o600), file('auxiliary.db', 0o600)]))).toEqual({ action: 'none' });
  });

  it('tightens an own 0755 folder to 0700 and its 0644 databases and journals to 0600', () => {
    const plan = planDataDirPermissions(
      facts(dir(0o755), [file('data.db', 0o644), file('data.db-wal', 0o644), file('data.db-shm', 0o600), file('auxiliary.db', 0o640)]),
    );
    expect(plan).toEqual({
      action: 'tighten',
      changes: [
        { path: DIR, from: 0o755, to: 0o700 },
        { path: `${DIR}/data.db`, from: 0o644, to: 0o600 },
        { path: `${DIR}/data.db-wal`, from: 0o644, to: 0o600 },
        { path: `${DIR}/auxiliary.db`, from: 0o640, to: 0o600 },
      ],
    });
  });

  it('counts any group or other bit as open: 0750, 0701 and 0710 folders, a 0604 file', () => {
    for (const mode of [0o750, 0o701, 0o710, 0o770]) {
      expect(planDataDirPermissions(facts(dir(mode))).action, mode.toString(8)).toBe('tighten');
    }
    expect(planDataDirPermissions(facts(dir(0o700), [file('data.db', 0o604)]))).toEqual({
      action: 'tighten',
      changes: [{ path: `${DIR}/data.db`, from: 0o604, to: 0o600 }],
    });
  });

  it('tightens loose files even inside a private folder', () => {
    const plan = planDataDirPermissions(facts(dir(0o700), [file('service-account.json', 0o644)]));
    expect(plan).toEqual({ action: 'tighten', changes: [{ path: `${DIR}/service-account.json`, from: 0o644, to: 0o600 }] });
  });

  it('refuses when the open folder belongs to someone else, naming the chmod to run', () => {
    const plan = planDataDirPermissions(facts(dir(0o755, 0), [file('data.db', 0o644, 0)]));
    expect(plan.action).toBe('refuse');
    const message = plan.action === 'refuse' ? plan.message : '';
    expect(message).toContain(`The PocketBase data folder ${DIR} can be read by other users`);
    expect(message).toContain('mode 0755');
    expect(message).toContain('owned by user id 0, not by lived (user id 1000)');
    expect(message).toContain(`chmod 700 ${DIR}`);
    expect(message).toContain(`chmod 600 ${DIR}/data.db`);
    expect(message).toContain(`chown -R lived ${DIR}`);
  });

  it('refuses, changing nothing, when only one loose file belongs to someone else', () => {
    const plan = planDataDirPermissions(facts(dir(0o755), [file('data.db', 0o644, 0)]));
    expect(plan.action).toBe('refuse');
    expect(plan.action === 'refuse' && plan.message).toContain(`${DIR}/data.db has mode 0644`);
  });

  it('does not mind others owning files that are already private', () => {
    expect(planDataDirPermissions(facts(dir(0o700, 0), [file('data.db', 0o600, 0)]))).toEqual({ action: 'none' });
  });

  it('lets root tighten what others own', () => {
    const plan = planDataDirPermissions(facts(dir(0o755, ME), [file('data.db', 0o644, ME)], 0));
    expect(plan.action).toBe('tighten');
  });
});

describe('describeChanges', () => {
  it('says what changed, from and to, with names inside the folder shortened', () => {
    expect(
      describeChanges(DIR, [
        { path: DIR, from: 0o755, to: 0o700 },
        { path: `${DIR}/data.db`, from: 0o644, to: 0o600 },
      ]),
    ).toBe(
      `Made the PocketBase data folder private (other users of this machine could read it): ${DIR} 0755 → 0700, data.db 0644 → 0600.`,
    );
  });
});

describe('shellQuote', () => {
  it('quotes paths with spaces and quotes so a pasted command works', () => {
    expect(shellQuote('/srv/pb_data')).toBe('/srv/pb_data');
    expect(shellQuote("/srv/my data/it's")).toBe(`'/srv/my data/it'\\''s'`);
    const echoed = spawnSync('/bin/sh', ['-c', `printf %s ${shellQuote("/a b/c'd $HOME")}`], { encoding: 'utf8' });
    expect(echoed.stdout).toBe("/a b/c'd $HOME");
  });
});

describe('withPrivateUmask', () => {
  it('runs the program with umask 077 and its own arguments, whatever the parent’s umask', () => {
    const [command, args] = withPrivateUmask('/bin/sh', ['-c', 'umask; printf "%s|" "$@"', 'sh', 'one', '--two=x y', '-']);
    const result = spawnSync(command, args, { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('0077\none|--two=x y|-|');
  });

  it('keeps the process: exec replaces the shell, so the process id is the program’s', () => {
    const [command, args] = withPrivateUmask('/bin/sh', ['-c', 'echo $$']);
    const child = spawnSync(command, args, { encoding: 'utf8' });
    // The printed pid is the spawned process's own (no extra shell in between).
    expect(child.stdout.trim()).toBe(String(child.pid));
  });
});

describe('isPrivateDataFile', () => {
  it('covers every SQLite database with its journals, and the secrets', () => {
    for (const name of ['data.db', 'data.db-wal', 'data.db-shm', 'data.db-journal', 'auxiliary.db', 'auxiliary.db-wal', 'auxiliary.db-shm', 'openworkflow.db', 'service-account.json', 'credential-signing-key.json']) {
      expect(isPrivateDataFile(name), name).toBe(true);
    }
    for (const name of ['types.d.ts', 'storage', 'backups', 'data.db.bak', 'notes.txt']) expect(isPrivateDataFile(name), name).toBe(false);
  });
});
