/**
 * Email about notifications: each person's choices, quiet hours, when a digest is due, and
 * which emails to write now. Pure (no I/O, no clock: `now` is always passed in).
 *
 * - Categories group notification kinds: a trainee's feedback/decisions, replies, certificates;
 *   staff's evidence to decide, IQA returns, samples to review.
 * - Each category is `immediate`, `daily` (digest at the organisation's digest hour), `weekly`
 *   (that hour on the digest weekday) or `off`. Default: daily — a calmer inbox, for wellbeing.
 * - Quiet hours (default 21:00–08:00 in ORG_TIME_ZONE): no immediate email then; it waits until
 *   the quiet hours end. Digests come at the digest hour, which is outside the default quiet hours.
 * - An email says only which kinds of thing are waiting and how many: never any text.
 */
import type { NotificationKind } from '../records.ts';

export type EmailMode = 'immediate' | 'daily' | 'weekly' | 'off';
export const EMAIL_MODES: readonly EmailMode[] = ['immediate', 'daily', 'weekly', 'off'];
export type EmailCategory = 'feedback' | 'replies' | 'certificates' | 'to_decide' | 'iqa_returns' | 'samples' | 'discussion' | 'reviews' | 'questionnaires';
export const TRAINEE_CATEGORIES: readonly EmailCategory[] = ['feedback', 'replies', 'certificates', 'questionnaires'];
export const STAFF_CATEGORIES: readonly EmailCategory[] = ['to_decide', 'iqa_returns', 'samples'];
/** For everyone in a group's discussion space (trainees and trainers alike). */
export const SHARED_CATEGORIES: readonly EmailCategory[] = ['discussion', 'reviews'];
export const EMAIL_CATEGORIES: readonly EmailCategory[] = [...TRAINEE_CATEGORIES, ...STAFF_CATEGORIES, ...SHARED_CATEGORIES];

/** Chosen for wellbeing: one calm summary a day, not a ping per event. */
export const DEFAULT_MODE: EmailMode = 'daily';
export const DEFAULT_QUIET: Quiet = { start: 21, end: 8 };

/** Quiet hours as whole local hours: from `start`:00 up to (not including) `end`:00. */
export interface Quiet {
  start: number;
  end: number;
}

export interface EmailPrefs {
  modes: Record<EmailCategory, EmailMode>;
  /** null: no quiet hours. */
  quiet: Quiet | null;
}

/** The stored row (`notification_settings`); empty fields mean "the default". */
export type SettingsRow = Partial<Record<EmailCategory, string>> & { quiet_start?: string; quiet_end?: string };

export function categoryOf(kind: NotificationKind | string): EmailCategory | undefined {
  switch (kind) {
    case 'decision':
    case 'feedback':
      return 'feedback';
    case 'reply':
      return 'replies';
    case 'certificate':
      return 'certificates';
    case 'evidence':
      return 'to_decide';
    case 'iqa_return':
      return 'iqa_returns';
    case 'sample':
      return 'samples';
    case 'discussion':
      return 'discussion';
    case 'review':
      return 'reviews';
    case 'questionnaire':
      return 'questionnaires';
    default:
      return undefined;
  }
}

