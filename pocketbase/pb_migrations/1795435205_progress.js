/// <reference path="../pb_data/types.d.ts" />

// `progress`: one row per (user, course, module); `updated` is when they were last there, so
// the course page can offer "carry on where you left off".
// - list/view: the person, the trainers of their cohort for that course, admins.
// - create: the person, for themself. update: the person, never moving the row to someone
//   else. delete: nobody (progress is part of the training record).
// A `completed` status written here is only what the trainee clicked: for a module with a
// knowledge check the web server counts it complete only with a passed `quiz_attempts` row,
// which trainees cannot write.
const SIGNED_IN = '@request.auth.id != ""';
// `:each ?=` means "any item equals". PocketBase 0.40 compares a bare multi-value field
// (`role`, `trainers`) as its JSON text, so `role ?= "admin"` would never match.
const ADMIN = '@request.auth.role:each ?= "admin"';
const OWNER = 'user = @request.auth.id';
const FOR_THEMSELF = '@request.body.user = @request.auth.id';
const KEEPS_OWNER = '(@request.body.user:isset = false || @request.body.user = @request.auth.id)';
// "Trainer of the owner's cohort for this course". The three conditions share one alias, so
// PocketBase joins `enrolments` once and, with the "any" operator `?=`, all three must hold
// for the SAME enrolment row: the owner's enrolment in this row's course, whose cohort lists
// the signed-in trainer. (With separate aliases, a trainer of any cohort the owner is in, or
// of another cohort of the same course, would match.) `SIGNED_IN` must come first: for an
// anonymous request `@request.auth.id` is "", which matches an enrolment with no cohort
// (PocketBase compares missing values as "").
const TRAINER_OF_OWNERS_COHORT = [
  '@collection.enrolments:owner_enrolment.user ?= user',
  '@collection.enrolments:owner_enrolment.course ?= course',
  '@collection.enrolments:owner_enrolment.cohort.trainers:each ?= @request.auth.id',
].join(' && ');

const READ_RULE = `${ADMIN} || (${SIGNED_IN} && (${OWNER} || (${TRAINER_OF_OWNERS_COHORT})))`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const progress = new Collection({
      type: 'base',
      name: 'progress',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: `${SIGNED_IN} && ${FOR_THEMSELF}`,
      updateRule: `${SIGNED_IN} && ${OWNER} && ${KEEPS_OWNER}`,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'module', type: 'text', required: true, max: 100 },
        { name: 'status', type: 'select', values: ['started', 'completed'], maxSelect: 1, required: true },
        { name: 'completed_at', type: 'date', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_progress_user_course_module` ON `progress` (`user`, `course`, `module`)'],
    });

    app.save(progress);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('progress'));
  },
);
