/** NODE_NAME and BACKGROUND_JOBS for several web servers behind one balancer (docs/SCALING.md). */
import { describe, expect, it } from 'vitest';
import { nodeRoleFromEnv } from '../../src/lib/server/node-role.ts';

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
