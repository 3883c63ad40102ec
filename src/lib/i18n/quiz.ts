/**
 * Interface text of knowledge checks (en-GB). Shared by the server-rendered form and the
 * <knowledge-check> element, so it must stay plain text with no course content in it.
 * Kind wording: a result is "not yet", never a failure; trying again is always welcome.
 */
import { formatForPeople } from '../dates.ts';
export const quizEn = {
  title: 'Knowledge check',
  intro: (n: number) => `${n} ${n === 1 ? 'question' : 'questions'} to check your understanding.`,
  /** When a module draws its questions from a larger set. */
  pool: (asked: number, pool: number) => `Each attempt asks ${asked} of ${pool} questions, chosen at random, and the answers are in a different order each time.`,
  shuffled: 'The answers are in a different order each time you try.',
  /** A wait between attempts, set by the course author. */
  waitSet: (wait: string) => `After each attempt there is a wait of ${wait} before you can try again, to give you time to look back over the module.`,
  waiting: (when: string) => `You can try again from ${when}. In the meantime, have another look at the module: your result and feedback are below.`,
  reviewing: 'This is one of your earlier attempts, with the questions and answers in the order you saw them.',
  reviewLink: 'See this attempt',
  reviewLinkLabel: (when: string) => `See this attempt, from ${when}`,
  howItWorks: 'Your answers are checked when you press the button, and your result is saved for you. You can try as many times as you like.',
  chooseOne: 'Choose one answer.',
  chooseAll: 'Choose all that apply.',
  questionNumber: (n: number) => `Question ${n}`,
  submit: 'Check my answers',
  sending: 'Checking your answers…',
  signIn: 'Sign in to take the check and save your result',
  signedOutNote: 'You can read the questions now.',
  unavailable: 'Checking answers is not possible for a moment, because the service is unavailable. You can still read the questions. Please try again in a minute.',
  draftRestored: 'Your answers are back in the form. Press “Check my answers” when you are ready.',
  backToModule: 'Back to the module',
  backToCourses: 'See all courses',
  pageTitle: (module: string) => `Knowledge check: ${module}`,
  result: {
    title: 'Your result',
    score: (score: number, total: number) => `You got ${score} out of ${total} right.`,
    passed: 'You passed this check. Well done.',
    notYet: (needed: number, total: number) => `Not yet: you need ${needed} out of ${total} to pass.`,
    tryAgainNote: 'You can try again as many times as you like.',
    feedbackBelow: 'There is feedback under each question.',
    right: 'Right',
    notYetQuestion: 'Not yet',
    youChose: 'You chose:',
    missed: (n: number) =>
      n === 1 ? 'There is 1 more answer that fits. Have another look at the options.' : `There are ${n} more answers that fit. Have another look at the options.`,
    tryAgain: 'Try again',
    changed: 'This check has changed since you took it, so feedback for each question cannot be shown. Your score is kept.',
  },
  history: {
    title: 'Your attempts',
    caption: 'Your attempts at this check, newest first',
    date: 'Date',
    score: 'Score',
    result: 'Result',
    passed: 'Passed',
    notYet: 'Not yet',
    scoreOf: (score: number, total: number) => `${score} of ${total}`,
    attempt: 'Attempt',
  },
  errors: {
    summaryTitle: 'Some questions still need an answer',
    unanswered: (numbers: number[]) =>
      `Please answer ${listQuestions(numbers)} and press “Check my answers” again. Your other answers are kept.`,
    chooseOne: 'Please choose an answer to this question.',
    chooseAny: 'Please choose at least one answer to this question.',
    unknownQuestion: (id: string) =>
      `The answers included a question this check does not have (“${id.slice(0, 40)}”). Please go back to the module and answer the questions on the page.`,
    notAnOption: (question: number, options: number) =>
      `The answer to question ${question} is not one of its ${options} options. Please go back to the module and choose from the options shown.`,
    badAnswer: 'An answer sent was not one of the options shown. Please go back to the module and choose from the options there.',
    oneOnly: (question: number) => `Question ${question} takes one answer, but more than one was sent. Please choose just one option.`,
    noCheck: 'This module has no knowledge check, so there is nothing to check. Your answers were not saved.',
    notFound: 'We could not find that course or module. The link may be old. Nothing you saved is lost.',
    unexpectedField: (name: string) =>
      `The form sent a field we did not expect (“${name.slice(0, 40)}”). Please go back to the module and use the form there.`,
    wrongType: 'Please send the knowledge check as a form.',
    network: 'We could not reach the site just now. Your answers are still here: please try again in a moment.',
    unavailableSave: 'Your answers could not be checked just now, because the service is unavailable for a moment. Your answers are still here: please try again in a minute.',
    reshuffled:
      'You checked your answers somewhere else (perhaps in another tab) since this page was opened, so the questions have been shuffled again. Your answers to the questions still asked are kept: please look over them and press “Check my answers” again.',
    reshuffledReload:
      'You checked your answers somewhere else (perhaps in another tab) since this page was opened, so the questions have been shuffled again. Please load the page again to see them; nothing has been lost.',
    wait: (when: string) =>
      `Your answers were not checked yet: this check asks for a short break between attempts. You can try again from ${when}. Your earlier result is kept.`,
    generic: 'Something went wrong while checking your answers. Your answers are still here: please try again in a minute.',
  },
};

export type QuizText = typeof quizEn;

/** "question 2", "questions 2 and 4", "questions 1, 3 and 4" */
export function listQuestions(numbers: number[]): string {
  if (numbers.length === 1) return `question ${numbers[0]}`;
  return `questions ${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** "23 Nov 2026, 10:00", in the organisation's time zone (src/lib/dates.ts). */
const MOMENT: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };

/** A wait in milliseconds in words: "10 minutes", "2 hours", "1 day", "30 seconds". */
export function formatWait(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1_000, 'second']];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** A moment as "10:42 on 23 Nov 2026" (UK time), for when someone may try again. */
export function formatMoment(date: Date): string {
  return formatForPeople(date, MOMENT);
}

/** A PocketBase date (`2026-11-23 10:00:00.000Z`) as "23 Nov 2026, 10:00" (UK time). */
export function formatAttemptDate(value: string): string {
  return formatForPeople(value, MOMENT) || value;
}

/** The knowledge-check text for a locale; en-GB until translations exist. */
export function quizText(_lang: string): QuizText {
  return quizEn;
}
