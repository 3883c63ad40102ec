/**
 * A group's discussion space (docs/DATA-MODEL.md, "Discussion"): reading its forms, what a
 * post shows to whom, the order of threads, its addresses and its rate limits. Pure: no I/O,
 * no clock (time is passed in). The store (./discussion-store.ts) reads and writes with the
 * person's own PocketBase client, so the collection rules decide what anyone can read.
 */
import { SlidingWindowLimiter } from '../auth/rate-limit.ts';
import { discussionEn } from '../i18n/discussion.ts';
import type { DiscussionPostRecord, DiscussionThreadRecord } from '../records.ts';

export const TITLE_MAX = 200;
export const BODY_MAX = 10_000;
export const NOTE_MAX = 200;
export const DETAILS_MAX = 1000;
export const REASON_MAX = 500;
export const REPORT_REASONS = ['unkind', 'unsafe', 'private', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

const MINUTE = 60_000;

/**
 * Flood limits, per person, in this process's memory (like src/lib/auth/limits.ts): posts and
 * new threads together 8 per 10 minutes and 30 per hour; reports 10 per hour; "this helped"
 * 60 per 10 minutes. A real conversation stays far below them.
 */
export const discussionLimits = {
  postsShort: new SlidingWindowLimiter({ limit: 8, windowMs: 10 * MINUTE, shareAs: 'discussion.postsShort' }),
  postsLong: new SlidingWindowLimiter({ limit: 30, windowMs: 60 * MINUTE, shareAs: 'discussion.postsLong' }),
  reports: new SlidingWindowLimiter({ limit: 10, windowMs: 60 * MINUTE, shareAs: 'discussion.reports' }),
  reactions: new SlidingWindowLimiter({ limit: 60, windowMs: 10 * MINUTE, shareAs: 'discussion.reactions' }),
};

export type Role = 'member' | 'trainer';

/** Where things are. */
export const spacePath = (cohort: string) => `/discussion/${cohort}`;
export const threadPath = (cohort: string, thread: string) => `/discussion/${cohort}/${thread}`;
export const editPath = (cohort: string, post: string) => `/discussion/${cohort}/posts/${post}/edit`;
export const reportsPath = (cohort: string) => `/discussion/${cohort}/reports`;
export const postAnchor = (post: string) => `post-${post}`;

type FormLike = { get(name: string): unknown };
const text = (form: FormLike, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; fields: Record<string, string> };

export interface PostInput {
  body: string;
  content_note: string;
}

/** A post's text and content note. */
export function parsePostForm(form: FormLike): Parsed<PostInput> {
  const e = discussionEn.errors;
  const body = text(form, 'body');
  const content_note = text(form, 'content_note').replace(/\s+/g, ' ');
  const fields: Record<string, string> = {};
  if (!body) fields.body = e.bodyMissing;
  else if (body.length > BODY_MAX) fields.body = e.bodyLong(BODY_MAX);
  if (content_note.length > NOTE_MAX) fields.content_note = e.noteLong(NOTE_MAX);
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: { body, content_note } };
}

export interface ThreadInput extends PostInput {
  title: string;
  /** A module id of the group's course, or "". */
  module: string;
}

/** A new thread: its title, optional module (one of `modules`) and opening post. */
export function parseThreadForm(form: FormLike, modules: readonly string[]): Parsed<ThreadInput> {
  const e = discussionEn.errors;
  const title = text(form, 'title').replace(/\s+/g, ' ');
  const module = text(form, 'module');
  const post = parsePostForm(form);
  const fields: Record<string, string> = post.ok ? {} : { ...post.fields };
  if (!title) fields.title = e.titleMissing;
  else if (title.length > TITLE_MAX) fields.title = e.titleLong(TITLE_MAX);
  if (module && !modules.includes(module)) fields.module = e.module;
  if (!post.ok || Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, value: { ...post.value, title, module } };
}

