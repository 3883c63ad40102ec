/**
 * The practice portfolio's forms: the trainee's (/practice/<course>: log, remove, record a
 * session, confirm a session) and the staff's (/staff/cohorts/<id>/practice: review hours,
 * record a session, confirm a session, record observed practice). Each parses its body, makes
 * one store call and says how it went; the page redirects (303) on success or shows the page
 * again with the input kept. Nothing here throws for something a person did.
 */
import { formToObject, parseForm } from '../auth/schema.ts';
import { failed, invalid } from '../cohorts/forms.ts';
import type { Course } from '../courses/course.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { CohortRecord } from '../records.ts';
import { practiceEn } from '../i18n/practice.ts';
import { ConfirmSessionInput, EntryInput, logHoursInput, practiceObservationInput, ReviewHoursInput, sessionEditInput, sessionInput } from './practice-schema.ts';
import { changeSession, confirmSession, logHours, recordPracticeObservation, recordSession, removeHours, reviewHours } from './practice-store.ts';

export type PracticeOutcome<Done extends string> =
  | { ok: true; done: Done }
  | { ok: false; status: number; message: string; fields: Record<string, string>; action: string; values: Record<string, string> };

type Failure = { status: number; message: string; fields: Record<string, string> };

const unknownAction: Failure = { status: 400, message: practiceEn.validation.unknownEntry, fields: {} };

export type TraineeDone = 'logged' | 'removed' | 'recorded' | 'confirmed' | 'changed';

/**
 * One posted form of the trainee's practice page.
 *
 * @param now for "not in the future" (tests pass a fixed one)
 */
export async function traineePracticeForm(
  ctx: { pb: TypedPocketBase; user: string; course: Course },
  form: FormData,
  now: () => Date = () => new Date(),
): Promise<PracticeOutcome<TraineeDone>> {
  const values = formToObject(form);
  const action = values.action ?? '';
  const fail = (f: Failure): PracticeOutcome<TraineeDone> => ({ ok: false, ...f, action, values });
  try {
    switch (action) {
      case 'log': {
        const parsed = parseForm(logHoursInput(now), form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await logHours(ctx.pb, ctx.user, ctx.course.slug, parsed.data);
        return { ok: true, done: 'logged' };
      }
      case 'remove': {
        const parsed = parseForm(EntryInput, form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await removeHours(ctx.pb, parsed.data.entry);
        return { ok: true, done: 'removed' };
      }
      case 'session': {
        const parsed = parseForm(sessionInput(now), form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await recordSession(ctx.pb, { viewer: ctx.user, course: ctx.course.slug, asTrainee: true }, parsed.data);
        return { ok: true, done: 'recorded' };
      }
      case 'confirm-session': {
        const parsed = parseForm(ConfirmSessionInput, form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await confirmSession(ctx.pb, ctx.user, parsed.data.session);
        return { ok: true, done: 'confirmed' };
      }
      case 'edit-session': {
        const parsed = parseForm(sessionEditInput(now), form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await changeSession(ctx.pb, parsed.data);
        return { ok: true, done: 'changed' };
      }
      default:
        return fail(unknownAction);
    }
  } catch (error) {
    return fail(failed(error));
  }
}

export type StaffDone = 'confirmed' | 'queried' | 'recorded' | 'sessionConfirmed' | 'sessionChanged' | 'observed';

/** One posted form of the staff practice page. */
export async function staffPracticeForm(
  ctx: { pb: TypedPocketBase; service: () => Promise<TypedPocketBase>; viewer: string; cohort: CohortRecord; course: Course },
  form: FormData,
  now: () => Date = () => new Date(),
): Promise<PracticeOutcome<StaffDone>> {
  const values = formToObject(form);
  const action = values.action ?? '';
  const fail = (f: Failure): PracticeOutcome<StaffDone> => ({ ok: false, ...f, action, values });
  try {
    switch (action) {
      case 'review': {
        const parsed = parseForm(ReviewHoursInput, form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await reviewHours(ctx.pb, parsed.data);
        return { ok: true, done: parsed.data.review === 'confirm' ? 'confirmed' : 'queried' };
      }
      case 'session': {
        const parsed = parseForm(sessionInput(now), form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await recordSession(ctx.pb, { viewer: ctx.viewer, course: ctx.course.slug, asTrainee: false }, parsed.data);
        return { ok: true, done: 'recorded' };
      }
      case 'confirm-session': {
        const parsed = parseForm(ConfirmSessionInput, form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await confirmSession(ctx.pb, ctx.viewer, parsed.data.session);
        return { ok: true, done: 'sessionConfirmed' };
      }
      case 'edit-session': {
        const parsed = parseForm(sessionEditInput(now), form);
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await changeSession(ctx.pb, parsed.data);
        return { ok: true, done: 'sessionChanged' };
      }
      case 'observe': {
        const parsed = parseForm(practiceObservationInput(now), { ...values, criteria: form.getAll('criteria').filter((c) => typeof c === 'string') });
        if (!parsed.ok) return fail(invalid(parsed.fields));
        await recordPracticeObservation(ctx.pb, ctx.service, { viewer: ctx.viewer, cohort: ctx.cohort, course: ctx.course }, parsed.data);
        return { ok: true, done: 'observed' };
      }
      default:
        return fail(unknownAction);
    }
  } catch (error) {
    return fail(failed(error));
  }
}
