/**
 * The web server's memory of signed-in people (./person-cache.ts), and what keeps it right:
 * - every PocketBase client this server makes forgets, after each write it sends, what that
 *   write touched ({@link forgetAfterWrites}, installed by `createClient`);
 * - a realtime subscription, as the service account, forgets what anyone else changes (the
 *   admin UI, PocketBase hooks, another server). The memory is used only while that
 *   subscription is live; if it drops, everything is forgotten until it is back.
 *
 * Why: a trainee's page otherwise asks PocketBase for their session and every row of theirs on
 * each request, which cost more than rendering the page. See docs/ARCHITECTURE.md
 * "Remembering signed-in people between requests".
 */
import { EventSource } from 'eventsource';
import type PocketBase from 'pocketbase';
import type { SendOptions } from 'pocketbase';
import { expiresWithin } from '../auth/token-expiry.ts';
import type { CertificateSummary } from '../certificates/summary.ts';
import type { UserRecord } from '../records.ts';
import { OWN_ROW_COLLECTIONS, type OwnRecords } from '../trainee/own-row-collections.ts';
import { affectedByEvent, affectedByWritten, ANY_COLLECTION, forget, writtenTo, type Affected } from './invalidation.ts';
import { onPeerMessage, publishToPeers } from '../server/peers.ts';
import { KeyedMemory, PersonCache } from './person-cache.ts';

/** Long enough to spare PocketBase on every page; short enough that the session slides on often. */
const TTL_MS = 5 * 60 * 1000;
// A trainee's rows are a few to a few tens of kB: this bounds the memory to tens of MB.
const MAX_ENTRIES = 2_000;
/** After a failed connection, the next request tries again no sooner than this. */
const RETRY_MS = 10_000;
const TOKEN_MARGIN_MS = 10 * 60 * 1000;

export const PERSON_COLLECTIONS: ReadonlySet<string> = new Set(Object.values(OWN_ROW_COLLECTIONS));

export const remembered = new PersonCache<UserRecord, OwnRecords>({ ttlMs: TTL_MS, maxEntries: MAX_ENTRIES });

/**
 * Certificates looked up by code for the public verify page and API (../certificates/verify-service.ts).
 * Certificates change rarely (issued, revoked, re-issued), so any change forgets them all.
 */
export const certificateLookups = new KeyedMemory<{ row: CertificateSummary; replacedByCode: string | null }>({ ttlMs: TTL_MS, maxEntries: MAX_ENTRIES });

const memories = [remembered, certificateLookups];
const enableAll = () => memories.forEach((m) => m.enable());
const disableAll = () => memories.forEach((m) => m.disable());

/** What one web process forgot after its own write, for the other web processes of this machine. */
const PEER_CHANNEL = 'remembered-forget';
type PeerForget = { affected: Affected; certificates: boolean };

function forgetWrite(method: string, address: string, answer: unknown): void {
  const written = writtenTo(method, address);
  if (!written) return;
  const affected = affectedByWritten(written, answer, PERSON_COLLECTIONS);
  forget(remembered, affected);
  const certificates = written === ANY_COLLECTION || written.collection === 'certificates';
  if (certificates) certificateLookups.clear();
  // The other web processes of this machine forget it too, before the answer to this request
  // leaves (the realtime event reaches them as well, a little later): the person's next
  // request, served by any process, sees the write (src/lib/server/peers.ts).
  if (affected.kind !== 'nothing' || certificates) publishToPeers(PEER_CHANNEL, { affected, certificates } satisfies PeerForget);
}

onPeerMessage(PEER_CHANNEL, (data) => {
  const { affected, certificates } = data as PeerForget;
  forget(remembered, affected);
  if (certificates) certificateLookups.clear();
});

function forgetEvent(collection: string, record: unknown): void {
  forget(remembered, affectedByEvent(collection, record, PERSON_COLLECTIONS));
  if (collection === 'certificates') certificateLookups.clear();
}

/** Makes `pb` forget, after each write it sends, what the write changed. */
export function forgetAfterWrites(pb: PocketBase): void {
  const before = pb.afterSend;
  pb.afterSend = function (response: Response, data: unknown, options?: SendOptions) {
    forgetWrite(String(options?.method ?? 'GET'), response.url, data);
    return before ? before.call(this, response, data, options!) : data;
  };
}

type State = { kind: 'idle' } | { kind: 'starting' } | { kind: 'running'; client: PocketBase } | { kind: 'waiting'; until: number };
let state: State = { kind: 'idle' };
let warned = false;

/**
 * Starts the realtime subscription if it is not running (cheap to call on every request; never
 * waits for it). Until its first connection is confirmed, nothing is remembered.
 *
 * @param connect a new client signed in as the service account
 */
export function keepRememberedInStep(connect: () => Promise<PocketBase>): void {
  if (state.kind === 'starting' || state.kind === 'running') return;
  if (state.kind === 'waiting' && Date.now() < state.until) return;
  state = { kind: 'starting' };
  subscribe(connect).then(
    (client) => {
      state = { kind: 'running', client };
      warned = false;
    },
    (error: unknown) => {
      disableAll();
      state = { kind: 'waiting', until: Date.now() + RETRY_MS };
      if (warned) return;
      warned = true;
      console.warn(`[cache] PocketBase's realtime events are not reachable, so pages ask PocketBase each time (${(error as Error).message ?? error}).`);
    },
  );
}

/** Stops the subscription and forgets everything (for tests and shutdown). */
export async function stopRemembering(): Promise<void> {
  const current = state;
  state = { kind: 'idle' };
  disableAll();
  if (current.kind === 'running') await current.client.realtime.unsubscribe().catch(() => undefined);
}

async function subscribe(connect: () => Promise<PocketBase>): Promise<PocketBase> {
  // Node has no EventSource of its own (yet); PocketBase's SDK needs one for realtime.
  (globalThis as { EventSource?: unknown }).EventSource ??= EventSource;
  const client = await connect();
  // Subscribing again after a reconnection needs a token that is still valid: as a guest,
  // PocketBase would quietly send fewer events.
  client.beforeSend = async (url, options) => {
    if (url.includes('/api/realtime') && expiresWithin(client.authStore.token, TOKEN_MARGIN_MS)) {
      const fresh = await connect();
      client.authStore.save(fresh.authStore.token, fresh.authStore.record);
      options.headers = { ...options.headers, Authorization: fresh.authStore.token };
    }
    return { url, options };
  };
  const realtime = client.realtime;
  realtime.onDisconnect = disableAll;
  const collections = ['users', ...PERSON_COLLECTIONS];
  await Promise.all([
    ...collections.map((name) =>
      client.collection(name).subscribe('*', (event) => forgetEvent(name, event.record)),
    ),
    // Called after each (re)connection once every subscription above is in place: from then on
    // no change can pass unseen, so remembering is safe again.
    realtime.subscribe('PB_CONNECT', enableAll),
  ]).catch(async (error: unknown) => {
    await realtime.unsubscribe().catch(() => undefined);
    throw error;
  });
  return client;
}
