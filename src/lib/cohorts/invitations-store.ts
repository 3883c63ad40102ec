/**
 * Invitations, adding many people at once, and the join code, in PocketBase. Pure rules are in
 * ./invitations.ts.
 *
 * Who may do what is checked HERE, for every call, not only by the pages:
 * - Staff actions open the group with the person's OWN token first (`managedCohort`): the
 *   cohort rules hide a group from anyone not listed on it, so a trainer of another group gets
 *   "not found". Then `canManagePeople` asks for an administrator or a trainer of this very
 *   group. Only after that does the service account touch enrolments, roles or invitations
 *   (the rules let nobody else write them), and an invitation is always checked to belong to
 *   the group that was opened.
 * - `invitations` has no API rules at all: only the service account reads or writes it.
 * - Every change is one PocketBase batch (one transaction) with its audit rows: a list of 100
 *   people is saved whole or not at all, and no change is left without its audit row.
 * - Accepting never takes an account over: if the invitation's email already has an account,
 *   the person must sign in to that account and join from there.
 */
import { randomBytes } from 'node:crypto';
import { ClientResponseError } from 'pocketbase';
import { auditFields } from '../audit-log.ts';
import { emailIsOn, readEmailConfig } from '../email/config.ts';
import { nudgeEmailWorker, OUTBOX, outboxCreateBody } from '../email/outbox-store.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import { invitationsEn } from '../i18n/invitations.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord, EnrolmentRecord, InvitationRecord, Role, UserRecord } from '../records.ts';
import { anyOf, idBatches, listByIds } from './batches.ts';
import { generateCode, isAdmin, placeTrainee, type PlacedEnrolment } from './cohorts.ts';
import { createCohort, getCohort } from './cohorts-store.ts';
import { toPbDate } from './dates.ts';
import {
  actsOn,
  canManagePeople,
  canResend,
  canStartGroup,
  canWithdraw,
  hashInvitationToken,
  invitationExpiry,
  invitationState,
  invitationUrl,
  isInvitationToken,
  newInvitationToken,
  parsePeopleList,
  planList,
  type InvitationState,
  type LinePlan,
  type ParsedList,
} from './invitations.ts';
import { peopleByIds } from './people-store.ts';
import type { CohortCreateInput } from './schema.ts';
import { sendBatch } from '../pb-batch.ts';
import { oneUseAtATime } from '../server/one-use.ts';

const e = invitationsEn.errors;
const a = invitationsEn.accept;

export type Actor = Pick<UserRecord, 'id' | 'role' | 'display_name' | 'email'>;

export interface InviteDeps {
  /** The person's own client (locals.pb). */
  pb: TypedPocketBase;
  /** The service client, asked for only after the checks. */
  service: () => Promise<TypedPocketBase>;
  actor: Actor;
  /** SITE_URL or the request's origin, for links. */
  origin: string;
  now?: () => Date;
}

const nowOf = (deps: { now?: () => Date }) => (deps.now ? deps.now() : new Date());

/** A new PocketBase record id (15 of a–z 0–9), so one batch can refer to a record it creates. */
export function newRecordId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const out: string[] = [];
  while (out.length < 15) {
    for (const byte of randomBytes(32)) if (byte < 252 && out.length < 15) out.push(alphabet[byte % 36]!);
  }
  return out.join('');
}

/** True when PocketBase said a unique value (an email, a code, an open invitation) is taken. */
function mentionsNotUnique(error: unknown): boolean {
  return error instanceof ClientResponseError && JSON.stringify(error.response ?? {}).includes('validation_not_unique');
}

/**
 * Opens the group with the person's own token and checks that they may manage its people.
 *
 * @throws {DomainError} `not-found` (not theirs to see), `forbidden`, `unavailable`
 */
export async function managedCohort(deps: Pick<InviteDeps, 'pb' | 'actor'>, cohortId: string): Promise<CohortRecord> {
  const cohort = await getCohort(deps.pb, cohortId);
  if (!canManagePeople(cohort, deps.actor)) throw new DomainError('forbidden', e.notYours);
  return cohort;
}

