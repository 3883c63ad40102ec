/**
 * The assessor's forms, posted to the queue page or a trainee's page: `decide` (and `correct`),
 * `observe`, `signoff`. Each parses its body, makes one store call and says how it went; the
 * page redirects (303) on success or shows the page again with the failing form's input kept
 * and its messages next to the fields. Nothing here throws for something a person did.
 */
import { parseForm, formToObject } from '../auth/schema.ts';
import { failed, invalid } from '../cohorts/forms.ts';
import { recordDecision, type AssessContext } from './decisions-store.ts';
import { DecisionInput } from './decisions-schema.ts';
import { recordObservation } from './observations-store.ts';
import { observationInput } from './observations-schema.ts';
import { signOffUnit, withdrawSignOff } from './signoffs-store.ts';
import { SignOffInput, WithdrawInput } from './signoffs-schema.ts';
import { staffEn } from '../i18n/staff.ts';

export type AssessAction = 'decide' | 'correct' | 'observe' | 'signoff' | 'withdraw';

/** Which form on the page a result is about: the action plus trainee and criterion or unit. */
export function formKey(action: AssessAction, trainee = '', item = ''): string {
  return action === 'observe' ? 'observe' : `${action}:${trainee}:${item}`;
}

/** An id-safe version of a form key, for element ids and anchors. */
export function formAnchor(key: string): string {
  return `f-${key.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

export type AssessOutcome =
  | { ok: true; done: 'decided' | 'corrected' | 'observed' | 'signedOff' | 'withdrawn'; key: string }
  | { ok: false; status: number; message: string; fields: Record<string, string>; key: string; values: Record<string, string> };

/**
 * Handles one posted assessor form.
 *
 * @param now for the observation date check (tests pass a fixed one)
 */
export async function assessorForm(ctx: AssessContext, form: FormData, now: () => Date = () => new Date()): Promise<AssessOutcome> {
  const values = formToObject(form);
  const action = (['decide', 'correct', 'observe', 'signoff', 'withdraw'] as const).find((a) => a === values.action);
  const key = formKey(action ?? 'decide', values.trainee ?? '', action === 'signoff' || action === 'withdraw' ? values.unit ?? '' : values.criterion ?? '');
  const fail = (outcome: { status: number; message: string; fields: Record<string, string> }): AssessOutcome => ({ ok: false, status: outcome.status, message: outcome.message, fields: outcome.fields, key, values });
  try {
    switch (action) {
      case 'decide':
      case 'correct': {
        const parsed = parseForm(DecisionInput, form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        // A correction must say what it corrects; a first decision must not.
        if (action === 'correct' && !parsed.data.supersedes) return fail({ status: 400, message: staffEn.errors.noDecisionToCorrect, fields: {} });
        await recordDecision(ctx, parsed.data);
        return { ok: true, done: parsed.data.supersedes ? 'corrected' : 'decided', key };
      }
      case 'observe': {
        const parsed = parseForm(observationInput(now), form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await recordObservation(ctx, parsed.data);
        return { ok: true, done: 'observed', key };
      }
      case 'signoff': {
        // Only from the review page (GET /staff/cohorts/<id>/trainees/<user>/signoff/<unit>), which sends `confirmed`.
        if (values.confirmed !== 'yes') return fail({ status: 400, message: staffEn.errors.signoffNotConfirmed, fields: {} });
        const parsed = parseForm(SignOffInput, form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await signOffUnit(ctx, parsed.data);
        return { ok: true, done: 'signedOff', key };
      }
      case 'withdraw': {
        const parsed = parseForm(WithdrawInput, form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await withdrawSignOff(ctx, parsed.data);
        return { ok: true, done: 'withdrawn', key };
      }
      default:
        return fail({ status: 400, message: staffEn.validation.idMissing, fields: {} });
    }
  } catch (error) {
    return fail(failed(error));
  }
}
