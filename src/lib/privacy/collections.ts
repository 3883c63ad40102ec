/**
 * What "Download everything about me" exports and what "Close my account" does, one entry per
 * PocketBase collection (docs/PRIVACY.md). A new collection is one entry here;
 * tests/integration/privacy-erase.test.ts fails while a migrated collection has none.
 *
 * `fields` name the relation/text fields whose value is the person's id: a row belongs to or
 * names the person when one of them equals it. On closing, `erase` says what happens to those
 * rows, in the order of this table (rows that others link to go after the rows linking them):
 *   - delete:       the rows go (files too); cascades take their children with them
 *   - pseudonymise: the rows stay, still linked to the account's id, which becomes a stub with
 *                   no email, name, password or role: the id is the stable pseudonym; `set`
 *                   blanks or replaces the fields that would still name the person
 *   - keep:         nothing about the person is in the row beyond the (now pseudonymous) id
 *   - none:         a view or nothing of the person's: nothing to do
 */

export type EraseAction = 'delete' | 'pseudonymise' | 'keep' | 'none' | 'tombstone';

export interface CollectionHandler {
  /** The fields (single relation or text) holding the person's id. Empty: not per person. */
  fields: string[];
  /** Fields that are a list of user ids (e.g. cohort staff): exported when the id is in them. */
  listFields?: string[];
  /** Include this collection in the download. */
  export: boolean;
  /** Fields never exported (secrets). */
  omit?: string[];
  /** The collection has file fields to put in the download. */
  files?: string[];
  erase: EraseAction;
  /** For pseudonymise: values written over the named fields; `$pseudonym` becomes the stub's name. */
  set?: Record<string, string>;
  /** Only these of `fields` are erased (default: all of `fields`). */
  eraseFields?: string[];
  /** Why, in plain words, for the confirmation page and docs. */
  why: string;
}

export const PSEUDONYM = '$pseudonym';

/** What a closed account's discussion posts and thread titles say instead of their words. */
export const DISCUSSION_REMOVED = 'Removed at the author’s request.';

/** What a closed account's review comments say instead of their words (docs/AUTHORING.md "Review rounds"). */
export const REVIEW_REMOVED = 'Removed at the reviewer’s request.';

