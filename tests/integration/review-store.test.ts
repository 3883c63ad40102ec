/**
 * Review rounds against a real PocketBase and a real course folder (src/lib/review/):
 * accepting a rewording is a normal draft revision that credits the reviewer and writes the
 * credit into course.md; a round that has closed takes no comments; a reviewer's choice shows
 * on the course page at once; closing the reviewer's account replaces their words with
 * "Removed at the reviewer's request" and takes their credit off the course page.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import { REVIEW_REMOVED } from '../../src/lib/privacy/collections.ts';
import { eraseAccount } from '../../src/lib/privacy/erase.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { addComment, chooseCredit, decideComment, inviteReviewers, invitedRound, liveCredits, openRound, setRoundStatus } from '../../src/lib/review/review-store.ts';
import { clientAs, createUser, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
const SLUG = 'review-store-course';
const MODULE = '01-listening.md';
const words = { changed: 'changed', notSuggestion: 'not a suggestion', note: (name: string, round: string) => `Rewording suggested by ${name} (${round})` };

let pb: TestPocketBase;
let svc: TypedPocketBase;
let dir: string;
let author: UserRecord;
const dirs = () => ({ courses: dir, published: null });

beforeAll(async () => {
  pb = await startTestPocketBase();
  svc = (await serviceClient(pb)) as TypedPocketBase;
  dir = mkdtempSync(path.join(tmpdir(), 'review-store-'));
  mkdirSync(path.join(dir, SLUG));
  writeFileSync(path.join(dir, SLUG, 'course.md'), '---\ntitle: Listening\nauthors:\n  - name: Sam\n    role: Peer trainer\n---\n\nIntro.\n');
  writeFileSync(path.join(dir, SLUG, MODULE), '---\ntitle: Listening\n---\n\nListening is hard.\n\nSecond paragraph.\n');
  const a = await createUser(svc as unknown as PocketBase, { email: 'author@example.org', password: PASSWORD, display_name: 'Author A', roles: ['author'] });
  author = (await svc.collection('users').getOne(a.id)) as UserRecord;
  await svc.collection('course_authors').create({ course: SLUG, user: author.id });
});
afterAll(async () => {
  await pb?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function reviewer(name: string) {
  const u = await createUser(svc as unknown as PocketBase, { email: `${name.toLowerCase()}@example.org`, password: PASSWORD, display_name: name, roles: ['trainee'] });
  const client = (await clientAs(pb.url, u.email, PASSWORD)) as TypedPocketBase;
  return { user: (await svc.collection('users').getOne(u.id)) as UserRecord, client };
}

describe('review rounds', () => {
  it('inviting tells the reviewer; accepting a rewording saves a revision crediting the reviewer, and writes the credit into course.md', async () => {
    const round = await openRound(svc, { slug: SLUG, title: 'Spring', actor: author });
    const rosa = await reviewer('Rosa');
    expect(await inviteReviewers(svc, { slug: SLUG, round: round.id, users: [], emails: ['rosa@example.org', 'nobody@example.org'], actor: author })).toEqual({ invited: 0, unknown: ['nobody@example.org'] });
    expect(await inviteReviewers(svc, { slug: SLUG, round: round.id, users: [], emails: ['rosa@example.org'], actor: author })).toEqual({ invited: 1, unknown: [] });
    // Told through "Waiting for you" (and its email choices): the kind and a link, nothing else.
    const told = await rosa.client.collection('notifications').getFullList();
    expect(told.map((n) => [n.kind, n.link, n.subject])).toEqual([['review', `/review/${round.id}`, round.id]]);
    const seen = await invitedRound(rosa.client, rosa.user.id, round.id);
    await addComment(rosa.client, { user: rosa.user.id, round: seen, closedMessage: 'closed', comment: { path: MODULE, target: 'paragraph', anchor: 1, quote: 'Listening is hard.', kind: 'suggestion', body: '', suggestion: 'Listening takes practice.' } });
    const [comment] = await svc.collection('review_comments').getFullList({ filter: svc.filter('round = {:r}', { r: round.id }) });
    const { revision } = await decideComment(svc, { slug: SLUG, round: round.id, comment: comment!.id, decision: { action: 'accept', reply: 'Thanks' }, actor: author, dirs: dirs(), words });

    expect(readFileSync(path.join(dir, SLUG, MODULE), 'utf8')).toBe('---\ntitle: Listening\n---\n\nListening takes practice.\n\nSecond paragraph.\n');
    const rev = await svc.collection('course_revisions').getOne(revision!);
    expect([rev.path, rev.kind, rev.message, rev.actor]).toEqual([MODULE, 'save', 'Rewording suggested by Rosa (Spring)', author.id]);
    expect((await svc.collection('review_comments').getOne(comment!.id)).status).toBe('accepted');
    expect(readFileSync(path.join(dir, SLUG, 'course.md'), 'utf8')).toMatch(/credits:\n  - name: Rosa\n    role: co-author\n    ref: [a-z0-9]+\n/);

    // Accepting it again finds the paragraph gone: nothing changes.
    await svc.collection('review_comments').update(comment!.id, { status: 'waiting' });
    await expect(decideComment(svc, { slug: SLUG, round: round.id, comment: comment!.id, decision: { action: 'accept', reply: '' }, actor: author, dirs: dirs(), words })).rejects.toThrow('changed');
  });

  it('a closed round takes no comments, even from a page shown while it was open; nobody is credited without commenting', async () => {
    const round = await openRound(svc, { slug: SLUG, title: 'Summer', actor: author });
    const sol = await reviewer('Sol');
    await inviteReviewers(svc, { slug: SLUG, round: round.id, users: [sol.user.id], emails: [], actor: author });
    await expect(chooseCredit(sol.client, svc, { user: sol.user, slug: SLUG, choice: { show: 'name', name: 'Sol' }, dirs: dirs(), notYet: 'comment first' })).rejects.toThrow('comment first');
    expect(readFileSync(path.join(dir, SLUG, 'course.md'), 'utf8')).not.toContain('Sol');
    const seenWhileOpen = await invitedRound(sol.client, sol.user.id, round.id);
    await setRoundStatus(svc, { slug: SLUG, round: round.id, status: 'closed', actor: author, dirs: dirs() });
    await expect(addComment(sol.client, { user: sol.user.id, round: seenWhileOpen, closedMessage: 'closed', comment: { kind: 'review', helped: 'x', hurt: '', missing: '' } })).rejects.toThrow('closed');
    expect((await invitedRound(sol.client, sol.user.id, round.id)).status).toBe('closed');
  });

  it('the course page follows a reviewer’s choice at once; closing their account removes their words and their credit', async () => {
    const round = await openRound(svc, { slug: SLUG, title: 'Autumn', actor: author });
    const kit = await reviewer('Kit');
    await inviteReviewers(svc, { slug: SLUG, round: round.id, users: [kit.user.id], emails: [], actor: author });
    const seen = await invitedRound(kit.client, kit.user.id, round.id);
    await addComment(kit.client, { user: kit.user.id, round: seen, closedMessage: 'closed', comment: { path: MODULE, target: 'paragraph', anchor: 2, quote: 'Second paragraph.', kind: 'comment', body: 'Kit thinks this is clear', suggestion: '' } });
    const [comment] = await svc.collection('review_comments').getFullList({ filter: svc.filter('round = {:r}', { r: round.id }) });
    await decideComment(svc, { slug: SLUG, round: round.id, comment: comment!.id, decision: { action: 'reply', reply: 'Glad to hear it' }, actor: author, dirs: dirs(), words });
    const courseMd = readFileSync(path.join(dir, SLUG, 'course.md'), 'utf8');
    const ref = /- name: Kit\n    role: reviewer\n    ref: ([a-z0-9]+)/.exec(courseMd)![1]!;
    const published = { slug: SLUG, credits: [{ name: 'Kit', role: 'reviewer' as const, ref }, { name: 'On paper', role: 'reviewer' as const }] };
    expect(await liveCredits(svc, published)).toEqual([{ name: 'Kit', role: 'reviewer' }, { name: 'On paper', role: 'reviewer' }]);

    await chooseCredit(kit.client, svc, { user: kit.user, slug: SLUG, choice: { show: 'anonymous', name: '' }, dirs: dirs(), notYet: 'comment first' });
    expect(await liveCredits(svc, published)).toEqual([{ anonymous: true, role: 'reviewer' }, { name: 'On paper', role: 'reviewer' }]);
    expect(readFileSync(path.join(dir, SLUG, 'course.md'), 'utf8')).toContain(`- anonymous: true\n    role: reviewer\n    ref: ${ref}`);

    await eraseAccount(svc, kit.user.id, { kind: 'self' });
    const after = await svc.collection('review_comments').getOne(comment!.id);
    expect([after.body, after.reply, after.quote]).toEqual([REVIEW_REMOVED, 'Glad to hear it', 'Second paragraph.']);
    expect(await liveCredits(svc, published)).toEqual([{ name: 'On paper', role: 'reviewer' }]);
    expect(await svc.collection('review_invites').getFullList({ filter: svc.filter('user = {:u}', { u: kit.user.id }) })).toEqual([]);
  });
});
