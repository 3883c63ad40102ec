/// <reference path="../pb_data/types.d.ts" />

// Ratings from several people against a course's competency set (docs/DATA-MODEL.md).
//
// `rating_invites`: a trainee asks one member of their own group to rate them.
// - create: the trainee, for themself, naming someone else who is in the SAME group for that
//   course (both enrolments active); `trainee_name` must be their own display name and
//   `peer_name` the peer's, so neither can be made up; status `open`.
// - list/view: the trainee and the invited peer. Nobody else.
// - update: the trainee, only to withdraw it (status `withdrawn`, nothing else).
// - delete: nobody through the API.
//
// `competency_ratings`: one rating of one competency, never edited: a new rating is a new row
// and the newest of each kind counts, so the history stays.
// - create: `rater` is the person themself and `rater_name` their display name, and one of:
//   - self: about themself, actively enrolled in the course;
//   - peer: through an open invite that names them and this trainee and course, while they
//     are still in the same group as the trainee;
//   - supervisor: a trainer of the trainee's group (the group's supervisors), not about
//     themself;
//   - assessor: an assessor of the trainee's group, not about themself.
// - list/view: the trainee; the person who wrote the rating (a peer sees only their own);
//   the trainers, assessors and IQAs of the trainee's group. Not verifiers, not other
//   trainees, not admins as such.
// - update/delete: nobody through the API.
const SIGNED_IN = '@request.auth.id != ""';
const ME = '@request.auth.id';

// "Staff of the trainee's group": listed (in one of `lists`) on the cohort of the trainee's
// enrolment in this row's course; one alias so every condition holds for the same row.
function staffOf(lists) {
  const e = '@collection.enrolments:rating_trainee';
  return [
    `${e}.user ?= user`,
    `${e}.course ?= course`,
    `(${lists.map((list) => `${e}.cohort.${list}:each ?= ${ME}`).join(' || ')})`,
  ].join(' && ');
}

// `trainee` and `other` are in the same group for this row's course, both active.
function sameGroup(trainee, other) {
  const t = '@collection.enrolments:group_trainee';
  const o = '@collection.enrolments:group_other';
  return [
    `${t}.user ?= ${trainee}`,
    `${t}.course ?= course`,
    `${t}.status ?= "active"`,
    `${t}.cohort ?!= ""`,
    `${o}.user ?= ${other}`,
    `${o}.course ?= course`,
    `${o}.status ?= "active"`,
    `${o}.cohort ?= ${t}.cohort`,
  ].join(' && ');
}

const OWN_ACTIVE_ENROLMENT = [
  `@collection.enrolments:own.user ?= ${ME}`,
  '@collection.enrolments:own.course ?= course',
  '@collection.enrolments:own.status ?= "active"',
].join(' && ');

const AS_THEMSELF = `rater = ${ME} && rater_name = @request.auth.display_name`;
const SELF = `(role = "self" && user = ${ME} && invite = "" && ${OWN_ACTIVE_ENROLMENT})`;
const PEER = `(role = "peer" && user != ${ME} && invite.peer = ${ME} && invite.user = user && invite.course = course && invite.status = "open" && ${sameGroup('user', ME)})`;
const SUPERVISOR = `(role = "supervisor" && user != ${ME} && invite = "" && ${staffOf(['trainers'])})`;
const ASSESSOR = `(role = "assessor" && user != ${ME} && invite = "" && ${staffOf(['assessors'])})`;
const RATING_CREATE = `${SIGNED_IN} && ${AS_THEMSELF} && (${SELF} || ${PEER} || ${SUPERVISOR} || ${ASSESSOR})`;
const RATING_READ = `${SIGNED_IN} && (user = ${ME} || rater = ${ME} || (${staffOf(['trainers', 'assessors', 'iqas'])}))`;

const INVITE_CREATE = [
  SIGNED_IN,
  `user = ${ME}`,
  `peer != ${ME}`,
  'trainee_name = @request.auth.display_name',
  'peer_name = peer.display_name',
  'status = "open"',
  sameGroup(ME, 'peer'),
].join(' && ');
const INVITE_READ = `${SIGNED_IN} && (user = ${ME} || peer = ${ME})`;
const INVITE_UPDATE = [
  SIGNED_IN,
  `user = ${ME}`,
  '@request.body.status = "withdrawn"',
  ...['user', 'course', 'peer', 'peer_name', 'trainee_name', 'message'].map((f) => `@request.body.${f}:isset = false`),
].join(' && ');

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const invites = new Collection({
      type: 'base',
      name: 'rating_invites',
      listRule: INVITE_READ,
      viewRule: INVITE_READ,
      createRule: INVITE_CREATE,
      updateRule: INVITE_UPDATE,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'peer', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'trainee_name', type: 'text', required: true, max: 80 },
        { name: 'peer_name', type: 'text', required: true, max: 80 },
        { name: 'message', type: 'text', required: false, max: 500 },
        { name: 'status', type: 'select', values: ['open', 'withdrawn'], maxSelect: 1, required: true },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE INDEX `idx_rating_invites_user_course` ON `rating_invites` (`user`, `course`)',
        'CREATE INDEX `idx_rating_invites_peer` ON `rating_invites` (`peer`)',
      ],
    });
    app.save(invites);

    const ratings = new Collection({
      type: 'base',
      name: 'competency_ratings',
      listRule: RATING_READ,
      viewRule: RATING_READ,
      createRule: RATING_CREATE,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'competency', type: 'text', required: true, max: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9.-]*$' },
        { name: 'role', type: 'select', values: ['self', 'peer', 'supervisor', 'assessor'], maxSelect: 1, required: true },
        { name: 'score', type: 'number', required: true, min: 1, max: 10, onlyInt: true },
        { name: 'comment', type: 'text', required: false, max: 1000 },
        { name: 'rater', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'rater_name', type: 'text', required: true, max: 80 },
        { name: 'invite', type: 'relation', collectionId: invites.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
      ],
      indexes: [
        'CREATE INDEX `idx_competency_ratings_user_course` ON `competency_ratings` (`user`, `course`, `created`)',
        'CREATE INDEX `idx_competency_ratings_rater` ON `competency_ratings` (`rater`)',
      ],
    });
    app.save(ratings);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('competency_ratings'));
    app.delete(app.findCollectionByNameOrId('rating_invites'));
  },
);
