/**
 * Form bodies of the assessor's forms (zod): a decision or correction, an observation, a unit
 * sign-off. Messages say what is wrong and how to put it right; parsed by the shared
 * `parseForm` (src/lib/auth/schema.ts), one message per field `name`.
 */
import { z } from 'zod';
import { staffEn } from '../i18n/staff.ts';
import { RECORD_ID } from '../record-id.ts';

const v = staffEn.validation;
const charLength = (text: string) => [...text].length;

/** A PocketBase record id from a hidden field. */
export const hiddenId = z.string({ error: v.idMissing }).trim().regex(RECORD_ID, { error: v.idMissing });
/** An optional record id from a hidden field ('' when absent). */
export const optionalId = z
  .string()
  .optional()
  .transform((value) => (value ?? '').trim())
  .check((ctx) => {
    if (ctx.value !== '' && !RECORD_ID.test(ctx.value)) ctx.issues.push({ code: 'custom', message: v.idMissing, input: ctx.value });
  });

/** A criterion reference such as `U1/1.2` (checked against the course by the caller). */
export const criterionRef = z
  .string({ error: v.criterionMissing })
  .trim()
  .min(1, { error: v.criterionMissing })
  .max(100, { error: v.criterionMissing })
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*\/[A-Za-z0-9][A-Za-z0-9.-]*$/, { error: v.criterionMissing });

export const signedName = z
  .string({ error: v.signedNameMissing })
  .trim()
  .min(1, { error: v.signedNameMissing })
  .max(200, { error: v.signedNameTooLong });

/** "Record the decision" and "Record the correction". */
export const DecisionInput = z.object({
  trainee: hiddenId,
  criterion: criterionRef,
  evidence: optionalId,
  observation: optionalId,
  supersedes: optionalId,
  outcome: z.enum(['met', 'not_yet'], { error: v.outcomeMissing }),
  feedback: z
    .string({ error: v.feedbackMissing })
    .trim()
    .min(1, { error: v.feedbackMissing })
    .check((ctx) => {
      const n = charLength(ctx.value);
      if (n > 10_000) ctx.issues.push({ code: 'custom', message: v.feedbackTooLong(n), input: ctx.value });
    }),
  signed_name: signedName,
});
export type DecisionInput = z.output<typeof DecisionInput>;
