/// <reference path="../../pb_data/types.d.ts" />

// Helpers shared by assessment.pb.js and audit.pb.js. PocketBase runs each hook handler in
// its own JS context, so handlers `require()` this file rather than sharing top-level code.
// (PocketBase loads only `*.pb.js` as hooks; this file is a plain CommonJS module.)

/** The record, or null when the id is empty or there is no such record. */
function findOrNull(app, collection, id) {
  if (!id) return null;
  try {
    return app.findRecordById(collection, id);
  } catch (_) {
    return null;
  }
}

/**
 * The cohort of a trainee's enrolment in a course ("" when not enrolled or in no cohort):
 * the cohort whose staff the trainee's assessment rows belong to.
 */
function cohortOf(app, user, course) {
  if (!user || !course) return '';
  try {
    const enrolment = app.findFirstRecordByFilter('enrolments', 'user = {:user} && course = {:course}', {
      user,
      course,
    });
    return enrolment.getString('cohort');
  } catch (_) {
    return '';
  }
}

/**
 * Who made this request, for the audit log: a person (`users`), or the service account
 * (any superuser; `actor` empty, `actor_name` "service").
 */
function actorOf(e) {
  if (e.hasSuperuserAuth()) return { id: '', name: 'service' };
  const auth = e.auth;
  if (auth && auth.collection().name === 'users') {
    return { id: auth.id, name: auth.getString('display_name') || auth.email() || auth.id };
  }
  return { id: '', name: 'anonymous' };
}

/**
 * Runs the rest of a create/update request (validation, save, other hooks) and then
 * `describe(txApp, record)` inside ONE transaction, and writes the audit row `describe`
 * returns (if any). If the audit row cannot be written, the change is rolled back too; the
 * response is sent only after the transaction commits.
 */
function saveWithAudit(e, describe) {
  const originalApp = e.app;
  try {
    e.app.runInTransaction((txApp) => {
      e.app = txApp;
      const before = e.record.id && !e.record.isNew() ? findOrNull(txApp, e.collection.name, e.record.id) : null;
      e.next();
      const entry = describe(txApp, e.record, before);
      if (entry) writeAudit(txApp, actorOf(e), entry);
    });
  } finally {
    e.app = originalApp;
  }
}

/**
 * Appends one audit_log row. `entry`: action (`noun.verb`), target_collection, target_id,
 * cohort (id or ""), details (small facts only: never file contents or reflection text).
 */
function writeAudit(app, actor, entry) {
  const row = new Record(app.findCollectionByNameOrId('audit_log'));
  row.set('actor', actor.id);
  row.set('actor_name', actor.name);
  row.set('action', entry.action);
  row.set('target_collection', entry.target_collection);
  row.set('target_id', entry.target_id);
  row.set('cohort', entry.cohort || '');
  row.set('details', entry.details || {});
  app.save(row);
}

/** Items added to and removed from a list, in the order they appear. */
function listChange(before, after) {
  return {
    added: after.filter((id) => !before.includes(id)),
    removed: before.filter((id) => !after.includes(id)),
  };
}

module.exports = { findOrNull, cohortOf, actorOf, saveWithAudit, writeAudit, listChange };
