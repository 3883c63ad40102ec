/**
 * src/lib/discussion/discussion.ts: reading the discussion forms (plain messages, nothing
 * lost), what a post shows to whom, thread order, and the flood limits.
 */
import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from '../../src/lib/auth/rate-limit.ts';
import {
  BODY_MAX,
  discussionLimits,
  newRecordId,
  parsePostForm,
  parseReason,
  parseReportForm,
  parseThreadForm,
  replyBlocked,
  showPost,
  threadOrder,
  tryOnce,
  tryPost,
} from '../../src/lib/discussion/discussion.ts';
import { discussionEn } from '../../src/lib/i18n/discussion.ts';
import { renderUserMarkdown } from '../../src/lib/markdown/markdown.ts';

const form = (fields: Record<string, string>) => ({ get: (name: string) => fields[name] ?? null });

describe('discussion forms', () => {
  it('a post needs words, keeps within its limits, and tidies the content note', () => {
    expect(parsePostForm(form({ body: '  ' }))).toEqual({ ok: false, fields: { body: discussionEn.errors.bodyMissing } });
    expect(parsePostForm(form({ body: 'x'.repeat(BODY_MAX + 1) }))).toMatchObject({ ok: false, fields: { body: expect.stringContaining('10,000') } });
    expect(parsePostForm(form({ body: 'Hello\r\nthere', content_note: '  loss \n and grief ' }))).toEqual({ ok: true, value: { body: 'Hello\nthere', content_note: 'loss and grief' } });
    expect(parsePostForm(form({ body: 'Hi', content_note: 'n'.repeat(201) }))).toMatchObject({ ok: false, fields: { content_note: expect.any(String) } });
  });

  it('a thread needs a title and a module of the course (or none), and reports every problem at once', () => {
    expect(parseThreadForm(form({ title: '', body: '', module: 'nope' }), ['01-welcome'])).toEqual({
      ok: false,
      fields: { title: discussionEn.errors.titleMissing, body: discussionEn.errors.bodyMissing, module: discussionEn.errors.module },
    });
    expect(parseThreadForm(form({ title: ' Boundaries ', body: 'How?', module: '01-welcome' }), ['01-welcome'])).toEqual({
      ok: true,
      value: { title: 'Boundaries', module: '01-welcome', body: 'How?', content_note: '' },
    });
  });

  it('a report needs one of the reasons; hiding needs a reason, pausing does not', () => {
    expect(parseReportForm(form({ reason: 'rude' }))).toEqual({ ok: false, fields: { reason: discussionEn.errors.reason } });
    expect(parseReportForm(form({ reason: 'unsafe', details: 'Worried' }))).toEqual({ ok: true, value: { reason: 'unsafe', details: 'Worried' } });
    expect(parseReason(form({ reason: ' ' }), true)).toEqual({ ok: false, fields: { reason: discussionEn.errors.hideReason } });
    expect(parseReason(form({}), false)).toEqual({ ok: true, value: '' });
  });
});

describe('what a post shows', () => {
  const post = { author: 'a', body: 'Words', content_note: 'Grief', state: 'shown' as const, hidden_reason: '', edited_at: '' };
  it('shows a hidden post with its reason, worded for its author or for a trainer', () => {
    expect(showPost({ ...post, state: 'hidden', hidden_reason: 'Names someone' }, 'a')).toMatchObject({ kind: 'hidden', forAuthor: true, reason: 'Names someone' });
    expect(showPost({ ...post, state: 'hidden', hidden_reason: 'Names someone' }, 't')).toMatchObject({ kind: 'hidden', forAuthor: false });
  });
  it('shows a removed post as removed, with none of its words', () => {
    expect(showPost({ ...post, state: 'removed' }, 'a')).toEqual({ kind: 'removed' });
  });
  it('marks an edited post', () => {
    expect(showPost({ ...post, edited_at: '2026-12-07 10:00:00.000Z' }, 'b')).toMatchObject({ kind: 'shown', edited: true, note: 'Grief' });
  });
  it('posts go through the safe Markdown pipeline: raw HTML is shown as text', () => {
    const html = renderUserMarkdown('<script>alert(1)</script> <img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
  });
});

describe('threads and limits', () => {
  it('orders threads by newest activity', () => {
    const t = (id: string, last: string, created = '2026-01-01') => ({ id, last_post_at: last, created });
    expect(threadOrder([t('a', '2026-02-01'), t('b', ''), t('c', '2026-03-01')]).map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });
  it('blocks replies in a paused thread or after leaving', () => {
    expect(replyBlocked({ paused: true }, false)).toBe(discussionEn.errors.paused);
    expect(replyBlocked({ paused: false }, true)).toBe(discussionEn.errors.left);
    expect(replyBlocked({ paused: false }, false)).toBeUndefined();
  });
  it('stops a flood of posts: 8 in 10 minutes, then a wait in whole minutes', () => {
    const user = `flood-${Math.random()}`;
    const now = 1_000_000;
    for (let i = 0; i < 8; i++) expect(tryPost(user, now + i)).toEqual({ ok: true });
    expect(tryPost(user, now + 10)).toEqual({ ok: false, minutes: 10 });
    expect(tryPost(user, now + 10 * 60_000 + 1)).toEqual({ ok: true });
    discussionLimits.postsShort.reset(user);
    discussionLimits.postsLong.reset(user);
  });
  it('tryOnce counts and refuses with minutes to wait', () => {
    const limiter = new SlidingWindowLimiter({ limit: 1, windowMs: 120_000 });
    expect(tryOnce(limiter, 'u', 0)).toEqual({ ok: true });
    expect(tryOnce(limiter, 'u', 1)).toEqual({ ok: false, minutes: 2 });
  });
  it('makes PocketBase-shaped record ids', () => {
    expect(newRecordId((n) => new Uint8Array(n).fill(40))).toMatch(/^[a-z0-9]{15}$/);
  });
});
