/// <reference path="../pb_data/types.d.ts" />

// `practice_hours` (issue 19): practice and off-the-job hours a trainee logs against the
// targets their course sets (course.md `practice_hours`), each confirmed or queried by a
// trainer of the trainee's group (the trainee's supervisor; docs/DATA-MODEL.md).
// - create: the trainee, for themself, while actively enrolled in the course.
// - list/view: the trainee; the trainers, assessors, IQAs and verifiers of the trainee's
//   group for that course.
// - update: the trainee while the entry is not confirmed (their date, length, kind and note;
//   a change sends it back to waiting); a trainer of the trainee's group, never about
//   themself (confirm, or query with a note). pb_hooks/practice.pb.js says who may change which
//   fields.
// - delete: the trainee while the entry is not confirmed.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
const FOR_THEMSELF = '@request.body.user = @request.auth.id';
const NOT_ABOUT_THEMSELF = 'user != @request.auth.id';
// One alias, so all conditions hold for the SAME enrolment row: see 1795435205_progress.js.
const OWN_ACTIVE_ENROLMENT = [
  '@collection.enrolments:own_enrolment.user ?= @request.auth.id',
  '@collection.enrolments:own_enrolment.course ?= course',
  '@collection.enrolments:own_enrolment.status ?= "active"',
].join(' && ');
// "Staff of the trainee's group": see 1795435217_observations.js.
function staffOf(lists) {
  const enrolment = '@collection.enrolments:trainee_enrolment';
  return [
    `${enrolment}.user ?= user`,
    `${enrolment}.course ?= course`,
    `(${lists.map((list) => `${enrolment}.cohort.${list}:each ?= @request.auth.id`).join(' || ')})`,
  ].join(' && ');
}

const READ_RULE = `${SIGNED_IN} && (${OWNER} || (${staffOf(['trainers', 'assessors', 'iqas', 'verifiers'])}))`;
const CREATE_RULE = `${SIGNED_IN} && ${FOR_THEMSELF} && ${OWN_ACTIVE_ENROLMENT}`;
const UPDATE_RULE = `${SIGNED_IN} && ((${OWNER} && status != "confirmed") || (${NOT_ABOUT_THEMSELF} && ${staffOf(['trainers'])}))`;
const DELETE_RULE = `${SIGNED_IN} && ${OWNER} && status != "confirmed"`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const hours = new Collection({
      type: 'base',
      name: 'practice_hours',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: CREATE_RULE,
      updateRule: UPDATE_RULE,
      deleteRule: DELETE_RULE,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'done_on', type: 'date', required: true },
        // Whole minutes, 15 minutes to 24 hours.
        { name: 'minutes', type: 'number', required: true, onlyInt: true, min: 15, max: 1440 },
        { name: 'kind', type: 'select', values: ['placement', 'shadowing', 'training', 'study'], maxSelect: 1, required: true },
        // Never client details (the form says so).
        { name: 'note', type: 'text', required: false, max: 500 },
        { name: 'status', type: 'select', values: ['logged', 'confirmed', 'queried'], maxSelect: 1, required: true },
        { name: 'reviewed_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'reviewed_at', type: 'date', required: false },
        { name: 'review_note', type: 'text', required: false, max: 1000 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_practice_hours_user_course` ON `practice_hours` (`user`, `course`)'],
    });
    app.save(hours);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('practice_hours'));
  },
);
