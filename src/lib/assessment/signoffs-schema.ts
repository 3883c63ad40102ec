/** The unit sign-off button's form (zod). See decisions-schema.ts for the shared pieces. */
import { z } from 'zod';
import { staffEn } from '../i18n/staff.ts';
import { hiddenId, signedName } from './decisions-schema.ts';

const v = staffEn.validation;

export const SignOffInput = z.object({
  trainee: hiddenId,
  unit: z
    .string({ error: v.unitMissing })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, { error: v.unitMissing })
    .max(50, { error: v.unitMissing }),
  signed_name: signedName,
});
export type SignOffInput = z.output<typeof SignOffInput>;

/** "Withdraw the sign-off": the unit, and why (the trainee reads it). */
export const WithdrawInput = z.object({
  trainee: hiddenId,
  unit: SignOffInput.shape.unit,
  reason: z
    .string({ error: v.withdrawReasonMissing })
    .trim()
    .min(1, { error: v.withdrawReasonMissing })
    .max(2000, { error: v.withdrawReasonTooLong }),
  signed_name: signedName,
});
export type WithdrawInput = z.output<typeof WithdrawInput>;
