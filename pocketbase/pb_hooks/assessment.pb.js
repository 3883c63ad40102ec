/// <reference path="../pb_data/types.d.ts" />

// Assessment invariants that must hold however a row is saved (the web server, a raw API
// call, the service account, the admin UI), so they live here rather than in the web server.
// The API rules (pb_migrations/1795435216…1795435222) decide WHO may create a row; these
// hooks check that the row makes sense, and answer 400 with a message that says what is
// wrong and how to fix it (the field it is about is in `data`, with a code from
// lib/error-codes.json; lib/errors.js makes the error).
//
// 1. evidence: some content (text, a file or a reflection); a linked reflection is the
//    trainee's own and shared.
// 2. decisions: exactly one of evidence/observation, belonging to the same trainee, course
//    and criterion; feedback not blank; a correction supersedes a decision on the same
//    trainee, course and criterion; a second decision on the same basis, or a second
//    correction of the same decision, is refused with 409.
// 3. qa_samples: the IQA is not the assessor of the decision; the decision is about a
//    trainee of the sample's cohort. qa_plans: every sampled decision is of that cohort.
// 4. reflection_comments: only on a reflection that is shared.
// 5. reflections: one used as evidence cannot be deleted (evidence is never changed in
//    place; a deletion request goes to an admin).
//
// They run as model hooks, so they hold for every save path. For the audited collections
// (evidence, decisions, qa_samples, qa_plans) they run inside the request's transaction, which
// pb_hooks/audit.pb.js opens, so what they read is what the save commits against: of two
// identical decisions sent at once, the second sees the first. Each handler runs in its own
// JS context: shared helpers come from require().

// (1)
onRecordCreate((e) => {
  const { findOrNull } = require(`${__hooks}/lib/assessment.js`);
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const record = e.record;

  const hasText = record.getString('text').trim() !== '';
  const hasFiles = record.getUnsavedFiles('files').length > 0 || record.getStringSlice('files').length > 0;
  const reflectionId = record.getString('reflection');
  if (!hasText && !hasFiles && !reflectionId) {
    throw hookError(
      'text',
      'evidence_empty',
      'This evidence is empty: write some text, attach a file, or link a shared reflection.',
    );
  }

  if (reflectionId) {
    const reflection = findOrNull(e.app, 'reflections', reflectionId);
    if (!reflection || reflection.getString('user') !== record.getString('user')) {
      throw hookError(
        'reflection',
        'reflection_not_own',
        'The linked reflection is not one of yours: link one of your own reflections, or leave it out.',
      );
    }
    if (!reflection.getBool('shared')) {
      throw hookError(
        'reflection',
        'reflection_not_shared',
        'The linked reflection is private: share it first, or leave it out and write your evidence as text.',
      );
    }
  }

  e.next();
}, 'evidence');

