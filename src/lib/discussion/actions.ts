/**
 * The forms of a discussion space's pages (all plain POSTs that work without JavaScript), one
 * `action` field each: what to do, checked, rate-limited and carried out with the person's own
 * client (./discussion-store.ts). Each answer is a flash to redirect with (303), or a problem
 * to show on the page with the person's text kept. Outages are thrown (the middleware answers
 * 503); anything PocketBase refuses becomes a plain message.
 */
import type { TypedPocketBase } from '../pb.ts';
import { DomainError, isUnavailable } from '../errors.ts';
import { discussionEn } from '../i18n/discussion.ts';
import type { DiscussionThreadRecord, UserRecord } from '../records.ts';
import { discussionLimits, parsePostForm, parseReason, parseReportForm, parseThreadForm, replyBlocked, tryOnce, tryPost } from './discussion.ts';
import * as store from './discussion-store.ts';
import type { Space } from './discussion-store.ts';

type FormLike = { get(name: string): unknown };
export type Flash =
  | 'sent'
  | 'started'
  | 'reported'
  | 'already-reported'
  | 'hidden'
  | 'unhidden'
  | 'paused'
  | 'resumed'
  | 'muted'
  | 'unmuted'
  | 'left'
  | 'rejoined'
  | 'helped'
  | 'dealt'
  | 'saved'
  | 'unchanged';

export type ActionOutcome =
  | { ok: true; flash: Flash; /** Where to go (a thread) when not the page itself. */ thread?: string; anchor?: string }
  | { ok: false; status: number; message: string; fields: Record<string, string>; /** The post the problem is about. */ post?: string; form: string };

export interface ActionContext {
  pb: TypedPocketBase;
  service: TypedPocketBase;
  space: Space;
  user: Pick<UserRecord, 'id' | 'display_name' | 'email'>;
  form: FormLike;
  now: number;
  /** The thread of the page, on a thread page. */
  thread?: DiscussionThreadRecord;
  /** Module ids of the group's course, for a new thread. */
  modules?: readonly string[];
}

const e = discussionEn.errors;
const str = (form: FormLike, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
};
const problem = (status: number, message: string, form: string, fields: Record<string, string> = {}, post?: string): ActionOutcome => ({ ok: false, status, message, fields, form, ...(post ? { post } : {}) });
const tooMany = (minutes: number, form: string, post?: string) => problem(429, e.tooMany(minutes), form, {}, post);

/** Runs the posted action; see the module comment. */
export async function runAction(ctx: ActionContext): Promise<ActionOutcome> {
  const action = str(ctx.form, 'action');
  try {
    return await dispatch(ctx, action);
  } catch (error) {
    if (isUnavailable(error)) throw error;
    if (error instanceof DomainError) {
      const status = error.kind === 'not-found' ? 404 : error.kind === 'invalid' ? 400 : 403;
      return problem(status, error.kind === 'not-found' ? e.notFound : e.notAllowed, action, {}, str(ctx.form, 'post') || undefined);
    }
    throw error;
  }
}

