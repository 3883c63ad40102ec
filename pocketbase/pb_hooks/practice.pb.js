/// <reference path="../pb_data/types.d.ts" />

// The practice portfolio (issue 19): who may change which fields of practice_hours and
// supervision_sessions, and what observed practice writes into assessment. The API rules
// (pb_migrations/1795436400…1795436402) decide WHO may touch a row; these request hooks decide
// WHAT they may change, because that depends on who is asking. The service account (a
// superuser) is trusted: it skips the "who" checks but not the shape checks.
//
// 1. practice_hours: a new entry starts `logged`, unreviewed. The trainee may change their
//    date, length, kind and note (not once confirmed: the rule stops that) and the entry goes
//    back to `logged`. A trainer of the group may only review: `confirmed`, or `queried` with a
//    note saying what to check; the hook stamps who and when.
// 2. supervision_sessions: the supervisor must be a trainer of the trainee's group. Whoever
//    records or changes what it says becomes `recorded_by`, and any confirmation is cleared;
//    the other side confirms (never their own record, never as someone else).
// 3. practice_observations: criteria are 1–20 distinct references like U3/1.1; what was seen
//    and the feedback are not blank; then, in the same transaction, one `observations` row
//    per criterion (the existing evidence of type observation, decided and sampled as before)
//    with an audit row each, as pb_hooks/audit.pb.js writes for observations.

// (1)
onRecordCreateRequest((e) => {
  if (!e.hasSuperuserAuth()) {
    e.record.set('status', 'logged');
    e.record.set('reviewed_by', '');
    e.record.set('reviewed_at', '');
    e.record.set('review_note', '');
  }
  e.next();
}, 'practice_hours');

onRecordUpdateRequest((e) => {
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const record = e.record;
  const before = record.original();
  for (const field of ['user', 'course']) {
    if (record.getString(field) !== before.getString(field)) {
      throw hookError(field, 'unchangeable', 'An entry stays with the trainee and course it was logged for.');
    }
  }
  if (e.hasSuperuserAuth()) return e.next();

  const CONTENT = ['done_on', 'minutes', 'kind', 'note'];
  const REVIEW = ['status', 'reviewed_by', 'reviewed_at', 'review_note'];
  const changed = (fields) => fields.filter((f) => record.getString(f) !== before.getString(f));
  const actor = e.auth ? e.auth.id : '';

  if (actor === before.getString('user')) {
    if (changed(REVIEW).length > 0) {
      throw hookError('status', 'not_reviewer', 'Your supervisor or trainer confirms your hours: you can change the date, length, kind and note.');
    }
    if (changed(CONTENT).length > 0) {
      // Changed after a query or before review: it waits for review again.
      record.set('status', 'logged');
      record.set('reviewed_by', '');
      record.set('reviewed_at', '');
      record.set('review_note', '');
    }
    return e.next();
  }

  const rewritten = changed(CONTENT);
  if (rewritten.length > 0) {
    const field = rewritten[0];
    throw hookError(field, 'review_only', 'These hours are the trainee’s own record: confirm them, or query them with a note saying what to check.');
  }
  const status = record.getString('status');
  if (status !== 'confirmed' && status !== 'queried') {
    throw hookError('status', 'review_only', 'Choose confirm, or query with a note saying what to check.');
  }
  if (status === 'queried' && record.getString('review_note').trim() === '') {
    throw hookError('review_note', 'query_note_missing', 'Say what the trainee should check or change, so they can put it right.');
  }
  if (status === 'confirmed') record.set('review_note', record.getString('review_note').trim());
  record.set('reviewed_by', actor);
  record.set('reviewed_at', new DateTime());
  e.next();
}, 'practice_hours');

// (2)
onRecordCreateRequest((e) => {
  const { findOrNull, cohortOf } = require(`${__hooks}/lib/assessment.js`);
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const record = e.record;
  const trainee = record.getString('user');
  const supervisor = record.getString('supervisor');
  const cohort = findOrNull(e.app, 'cohorts', cohortOf(e.app, trainee, record.getString('course')));
  if (!cohort || supervisor === trainee || !cohort.getStringSlice('trainers').includes(supervisor)) {
    throw hookError('supervisor', 'not_supervisor', 'Choose a supervisor who is a trainer of your group for this course.');
  }
  const recordedBy = record.getString('recorded_by');
  if (recordedBy !== trainee && recordedBy !== supervisor) {
    throw hookError('recorded_by', 'own_confirmation', 'A session is recorded by the trainee or their supervisor.');
  }
  record.set('confirmed_by', '');
  record.set('confirmed_at', '');
  e.next();
}, 'supervision_sessions');

