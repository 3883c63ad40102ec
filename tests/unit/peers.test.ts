/** What the web processes of one machine share (src/lib/server/peers.ts), outside a cluster: plain in-process behaviour. */
import { describe, expect, it } from 'vitest';
import { inCluster, machineLock, publishToPeers } from '../../src/lib/server/peers.ts';

describe('peers outside a cluster', () => {
  it('is not in a cluster, and publishing does nothing (no IPC channel)', () => {
    expect(inCluster()).toBe(false);
    expect(() => publishToPeers('rate-limit', { name: 'x', key: 'y', at: 1 })).not.toThrow();
  });

  it('machineLock runs holders of one key one after another, other keys alongside, and a failure does not block the next', async () => {
    const log: string[] = [];
    const slow = (name: string, ms: number, fail = false) => async () => {
      log.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`${name} end`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    };
    const results = await Promise.allSettled([machineLock('k', slow('a', 30, true)), machineLock('k', slow('b', 5)), machineLock('other', slow('c', 1))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('a end')).toBeLessThan(log.indexOf('b start'));
    expect(log.indexOf('c end')).toBeLessThan(log.indexOf('a end'));
  });
});
