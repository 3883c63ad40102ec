/**
 * Words for the impact questionnaire (/questionnaire/<course>) and the impact report
 * (/staff/impact), en-GB. docs/IMPACT.md.
 */

const roundNames: Record<string, string> = { start: 'at the start', end: 'at the end' };

/** "at the start", "at the end", "3 months after". */
export function roundName(round: string): string {
  if (roundNames[round]) return roundNames[round]!;
  const months = Number(round.replace('after-', ''));
  return `${months} month${months === 1 ? '' : 's'} after`;
}

/** "At the start", … with a capital. */
export const RoundName = (round: string) => roundName(round).replace(/^./, (c) => c.toUpperCase());

export const impactEn = {
  /** The dashboard's link on a course with a questionnaire. */
  dashboardLink: 'Short questionnaire',
  trainee: {
    title: (course: string) => `A short questionnaire: ${course}`,
    lead: 'What this is, before any question',
    points: [
      'A few questions about how confident you feel, asked at the start of the course, at the end, and a few months after you finish.',
      'It is up to you. Saying no, or stopping later, changes nothing about your course, your certificate or how your trainers treat you.',
      'Your trainers and assessors never see your answers. Only totals for groups of at least 5 people go into a report for the people who fund and accredit the course.',
      'If you stop, the answers you gave are deleted and left out of every report from then on.',
      'You can write something in your own words. We only quote it (without your name) if you tick the box that says we may.',
    ],
    join: 'Yes, I’ll answer',
    decline: 'No thanks',
    declined: 'You said no thanks. Nothing more will be asked. If you change your mind, you can still take part.',
    changeMind: 'I’d like to take part after all',
    joined: 'Thank you for taking part.',
    roundTitle: (round: string) => `Your answers ${roundName(round)}`,
    scaleHint: 'Choose one for each question, or leave one blank to skip it.',
    laterTitle: 'Since you finished the course…',
    yes: 'Yes',
    no: 'No',
    comment: 'Anything you’d like to say about the course',
    commentHint: 'Please do not name other people.',
    quoteOk: 'You may quote what I wrote in reports, without my name',
    send: 'Send my answers',
    sent: 'Thank you. Your answers are saved.',
    nothingOpen: 'There is nothing to answer just now. We will let you know when the next short questionnaire is ready.',
    answered: (rounds: string[]) => (rounds.length ? `You have answered: ${rounds.map(roundName).join(', ')}.` : 'You have not answered any questions yet.'),
    withdrawTitle: 'Stop taking part',
    withdrawText: 'This deletes every answer you gave for this course, and nothing more will be asked.',
    withdraw: 'Stop and delete my answers',
    withdrawn: 'You have stopped taking part. Your answers are deleted.',
    notEnrolled: 'This questionnaire is for people on this course.',
    noQuestionnaire: 'This course has no questionnaire.',
    dashboardLink: 'A short questionnaire is ready',
    errors: {
      title: 'Your answers were not saved',
      score: (question: string) => `Choose one of the answers for “${question}”, or leave it blank.`,
      later: (question: string) => `Choose yes or no for “${question}”, or leave it blank.`,
      empty: 'Answer at least one question, or come back later.',
      comment: 'Please keep what you write under 1,000 characters.',
      closed: 'This questionnaire is not open just now, so nothing was saved.',
      notIn: 'Please say whether you want to take part first.',
    },
  },
  report: {
    indexTitle: 'Impact reports',
    indexIntro: 'What each course achieves, for commissioners and accrediting bodies. Only totals are shown; numbers under 5 are hidden so nobody can be picked out.',
    indexNone: 'None of your groups is on a course with a questionnaire.',
    wholeCourse: 'Whole course',
    title: (course: string, group?: string) => (group ? `Impact report: ${course}, ${group}` : `Impact report: ${course}`),
    scopeLabel: 'Show',
    show: 'Show',
    hidden: 'fewer than 5',
    hiddenNote: '“Fewer than 5” means the number is hidden so that nobody can be picked out. Some larger numbers are hidden too, so a total minus the others cannot reveal a hidden one.',
    summaryTitle: 'People on the course',
    measure: 'What',
    number: 'Number',
    people: 'People enrolled',
    completions: 'Finished every module',
    certificates: 'Certificates issued',
    takingPart: 'Answering the questionnaire',
    answeredTitle: 'Answers by round',
    round: 'Round',
    answered: 'People who answered',
    changeTitle: 'Change in confidence',
    changeIntro: (scale: string[]) => `Averages on a scale of 1 (${scale[0]}) to ${scale.length} (${scale[scale.length - 1]}), for the same people at the start and later.`,
    question: 'Question',
    compared: 'Compared with the start',
    n: 'Number who answered both',
    before: 'At the start',
    after: 'Later',
    change: 'Change',
    laterTitle: 'What people went on to do',
    said: 'Said yes',
    ofAnswered: 'Answered',
    quotesTitle: 'In their own words',
    quotesIntro: 'Shared by people who agreed to be quoted, without names.',
    quotesNone: 'Nobody has agreed to be quoted yet.',
    quotesHidden: 'Fewer than 5 people have answered, so no words are shown.',
    downloads: 'Download',
    pdf: 'Report as PDF',
    csv: 'Figures as a spreadsheet (CSV)',
    forbiddenTitle: 'Impact reports are for staff',
    forbiddenText: 'Only staff of a group on this course can see its report.',
    chartAlt: (question: string) => `Bar chart: average at the start and later for “${question}”`,
    generated: (when: string) => `Made on ${when}.`,
    privacy: 'Individual answers are never shown to anyone but the person who gave them.',
  },
} as const;
