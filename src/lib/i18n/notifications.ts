/**
 * Interface text of "Waiting for you" (en-GB): the trainee dashboard's notifications and the
 * staff home's counts. Notifications never quote what anyone wrote: they say what kind of
 * thing is waiting and where. Plain text and small functions only.
 */
import type { NotificationKind } from '../records.ts';
import type { StaffWaitingKind } from '../notifications/notifications.ts';

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export const notificationsEn = {
  trainee: {
    title: 'Waiting for you',
    intro: 'New things from your trainers and assessors. Open one to read it.',
    none: 'Nothing new since you last looked.',
    /** "2 new: 1 piece of feedback, 1 reply" */
    summary: (counts: Record<NotificationKind, number>) => {
      const parts = [
        counts.feedback ? count(counts.feedback, 'piece of feedback', 'pieces of feedback') : '',
        counts.decision ? count(counts.decision, 'decision', 'decisions') : '',
        counts.reply ? count(counts.reply, 'reply', 'replies') : '',
        counts.certificate ? count(counts.certificate, 'certificate ready', 'certificates ready') : '',
        counts.evidence ? count(counts.evidence, 'piece of evidence to decide', 'pieces of evidence to decide') : '',
        counts.iqa_return ? count(counts.iqa_return, 'decision sent back', 'decisions sent back') : '',
        counts.sample ? count(counts.sample, 'sample to review', 'samples to review') : '',
        counts.discussion ? count(counts.discussion, 'new reply in your group’s discussion', 'new replies in your group’s discussion') : '',
        counts.review ? count(counts.review, 'course to review', 'courses to review') : '',
        counts.questionnaire ? count(counts.questionnaire, 'short questionnaire ready', 'short questionnaires ready') : '',
      ].filter(Boolean);
      const total =
        counts.feedback + counts.decision + counts.reply + counts.certificate + counts.evidence + counts.iqa_return + counts.sample + counts.discussion + counts.review + counts.questionnaire;
      return total === 0 ? '' : `${total.toLocaleString('en-GB')} new: ${parts.join(', ')}.`;
    },
    item: (kind: NotificationKind, course: string | undefined) => {
      const on = course ? ` for ${course}` : '';
      switch (kind) {
        case 'feedback':
          return `You have new feedback on your evidence${on}`;
        case 'decision':
          return `An assessor made a decision on your evidence${on}`;
        case 'reply':
          return 'A trainer replied to a reflection you shared';
        case 'certificate':
          return 'Your certificate is ready';
        case 'evidence':
          return 'New evidence is waiting for a decision';
        case 'iqa_return':
          return 'Quality assurance sent a decision back to you';
        case 'sample':
          return 'Sampled decisions are waiting for your review';
        case 'discussion':
          return 'Someone replied in a discussion you are part of';
        case 'review':
          return 'You have been asked to review a course';
        case 'questionnaire':
          return `A short follow-up questionnaire is ready${on}`;
      }
    },
    unread: 'New',
    read: 'Read',
    markRead: 'Mark as read',
    markAllRead: 'Mark all as read',
    /** For screen readers: which item the button is for. */
    markReadLabel: (what: string) => `Mark as read: ${what}`,
    marked: 'Marked as read.',
    allMarked: 'All marked as read.',
  },
  staff: {
    title: 'Waiting for you',
    none: 'Nothing is waiting for you in your groups.',
    item: (kind: StaffWaitingKind, n: number, group: string) => {
      switch (kind) {
        case 'toDecide':
          return `${count(n, 'piece of work', 'pieces of work')} to decide in ${group}`;
        case 'returned':
          return `${count(n, 'decision', 'decisions')} sent back by quality assurance in ${group}`;
        case 'samples':
          return `${count(n, 'sampled decision', 'sampled decisions')} to review in ${group}`;
        case 'replies':
          return `${count(n, 'shared reflection', 'shared reflections')} waiting for a reply in ${group}`;
        case 'reports':
          return `${count(n, 'discussion report', 'discussion reports')} to look at in ${group}`;
      }
    },
    unavailable: 'We could not work out what is waiting just now. Your groups are below; try again in a minute.',
  },
};