onRecordUpdateRequest((e) => {
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const record = e.record;
  const before = record.original();
  for (const field of ['user', 'course', 'supervisor']) {
    if (record.getString(field) !== before.getString(field)) {
      throw hookError(field, 'unchangeable', 'A session stays with the trainee, course and supervisor it was recorded for.');
    }
  }
  if (e.hasSuperuserAuth()) return e.next();

  const actor = e.auth ? e.auth.id : '';
  const CONTENT = ['held_on', 'minutes', 'format', 'actions', 'record'];
  const contentChanged = CONTENT.some((f) => record.getString(f) !== before.getString(f));
  if (contentChanged) {
    // What it says changed: it is now this person's record, and the other side confirms again.
    record.set('recorded_by', actor);
    record.set('confirmed_by', '');
    record.set('confirmed_at', '');
    return e.next();
  }
  if (record.getString('recorded_by') !== before.getString('recorded_by')) {
    throw hookError('recorded_by', 'unchangeable', 'Who recorded a session changes only by changing what it says.');
  }
  const confirmedBy = record.getString('confirmed_by');
  if (confirmedBy !== before.getString('confirmed_by')) {
    if (confirmedBy !== actor) throw hookError('confirmed_by', 'own_confirmation', 'You can confirm a session only as yourself.');
    if (before.getString('recorded_by') === actor) {
      throw hookError('confirmed_by', 'own_confirmation', 'You wrote this record, so the other person confirms it.');
    }
    record.set('confirmed_at', new DateTime());
  } else if (record.getString('confirmed_at') !== before.getString('confirmed_at')) {
    throw hookError('confirmed_at', 'unchangeable', 'The time of confirmation is set when someone confirms.');
  }
  e.next();
}, 'supervision_sessions');

// (3)
onRecordCreateRequest((e) => {
  const { cohortOf, actorOf, writeAudit } = require(`${__hooks}/lib/assessment.js`);
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const record = e.record;
  const PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]*\/[A-Za-z0-9][A-Za-z0-9.-]*$/;

  let criteria = null;
  try {
    criteria = JSON.parse(record.getString('criteria') || 'null');
  } catch (_) {
    criteria = null;
  }
  if (
    !Array.isArray(criteria) ||
    criteria.length === 0 ||
    criteria.length > 20 ||
    criteria.some((c) => typeof c !== 'string' || c.length > 100 || !PATTERN.test(c)) ||
    new Set(criteria).size !== criteria.length
  ) {
    throw hookError('criteria', 'criteria_invalid', 'Choose between 1 and 20 assessment criteria the practice showed, each once (like U3/1.1).');
  }
  if (record.getString('seen').trim() === '') {
    throw hookError('seen', 'observation_blank', 'Write what you saw the trainee do.');
  }
  if (record.getString('feedback').trim() === '') {
    throw hookError('feedback', 'observation_blank', 'Write your feedback for the trainee.');
  }

  const originalApp = e.app;
  try {
    e.app.runInTransaction((txApp) => {
      e.app = txApp;
      e.next();
      const collection = txApp.findCollectionByNameOrId('observations');
      const trainee = record.getString('user');
      const course = record.getString('course');
      const cohort = cohortOf(txApp, trainee, course);
      for (const criterion of criteria) {
        const row = new Record(collection);
        row.set('user', trainee);
        row.set('course', course);
        row.set('criterion', criterion);
        row.set('observed_on', record.getString('observed_on'));
        row.set('context', 'Observed practice');
        row.set('notes', record.getString('seen'));
        row.set('assessor', record.getString('observer'));
        row.set('practice_observation', record.id);
        txApp.save(row);
        writeAudit(txApp, actorOf(e), {
          action: 'observation.create',
          target_collection: 'observations',
          target_id: row.id,
          cohort,
          details: { trainee, course, criterion, observed_on: record.getString('observed_on'), practice_observation: record.id },
        });
      }
    });
  } finally {
    e.app = originalApp;
  }
}, 'practice_observations');
