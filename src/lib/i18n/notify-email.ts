/**
 * Words for choosing notification emails (/account) and for unsubscribe links, en-GB.
 */
import type { EmailCategory, EmailMode } from '../notifications/email-prefs.ts';

export const notifyEmailEn = {
  title: 'Emails about what is waiting for you',
  intro: 'We can email you when something new is waiting on this site. Emails never include what anyone wrote: they only say what kind of thing is waiting, and you sign in to read it.',
  defaultNote: 'Unless you choose otherwise, you get one summary a day at most, so your inbox stays calm.',
  noEmail: 'This site is not set up to send email at the moment, so these choices will apply once it is.',
  category: {
    feedback: 'Feedback and decisions on your evidence',
    replies: 'Replies to reflections you shared',
    certificates: 'Certificates ready for you',
    to_decide: 'New evidence to decide (assessors)',
    iqa_returns: 'Decisions sent back by quality assurance (assessors)',
    samples: 'Sampled decisions to review (IQAs)',
    discussion: 'New replies in your group’s discussion',
    reviews: 'Courses you are asked to review',
    questionnaires: 'A short follow-up questionnaire ready for you',
  } satisfies Record<EmailCategory, string>,
  mode: {
    immediate: 'Straight away',
    daily: 'Daily summary',
    weekly: 'Weekly summary',
    off: 'No emails',
  } satisfies Record<EmailMode, string>,
  scheduleHint: (hour: string, weekday: string) => `Daily summaries come at about ${hour}; weekly ones on ${weekday}s.`,
  quietTitle: 'Quiet hours',
  quietLabel: 'Hold “straight away” emails during quiet hours',
  quietHint: 'Nothing is emailed straight away during these hours; it comes when they end.',
  quietStart: 'Quiet from',
  quietEnd: 'Quiet until',
  save: 'Save email choices',
  saved: 'Your email choices are saved.',
  errors: {
    title: 'Your email choices were not saved',
    mode: 'Choose one of: straight away, daily summary, weekly summary or no emails.',
    hour: 'Choose an hour from the list.',
    same: 'Quiet hours need a different start and end. To have none, untick quiet hours.',
  },
  unsubscribe: {
    title: 'Stop these emails',
    ask: (what: string) => `Stop emails about: ${what}?`,
    explain: 'You will still see everything when you sign in. You can switch emails on again on Your account.',
    button: 'Stop these emails',
    done: (what: string) => `Done. You will get no more emails about: ${what}.`,
    again: 'To choose again, sign in and go to Your account.',
    bad: 'This link is not complete or not one of ours, so nothing was changed. Copy the whole link from the email, or sign in and choose your emails on Your account.',
    failed: 'This could not be done just now, so nothing was changed. Please try again in a few minutes.',
  },
  weekdays: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
} as const;

export const categoryList = (categories: readonly EmailCategory[]) => categories.map((c) => notifyEmailEn.category[c].replace(/ \((assessors|IQAs)\)$/, '').toLowerCase()).join('; ');
