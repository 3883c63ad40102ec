/**
 * A background loop in the web server's process (the notification email sender, the retention
 * job): one step, then a wait of `pollMs` that `nudge()` cuts short, until `stop()`. A failing
 * step is reported once (`onFailure`, with `first` true) until a step succeeds again, so an
 * outage does not fill the log. One loop per `key` per process (kept on globalThis, so Astro's
 * dev reloads and the server script share it).
 */

export interface PollingWorker {
  stop(): Promise<void>;
  /** Runs a step now. */
  nudge(): void;
}

export function startPollingWorker(key: symbol, pollMs: number, step: () => Promise<void>, onFailure: (error: unknown, first: boolean) => void): PollingWorker {
  const global = globalThis as Record<symbol, unknown>;
  if (global[key]) return global[key] as PollingWorker;
  let stopped = false;
  let wake: (() => void) | undefined;
  let failing = false;

  const loop = (async () => {
    while (!stopped) {
      try {
        await step();
        failing = false;
      } catch (error) {
        onFailure(error, !failing);
        failing = true;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        timer.unref?.();
        function done() {
          clearTimeout(timer);
          wake = undefined;
          resolve();
        }
        wake = stopped ? undefined : done;
        if (stopped) done();
      });
    }
  })();

  const worker: PollingWorker = {
    nudge: () => wake?.(),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
  global[key] = worker;
  return worker;
}

/** Stops the loop for `key`, if this process runs one. */
export async function stopPollingWorker(key: symbol): Promise<void> {
  const global = globalThis as Record<symbol, unknown>;
  const worker = global[key] as PollingWorker | undefined;
  global[key] = undefined;
  await worker?.stop();
}
