/// <reference path="../pb_data/types.d.ts" />

// `quiz_attempts`: knowledge-check results. The web server grades the answers and writes
// the row with the service account, so a trainee cannot forge a pass.
// - list/view: the person, the trainers of their cohort for that course, admins.
// - create/update/delete: nobody through the API (service only).
const SIGNED_IN = '@request.auth.id != ""';
// `:each ?=` means "any item equals". PocketBase 0.40 compares a bare multi-value field
// (`role`, `trainers`) as its JSON text, so `role ?= "admin"` would never match.
const ADMIN = '@request.auth.role:each ?= "admin"';
const OWNER = 'user = @request.auth.id';
// Same enrolment row for all three conditions: see 1795435205_progress.js.
const TRAINER_OF_OWNERS_COHORT = [
  '@collection.enrolments:owner_enrolment.user ?= user',
  '@collection.enrolments:owner_enrolment.course ?= course',
  '@collection.enrolments:owner_enrolment.cohort.trainers:each ?= @request.auth.id',
].join(' && ');

const READ_RULE = `${ADMIN} || (${SIGNED_IN} && (${OWNER} || (${TRAINER_OF_OWNERS_COHORT})))`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const attempts = new Collection({
      type: 'base',
      name: 'quiz_attempts',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'module', type: 'text', required: true, max: 100 },
        // Question id -> the option indexes chosen.
        { name: 'answers', type: 'json', required: false, maxSize: 100000 },
        // Questions answered right, out of `total`.
        { name: 'score', type: 'number', required: false, onlyInt: true, min: 0 },
        { name: 'total', type: 'number', required: false, onlyInt: true, min: 0 },
        { name: 'passed', type: 'bool', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_quiz_attempts_user_course_module` ON `quiz_attempts` (`user`, `course`, `module`)'],
    });

    app.save(attempts);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('quiz_attempts'));
  },
);
