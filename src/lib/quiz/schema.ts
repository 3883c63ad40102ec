/**
 * The knowledge-check form body (POST /checks), parsed with zod into plain values. Whether
 * the answers fit the module's questions is checked next, in ./answers.ts.
 */
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { quizText } from '../i18n/quiz.ts';
import { ANSWER_FIELD_PREFIX } from './answers.ts';

const text = quizText('en-GB');
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const QUESTION_ID = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

export const checkFormSchema = z.strictObject({
  /** Course slug, e.g. `peer-support-foundations`. */
  course: z.string({ error: text.errors.notFound }).max(100, { error: text.errors.notFound }).regex(SLUG, { error: text.errors.notFound }),
  /** Module id, e.g. `what-peer-support-is`. */
  module: z.string({ error: text.errors.notFound }).max(100, { error: text.errors.notFound }).regex(SLUG, { error: text.errors.notFound }),
  /** Which sitting the form showed (see ./sitting.ts): the attempt it follows, or `first`. */
  sitting: z.string().max(40, { error: text.errors.badAnswer }).regex(/^[a-z0-9]{1,30}$/, { error: text.errors.badAnswer }).optional(),
  /** Question id → the option numbers sent for it (checked against the module later). */
  answers: z.record(
    z.string().max(100).regex(QUESTION_ID, { error: (issue) => text.errors.unknownQuestion(String(issue.input)) }),
    z.array(z.string().max(4, { error: text.errors.badAnswer })).max(8, { error: text.errors.badAnswer }),
  ),
});

export type CheckForm = z.infer<typeof checkFormSchema>;

/**
 * Reads a posted form into {@link CheckForm}. Fields are `course`, `module`, `sitting`
 * (optional) and one `answer:<question id>` per question (repeated for "choose all that
 * apply"). An answer's value is the option's identity (its place in the course file, from
 * 0), never its position on the page.
 *
 * @throws {DomainError} `invalid` with a plain message for a field we do not expect, a
 *   repeated course/module, or a value that is not text; `not-found` for a malformed
 *   course or module name
 */
export function parseCheckForm(form: FormData | URLSearchParams): CheckForm {
  const body: { course?: unknown; module?: unknown; sitting?: unknown; answers: Record<string, string[]> } = { answers: {} };
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string') throw new DomainError('invalid', text.errors.unexpectedField(name));
    if (name === 'course' || name === 'module' || name === 'sitting') {
      if (body[name] !== undefined) throw new DomainError('invalid', text.errors.unexpectedField(name));
      body[name] = value;
    } else if (name.startsWith(ANSWER_FIELD_PREFIX)) {
      const id = name.slice(ANSWER_FIELD_PREFIX.length);
      (body.answers[id] ??= []).push(value);
    } else {
      throw new DomainError('invalid', text.errors.unexpectedField(name));
    }
  }
  const parsed = checkFormSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? '');
  const message = issue?.message ?? text.errors.generic;
  throw new DomainError(field === 'course' || field === 'module' ? 'not-found' : 'invalid', message);
}
