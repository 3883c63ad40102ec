/** The "Record an observation" form (zod). See decisions-schema.ts for the shared pieces. */
import { z } from 'zod';
import { parseDay, today } from '../cohorts/dates.ts';
import { staffEn } from '../i18n/staff.ts';
import { criterionRef, hiddenId } from './decisions-schema.ts';

const v = staffEn.validation;
const charLength = (text: string) => [...text].length;

/** @param now the current time, for "not in the future" (tests pass a fixed one) */
export const observationInput = (now: () => Date = () => new Date()) =>
  z.object({
    trainee: z.string({ error: v.traineeMissing }).trim().min(1, { error: v.traineeMissing }).pipe(hiddenId),
    criterion: criterionRef,
    observed_on: z
      .string({ error: v.observedOnMissing })
      .trim()
      .min(1, { error: v.observedOnMissing })
      .check((ctx) => {
        const day = parseDay(ctx.value);
        if (!day) ctx.issues.push({ code: 'custom', message: v.dateInvalid, input: ctx.value });
        else if (day > today(now())) ctx.issues.push({ code: 'custom', message: v.observedOnFuture, input: ctx.value });
      })
      .transform((value) => parseDay(value)!),
    context: z
      .string()
      .optional()
      .transform((value) => (value ?? '').trim())
      .check((ctx) => {
        const n = charLength(ctx.value);
        if (n > 2000) ctx.issues.push({ code: 'custom', message: v.contextTooLong(n), input: ctx.value });
      }),
    notes: z
      .string({ error: v.notesMissing })
      .trim()
      .min(1, { error: v.notesMissing })
      .check((ctx) => {
        const n = charLength(ctx.value);
        if (n > 20_000) ctx.issues.push({ code: 'custom', message: v.notesTooLong(n), input: ctx.value });
      }),
  });
export type ObservationInput = z.output<ReturnType<typeof observationInput>>;