// ---------------------------------------------------------------------------------------------
// Delivering an invitation

/** How an invitation reached (or is to reach) the person. */
export type Delivery =
  /** `link`: no email is set up; shown to staff once, to pass on themselves. */
  | { channel: 'link'; url: string }
  /** `email`: an invitation email was queued in the same batch as the invitation. */
  | { channel: 'email'; to: string };

/**
 * The outbox row for an invitation email (to add to the invitation's own batch), or undefined
 * when the site cannot send email (then the link is shown to staff instead).
 */
export function invitationEmailBody(invitation: { email: string; name: string }, token: string, groupName: string, env: Record<string, string | undefined> = process.env): Record<string, unknown> | undefined {
  if (!emailIsOn(readEmailConfig(env))) return undefined;
  return outboxCreateBody({ kind: 'invitation', to: invitation.email, data: { name: invitation.name, groupName: groupName.slice(0, 200), invitePath: `/invite/${token}` } }, env);
}

/**
 * THE one place an invitation is "sent", after its batch was saved: when an email was queued
 * with it (`emailed`), the outbox worker is told; otherwise the link goes back for staff to
 * copy (shown once).
 */
export function deliverInvitation(invitation: Pick<InvitationRecord, 'email'>, token: string, origin: string, emailed: boolean): Delivery {
  if (emailed) {
    nudgeEmailWorker();
    return { channel: 'email', to: invitation.email };
  }
  return { channel: 'link', url: invitationUrl(origin, token) };
}

// ---------------------------------------------------------------------------------------------
// Adding many people

/** What the store found out about a list for one group. */
interface Gathered {
  plans: LinePlan[];
  /** Pending invitations past their expiry for listed emails: marked expired before a new one. */
  stale: Map<string, string>;
}

async function gather(service: TypedPocketBase, cohort: CohortRecord, parsed: ParsedList, actorIsAdmin: boolean, now: Date): Promise<Gathered> {
  const emails = parsed.people.map((p) => p.email);
  const accounts = new Map<string, { id: string; role: Role[] }>();
  const enrolments = new Map<string, PlacedEnrolment>();
  const invited = new Set<string>();
  const stale = new Map<string, string>();
  try {
    for (const batch of idBatches(emails)) {
      const any = anyOf('email', batch, 'e');
      const users = await service.collection('users').getFullList({ filter: service.filter(any.expr, any.params), fields: 'id,email,role' });
      for (const u of users) accounts.set(u.email.toLowerCase(), { id: u.id, role: u.role ?? [] });
      const invitations = await service.collection('invitations').getFullList({
        filter: service.filter(`cohort = {:cohort} && status = "pending" && ${any.expr}`, { cohort: cohort.id, ...any.params }),
        fields: 'id,email,status,expires_at',
      });
      for (const inv of invitations) {
        if (invitationState(inv, now) === 'pending') invited.add(inv.email);
        else stale.set(inv.email, inv.id);
      }
    }
    const ids = [...accounts.values()].map((x) => x.id);
    const rows = await listByIds<EnrolmentRecord>(service, 'enrolments', { field: 'user', ids, where: 'course = {:course}', params: { course: cohort.course }, fields: 'id,user,cohort,status' });
    for (const row of rows) enrolments.set(row.user, { id: row.id, cohort: row.cohort ?? '', status: row.status === 'left' ? 'left' : 'active' });
  } catch (error) {
    throw fromPocketBase(error, 'group');
  }
  return { plans: planList(parsed.people, { accounts, enrolments, invited }, cohort.id, actorIsAdmin), stale };
}

export interface ListPreview {
  parsed: ParsedList;
  plans: LinePlan[];
  /** How many lines would change something. */
  acting: number;
}

/**
 * What adding this list would do, line by line. Saves nothing.
 *
 * @throws {DomainError} `not-found`, `forbidden`, `unavailable`
 */