// (2)
onRecordCreate((e) => {
  const { findOrNull } = require(`${__hooks}/lib/assessment.js`);
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const record = e.record;
  const criterion = record.getString('criterion');

  /**
   * `other` (the evidence, observation or superseded decision, named `what`) must be about the
   * same trainee, course and criterion as this decision; otherwise a 400 about `field`.
   */
  const checkSameSubject = (field, what, other) => {
    const choose = what === 'decision' ? 'a decision' : `the ${what}`;
    const course = record.getString('course');
    const theirCourse = other.getString('course');
    const theirCriterion = other.getString('criterion');

    if (other.getString('user') !== record.getString('user')) {
      throw hookError(field, 'other_trainee', `This ${what} belongs to another trainee: choose ${choose} of the trainee you are deciding on.`);
    }
    if (theirCourse !== course) {
      throw hookError(field, 'other_course', `This ${what} is for course ${theirCourse}, not ${course}: choose ${choose} for the same course.`);
    }
    if (theirCriterion !== criterion) {
      throw hookError(
        field,
        'other_criterion',
        `This ${what} is for criterion ${theirCriterion}, not ${criterion}: ` +
          `record the decision against ${theirCriterion}, or choose ${choose} for ${criterion}.`,
      );
    }
  };

  const evidenceId = record.getString('evidence');
  const observationId = record.getString('observation');
  if (!evidenceId === !observationId) {
    throw hookError(
      evidenceId ? 'observation' : 'evidence',
      'one_basis',
      evidenceId
        ? 'A decision is about one thing: send either `evidence` or `observation`, not both.'
        : 'A decision needs what it is about: send the `evidence` or the `observation` it judges.',
    );
  }

  if (evidenceId) {
    const evidence = findOrNull(e.app, 'evidence', evidenceId);
    if (!evidence) throw hookError('evidence', 'not_found', 'This evidence does not exist: choose evidence the trainee has submitted.');
    checkSameSubject('evidence', 'evidence', evidence);
  } else {
    const observation = findOrNull(e.app, 'observations', observationId);
    if (!observation) throw hookError('observation', 'not_found', 'This observation does not exist: record the observation first.');
    checkSameSubject('observation', 'observation', observation);
  }

  if (record.getString('feedback').trim() === '') {
    throw hookError(
      'feedback',
      'feedback_blank',
      'The feedback is blank: tell the trainee what they showed and, if not yet met, what to do next.',
    );
  }

  const supersedesId = record.getString('supersedes');
  if (supersedesId) {
    const earlier = findOrNull(e.app, 'decisions', supersedesId);
    if (!earlier) throw hookError('supersedes', 'not_found', 'The decision this corrects does not exist: name an existing decision in `supersedes`.');
    checkSameSubject('supersedes', 'decision', earlier);
  }

  // A second decision on the same basis (a double-click, a second tab) is a conflict. The
  // unique indexes enforce this too; this check (inside the request's transaction, so two
  // requests cannot both pass it) only gives the plain message.
  const basisField = evidenceId ? 'evidence' : 'observation';
  const taken = e.app.findRecordsByFilter(
    'decisions',
    `${basisField} = {:basis} && supersedes = {:supersedes}`,
    '',
    1,
    0,
    { basis: evidenceId || observationId, supersedes: supersedesId },
  );
  if (taken.length > 0) {
    const message = supersedesId
      ? `That decision has already been corrected (decision ${taken[0].id}): to change it again, supersede ${taken[0].id}.`
      : `This ${basisField} already has a decision (${taken[0].id}): to change it, record a correction that supersedes ${taken[0].id}.`;
    throw hookError(basisField, 'already_decided', message);
  }

  e.next();
}, 'decisions');

// (3)
onRecordCreate((e) => {
  const { findOrNull, cohortOf } = require(`${__hooks}/lib/assessment.js`);
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const record = e.record;

  const decision = findOrNull(e.app, 'decisions', record.getString('decision'));
  if (!decision) throw hookError('decision', 'not_found', 'This decision does not exist: choose a decision from your sample.');
  if (decision.getString('assessor') === record.getString('iqa')) {
    throw hookError(
      'decision',
      'own_decision',
      'You made this decision as its assessor, so you cannot quality-assure it: leave it to another IQA.',
    );
  }
  if (cohortOf(e.app, decision.getString('user'), decision.getString('course')) !== record.getString('cohort')) {
    throw hookError('decision', 'other_cohort', 'This decision is about a trainee of another cohort: sample decisions of this cohort only.');
  }

  e.next();
}, 'qa_samples');

onRecordCreate((e) => {
  const { findOrNull, cohortOf } = require(`${__hooks}/lib/assessment.js`);
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const record = e.record;
  const cohort = record.getString('cohort');

  for (const id of record.getStringSlice('decisions')) {
    const decision = findOrNull(e.app, 'decisions', id);
    if (!decision || cohortOf(e.app, decision.getString('user'), decision.getString('course')) !== cohort) {
      throw hookError(
        'decisions',
        'other_cohort',
        `Decision ${id} is not about a trainee of this cohort: draw the sample from this cohort's decisions only.`,
      );
    }
  }

  e.next();
}, 'qa_plans');

// (4)
onRecordCreate((e) => {
  const { findOrNull } = require(`${__hooks}/lib/assessment.js`);
  const { hookError } = require(`${__hooks}/lib/errors.js`);

  const reflection = findOrNull(e.app, 'reflections', e.record.getString('reflection'));
  if (!reflection || !reflection.getBool('shared')) {
    throw hookError(
      'reflection',
      'reflection_not_shared',
      'This reflection is not shared with you (any more): you can comment only while its author shares it.',
    );
  }

  e.next();
}, 'reflection_comments');

// (5)
onRecordDelete((e) => {
  const used = e.app.findRecordsByFilter('evidence', 'reflection = {:id}', '', 1, 0, { id: e.record.id });
  if (used.length > 0) {
    const { hookError } = require(`${__hooks}/lib/errors.js`);
    throw hookError(
      'id',
      'reflection_is_evidence',
      `This reflection is part of your evidence for ${used[0].getString('criterion')}, so it cannot be deleted here: ask an admin to remove the evidence and the reflection.`,
    );
  }

  e.next();
}, 'reflections');

