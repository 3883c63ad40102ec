/**
 * Interface text of competency ratings (en-GB): the trainee's side-by-side page, the peer's
 * rating page, the staff rating page and the dashboard panel. Plain, kind words; gaps are
 * described as something to talk about, never as a fault.
 */
import type { Gap, OtherRole, RatingRole } from '../ratings/ratings.ts';

const points = (n: number) => `${n} ${n === 1 ? 'point' : 'points'}`;

const WHO: Record<RatingRole, string> = { self: 'You', peer: 'Peer', supervisor: 'Supervisor', assessor: 'Assessor' };
const WHO_LOWER: Record<OtherRole, string> = { peer: 'your peer', supervisor: 'your supervisor', assessor: 'your assessor' };

export const ratingsEn = {
  who: WHO,
  /** "2 — Starting" */
  level: (score: number, label: string | undefined) => (label ? `${score} — ${label}` : String(score)),
  notYet: 'Not rated yet',
  by: (name: string, day: string) => `by ${name}, ${day}`,
  on: (day: string) => day,

  trainee: {
    title: (course: string) => `Competency ratings: ${course}`,
    intro:
      'Rate yourself on each competency, then ask a peer from your group to rate you too. Your supervisor and assessor can add theirs. Seeing the ratings side by side shows where others see you differently: something to talk about in supervision, not a mark.',
    whoSees:
      'Who sees these ratings: you; the trainers, assessors and internal quality assurers of your group; and each peer sees only the ratings they wrote. Nobody else.',
    source: (text: string) => `Where this comes from: ${text}`,
    tableTitle: 'Your ratings side by side',
    tableCaption: (course: string) => `Newest rating from each person, for each competency of ${course}. The scale is shown below the table.`,
    competency: 'Competency',
    gaps: 'Gaps',
    noGaps: 'No gaps',
    gapsTitle: 'Where others see you differently',
    gapsIntro: `These competencies have a gap of ${points(2)} or more between your own rating and someone else's.`,
    noBigGaps: 'No big gaps: everyone’s newest ratings are within a point of your own.',
    noSelf: 'Rate yourself first to see the gaps.',
    scaleTitle: 'The rating scale',
    historyTitle: 'Every rating, newest first',
    historyFor: (title: string) => `History: ${title}`,
    noHistory: 'No ratings yet.',
    rateTitle: 'Rate yourself',
    rateIntro: 'Choose a level for the competencies you want to rate now. You can rate again later: each rating is kept with its date, and your newest one counts.',
    rateButton: 'Save my ratings',
    comment: 'A short comment',
    commentHint: 'What makes you say so? Never anything that could identify someone you support.',
    inviteTitle: 'Ask a peer to rate you',
    inviteIntro: 'Choose someone from your group. They will see the competencies and the scale, and can rate you when they next sign in.',
    peer: 'Who to ask',
    peerHint: 'People in your group for this course.',
    message: 'A message for them',
    messageHint: 'For example what you would like them to think about. At most 500 characters.',
    inviteButton: 'Ask them to rate me',
    noPeers: 'There is nobody else in your group for this course yet, so you cannot ask a peer for now.',
    noGroup: 'You are not in a group for this course, so you cannot ask a peer yet. A trainer can add you to one.',
    invitesTitle: 'Peers you have asked',
    inviteState: (name: string, day: string, rated: number, open: boolean) =>
      `${name}, asked ${day}: ${rated === 0 ? 'not rated you yet' : `rated ${rated} ${rated === 1 ? 'competency' : 'competencies'}`}${open ? '' : ' (withdrawn)'}`,
    withdraw: (name: string) => `Withdraw the request to ${name}`,
    done: {
      rated: 'Your ratings are saved.',
      invited: 'Your request is sent. They will see it on their dashboard.',
      withdrawn: 'The request is withdrawn. They can no longer rate you with it.',
    } as Record<string, string>,
    notEnrolled: 'You are not enrolled in this course, so there is nothing to rate here.',
  },

  /** "Your supervisor rated you 2 points higher than you rated yourself." */
  gap: (gap: Gap) => {
    const who = WHO_LOWER[gap.role];
    const size = Math.abs(gap.difference);
    return gap.difference > 0
      ? `${who[0]!.toUpperCase()}${who.slice(1)} rated you ${points(size)} higher than you rated yourself.`
      : `${who[0]!.toUpperCase()}${who.slice(1)} rated you ${points(size)} lower than you rated yourself.`;
  },
  /** For the staff view: the same, about the trainee. */
  gapAbout: (gap: Gap) => {
    const size = Math.abs(gap.difference);
    const who = { peer: 'Their peer', supervisor: 'The supervisor', assessor: 'The assessor' }[gap.role];
    return `${who} rated them ${points(size)} ${gap.difference > 0 ? 'higher' : 'lower'} than they rated themself.`;
  },

  peer: {
    title: (name: string) => `Rate ${name}`,
    intro: (name: string, course: string) =>
      `${name} asked you to rate them on the competencies of ${course}. Be honest and kind: they will see your rating and comment, with your name, beside their own.`,
    theirMessage: 'Their message',
    formTitle: (name: string) => `Your ratings of ${name}`,
    rateButton: 'Save my ratings',
    yourRatings: 'Ratings you have written (only these are yours to see)',
    withdrawn: (name: string) => `${name} has withdrawn this request, so you cannot add ratings with it now.`,
    notInGroup: 'You are no longer in the same group for this course, so you cannot rate with this request.',
    done: 'Thank you: your ratings are saved, and they can see them now.',
  },

  staff: {
    title: (name: string) => `Competency ratings: ${name}`,
    intro: 'The trainee’s ratings side by side, with every earlier rating. As the group’s supervisor (trainer) or assessor you can add yours; the trainee sees it with your name and the date.',
    rateTitle: 'Add your rating',
    as: 'Rate as',
    asHint: 'You are both a trainer and an assessor in this group: choose which rating this is.',
    readOnly: 'You can read these ratings. Only the group’s trainers (as supervisors) and assessors add them.',
    own: 'These are your own ratings as a trainee, so you cannot add a supervisor’s or assessor’s rating here.',
    none: 'This course has no competency set, so there is nothing to rate.',
    done: 'Your ratings are saved. The trainee can see them now.',
    link: 'Competency ratings',
    back: 'Back to this trainee’s record',
  },

  dashboard: {
    title: 'Competency ratings',
    yours: (course: string) => `Your ratings for ${course}`,
    asked: 'Asked to rate someone',
    askedItem: (name: string, course: string) => `Rate ${name} (${course})`,
  },

  errors: {
    noneChosen: 'Choose a level for at least one competency — pick one of the options under a competency, then save.',
    badScore: (title: string) => `The level for “${title}” is not on the scale — choose one of the options shown.`,
    commentTooLong: (title: string) => `The comment for “${title}” is longer than 1000 characters — shorten it.`,
    commentWithoutScore: (title: string) => `You wrote a comment for “${title}” but chose no level — choose a level, or clear the comment.`,
    choosePeer: 'Choose who to ask from the list — only people in your group for this course can rate you.',
    messageTooLong: 'The message is longer than 500 characters — shorten it.',
    notAllowed: 'You cannot add this rating: only the trainee, an invited member of their group, or the group’s trainers and assessors can.',
    notAllowedInvite: 'You cannot ask this person: they must be in your group for this course, and so must you.',
    chooseRole: 'Choose whether you are rating as supervisor or assessor.',
  },
};
