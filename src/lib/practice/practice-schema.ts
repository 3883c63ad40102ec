/**
 * Form bodies of the practice portfolio (zod): logging hours, reviewing them, recording and
 * confirming supervision, recording observed practice. Parsed by the shared `parseForm`
 * (src/lib/auth/schema.ts), one message per field `name`; messages say what to fix.
 */
import { z } from 'zod';
import { parseDay, today } from '../cohorts/dates.ts';
import { PRACTICE_KINDS } from '../courses/practice.ts';
import { practiceEn } from '../i18n/practice.ts';
import { RECORD_ID } from '../record-id.ts';
import { lengthInMinutes } from './hours.ts';

const v = practiceEn.validation;
const charLength = (text: string) => [...text].length;

const id = (message: string) => z.string({ error: message }).trim().regex(RECORD_ID, { error: message });

/** A day that has happened: `2026-11-03`, `3/11/2026` or `3 November 2026`. */
const pastDay = (now: () => Date) =>
  z
    .string({ error: v.dateMissing })
    .trim()
    .min(1, { error: v.dateMissing })
    .check((ctx) => {
      const day = parseDay(ctx.value);
      if (!day) ctx.issues.push({ code: 'custom', message: v.dateInvalid, input: ctx.value });
      else if (day > today(now())) ctx.issues.push({ code: 'custom', message: v.dateFuture, input: ctx.value });
    })
    .transform((value) => parseDay(value)!);

const text = (max: number, missing: string | undefined, tooLong: (n: number) => string) =>
  z
    .string({ error: missing ?? tooLong(0) })
    .optional()
    .transform((value) => (value ?? '').trim())
    .check((ctx) => {
      if (missing && ctx.value === '') ctx.issues.push({ code: 'custom', message: missing, input: ctx.value });
      const n = charLength(ctx.value);
      if (n > max) ctx.issues.push({ code: 'custom', message: tooLong(n), input: ctx.value });
    });

/** "Log hours": date, hours and minutes (either may be empty), kind, note. */
export const logHoursInput = (now: () => Date = () => new Date()) =>
  z
    .object({
      done_on: pastDay(now),
      hours: z.string().optional().default(''),
      minutes: z.string().optional().default(''),
      kind: z.enum(PRACTICE_KINDS, { error: v.kindMissing }),
      note: text(500, undefined, v.noteTooLong),
    })
    .transform((value, ctx) => {
      const length = lengthInMinutes(value.hours, value.minutes);
      const issue = (message: string) => {
        ctx.issues.push({ code: 'custom', message, path: ['hours'], input: value.hours });
        return z.NEVER;
      };
      if (value.hours.trim() === '' && value.minutes.trim() === '') return issue(v.lengthMissing);
      if (length === undefined) return issue(v.lengthInvalid);
      if (length < 15) return issue(v.lengthTooShort);
      if (length > 1440) return issue(v.lengthTooLong);
      return { done_on: value.done_on, minutes: length, kind: value.kind, note: value.note };
    });
export type LogHoursInput = z.output<ReturnType<typeof logHoursInput>>;

export const EntryInput = z.object({ entry: id(v.unknownEntry) });

/** A trainer's review of one entry: confirm, or query with a note. */
export const ReviewHoursInput = z
  .object({
    entry: id(v.unknownEntry),
    review: z.enum(['confirm', 'query'], { error: v.unknownEntry }),
    review_note: text(1000, undefined, v.noteTooLong),
  })
  .check((ctx) => {
    if (ctx.value.review === 'query' && ctx.value.review_note === '') {
      ctx.issues.push({ code: 'custom', message: v.queryNoteMissing, path: ['review_note'], input: ctx.value.review_note });
    }
  });
export type ReviewHoursInput = z.output<typeof ReviewHoursInput>;

/** "Record a supervision session". `other`: the supervisor (trainee's form) or the trainee (staff form). */
export const sessionInput = (now: () => Date = () => new Date()) =>
  z.object({
    other: id(v.supervisorMissing),
    held_on: pastDay(now),
    minutes: z
      .string({ error: v.minutesInvalid })
      .trim()
      .regex(/^\d{1,3}$/, { error: v.minutesInvalid })
      .transform(Number)
      .pipe(z.number().min(10, { error: v.minutesInvalid }).max(480, { error: v.minutesInvalid })),
    format: z.enum(['one_to_one', 'group', 'peer'], { error: v.formatMissing }),
    actions: text(2000, undefined, v.actionsTooLong),
    record: text(2000, v.recordMissing, v.recordTooLong),
  });
export type SessionInput = z.output<ReturnType<typeof sessionInput>>;

export const ConfirmSessionInput = z.object({ session: id(v.unknownEntry) });

/** "Change this record" of a session: what it says (who it is between never changes). */
export const sessionEditInput = (now: () => Date = () => new Date()) => sessionInput(now).omit({ other: true }).extend({ session: id(v.unknownEntry) });
export type SessionEditInput = z.output<ReturnType<typeof sessionEditInput>>;

/** "Record observed practice". `criteria` come from checkboxes (FormData.getAll), passed in as a list. */
export const practiceObservationInput = (now: () => Date = () => new Date()) =>
  z.object({
    trainee: id(v.traineeMissing),
    observed_on: pastDay(now),
    seen: text(5000, v.seenMissing, v.textTooLong),
    feedback: text(5000, v.feedbackMissing, v.textTooLong),
    criteria: z
      .array(z.string().trim().max(100), { error: v.criteriaMissing })
      .transform((list) => [...new Set(list.filter((c) => c !== ''))])
      .pipe(z.array(z.string()).min(1, { error: v.criteriaMissing }).max(20, { error: v.criteriaMissing })),
  });
export type PracticeObservationInput = z.output<ReturnType<typeof practiceObservationInput>>;
