/**
 * What /questionnaire/<course> does with a POST (plain form): `action` yes, no, answer or
 * withdraw, always with the person's own client. Returns where to go next, or the problem to
 * show with what was chosen kept.
 */
import type { Course } from '../courses/course.ts';
import type { ImpactQuestionnaire } from '../courses/impact-questionnaire.ts';
import { DomainError, statusOf } from '../errors.ts';
import { impactEn } from '../i18n/impact.ts';
import type { TypedPocketBase } from '../pb.ts';
import { parseAnswers } from './answers-form.ts';
import { myQuestionnaire, saveAnswers, setChoice, withdraw } from './impact-store.ts';

export type QuestionnairePost =
  | { ok: true; done: 'joined' | 'declined' | 'sent' | 'withdrawn' }
  | { ok: false; status: number; message: string; fields: Record<string, string>; kept: Record<string, string> };

type FormLike = { get(name: string): unknown };

export async function questionnairePost(pb: TypedPocketBase, user: string, course: Course, q: ImpactQuestionnaire, form: FormLike, now = new Date()): Promise<QuestionnairePost> {
  const t = impactEn.trainee.errors;
  const mine = await myQuestionnaire(pb, user, course, q, now);
  const refuse = (message: string, fields: Record<string, string> = {}, kept: Record<string, string> = {}, status = 400): QuestionnairePost => ({ ok: false, status, message, fields, kept });
  if (!mine.enrolled) return refuse(impactEn.trainee.notEnrolled, {}, {}, 403);
  const action = form.get('action');
  try {
    switch (action) {
      case 'yes':
      case 'no':
        await setChoice(pb, user, course.slug, action, mine.consent);
        return { ok: true, done: action === 'yes' ? 'joined' : 'declined' };
      case 'withdraw':
        if (mine.consent?.choice === 'yes') await withdraw(pb, user, course.slug, mine.consent);
        return { ok: true, done: 'withdrawn' };
      case 'answer': {
        if (mine.consent?.choice !== 'yes') return refuse(t.notIn);
        const round = form.get('round');
        if (!mine.open || round !== mine.open) return refuse(t.closed, {}, {}, 409);
        const parsed = parseAnswers(q, mine.open, form);
        if (!parsed.ok) return refuse(t.title, parsed.errors, parsed.kept);
        await saveAnswers(pb, user, course.slug, mine.open, parsed.answers);
        return { ok: true, done: 'sent' };
      }
      default:
        return refuse(t.closed);
    }
  } catch (error) {
    if (error instanceof DomainError && error.kind !== 'unavailable') return refuse(error.message, {}, {}, statusOf(error));
    throw error;
  }
}
