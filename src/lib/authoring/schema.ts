/**
 * Form bodies of the file-history, publishing, import and authors pages, parsed with zod.
 * Each message says what was wrong and how to put it right.
 */
import { z } from 'zod';
import { COURSE_SLUG } from '../courses/course.ts';
import { authoringStoreEn } from '../i18n/authoring-store.ts';
import { RECORD_ID } from '../record-id.ts';

const t = authoringStoreEn;
const HASH = /^([a-f0-9]{64})?$/;

/** POST /author/<course>/restore */
export const restoreFormSchema = z.strictObject({
  file: z.string({ error: t.notFound.file }).min(1, { error: t.notFound.file }).max(300, { error: t.notFound.file }),
  revision: z.string({ error: t.notFound.revision }).regex(RECORD_ID, { error: t.notFound.revision }),
  /** The file's hash when the history was shown ("" when it did not exist). */
  base: z.string({ error: t.restore.conflict }).regex(HASH, { error: t.restore.conflict }),
});
export type RestoreForm = z.infer<typeof restoreFormSchema>;

/** GET /author/<course>/diff */
export const diffQuerySchema = z.strictObject({
  file: z.string({ error: t.notFound.file }).min(1, { error: t.notFound.file }).max(300, { error: t.notFound.file }),
  from: z.string({ error: t.notFound.revision }).regex(RECORD_ID, { error: t.notFound.revision }),
  to: z.string({ error: t.notFound.revision }).regex(RECORD_ID, { error: t.notFound.revision }),
});

/** POST /author/<course>/authors */
export const authorsFormSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('add'), email: z.email({ error: t.authors.badEmail }).max(200, { error: t.authors.badEmail }) }),
  z.strictObject({ action: z.literal('remove'), user: z.string().regex(RECORD_ID, { error: t.notFound.file }) }),
]);
export type AuthorsForm = z.infer<typeof authorsFormSchema>;

/** The optional web address on POST /author/import. */
export const importSlugSchema = z
  .string()
  .trim()
  .max(60, { error: t.import.badSlug })
  .refine((s) => s === '' || COURSE_SLUG.test(s), { error: t.import.badSlug });

/** Plain fields of a form as strings (files left out). */
export function formFields(form: FormData, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = form.get(name);
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/** The first message per field, for showing beside the field. */
export function fieldMessages(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    fields[key] ??= issue.message;
  }
  return fields;
}