const isMode = (v: unknown): v is EmailMode => typeof v === 'string' && (EMAIL_MODES as readonly string[]).includes(v);
const HOUR = /^([01]\d|2[0-3]):00$/;
const hourOf = (v: string | undefined): number | undefined => (v && HOUR.test(v) ? Number(v.slice(0, 2)) : undefined);
export const hourText = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The categories that apply to someone with these roles (trainees' for trainees and anyone without a staff role). */
export function categoriesFor(roles: readonly string[]): EmailCategory[] {
  const staff = roles.some((r) => r === 'assessor' || r === 'iqa' || r === 'trainer' || r === 'admin' || r === 'new_assessor');
  const trainee = roles.includes('trainee') || !staff;
  return [...(trainee ? TRAINEE_CATEGORIES : []), ...(staff ? STAFF_CATEGORIES : []), ...SHARED_CATEGORIES];
}

/** A person's choices from their row (or none), every gap filled with the default. */
export function resolvePrefs(row?: SettingsRow | null): EmailPrefs {
  const modes = Object.fromEntries(EMAIL_CATEGORIES.map((c) => [c, isMode(row?.[c]) ? row![c] : DEFAULT_MODE])) as Record<EmailCategory, EmailMode>;
  let quiet: Quiet | null = DEFAULT_QUIET;
  if (row?.quiet_start === 'off' || row?.quiet_end === 'off') quiet = null;
  else {
    const start = hourOf(row?.quiet_start);
    const end = hourOf(row?.quiet_end);
    if (start !== undefined && end !== undefined) quiet = start === end ? null : { start, end };
  }
  return { modes, quiet };
}

/** The row to save for these choices. */
export function prefsToRow(prefs: EmailPrefs): Required<SettingsRow> {
  return {
    ...(Object.fromEntries(EMAIL_CATEGORIES.map((c) => [c, prefs.modes[c]])) as Record<EmailCategory, string>),
    quiet_start: prefs.quiet ? hourText(prefs.quiet.start) : 'off',
    quiet_end: prefs.quiet ? hourText(prefs.quiet.end) : 'off',
  };
}

export type PrefsForm = { ok: true; prefs: EmailPrefs } | { ok: false; errors: Record<string, string> };

/**
 * Reads the /account form. Categories not on the form keep `current` (a trainee's form has no
 * staff fields). `quiet` is `on` or absent; `quiet_start`/`quiet_end` are hours 0–23.
 */
export function parsePrefsForm(form: { get(name: string): unknown }, current: EmailPrefs, messages: { mode: string; hour: string; same: string }): PrefsForm {
  const errors: Record<string, string> = {};
  const modes = { ...current.modes };
  for (const category of EMAIL_CATEGORIES) {
    const value = form.get(category);
    if (value === null || value === undefined) continue;
    if (isMode(value)) modes[category] = value;
    else errors[category] = messages.mode;
  }
  let quiet: Quiet | null = null;
  if (form.get('quiet') === 'on' || form.get('quiet') === 'yes') {
    const read = (name: string) => {
      const raw = String(form.get(name) ?? '');
      const n = /^\d{1,2}$/.test(raw) ? Number(raw) : Number.NaN;
      if (!(n >= 0 && n <= 23)) errors[name] = messages.hour;
      return n;
    };
    const start = read('quiet_start');
    const end = read('quiet_end');
    if (!errors.quiet_start && !errors.quiet_end && start === end) errors.quiet_end = messages.same;
    quiet = { start, end };
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, prefs: { modes, quiet } };
}

// ---------------------------------------------------------------------------------------------
// Local time in the organisation's zone

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function localParts(date: Date, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(String(parts.weekday)),
  };
}

/** The instant when the wall clock in `timeZone` shows this local date and hour (month 1–12; day may overflow). */
export function zonedTime(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  const offset = (instant: number) => {
    const p = localParts(new Date(instant), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(instant / 60_000) * 60_000;
  };
  let guess = wall - offset(wall);
  const second = wall - offset(guess);
  if (second !== guess) guess = second;
  return new Date(guess);
}

/** Whether `now` falls in the quiet hours (local, in `timeZone`); they may run past midnight. */
export function inQuietHours(now: Date, quiet: Quiet | null, timeZone: string): boolean {
  if (!quiet || quiet.start === quiet.end) return false;
  const { hour } = localParts(now, timeZone);
  return quiet.start < quiet.end ? hour >= quiet.start && hour < quiet.end : hour >= quiet.start || hour < quiet.end;
}

/** When the organisation sends digests: the local hour, and for weekly ones the weekday (0 = Sunday). */
export interface DigestSchedule {
  hour: number;
  weekday: number;
}

export const DEFAULT_SCHEDULE: DigestSchedule = { hour: 8, weekday: 1 };

/** DIGEST_HOUR (0–23, default 8) and DIGEST_WEEKDAY (0 Sunday … 6 Saturday, or a name; default Monday). */
export function scheduleFromEnv(env: Record<string, string | undefined>): DigestSchedule {
  const hour = Number(env.DIGEST_HOUR?.trim() || DEFAULT_SCHEDULE.hour);
  const rawDay = (env.DIGEST_WEEKDAY ?? '').trim().toLowerCase();
  const named = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].findIndex((d) => rawDay.length >= 3 && d.startsWith(rawDay));
  const weekday = named >= 0 ? named : rawDay !== '' && /^[0-6]$/.test(rawDay) ? Number(rawDay) : DEFAULT_SCHEDULE.weekday;
  return { hour: Number.isInteger(hour) && hour >= 0 && hour <= 23 ? hour : DEFAULT_SCHEDULE.hour, weekday };
}

