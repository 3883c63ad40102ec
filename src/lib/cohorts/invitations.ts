/**
 * Inviting people to a group and adding many at once. Pure: parsing a pasted list or a CSV
 * file, deciding what happens to each line, the state of an invitation, its token and link,
 * and who may manage a group's people. The PocketBase side is ./invitations-store.ts.
 *
 * An invitation's token is 32 random bytes in base64url (43 characters), like a reset link
 * (src/lib/auth/password-reset.ts): only its SHA-256 is stored, so a copy of the database
 * holds no working link.
 */
import { hashResetToken, newResetToken } from '../auth/password-reset.ts';
import { pocketBaseTime } from '../dates.ts';
import { invitationsEn } from '../i18n/invitations.ts';
import type { CohortRecord, Role, UserRecord } from '../records.ts';
import { placeTrainee, type PlacedEnrolment } from './cohorts.ts';

const p = invitationsEn.parse;

/** How long an invitation link works. */
export const INVITATION_LIFETIME_MS = 14 * 24 * 60 * 60 * 1000;
/** The most people one list may hold (one PocketBase batch of at most 2 requests each). */
export const MAX_PEOPLE = 100;
/** The largest CSV file read. */
export const MAX_FILE_BYTES = 200_000;
const NAME_MAX = 80;
const EMAIL_MAX = 254;
const EMAIL_SHAPE = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;".]+$/;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

// ---------------------------------------------------------------------------------------------
// Who may do what

/** An administrator, or a trainer listed on this group. Trainers of other groups may not. */
export function canManagePeople(cohort: Pick<CohortRecord, 'trainers'>, user: Pick<UserRecord, 'id' | 'role'> | null | undefined): boolean {
  if (!user) return false;
  if ((user.role ?? []).includes('admin')) return true;
  return (user.role ?? []).includes('trainer') && (cohort.trainers ?? []).includes(user.id);
}

/** Administrators and trainers may start a group (a trainer's group lists them as its trainer). */
export function canStartGroup(user: Pick<UserRecord, 'role'> | null | undefined): boolean {
  return !!user && ((user.role ?? []).includes('admin') || (user.role ?? []).includes('trainer'));
}

// ---------------------------------------------------------------------------------------------
// Tokens and states

export const newInvitationToken = (): string => newResetToken();
export const hashInvitationToken = (token: string): string => hashResetToken(token);
/** Whether a string from a URL is shaped like one of our tokens (anything else is not looked up). */
export const isInvitationToken = (token: string): boolean => TOKEN_SHAPE.test(token);

export function invitationExpiry(now: Date): Date {
  return new Date(now.getTime() + INVITATION_LIFETIME_MS);
}

