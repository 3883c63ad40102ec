/**
 * The "How was this module?" form body (POST /feedback), parsed with zod. Messages are
 * written for the person filling it in: what is wrong, and that their text is kept.
 */
import { z } from 'zod';
import { feedbackText } from '../i18n/feedback.ts';

const text = feedbackText('en-GB');
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Longest text per answer, in characters (as PocketBase counts them). */
export const FEEDBACK_MAX_LENGTH = 2000;
export const USEFUL_VALUES = ['yes', 'partly', 'no'] as const;
export type Useful = (typeof USEFUL_VALUES)[number];

const characters = (value: string) => Array.from(value).length;

const answerText = z
  .string()
  .transform((value) => value.replace(/\r\n?/g, '\n').trim())
  .check((ctx) => {
    const length = characters(ctx.value);
    if (length > FEEDBACK_MAX_LENGTH) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: text.errors.tooLong(length, FEEDBACK_MAX_LENGTH) });
    }
  });

export const feedbackFormSchema = z
  .strictObject({
    /** Course slug, e.g. `peer-support-foundations`. */
    course: z.string({ error: text.errors.notFound }).max(100, { error: text.errors.notFound }).regex(SLUG, { error: text.errors.notFound }),
    /** Module id, e.g. `what-peer-support-is`. */
    module: z.string({ error: text.errors.notFound }).max(100, { error: text.errors.notFound }).regex(SLUG, { error: text.errors.notFound }),
    /** yes / partly / no, or left unanswered. */
    useful: z.enum(USEFUL_VALUES, { error: text.errors.useful }).optional(),
    hard_to_read: answerText.default(''),
    change: answerText.default(''),
    /** Hide the person's name from the course team. Ticked by default in the form. */
    anonymous: z.boolean(),
  })
  .check((ctx) => {
    const { useful, hard_to_read, change } = ctx.value;
    if (!useful && !hard_to_read && !change) {
      ctx.issues.push({ code: 'custom', input: ctx.value, path: ['useful'], message: text.errors.empty });
    }
  });

export type FeedbackInput = z.infer<typeof feedbackFormSchema>;

/** What the person typed, as posted, to put back into the form when it is shown again. */
export interface FeedbackDraft {
  useful: string;
  hard_to_read: string;
  change: string;
  anonymous: boolean;
}

export type ParsedFeedback =
  | { ok: true; data: FeedbackInput }
  | { ok: false; course: string; module: string; draft: FeedbackDraft; fields: Record<string, string>; notFound: boolean };

const field = (form: FormData | URLSearchParams, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
};

/**
 * Reads the posted form. The anonymous box is fail-safe: the form always sends
 * `anonymous_choice`, so only a form that shows the box can turn anonymity off; a body
 * without it keeps the person anonymous.
 */
export function parseFeedbackForm(form: FormData | URLSearchParams): ParsedFeedback {
  const anonymous = form.has('anonymous') || !form.has('anonymous_choice');
  const useful = field(form, 'useful');
  const body = {
    course: field(form, 'course'),
    module: field(form, 'module'),
    ...(useful ? { useful } : {}),
    hard_to_read: field(form, 'hard_to_read') ?? '',
    change: field(form, 'change') ?? '',
    anonymous,
  };
  const parsed = feedbackFormSchema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? 'useful');
    fields[key] ??= issue.message;
  }
  return {
    ok: false,
    course: body.course ?? '',
    module: body.module ?? '',
    draft: { useful: useful ?? '', hard_to_read: body.hard_to_read, change: body.change, anonymous },
    fields,
    notFound: 'course' in fields || 'module' in fields,
  };
}
