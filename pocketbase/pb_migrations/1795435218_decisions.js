/// <reference path="../pb_data/types.d.ts" />

// `decisions`: an assessor's judgement of one criterion for one trainee, based on either one
// piece of evidence or one observation. Never edited in place: a correction is a new row
// that names the decision it `supersedes`.
// - create: an assessor of the trainee's cohort for that course, as `assessor` themself, and
//   never about themself: no one decides on their own evidence. pb_hooks/assessment.pb.js
//   also checks that exactly one of evidence/observation is given, that it belongs to the
//   same trainee, course and criterion, and that the feedback is not blank.
// - list/view: the trainee; the trainers, assessors, IQAs and verifiers of the trainee's
//   cohort for that course.
// - update/delete: nobody through the API.
// Unique (evidence, supersedes) and (observation, supersedes): a double-click cannot record
// two decisions on the same evidence, and each decision is corrected at most once (a later
// correction supersedes the correction). The indexes are partial: a decision on an
// observation has no evidence, and the other way round.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
const AS_THEMSELF = '@request.body.assessor = @request.auth.id';
const NOT_ABOUT_THEMSELF = 'user != @request.auth.id';
// A criterion of the course's units, e.g. `U1/1.1` (see 1795435216_evidence.js).
const CRITERION_PATTERN = '^[A-Za-z0-9][A-Za-z0-9.-]*/[A-Za-z0-9][A-Za-z0-9.-]*$';

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
const CREATE_RULE = `${SIGNED_IN} && ${AS_THEMSELF} && ${NOT_ABOUT_THEMSELF} && ${staffOf(['assessors'])}`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const evidence = app.findCollectionByNameOrId('evidence');
    const observations = app.findCollectionByNameOrId('observations');

    const decisions = new Collection({
      type: 'base',
      name: 'decisions',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: CREATE_RULE,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'criterion', type: 'text', required: true, max: 100, pattern: CRITERION_PATTERN },
        { name: 'evidence', type: 'relation', collectionId: evidence.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'observation', type: 'relation', collectionId: observations.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'outcome', type: 'select', values: ['met', 'not_yet'], maxSelect: 1, required: true },
        { name: 'feedback', type: 'text', required: true, max: 10000 },
        { name: 'assessor', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        // The name the assessor signs with, kept as it was when they decided.
        { name: 'assessor_name', type: 'text', required: false, max: 200 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE INDEX `idx_decisions_user_course_criterion` ON `decisions` (`user`, `course`, `criterion`)',
      ],
    });
    app.save(decisions);

    // `supersedes` points into this same collection, so it can only be added once it exists.
    decisions.fields.add(
      new RelationField({ name: 'supersedes', collectionId: decisions.id, maxSelect: 1, cascadeDelete: false, required: false }),
    );
    decisions.indexes = [
      'CREATE INDEX `idx_decisions_user_course_criterion` ON `decisions` (`user`, `course`, `criterion`)',
      "CREATE UNIQUE INDEX `idx_decisions_evidence_supersedes` ON `decisions` (`evidence`, `supersedes`) WHERE `evidence` != ''",
      "CREATE UNIQUE INDEX `idx_decisions_observation_supersedes` ON `decisions` (`observation`, `supersedes`) WHERE `observation` != ''",
      'CREATE INDEX `idx_decisions_supersedes` ON `decisions` (`supersedes`)',
    ];
    app.save(decisions);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('decisions'));
  },
);