/** The link to give the person. `origin` is SITE_URL or the request's own origin. */
export function invitationUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}/invite/${token}`;
}

export type InvitationState = 'pending' | 'accepted' | 'withdrawn' | 'expired';

/** What an invitation is at `now`: a pending one past its expiry is expired. */
export function invitationState(record: { status: string; expires_at: string }, now: Date): InvitationState {
  if (record.status === 'accepted' || record.status === 'withdrawn' || record.status === 'expired') return record.status;
  const expires = pocketBaseTime(record.expires_at);
  if (!Number.isFinite(expires) || expires <= now.getTime()) return 'expired';
  return 'pending';
}

/** Staff may make a new link for an open or expired invitation, and withdraw either. */
export const canResend = (state: InvitationState) => state === 'pending' || state === 'expired';
export const canWithdraw = canResend;

// ---------------------------------------------------------------------------------------------
// Parsing a list of people

export interface ListedPerson {
  /** 1-based line number in what was pasted or uploaded. */
  line: number;
  name: string;
  /** Lower case, trimmed. */
  email: string;
}

export interface LineProblem {
  line: number;
  message: string;
}

export interface ParsedList {
  people: ListedPerson[];
  /** One message per line that could not be read, naming the line and the fix. */
  problems: LineProblem[];
  /** A problem with the whole list (empty, too long). */
  listProblem?: string;
}

/** Cells of one CSV line: commas, semicolons or tabs between cells; "quoted" cells may hold them. */
export function splitCells(line: string): { cells: string[]; unclosed: boolean } {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',' || ch === ';' || ch === '\t') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return { cells, unclosed: quoted };
}

const tidyName = (text: string) =>
  text
    .replace(/^["']+|["']+$/g, '')
    .replace(/[,;]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();

const looksLikeHeader = (cells: string[]) => cells.some((c) => /^e-?mail( address)?$/i.test(c.trim())) && !cells.some((c) => c.includes('@'));

/** A short quote of a line for a message. */
const quote = (text: string) => ([...text].length > 60 ? `${[...text].slice(0, 57).join('')}…` : text);

/**
 * Reads a pasted list or a CSV file: one person per line, as `email`, `Name <email>`,
 * `Name, email` (or `email, Name`; commas, semicolons or tabs), quoted CSV cells allowed. A
 * heading line naming an email column is skipped; blank lines and lines starting with # are
 * ignored. Every line that cannot be read gets a message naming it and the fix.
 */
export function parsePeopleList(text: string): ParsedList {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const people: ListedPerson[] = [];
  const problems: LineProblem[] = [];
  const seen = new Map<string, number>();
  let sawContent = false;

  lines.forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    const firstContent = !sawContent;
    sawContent = true;

    let name = '';
    let email = '';
    const angle = /^(.*?)<\s*([^<>]*?)\s*>[\s,;"']*$/.exec(text);
    if (angle) {
      name = tidyName(angle[1]!);
      email = angle[2]!.trim();
      if (email === '') return void problems.push({ line, message: p.noEmail(line, quote(text)) });
    } else {
      const { cells, unclosed } = splitCells(text);
      if (unclosed) return void problems.push({ line, message: p.unclosedQuote(line) });
      if (firstContent && looksLikeHeader(cells)) return;
      const withAt = cells.filter((c) => c.includes('@'));
      if (withAt.length === 0) return void problems.push({ line, message: p.noEmail(line, quote(text)) });
      if (withAt.length > 1) return void problems.push({ line, message: p.twoEmails(line) });
      email = withAt[0]!;
      name = tidyName(cells.filter((c) => c !== email && c !== '').join(' '));
    }

    email = email.replace(/^mailto:/i, '').trim().toLowerCase();
    if (email.length > EMAIL_MAX || !EMAIL_SHAPE.test(email)) return void problems.push({ line, message: p.badEmail(line, quote(email)) });
    if ([...name].length > NAME_MAX) return void problems.push({ line, message: p.nameTooLong(line) });
    const first = seen.get(email);
    if (first !== undefined) return void problems.push({ line, message: p.duplicate(line, first) });
    seen.set(email, line);
    people.push({ line, name, email });
  });

  if (people.length === 0 && problems.length === 0) return { people, problems, listProblem: p.empty };
  if (people.length > MAX_PEOPLE) return { people, problems, listProblem: p.tooMany(people.length, MAX_PEOPLE) };
  return { people, problems };
}

/**
 * The text of an uploaded CSV file, or a message saying why it cannot be used.
 */
export function readUploadedList(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  if (bytes.byteLength > MAX_FILE_BYTES) return { ok: false, message: p.fileTooBig };
  if (bytes.includes(0)) return { ok: false, message: p.fileNotText };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // A spreadsheet saved in the old Windows encoding: every byte is a character.
    return { ok: true, text: new TextDecoder('windows-1252').decode(bytes) };
  }
}

// ---------------------------------------------------------------------------------------------
// What happens to each person

/** What adding a listed person will do. */
export type LineKind =
  /** Has an account: enrol (or put back) in this group. */
  | 'add'
  /** Has an account and is in another group of the course: moved here (administrators only). */
  | 'move'
  /** In another group of the course and the actor is a trainer: left alone. */
  | 'elsewhere'
  /** Already an active member of this group. */
  | 'already'
  /** No account: a new invitation. */
  | 'invite'
  /** No account and an open invitation to this group already. */
  | 'invited';

export interface LinePlan {
  kind: LineKind;
  person: ListedPerson;
  /** For `add` and `move`: the account and what to do to its enrolment. */
  user?: { id: string; role: Role[] };
  enrolment?: string;
}

/** What the store found about the listed emails. */
export interface ListFacts {
  /** Accounts by lower-case email. */
  accounts: ReadonlyMap<string, { id: string; role: Role[] }>;
  /** Each account's enrolment in the group's course, by user id. */
  enrolments: ReadonlyMap<string, PlacedEnrolment>;
  /** Emails with an open (pending, not expired) invitation to this group. */
  invited: ReadonlySet<string>;
}

/** Decides, for each listed person, what adding the list to `cohort` will do. */
export function planList(people: readonly ListedPerson[], facts: ListFacts, cohort: string, actorIsAdmin: boolean): LinePlan[] {
  return people.map((person): LinePlan => {
    const account = facts.accounts.get(person.email);
    if (!account) return { kind: facts.invited.has(person.email) ? 'invited' : 'invite', person };
    const existing = facts.enrolments.get(account.id);
    const placement = placeTrainee(cohort, existing);
    const user = { id: account.id, role: account.role };
    if (placement.action === 'none') return { kind: 'already', person, user };
    if (placement.action === 'create') return { kind: 'add', person, user };
    if (placement.moved) return actorIsAdmin ? { kind: 'move', person, user, enrolment: placement.enrolment } : { kind: 'elsewhere', person, user };
    return { kind: 'add', person, user, enrolment: placement.enrolment };
  });
}

/** Lines that change something when applied. */
export const actsOn = (plan: LinePlan) => plan.kind === 'add' || plan.kind === 'move' || plan.kind === 'invite';
