/**
 * The primary process of `npm start`'s web server when WEB_PROCESSES > 1 (one per core by
 * default): it serves no page itself. It starts the web processes (node:cluster; the primary
 * hands each new connection to them in turn), relays what they share (src/lib/server/peers.ts:
 * copied rate limits and guard memory, and the machine-wide locks it holds), starts a web
 * process again if one stops unexpectedly, and stops them all on SIGTERM/SIGINT.
 *
 * Only web process 1 runs the background jobs (notification emails, retention); each process
 * keeps its own remembered-person memory, kept right by its own PocketBase realtime
 * subscription, exactly as several web servers do (docs/SCALING.md).
 */
import cluster, { type Worker } from 'node:cluster';
import { processRole, type NodeRole } from './node-role.ts';
import { isPeerEnvelope, PEER_TAG, WORKER_VARIABLE, type PeerEnvelope } from './peers.ts';

interface Holder {
  owner: number;
  id: number;
}

/**
 * The machine-wide locks: per key, the holder first, then those waiting, in order. Pure: the
 * caller sends the grants it returns.
 */
export class LockTable {
  readonly #queues = new Map<string, Holder[]>();
  /** owner + id → key, to find a release's key and everything an owner holds or waits for. */
  readonly #keys = new Map<string, string>();

  /** Queues `owner`'s request `id` for `key`; true when it holds the lock at once. */
  acquire(owner: number, id: number, key: string): boolean {
    const queue = this.#queues.get(key) ?? [];
    queue.push({ owner, id });
    this.#queues.set(key, queue);
    this.#keys.set(`${owner}:${id}`, key);
    return queue.length === 1;
  }

  /** Ends `owner`'s request `id` (held or still waiting); returns who holds the key now, if that changed. */
  release(owner: number, id: number): Holder | undefined {
    const key = this.#keys.get(`${owner}:${id}`);
    if (key === undefined) return undefined;
    this.#keys.delete(`${owner}:${id}`);
    const queue = this.#queues.get(key)!;
    const at = queue.findIndex((h) => h.owner === owner && h.id === id);
    queue.splice(at, 1);
    if (queue.length === 0) this.#queues.delete(key);
    return at === 0 ? queue[0] : undefined;
  }

  /** Everything `owner` held or waited for is let go (its process stopped); returns the new holders. */
  dropOwner(owner: number): Holder[] {
    const granted: Holder[] = [];
    for (const ownerAndId of [...this.#keys.keys()]) {
      const [o, id] = ownerAndId.split(':').map(Number);
      if (o !== owner) continue;
      const next = this.release(owner, id!);
      if (next && next.owner !== owner) granted.push(next);
    }
    return granted.filter((h) => this.#keys.has(`${h.owner}:${h.id}`));
  }

  /** Keys locked or waited for (for tests). */
  get size(): number {
    return this.#queues.size;
  }
}

export interface PrimaryOptions {
  /** How many web processes. */
  count: number;
  /** This machine's role (NODE_NAME, BACKGROUND_JOBS); each process gets its share (processRole). */
  role: NodeRole;
  /** Where they listen, for the start message. */
  address: string;
}

/** Restarts of one stopped web process in this long… */
const RESTART_WINDOW_MS = 60_000;
/** …beyond which the whole server stops (exit 1), so `npm start` stops too and says so. */
const MAX_RESTARTS = 5;

/** Runs the primary until SIGTERM/SIGINT (exit 0) or repeated failures (exit 1). Never returns. */
export function runPrimary({ count, role, address }: PrimaryOptions): void {
  const locks = new LockTable();
  const workers = new Map<number, Worker>();
  const restarts: number[] = [];
  let listening = 0;
  let stopping = false;

  const sendTo = (owner: number, envelope: PeerEnvelope) => {
    const worker = workers.get(owner);
    if (worker?.isConnected()) worker.send(envelope);
  };

  const start = (index: number) => {
    const mine = processRole(role, index, count);
    const worker = cluster.fork({
      [WORKER_VARIABLE]: String(index),
      NODE_NAME: mine.name ?? '',
      BACKGROUND_JOBS: mine.backgroundJobs ? 'on' : 'off',
    });
    workers.set(index, worker);
    worker.on('message', (message: unknown) => {
      if (!isPeerEnvelope(message)) return;
      if (message.kind === 'publish') {
        for (const [other, w] of workers) if (other !== index && w.isConnected()) w.send(message);
      } else if (message.kind === 'acquire') {
        if (locks.acquire(index, message.id, message.key)) sendTo(index, { tag: PEER_TAG, kind: 'granted', id: message.id });
      } else if (message.kind === 'release') {
        const next = locks.release(index, message.id);
        if (next) sendTo(next.owner, { tag: PEER_TAG, kind: 'granted', id: next.id });
      }
    });
    worker.once('listening', () => {
      listening++;
      if (listening === count) console.log(`[web] ${count} web processes listening on ${address} (WEB_PROCESSES; process 1 runs the background jobs)`);
    });
    worker.once('exit', (code, signal) => {
      if (workers.get(index) === worker) workers.delete(index);
      for (const next of locks.dropOwner(index)) sendTo(next.owner, { tag: PEER_TAG, kind: 'granted', id: next.id });
      if (stopping) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      if (listening < count && code !== 0) {
        // It failed while starting (port taken, build missing…): it already said why.
        void stopAll(1);
      } else if (restarts.length > MAX_RESTARTS) {
        console.error(`[web] web process ${index} stopped (${how}) more than ${MAX_RESTARTS} times in a minute; stopping the web server.`);
        void stopAll(1);
      } else {
        console.error(`[web] web process ${index} stopped unexpectedly (${how}); starting it again.`);
        start(index);
      }
    });
  };

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const exits = [...workers.values()].map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
    for (const w of workers.values()) w.process.kill('SIGTERM');
    const all = Promise.all(exits);
    const timer = setTimeout(() => {
      for (const w of workers.values()) if (!w.isDead()) w.process.kill('SIGKILL');
    }, 8_000);
    await all;
    clearTimeout(timer);
    process.exit(code);
  };

  process.on('SIGTERM', () => void stopAll(0));
  process.on('SIGINT', () => void stopAll(0));
  for (let index = 1; index <= count; index++) start(index);
}
