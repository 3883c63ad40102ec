/**
 * Form bodies of the staff pages about groups, roles and replies (zod), with messages an
 * administrator or trainer can act on. Parsed by the shared `parseForm` (src/lib/auth/schema.ts):
 * one message per field, keyed by the field's `name`.
 */
import { z } from 'zod';
import { staffEn } from '../i18n/staff.ts';
import { ROLES } from '../records.ts';
import { COHORT_ROLES } from './cohorts.ts';
import { parseDay } from './dates.ts';
import { RECORD_ID } from '../record-id.ts';

const v = staffEn.validation;

const charLength = (text: string) => [...text].length;

export const recordId = z.string({ error: v.idMissing }).trim().regex(RECORD_ID, { error: v.idMissing });

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const email = z
  .string({ error: v.emailMissing })
  .trim()
  .min(1, { error: v.emailMissing })
  .max(254, { error: v.emailInvalid })
  .regex(EMAIL_SHAPE, { error: v.emailInvalid });

/** An optional calendar day in any form dates.ts accepts; '' when left empty. */
const optionalDay = z
  .string()
  .optional()
  .transform((value) => (value ?? '').trim())
  .check((ctx) => {
    if (ctx.value !== '' && !parseDay(ctx.value)) ctx.issues.push({ code: 'custom', message: v.dateInvalid, input: ctx.value });
  })
  .transform((value) => (value === '' ? '' : parseDay(value)!));

const checkbox = z
  .string()
  .optional()
  .transform((value) => value === 'on' || value === 'true' || value === '1');

/** "Start a new group". The course is checked against the catalogue by the caller. */
export const CohortCreateInput = z
  .object({
    course: z.string({ error: v.courseMissing }).trim().min(1, { error: v.courseMissing }).max(100, { error: v.courseMissing }),
    name: z
      .string({ error: v.nameMissing })
      .trim()
      .min(1, { error: v.nameMissing })
      .check((ctx) => {
        const n = charLength(ctx.value);
        if (n > 100) ctx.issues.push({ code: 'custom', message: v.nameTooLong(n), input: ctx.value });
      }),
    starts_on: optionalDay,
    ends_on: optionalDay,
    make_code: checkbox,
  })
  .check((ctx) => {
    const { starts_on, ends_on } = ctx.value;
    if (starts_on && ends_on && ends_on < starts_on) ctx.issues.push({ code: 'custom', path: ['ends_on'], message: v.endsBeforeStart, input: ctx.value });
  });
export type CohortCreateInput = z.output<typeof CohortCreateInput>;

const cohortRole = z.enum(COHORT_ROLES, { error: v.roleMissing });

/** "Add someone to this group". */
export const AddPersonInput = z.object({ email, as: cohortRole });
export type AddPersonInput = z.output<typeof AddPersonInput>;

/** "Remove" next to a person. */
export const RemovePersonInput = z.object({ user: recordId, as: cohortRole });
export type RemovePersonInput = z.output<typeof RemovePersonInput>;

/** Archive or bring back. */
export const ArchiveInput = z.object({ archived: z.enum(['true', 'false'], { error: v.idMissing }).transform((value) => value === 'true') });

/** Take (or stop taking) the course's self-enrolled trainees in this group. */
export const SelfEnrolledInput = z.object({
  takes_self_enrolled: z.enum(['true', 'false'], { error: v.idMissing }).transform((value) => value === 'true'),
});

/** Mark or unmark a new assessor. */
export const NewAssessorInput = z.object({
  user: recordId,
  new_assessor: z.enum(['true', 'false'], { error: v.idMissing }).transform((value) => value === 'true'),
});

/** Roles page: find someone by email. */
export const FindPersonInput = z.object({ email });

/** Roles page: the roles ticked (a repeated `roles` field, collected with getAll by the caller). */
export const RolesInput = z.object({
  user: recordId,
  roles: z.array(z.enum(ROLES, { error: v.idMissing })).default([]),
});
export type RolesInput = z.output<typeof RolesInput>;

/** A trainer's reply to a shared reflection. */
export const ReplyInput = z.object({
  reflection: recordId,
  body: z
    .string({ error: v.replyMissing })
    .trim()
    .min(1, { error: v.replyMissing })
    .check((ctx) => {
      const n = charLength(ctx.value);
      if (n > 5000) ctx.issues.push({ code: 'custom', message: v.replyTooLong(n), input: ctx.value });
    }),
});
export type ReplyInput = z.output<typeof ReplyInput>;

/** The sort of the overview table, from its query string; anything unknown falls back to name, A→Z. */
export const OverviewSortInput = z.object({
  sort: z.enum(['name', 'modules', 'met', 'waiting']).catch('name'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
});
