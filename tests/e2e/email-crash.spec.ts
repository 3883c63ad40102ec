/**
 * The outbox survives `kill -9` of the site: the built site (scripts/server.ts, as `npm start`
 * runs it, with its email worker) is killed while an email is half-sent — the SMTP server has
 * the message but has not yet said "accepted" — then started again. Every queued email
 * arrives, and every Message-ID arrives exactly once.
 *
 * It lives with the browser tests because it needs the built site (`npm test` builds it just
 * before them); it drives no browser.
 */
import { test, expect } from '@playwright/test';
import { OUTBOX, queueEmail, type EmailOutboxRecord } from '../../src/lib/email/outbox-store.ts';
import { startAstroServer, type RunningAstro } from '../../src/lib/server/astro-process.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { serviceClient } from '../support/fixtures-pb.ts';
import { onAFreePort, repoPocketBaseDirs, startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';
import { smtpEnv, startTestSmtpServer, type TestSmtpServer } from '../support/smtp.ts';

let pb: TestPocketBase | undefined;
let smtp: TestSmtpServer | undefined;
let site: RunningAstro | undefined;

test.afterAll(async () => {
  await site?.stop();
  await smtp?.stop();
  await pb?.stop();
});

test('kill -9 of the site mid-send, then a restart: every message arrives, each Message-ID exactly once', async () => {
  test.setTimeout(120_000);
  pb = await startTestPocketBase();
  smtp = await startTestSmtpServer();
  const service = (await serviceClient(pb)) as TypedPocketBase;
  const { projectRoot } = repoPocketBaseDirs();
  const startSite = () =>
    onAFreePort((port) =>
      startAstroServer({
        projectRoot,
        mode: 'built',
        host: '127.0.0.1',
        port,
        env: { PB_URL: pb!.url, PB_DATA_DIR: pb!.dataDir, ...smtpEnv(smtp!), SITE_URL: `http://127.0.0.1:${port}`, EMAIL_POLL_MS: '200', EMAIL_LEASE_SECONDS: '3' },
        output: 'pipe',
      }),
    );
  const rows = async (ids: string[]) => Promise.all(ids.map((id) => service.collection(OUTBOX).getOne<EmailOutboxRecord>(id)));

  site = await startSite();
  // Two go out normally.
  const early = [
    await queueEmail(service, { kind: 'smtp_test', to: 'a@example.test', data: { name: 'A' } }),
    await queueEmail(service, { kind: 'smtp_test', to: 'b@example.test', data: { name: 'B' } }),
  ];
  await smtp.waitForMessages(2);
  await expect.poll(async () => (await rows(early)).map((r) => r.status), { timeout: 15_000 }).toEqual(['sent', 'sent']);

  // Then the SMTP server goes slow: it reads each message but does not answer yet.
  smtp.hold();
  const late = await Promise.all(['c', 'd', 'e', 'f'].map((n) => queueEmail(service, { kind: 'smtp_test', to: `${n}@example.test`, data: { name: n } })));
  await smtp.waitForHeld(1);
  const sending = (await rows(late)).filter((r) => r.status === 'sending');
  expect(sending.length, 'the worker holds a lease on the emails it is sending').toBeGreaterThan(0);

  // kill -9: no clean-up, no "finish" for the half-sent email.
  const exited = site.exited;
  site.process.kill('SIGKILL');
  expect((await exited).signal).toBe('SIGKILL');
  site = undefined;
  // The server now answers; the connection is gone, so the half-sent message was never accepted.
  await smtp.waitForHeldClientsGone();
  smtp.release();
  expect(smtp.droppedCount(), 'an email was cut off mid-send').toBeGreaterThan(0);
  expect(smtp.messages).toHaveLength(2);
  expect((await rows(late)).some((r) => r.status === 'sending'), 'the killed worker left rows it had claimed').toBe(true);

  // Restart: once the dead worker's leases run out, the new one sends what is left.
  site = await startSite();
  await expect.poll(async () => (await rows([...early, ...late])).every((r) => r.status === 'sent'), { timeout: 60_000 }).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // anything sent twice would have arrived by now

  const expected = (await rows([...early, ...late])).map((r) => r.message_id).sort();
  const received = smtp.messages.map((m) => m.messageId).sort();
  expect(received).toEqual(expected);
  expect(new Set(received).size).toBe(6);
});