export async function previewList(deps: InviteDeps, cohortId: string, text: string): Promise<ListPreview> {
  const cohort = await managedCohort(deps, cohortId);
  if (cohort.archived) throw new DomainError('conflict', e.archived);
  const parsed = parsePeopleList(text);
  if (parsed.listProblem || parsed.people.length === 0) return { parsed, plans: [], acting: 0 };
  const { plans } = await gather(await deps.service(), cohort, parsed, isAdmin(deps.actor), nowOf(deps));
  return { parsed, plans, acting: plans.filter(actsOn).length };
}

export interface MadeInvitation {
  id: string;
  name: string;
  email: string;
  delivery: Delivery;
}

export interface ListApplied {
  preview: ListPreview;
  /** Accounts added (or moved) to the group. */
  added: LinePlan[];
  invited: MadeInvitation[];
}

/**
 * Adds a list to a group in ONE transaction: every account enrolled (given the trainee role if
 * they lacked it), every invitation made, with audit rows; or, if anything fails, nothing.
 * A list with any unreadable line is refused whole: the caller shows the preview again.
 *
 * @throws {DomainError} `invalid` (with the preview in `fields`: none; call previewList to show it),
 *   `not-found`, `forbidden`, `conflict` (the group changed meanwhile), `unavailable`
 */
export async function applyList(deps: InviteDeps, cohortId: string, text: string): Promise<ListApplied> {
  const cohort = await managedCohort(deps, cohortId);
  if (cohort.archived) throw new DomainError('conflict', e.archived);
  const now = nowOf(deps);
  const parsed = parsePeopleList(text);
  if (parsed.listProblem) throw new DomainError('invalid', parsed.listProblem, { people: parsed.listProblem });
  if (parsed.problems.length > 0) throw new DomainError('invalid', invitationsEn.bulk.fixFirst, { people: parsed.problems.map((x) => x.message).join(' ') });
  const service = await deps.service();
  const { plans, stale } = await gather(service, cohort, parsed, isAdmin(deps.actor), now);
  const preview: ListPreview = { parsed, plans, acting: plans.filter(actsOn).length };
  if (preview.acting === 0) return { preview, added: [], invited: [] };

  const batch = service.createBatch();
  const added: LinePlan[] = [];
  const made: { id: string; token: string; plan: LinePlan; emailed: boolean }[] = [];
  for (const plan of plans) {
    if (plan.kind === 'add' || plan.kind === 'move') {
      const user = plan.user!;
      if (!user.role.includes('trainee')) batch.collection('users').update(user.id, { role: [...user.role, 'trainee'] });
      if (plan.enrolment) batch.collection('enrolments').update(plan.enrolment, { cohort: cohort.id, status: 'active' });
      else batch.collection('enrolments').create({ user: user.id, course: cohort.course, cohort: cohort.id, status: 'active' });
      added.push(plan);
    } else if (plan.kind === 'invite') {
      const old = stale.get(plan.person.email);
      if (old) batch.collection('invitations').update(old, { status: 'expired' });
      const id = newRecordId();
      const token = newInvitationToken();
      const expires = invitationExpiry(now).toISOString();
      const email = invitationEmailBody(plan.person, token, cohort.name);
      batch.collection('invitations').create({
        id,
        cohort: cohort.id,
        email: plan.person.email,
        name: plan.person.name,
        token_hash: hashInvitationToken(token),
        expires_at: expires,
        status: 'pending',
        invited_by: deps.actor.id,
        sent_count: 1,
        emailed: email !== undefined,
      });
      if (email) batch.collection(OUTBOX).create(email);
      batch.collection('audit_log').create(
        auditFields({ actor: deps.actor, action: 'invitation.create', target_collection: 'invitations', target_id: id, cohort: cohort.id, details: { expires_at: expires, as: roleWord(deps.actor) } }),
      );
      made.push({ id, token, plan, emailed: email !== undefined });
    }
  }
  batch.collection('audit_log').create(
    auditFields({
      actor: deps.actor,
      action: 'cohort.people_add',
      target_collection: 'cohorts',
      target_id: cohort.id,
      cohort: cohort.id,
      details: { added: added.map((x) => x.user!.id), moved: added.filter((x) => x.kind === 'move').map((x) => x.user!.id), invitations: made.map((x) => x.id), as: roleWord(deps.actor) },
    }),
  );
  try {
    await sendBatch(batch);
  } catch (error) {
    if (mentionsNotUnique(error)) throw new DomainError('conflict', e.changedMeanwhile);
    throw fromPocketBase(error, 'group');
  }
  const invited: MadeInvitation[] = [];
  for (const m of made) {
    invited.push({ id: m.id, name: m.plan.person.name, email: m.plan.person.email, delivery: deliverInvitation(m.plan.person, m.token, deps.origin, m.emailed) });
  }
  return { preview, added, invited };
}

