/// <reference path="../pb_data/types.d.ts" />

// `observations`: an assessor's record of watching a trainee in practice, for one criterion.
// Never edited in place.
// - create: an assessor of the trainee's cohort for that course, as `assessor` themself,
//   never about themself (an assessor may also be enrolled as a trainee).
// - list/view: the trainee; the trainers, assessors, IQAs and verifiers of the trainee's
//   cohort for that course.
// - update/delete: nobody through the API.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
const AS_THEMSELF = '@request.body.assessor = @request.auth.id';
const NOT_ABOUT_THEMSELF = 'user != @request.auth.id';
// A criterion of the course's units, e.g. `U1/1.1` (see 1795435216_evidence.js).
const CRITERION_PATTERN = '^[A-Za-z0-9][A-Za-z0-9.-]*/[A-Za-z0-9][A-Za-z0-9.-]*$';

// "Staff of the trainee's cohort": listed (in one of `lists`) on the cohort of the trainee's
// enrolment in this row's course. One alias, so every condition holds for the SAME enrolment
// row (see 1795435205_progress.js). Needs `SIGNED_IN` beside it: an anonymous "" matches an
// empty list.
function staffOf(lists) {
  const enrolment = '@collection.enrolments:trainee_enrolment';
  return [
    `${enrolment}.user ?= user`,
    `${enrolment}.course ?= course`,
    `(${lists.map((list) => `${enrolment}.cohort.${list}:each ?= @request.auth.id`).join(' || ')})`,
  ].join(' && ');
}

const READ_RULE = `${SIGNED_IN} && (${OWNER} || (${staffOf(['trainers', 'assessors', 'iqas', 'verifiers'])}))`;
const CREATE_RULE = `${SIGNED_IN} && ${AS_THEMSELF} && ${NOT_ABOUT_THEMSELF} && ${staffOf(['assessors'])}`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const observations = new Collection({
      type: 'base',
      name: 'observations',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: CREATE_RULE,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'criterion', type: 'text', required: true, max: 100, pattern: CRITERION_PATTERN },
        { name: 'observed_on', type: 'date', required: true },
        { name: 'context', type: 'text', required: false, max: 2000 },
        { name: 'notes', type: 'text', required: false, max: 20000 },
        { name: 'assessor', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_observations_user_course_criterion` ON `observations` (`user`, `course`, `criterion`)'],
    });

    app.save(observations);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('observations'));
  },
);
