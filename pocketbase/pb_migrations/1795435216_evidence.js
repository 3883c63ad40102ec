/// <reference path="../pb_data/types.d.ts" />

// `evidence`: what a trainee submits for one assessment criterion (e.g. `U1/1.1`): text,
// files, a shared reflection, or any mix. Never edited in place: a resubmission is a new
// row, and a deletion request goes to an admin (service account).
// - create: the trainee, for themself, while actively enrolled in the course.
//   pb_hooks/assessment.pb.js also requires some content and checks a linked reflection is
//   the trainee's own and shared.
// - list/view: the trainee; the trainers, assessors, IQAs and verifiers of the trainee's
//   cohort for that course. Not admins (they handle deletion requests through the service
//   account), not other trainees.
// - update/delete: nobody through the API.
// Files are protected (a file token is needed to download one) and limited to documents,
// images and audio a browser cannot run: no SVG, no HTML.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
const FOR_THEMSELF = '@request.body.user = @request.auth.id';
// One alias, so all conditions hold for the SAME enrolment row: see 1795435205_progress.js.
const OWN_ACTIVE_ENROLMENT = [
  '@collection.enrolments:own_enrolment.user ?= @request.auth.id',
  '@collection.enrolments:own_enrolment.course ?= course',
  '@collection.enrolments:own_enrolment.status ?= "active"',
].join(' && ');
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

// A criterion of the course's units, e.g. `U1/1.1`: unit id, a slash, criterion id (ids as
// src/lib/courses/schema.ts allows them).
const CRITERION_PATTERN = '^[A-Za-z0-9][A-Za-z0-9.-]*/[A-Za-z0-9][A-Za-z0-9.-]*$';

const READ_RULE = `${SIGNED_IN} && (${OWNER} || (${staffOf(['trainers', 'assessors', 'iqas', 'verifiers'])}))`;

// What a browser cannot run as a page or script. PocketBase checks the bytes, not the name.
const MIME_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'audio/mpeg',
  'audio/mp4',
  'audio/x-m4a',
  'audio/ogg',
  'audio/wav',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const reflections = app.findCollectionByNameOrId('reflections');

    const evidence = new Collection({
      type: 'base',
      name: 'evidence',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: `${SIGNED_IN} && ${FOR_THEMSELF} && ${OWN_ACTIVE_ENROLMENT}`,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'criterion', type: 'text', required: true, max: 100, pattern: CRITERION_PATTERN },
        // Markdown.
        { name: 'text', type: 'text', required: false, max: 20000 },
        {
          name: 'files',
          type: 'file',
          required: false,
          maxSelect: 5,
          maxSize: 10 * 1024 * 1024,
          mimeTypes: MIME_TYPES,
          protected: true,
          thumbs: [],
        },
        { name: 'reflection', type: 'relation', collectionId: reflections.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_evidence_user_course_criterion` ON `evidence` (`user`, `course`, `criterion`)'],
    });

    app.save(evidence);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('evidence'));
  },
);
