/**
 * What the web server processes of ONE machine share (scripts/server.ts runs one process per
 * core with node:cluster, src/lib/server/web-cluster.ts). Inside a process this is plain
 * memory; across the processes of a machine it goes through the primary process over IPC:
 *
 * - `publishToPeers(channel, data)` / `onPeerMessage(channel, fn)`: a message to every OTHER
 *   web process of this machine, delivered in the order sent. Rate limits and the evidence
 *   form's "already submitted" memory are copied this way (each process keeps a full copy).
 * - `machineLock(key, work)`: one-at-a-time sections per key across ALL web processes of the
 *   machine (the primary holds the lock table). Used by the double-submit guards.
 *
 * Outside a cluster (one process, `npm run dev`, unit tests) publishing does nothing and the
 * lock is an in-process queue, exactly as before.
 *
 * Ordering guarantee the guards rely on: a message published while holding a machine lock
 * reaches every other process BEFORE the next holder of that lock is told it may go (the
 * primary relays both on the same ordered IPC channels, in the order it receives them).
 *
 * The state lives on globalThis: this module is loaded twice in a web process (by
 * scripts/server.ts from src/ and by the built site from dist/), and both copies must share
 * one IPC listener and one set of lock ids.
 */

/** Tag on every IPC message of ours, so other messages are left alone. */
export const PEER_TAG = 'll-peer';

export type PeerEnvelope =
  | { tag: typeof PEER_TAG; kind: 'publish'; channel: string; data: unknown }
  | { tag: typeof PEER_TAG; kind: 'acquire'; id: number; key: string }
  | { tag: typeof PEER_TAG; kind: 'release'; id: number }
  | { tag: typeof PEER_TAG; kind: 'granted'; id: number };

export function isPeerEnvelope(message: unknown): message is PeerEnvelope {
  return typeof message === 'object' && message !== null && (message as { tag?: unknown }).tag === PEER_TAG;
}

/** Environment variable the primary sets on each web process it starts (its number, 1…N). */
export const WORKER_VARIABLE = 'LL_WEB_WORKER';

interface PeerState {
  nextId: number;
  waiting: Map<number, () => void>;
  handlers: Map<string, Set<(data: unknown) => void>>;
  localTails: Map<string, Promise<unknown>>;
  listening: boolean;
}

const STATE = Symbol.for('lived-learning.peers');

function state(): PeerState {
  const global = globalThis as unknown as Record<symbol, PeerState | undefined>;
  return (global[STATE] ??= { nextId: 0, waiting: new Map(), handlers: new Map(), localTails: new Map(), listening: false });
}

/** True in a web process started by the primary of a cluster (and still connected to it). */
export function inCluster(): boolean {
  return Boolean(process.env[WORKER_VARIABLE]) && typeof process.send === 'function' && process.connected;
}

function listen(s: PeerState): void {
  if (s.listening || !inCluster()) return;
  s.listening = true;
  process.on('message', (message: unknown) => {
    if (!isPeerEnvelope(message)) return;
    if (message.kind === 'granted') {
      const go = s.waiting.get(message.id);
      s.waiting.delete(message.id);
      go?.();
    } else if (message.kind === 'publish') {
      for (const handler of s.handlers.get(message.channel) ?? []) {
        try {
          handler(message.data);
        } catch (error) {
          console.error(`[web] a message from another web process could not be applied (${message.channel}): ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  });
}

function send(envelope: PeerEnvelope): void {
  try {
    process.send?.(envelope);
  } catch {
    // The primary is gone: this process is about to exit with it (node:cluster does that).
  }
}

/** Sends `data` to every other web process of this machine; nothing outside a cluster. */
export function publishToPeers(channel: string, data: unknown): void {
  if (!inCluster()) return;
  listen(state());
  send({ tag: PEER_TAG, kind: 'publish', channel, data });
}

/** Calls `handler` with what other web processes publish on `channel`. */
export function onPeerMessage(channel: string, handler: (data: unknown) => void): void {
  const s = state();
  let set = s.handlers.get(channel);
  if (!set) s.handlers.set(channel, (set = new Set()));
  set.add(handler);
  listen(s);
}

/** Runs `work` when no other holder of `key` runs, in this process or (in a cluster) any web process of the machine. */
export async function machineLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  if (!inCluster()) return localLock(key, work);
  const s = state();
  listen(s);
  const id = ++s.nextId;
  await new Promise<void>((resolve) => {
    s.waiting.set(id, resolve);
    send({ tag: PEER_TAG, kind: 'acquire', id, key });
  });
  try {
    return await work();
  } finally {
    send({ tag: PEER_TAG, kind: 'release', id });
  }
}

/** The same in one process: a queue per key. A failed holder does not stop the next. */
async function localLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const tails = state().localTails;
  const before = tails.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(work);
  const tail = mine.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await mine;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