async function dispatch(ctx: ActionContext, action: string): Promise<ActionOutcome> {
  const { pb, service, space, user, form, now, thread } = ctx;
  const trainer = space.role === 'trainer';
  const postId = str(form, 'post');

  // Leaving and coming back are the only things a person who left can do.
  if (action === 'rejoin') {
    await store.setLeft(pb, space, user.id, false);
    return { ok: true, flash: 'rejoined' };
  }
  if (space.left) return problem(403, e.left, action);
  if (action === 'leave') {
    await store.setLeft(pb, space, user.id, true);
    return { ok: true, flash: 'left' };
  }

  if (action === 'new-thread') {
    const parsed = parseThreadForm(form, ctx.modules ?? []);
    if (!parsed.ok) return problem(400, e.title, action, parsed.fields);
    const gate = tryPost(user.id, now);
    if (!gate.ok) return tooMany(gate.minutes, action);
    const id = await store.createThread(pb, space, user.id, parsed.value);
    return { ok: true, flash: 'started', thread: id };
  }
  if (action === 'dealt' && trainer) {
    await store.markDealt(pb, str(form, 'report'), user.id, new Date(now));
    return { ok: true, flash: 'dealt' };
  }

  if (!thread) return problem(400, e.unknownAction, action);

  switch (action) {
    case 'reply': {
      const blocked = replyBlocked(thread, space.left);
      if (blocked) return problem(400, blocked, action);
      const parsed = parsePostForm(form);
      if (!parsed.ok) return problem(400, e.title, action, parsed.fields);
      const gate = tryPost(user.id, now);
      if (!gate.ok) return tooMany(gate.minutes, action);
      const id = await store.createPost(pb, thread.id, user.id, parsed.value);
      return { ok: true, flash: 'sent', anchor: id };
    }
    case 'report': {
      const parsed = parseReportForm(form);
      if (!parsed.ok) return problem(400, e.title, action, parsed.fields, postId);
      const post = await store.getPost(pb, postId);
      if (post.thread !== thread.id) return problem(404, e.notFound, action, {}, postId);
      const gate = tryOnce(discussionLimits.reports, user.id, now);
      if (!gate.ok) return tooMany(gate.minutes, action, postId);
      const made = await store.reportPost(pb, post.id, user.id, parsed.value);
      return { ok: true, flash: made ? 'reported' : 'already-reported', anchor: post.id };
    }
    case 'helped':
    case 'unhelped': {
      const post = await store.getPost(pb, postId);
      if (post.thread !== thread.id) return problem(404, e.notFound, action, {}, postId);
      const gate = tryOnce(discussionLimits.reactions, user.id, now);
      if (!gate.ok) return tooMany(gate.minutes, action, postId);
      await store.setHelped(pb, post.id, user.id, action === 'helped');
      return { ok: true, flash: 'helped', anchor: post.id };
    }
    case 'mute':
    case 'unmute':
      await store.setMuted(pb, thread.id, user.id, action === 'mute');
      return { ok: true, flash: action === 'mute' ? 'muted' : 'unmuted' };
    case 'hide':
    case 'unhide': {
      if (!trainer) return problem(403, e.notAllowed, action);
      const post = await store.getPost(pb, postId);
      if (post.thread !== thread.id) return problem(404, e.notFound, action, {}, postId);
      if (action === 'hide') {
        const reason = parseReason(form, true);
        if (!reason.ok) return problem(400, e.title, action, reason.fields, post.id);
        await store.moderatePost(pb, service, space, post, user, { hide: true, reason: reason.value });
        return { ok: true, flash: 'hidden', anchor: post.id };
      }
      await store.moderatePost(pb, service, space, post, user, { hide: false });
      return { ok: true, flash: 'unhidden', anchor: post.id };
    }
    case 'pause':
    case 'resume': {
      if (!trainer) return problem(403, e.notAllowed, action);
      if (action === 'pause') {
        const reason = parseReason(form, false);
        if (!reason.ok) return problem(400, e.title, action, reason.fields);
        await store.pauseThread(pb, service, space, thread, user, { pause: true, reason: reason.value });
        return { ok: true, flash: 'paused' };
      }
      await store.pauseThread(pb, service, space, thread, user, { pause: false });
      return { ok: true, flash: 'resumed' };
    }
    default:
      return problem(400, e.unknownAction, action);
  }
}

/** The words of a flash, or undefined for none. */
export function flashText(flash: string | null): string | undefined {
  const t = discussionEn;
  const words: Record<Flash, string> = {
    sent: t.thread.sent,
    started: t.space.started,
    reported: t.thread.reported,
    'already-reported': t.thread.alreadyReported,
    hidden: t.thread.hidden,
    unhidden: t.thread.unhidden,
    paused: t.thread.paused,
    resumed: t.thread.resumed,
    muted: t.thread.muted,
    unmuted: t.thread.unmuted,
    left: t.space.leftTitle,
    rejoined: t.space.rejoined,
    helped: '',
    dealt: t.reports.marked,
    saved: t.edit.saved,
    unchanged: t.edit.unchanged,
  };
  return flash && flash in words ? words[flash as Flash] || undefined : undefined;
}
