/// <reference path="../../pb_data/types.d.ts" />

// What notifications.pb.js writes for each event: the recipient, the kind and where to look.
// Never the text of a decision's feedback, a reply, a reflection or evidence, and nothing
// about anyone's health: a notification says only "something of this kind is waiting there".

/** The cohort of `user`'s enrolment in `course`, or null. */
function cohortOf(app, user, course) {
  try {
    const rows = app.findRecordsByFilter('enrolments', 'user = {:user} && course = {:course}', '', 1, 0, { user, course });
    if (rows.length === 0 || !rows[0].getString('cohort')) return null;
    return app.findRecordById('cohorts', rows[0].getString('cohort'));
  } catch (_) {
    return null;
  }
}

/**
 * The notifications a newly created record calls for (an array, maybe empty).
 * `record` is the saved decision, reflection comment, certificate, evidence, QA sample or QA plan.
 */
function describeNotifications(app, record) {
  switch (record.collection().name) {
    case 'evidence': {
      // New evidence to decide → every assessor of the trainee's group (never the text).
      const cohort = cohortOf(app, record.getString('user'), record.getString('course'));
      if (!cohort) return [];
      return cohort
        .getStringSlice('assessors')
        .filter((id) => id && id !== record.getString('user'))
        .map((user) => ({ user, kind: 'evidence', link: `/staff/cohorts/${cohort.id}/assess`, subject: record.id }));
    }
    case 'qa_samples': {
      // An IQA disagreed → the decision goes back to its assessor.
      if (record.getString('verdict') !== 'disagree') return [];
      let decision;
      try {
        decision = app.findRecordById('decisions', record.getString('decision'));
      } catch (_) {
        return [];
      }
      const assessor = decision.getString('assessor');
      if (!assessor) return [];
      return [{ user: assessor, kind: 'iqa_return', link: `/staff/cohorts/${record.getString('cohort')}/assess`, subject: record.id }];
    }
    case 'qa_plans': {
      // A sampling plan → the group's IQAs (not the one who made it) have decisions to review.
      let cohort;
      try {
        cohort = app.findRecordById('cohorts', record.getString('cohort'));
      } catch (_) {
        return [];
      }
      return cohort
        .getStringSlice('iqas')
        .filter((id) => id && id !== record.getString('created_by'))
        .map((user) => ({ user, kind: 'sample', link: `/staff/qa/${cohort.id}`, subject: record.id }));
    }
    default: {
      const one = describeNotification(app, record);
      return one ? [one] : [];
    }
  }
}

/**
 * The trainee's notification a newly created record calls for, or null for none.
 * `record` is the saved decision, reflection comment or certificate.
 */
function describeNotification(app, record) {
  switch (record.collection().name) {
    case 'decisions': {
      // "Not yet met" comes with feedback to act on; "met" is a decision made.
      const kind = record.getString('outcome') === 'met' ? 'decision' : 'feedback';
      const course = record.getString('course');
      if (!course) return null;
      return { user: record.getString('user'), kind, link: `/evidence/${course}`, subject: record.id };
    }
    case 'reflection_comments': {
      let reflection;
      try {
        reflection = app.findRecordById('reflections', record.getString('reflection'));
      } catch (_) {
        return null;
      }
      // Replies are allowed on shared reflections only; a private one never notifies anyone.
      if (!reflection.getBool('shared')) return null;
      const author = reflection.getString('user');
      if (!author || author === record.getString('author')) return null;
      return { user: author, kind: 'reply', link: `/reflections/${reflection.id}`, subject: record.id };
    }
    case 'certificates': {
      const code = record.getString('code');
      if (!code || record.getString('revoked_at') !== '') return null;
      return { user: record.getString('user'), kind: 'certificate', link: `/certificates/${code}`, subject: record.id };
    }
    default:
      return null;
  }
}

/** Appends one notifications row (in the caller's transaction). */
function writeNotification(app, notification) {
  if (!notification || !notification.user) return;
  const row = new Record(app.findCollectionByNameOrId('notifications'));
  row.set('user', notification.user);
  row.set('kind', notification.kind);
  row.set('link', notification.link);
  row.set('subject', notification.subject);
  app.save(row);
}

/**
 * For an onRecordCreate handler: saves the record (the rest of the chain) and its
 * notification in ONE transaction, joining the request's transaction when there is one
 * (the audit log's saveWithAudit), so there is never an event without its notification nor
 * a notification for an event that was rolled back.
 */
function saveWithNotification(e) {
  const originalApp = e.app;
  try {
    e.app.runInTransaction((txApp) => {
      e.app = txApp;
      e.next();
      for (const notification of describeNotifications(txApp, e.record)) writeNotification(txApp, notification);
    });
  } finally {
    e.app = originalApp;
  }
}

module.exports = { describeNotification, describeNotifications, writeNotification, saveWithNotification };
