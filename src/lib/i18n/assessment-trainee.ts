/**
 * Interface text of the trainee's assessment page and evidence form (en-GB). Shared by the
 * server-rendered page and the <trainee-evidence-form> element, so it stays plain text and
 * functions with no Node imports. Kind and plain: criteria are "met" or "not yet met", never
 * failed; every problem says what happened to the person's words and what to do next.
 */
import type { FileProblem, NextStep } from '../assessment/evidence.ts';
import { EVIDENCE_MAX_FILES } from '../assessment/evidence.ts';
import { formatBytes } from '../sizes.ts';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

const ACCEPTED = 'a PDF, a Word document (.docx), a picture (PNG, JPEG, WebP or GIF) or a sound recording (MP3, M4A, OGG or WAV)';

export const assessmentTraineeEn = {
  /** Links to the page from the dashboard card and the course page. */
  links: {
    assessment: 'Your assessment: send evidence and read feedback',
    record: 'See your assessment record',
  },
  page: {
    title: (course: string) => `Your assessment: ${course}`,
    breadcrumb: 'Your assessment',
    intro:
      'Each assessment criterion is a thing you show you can do. Your assessor reads what you send and decides whether it is met. If it is not yet met, they tell you why and you can send more. Everything you send and every decision is kept.',
    summary: (met: number, total: number) => `You have met ${met} of ${total} ${total === 1 ? 'criterion' : 'criteria'}.`,
    unitsSignedOff: (signed: number, total: number) => `${signed} of ${total} ${total === 1 ? 'unit' : 'units'} signed off.`,
    backToCourse: 'Back to the course',
    notEnrolledTitle: 'You are not on this course yet',
    notEnrolledText: 'Your assessment record starts once you join the course. You can join from the course page.',
    goToCourse: 'Go to the course page',
    leftText: 'You have left this course. Everything you sent and every decision is kept here. To send more evidence, rejoin the course from the course page.',
    noCohort: 'You are not in a group with an assessor for this course yet, so nobody can look at your evidence yet. Ask to be assessed below and an administrator will place you in a group.',
  },
  unit: {
    heading: (id: string, title: string) => `Unit ${id}: ${title}`,
    progress: (met: number, total: number) => `${met} of ${total} ${total === 1 ? 'criterion' : 'criteria'} met`,
    signedOff: (name: string, day: string) => `Unit signed off by ${name} on ${day} ✓`,
    readyForSignOff: 'All criteria met. Your trainer or assessor will now sign this unit off.',
    signOffWithdrawn: (day: string, reason: string) =>
      `The sign-off of this unit was withdrawn on ${day}, so it needs signing off again before a certificate can include it. Your trainer or assessor said: “${reason}”`,
    outcome: (id: string, text: string) => `Learning outcome ${id}: ${text}`,
  },
  criterion: {
    needed: 'What is needed',
    evidence: {
      written: 'A written piece. Write your answer below, attach a document, a picture or a recording, or link a reflection you have shared.',
      reflection: 'A reflection. Write it below, attach a document or recording, or link a reflection you have shared with your trainers.',
      'knowledge-check': 'A knowledge check. This is met when you pass the knowledge check in the module.',
      observation: 'An observation. Your assessor watches you in practice and records what they saw. You do not need to send anything.',
    } as Record<string, string>,
    historyTitle: 'What has happened so far',
    submitted: 'Submitted — your assessor will look at it.',
    submittedUnassessed: 'Submitted and kept safely. Nobody can assess it until you are in a group with an assessor.',
  },
  next: {
    label: 'Next step',
    submit: 'Submit evidence',
    waiting: 'Your assessor is looking at this',
    resubmit: 'Not yet met: read the feedback and submit again',
    met: 'Met ✓',
    metByCheck: 'Met ✓ — you passed the knowledge check',
    passCheck: 'Pass the knowledge check in',
    noCheck: 'This will be met through a knowledge check. Your trainer can tell you where to find it.',
    observe: 'Your assessor will observe you',
    observeAgain: 'Not yet met: read the feedback. Your assessor will arrange to observe you again',
    waitingUnassessed: 'Sent and kept safely. Nobody can assess it until you are in a group with an assessor',
    observeUnassessed: 'An assessor will observe you once you are in a group with an assessor',
    needsGroup: 'Evidence can be sent once you are in a group with an assessor: ask to be assessed above',
  },
  history: {
    youSent: (day: string) => `You sent evidence on ${day}`,
    observed: (day: string) => `Your assessor observed you on ${day}`,
    observedContext: 'Where and what',
    observedNotes: 'What they saw',
    files: 'Files',
    reflection: 'Linked reflection',
    reflectionGone: 'a reflection that is no longer available',
    decisionMet: 'Met',
    decisionNotYet: 'Not yet met',
    /** Follows the outcome ("Met", "Not yet met"). */
    decided: (day: string, name: string) => ` — decided on ${day} by ${name}`,
    feedback: 'Feedback',
    correction: 'This corrects an earlier decision.',
    signed: (name: string) => `Signed, ${name}`,
  },
  form: {
    title: 'Send evidence',
    titleAgain: 'Send evidence again',
    more: 'Add something you forgot',
    intro: 'Send any one of these, or a mix: your own words, files, or a reflection you have shared.',
    textLabel: 'Your evidence',
    textHint:
      'Write it in your own words. You can use Markdown: **bold**, _italic_, a line starting with “- ” for a list. Up to 20,000 characters.',
    filesLabel: 'Attach files',
    filesHint: `Up to ${EVIDENCE_MAX_FILES} files, each up to 10 MB: ${ACCEPTED}.`,
    reflectionLabel: 'Link a shared reflection',
    reflectionNone: 'No reflection',
    reflectionHint:
      'Only reflections you have shared with your trainers can be linked, so that your assessor can read them. To share one, open it from My reflections and choose “Share with my trainers”, then come back here.',
    reflectionNoneShared:
      'You have no shared reflections for this course yet. Only shared reflections can be linked, so that your assessor can read them. To share one, open it from My reflections and choose “Share with my trainers”.',
    myReflections: 'Open My reflections',
    send: 'Send to my assessor',
    sending: 'Sending your evidence…',
    sendingPercent: (percent: number) => `Sending your evidence… ${percent}%`,
    errorPrefix: 'Error: ',
  },
  errors: {
    pageTitle: 'Your evidence is not sent yet',
    nothing: 'There is nothing to send yet. Write some text, attach a file, or choose a shared reflection.',
    tooLong: (length: number, limit: number) =>
      `Your text is ${length.toLocaleString('en-GB')} characters long, and the limit is ${limit.toLocaleString('en-GB')}. Please shorten it by ${plural(length - limit, 'character', 'characters')}, or put the rest in a document and attach it. Your text is still in the box.`,
    filesAgain: 'Your text is kept, but files cannot be kept: please choose them again.',
    unknownCriterion: (ref: string) =>
      `We could not find criterion ${ref} in this course. The course may have changed. Nothing was sent; your text is below so you can copy it somewhere safe.`,
    knowledgeCheck: (ref: string) => `Criterion ${ref} is met by passing a knowledge check, so there is nothing to send for it. Nothing was sent; your text is below.`,
    observation: (ref: string) =>
      `Criterion ${ref} is met when your assessor observes you in practice, so there is nothing to send for it. Nothing was sent; your text is below.`,
    notEnrolled: 'You are not on this course at the moment, so evidence cannot be sent. If you left it, you can rejoin from the course page. Your text is kept below.',
    reflectionNotOwn: 'That reflection is not one of yours. Please choose one of your own shared reflections, or leave it out.',
    noGroup:
      'You are not in a group with an assessor for this course yet, so nobody could see this evidence. Nothing was sent; your text is below to copy. Ask to be assessed on this page and an administrator will place you in a group.',
    reflectionPrivate: 'That reflection is private, so your assessor could not read it. Share it with your trainers first (from My reflections), or leave it out and write your evidence here.',
    reflectionUnknown: 'We could not find that reflection. It may have been deleted. Please choose another, or leave it out.',
    unexpected: 'Something in the form was not what we expected. Please reload the page and try again. Your text is kept below.',
    signedOut: 'You were signed out before this was sent, so nothing was saved. Your text is below: copy it, sign in again, and send it from your assessment page.',
    unavailable: 'The service is unavailable for a moment, so nothing was sent. Your text is kept below. Please try again in a minute.',
    generic: 'Something went wrong on our side, so nothing was sent. Your text is kept below. Please try again in a minute.',
    network: 'Your evidence could not be sent just now (the connection may have dropped). Everything you wrote is still here: please try again.',
    filesRefused: `One of the files could not be taken. Each file must be ${ACCEPTED}, up to 10 MB, and at most ${EVIDENCE_MAX_FILES} files at a time. Your text is kept: please choose the files again.`,
    keptTitle: 'Your text (not sent)',
    keptHint: 'Select it and copy it somewhere safe.',
    signIn: 'Sign in again',
  },
};

