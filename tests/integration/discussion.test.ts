/**
 * A group's discussion space against the real PocketBase, through src/lib/discussion with each
 * person's own client (docs/DATA-MODEL.md, "Discussion"; docs/PRIVACY.md):
 * - a reply notifies the people taking part in the thread, never the writer, nor anyone who
 *   muted it or left the space; a notification and its email hold kinds and counts, never text;
 * - a trainer hides a post with a reason: audited, kept, shown to its author with the reason,
 *   gone for the rest of the group;
 * - a member's posts are in their download, and closing the account replaces their words with
 *   "removed at the author's request" (earlier versions deleted, no trace in the data folder).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../src/lib/discussion/actions.ts';
import { discussionLimits } from '../../src/lib/discussion/discussion.ts';
import * as store from '../../src/lib/discussion/discussion-store.ts';
import { listMyCohorts } from '../../src/lib/cohorts/cohorts-store.ts';
import { sendDueNotificationEmails } from '../../src/lib/notifications/digest-store.ts';
import { loadStaffWaiting } from '../../src/lib/notifications/staff-waiting-store.ts';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { DISCUSSION_REMOVED } from '../../src/lib/privacy/collections.ts';
import { eraseAccount } from '../../src/lib/privacy/erase.ts';
import { collectPersonData } from '../../src/lib/privacy/export.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { clientAs, createCohort, createUser, enrol, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const COURSE = 'peer-support-foundations';
type Who = 'ana' | 'ben' | 'cal' | 'dee' | 'tess' | 'bo';

let pb: TestPocketBase;
let service: TypedPocketBase;
const as = {} as Record<Who, TypedPocketBase>;
const users = {} as Record<Who, UserRecord>;
let groupA = '';
let groupB = '';

const form = (fields: Record<string, string>) => ({ get: (name: string) => fields[name] ?? null });
const notificationsOf = (who: Who) => service.collection('notifications').getFullList({ filter: service.filter('user = {:u} && kind = "discussion"', { u: users[who].id }) });

beforeAll(async () => {
  pb = await startTestPocketBase();
  service = (await serviceClient(pb)) as TypedPocketBase;
  const roles: Record<Who, UserRecord['role']> = { ana: ['trainee'], ben: ['trainee'], cal: ['trainee'], dee: ['trainee'], tess: ['trainer'], bo: ['trainee'] };
  for (const [who, list] of Object.entries(roles) as [Who, UserRecord['role']][]) {
    await createUser(service as unknown as PocketBase, { email: `${who}-d@example.org`, password: PASSWORD, display_name: `${who} Person`, roles: list });
    as[who] = (await clientAs(pb.url, `${who}-d@example.org`, PASSWORD)) as TypedPocketBase;
    users[who] = as[who].authStore.record as unknown as UserRecord;
  }
  groupA = await createCohort(service as unknown as PocketBase, { name: 'Group A', course: COURSE, trainers: [users.tess.id] });
  groupB = await createCohort(service as unknown as PocketBase, { name: 'Group B', course: COURSE });
  for (const who of ['ana', 'ben', 'cal', 'dee'] as const) await enrol(service as unknown as PocketBase, users[who], COURSE, groupA);
  await enrol(service as unknown as PocketBase, users.bo, COURSE, groupB);
});
afterAll(async () => {
  await pb?.stop();
});

const space = (who: Who) => store.openSpace(as[who], service, groupA, users[who]);

describe('the discussion space', () => {
  it('is open to members and trainers of the group only (anyone else: not found)', async () => {
    expect((await space('ana')).role).toBe('member');
    expect((await space('tess')).role).toBe('trainer');
    await expect(store.openSpace(as.bo, service, groupA, users.bo)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(store.openSpace(as.ana, service, groupB, users.ana)).rejects.toMatchObject({ kind: 'not-found' });
  });

  it('a reply notifies those taking part, not the writer, nor who muted the thread or left the space; no text in it', async () => {
    const ana = await space('ana');
    const thread = await store.createThread(as.ana, ana, users.ana.id, { title: 'Boundaries at work', module: '', body: 'How do you keep boundaries?', content_note: '' });
    await store.createPost(as.ben, thread, users.ben.id, { body: 'I say no kindly.', content_note: '' });
    await store.createPost(as.cal, thread, users.cal.id, { body: 'I ask for supervision.', content_note: '' });
    await store.createPost(as.dee, thread, users.dee.id, { body: 'Early days for me.', content_note: '' });
    await store.setMuted(as.cal, thread, users.cal.id, true);
    await store.setLeft(as.dee, await space('dee'), users.dee.id, true);
    const before = { ana: (await notificationsOf('ana')).length, ben: (await notificationsOf('ben')).length, cal: (await notificationsOf('cal')).length, dee: (await notificationsOf('dee')).length };

    const reply = await store.createPost(as.ben, thread, users.ben.id, { body: 'SECRET-REPLY-WORDS are here', content_note: '' });

    const anas = await notificationsOf('ana');
    expect(anas.length).toBe(before.ana + 1);
    const last = anas.find((n) => n.subject === reply)!;
    expect(last).toMatchObject({ kind: 'discussion', link: `/discussion/${groupA}/${thread}` });
    expect(JSON.stringify(last)).not.toContain('SECRET-REPLY-WORDS');
    expect((await notificationsOf('ben')).length).toBe(before.ben); // the writer
    expect((await notificationsOf('cal')).length).toBe(before.cal); // muted
    expect((await notificationsOf('dee')).length).toBe(before.dee); // left
    expect((await notificationsOf('tess')).length).toBe(0); // not taking part
  });

  it('emails about new replies carry only the kind and the count', async () => {
    await service.collection('notification_settings').create({ user: users.ana.id, discussion: 'immediate', quiet_start: 'off', quiet_end: 'off' });
    const env = { SMTP_HOST: '127.0.0.1', SMTP_PORT: '2525', SMTP_TLS: 'none', EMAIL_FROM: 'learning@example.org', SITE_URL: 'https://learning.example.org', ORG_NAME: 'Riverside' };
    const run = await sendDueNotificationEmails(service, { now: new Date(), env, timeZone: 'Europe/London', secret: Buffer.alloc(32, 7) });
    expect(run.emails).toBeGreaterThan(0);
    const outbox = await service.collection('email_outbox').getFullList({ filter: service.filter('recipient_user = {:u}', { u: users.ana.id }) });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.data.counts).toMatch(/^discussion=\d+$/);
    expect(JSON.stringify(outbox[0])).not.toContain('SECRET-REPLY-WORDS');
  });

  it('a report waits on the trainer\'s staff home; the trainer hides the post with a reason: audited, seen by its author with the reason, by nobody else in the group', async () => {
    const ana = await space('ana');
    const thread = await store.createThread(as.ana, ana, users.ana.id, { title: 'A hard week', module: '', body: 'Something happened.', content_note: 'Mentions self-harm' });
    const post = await store.createPost(as.ana, thread, users.ana.id, { body: 'Details that need care', content_note: '' });
    expect(await store.reportPost(as.ben, post, users.ben.id, { reason: 'unsafe', details: 'Worried for Ana' })).toBe(true);
    expect(await store.reportPost(as.ben, post, users.ben.id, { reason: 'unsafe', details: 'Again' })).toBe(false);

    // The report waits on the trainer's staff home.
    const waiting = async () => (await loadStaffWaiting(as.tess, async () => service, users.tess.id, await listMyCohorts(as.tess, users.tess.id), () => undefined)).find((g) => g.cohort.id === groupA)!.reports;
    expect(await waiting()).toBe(1);

    const tess = await space('tess');
    const threadRecord = await as.tess.collection('discussion_threads').getOne(thread);
    const outcome = await runAction({ pb: as.tess, service, space: tess, user: users.tess, form: form({ action: 'hide', post, reason: 'Please talk to me first' }), now: Date.now(), thread: threadRecord });
    expect(outcome).toMatchObject({ ok: true, flash: 'hidden' });

    const audit = await service.collection('audit_log').getFullList({ filter: service.filter('action = "discussion.hide" && target_id = {:p}', { p: post }) });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain('Details that need care');

    const mine = await store.loadThread(as.ana, service, ana, thread, users.ana.id);
    expect(mine.posts.find((p) => p.id === post)).toMatchObject({ state: 'hidden', hidden_reason: 'Please talk to me first' });
    const bens = await store.loadThread(as.ben, service, await space('ben'), thread, users.ben.id);
    expect(bens.posts.map((p) => p.id)).not.toContain(post);
    await expect(store.loadThread(as.bo, service, { cohort: { id: groupA, name: '', course: COURSE }, role: 'member', left: false }, thread, users.bo.id)).rejects.toMatchObject({ kind: 'not-found' });

    // A member cannot hide; the hide form without a reason is refused with a plain message.
    const [report] = await store.listReports(as.tess, tess);
    expect(await runAction({ pb: as.tess, service, space: tess, user: users.tess, form: form({ action: 'dealt', report: report!.id }), now: Date.now() })).toMatchObject({ ok: true, flash: 'dealt' });
    expect(await waiting()).toBe(0);

    const byBen = await runAction({ pb: as.ben, service, space: await space('ben'), user: users.ben, form: form({ action: 'hide', post, reason: 'x' }), now: Date.now(), thread: threadRecord });
    expect(byBen).toMatchObject({ ok: false, status: 403 });
  });

  it('a paused thread takes no replies, and a flood of posts is stopped', async () => {
    const ben = await space('ben');
    const thread = await store.createThread(as.ben, ben, users.ben.id, { title: 'Pause me', module: '', body: 'Hello', content_note: '' });
    const record = await as.tess.collection('discussion_threads').getOne(thread);
    expect(await runAction({ pb: as.tess, service, space: await space('tess'), user: users.tess, form: form({ action: 'pause', reason: 'A break' }), now: Date.now(), thread: record })).toMatchObject({ ok: true, flash: 'paused' });
    const paused = await as.ben.collection('discussion_threads').getOne(thread);
    expect(await runAction({ pb: as.ben, service, space: ben, user: users.ben, form: form({ action: 'reply', body: 'Still?' }), now: Date.now(), thread: paused })).toMatchObject({ ok: false, status: 400 });

    expect(await runAction({ pb: as.tess, service, space: await space('tess'), user: users.tess, form: form({ action: 'resume' }), now: Date.now(), thread: record })).toMatchObject({ ok: true, flash: 'resumed' });
    const open = await as.ben.collection('discussion_threads').getOne(thread);
    discussionLimits.postsShort.reset(users.ben.id);
    discussionLimits.postsLong.reset(users.ben.id);
    const outcomes = [];
    for (let i = 0; i < 9; i++) outcomes.push(await runAction({ pb: as.ben, service, space: ben, user: users.ben, form: form({ action: 'reply', body: `Post ${i}` }), now: Date.now(), thread: open }));
    expect(outcomes.slice(0, 8).filter((o) => !o.ok)).toEqual([]);
    expect(outcomes[8]).toMatchObject({ ok: false, status: 429 });
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
async function filesContaining(dir: string, text: string): Promise<string[]> {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(file);
    if (needles.some((n) => bytes.includes(n))) found.push(path.relative(dir, file));
  }
  return found;
}

describe("a member's posts and their privacy", () => {
  it('are in their download, and closing the account replaces their words (earlier versions deleted, no trace left)', async () => {
    const CANARY = `canary-${Date.now().toString(36)}-Dq9`;
    const cal = await space('cal');
    const thread = await store.createThread(as.cal, cal, users.cal.id, { title: `Title ${CANARY}`, module: '', body: `First ${CANARY}`, content_note: `note ${CANARY}` });
    const [opening] = (await store.loadThread(as.cal, service, cal, thread, users.cal.id)).posts;
    expect(await store.editPost(as.cal, opening!, { body: `Second ${CANARY}`, content_note: '' })).toBe(true);
    await store.createPost(as.ana, thread, users.ana.id, { body: 'A reply from Ana stays', content_note: '' });
    await store.reportPost(as.cal, (await store.loadThread(as.cal, service, cal, thread, users.cal.id)).posts[1]!.id, users.cal.id, { reason: 'other', details: `report ${CANARY}` });

    const data = await collectPersonData(service, users.cal.id, new Date());
    expect(JSON.stringify(data.collections.discussion_posts)).toContain(`Second ${CANARY}`);
    expect(JSON.stringify(data.collections.discussion_post_versions)).toContain(`First ${CANARY}`);
    expect(JSON.stringify(data.collections.discussion_threads)).toContain(`Title ${CANARY}`);
    expect(JSON.stringify(data.collections.discussion_reports)).toContain(`report ${CANARY}`);
    expect((await filesContaining(pb.dataDir, CANARY)).length).toBeGreaterThan(0); // the search works

    await eraseAccount(service, users.cal.id, { kind: 'self' });

    const posts = await service.collection('discussion_posts').getFullList({ filter: service.filter('thread = {:t}', { t: thread }), sort: 'created' });
    expect(posts[0]).toMatchObject({ state: 'removed', body: DISCUSSION_REMOVED, content_note: '' });
    expect(posts[1]).toMatchObject({ state: 'shown', body: 'A reply from Ana stays' });
    expect((await service.collection('discussion_threads').getOne(thread)).title).toBe(DISCUSSION_REMOVED);
    expect(await service.collection('discussion_post_versions').getFullList({ filter: service.filter('post = {:p}', { p: opening!.id }) })).toEqual([]);
    expect(await filesContaining(pb.dataDir, CANARY)).toEqual([]);
  });
});
