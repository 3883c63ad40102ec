/// <reference path="../pb_data/types.d.ts" />

// `supervision_sessions` (issue 19): a supervision session between a trainee and their
// supervisor (a trainer of the trainee's group for the course): when, how long, the format,
// the actions agreed and a short record. Either side records it; the other confirms it. A
// change to what it says after confirmation needs confirming again (pb_hooks/practice.pb.js).
// The trainee's own thoughts about it go in a private reflection, not here.
// - create: the trainee, for themself, while actively enrolled; or a trainer of the trainee's
//   group as the supervisor, never about themself. `recorded_by` is whoever records.
// - list/view: the trainee; the supervisor named on it; the trainers and assessors of the
//   trainee's group (not IQAs or verifiers: it is about the person's practice, not a decision).
// - update: the trainee or the supervisor named on it (the hook decides which fields).
// - delete: nobody through the API.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
const FOR_THEMSELF = '@request.body.user = @request.auth.id';
const RECORDS_AS_THEMSELF = '@request.body.recorded_by = @request.auth.id';
const NOT_ABOUT_THEMSELF = 'user != @request.auth.id';
const THE_SUPERVISOR = 'supervisor = @request.auth.id';
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

const READ_RULE = `${SIGNED_IN} && (${OWNER} || ${THE_SUPERVISOR} || (${staffOf(['trainers', 'assessors'])}))`;
const CREATE_RULE =
  `${SIGNED_IN} && ${RECORDS_AS_THEMSELF} && ((${FOR_THEMSELF} && ${OWN_ACTIVE_ENROLMENT}) || ` +
  `(@request.body.supervisor = @request.auth.id && ${NOT_ABOUT_THEMSELF} && ${staffOf(['trainers'])}))`;
const UPDATE_RULE = `${SIGNED_IN} && (${OWNER} || ${THE_SUPERVISOR})`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const sessions = new Collection({
      type: 'base',
      name: 'supervision_sessions',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: CREATE_RULE,
      updateRule: UPDATE_RULE,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'supervisor', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'held_on', type: 'date', required: true },
        { name: 'minutes', type: 'number', required: true, onlyInt: true, min: 10, max: 480 },
        { name: 'format', type: 'select', values: ['one_to_one', 'group', 'peer'], maxSelect: 1, required: true },
        { name: 'actions', type: 'text', required: false, max: 2000 },
        { name: 'record', type: 'text', required: true, max: 2000 },
        { name: 'recorded_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'confirmed_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'confirmed_at', type: 'date', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_supervision_sessions_user_course` ON `supervision_sessions` (`user`, `course`)'],
    });
    app.save(sessions);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('supervision_sessions'));
  },
);
