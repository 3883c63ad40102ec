/**
 * What the invitation forms do when posted: the people page's "add many at once" (check,
 * then add), resend, withdraw and join-code buttons, and the invitation page's "create my
 * account" and "join". Pages stay thin: they read the form, call one of these and show or
 * redirect. Nothing here throws for something a person did.
 */
import { DISPLAY_NAME_MAX, NewPasswordInput, parseForm } from '../auth/schema.ts';
import { authEn } from '../i18n/auth.ts';
import { invitationsEn } from '../i18n/invitations.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { z } from 'zod';
import { failed, invalid, type StaffOutcome } from './forms.ts';
import {
  acceptInvitation,
  applyList,
  changeJoinCode,
  joinWithInvitation,
  previewList,
  resendInvitation,
  withdrawInvitation,
  type Accepted,
  type CodeChange,
  type InviteDeps,
  type ListApplied,
  type ListPreview,
  type MadeInvitation,
} from './invitations-store.ts';
import { readUploadedList } from './invitations.ts';

export type PeopleInviteResult =
  /** `blocked`: some lines cannot be read; the list must be fixed before adding. */
  | { kind: 'preview'; preview: ListPreview; text: string; blocked: boolean }
  | { kind: 'applied'; applied: ListApplied }
  | { kind: 'resent'; made: MadeInvitation }
  | { kind: 'withdrawn' }
  | { kind: 'code'; done: 'made' | 'rotated' | 'off' };

/** The actions of the people page that this file handles. */
export const INVITE_ACTIONS = ['bulk-preview', 'bulk-apply', 'invitation-resend', 'invitation-withdraw', 'code'] as const;
export const isInviteAction = (action: unknown): boolean => typeof action === 'string' && (INVITE_ACTIONS as readonly string[]).includes(action);

/** The list typed, or the uploaded CSV file's text when a file was chosen. */
async function listText(form: FormData): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  const file = form.get('people_file');
  if (file && typeof file !== 'string' && file.size > 0) return readUploadedList(new Uint8Array(await file.arrayBuffer()));
  const text = form.get('people');
  return { ok: true, text: typeof text === 'string' ? text : '' };
}

const isBlocked = (preview: ListPreview) => !!preview.parsed.listProblem || preview.parsed.problems.length > 0;

export async function peopleInviteForm(args: { deps: InviteDeps; cohortId: string; form: FormData }): Promise<StaffOutcome<PeopleInviteResult>> {
  const { deps, cohortId, form } = args;
  try {
    switch (form.get('action')) {
      case 'bulk-preview':
      case 'bulk-apply': {
        const read = await listText(form);
        if (!read.ok) return invalid({ people: read.message });
        const preview = await previewList(deps, cohortId, read.text);
        if (form.get('action') === 'bulk-preview' || isBlocked(preview) || preview.acting === 0) {
          return { ok: true, value: { kind: 'preview', preview, text: read.text, blocked: isBlocked(preview) } };
        }
        return { ok: true, value: { kind: 'applied', applied: await applyList(deps, cohortId, read.text) } };
      }
      case 'invitation-resend': {
        return { ok: true, value: { kind: 'resent', made: await resendInvitation(deps, cohortId, String(form.get('invitation') ?? '')) } };
      }
      case 'invitation-withdraw': {
        await withdrawInvitation(deps, cohortId, String(form.get('invitation') ?? ''));
        return { ok: true, value: { kind: 'withdrawn' } };
      }
      case 'code': {
        const change = form.get('change');
        if (change !== 'make' && change !== 'rotate' && change !== 'off') return { ok: false, status: 400, message: invitationsEn.errors.notYours, fields: {} };
        await changeJoinCode(deps, cohortId, change as CodeChange);
        return { ok: true, value: { kind: 'code', done: change === 'make' ? 'made' : change === 'rotate' ? 'rotated' : 'off' } };
      }
      default:
        return { ok: false, status: 400, message: invitationsEn.errors.notYours, fields: {} };
    }
  } catch (error) {
    return failed(error);
  }
}

const v = authEn.validation;
const displayName = z
  .string({ error: v.displayNameMissing })
  .trim()
  .min(1, { error: v.displayNameMissing })
  .check((ctx) => {
    const n = [...ctx.value].length;
    if (n > DISPLAY_NAME_MAX) ctx.issues.push({ code: 'custom', message: v.displayNameTooLong(n), input: ctx.value });
  });

/** "Create my account and join": a name and a new password typed twice. */
export const AcceptInput = z.object({ display_name: displayName }).and(NewPasswordInput);

export type InvitePageResult = { kind: 'accepted'; accepted: Accepted; password: string } | { kind: 'joined'; accepted: Accepted };

/**
 * The invitation page's POST: `accept` (no account yet; signed out) or `join` (signed in as the
 * account with the invitation's email).
 */
export async function invitePageForm(args: { service: TypedPocketBase; token: string; user: UserRecord | null; form: FormData; now?: Date }): Promise<StaffOutcome<InvitePageResult>> {
  const { service, token, user, form } = args;
  try {
    if (form.get('action') === 'join') {
      if (!user) return { ok: false, status: 403, message: invitationsEn.accept.hasAccount, fields: {} };
      return { ok: true, value: { kind: 'joined', accepted: await joinWithInvitation(service, token, user, args.now) } };
    }
    if (user) return { ok: false, status: 403, message: invitationsEn.accept.otherAccount, fields: {} };
    const parsed = parseForm(AcceptInput, form);
    if (!parsed.ok) return invalid(parsed.fields);
    const accepted = await acceptInvitation(service, token, { display_name: parsed.data.display_name, password: parsed.data.password }, args.now);
    return { ok: true, value: { kind: 'accepted', accepted, password: parsed.data.password } };
  } catch (error) {
    return failed(error);
  }
}
