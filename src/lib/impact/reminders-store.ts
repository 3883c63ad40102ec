/**
 * Follow-up reminders (docs/IMPACT.md, docs/NOTIFICATIONS.md): when a follow-up round opens
 * for someone taking part, they get a `questionnaire` notification ("A short follow-up
 * questionnaire is ready") in "Waiting for you", and, through their email choices, an email
 * that says only that. Never any answer.
 *
 * One notification row per person and course (its subject is their choice row's id, so the
 * notifications' unique index holds): a later follow-up makes the same row unread and
 * un-emailed again. `reminded` on the choice row records the round, so each round is sent once.
 * Run by the notification email sender's step every minute (./../notifications/digest-worker.ts),
 * with the service account.
 */
import type { Course } from '../courses/course.ts';
import { dueFollowUp, type Round } from '../courses/impact-questionnaire.ts';
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import { completedAt } from './impact-store.ts';

export async function sendFollowUpReminders(service: TypedPocketBase, courses: readonly Course[], now = new Date()): Promise<number> {
  let sent = 0;
  for (const course of courses) {
    const q = course.impactQuestionnaire;
    if (!q || q.followUpMonths.length === 0) continue;
    try {
      const consents = await service.collection('impact_consents').getFullList({ filter: service.filter('course = {:c} && choice = "yes"', { c: course.slug }), batch: 1000 });
      for (const consent of consents) {
        const filter = service.filter('user = {:u} && course = {:c}', { u: consent.user, c: course.slug });
        const [progress, answers] = await Promise.all([
          service.collection('progress').getFullList({ filter, fields: 'module,status,completed_at,updated' }),
          service.collection('impact_answers').getFullList({ filter, fields: 'round' }),
        ]);
        const round = dueFollowUp(q, { completedAt: completedAt(course, progress), answered: new Set(answers.map((a) => a.round as Round)), now });
        if (!round || consent.reminded === round) continue;
        const link = `/questionnaire/${course.slug}`;
        const existing = await service.collection('notifications').getFullList({ filter: service.filter('kind = "questionnaire" && subject = {:s} && user = {:u}', { s: consent.id, u: consent.user }) });
        if (existing[0]) await service.collection('notifications').update(existing[0].id, { read_at: '', emailed_at: '', link });
        else await service.collection('notifications').create({ user: consent.user, kind: 'questionnaire', link, subject: consent.id });
        await service.collection('impact_consents').update(consent.id, { reminded: round });
        sent += 1;
      }
    } catch (error) {
      throw fromPocketBase(error, 'reminder');
    }
  }
  return sent;
}