/** Every collection, in the order erasure runs. */
export const PRIVACY_HANDLERS: Record<string, CollectionHandler> = {
  // Evidence first: reflections it links cannot be deleted while it does.
  evidence: { fields: ['user'], export: true, files: ['files'], erase: 'delete', why: 'Your evidence text and files.' },
  reflections: { fields: ['user'], export: true, erase: 'delete', why: 'Your reflections (their versions and any replies go with them).' },
  reflection_versions: { fields: ['user'], export: true, erase: 'delete', why: 'Earlier versions of your reflections.' },
  reflection_comments: {
    fields: ['author', 'reflection.user'],
    eraseFields: ['author'],
    export: true,
    erase: 'delete',
    why: 'Replies written by you (replies on your reflections go with the reflections).',
  },
  // Ratings before the invites they name.
  competency_ratings: {
    fields: ['user', 'rater'],
    export: true,
    erase: 'delete',
    why: 'Ratings of your competencies (by you, a peer, a supervisor or an assessor), and ratings you wrote about someone else.',
  },
  rating_invites: {
    fields: ['user', 'peer'],
    export: true,
    erase: 'delete',
    why: 'Your invitations to a peer to rate you, and invitations you were sent.',
  },
  // The impact questionnaire (docs/IMPACT.md): answers before the choice they depend on.
  impact_answers: {
    fields: ['user'],
    export: true,
    erase: 'delete',
    why: 'Your answers to a course’s impact questionnaire, and anything you wrote in it.',
  },
  impact_consents: {
    fields: ['user'],
    export: true,
    erase: 'delete',
    why: 'Whether you chose to answer a course’s impact questionnaire.',
  },
  quiz_attempts: { fields: ['user'], export: true, erase: 'delete', why: 'Your knowledge-check attempts.' },
  // A group's discussion space (docs/PRIVACY.md, "Discussion"). Earlier versions, reports,
  // "this helped", mutes and leaving go; a post or thread title stays as a placeholder
  // ("removed at the author's request") so the replies of others still make sense.
  discussion_post_versions: { fields: ['author'], export: true, erase: 'delete', why: 'Earlier versions of your discussion posts.' },
  discussion_reports: {
    // Not `dealt_by`: a trainer's download must not carry other people's reports.
    fields: ['reporter'],
    export: true,
    erase: 'delete',
    why: 'Reports you made about discussion posts.',
  },
  discussion_reactions: { fields: ['user'], export: true, erase: 'delete', why: 'Where you said a discussion post helped you.' },
  discussion_mutes: { fields: ['user'], export: true, erase: 'delete', why: 'Discussion threads you muted.' },
  discussion_leaves: { fields: ['user'], export: true, erase: 'delete', why: 'Discussion spaces you left.' },
  discussion_posts: {
    // Not `hidden_by`: a trainer's download must not carry other people's words.
    fields: ['author'],
    export: true,
    erase: 'pseudonymise',
    set: { body: DISCUSSION_REMOVED, content_note: '', hidden_reason: '', state: 'removed' },
    why: 'Your discussion posts: their words are deleted, and each is replaced by “removed at the author’s request” so that other people’s replies still make sense.',
  },
  discussion_threads: {
    fields: ['author'],
    export: true,
    erase: 'pseudonymise',
    set: { title: DISCUSSION_REMOVED },
    why: 'Discussion threads you started: the title is replaced by “removed at the author’s request”; other people’s replies in them stay.',
  },
  module_feedback: { fields: ['user'], export: true, erase: 'delete', why: 'Feedback you wrote about modules.' },
  org_settings: { fields: [], export: false, erase: 'none', why: 'The organisation’s own settings (name, logo, contacts): nothing about you.' },
  retention_settings: { fields: [], export: false, erase: 'none', why: 'How long the organisation keeps things (the privacy notice says it): nothing about you.' },
  module_feedback_team: { fields: [], export: false, erase: 'none', why: 'A view of module feedback; it follows module_feedback.' },
  progress: { fields: ['user'], export: true, erase: 'delete', why: 'Your progress through modules.' },
  practice_hours: {
    fields: ['user', 'reviewed_by'],
    eraseFields: ['user'],
    export: true,
    erase: 'delete',
    why: 'The practice and study hours you logged, and whether they were confirmed.',
  },
  supervision_sessions: {
    fields: ['user', 'supervisor', 'recorded_by', 'confirmed_by'],
    eraseFields: ['user'],
    export: true,
    erase: 'delete',
    why: 'Your supervision sessions: when, how long, the agreed actions and the short record.',
  },
  assessment_requests: { fields: ['user'], export: true, erase: 'delete', why: 'Your requests to be assessed and what you wrote in them.' },
  account_notices: { fields: ['user'], export: true, erase: 'delete', why: 'Notices about your account.' },
  password_resets: {
    fields: ['user', 'created_by'],
    eraseFields: ['user'],
    export: true,
    omit: ['token_hash'],
    erase: 'delete',
    why: 'One-time sign-in links for your account.',
  },
  notifications: { fields: ['user'], export: true, erase: 'delete', why: 'Notes that something is waiting for you (they hold no text, only what kind and where).' },
  invitations: {
    fields: ['accepted_by', 'invited_by'],
    eraseFields: ['accepted_by'],
    export: true,
    omit: ['token_hash'],
    erase: 'delete',
    why: 'The invitation you accepted to join a group, with your name and email.',
  },
  email_tokens: {
    fields: ['user'],
    export: true,
    omit: ['token_hash'],
    erase: 'delete',
    why: 'Links to confirm your email address or a change of it.',
  },
  notification_settings: { fields: ['user'], export: true, erase: 'delete', why: 'Your choices about which emails you get and when.' },
  email_outbox: {
    fields: ['recipient_user'],
    export: true,
    erase: 'delete',
    why: 'Emails to you, with your address.',
  },
  course_authors: { fields: ['user'], export: true, erase: 'delete', why: 'Your place as an author of a course.' },
  // Review rounds (docs/AUTHORING.md "Review rounds"). A comment stays as a placeholder so the
  // author's reply still makes sense; a credit stops showing at once (the course page asks).
  review_comments: {
    fields: ['user'],
    export: true,
    erase: 'pseudonymise',
    set: { body: REVIEW_REMOVED, suggestion: '', helped: '', hurt: '', missing: '' },
    why: 'Your comments, suggested rewordings and reviews of courses: their words are replaced by “Removed at the reviewer’s request”.',
  },
  review_credits: {
    fields: ['user'],
    export: true,
    erase: 'pseudonymise',
    set: { show: 'none', name: '' },
    why: 'How you are credited on courses you reviewed or co-wrote: the credit is removed from the course page at once, and from the course files the next time they are saved.',
  },
  review_invites: { fields: ['user'], export: true, erase: 'delete', why: 'Your invitations to review a course.' },
  review_rounds: { fields: ['opened_by'], export: true, erase: 'keep', why: 'Review rounds you opened as an author: nothing about you beyond the (now pseudonymous) id.' },
  _authOrigins: { fields: ['recordRef'], export: true, omit: ['fingerprint'], erase: 'delete', why: 'Devices you signed in from.' },
  _externalAuths: { fields: ['recordRef'], export: true, erase: 'delete', why: 'Other sign-in services linked to your account.' },
  _mfas: { fields: ['recordRef'], export: false, erase: 'delete', why: 'Sign-in checks in progress.' },
  _otps: { fields: ['recordRef'], export: false, omit: ['password'], erase: 'delete', why: 'One-time sign-in codes.' },
  enrolments: {
    fields: ['user'],
    export: true,
    erase: 'pseudonymise',
    set: { status: 'left' },
    why: 'Which courses and groups you were on: kept, marked as left, so quality assurers can still check the assessment decisions of your group.',
  },
  observations: {
    fields: ['user', 'assessor'],
    eraseFields: ['user'],
    export: true,
    erase: 'keep',
    why: 'Assessors’ notes of watching you work: the accrediting body can ask to see them.',
  },
  practice_observations: {
    fields: ['user', 'observer'],
    eraseFields: ['user'],
    export: true,
    erase: 'keep',
    why: 'Observations of your practice, with the observer’s feedback: they are assessment evidence the accrediting body can ask to see.',
  },
  decisions: {
    fields: ['user', 'assessor'],
    eraseFields: ['user'],
    export: true,
    erase: 'keep',
    why: 'Assessment decisions about your work, with the assessor’s feedback: the accrediting body requires decisions and their reasons to be kept.',
  },
  unit_signoffs: {
    fields: ['user', 'signed_by'],
    eraseFields: ['user'],
    export: true,
    erase: 'keep',
    why: 'Unit sign-offs: they back up the certificates.',
  },
  qa_plans: { fields: ['created_by'], export: true, erase: 'keep', why: 'If you were staff: quality assurance plans you made.' },
  qa_samples: { fields: ['iqa'], export: true, erase: 'keep', why: 'If you were staff: quality assurance checks you made.' },
  certificates: {
    fields: ['user'],
    export: true,
    erase: 'keep',
    why: 'Your certificates, so that anyone you showed one to can still check it: only the name as printed on it stays.',
  },
  audit_log: {
    fields: ['actor', 'target_id'],
    eraseFields: ['actor'],
    export: true,
    erase: 'pseudonymise',
    set: { actor_name: PSEUDONYM },
    why: 'The audit log (who did what, and when): the organisation and the accrediting body check the work with it. It never holds what you wrote.',
  },
  course_revisions: {
    fields: ['actor'],
    export: true,
    erase: 'pseudonymise',
    set: { actor_name: PSEUDONYM },
    why: 'If you wrote courses: the changes you made to them.',
  },
  course_publications: {
    fields: ['actor'],
    export: true,
    erase: 'pseudonymise',
    set: { actor_name: PSEUDONYM },
    why: 'If you wrote courses: when you published them.',
  },
  calendar_feeds: {
    fields: ['user'],
    export: true,
    omit: ['token_hash'],
    erase: 'delete',
    why: 'Your private calendar link (only a fingerprint of it is kept; closing your account stops it working).',
  },
  attendance: {
    fields: ['user', 'recorded_by'],
    eraseFields: ['user'],
    export: true,
    erase: 'pseudonymise',
    set: { note: '' },
    why: 'Your marks on group registers: kept without their notes, so the group’s register and guided learning hours stay whole for the accrediting body.',
  },
  cohort_sessions: {
    fields: ['created_by'],
    export: true,
    erase: 'keep',
    why: 'If you were staff: sessions you planned for a group (its timetable).',
  },
  cohorts: {
    fields: [],
    listFields: ['trainers', 'assessors', 'iqas', 'verifiers'],
    export: true,
    erase: 'keep',
    why: 'If you were staff: the groups you worked in list the code instead of you.',
  },
  // Last: every row above is found by the account's id.
  users: {
    fields: ['id'],
    export: true,
    omit: ['password', 'tokenKey'],
    erase: 'tombstone',
    why: 'Your account: email, name, pronouns, preferences, password and roles. A stub with no personal details keeps the id the kept records use.',
  },
};

