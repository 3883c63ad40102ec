import { describe, expect, it } from 'vitest';
import { oneUseAtATime } from '../../src/lib/server/one-use.ts';

const refused = () => new Error('That link has been used.');

describe('oneUseAtATime', () => {
  it('refuses the same key while a first use is running, and frees it when that use ends', async () => {
    const oneUse = oneUseAtATime();
    let finish!: (value: string) => void;
    const first = oneUse('hash-a', refused, () => new Promise<string>((resolve) => (finish = resolve)));
    await expect(oneUse('hash-a', refused, async () => 'second')).rejects.toThrow('That link has been used.');
    // Another key is not held up.
    await expect(oneUse('hash-b', refused, async () => 'other')).resolves.toBe('other');
    finish('first');
    await expect(first).resolves.toBe('first');
    await expect(oneUse('hash-a', refused, async () => 'again')).resolves.toBe('again');
  });

  it('frees the key when the use fails, and passes the failure on', async () => {
    const oneUse = oneUseAtATime();
    await expect(oneUse('hash-a', refused, async () => Promise.reject(new Error('PocketBase is down')))).rejects.toThrow('PocketBase is down');
    await expect(oneUse('hash-a', refused, async () => 'retried')).resolves.toBe('retried');
  });

  it('keeps a separate set of keys for each kind of link', async () => {
    const resets = oneUseAtATime();
    const invitations = oneUseAtATime();
    let finish!: () => void;
    const held = resets('same-hash', refused, () => new Promise<void>((resolve) => (finish = resolve)));
    await expect(invitations('same-hash', refused, async () => 'ok')).resolves.toBe('ok');
    finish();
    await held;
  });
});
