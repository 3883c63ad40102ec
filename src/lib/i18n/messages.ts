/**
 * Every piece of interface text, in one place, so the site can be translated.
 * en-GB is the only locale for now; a translation adds a sibling object of the same shape.
 */
export const en = {
  siteName: 'Lived Learning',
  tagline: 'Peer-led training, written by people with lived experience',
  skipLink: 'Skip to main content',
  skipSection: 'Skip this section',
  supportLink: 'Need support now?',
  nav: { courses: 'Courses', support: 'Support', main: 'Main' },
  footer: {
    values: 'Lived experience is expertise. Peers are equals. Your reflections are yours.',
    source: 'Open-source software',
  },
  catalogue: {
    title: 'Courses',
    intro: 'Training written by and for people with lived experience of mental distress. Read any module without an account.',
    modules: (n: number) => `${n} ${n === 1 ? 'module' : 'modules'}`,
    minutes: (n: number) => formatDuration(n),
    credits: (n: number) => `${n} ${n === 1 ? 'credit' : 'credits'}`,
    open: (title: string) => `Open ${title}`,
  },
  course: {
    about: 'About this course',
    audience: 'Who it is for',
    authors: 'Written by',
    accreditation: 'Accreditation',
    awardingBody: 'Awarding body',
    qualification: 'Qualification',
    level: 'Level',
    credits: 'Credits',
    glh: 'Guided learning hours',
    tqt: 'Total qualification time',
    hours: (n: number) => `${n} hours`,
    notRegulated: 'Not an Ofqual-regulated qualification.',
    regulated: 'Regulated qualification.',
    modules: 'Modules',
    ordered: 'Modules open one after another, in order.',
    unordered: 'You can take the modules in any order.',
    units: 'Units, learning outcomes and assessment criteria',
    unit: (id: string, title: string) => `Unit ${id.replace(/^U/i, '')}: ${title}`,
    /** Credits only for an accredited course: without accreditation they mean nothing to a trainee. */
    unitFacts: (credits: number | undefined, glh: number) =>
      `${credits === undefined ? '' : `${credits} ${credits === 1 ? 'credit' : 'credits'} · `}${glh} guided learning ${glh === 1 ? 'hour' : 'hours'}`,
    outcome: (id: string) => `Learning outcome ${id}`,
    learnerWill: 'The learner will:',
    learnerCan: 'The learner can:',
    evidence: 'Evidence',
    coveredBy: 'Covered in',
    frameworks: 'Mapped to frameworks',
    version: 'Course version',
    versionHelp: 'A fingerprint of the course files. Certificates record it, so anyone can see which version was studied.',
    contentNote: 'Content note',
    startFirst: 'Start the first module',
  },
  module: {
    moduleOf: (n: number, total: number) => `Module ${n} of ${total}`,
    readingTime: (minutes: number) => `About ${formatDuration(minutes)} to read`,
    duration: (minutes: number) => `${formatDuration(minutes)} in all, including activities`,
    contents: 'On this page',
    contentNoteTitle: 'Content note',
    contentNoteHelp: 'You can skip this module, take a break, or come back later. Support is always one link away.',
    showModule: 'Show the module',
    hideModule: 'Hide the module again',
    reflectionTitle: 'Reflection',
    reflectionIntro: 'These prompts are for you. Take your time; there are no right answers, and you never have to share your own history.',
    knowledgeCheckTitle: 'Knowledge check',
    knowledgeCheckIntro: (n: number) => `${n} ${n === 1 ? 'question' : 'questions'} to check your understanding.`,
    chooseOne: 'Choose one answer.',
    chooseAll: 'Choose all that apply.',
    sources: 'Sources',
    criteria: 'Assessment criteria this module supports',
    mapsTo: 'Competence framework domains',
    previous: 'Previous module',
    next: 'Next module',
    backToCourse: 'Back to the course',
    printHint: 'Print this module',
  },
  containers: {
    activity: 'Activity',
    reflection: 'Reflection',
    'content-note': 'Content note',
    'key-point': 'Key point',
    'easy-read': 'In short',
    example: 'Example',
    support: 'Support',
  } as Record<string, string>,
  evidence: {
    reflection: 'Reflection',
    written: 'Written piece',
    'knowledge-check': 'Knowledge check',
    observation: 'Observation by an assessor',
  } as Record<string, string>,
  support: {
    title: 'Need support now?',
    intro: 'If things feel hard right now, you do not have to manage on your own. These services are free.',
    emergency: 'If your life or someone else’s is at risk now',
    emergencyText: 'Call 999 or go to your nearest A&E.',
    nhs: 'NHS 111, mental health option',
    nhsText: 'In England and Wales, call 111 and choose the mental health option (option 2), 24 hours a day. In Scotland and Northern Ireland the routes are different: check with your local NHS.',
    samaritans: 'Samaritans',
    samaritansText: 'Call 116 123, free, any time, day or night, to talk about anything.',
    shout: 'Shout',
    shoutText: 'Text SHOUT to 85258 for free, confidential text support, 24 hours a day, anywhere in the UK.',
    outsideUk: 'Outside the UK? Please use your local emergency number and crisis services.',
    local: 'Your organisation may have its own support: ask your trainer or supervisor.',
    stepAway: 'It is fine to step away from a course at any time. Your place is kept.',
  },
  errors: {
    notFoundTitle: 'We could not find that page',
    notFoundText: 'The link may be old, or the address may have a typo. Nothing you did is lost.',
    serverErrorTitle: 'Something went wrong on our side',
    serverErrorText: 'This is not your fault. Please try again in a minute. If it keeps happening, tell your trainer or the site’s administrator.',
    goHome: 'See all courses',
    failureId: 'If you tell someone about this, this reference helps them find what went wrong:',
    unavailableTitle: 'The service is temporarily unavailable',
    unavailableText: 'Accounts and saved work are not reachable for a moment. Nothing you saved is lost, and the courses can still be read. Please try again in a minute.',
  },
};

export type Messages = typeof en;

/** "45 minutes", "1 hour", "1 hour 30 minutes" */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (h > 0) parts.push(`${h} ${h === 1 ? 'hour' : 'hours'}`);
  if (m > 0 || h === 0) parts.push(`${m} ${m === 1 ? 'minute' : 'minutes'}`);
  return parts.join(' ');
}

/** The interface text for a locale; en-GB until translations exist. */
export function messagesFor(_lang: string): Messages {
  return en;
}