/** A report: one of the reasons, and optional details. */
export function parseReportForm(form: FormLike): Parsed<{ reason: ReportReason; details: string }> {
  const e = discussionEn.errors;
  const reason = text(form, 'reason');
  const details = text(form, 'details');
  const fields: Record<string, string> = {};
  if (!(REPORT_REASONS as readonly string[]).includes(reason)) fields.reason = e.reason;
  if (details.length > DETAILS_MAX) fields.details = e.detailsLong(DETAILS_MAX);
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, value: { reason: reason as ReportReason, details } };
}

/** A trainer's reason for hiding a post (required) or pausing a thread (optional). */
export function parseReason(form: FormLike, required: boolean): Parsed<string> {
  const e = discussionEn.errors;
  const reason = text(form, 'reason').replace(/\s+/g, ' ');
  if (required && !reason) return { ok: false, fields: { reason: e.hideReason } };
  if (reason.length > REASON_MAX) return { ok: false, fields: { reason: e.hideReasonLong(REASON_MAX) } };
  return { ok: true, value: reason };
}

/** What one post shows to the person reading it. */
export type PostShown =
  | { kind: 'shown'; body: string; note: string; edited: boolean }
  | { kind: 'hidden'; body: string; note: string; edited: boolean; reason: string; forAuthor: boolean }
  | { kind: 'removed' };

/**
 * A post as the viewer sees it. The rules already keep a hidden post from everyone but its
 * author and the group's trainers; this decides the wording for those who can see it.
 */
export function showPost(post: Pick<DiscussionPostRecord, 'author' | 'body' | 'content_note' | 'state' | 'hidden_reason' | 'edited_at'>, viewer: string): PostShown {
  if (post.state === 'removed') return { kind: 'removed' };
  const edited = Boolean(post.edited_at);
  if (post.state === 'hidden') return { kind: 'hidden', body: post.body, note: post.content_note, edited, reason: post.hidden_reason, forAuthor: post.author === viewer };
  return { kind: 'shown', body: post.body, note: post.content_note, edited };
}

/** Threads newest activity first (a thread with no post yet by when it was started). */
export function threadOrder<T extends Pick<DiscussionThreadRecord, 'id' | 'last_post_at' | 'created'>>(threads: readonly T[]): T[] {
  const at = (t: T) => t.last_post_at || t.created;
  return [...threads].sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : a.id < b.id ? 1 : -1));
}

/** May this person post a reply now? A reason to show when not. */
export function replyBlocked(thread: Pick<DiscussionThreadRecord, 'paused'>, left: boolean): string | undefined {
  if (left) return discussionEn.errors.left;
  if (thread.paused) return discussionEn.errors.paused;
  return undefined;
}

/**
 * One more post or thread by `user` at `now`: counted, or refused with minutes to wait.
 * Both windows must allow it.
 */
export function tryPost(user: string, now: number): { ok: true } | { ok: false; minutes: number } {
  const short = discussionLimits.postsShort.check(user, now);
  const long = discussionLimits.postsLong.check(user, now);
  if (!short.allowed || !long.allowed) return { ok: false, minutes: Math.max(1, Math.ceil(Math.max(short.retryAfterMs, long.retryAfterMs) / MINUTE)) };
  discussionLimits.postsShort.hit(user, now);
  discussionLimits.postsLong.hit(user, now);
  return { ok: true };
}

/** One more use of `limiter` by `user` at `now`: counted, or refused with minutes to wait. */
export function tryOnce(limiter: SlidingWindowLimiter, user: string, now: number): { ok: true } | { ok: false; minutes: number } {
  const decision = limiter.check(user, now);
  if (!decision.allowed) return { ok: false, minutes: Math.max(1, Math.ceil(decision.retryAfterMs / MINUTE)) };
  limiter.hit(user, now);
  return { ok: true };
}

/** A new record id (PocketBase's form: 15 of a–z0–9), so a thread and its first post go in one batch. */
export function newRecordId(random: (n: number) => Uint8Array): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(random(15), (b) => alphabet[b % alphabet.length]).join('');
}
