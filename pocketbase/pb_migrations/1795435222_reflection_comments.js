/// <reference path="../pb_data/types.d.ts" />

// `reflection_comments`: a trainer's reply to a reflection its author has shared with them.
// - create: a trainer of the reflection author's cohort for the reflection's course, as
//   `author` themself, and only while the reflection is shared (pb_hooks/assessment.pb.js
//   checks the same, with a plain message, for every save path).
// - list/view: the reflection's author; the comment's author; the trainers of the
//   reflection author's cohort for that course.
// - update/delete: nobody through the API.
// Deleted with their reflection (its author may delete it), like reflection_versions.
const SIGNED_IN = '@request.auth.id != ""';
const AS_THEMSELF = '@request.body.author = @request.auth.id';
const REFLECTION_AUTHOR = 'reflection.user = @request.auth.id';
const COMMENT_AUTHOR = 'author = @request.auth.id';
// One alias, so all three conditions hold for the SAME enrolment row (see
// 1795435205_progress.js). Needs `SIGNED_IN` beside it: an anonymous "" matches an empty list.
const TRAINER_OF_AUTHORS_COHORT = [
  '@collection.enrolments:author_enrolment.user ?= reflection.user',
  '@collection.enrolments:author_enrolment.course ?= reflection.course',
  '@collection.enrolments:author_enrolment.cohort.trainers:each ?= @request.auth.id',
].join(' && ');

const READ_RULE = `${SIGNED_IN} && (${REFLECTION_AUTHOR} || ${COMMENT_AUTHOR} || (${TRAINER_OF_AUTHORS_COHORT}))`;
const CREATE_RULE = `${SIGNED_IN} && ${AS_THEMSELF} && reflection.shared = true && ${TRAINER_OF_AUTHORS_COHORT}`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const reflections = app.findCollectionByNameOrId('reflections');

    const comments = new Collection({
      type: 'base',
      name: 'reflection_comments',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: CREATE_RULE,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'reflection', type: 'relation', collectionId: reflections.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'author', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'body', type: 'text', required: true, max: 5000 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_reflection_comments_reflection` ON `reflection_comments` (`reflection`)'],
    });

    app.save(comments);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('reflection_comments'));
  },
);
