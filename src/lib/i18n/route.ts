/**
 * Words for how a trainee is assessed (route.ts): what the trainee reads on their course and
 * evidence pages, and what admins and trainers read on the requests page. Plain and kind; no
 * page says someone is looking at evidence when nobody is.
 */
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export const routeEn = {
  trainee: {
    title: 'How you are assessed',
    group: (name: string) => `You are in the group “${name}”. Its assessors can see the evidence you send and will decide on it.`,
    groupNoAssessor: (name: string) =>
      `You are in the group “${name}”, but it has no assessor yet, so nobody can decide on your evidence for now. An administrator has been asked to add one; your evidence is kept.`,
    learningOnly:
      'You joined this course yourself and are not in a group, so nobody can see or assess your evidence yet. You can read the course, take the knowledge checks and write reflections. Sending evidence and getting a certificate need a group: ask to be assessed and an administrator will place you in one.',
    askTitle: 'Ask to be assessed',
    askMessage: 'Anything you would like them to know (optional)',
    askHint: 'For example when you can take part, or any support you need. Your administrators and trainers read this.',
    askButton: 'Ask to be assessed',
    asked: (day: string) => `You asked to be assessed on ${day}. Your organisation’s administrators and trainers can see your request; you will see their answer here.`,
    placed: (day: string, name: string) => `On ${day} an administrator placed you in the group “${name}”. Its assessors can now see your evidence.`,
    declined: (day: string, reason: string) => `On ${day} an administrator answered your request to be assessed: “${reason}”. You can ask again at any time.`,
    askAgain: 'Ask again',
    sent: 'Your request is sent. An administrator will answer it; you will see the answer on this page.',
    alreadyAsked: 'You have already asked. Your request is waiting for an answer.',
    // Next steps and notices that would otherwise promise an assessor.
    submittedNoAssessor: 'Submitted. It is kept safely, but nobody can assess it until you are in a group with an assessor.',
    waitingNoAssessor: 'Sent, and kept. Nobody can assess it until you are in a group with an assessor',
    observeNoAssessor: 'An assessor will observe you once you are in a group with an assessor',
  },
  staff: {
    title: 'Requests to be assessed',
    intro:
      'Trainees who joined a course themselves and are in no group can ask to be assessed. Place them in a group of the course (its assessors then see their evidence), or decline with a kind reason. Every request and its answer is kept.',
    homeLink: (n: number) => `${plural(n, 'request', 'requests')} to be assessed waiting for an answer`,
    open: (n: number) => `Waiting for an answer (${n})`,
    answered: 'Answered',
    none: 'No request is waiting.',
    noneAnswered: 'No request has been answered yet.',
    asked: (name: string, course: string, day: string) => `${name} asked to be assessed on ${course} on ${day}.`,
    message: 'Their message',
    group: 'Group',
    chooseGroup: 'Choose a group',
    noGroups: 'This course has no current group yet. Make one from Groups first, then come back.',
    noAssessor: '(no assessor yet)',
    place: 'Place in this group',
    reason: 'Or decline, and say why',
    reasonHint: 'The trainee reads this. Say what they can do instead.',
    decline: 'Decline the request',
    placedRow: (name: string, course: string, group: string, by: string, day: string) => `${name} (${course}): placed in “${group}” by ${by} on ${day}.`,
    declinedRow: (name: string, course: string, by: string, day: string, reason: string) => `${name} (${course}): declined by ${by} on ${day}: “${reason}”`,
    onlyAdmins: 'Only administrators can answer. You can see the list so you know who is waiting.',
    done: { placed: 'The trainee is placed in the group. They can see it on their course page.', declined: 'The request is declined. The trainee can read your reason.' } as Record<string, string>,
  },
  errors: {
    notEnrolled: 'You can ask to be assessed on a course you are on. Join the course first.',
    notAdmin: 'Only administrators can answer requests. Nothing was changed.',
    alreadyAnswered: 'This request was already answered. Nothing was changed: the answer is shown below.',
    chooseCohort: 'Please choose a current group of the course the trainee asked about.',
    reasonMissing: 'Please say why the request is declined. The trainee will read it.',
    notEnrolledAnymore: 'This trainee is no longer on the course, so they cannot be placed in a group. Nothing was changed.',
    unavailable: 'The service is unavailable for a moment, so nothing was changed. Please try again in a minute.',
  },
};