/** The first digest time strictly after `created`: the next digest hour (daily), on the digest weekday (weekly). */
export function nextDigestAfter(created: Date, mode: 'daily' | 'weekly', schedule: DigestSchedule, timeZone: string): Date {
  const p = localParts(created, timeZone);
  for (let add = 0; add <= 8; add++) {
    const slot = zonedTime(p.year, p.month, p.day + add, schedule.hour, timeZone);
    if (slot.getTime() <= created.getTime()) continue;
    if (mode === 'weekly' && localParts(slot, timeZone).weekday !== schedule.weekday) continue;
    return slot;
  }
  /* c8 ignore next */
  throw new Error('no digest time within 8 days');
}

// ---------------------------------------------------------------------------------------------
// What to send now

export interface PendingNotification {
  id: string;
  user: string;
  kind: string;
  created: Date;
}

export interface Person {
  email: string;
  name: string;
  prefs: EmailPrefs;
}

/** At most this many notifications are covered by one email (the rest come in the next). */
export const MAX_PER_EMAIL = 150;

export type Cadence = 'immediate' | 'daily' | 'weekly';

export interface PlannedEmail {
  user: string;
  to: string;
  name: string;
  /** `immediate` when everything in it is immediate; else the slowest digest in it. */
  cadence: Cadence;
  /** How many of each category (categories with none are left out), in the fixed order. */
  counts: [EmailCategory, number][];
  notificationIds: string[];
}

export interface Plan {
  emails: PlannedEmail[];
  /** Notifications no email will ever be about (category off, or no address): stamped, not sent. */
  settled: string[];
}

/**
 * The emails to write at `now`: per person, one email with everything of theirs that is due.
 * - immediate: due now unless in their quiet hours (then it waits for the end of them);
 * - daily/weekly: due once the first digest time after the notification has come;
 * - off: never emailed (settled).
 */
export function planEmails(input: { now: Date; timeZone: string; schedule: DigestSchedule; people: ReadonlyMap<string, Person>; notifications: readonly PendingNotification[] }): Plan {
  const byUser = new Map<string, { person: Person; due: PendingNotification[]; cadences: Set<Cadence> }>();
  const settled: string[] = [];
  for (const n of input.notifications) {
    const person = input.people.get(n.user);
    const category = categoryOf(n.kind);
    if (!person || !category || !person.email) {
      settled.push(n.id);
      continue;
    }
    const mode = person.prefs.modes[category];
    if (mode === 'off') {
      settled.push(n.id);
      continue;
    }
    const due = mode === 'immediate' ? !inQuietHours(input.now, person.prefs.quiet, input.timeZone) : nextDigestAfter(n.created, mode, input.schedule, input.timeZone).getTime() <= input.now.getTime();
    if (!due) continue;
    let entry = byUser.get(n.user);
    if (!entry) byUser.set(n.user, (entry = { person, due: [], cadences: new Set() }));
    // One email and its stamps are one PocketBase batch: the rest waits for the next run.
    if (entry.due.length >= MAX_PER_EMAIL) continue;
    entry.due.push(n);
    entry.cadences.add(mode);
  }
  const emails: PlannedEmail[] = [];
  for (const [user, { person, due, cadences }] of byUser) {
    const counts = EMAIL_CATEGORIES.map((c) => [c, due.filter((n) => categoryOf(n.kind) === c).length] as [EmailCategory, number]).filter(([, n]) => n > 0);
    const cadence: Cadence = cadences.has('weekly') ? 'weekly' : cadences.has('daily') ? 'daily' : 'immediate';
    emails.push({ user, to: person.email, name: person.name, cadence, counts, notificationIds: due.map((n) => n.id) });
  }
  return { emails, settled };
}

/** `feedback=2;replies=1`: the counts as an email's data field (no text, only categories and numbers). */
export function encodeCounts(counts: readonly [EmailCategory, number][]): string {
  return counts.map(([c, n]) => `${c}=${n}`).join(';');
}

export function decodeCounts(text: string): [EmailCategory, number][] {
  const out: [EmailCategory, number][] = [];
  for (const part of text.split(';')) {
    const [c, n] = part.split('=');
    if ((EMAIL_CATEGORIES as readonly string[]).includes(c ?? '') && /^\d{1,6}$/.test(n ?? '')) out.push([c as EmailCategory, Number(n)]);
  }
  return out;
}
