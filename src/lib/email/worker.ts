/**
 * The outbox worker: runs inside the web server's process (started by scripts/server.ts; under
 * `npm run dev`, by the middleware on the first request). It claims due rows with a lease,
 * sends each, and records the result; a failed send is tried again later with exponential
 * backoff, and after the last allowed attempt the row is `failed` with the reason.
 *
 * Delivery is at least once, made as close to exactly once as SMTP allows:
 * - every send of a row carries the same Message-ID (from the row id);
 * - a row is marked `sent` straight after the SMTP server accepts it;
 * - if the process dies while sending, the row stays `sending` until its lease runs out, then
 *   any worker sends it again. If the SMTP server had not yet accepted the message (the usual
 *   case: the connection drops mid-conversation and the server discards it), it arrives once.
 *   If the process died in the short gap after the server's "250 accepted" and before the row
 *   was marked, it arrives twice, with the same Message-ID (docs/OPERATIONS.md, "Email").
 *
 * Only one worker runs per process, whichever copy of this module starts it.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { serviceClient } from '../pb-service.ts';
import type { TypedPocketBase } from '../pb.ts';
import { readEmailConfig, type EmailConfig } from './config.ts';
import { afterFailure, describeSendError, isPermanentSmtpError, timingsFromEnv, type WorkerTimings } from './outbox.ts';
import { claimDueEmails, finishEmail, setEmailWorkerNudge, type EmailOutboxRecord } from './outbox-store.ts';
import { createSender, type Sender } from './sender.ts';
import { renderEmail } from './templates.ts';
import { organisationSettings } from '../org/settings-store.ts';

export interface EmailWorker {
  /** Finishes the send in progress (if any), then stops. */
  stop(): Promise<void>;
  /** Looks for due rows now instead of at the next poll. */
  nudge(): void;
}

export interface StartEmailWorkerOptions {
  env?: Record<string, string | undefined>;
  /** The service client to use (default: the shared one from ../pb-service.ts). */
  connect?: () => Promise<TypedPocketBase>;
  log?: (line: string) => void;
}

const RUNNING = Symbol.for('lived-learning.email-worker');
const CLAIM_BATCH = 10;

/**
 * Starts the worker unless one is already running in this process (then returns that one), or
 * does nothing (and says why, once) when email is not set up.
 */
export function startEmailWorker(options: StartEmailWorkerOptions = {}): EmailWorker | undefined {
  const global = globalThis as Record<symbol, unknown>;
  if (global[RUNNING]) return global[RUNNING] as EmailWorker;
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.log(line));
  const config = readEmailConfig(env);
  if (config.kind === 'off') {
    log('[email] No mail server is set up (SMTP_HOST), so no email is sent. Password resets need a link from a trainer or administrator.');
    return undefined;
  }
  if (config.kind === 'invalid') {
    log(`[email] Email is switched off until the settings are fixed: ${config.problems.join('; ')}`);
    return undefined;
  }
  const worker = runWorker(config, timingsFromEnv(env), options.connect ?? serviceClient, log);
  global[RUNNING] = worker;
  return worker;
}

/** Stops the worker running in this process, if any. */
export async function stopEmailWorker(): Promise<void> {
  const global = globalThis as Record<symbol, unknown>;
  const worker = global[RUNNING] as EmailWorker | undefined;
  global[RUNNING] = undefined;
  await worker?.stop();
}

function runWorker(config: Extract<EmailConfig, { kind: 'on' }>, timings: WorkerTimings, connect: () => Promise<TypedPocketBase>, log: (line: string) => void): EmailWorker {
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const sender: Sender = createSender(config.smtp);
  let stopped = false;
  let wake: (() => void) | undefined;
  let nudged = false;
  let unreachable = false;

  const nudge = () => {
    nudged = true;
    wake?.();
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (nudged || stopped) return resolve();
      const timer = setTimeout(done, ms);
      timer.unref?.();
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function sendOne(service: TypedPocketBase, row: EmailOutboxRecord): Promise<void> {
    let finish: Parameters<typeof finishEmail>[3];
    try {
      // The name from the organisation's settings (ORG_NAME / ISSUER_NAME only until an administrator has saved one).
      const orgName = (await organisationSettings(async () => service)).name;
      const rendered = renderEmail(row.kind, row.data ?? {}, { orgName, siteUrl: config.siteUrl });
      const messageId = await sender.send({ ...rendered, to: row.to_address, messageId: row.message_id });
      finish = { outcome: 'sent', messageId };
    } catch (error) {
      const failure = { permanent: isPermanentSmtpError(error as never) || (error instanceof Error && error.message.startsWith('There is no email of kind')), message: describeSendError(error) };
      const next = afterFailure(row.attempts, failure, new Date(), timings);
      finish = next.outcome === 'retry' ? { outcome: 'retry', error: failure.message, nextAttemptAt: next.nextAttemptAt } : { outcome: 'failed', error: failure.message };
      log(`[email] Sending ${row.id} (try ${row.attempts}) did not work: ${failure.message}${next.outcome === 'retry' ? '; trying again later' : '; giving up'}`);
    }
    // Record the result even if PocketBase blinks: a sent row left `sending` would be sent again.
    for (let tries = 0; ; tries++) {
      try {
        if (!(await finishEmail(service, row.id, owner, finish))) log(`[email] ${row.id} was taken over by another worker; its result here is not recorded`);
        return;
      } catch (error) {
        if (tries >= 4 || stopped) {
          log(`[email] Could not record the result for ${row.id}: ${describeSendError(error)}`);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** tries));
      }
    }
  }

  const loop = (async () => {
    while (!stopped) {
      nudged = false;
      let claimed: EmailOutboxRecord[] = [];
      try {
        const service = await connect();
        claimed = await claimDueEmails(service, { owner, limit: CLAIM_BATCH, leaseSeconds: timings.leaseSeconds, maxAttempts: timings.maxAttempts });
        if (unreachable) log('[email] The outbox is reachable again.');
        unreachable = false;
        for (const row of claimed) {
          if (stopped) break;
          await sendOne(service, row);
        }
      } catch (error) {
        if (!unreachable) log(`[email] Cannot reach the outbox in PocketBase (${describeSendError(error)}); trying again every ${Math.round(timings.pollMs / 1000)} s.`);
        unreachable = true;
      }
      if (claimed.length < CLAIM_BATCH) await pause(timings.pollMs);
    }
  })();

  setEmailWorkerNudge(nudge);
  log(`[email] Sending email through ${config.smtp.host}:${config.smtp.port} (${config.smtp.tls}).`);
  return {
    nudge,
    async stop() {
      stopped = true;
      setEmailWorkerNudge(undefined);
      wake?.();
      await loop;
      sender.close();
    },
  };
}