export type AssessmentTraineeText = typeof assessmentTraineeEn;

/** The text for a locale; en-GB until translations exist. */
export function assessmentTraineeText(_lang: string): AssessmentTraineeText {
  return assessmentTraineeEn;
}

/** A file problem in plain words, naming the file and the limit. */
export function fileProblemMessage(problem: FileProblem): string {
  switch (problem.kind) {
    case 'too-many':
      return `You chose ${problem.count} files. You can attach up to ${EVIDENCE_MAX_FILES} at a time: please choose ${EVIDENCE_MAX_FILES} or fewer (you can send more later as another piece of evidence).`;
    case 'type':
      return `“${problem.name}” is not a kind of file we can take. Please send ${ACCEPTED}. If it is something else, saving it as a PDF usually works.`;
    case 'content':
      return `“${problem.name}” does not look like the kind of file its name says. Please open it and save it again as ${ACCEPTED}.`;
    case 'too-big':
      return `“${problem.name}” is ${formatBytes(problem.size)}, and each file can be up to 10 MB. Please make it smaller (for example, save a PDF or photo at a lower quality) or split it into parts.`;
    case 'empty':
      return `“${problem.name}” is empty (0 bytes). Please choose the file again; if it is still empty, save it again from the program you made it in.`;
  }
}

/** The next-step sentence (without the module links of `pass-check`). */
export function nextStepText(t: AssessmentTraineeText, step: NextStep): string {
  switch (step.kind) {
    case 'submit':
      return t.next.submit;
    case 'waiting':
      return t.next.waiting;
    case 'resubmit':
      return t.next.resubmit;
    case 'met':
      return t.next.met;
    case 'met-by-check':
      return t.next.metByCheck;
    case 'pass-check':
      return step.modules.length > 0 ? t.next.passCheck : t.next.noCheck;
    case 'observe':
      return t.next.observe;
    case 'observe-again':
      return t.next.observeAgain;
    case 'waiting-unassessed':
      return t.next.waitingUnassessed;
    case 'observe-unassessed':
      return t.next.observeUnassessed;
    case 'needs-group':
      return t.next.needsGroup;
  }
}