const roleWord = (actor: Pick<UserRecord, 'role'>) => (isAdmin(actor) ? 'admin' : 'trainer');

// ---------------------------------------------------------------------------------------------
// Staff: the open invitations, resend, withdraw

export interface OpenInvitation {
  id: string;
  email: string;
  name: string;
  state: InvitationState;
  expiresAt: string;
  invitedBy: string;
}

/**
 * The group's invitations that are open or expired (not accepted, not withdrawn), newest first.
 *
 * @throws {DomainError} `not-found`, `forbidden`, `unavailable`
 */
export async function listInvitations(deps: InviteDeps, cohortId: string): Promise<OpenInvitation[]> {
  const cohort = await managedCohort(deps, cohortId);
  const service = await deps.service();
  const now = nowOf(deps);
  try {
    const rows = await service.collection('invitations').getFullList({
      filter: service.filter('cohort = {:cohort} && (status = "pending" || status = "expired")', { cohort: cohort.id }),
      sort: '-created',
      fields: 'id,email,name,status,expires_at,invited_by',
    });
    const inviters = await peopleByIds(service, rows.map((r) => r.invited_by).filter(Boolean));
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      state: invitationState(r, now),
      expiresAt: r.expires_at,
      invitedBy: inviters.get(r.invited_by)?.name ?? '',
    }));
  } catch (error) {
    throw fromPocketBase(error, 'invitation');
  }
}

/** One invitation of this group (never of another group), for a staff action. */
async function invitationOf(service: TypedPocketBase, cohort: CohortRecord, id: string): Promise<InvitationRecord> {
  if (!/^[a-z0-9]{15}$/.test(id)) throw new DomainError('not-found', e.noSuchInvitation);
  let record: InvitationRecord;
  try {
    record = await service.collection('invitations').getOne(id);
  } catch (error) {
    const mapped = fromPocketBase(error, 'invitation');
    throw mapped.kind === 'not-found' ? new DomainError('not-found', e.noSuchInvitation) : mapped;
  }
  if (record.cohort !== cohort.id) throw new DomainError('not-found', e.noSuchInvitation);
  return record;
}

/**
 * A new link for an open or expired invitation: a new token and a new expiry. The old link
 * stops working at once (its hash is gone).
 *
 * @throws {DomainError} `not-found` (not this group's, or accepted/withdrawn), `forbidden`, `unavailable`
 */
export async function resendInvitation(deps: InviteDeps, cohortId: string, invitationId: string): Promise<MadeInvitation> {
  const cohort = await managedCohort(deps, cohortId);
  const service = await deps.service();
  const now = nowOf(deps);
  const record = await invitationOf(service, cohort, invitationId);
  if (!canResend(invitationState(record, now))) throw new DomainError('not-found', e.noSuchInvitation);
  const token = newInvitationToken();
  const expires = invitationExpiry(now).toISOString();
  const batch = service.createBatch();
  // A resend queues a new email (the old link is dead): the same batch as the new token.
  const email = invitationEmailBody(record, token, cohort.name);
  batch.collection('invitations').update(record.id, { token_hash: hashInvitationToken(token), expires_at: expires, status: 'pending', 'sent_count+': 1, emailed: email !== undefined });
  if (email) batch.collection(OUTBOX).create(email);
  batch.collection('audit_log').create(
    auditFields({ actor: deps.actor, action: 'invitation.resend', target_collection: 'invitations', target_id: record.id, cohort: cohort.id, details: { expires_at: expires, as: roleWord(deps.actor) } }),
  );
  try {
    await sendBatch(batch);
  } catch (error) {
    if (mentionsNotUnique(error)) throw new DomainError('conflict', e.changedMeanwhile);
    throw fromPocketBase(error, 'invitation');
  }
  return { id: record.id, name: record.name, email: record.email, delivery: deliverInvitation(record, token, deps.origin, email !== undefined) };
}

