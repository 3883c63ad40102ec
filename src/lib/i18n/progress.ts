/**
 * Interface text for enrolment, progress and the dashboard (en-GB). Kind, plain and never
 * shaming: stepping away is normal, nothing is lost, and there is always a way back.
 */
import type { EnrolmentRefusal } from '../enrolment/enrolment.ts';
import type { ProgressRefusal } from '../progress/progress.ts';
import { formatDuration } from './messages.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const progressEn = {
  nav: { dashboard: 'Dashboard' },

  states: {
    'not-started': 'Not started',
    'in-progress': 'In progress',
    done: 'Done',
    locked: 'Best after the module before',
  },
  /** Shown in the course's module list next to a locked module. */
  lockedAfter: (n: number) => `Best after module ${n}`,

  summary: {
    modulesDone: (done: number, total: number, percent: number) => `${done} of ${total} ${total === 1 ? 'module' : 'modules'} done (${percent}%)`,
    barLabel: (course: string) => `Your progress in ${course}`,
    carryOn: 'Carry on',
    startWith: 'Start with',
    allDone: 'You have done every module in this course. Well done.',
    timeLeft: (minutes: number) => (minutes > 0 ? `About ${formatDuration(minutes)} left` : 'No modules left'),
    reflections: (n: number) => plural(n, 'reflection written', 'reflections written'),
    checks: (passed: number, total: number) => `${passed} of ${total} ${total === 1 ? 'knowledge check' : 'knowledge checks'} passed`,
    criteriaTitle: (n: number) => (n === 0 ? 'Nothing left to evidence' : `${plural(n, 'assessment criterion', 'assessment criteria')} still to evidence`),
    criteriaNone: 'Every assessment criterion that needs a reflection has one.',
    byReflection: 'Write a reflection in',
    byAssessor: (what: string) => `${what}: assessed by your assessor. It leaves this list once your assessor has decided it is met.`,
    left: 'You have left this course. Everything you did is kept.',
  },
  evidence: { written: 'A written piece', observation: 'An observation' },

  enrol: {
    title: 'Your place on this course',
    signedOut: 'Sign in to enrol and keep track of your progress. You can read every module without an account.',
    signIn: 'Sign in',
    notEnrolled: 'Enrol to keep track of the modules you have done and pick up where you left off. You can leave at any time.',
    button: 'Enrol in this course',
    invitationOnly: 'This course is for groups run by a trainer. If your trainer gave you a code, type it below to join. You can still read every module.',
    leftText: 'You left this course. Everything you did is kept, and you can rejoin whenever you like.',
    rejoin: 'Rejoin this course',
    leave: 'Leave this course',
    unavailable: 'We cannot show your progress right now. Nothing you did is lost; please try again in a minute.',
  },

  join: {
    title: 'Join with a code',
    pageTitle: 'Join a course with a code',
    intro: 'If a trainer gave you a code for a group, type it here to join their course.',
    label: 'Group code',
    hint: 'Capitals, spaces and dashes do not matter.',
    button: 'Join',
    errorPrefix: 'Error:',
  },

  leave: {
    pageTitle: (course: string) => `Leave ${course}?`,
    text: 'You can leave a course at any time, for any reason. Your progress, reflections and results are kept. If you rejoin later, you carry on where you were.',
    confirm: 'Yes, leave this course',
    cancel: 'No, stay on the course',
    notEnrolled: 'You are not on this course at the moment, so there is nothing to leave.',
  },

  module: {
    title: 'Your progress',
    markDone: 'Mark as done',
    markDoneHint: 'When you have finished with this module, mark it as done. You can still come back to it.',
    done: 'Done ✓',
    doneOn: (date: string) => `You finished this module on ${date}.`,
    passToComplete: 'Pass the knowledge check on this page to complete this module.',
    passToCompleteLink: 'Go to the knowledge check',
    lockedNote: (previous: string) => `This module is best read after “${previous}”. You are welcome to read it now; it will count as done once “${previous}” is done.`,
    lockedGoBack: (previous: string) => `Go to “${previous}”`,
    signedOut: 'Sign in and enrol to keep track of this module.',
    notEnrolled: 'Enrol in this course to keep track of the modules you have done.',
    left: 'You left this course. Rejoin it on the course page to keep track again; everything you did is kept.',
    goToCourse: 'Go to the course page',
    /** Shown in the panel the moment a knowledge check is passed (with JavaScript, without a reload). */
    passedNow: 'You passed the knowledge check, so this module is done ✓',
    nextModule: (title: string) => `Next module: ${title}`,
    lastModule: 'That was the last module. See your progress and your certificate on the course page.',
    backToCourse: 'Go to the course page',
  },

  dashboard: {
    title: 'Your learning',
    hello: (name: string) => `Hello, ${name}.`,
    intro: 'Here are your courses. Take them at your own pace: you can step away and come back at any time.',
    emptyTitle: 'You have not joined a course yet',
    emptyText: 'Have a look at the courses and enrol in one that interests you. You can read any module first, without enrolling.',
    browse: 'Browse the courses',
    leftTitle: 'Courses you have left',
    leftText: 'Everything you did is kept. Rejoin whenever you like.',
    unavailableCourse: (slug: string) => `A course you joined (“${slug}”) is being updated and cannot be shown right now. Your progress in it is kept.`,
    openCourse: 'Course page',
  },

  /** Messages shown after a form sends the person back (the `status` query parameter). */
  status: {
    enrolled: 'You are enrolled. Welcome! Your progress will be saved as you go.',
    joined: 'You have joined the group. Welcome!',
    rejoined: 'Welcome back. You are on the course again, with everything you did before.',
    'already-enrolled': 'You are already on this course. Nothing has changed.',
    left: 'You have left the course. Everything you did is kept, and you can rejoin at any time.',
    done: 'Marked as done. Well done.',
    'already-done': 'This module is already done.',
  } as Record<string, string>,

  /** Messages for a request that could not go ahead (the `problem` query parameter). */
  problems: {
    'not-enrolled': 'Enrol in this course first, then you can mark modules as done.',
    'knowledge-check': 'This module is completed by passing its knowledge check, so there is nothing to mark here.',
    locked: 'This module can be marked as done once the module before it is done.',
    'invitation-only': 'This course can only be joined with a code from a trainer. If you have one, type it in “Join with a code”.',
    'wrong-code': 'We could not find a group with that code. Please check it with your trainer and try again. Capitals, spaces and dashes do not matter.',
    'archived-cohort': 'That group has finished, so its code no longer works. If you want to carry on, please ask your trainer for a new code.',
    'course-unavailable': 'That group’s course is being updated and cannot be joined right now. Please try again later.',
    'other-cohort': 'You are already in another group for this course. If you have moved group, please ask your trainer or an admin to move you.',
    'too-many-tries': 'That is a lot of tries in a short time. Please wait a few minutes and try again, or ask your trainer for the code.',
  } satisfies Record<EnrolmentRefusal | ProgressRefusal, string>,

  errors: {
    unavailable: 'The service is temporarily unavailable. Nothing you did is lost; please try again in a minute.',
  },
};

export type ProgressMessages = typeof progressEn;

/** The text for a locale; en-GB until translations exist. */
export function progressMessagesFor(_lang: string): ProgressMessages {
  return progressEn;
}

/** The kind message for a `status` query parameter, or undefined for anything unknown. */
export function statusMessage(t: ProgressMessages, status: string | null): string | undefined {
  return status && Object.hasOwn(t.status, status) ? t.status[status] : undefined;
}

/** The message for a `problem` query parameter, or undefined for anything unknown. */
export function problemMessage(t: ProgressMessages, problem: string | null): string | undefined {
  return problem && Object.hasOwn(t.problems, problem) ? (t.problems as Record<string, string>)[problem] : undefined;
}
