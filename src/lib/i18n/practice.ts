/**
 * Words of the practice portfolio (en-GB): practice hours, supervision and observed practice,
 * for trainees (/practice/<course>), staff (/staff/cohorts/<id>/practice) and the dashboard.
 * Plain text and small functions only (no Node imports).
 */
import type { PracticeKind } from '../courses/practice.ts';

const hoursText = (minutes: number) => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} minutes`;
  return m === 0 ? `${h} ${h === 1 ? 'hour' : 'hours'}` : `${h} ${h === 1 ? 'hour' : 'hours'} ${m} minutes`;
};

const kindNames: Record<PracticeKind, string> = {
  placement: 'Placement',
  shadowing: 'Shadowing',
  training: 'Training',
  study: 'Study',
};

export const practiceEn = {
  hoursText,
  kindNames,
  kindWords: { placement: 'placement', shadowing: 'shadowing', training: 'training', study: 'study' } satisfies Record<PracticeKind, string>,
  formatNames: { one_to_one: 'One-to-one', group: 'Group', peer: 'Peer co-supervision' } as const,
  statusNames: { logged: 'Waiting for your supervisor', confirmed: 'Confirmed', queried: 'Queried' } as const,

  page: {
    title: (course: string) => `Practice: ${course}`,
    intro: 'Your practice portfolio for this course: the hours you log, your supervision sessions, and what assessors and supervisors saw of your practice. You and the staff of your group see it; your reflections stay private unless you share them.',
    notEnrolled: 'You are not on this course at the moment. Join it to keep a practice record.',
    noGroup: 'You are not in a group for this course yet, so no one can confirm hours or supervise you here. Ask your trainer for a group code.',
    breadcrumb: 'Dashboard',
  },

  hours: {
    title: 'Practice and off-the-job hours',
    progress: (confirmed: number, target: number) => `${hoursText(confirmed)} confirmed of ${hoursText(target)}`,
    noTarget: (confirmed: number) => `${hoursText(confirmed)} confirmed. This course sets no target.`,
    waiting: (minutes: number) => `${hoursText(minutes)} waiting for your supervisor`,
    byKind: (kind: PracticeKind, confirmed: number, target: number) => `${kindNames[kind]}: ${hoursText(confirmed)} of ${hoursText(target)}`,
    met: 'Target reached.',
    logTitle: 'Log hours',
    reminder: 'Never write anything that could identify a person you support: no names, initials, places or stories about them. Write what you did, in a few words.',
    date: 'Date',
    dateHint: 'For example 2026-11-03.',
    hours: 'Hours',
    minutes: 'Minutes',
    lengthHint: 'For example 2 hours and 30 minutes. At least 15 minutes, at most 24 hours.',
    kind: 'Kind',
    note: 'Note',
    noteHint: 'Up to 500 characters, for example “Shadowed the drop-in group”.',
    submit: 'Log these hours',
    listTitle: 'Your hours',
    none: 'No hours logged yet.',
    queried: (note: string) => `Your supervisor asked: “${note}”. Remove this entry and log it again with the right details.`,
    remove: 'Remove',
    removeLabel: (date: string) => `Remove the entry of ${date}`,
    logged: 'Your hours are logged. Your supervisor will confirm them.',
    removed: 'The entry is removed.',
    table: { date: 'Date', length: 'Length', kind: 'Kind', note: 'Note', status: 'Status', action: 'Action' },
  },

  supervision: {
    title: 'Supervision',
    progress: (confirmed: number, target: number) => `${confirmed} of ${target} supervision sessions confirmed`,
    noTarget: (confirmed: number) => `${confirmed} supervision ${confirmed === 1 ? 'session' : 'sessions'} confirmed`,
    recordTitle: 'Record a supervision session',
    recordIntro: 'Write a short record that both of you can agree with. Your supervisor confirms it; if either of you changes it later, the other confirms again.',
    supervisor: 'Supervisor',
    trainee: 'Trainee',
    date: 'Date',
    length: 'Length in minutes',
    lengthHint: 'For example 60.',
    format: 'Format',
    actions: 'Agreed actions',
    actionsHint: 'Optional. What each of you will do next.',
    record: 'Short record',
    recordHint: 'A few sentences about what you talked about, without details of people you support.',
    submit: 'Record the session',
    none: 'No supervision sessions yet.',
    sessionTitle: (date: string, format: string) => `${date}, ${format}`,
    with: (name: string) => `With ${name}`,
    recordedBy: (name: string) => `Recorded by ${name}`,
    confirmedBy: (name: string) => `Confirmed by ${name}`,
    waitingFor: (name: string) => `Waiting for ${name} to confirm`,
    confirm: 'Confirm this record',
    confirmLabel: (date: string) => `Confirm this record: supervision on ${date}`,
    reflect: 'Write a private reflection on this session',
    reflectHint: 'Your reflection is private: no one else sees it unless you share it.',
    recorded: 'The session is recorded. The other person will confirm it.',
    confirmed: 'The session record is confirmed.',
    change: 'Change this record',
    changeHint: 'If you change it, the other person confirms it again.',
    changeSubmit: 'Save the changes',
    changed: 'The record is changed. The other person will confirm it again.',
    noSupervisor: 'Your group has no trainer yet, so there is no supervisor to record a session with.',
  },

  observations: {
    title: 'Observed practice',
    none: 'No observations of your practice yet.',
    heading: (date: string, name: string) => `${date}, observed by ${name}`,
    seen: 'What was seen',
    criteria: 'Criteria it shows',
    feedback: 'Feedback',
    evidenceNote: 'Each criterion it shows is evidence an assessor decides on; see your assessment page.',
  },

  staff: {
    title: (group: string) => `Practice: ${group}`,
    intro: 'Confirm or query the hours trainees logged, record and confirm supervision, and record observed practice. Trainers of the group act as supervisors.',
    hoursTitle: (n: number) => `Hours waiting for review (${n})`,
    noHours: 'No hours are waiting.',
    entry: (name: string, date: string, length: string, kind: string) => `${name}: ${length} of ${kind} on ${date}`,
    confirm: 'Confirm',
    confirmLabel: (name: string, date: string) => `Confirm ${name}’s hours of ${date}`,
    query: 'Query',
    queryNote: 'What should they check?',
    queryLabel: (name: string, date: string) => `Query ${name}’s hours of ${date}`,
    readOnlyHours: 'Trainers of the group confirm hours; you can read them.',
    totalsTitle: 'Totals',
    totals: { trainee: 'Trainee', confirmed: 'Confirmed hours', waiting: 'Waiting', sessions: 'Supervision sessions confirmed' },
    sessionsTitle: 'Supervision sessions',
    sessionsWaiting: 'Waiting for you to confirm',
    noSessions: 'No supervision sessions are waiting for you.',
    observeTitle: 'Record observed practice',
    observeIntro: 'What you saw the trainee do, which assessment criteria it shows and your feedback. Each criterion then waits in the assessment queue for an assessor’s decision, like any evidence.',
    observedOn: 'Date observed',
    seen: 'What you saw',
    seenHint: 'What the trainee did, without details of the people they support.',
    criteria: 'Criteria it shows',
    criteriaHint: 'Tick every criterion the practice showed.',
    feedback: 'Feedback for the trainee',
    observeSubmit: 'Record the observation',
    noTrainees: 'There are no trainees in this group yet.',
    done: {
      confirmed: 'The hours are confirmed.',
      queried: 'Your question is sent with the entry; the trainee sees it.',
      recorded: 'The session is recorded. The trainee will confirm it.',
      sessionConfirmed: 'The session record is confirmed.',
      sessionChanged: 'The record is changed. The trainee will confirm it again.',
      observed: 'The observation is recorded. Each criterion it shows is now waiting for an assessor’s decision.',
    },
    nav: 'Practice',
  },

  dashboard: {
    title: 'Practice',
    open: (course: string) => `Open your practice record for ${course}`,
    openShort: 'Practice record',
  },

  missing: {
    hours: (confirmed: number, target: number) =>
      `Practice hours: ${hoursText(confirmed)} confirmed of the ${hoursText(target)} this course asks for`,
    kind: (kind: PracticeKind, confirmed: number, target: number) =>
      `${kindNames[kind]} hours: ${hoursText(confirmed)} confirmed of the ${hoursText(target)} this course asks for`,
  },

  validation: {
    dateMissing: 'Enter the date, for example 2026-11-03.',
    dateInvalid: 'Enter a real date, for example 2026-11-03.',
    dateFuture: 'The date is in the future: enter the day it happened.',
    lengthMissing: 'Enter how long: hours, minutes or both.',
    lengthInvalid: 'Enter whole numbers of hours and minutes, for example 2 and 30.',
    lengthTooShort: 'Log at least 15 minutes.',
    lengthTooLong: 'Log at most 24 hours for one day: log each day separately.',
    kindMissing: 'Choose the kind: placement, shadowing, training or study.',
    noteTooLong: (n: number) => `The note has ${n} characters: keep it to 500.`,
    formatMissing: 'Choose the format: one-to-one, group or peer co-supervision.',
    minutesInvalid: 'Enter the length in whole minutes, from 10 to 480.',
    recordMissing: 'Write a short record of the session.',
    recordTooLong: (n: number) => `The record has ${n} characters: keep it to 2,000.`,
    actionsTooLong: (n: number) => `The actions have ${n} characters: keep them to 2,000.`,
    supervisorMissing: 'Choose your supervisor.',
    traineeMissing: 'Choose the trainee.',
    queryNoteMissing: 'Say what the trainee should check or change.',
    seenMissing: 'Write what you saw the trainee do.',
    feedbackMissing: 'Write your feedback for the trainee.',
    textTooLong: (n: number) => `This has ${n} characters: keep it to 5,000.`,
    criteriaMissing: 'Tick at least one criterion the practice showed.',
    unknownCriterion: (ref: string) => `${ref} is not a criterion of this course that can be observed: tick one from the list.`,
    unknownEntry: 'That entry is not there any more: reload the page.',
  },

  errors: {
    unavailable: 'The practice record cannot be reached just now. Nothing was lost: try again in a minute.',
    forbidden: 'Only the trainee and the staff of their group can do this.',
    notTrainer: 'Only trainers of the group confirm hours and supervise.',
    notObserver: 'Only assessors and trainers of the group record observed practice.',
    notTraineeOfGroup: 'That person is not a trainee of this group.',
    own: 'You cannot confirm or observe your own practice.',
  },
};
