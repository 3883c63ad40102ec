/**
 * The evidence form's boundary (POST /evidence/<course>, multipart): criterion, Markdown text,
 * up to five files and an optional shared reflection. Parsed with zod; every message says
 * what was wrong and how to put it right. The files are checked (type by name and first
 * bytes, size, count) before anything is sent to PocketBase. The person's text is never part
 * of a thrown error: the page shows it again from the raw form.
 */
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { assessmentTraineeText, fileProblemMessage } from '../i18n/assessment-trainee.ts';
import { characterCount, normaliseBody } from '../reflections/reflections.ts';
import { checkFiles, EVIDENCE_TEXT_LIMIT, SNIFF_BYTES, type FileFacts } from './evidence.ts';
import { RECORD_ID } from '../record-id.ts';

const t = assessmentTraineeText('en-GB');

/** A criterion ref as the course model makes them: `U1/1.2` (see 1795435216_evidence.js). */
export const CRITERION_REF = /^[A-Za-z0-9][A-Za-z0-9.-]{0,40}\/[A-Za-z0-9][A-Za-z0-9.-]{0,40}$/;
/** The form's one-time token, so a double-click sends one piece of evidence. */
const SUBMISSION_ID = /^[A-Za-z0-9-]{8,64}$/;

/** The fields the form shows a message next to. */
export const EVIDENCE_FIELDS = ['text', 'files', 'reflection'] as const;
export type EvidenceField = (typeof EVIDENCE_FIELDS)[number];

const unexpected = { error: t.errors.unexpected };

export const evidenceFormSchema = z
  .strictObject({
    criterion: z.string(unexpected).regex(CRITERION_REF, unexpected),
    text: z
      .string(unexpected)
      .default('')
      .transform(normaliseBody)
      .superRefine((text, ctx) => {
        const length = characterCount(text);
        if (length > EVIDENCE_TEXT_LIMIT) ctx.addIssue({ code: 'custom', message: t.errors.tooLong(length, EVIDENCE_TEXT_LIMIT) });
      }),
    /** "" for none. */
    reflection: z.union([z.literal(''), z.string().regex(RECORD_ID, { error: t.errors.reflectionUnknown })]).default(''),
    submission: z.union([z.literal(''), z.string().regex(SUBMISSION_ID, unexpected)]).default(''),
    files: z.array(z.instanceof(File, unexpected)).default([]),
  })
  .superRefine(async (form, ctx) => {
    const facts: FileFacts[] = await Promise.all(form.files.map(async (f) => ({ name: f.name, size: f.size, head: new Uint8Array(await f.slice(0, SNIFF_BYTES).arrayBuffer()) })));
    const problem = checkFiles(facts);
    if (problem) ctx.addIssue({ code: 'custom', path: ['files'], message: `${fileProblemMessage(problem)} ${t.errors.filesAgain}` });
  })
  .refine((form) => form.text.trim() !== '' || form.files.length > 0 || form.reflection !== '', { error: t.errors.nothing, path: ['text'] });

export type EvidenceInput = z.infer<typeof evidenceFormSchema>;

/** The text fields of a posted evidence form, as sent, to show them again after a problem. */
export interface RawEvidenceForm {
  criterion: string;
  text: string;
  reflection: string;
}

/** Reads the form's text fields as strings, whatever else was sent (never throws). */
export function rawEvidenceForm(form: FormData): RawEvidenceForm {
  const get = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : '';
  };
  return { criterion: get('criterion'), text: normaliseBody(get('text')), reflection: get('reflection') };
}

/**
 * Parses a posted evidence form. A file input with nothing chosen (an empty part without a
 * name) is ignored. A text field sent twice, a file under another name, or an unknown field
 * is not a form we made.
 *
 * @throws {DomainError} `invalid` with `fields.text` / `fields.files` / `fields.reflection`
 *   for something the person can put right; `invalid` without fields for a tampered form
 */
export async function parseEvidenceForm(form: FormData): Promise<EvidenceInput> {
  const body: Record<string, unknown> = {};
  const files: File[] = [];
  for (const [name, value] of form.entries()) {
    if (name === 'files') {
      if (typeof value === 'string') throw new DomainError('invalid', t.errors.unexpected);
      if (value.name !== '' || value.size > 0) files.push(value);
      continue;
    }
    if (typeof value !== 'string' || name in body) throw new DomainError('invalid', t.errors.unexpected);
    body[name] = value;
  }
  body['files'] = files;
  const parsed = await evidenceFormSchema.safeParseAsync(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const message = issue?.message ?? t.errors.unexpected;
  if ((EVIDENCE_FIELDS as readonly string[]).includes(field) && message !== t.errors.unexpected) throw new DomainError('invalid', message, { [field]: message });
  throw new DomainError('invalid', t.errors.unexpected);
}
