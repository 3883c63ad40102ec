/**
 * The posts of the ratings pages, so the pages stay thin: the trainee rates themself, invites
 * a peer or withdraws an invite; the peer rates through an invite; the group's staff rate as
 * supervisor or assessor. Each answers a redirect (303, with a `done` key) or a problem to
 * show with the form's values kept. Outages are thrown on (the middleware shows the 503 page).
 */
import type { Course, CompetencySet } from '../courses/course.ts';
import { DomainError, isUnavailable } from '../errors.ts';
import { ratingsEn } from '../i18n/ratings.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, RatingInviteRecord, UserRecord } from '../records.ts';
import { isRecordId } from '../record-id.ts';
import { createInvite, groupPeers, saveRatings, withdrawInvite } from './ratings-store.ts';
import { keptValues, parseInviteForm, parseRatingsForm, staffRatingRoles, type OtherRole } from './ratings.ts';

const e = ratingsEn.errors;

export type PostOutcome =
  | { ok: true; done: string }
  | { ok: false; status: number; form: 'rate' | 'invite'; message: string; fields: Record<string, string>; values: Record<string, string> };

function problem(form: 'rate' | 'invite', error: unknown, values: Record<string, string>): PostOutcome {
  if (isUnavailable(error) || !(error instanceof DomainError)) throw error;
  return { ok: false, status: error.kind === 'forbidden' ? 403 : 400, form, message: error.message, fields: error.fields, values };
}

/** The trainee's own page: `action` is `rate`, `invite` or `withdraw`. */
export async function traineePost(
  ctx: { pb: TypedPocketBase; service: () => Promise<TypedPocketBase>; user: UserRecord; course: Course & { competencies: CompetencySet } },
  form: FormData,
): Promise<PostOutcome> {
  const action = String(form.get('action') ?? '');
  const values = keptValues(form);
  if (action === 'invite') {
    const { peers } = await groupPeers(await ctx.service(), ctx.user.id, ctx.course.slug);
    const parsed = parseInviteForm(form, peers, e);
    if (!parsed.ok) return { ok: false, status: 400, form: 'invite', message: parsed.message, fields: parsed.fields, values };
    const peer = peers.find((p) => p.id === parsed.value.peer)!;
    try {
      await createInvite(ctx.pb, ctx.user, ctx.course.slug, peer, parsed.value.message);
    } catch (error) {
      return problem('invite', error, values);
    }
    return { ok: true, done: 'invited' };
  }
  if (action === 'withdraw') {
    const id = String(form.get('invite') ?? '');
    if (!isRecordId(id)) return { ok: true, done: '' };
    try {
      await withdrawInvite(ctx.pb, id);
    } catch (error) {
      return problem('invite', error, values);
    }
    return { ok: true, done: 'withdrawn' };
  }
  const parsed = parseRatingsForm(ctx.course.competencies, form, e);
  if (!parsed.ok) return { ok: false, status: 400, form: 'rate', message: parsed.message, fields: parsed.fields, values };
  try {
    await saveRatings(ctx.pb, { trainee: ctx.user.id, course: ctx.course.slug, role: 'self', rater: ctx.user }, parsed.value);
  } catch (error) {
    return problem('rate', error, values);
  }
  return { ok: true, done: 'rated' };
}

/** The peer's page: rating through the invite. */
export async function peerPost(
  ctx: { pb: TypedPocketBase; user: UserRecord; invite: RatingInviteRecord; set: CompetencySet },
  form: FormData,
): Promise<PostOutcome> {
  const values = keptValues(form);
  const parsed = parseRatingsForm(ctx.set, form, e);
  if (!parsed.ok) return { ok: false, status: 400, form: 'rate', message: parsed.message, fields: parsed.fields, values };
  try {
    await saveRatings(
      ctx.pb,
      { trainee: ctx.invite.user, course: ctx.invite.course, role: 'peer', rater: ctx.user, invite: ctx.invite.id },
      parsed.value,
    );
  } catch (error) {
    if (error instanceof DomainError && error.kind === 'forbidden') {
      const message = ctx.invite.status === 'open' ? ratingsEn.peer.notInGroup : ratingsEn.peer.withdrawn(ctx.invite.trainee_name);
      return { ok: false, status: 403, form: 'rate', message, fields: {}, values };
    }
    return problem('rate', error, values);
  }
  return { ok: true, done: 'rated' };
}

/** The staff page: rating as the group's supervisor (trainer) or assessor. */
export async function staffPost(
  ctx: { pb: TypedPocketBase; user: UserRecord; cohort: CohortRecord; trainee: string; set: CompetencySet },
  form: FormData,
): Promise<PostOutcome> {
  const values = keptValues(form);
  const roles = staffRatingRoles(ctx.cohort, ctx.user.id, ctx.trainee);
  const wanted = String(form.get('role') ?? '') as OtherRole;
  const role = roles.length === 1 ? roles[0] : roles.includes(wanted) ? wanted : undefined;
  if (roles.length === 0) return { ok: false, status: 403, form: 'rate', message: e.notAllowed, fields: {}, values };
  if (!role) return { ok: false, status: 400, form: 'rate', message: e.chooseRole, fields: { role: e.chooseRole }, values };
  const parsed = parseRatingsForm(ctx.set, form, e);
  if (!parsed.ok) return { ok: false, status: 400, form: 'rate', message: parsed.message, fields: parsed.fields, values };
  try {
    await saveRatings(ctx.pb, { trainee: ctx.trainee, course: ctx.cohort.course, role, rater: ctx.user }, parsed.value);
  } catch (error) {
    return problem('rate', error, values);
  }
  return { ok: true, done: 'rated' };
}