/** Collections PocketBase itself keeps for superusers: never about a person of this site. */
export const NOT_PERSONAL = new Set(['_superusers']);

/** One step for the erase route of pocketbase/pb_hooks/privacy.pb.js. */
export type EraseStep =
  | { collection: string; field: string; action: 'delete' }
  | { collection: string; field: string; action: 'set'; values: Record<string, string> }
  | { collection: 'users'; action: 'tombstone' };

/** The stable pseudonym shown where the kept records name the person. */
export function pseudonymFor(userId: string): string {
  return `Erased person ${userId.slice(0, 6).toUpperCase()}`;
}

/** The steps that close an account, in table order. Pure. */
export function eraseSteps(pseudonym: string, handlers: Record<string, CollectionHandler> = PRIVACY_HANDLERS): EraseStep[] {
  const steps: EraseStep[] = [];
  for (const [collection, handler] of Object.entries(handlers)) {
    const fields = handler.eraseFields ?? handler.fields;
    if (handler.erase === 'delete') {
      for (const field of fields) steps.push({ collection, field, action: 'delete' });
    } else if (handler.erase === 'pseudonymise' && handler.set) {
      const values = Object.fromEntries(Object.entries(handler.set).map(([k, v]) => [k, v === PSEUDONYM ? pseudonym : v]));
      for (const field of fields) steps.push({ collection, field, action: 'set', values });
    } else if (handler.erase === 'tombstone') {
      steps.push({ collection: 'users', action: 'tombstone' });
    }
  }
  return steps;
}

/** What the confirmation page lists: what goes, and what stays and why. */
export function erasureSummary(handlers: Record<string, CollectionHandler> = PRIVACY_HANDLERS): { goes: string[]; stays: string[] } {
  const goes: string[] = [];
  const stays: string[] = [];
  for (const handler of Object.values(handlers)) {
    if (handler.erase === 'delete' || handler.erase === 'tombstone') goes.push(handler.why);
    else if (handler.erase === 'pseudonymise' || handler.erase === 'keep') stays.push(handler.why);
  }
  return { goes, stays };
}

/** The PocketBase filter matching the person's rows of a collection, or null when none can. */
export function ownerFilter(handler: CollectionHandler, userId: string): string | null {
  if (!/^[a-z0-9]{15}$/.test(userId)) throw new RangeError('Not a record id.');
  const parts = [
    ...handler.fields.map((f) => `${f} = "${userId}"`),
    ...(handler.listFields ?? []).map((f) => `${f} ?= "${userId}"`),
  ];
  return parts.length > 0 ? parts.join(' || ') : null;
}
