/**
 * Form bodies for enrolment (zod), with messages written for the person filling the form:
 * what is wrong, then how to fix it. `parseForm` turns a FormData into either the data or
 * one message per field, plus what was typed, so a form can be shown again as it was.
 */
import { z } from 'zod';

/** "Join with a code": the code a trainer gave. Case, spaces and dashes do not matter. */
export const joinCodeSchema = z.object({
  code: z
    .string({ error: 'Please type the code your trainer gave you.' })
    .trim()
    .min(1, { error: 'Please type the code your trainer gave you. It is usually a few letters and numbers, like PEER-2026.' })
    .max(64, { error: 'That code is longer than any group code (64 characters at most). Please check it and type it again.' }),
});
export type JoinCodeInput = z.infer<typeof joinCodeSchema>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; fields: Record<string, string>; values: Record<string, string> };

/** Parses a form body with a schema. Never throws for bad input: every problem becomes a field message. */
export function parseForm<T>(schema: z.ZodType<T>, form: FormData): FormResult<T> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === 'string' && !(key in values)) values[key] = value;
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'form');
    fields[key] ??= issue.message;
  }
  return { ok: false, fields, values };
}

/** The Enrol / Rejoin button's form: where to go back to afterwards (anything else: the course page). */
export const enrolFormSchema = z.object({
  from: z.enum(['course', 'dashboard']).catch('course'),
});
export type EnrolFormInput = z.infer<typeof enrolFormSchema>;
