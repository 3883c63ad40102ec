/// <reference path="../pb_data/types.d.ts" />

// `unit_signoffs`: a unit of the course signed off for a trainee, one per (trainee, course,
// unit). The web server checks first that every criterion of the unit is met.
// - create: a trainer or assessor of the trainee's cohort for that course, as `signed_by`
//   themself, never for themself.
// - list/view: the trainee; the trainers, assessors, IQAs and verifiers of the trainee's
//   cohort for that course.
// - update/delete: nobody through the API.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
const AS_THEMSELF = '@request.body.signed_by = @request.auth.id';
const NOT_FOR_THEMSELF = 'user != @request.auth.id';
// A unit id of the course, e.g. `U1` (ids as src/lib/courses/schema.ts allows them).
const UNIT_PATTERN = '^[A-Za-z0-9][A-Za-z0-9.-]*$';

// "Staff of the trainee's cohort": see 1795435217_observations.js.
function staffOf(lists) {
  const enrolment = '@collection.enrolments:trainee_enrolment';
  return [
    `${enrolment}.user ?= user`,
    `${enrolment}.course ?= course`,
    `(${lists.map((list) => `${enrolment}.cohort.${list}:each ?= @request.auth.id`).join(' || ')})`,
  ].join(' && ');
}

const READ_RULE = `${SIGNED_IN} && (${OWNER} || (${staffOf(['trainers', 'assessors', 'iqas', 'verifiers'])}))`;
const CREATE_RULE = `${SIGNED_IN} && ${AS_THEMSELF} && ${NOT_FOR_THEMSELF} && ${staffOf(['trainers', 'assessors'])}`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const signoffs = new Collection({
      type: 'base',
      name: 'unit_signoffs',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: CREATE_RULE,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'unit', type: 'text', required: true, max: 50, pattern: UNIT_PATTERN },
        { name: 'signed_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        // The name they sign with, kept as it was when they signed.
        { name: 'signed_name', type: 'text', required: false, max: 200 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_unit_signoffs_user_course_unit` ON `unit_signoffs` (`user`, `course`, `unit`)'],
    });

    app.save(signoffs);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('unit_signoffs'));
  },
);