// (6) unit_signoffs: a chain per (trainee, course, unit), never edited in place. The first
// row is a sign-off; each later row supersedes the newest row of the same chain and flips it
// (a withdrawal, with a reason, follows a sign-off; a new sign-off follows a withdrawal).
onRecordCreate((e) => {
  const { findOrNull } = require(`${__hooks}/lib/assessment.js`);
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const record = e.record;
  const withdrawn = record.getBool('withdrawn');
  const supersedesId = record.getString('supersedes');

  if (!supersedesId) {
    if (withdrawn) {
      throw hookError('supersedes', 'nothing_to_withdraw', 'There is no sign-off to withdraw: name the sign-off this withdrawal takes back.');
    }
    const earlier = e.app.findRecordsByFilter(
      'unit_signoffs',
      'user = {:user} && course = {:course} && unit = {:unit}',
      '',
      1,
      0,
      { user: record.getString('user'), course: record.getString('course'), unit: record.getString('unit') },
    );
    if (earlier.length > 0) {
      throw hookError('supersedes', 'chain_exists', 'This unit already has a sign-off record: a new row must name the newest one it follows.');
    }
  } else {
    const previous = findOrNull(e.app, 'unit_signoffs', supersedesId);
    if (
      !previous ||
      previous.getString('user') !== record.getString('user') ||
      previous.getString('course') !== record.getString('course') ||
      previous.getString('unit') !== record.getString('unit')
    ) {
      throw hookError('supersedes', 'other_chain', 'The row this follows is not a sign-off of the same trainee, course and unit: name the newest row of this unit.');
    }
    const later = e.app.findRecordsByFilter('unit_signoffs', 'supersedes = {:id}', '', 1, 0, { id: supersedesId });
    if (later.length > 0) {
      throw hookError('supersedes', 'not_newest', 'Someone changed this sign-off a moment ago: reload the page to see where it stands now.');
    }
    if (previous.getBool('withdrawn') === withdrawn) {
      throw hookError(
        'withdrawn',
        'same_kind',
        withdrawn ? 'This sign-off is already withdrawn.' : 'This unit is already signed off: withdraw the sign-off first if it must be signed again.',
      );
    }
  }
  if (withdrawn && record.getString('reason').trim() === '') {
    throw hookError('reason', 'reason_missing', 'Say why the sign-off is withdrawn: the trainee will read it.');
  }
  if (!withdrawn && record.getString('reason') !== '') {
    throw hookError('reason', 'reason_on_signoff', 'A reason belongs to a withdrawal: leave it empty when signing off.');
  }

  e.next();
}, 'unit_signoffs');

// (7) assessment_requests: asked by an actively enrolled trainee (status open, no answer);
// answered once (placed in a group of the course, or declined with a reason), and what the
// trainee asked never changes. The web server answers with the service account.
onRecordCreate((e) => {
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const record = e.record;
  if (record.getString('status') === '') record.set('status', 'open');
  if (record.getString('status') !== 'open') {
    throw hookError('status', 'not_open', 'A new request starts open: leave the status out.');
  }
  let active = false;
  try {
    const enrolment = e.app.findFirstRecordByFilter('enrolments', 'user = {:user} && course = {:course}', {
      user: record.getString('user'),
      course: record.getString('course'),
    });
    active = enrolment.getString('status') === 'active';
  } catch (_) {
    active = false;
  }
  if (!active) {
    throw hookError('course', 'not_enrolled', 'You can ask to be assessed on a course you are on: join the course first.');
  }
  e.next();
}, 'assessment_requests');

onRecordUpdate((e) => {
  const { findOrNull } = require(`${__hooks}/lib/assessment.js`);
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const record = e.record;
  const before = e.record.original();
  for (const field of ['user', 'course', 'message', 'created']) {
    if (record.getString(field) !== before.getString(field)) {
      throw hookError(field, 'unchangeable', 'What the trainee asked is kept as they asked it.');
    }
  }
  if (before.getString('status') !== 'open') {
    throw hookError('status', 'already_answered', 'This request was already answered: its answer is kept as it was.');
  }
  const status = record.getString('status');
  if (status === 'placed') {
    const cohort = findOrNull(e.app, 'cohorts', record.getString('cohort'));
    if (!cohort || cohort.getString('course') !== record.getString('course') || cohort.getBool('archived')) {
      throw hookError('cohort', 'other_course', 'Choose a current group of the course the trainee asked about.');
    }
  } else if (status === 'declined') {
    if (record.getString('answer').trim() === '') {
      throw hookError('answer', 'answer_missing', 'Say why, kindly: the trainee reads this.');
    }
  } else {
    throw hookError('status', 'not_answered', 'An answer places the trainee in a group or declines with a reason.');
  }
  e.next();
}, 'assessment_requests');
