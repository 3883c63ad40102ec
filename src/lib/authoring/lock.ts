/**
 * One-at-a-time sections per key (a file or course path) across every web process of this
 * machine (src/lib/server/peers.ts), so two saves of the same file never interleave between
 * reading its hash and replacing it, whichever process each reached.
 */
import { machineLock } from '../server/peers.ts';

export function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  return machineLock(`authoring:${key}`, work);
}
