/// <reference path="../pb_data/types.d.ts" />

// `enrolments`: one per (user, course); `cohort` says whose trainers support them.
// - list/view: the person themself, the trainers of the enrolment's cohort, admins.
// - create: nobody through the API. The web server (service account) creates enrolments
//   after checking that the course is open or the cohort code is right.
// - update: the person, and only `status` (leaving and rejoining). Never `user`, `course`
//   or `cohort`: moving yourself into another cohort would choose who sees your work.
// - delete: nobody. Leaving keeps the data; rejoining sets the status back to active.
const SIGNED_IN = '@request.auth.id != ""';
// `:each ?=` means "any item equals". PocketBase 0.40 compares a bare multi-value field
// (`role`, `trainers`) as its JSON text, so `role ?= "admin"` would never match.
const ADMIN = '@request.auth.role:each ?= "admin"';
const OWNER = 'user = @request.auth.id';
// Needs `SIGNED_IN` beside it: an anonymous "" would match an enrolment with no cohort.
const TRAINER_OF_THE_COHORT = 'cohort.trainers:each ?= @request.auth.id';
const ONLY_STATUS_IN_BODY = [
  '@request.body.user:isset = false',
  '@request.body.course:isset = false',
  '@request.body.cohort:isset = false',
].join(' && ');

const READ_RULE = `${ADMIN} || (${SIGNED_IN} && (${OWNER} || ${TRAINER_OF_THE_COHORT}))`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const cohorts = app.findCollectionByNameOrId('cohorts');

    const enrolments = new Collection({
      type: 'base',
      name: 'enrolments',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: null,
      updateRule: `${SIGNED_IN} && ${OWNER} && ${ONLY_STATUS_IN_BODY}`,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'cohort', type: 'relation', collectionId: cohorts.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'status', type: 'select', values: ['active', 'left'], maxSelect: 1, required: true },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX `idx_enrolments_user_course` ON `enrolments` (`user`, `course`)',
        'CREATE INDEX `idx_enrolments_cohort` ON `enrolments` (`cohort`)',
      ],
    });

    app.save(enrolments);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('enrolments'));
  },
);
