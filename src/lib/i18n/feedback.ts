/**
 * Interface text of co-production feedback (en-GB): the "How was this module?" form under
 * each module, and the course team's summary page.
 */
export const feedbackEn = {
  form: {
    title: 'How was this module?',
    intro: 'This is optional. The course is written with people who have used services, and your answers help us make it better.',
    signIn: 'Sign in to tell us what you thought of this module',
    unavailable: 'Feedback cannot be saved for a moment, because the service is unavailable. Please try again in a minute.',
    useful: 'Was this module useful?',
    usefulOptions: { yes: 'Yes', partly: 'Partly', no: 'No' } as Record<'yes' | 'partly' | 'no', string>,
    hardToRead: 'Was anything hard to read or understand?',
    hardToReadHint: 'For example a word, a sentence or a part of the page. Up to 2,000 characters.',
    change: 'What would you change?',
    changeHint: 'Anything at all: what to add, leave out or say differently. Up to 2,000 characters.',
    anonymous: 'Don’t show my name to the course team',
    anonymousHint: 'When this is ticked, the course team sees what you wrote but not who wrote it. When it is not ticked, they see your display name (never your email). Nobody else sees your feedback.',
    send: 'Send feedback',
    update: 'Update my feedback',
    saved: 'Thank you. Your feedback is saved. You can change it here at any time.',
    existing: 'You have already sent feedback on this module. You can change it below.',
    pageTitle: (module: string) => `Feedback on ${module}`,
    backToModule: 'Back to the module',
    backToCourses: 'See all courses',
  },
  errors: {
    summaryTitle: 'Please check your feedback',
    empty: 'Please answer at least one question before sending. If you would rather not give feedback, that is fine: you can leave this form empty.',
    useful: 'Please choose yes, partly or no, or leave this question unanswered.',
    tooLong: (length: number, max: number) =>
      `This is ${length.toLocaleString('en-GB')} characters long. Please shorten it to ${max.toLocaleString('en-GB')} or fewer. Your text is kept below.`,
    notFound: 'We could not find that course or module. The link may be old. Nothing you saved is lost.',
    unavailable: 'Your feedback could not be saved just now, because the service is unavailable for a moment. Your text is kept below: please try again in a minute.',
    generic: 'Your feedback could not be saved. Your text is kept below: please try again in a minute.',
    wrongType: 'Please send feedback as a form.',
  },
  report: {
    title: (course: string) => `Feedback on ${course}`,
    breadcrumb: 'Trainee feedback',
    intro: 'What trainees said about each module. Names are shown only when the person chose to share theirs; otherwise a comment says “Anonymous”. Comments are listed in alphabetical order, not by date, so they cannot be matched to when someone took part.',
    forbiddenTitle: 'This page is for the course team',
    forbiddenText: 'Trainee feedback is summarised here only for the course’s authors and the trainers of its groups. If you think you should see it, please ask an administrator to add you to the course’s authors or to one of its groups.',
    responses: (n: number) => `${n} ${n === 1 ? 'response' : 'responses'}`,
    noResponses: 'No feedback on this module yet.',
    useful: 'Was it useful?',
    answer: 'Answer',
    count: 'People',
    noAnswer: 'Did not say',
    comments: 'Comments',
    hardToRead: 'Hard to read:',
    change: 'Would change:',
    anonymous: 'Anonymous',
    downloadCsv: 'Download all feedback as a spreadsheet (CSV)',
    moduleHeading: (n: number, title: string) => `Module ${n}: ${title}`,
    csvHeader: ['module_number', 'module_id', 'module_title', 'useful', 'hard_to_read', 'change', 'name'],
  },
};

export type FeedbackText = typeof feedbackEn;

/** The feedback text for a locale; en-GB until translations exist. */
export function feedbackText(_lang: string): FeedbackText {
  return feedbackEn;
}
