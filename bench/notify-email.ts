/**
 * Notification emails (issue 15): with a real PocketBase and the local SMTP test server
 * (tests/support/smtp.ts), all on loopback:
 * - 1,000 immediate notifications (one each for 1,000 assessors) turned into outbox emails by
 *   the sender (src/lib/notifications/digest-store.ts), then delivered by the real outbox worker;
 * - a daily digest for 2,000 people: the time to plan and queue it at the digest hour.
 * Figures only: no targets. Bounded: 2,000 accounts, 3,000 notifications.
 */
import { newRecordId } from '../src/lib/cohorts/invitations-store.ts';
import { startEmailWorker, stopEmailWorker } from '../src/lib/email/worker.ts';
import { nextDigestAfter } from '../src/lib/notifications/email-prefs.ts';
import { sendDueNotificationEmails } from '../src/lib/notifications/digest-store.ts';
import type { TypedPocketBase } from '../src/lib/pb.ts';
import { serviceClient } from '../tests/support/fixtures-pb.ts';
import { startTestPocketBase } from '../tests/support/pocketbase.ts';
import { smtpEnv, startTestSmtpServer } from '../tests/support/smtp.ts';
import type { Figure } from './report.ts';

const PEOPLE = 2_000;
const IMMEDIATE = 1_000;
const CHUNK = 100;
const LONDON = 'Europe/London';
const secret = Buffer.alloc(32, 3);

async function inBatches(service: TypedPocketBase, count: number, add: (batch: ReturnType<TypedPocketBase['createBatch']>, i: number) => void, chunk = CHUNK): Promise<void> {
  for (let start = 0; start < count; start += chunk) {
    const batch = service.createBatch();
    for (let i = start; i < Math.min(count, start + chunk); i++) add(batch, i);
    await batch.send();
  }
}

export async function benchNotifyEmail(): Promise<Figure[]> {
  const pb = await startTestPocketBase();
  const smtp = await startTestSmtpServer();
  const saved = { ...process.env };
  Object.assign(process.env, smtpEnv(smtp), { SITE_URL: 'https://learning.example.test', ORG_TIME_ZONE: LONDON });
  try {
    const service = (await serviceClient(pb)) as unknown as TypedPocketBase;
    const ids = Array.from({ length: PEOPLE }, () => newRecordId());
    let started = performance.now();
    await inBatches(service, PEOPLE, (batch, i) =>
      batch.collection('users').create({ id: ids[i], email: `bench-notify-${i}@example.test`, password: 'bench-password-123', passwordConfirm: 'bench-password-123', display_name: `Person ${i}`, role: ['assessor'] }),
      // Each account hashes a password: small batches keep each one well inside PocketBase's batch timeout (30 s since migration 1795436800) on a busy machine.
      20,
    );
    await inBatches(service, IMMEDIATE, (batch, i) => batch.collection('notification_settings').create({ user: ids[i], to_decide: 'immediate' }));
    await inBatches(service, IMMEDIATE, (batch, i) => batch.collection('notifications').create({ user: ids[i], kind: 'evidence', link: '/staff', subject: newRecordId() }));
    console.log(`  set up ${PEOPLE} accounts and ${IMMEDIATE} notifications in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // 1,000 immediate notifications: queue (one email each), then deliver.
    started = performance.now();
    const queued = await sendDueNotificationEmails(service, { now: new Date('2030-01-15T13:00:00Z'), timeZone: LONDON, secret });
    const queueMs = performance.now() - started;
    console.log(`  queued ${queued.emails} immediate emails in ${queueMs.toFixed(0)} ms`);
    started = performance.now();
    startEmailWorker({ env: { ...process.env, EMAIL_POLL_MS: '50' }, connect: async () => service, log: () => {} });
    await smtp.waitForMessages(IMMEDIATE, 600_000);
    const deliverS = (performance.now() - started) / 1000;
    await stopEmailWorker();
    console.log(`  delivered ${smtp.messages.length} to the local SMTP server in ${deliverS.toFixed(1)} s (${(IMMEDIATE / deliverS).toFixed(0)} emails/s)`);

    // A daily digest for 2,000 people.
    await inBatches(service, PEOPLE, (batch, i) => batch.collection('notifications').create({ user: ids[i], kind: 'sample', link: '/staff', subject: newRecordId() }));
    const morning = nextDigestAfter(new Date(), 'daily', { hour: 8, weekday: 1 }, LONDON);
    started = performance.now();
    const digest = await sendDueNotificationEmails(service, { now: morning, timeZone: LONDON, secret });
    const digestMs = performance.now() - started;
    console.log(`  daily digest: ${digest.emails} emails about ${digest.notifications} notifications planned and queued in ${(digestMs / 1000).toFixed(1)} s`);
    if (digest.emails !== PEOPLE) throw new Error(`expected ${PEOPLE} digest emails, got ${digest.emails}`);

    return [
      { name: `queue ${IMMEDIATE} immediate notification emails`, value: `${queueMs.toFixed(0)} ms`, target: 'trend' },
      { name: `deliver ${IMMEDIATE} emails (local SMTP)`, value: `${(IMMEDIATE / deliverS).toFixed(0)} emails/s`, target: 'trend' },
      { name: `daily digest for ${PEOPLE} people (queue)`, value: `${(digestMs / 1000).toFixed(1)} s`, target: 'trend' },
    ];
  } finally {
    await stopEmailWorker();
    process.env = saved;
    await smtp.stop();
    await pb.stop();
  }
}

// `node bench/notify-email.ts` runs this one alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchNotifyEmail();
  console.log(figures.map((f) => `${f.name}: ${f.value}`).join('\n'));
}
