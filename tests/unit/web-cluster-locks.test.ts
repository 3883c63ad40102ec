/** The machine-wide lock table the primary of a web cluster holds (src/lib/server/web-cluster.ts). */
import { describe, expect, it } from 'vitest';
import { LockTable } from '../../src/lib/server/web-cluster.ts';

describe('LockTable', () => {
  it('grants a free key at once and queues the next asker until the holder releases', () => {
    const locks = new LockTable();
    expect(locks.acquire(1, 1, 'k')).toBe(true);
    expect(locks.acquire(2, 1, 'k')).toBe(false);
    expect(locks.acquire(1, 2, 'other')).toBe(true);
    expect(locks.release(1, 1)).toEqual({ owner: 2, id: 1 });
    expect(locks.release(2, 1)).toBeUndefined();
    expect(locks.release(1, 2)).toBeUndefined();
    expect(locks.size).toBe(0);
  });

  it('a waiter that gives up does not change the holder', () => {
    const locks = new LockTable();
    locks.acquire(1, 1, 'k');
    locks.acquire(2, 1, 'k');
    locks.acquire(3, 1, 'k');
    expect(locks.release(2, 1)).toBeUndefined();
    expect(locks.release(1, 1)).toEqual({ owner: 3, id: 1 });
  });

  it('a stopped process lets go of what it held and waited for; the next live asker gets it', () => {
    const locks = new LockTable();
    locks.acquire(1, 1, 'k');
    locks.acquire(1, 2, 'k');
    locks.acquire(2, 7, 'k');
    locks.acquire(1, 3, 'j');
    expect(locks.dropOwner(1)).toEqual([{ owner: 2, id: 7 }]);
    expect(locks.release(2, 7)).toBeUndefined();
    expect(locks.size).toBe(0);
  });

  it('an unknown release is ignored', () => {
    expect(new LockTable().release(9, 9)).toBeUndefined();
  });
});