/**
 * Withdraws an open or expired invitation: its link stops working.
 *
 * @throws {DomainError} `not-found`, `forbidden`, `unavailable`
 */
export async function withdrawInvitation(deps: InviteDeps, cohortId: string, invitationId: string): Promise<void> {
  const cohort = await managedCohort(deps, cohortId);
  const service = await deps.service();
  const record = await invitationOf(service, cohort, invitationId);
  if (!canWithdraw(invitationState(record, nowOf(deps)))) throw new DomainError('not-found', e.noSuchInvitation);
  const batch = service.createBatch();
  batch.collection('invitations').update(record.id, { status: 'withdrawn' });
  batch.collection('audit_log').create(
    auditFields({ actor: deps.actor, action: 'invitation.withdraw', target_collection: 'invitations', target_id: record.id, cohort: cohort.id, details: { as: roleWord(deps.actor) } }),
  );
  try {
    await sendBatch(batch);
  } catch (error) {
    throw fromPocketBase(error, 'invitation');
  }
}

// ---------------------------------------------------------------------------------------------
// The join code

export type CodeChange = 'make' | 'rotate' | 'off';

/**
 * Makes, changes or switches off the group's join code (administrators and the group's
 * trainers), with an audit row. A new code replaces the old one at once.
 *
 * @returns the new code ('' when switched off)
 * @throws {DomainError} `not-found`, `forbidden`, `conflict` (no free code), `unavailable`
 */
