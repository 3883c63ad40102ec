/**
 * Interface text shared by every form (src/components/forms/), en-GB: the error summary's
 * title, the hidden "Error:" before a field's message, "(optional)", and the kind 403 pages.
 */
export const formsEn = {
  problemTitle: 'There is a problem',
  errorPrefix: 'Error: ',
  optional: '(optional)',
  forbidden: {
    staff: {
      title: 'This page is for staff',
      text: 'These pages are for trainers, assessors, quality assurers, verifiers and administrators. If you think you should be able to see this page, please ask an administrator.',
      back: { href: '/dashboard', label: 'Go to your dashboard' },
    },
    admin: {
      title: 'This page is for administrators',
      text: 'Only administrators can manage groups and roles. If something needs changing, please ask an administrator.',
      back: { href: '/staff', label: 'Back to staff home' },
    },
    groupTrainers: {
      title: 'This page is for the group’s trainers and administrators',
      text: 'Only administrators and the trainers of this group can add people to it. If something needs changing, please ask an administrator.',
      back: { href: '/staff', label: 'Back to staff home' },
    },
    groupStarters: {
      title: 'This page is for trainers and administrators',
      text: 'Only administrators and trainers can start groups. If something needs changing, please ask an administrator.',
      back: { href: '/staff', label: 'Back to staff home' },
    },
    author: {
      title: 'You are not an author of this course',
      text: 'Only the course’s authors and administrators can open its editor, drafts, history and publishing. If you should be an author, ask an administrator to add you.',
      back: { href: '/author', label: 'Back to your courses' },
    },
    authorAdmin: {
      title: 'Only administrators can change who writes a course',
      text: 'Ask an administrator if someone should be added as an author of this course.',
      back: { href: '/author', label: 'Back to your courses' },
    },
    authorCreate: {
      title: 'You cannot start new courses',
      text: 'Course authors, trainers and administrators can start new courses. Ask an administrator if you need to.',
      back: { href: '/author', label: 'Back to your courses' },
    },
  },
} as const;

/** Who a 403 page is for: names the pages' audience, so the text can say who to ask. */
export type ForbiddenAudience = keyof typeof formsEn.forbidden;
