/**
 * Boundaries of the reflections feature: the save form (POST /reflections, plain or from the
 * <reflection-editor> with `Accept: application/json`), the share and delete forms, and ids
 * in URLs.
 * Parsed with zod; every message says what was wrong and how to put it right, and the
 * person's text is never part of a thrown error (the page re-shows it from the raw form).
 */
import { z } from 'zod';
import { COURSE_SLUG } from '../courses/course.ts';
import { DomainError } from '../errors.ts';
import { reflectionsText } from '../i18n/reflections.ts';
import { BODY_LIMIT, characterCount, normaliseBody, normaliseTitle, PROMPT_ID, TITLE_LIMIT } from './reflections.ts';
import { RECORD_ID } from '../record-id.ts';

const text = reflectionsText('en-GB');

/** A PocketBase record id. */
export { RECORD_ID };
const MODULE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Where a plain form goes back to after saving: the module page, the reflection's own page, or My reflections. */
export const RETURN_TO = ['module', 'reflection', 'list'] as const;
export type ReturnTo = (typeof RETURN_TO)[number];

const unexpected = { error: text.errors.unexpected };

export const saveFormSchema = z
  .strictObject({
    /** The reflection being edited; empty for a new one. */
    id: z.union([z.literal(''), z.string().regex(RECORD_ID, unexpected)]).default(''),
    /** The version the editor loaded; required with `id`, so a stale save is detected. */
    version: z.union([z.literal(''), z.string().regex(/^[1-9][0-9]{0,8}$/, unexpected)]).default(''),
    course: z.string(unexpected).max(100, { error: text.errors.unknownCourse }).regex(COURSE_SLUG, { error: text.errors.unknownCourse }),
    /** Empty for a free reflection. */
    module: z.union([z.literal(''), z.string().max(100, { error: text.errors.unknownModule }).regex(MODULE_ID, { error: text.errors.unknownModule })]).default(''),
    prompt: z.string(unexpected).regex(PROMPT_ID, { error: text.errors.unknownPrompt }),
    /** Free reflections only. Undefined when the form has no title field. */
    title: z
      .string(unexpected)
      .transform(normaliseTitle)
      .refine((t) => characterCount(t) <= TITLE_LIMIT, { error: text.errors.titleTooLong(TITLE_LIMIT) })
      .optional(),
    body: z
      .string(unexpected)
      .transform(normaliseBody)
      .superRefine((body, ctx) => {
        const length = characterCount(body);
        if (length > BODY_LIMIT) ctx.addIssue({ code: 'custom', message: text.errors.tooLong(length, BODY_LIMIT) });
      }),
    from: z.enum(RETURN_TO, unexpected).default('module'),
    /** The reflection guide chooser (ReflectionForm.astro): read by save-request.ts, not saved. */
    template: z.string(unexpected).max(100, unexpected).optional(),
    add_template: z.literal('1', unexpected).optional(),
  })
  .transform(({ template: _template, add_template: _add, ...f }) => ({ ...f, version: f.version === '' ? undefined : Number(f.version) }))
  .refine((f) => f.id === '' || f.version !== undefined, { error: text.errors.unexpected, path: ['version'] });

export type SaveForm = z.infer<typeof saveFormSchema>;

/** The text fields of a posted save form, exactly as sent, to show them again after an error. */
export interface RawSaveForm {
  id: string;
  version: string;
  course: string;
  module: string;
  prompt: string;
  title: string | undefined;
  body: string;
  from: string;
}

/** Reads the save form's fields as strings, whatever else was sent (never throws). */
export function rawSaveForm(form: FormData): RawSaveForm {
  const get = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  const title = form.get('title');
  return {
    id: get('id'),
    version: get('version'),
    course: get('course'),
    module: get('module'),
    prompt: get('prompt'),
    title: typeof title === 'string' ? title : undefined,
    body: normaliseBody(get('body')),
    from: get('from'),
  };
}

/**
 * Parses a posted save form. Unknown fields are refused (a tampered form); a field sent twice
 * too. The person's id never comes from the form: the page takes it from the session.
 *
 * @throws {DomainError} `invalid` with `fields.body` / `fields.title` for text that is too
 *   long, `not-found` for a malformed course, module or prompt, `invalid` for anything else
 */
export function parseSaveForm(form: FormData): SaveForm {
  return parseForm(saveFormSchema, form, ['body', 'title']);
}

export const shareFormSchema = z.strictObject({
  shared: z.enum(['true', 'false'], unexpected).transform((v) => v === 'true'),
  from: z.enum(RETURN_TO, unexpected).default('reflection'),
});
export type ShareForm = z.infer<typeof shareFormSchema>;

/**
 * Parses the share / stop sharing form.
 *
 * @throws {DomainError} `invalid` when the form is not one we sent
 */
export function parseShareForm(form: FormData): ShareForm {
  return parseForm(shareFormSchema, form, []);
}

/** Where the person goes after deleting (or keeping) a reflection: My reflections, or the module page. */
export const DELETE_RETURN_TO = ['list', 'module'] as const;
export type DeleteReturnTo = (typeof DELETE_RETURN_TO)[number];

export const deleteFormSchema = z.strictObject({
  from: z.enum(DELETE_RETURN_TO, unexpected).default('list'),
});
export type DeleteForm = z.infer<typeof deleteFormSchema>;

/**
 * Parses the "Delete for good" form.
 *
 * @throws {DomainError} `invalid` when the form is not one we sent
 */
export function parseDeleteForm(form: FormData): DeleteForm {
  return parseForm(deleteFormSchema, form, []);
}

/** `?from=module` on the confirmation page; anything else means My reflections. */
export function readDeleteFrom(params: URLSearchParams): DeleteReturnTo {
  return params.get('from') === 'module' ? 'module' : 'list';
}

/**
 * A reflection id from a URL.
 *
 * @throws {DomainError} `not-found` when it cannot be an id (so a probe looks like any missing page)
 */
export function parseReflectionId(value: string | undefined): string {
  if (!value || !RECORD_ID.test(value)) throw new DomainError('not-found', text.errors.notFound);
  return value;
}

/**
 * A version number from a URL.
 *
 * @throws {DomainError} `not-found` when it is not a whole number from 1
 */
export function parseVersion(value: string | undefined): number {
  if (!value || !/^[1-9][0-9]{0,8}$/.test(value)) throw new DomainError('not-found', text.errors.notFound);
  return Number(value);
}

function parseForm<S extends z.ZodType>(schema: S, form: FormData, fieldErrors: string[]): z.infer<S> {
  const body: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    // A file, or a field sent twice: not a form we made.
    if (typeof value !== 'string' || name in body) throw new DomainError('invalid', text.errors.unexpected);
    body[name] = value;
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const message = issue?.message ?? text.errors.unexpected;
  if (fieldErrors.includes(field)) throw new DomainError('invalid', message, { [field]: message });
  if ((field === 'course' || field === 'module' || field === 'prompt') && issue?.code !== 'invalid_type') throw new DomainError('not-found', message);
  throw new DomainError('invalid', text.errors.unexpected);
}
