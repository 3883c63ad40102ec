/**
 * Counting the requests a page makes to PocketBase, so tests and benchmarks can show that the
 * cohort overview makes the same number of requests for 2 trainees as for 200 (no N+1).
 *
 *   const counter = countRequests(pb, service);
 *   await loadCohortRows(...);
 *   counter.count;        // requests sent so far, all clients together
 *   counter.byCollection; // e.g. { evidence: 1, decisions: 1, … }
 *   counter.stop();       // the clients behave as before
 */
import type PocketBase from 'pocketbase';

export interface RequestCounter {
  /** Requests sent through the counted clients since counting started. */
  readonly count: number;
  /** The same, per collection (`/api/collections/<name>/…`), or per path for anything else. */
  readonly byCollection: Readonly<Record<string, number>>;
  /** Puts the clients' own `beforeSend` back. */
  stop(): void;
}

/** The collection a PocketBase API URL is about, or its path. */
export function collectionOf(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0] ?? '';
  const m = /^\/api\/collections\/([^/]+)\//.exec(path);
  return m ? decodeURIComponent(m[1]!) : path;
}

/** Counts every request the clients send from now on (wrapping `beforeSend`, keeping any hook already there). */
export function countRequests(...clients: PocketBase[]): RequestCounter {
  const byCollection: Record<string, number> = {};
  let count = 0;
  const restore = clients.map((client) => {
    const previous = client.beforeSend;
    client.beforeSend = async function (url, options) {
      count += 1;
      const name = collectionOf(url);
      byCollection[name] = (byCollection[name] ?? 0) + 1;
      return previous ? previous.call(this, url, options) : { url, options };
    };
    return () => {
      client.beforeSend = previous;
    };
  });
  return {
    get count() {
      return count;
    },
    byCollection,
    stop: () => restore.forEach((undo) => undo()),
  };
}
