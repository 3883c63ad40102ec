/**
 * Every boundary of quality assurance, checked by zod with messages a person can act on:
 * the sampling-plan form, the verdict form, the audit page's filters, and ids in URLs.
 * Never throws for bad input: `parseQaForm` turns a form into typed data or one message per field.
 */
import { z } from 'zod';
import { qaEn } from '../i18n/qa.ts';
import { AUDIT_ACTION_PATTERN } from './audit.ts';
import type { SampleRule } from './sampling.ts';
import { RECORD_ID } from '../record-id.ts';

const e = qaEn.errors;

/** A PocketBase record id. */
/** A unit id as courses allow it (`U1`). */
const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
export const RATIONALE_MAX = 10_000;

const chars = (text: string) => Array.from(text).length;

export const recordIdSchema = z.string().regex(RECORD_ID);

/** "Make a sampling plan": the method, and the one field it uses. */
export const planFormSchema = z
  .object({
    intent: z.literal('plan'),
    method: z.enum(['assessor', 'unit', 'random'], { error: e.method }),
    assessor: z.string().trim().optional(),
    unit: z.string().trim().optional(),
    percent: z.string().trim().optional(),
  })
  .transform((value, ctx): SampleRule => {
    if (value.method === 'assessor') {
      if (!value.assessor || !RECORD_ID.test(value.assessor)) {
        ctx.issues.push({ code: 'custom', input: value.assessor, path: ['assessor'], message: e.assessor });
        return z.NEVER;
      }
      return { method: 'assessor', assessor: value.assessor };
    }
    if (value.method === 'unit') {
      if (!value.unit || value.unit.length > 20 || !UNIT_ID.test(value.unit)) {
        ctx.issues.push({ code: 'custom', input: value.unit, path: ['unit'], message: e.unit });
        return z.NEVER;
      }
      return { method: 'unit', unit: value.unit };
    }
    const percent = /^\d{1,3}$/.test(value.percent?.replace(/%$/, '').trim() ?? '') ? Number(value.percent!.replace(/%$/, '').trim()) : NaN;
    if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
      ctx.issues.push({ code: 'custom', input: value.percent, path: ['percent'], message: e.percent });
      return z.NEVER;
    }
    return { method: 'random', percent };
  });

export interface VerdictInput {
  decision: string;
  verdict: 'agree' | 'disagree';
  rationale: string;
}

/** "Record my verdict" on one sampled decision. */
export const verdictFormSchema = z.object({
  intent: z.literal('verdict'),
  decision: z.string({ error: e.decision }).regex(RECORD_ID, { error: e.decision }),
  verdict: z.enum(['agree', 'disagree'], { error: e.verdict }),
  rationale: z
    .string({ error: e.rationale })
    .transform((text) => text.replace(/\r\n?/g, '\n').trim())
    .check((ctx) => {
      const n = chars(ctx.value);
      if (n === 0) ctx.issues.push({ code: 'custom', input: ctx.value, message: e.rationale });
      else if (n > RATIONALE_MAX) ctx.issues.push({ code: 'custom', input: ctx.value, message: e.rationaleTooLong(n) });
    }),
});

const verdictOf = ({ decision, verdict, rationale }: VerdictInput): VerdictInput => ({ decision, verdict, rationale });

export type QaFormInput = { intent: 'plan'; rule: SampleRule } | { intent: 'verdict'; verdict: VerdictInput };

export type QaFormResult =
  | { ok: true; data: QaFormInput }
  | {
      ok: false;
      intent: 'plan' | 'verdict' | undefined;
      /** Field name → message. */
      fields: Record<string, string>;
      /** What was posted, to put back into the form. */
      values: Record<string, string>;
    };

/** Reads a POST to the IQA page: a sampling plan or a verdict, told apart by `intent`. */
export function parseQaForm(form: FormData | URLSearchParams): QaFormResult {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === 'string' && !(key in values)) values[key] = value;
  const intent = values['intent'] === 'plan' || values['intent'] === 'verdict' ? values['intent'] : undefined;
  if (!intent) return { ok: false, intent, fields: { form: e.intent }, values };
  const schema = intent === 'plan' ? planFormSchema : verdictFormSchema;
  const parsed = schema.safeParse(values);
  if (parsed.success) {
    return intent === 'plan'
      ? { ok: true, data: { intent, rule: parsed.data as SampleRule } }
      : { ok: true, data: { intent, verdict: verdictOf(parsed.data as VerdictInput) } };
  }
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
  return { ok: false, intent, fields, values };
}

export interface AuditQuery {
  /** A cohort id, `none` (entries about no group), or undefined for all. */
  cohort: string | undefined;
  action: string | undefined;
  page: number;
  /** True when a filter in the URL made no sense and was dropped. */
  dropped: boolean;
}

/** The audit page's query string. Anything that makes no sense is dropped, never an error page. */
export function parseAuditQuery(params: URLSearchParams): AuditQuery {
  const rawCohort = params.get('cohort')?.trim() || undefined;
  const rawAction = params.get('action')?.trim() || undefined;
  const rawPage = params.get('page')?.trim();
  const cohort = rawCohort && (rawCohort === 'none' || RECORD_ID.test(rawCohort)) ? rawCohort : undefined;
  const action = rawAction && rawAction.length <= 100 && AUDIT_ACTION_PATTERN.test(rawAction) ? rawAction : undefined;
  const page = rawPage && /^\d{1,6}$/.test(rawPage) && Number(rawPage) >= 1 ? Number(rawPage) : 1;
  return { cohort, action, page, dropped: (!!rawCohort && !cohort) || (!!rawAction && !action) };
}
