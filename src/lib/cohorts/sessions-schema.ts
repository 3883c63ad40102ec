/**
 * Form bodies of the session pages (zod), with messages a trainer can act on. Parsed by the
 * shared `parseForm` (src/lib/auth/schema.ts): one message per field, keyed by its `name`.
 */
import { z } from 'zod';
import { sessionsEn } from '../i18n/sessions.ts';
import { RECORD_ID } from '../record-id.ts';
import { parseDay } from './dates.ts';
import { ATTENDANCE_STATUSES, MAX_WEEKS } from './sessions.ts';

const v = sessionsEn.validation;
const chars = (text: string) => [...text].length;

const text = (max: number, tooLong: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? '').trim())
    .check((ctx) => {
      if (chars(ctx.value) > max) ctx.issues.push({ code: 'custom', message: tooLong, input: ctx.value });
    });

/** `18:00`, `6:00`, `18.00` → `18:00`. */
export function parseTime(raw: string): string | undefined {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(raw.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${m[2]}`;
}

const time = z
  .string({ error: v.timeInvalid })
  .check((ctx) => {
    if (!parseTime(ctx.value)) ctx.issues.push({ code: 'custom', message: v.timeInvalid, input: ctx.value });
  })
  .transform((value) => parseTime(value)!);

const day = z
  .string({ error: v.dayInvalid })
  .check((ctx) => {
    if (!parseDay(ctx.value)) ctx.issues.push({ code: 'custom', message: v.dayInvalid, input: ctx.value });
  })
  .transform((value) => parseDay(value)!);

/** A meeting link: an http(s) web address. */
function isWebLink(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !!url.hostname;
  } catch {
    return false;
  }
}

const sessionFields = {
  title: z
    .string({ error: v.titleMissing })
    .trim()
    .min(1, { error: v.titleMissing })
    .check((ctx) => {
      if (chars(ctx.value) > 200) ctx.issues.push({ code: 'custom', message: v.titleTooLong, input: ctx.value });
    }),
  day,
  start: time,
  end: time,
  mode: z.enum(['in_person', 'online'], { error: v.modeMissing }),
  place: text(300, v.placeTooLong),
  link: text(2000, v.linkInvalid),
  module: text(100, v.moduleUnknown),
};

type SessionShape = { start: string; end: string; mode: 'in_person' | 'online'; place: string; link: string };

function checkSession(ctx: { value: SessionShape; issues: unknown[] }) {
  const { start, end, mode, place, link } = ctx.value;
  const issue = (path: string, message: string) => ctx.issues.push({ code: 'custom', path: [path], message, input: ctx.value });
  if (end <= start) issue('end', v.endBeforeStart);
  if (mode === 'in_person' && place === '') issue('place', v.placeMissing);
  if (mode === 'online' && link === '') issue('link', v.linkMissing);
  else if (link !== '' && !isWebLink(link)) issue('link', v.linkInvalid);
}

/** "Change a session". */
export const SessionEditInput = z.object(sessionFields).check((ctx) => checkSession(ctx as never));
export type SessionEditInput = z.output<typeof SessionEditInput>;

/** "Add a session": once, or every week for `weeks` weeks. */
export const SessionCreateInput = z
  .object({
    ...sessionFields,
    repeat: z.enum(['once', 'weekly'], { error: v.repeatMissing }),
    weeks: z.string().optional().transform((value) => (value ?? '').trim()),
  })
  .check((ctx) => {
    checkSession(ctx as never);
    if (ctx.value.repeat === 'weekly') {
      const n = Number(ctx.value.weeks);
      if (!/^\d+$/.test(ctx.value.weeks) || n < 2 || n > MAX_WEEKS) ctx.issues.push({ code: 'custom', path: ['weeks'], message: v.weeksInvalid, input: ctx.value });
    }
  })
  .transform((value) => ({ ...value, weeks: value.repeat === 'weekly' ? Number(value.weeks) : 1 }));
export type SessionCreateInput = z.output<typeof SessionCreateInput>;

/** "Cancel this session". */
export const SessionCancelInput = z.object({ note: text(500, v.noteTooLong) });

/**
 * The register: for each trainee `mark-<id>` (a status) and `note-<id>`. A row left without a
 * status is left as it was; an unknown status is a problem named on that row.
 */
export function parseRegister(form: Record<string, string>, trainees: readonly string[]):
  | { ok: true; marks: { user: string; status: (typeof ATTENDANCE_STATUSES)[number]; note: string }[] }
  | { ok: false; fields: Record<string, string> } {
  const marks: { user: string; status: (typeof ATTENDANCE_STATUSES)[number]; note: string }[] = [];
  const fields: Record<string, string> = {};
  for (const user of trainees) {
    if (!RECORD_ID.test(user)) continue;
    const status = (form[`mark-${user}`] ?? '').trim();
    const note = (form[`note-${user}`] ?? '').trim();
    if (chars(note) > 500) fields[`note-${user}`] = v.noteTooLong;
    if (status === '') continue;
    if (!(ATTENDANCE_STATUSES as readonly string[]).includes(status)) {
      fields[`mark-${user}`] = v.statusMissing;
      continue;
    }
    marks.push({ user, status: status as (typeof ATTENDANCE_STATUSES)[number], note });
  }
  return Object.keys(fields).length > 0 ? { ok: false, fields } : { ok: true, marks };
}
