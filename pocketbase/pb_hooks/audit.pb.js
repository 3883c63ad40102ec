/// <reference path="../pb_data/types.d.ts" />

// The audit log (docs/DATA-MODEL.md, audit_log): one row per assessment or administrative
// change made through the API, written in the SAME transaction as the change, so there is
// never a change without its row, nor a row for a change that was rolled back.
//
//   evidence.create, observation.create, decision.create, unit_signoff.create,
//   qa_plan.create, qa_sample.create      — every create
//   user.role_change, user.new_assessor_change — a create or update that changes them
//   cohort.staff_change                   — a create or update that changes a staff list
//
// `actor` is the person whose token made the request (empty for the service account, with
// `actor_name` "service"). `cohort` is the cohort the row belongs to: the trainee's cohort
// for the course, or the cohort itself. `details` hold ids and small facts (criterion,
// outcome, counts), never file contents or reflection text.
//
// Only API requests are audited: the web server writes through the API, as each person or
// as the service account. Each handler runs in its own JS context: helpers come from
// require().

onRecordCreateRequest((e) => {
  const { saveWithAudit, cohortOf } = require(`${__hooks}/lib/assessment.js`);

  saveWithAudit(e, (app, record) => {
    const trainee = record.getString('user');
    const course = record.getString('course');
    const base = {
      target_collection: record.collection().name,
      target_id: record.id,
      cohort: cohortOf(app, trainee, course),
    };

    switch (record.collection().name) {
      case 'evidence':
        return {
          ...base,
          action: 'evidence.create',
          details: {
            trainee,
            course,
            criterion: record.getString('criterion'),
            has_text: record.getString('text').trim() !== '',
            files: record.getStringSlice('files').length,
            reflection: record.getString('reflection'),
          },
        };
      case 'observations':
        return {
          ...base,
          action: 'observation.create',
          details: {
            trainee,
            course,
            criterion: record.getString('criterion'),
            observed_on: record.getString('observed_on'),
          },
        };
      case 'decisions':
        return {
          ...base,
          action: 'decision.create',
          details: {
            trainee,
            course,
            criterion: record.getString('criterion'),
            outcome: record.getString('outcome'),
            evidence: record.getString('evidence'),
            observation: record.getString('observation'),
            supersedes: record.getString('supersedes'),
          },
        };
      case 'unit_signoffs':
        return record.getBool('withdrawn')
          ? {
              ...base,
              action: 'unit_signoff.withdraw',
              details: { trainee, course, unit: record.getString('unit'), supersedes: record.getString('supersedes'), reason: record.getString('reason') },
            }
          : {
              ...base,
              action: 'unit_signoff.create',
              details: { trainee, course, unit: record.getString('unit'), supersedes: record.getString('supersedes') },
            };
      default:
        return null;
    }
  });
}, 'evidence', 'observations', 'decisions', 'unit_signoffs');

onRecordCreateRequest((e) => {
  const { saveWithAudit, findOrNull } = require(`${__hooks}/lib/assessment.js`);

  saveWithAudit(e, (app, record) => {
    const base = {
      target_collection: record.collection().name,
      target_id: record.id,
      cohort: record.getString('cohort'),
    };

    if (record.collection().name === 'qa_plans') {
      return {
        ...base,
        action: 'qa_plan.create',
        details: {
          method: record.getString('method'),
          parameter: record.getString('parameter'),
          decisions: record.getStringSlice('decisions').length,
        },
      };
    }
    const decision = findOrNull(app, 'decisions', record.getString('decision'));
    return {
      ...base,
      action: 'qa_sample.create',
      details: {
        decision: record.getString('decision'),
        verdict: record.getString('verdict'),
        assessor: decision ? decision.getString('assessor') : '',
        criterion: decision ? decision.getString('criterion') : '',
      },
    };
  });
}, 'qa_plans', 'qa_samples');

// users: roles are granted by the service account (the users rules refuse `role` and
// `new_assessor` from anyone else). Requests that touch neither are not wrapped at all.
const auditUserChange = (e) => {
  const body = e.requestInfo().body;
  if (body['role'] === undefined && body['new_assessor'] === undefined) {
    e.next();
    return;
  }
  const { saveWithAudit, writeAudit, actorOf, listChange } = require(`${__hooks}/lib/assessment.js`);

  saveWithAudit(e, (app, record, before) => {
    const rolesBefore = before ? before.getStringSlice('role') : [];
    const rolesAfter = record.getStringSlice('role');
    const newBefore = before ? before.getBool('new_assessor') : false;
    const newAfter = record.getBool('new_assessor');
    const base = { target_collection: 'users', target_id: record.id, cohort: '' };

    // Two kinds of change can come in one request: write the second row here, return the first.
    if (newBefore !== newAfter) {
      writeAudit(app, actorOf(e), {
        ...base,
        action: 'user.new_assessor_change',
        details: { before: newBefore, after: newAfter },
      });
    }
    const roles = listChange(rolesBefore, rolesAfter);
    if (roles.added.length === 0 && roles.removed.length === 0) return null;
    return {
      ...base,
      action: 'user.role_change',
      details: { before: rolesBefore, after: rolesAfter, added: roles.added, removed: roles.removed },
    };
  });
};
onRecordCreateRequest(auditUserChange, 'users');
onRecordUpdateRequest(auditUserChange, 'users');

