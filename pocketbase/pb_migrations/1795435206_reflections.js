/// <reference path="../pb_data/types.d.ts" />

// `reflections`: what a trainee writes about a module prompt (`p1`, `p2`…) or freely
// (`free`, with a title and no module). Reflections can be personal, so they are the most
// private thing we store:
// - list/view: the author; and, only while `shared` is true, the trainers of the author's
//   cohort for that course. Nobody else: not other trainees, not admins, not the public.
// - create: the author, for themself. update: the author, never moving it to someone else.
//   delete: the author.
// `version` starts at 1 and goes up by one each time `body` changes; the previous text is
// kept in `reflection_versions`. pb_hooks/reflections.pb.js does both, and refuses (409) a
// save based on an older version, so a client can neither skip nor rewind it.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
const FOR_THEMSELF = '@request.body.user = @request.auth.id';
const KEEPS_OWNER = '(@request.body.user:isset = false || @request.body.user = @request.auth.id)';
// Same enrolment row for all three conditions: see 1795435205_progress.js.
const TRAINER_OF_OWNERS_COHORT = [
  '@collection.enrolments:owner_enrolment.user ?= user',
  '@collection.enrolments:owner_enrolment.course ?= course',
  '@collection.enrolments:owner_enrolment.cohort.trainers:each ?= @request.auth.id',
].join(' && ');

const READ_RULE = `${SIGNED_IN} && (${OWNER} || (shared = true && ${TRAINER_OF_OWNERS_COHORT}))`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const reflections = new Collection({
      type: 'base',
      name: 'reflections',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: `${SIGNED_IN} && ${FOR_THEMSELF}`,
      updateRule: `${SIGNED_IN} && ${OWNER} && ${KEEPS_OWNER}`,
      deleteRule: `${SIGNED_IN} && ${OWNER}`,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        // Empty for a free reflection.
        { name: 'module', type: 'text', required: false, max: 100 },
        { name: 'prompt', type: 'text', required: true, max: 20, pattern: '^(p[0-9]+|free)$' },
        { name: 'title', type: 'text', required: false, max: 200 },
        { name: 'body', type: 'text', required: false, max: 50000 },
        { name: 'shared', type: 'bool', required: false },
        { name: 'shared_at', type: 'date', required: false },
        { name: 'version', type: 'number', required: false, onlyInt: true, min: 1 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_reflections_user_course` ON `reflections` (`user`, `course`)'],
    });

    app.save(reflections);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('reflections'));
  },
);
