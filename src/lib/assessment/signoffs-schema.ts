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