// cohorts: who is on the staff lists decides who sees the cohort's assessment records.
// Requests that send no staff list are not wrapped at all.
const auditCohortStaffChange = (e) => {
  const STAFF_LISTS = ['trainers', 'assessors', 'iqas', 'verifiers'];
  const body = e.requestInfo().body;
  if (!STAFF_LISTS.some((list) => body[list] !== undefined)) {
    e.next();
    return;
  }
  const { saveWithAudit, listChange } = require(`${__hooks}/lib/assessment.js`);

  saveWithAudit(e, (app, record, before) => {
    const details = {};
    for (const list of STAFF_LISTS) {
      const change = listChange(before ? before.getStringSlice(list) : [], record.getStringSlice(list));
      if (change.added.length > 0 || change.removed.length > 0) details[list] = change;
    }
    if (Object.keys(details).length === 0) return null;
    return { action: 'cohort.staff_change', target_collection: 'cohorts', target_id: record.id, cohort: record.id, details };
  });
};
onRecordCreateRequest(auditCohortStaffChange, 'cohorts');
onRecordUpdateRequest(auditCohortStaffChange, 'cohorts');

// enrolments: who is on a course and in which group decides who sees a trainee's work, so
// every enrolment made, every group change (cohort membership) and every leave or rejoin is
// logged, whoever made it (the web server's service account, or the trainee leaving):
//   enrolment.create, enrolment.cohort_change, enrolment.status_change
const auditEnrolmentChange = (e) => {
  const { saveWithAudit } = require(`${__hooks}/lib/assessment.js`);

  saveWithAudit(e, (app, record, before) => {
    const base = { target_collection: 'enrolments', target_id: record.id, cohort: record.getString('cohort') };
    const facts = { trainee: record.getString('user'), course: record.getString('course') };
    if (!before) {
      return { ...base, action: 'enrolment.create', details: { ...facts, status: record.getString('status') } };
    }
    const { writeAudit, actorOf } = require(`${__hooks}/lib/assessment.js`);
    const cohortBefore = before.getString('cohort');
    const statusBefore = before.getString('status');
    const cohortChanged = cohortBefore !== record.getString('cohort');
    const statusChanged = statusBefore !== record.getString('status');
    if (cohortChanged && statusChanged) {
      writeAudit(app, actorOf(e), { ...base, action: 'enrolment.status_change', details: { ...facts, before: statusBefore, after: record.getString('status') } });
    }
    if (cohortChanged) {
      return { ...base, action: 'enrolment.cohort_change', details: { ...facts, before: cohortBefore, after: record.getString('cohort') } };
    }
    if (statusChanged) {
      return { ...base, action: 'enrolment.status_change', details: { ...facts, before: statusBefore, after: record.getString('status') } };
    }
    return null;
  });
};
onRecordCreateRequest(auditEnrolmentChange, 'enrolments');
onRecordUpdateRequest(auditEnrolmentChange, 'enrolments');

// assessment_requests: asked (the trainee) and answered (an admin, through the service account).
const auditAssessmentRequest = (e) => {
  const { saveWithAudit, cohortOf } = require(`${__hooks}/lib/assessment.js`);

  saveWithAudit(e, (app, record, before) => {
    const trainee = record.getString('user');
    const course = record.getString('course');
    const base = { target_collection: 'assessment_requests', target_id: record.id };
    if (!before) return { ...base, cohort: '', action: 'assessment_request.create', details: { trainee, course } };
    return {
      ...base,
      cohort: record.getString('cohort') || cohortOf(app, trainee, course),
      action: 'assessment_request.answer',
      details: { trainee, course, status: record.getString('status'), cohort: record.getString('cohort'), answered_by: record.getString('answered_by') },
    };
  });
};
onRecordCreateRequest(auditAssessmentRequest, 'assessment_requests');
onRecordUpdateRequest(auditAssessmentRequest, 'assessment_requests');
