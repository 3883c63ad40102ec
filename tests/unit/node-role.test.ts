/** NODE_NAME and BACKGROUND_JOBS for several web servers behind one balancer (docs/SCALING.md). */
import { describe, expect, it } from 'vitest';
import { nodeRoleFromEnv, processRole, webProcessesFromEnv } from '../../src/lib/server/node-role.ts';

describe('nodeRoleFromEnv', () => {
  it('one web server by default: no name, background jobs on', () => {
    expect(nodeRoleFromEnv({})).toEqual({ name: undefined, backgroundJobs: true });
    expect(nodeRoleFromEnv({ NODE_NAME: '  ', BACKGROUND_JOBS: '' })).toEqual({ name: undefined, backgroundJobs: true });
  });

  it('an extra web server: its name, and BACKGROUND_JOBS=off switches the jobs off', () => {
    expect(nodeRoleFromEnv({ NODE_NAME: 'web-2', BACKGROUND_JOBS: 'off' })).toEqual({ name: 'web-2', backgroundJobs: false });
    expect(nodeRoleFromEnv({ NODE_NAME: 'web-1', BACKGROUND_JOBS: 'ON' })).toEqual({ name: 'web-1', backgroundJobs: true });
  });

  it('a name that could not be a header value, or a yes/no typo, is a plain problem naming the variable', () => {
    const badName = nodeRoleFromEnv({ NODE_NAME: 'web 2\r\nSet-Cookie: x' });
    expect(badName).toEqual({ problem: expect.stringContaining('NODE_NAME must be') });
    const badJobs = nodeRoleFromEnv({ BACKGROUND_JOBS: 'no' });
    expect(badJobs).toEqual({ problem: expect.stringContaining('BACKGROUND_JOBS must be on or off') });
  });
});

describe('webProcessesFromEnv and processRole (WEB_PROCESSES, one machine)', () => {
  it('one web process per core by default or with auto; a number as given', () => {
    expect(webProcessesFromEnv({}, 4)).toBe(4);
    expect(webProcessesFromEnv({ WEB_PROCESSES: 'auto' }, 2)).toBe(2);
    expect(webProcessesFromEnv({ WEB_PROCESSES: ' 3 ' }, 2)).toBe(3);
    expect(webProcessesFromEnv({ WEB_PROCESSES: '1' }, 8)).toBe(1);
  });

  it('zero, words or huge numbers are a plain problem naming the variable', () => {
    for (const value of ['0', 'many', '-2', '1.5', '9999']) {
      expect(webProcessesFromEnv({ WEB_PROCESSES: value }, 2)).toEqual({ problem: expect.stringContaining('WEB_PROCESSES must be auto') });
    }
  });

  it('only process 1 runs the background jobs, and each is named apart when NODE_NAME is set', () => {
    const machine = { name: 'web', backgroundJobs: true };
    expect(processRole(machine, 1, 2)).toEqual({ name: 'web.1', backgroundJobs: true });
    expect(processRole(machine, 2, 2)).toEqual({ name: 'web.2', backgroundJobs: false });
    expect(processRole(machine, 1, 1)).toEqual({ name: 'web', backgroundJobs: true });
    expect(processRole({ name: undefined, backgroundJobs: false }, 1, 2)).toEqual({ name: undefined, backgroundJobs: false });
  });
});