export async function changeJoinCode(deps: InviteDeps, cohortId: string, change: CodeChange, makeCode: () => string = generateCode): Promise<string> {
  const cohort = await managedCohort(deps, cohortId);
  const service = await deps.service();
  for (let attempt = 1; ; attempt++) {
    const code = change === 'off' ? '' : makeCode();
    const batch = service.createBatch();
    batch.collection('cohorts').update(cohort.id, { code });
    batch.collection('audit_log').create(
      auditFields({
        actor: deps.actor,
        action: 'cohort.code_change',
        target_collection: 'cohorts',
        target_id: cohort.id,
        cohort: cohort.id,
        details: { change: change === 'off' ? 'off' : cohort.code ? 'rotate' : 'make', as: roleWord(deps.actor) },
      }),
    );
    try {
      await sendBatch(batch);
      return code;
    } catch (error) {
      if (mentionsNotUnique(error) && attempt < 3) continue;
      if (mentionsNotUnique(error)) throw new DomainError('conflict', e.codeClash);
      throw fromPocketBase(error, 'group');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Starting a group

/**
 * Starts a group. An administrator creates it with their own token, as before. A trainer may
 * start one too: the web server creates it for them (the cohort rules allow administrators
 * only, so a trainer's token cannot set other staff, a chosen code or "takes self-enrolled
 * trainees"), with the trainer as its only trainer, and writes a `cohort.create` audit row
 * naming them, in the same transaction.
 *
 * @throws {DomainError} `forbidden` for anyone else, `conflict` (code clash), `unavailable`
 */
export async function startGroup(deps: Pick<InviteDeps, 'pb' | 'service' | 'actor'>, input: CohortCreateInput, makeCode: () => string = generateCode): Promise<CohortRecord> {
  if (isAdmin(deps.actor)) return createCohort(deps.pb, input, makeCode);
  if (!canStartGroup(deps.actor)) throw new DomainError('forbidden', e.notTrainer);
  const service = await deps.service();
  for (let attempt = 1; ; attempt++) {
    const id = newRecordId();
    const batch = service.createBatch();
    batch.collection('cohorts').create({
      id,
      name: input.name,
      course: input.course,
      starts_on: input.starts_on ? toPbDate(input.starts_on) : '',
      ends_on: input.ends_on ? toPbDate(input.ends_on) : '',
      code: input.make_code ? makeCode() : '',
      trainers: [deps.actor.id],
      archived: false,
      takes_self_enrolled: false,
    });
    batch.collection('audit_log').create(
      auditFields({ actor: deps.actor, action: 'cohort.create', target_collection: 'cohorts', target_id: id, cohort: id, details: { course: input.course, as: 'trainer' } }),
    );
    try {
      await sendBatch(batch);
      return await getCohort(deps.pb, id);
    } catch (error) {
      if (mentionsNotUnique(error) && input.make_code && attempt < 3) continue;
      if (mentionsNotUnique(error)) throw new DomainError('conflict', e.codeClash);
      throw fromPocketBase(error, 'group');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Accepting an invitation

export interface OpenedInvitation {
  invitation: InvitationRecord;
  cohort: CohortRecord;
  /** Whether an account with the invitation's email exists now. */
  hasAccount: boolean;
}

/**
 * The invitation for a token from a link, if it can still be accepted (pending, not expired,
 * its group not archived); otherwise null. Unknown, used, replaced, withdrawn and expired
 * links all look the same.
 *
 * @throws {DomainError} `unavailable`
 */
export async function openInvitation(service: TypedPocketBase, token: string, now: Date = new Date()): Promise<OpenedInvitation | null> {
  if (!isInvitationToken(token)) return null;
  try {
    const found = await service.collection('invitations').getList(1, 1, { skipTotal: true, filter: service.filter('token_hash = {:hash}', { hash: hashInvitationToken(token) }) });
    const invitation = found.items[0];
    if (!invitation || invitationState(invitation, now) !== 'pending') return null;
    const cohort = await service.collection('cohorts').getOne(invitation.cohort);
    if (cohort.archived) return null;
    const users = await service.collection('users').getList(1, 1, { skipTotal: true, fields: 'id', filter: service.filter('email = {:email}', { email: invitation.email }) });
    return { invitation, cohort, hasAccount: users.items.length > 0 };
  } catch (error) {
    const mapped = fromPocketBase(error, 'invitation');
    if (mapped.kind === 'not-found') return null;
    throw mapped;
  }
}

/** Hashes of invitations being accepted right now in this process: a double submit is refused, not raced. */
const oneUse = oneUseAtATime();

function once<T>(token: string, run: () => Promise<T>): Promise<T> {
  return oneUse(hashInvitationToken(token), () => new DomainError('not-found', a.badText), run);
}

export interface Accepted {
  user: string;
  email: string;
  cohort: CohortRecord;
}

/**
 * Accepts an invitation for an email that has NO account: creates the account (a trainee,
 * with the name and password chosen), enrols it in the group, and marks the invitation
 * accepted, all in one transaction with an `invitation.accept` audit row. The caller then
 * signs the person in.
 *
 * If an account with that email exists (made since the invitation), nothing is changed and
 * `conflict` is thrown: the person must sign in to it and join from there, so an invitation
 * link can never be used to take an account over.
 *
 * @throws {DomainError} `not-found` (link not usable), `conflict` (account exists),
 *   `invalid` (PocketBase refused the name or password), `unavailable`
 */
export async function acceptInvitation(service: TypedPocketBase, token: string, input: { display_name: string; password: string }, now: Date = new Date()): Promise<Accepted> {
  return once(token, async () => {
    const opened = await openInvitation(service, token, now);
    if (!opened) throw new DomainError('not-found', a.badText);
    if (opened.hasAccount) throw new DomainError('conflict', a.hasAccount);
    const { invitation, cohort } = opened;
    const id = newRecordId();
    const batch = service.createBatch();
    batch.collection('users').create({
      id,
      email: invitation.email,
      password: input.password,
      passwordConfirm: input.password,
      display_name: input.display_name,
      role: ['trainee'],
      emailVisibility: false,
      // The link came to this address by email: opening it proves the address is theirs.
      verified: invitation.emailed === true,
    });
    batch.collection('enrolments').create({ user: id, course: cohort.course, cohort: cohort.id, status: 'active' });
    batch.collection('invitations').update(invitation.id, { status: 'accepted', accepted_by: id, accepted_at: now.toISOString() });
    batch.collection('audit_log').create(
      auditFields({
        actor: { id, display_name: input.display_name },
        action: 'invitation.accept',
        target_collection: 'invitations',
        target_id: invitation.id,
        cohort: cohort.id,
        details: { account: 'new', invited_by: invitation.invited_by },
      }),
    );
    try {
      await sendBatch(batch);
    } catch (error) {
      // The email was taken between the check and the save: the same refusal.
      if (mentionsNotUnique(error)) throw new DomainError('conflict', a.hasAccount);
      const mapped = fromPocketBase(error, 'account');
      if (mapped.kind === 'invalid' || (error instanceof ClientResponseError && error.status === 400)) throw new DomainError('invalid', a.failed, { password: a.failed });
      throw mapped;
    }
    return { user: id, email: invitation.email, cohort };
  });
}

/**
 * Accepts an invitation as the signed-in person whose account has the invitation's email:
 * enrols them in the group (moving them from another group of the course if they were in
 * one; their work is kept) and marks the invitation accepted, in one transaction.
 *
 * @throws {DomainError} `not-found` (link not usable), `forbidden` (signed in with another
 *   email), `unavailable`
 */
export async function joinWithInvitation(service: TypedPocketBase, token: string, user: Pick<UserRecord, 'id' | 'email' | 'role' | 'display_name'>, now: Date = new Date()): Promise<Accepted> {
  return once(token, async () => {
    const opened = await openInvitation(service, token, now);
    if (!opened) throw new DomainError('not-found', a.badText);
    const { invitation, cohort } = opened;
    if ((user.email ?? '').trim().toLowerCase() !== invitation.email) throw new DomainError('forbidden', a.otherAccount);
    let existing: PlacedEnrolment | undefined;
    try {
      const row = (await service.collection('enrolments').getList(1, 1, { skipTotal: true, filter: service.filter('user = {:user} && course = {:course}', { user: user.id, course: cohort.course }) })).items[0];
      if (row) existing = { id: row.id, cohort: row.cohort ?? '', status: row.status === 'left' ? 'left' : 'active' };
    } catch (error) {
      throw fromPocketBase(error, 'enrolment');
    }
    const plan = placeTrainee(cohort.id, existing);
    const batch = service.createBatch();
    const roles = user.role ?? [];
    if (!roles.includes('trainee')) batch.collection('users').update(user.id, { role: [...roles, 'trainee'] });
    if (plan.action === 'create') batch.collection('enrolments').create({ user: user.id, course: cohort.course, cohort: cohort.id, status: 'active' });
    if (plan.action === 'update') batch.collection('enrolments').update(plan.enrolment, { cohort: cohort.id, status: 'active' });
    batch.collection('invitations').update(invitation.id, { status: 'accepted', accepted_by: user.id, accepted_at: now.toISOString() });
    batch.collection('audit_log').create(
      auditFields({
        actor: user,
        action: 'invitation.accept',
        target_collection: 'invitations',
        target_id: invitation.id,
        cohort: cohort.id,
        details: { account: 'existing', invited_by: invitation.invited_by, moved: plan.action === 'update' && plan.moved },
      }),
    );
    try {
      await sendBatch(batch);
    } catch (error) {
      throw fromPocketBase(error, 'enrolment');
    }
    return { user: user.id, email: invitation.email, cohort };
  });
}

