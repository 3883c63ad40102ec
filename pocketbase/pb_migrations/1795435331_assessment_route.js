/// <reference path="../pb_data/types.d.ts" />

// Every trainee has a route to an assessor (docs/QUALITY-ASSURANCE.md, "Self-enrolled trainees").
//
// cohorts.takes_self_enrolled (bool, admin only like every cohort field): this group takes the
// trainees who enrol themselves in its (open) course; they are placed in it when they enrol.
// A course with no such group is learning-only for self-enrolled trainees: evidence and
// certificates need a group, and they can ask to be assessed.
//
// `assessment_requests`: a trainee's "please assess me" for a course, and its answer; kept.
// - create: the trainee, for themself, `status` open and no answer (the hook checks they are
//   actively enrolled in the course); one open request per (user, course).
// - list/view: the trainee; admins and trainers of the organisation (who see the list).
// - update/delete: nobody through the API. An admin answers through the web server (service
//   account): placed in a group of the course, or declined with a reason; the hook lets a
//   request be answered once and never changes what the trainee asked.
const SIGNED_IN = '@request.auth.id != ""';
const ADMIN = '@request.auth.role:each ?= "admin"';
const TRAINER = '@request.auth.role:each ?= "trainer"';
const OWNER = 'user = @request.auth.id';
const READ_RULE = `${SIGNED_IN} && (${OWNER} || ${ADMIN} || ${TRAINER})`;
const CREATE_RULE = [
  SIGNED_IN,
  '@request.body.user = @request.auth.id',
  '(@request.body.status:isset = false || @request.body.status = "open")',
  '@request.body.cohort:isset = false',
  '@request.body.answer:isset = false',
  '@request.body.answered_by:isset = false',
  '@request.body.answered_name:isset = false',
  '@request.body.answered_at:isset = false',
].join(' && ');

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const cohorts = app.findCollectionByNameOrId('cohorts');
    cohorts.fields.add(new BoolField({ name: 'takes_self_enrolled' }));
    app.save(cohorts);

    const requests = new Collection({
      type: 'base',
      name: 'assessment_requests',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: CREATE_RULE,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'message', type: 'text', required: false, max: 1000 },
        { name: 'status', type: 'select', values: ['open', 'placed', 'declined'], maxSelect: 1, required: false },
        { name: 'cohort', type: 'relation', collectionId: cohorts.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'answer', type: 'text', required: false, max: 2000 },
        { name: 'answered_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'answered_name', type: 'text', required: false, max: 200 },
        { name: 'answered_at', type: 'date', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        "CREATE UNIQUE INDEX `idx_assessment_requests_open` ON `assessment_requests` (`user`, `course`) WHERE `status` = 'open'",
        'CREATE INDEX `idx_assessment_requests_status` ON `assessment_requests` (`status`)',
      ],
    });
    app.save(requests);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('assessment_requests'));
    const cohorts = app.findCollectionByNameOrId('cohorts');
    cohorts.fields.removeByName('takes_self_enrolled');
    app.save(cohorts);
  },
);
