/// <reference path="../pb_data/types.d.ts" />

// `practice_observations` (issue 19): an assessor or supervisor (a trainer of the trainee's
// group) records watching a trainee in practice: what was seen, which assessment criteria it
// shows, and feedback for the trainee. It feeds assessment through the existing path:
// pb_hooks/practice.pb.js writes, in the same transaction, one `observations` row per
// criterion (linked back through `observations.practice_observation`), which waits in the
// assessment queue for a decision by an assessor, and is sampled by IQAs like any other.
// Never edited in place.
// - create: an assessor or trainer of the trainee's group, as `observer` themself, never
//   about themself.
// - list/view: the trainee; the trainers, assessors, IQAs and verifiers of the trainee's group.
// - update/delete: nobody through the API.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
const AS_THEMSELF = '@request.body.observer = @request.auth.id';
const NOT_ABOUT_THEMSELF = 'user != @request.auth.id';
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
const CREATE_RULE = `${SIGNED_IN} && ${AS_THEMSELF} && ${NOT_ABOUT_THEMSELF} && ${staffOf(['assessors', 'trainers'])}`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const practice = new Collection({
      type: 'base',
      name: 'practice_observations',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: CREATE_RULE,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'observer', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'observed_on', type: 'date', required: true },
        { name: 'seen', type: 'text', required: true, max: 5000 },
        // Criterion references such as "U3/1.1" (checked by the hook).
        { name: 'criteria', type: 'json', required: true, maxSize: 4000 },
        { name: 'feedback', type: 'text', required: true, max: 5000 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_practice_observations_user_course` ON `practice_observations` (`user`, `course`)'],
    });
    app.save(practice);

    const observations = app.findCollectionByNameOrId('observations');
    observations.fields.add(
      new RelationField({ name: 'practice_observation', collectionId: practice.id, maxSelect: 1, cascadeDelete: false, required: false }),
    );
    app.save(observations);
  },
  (app) => {
    const observations = app.findCollectionByNameOrId('observations');
    observations.fields.removeByName('practice_observation');
    app.save(observations);
    app.delete(app.findCollectionByNameOrId('practice_observations'));
  },
);
