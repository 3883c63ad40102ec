/// <reference path="../pb_data/types.d.ts" />

// Group sessions, the register and calendar feeds (issue 18, "Sessions and attendance").
//
// `cohort_sessions`: one meeting of a group (a weekly series is N rows sharing `series`).
// Times are moments (UTC, as PocketBase stores every date); `time_zone` names the zone the
// trainer typed them in (the organisation's, src/lib/dates.ts), so an edit shows the same
// wall-clock time. Never deleted: a cancelled session stays listed with its note.
// - list/view: admins; the group's staff (trainers, assessors, IQAs, verifiers); its trainees
//   while their enrolment in the group is active.
// - create/update: the group's trainers (as `created_by` themselves on create); the group
//   cannot be changed. delete: nobody (cancel instead).
//
// `attendance`: one row per (session, trainee): present, late, absent or excused, with an
// optional note.
// - list/view: admins; the trainee themself; the staff of the session's group.
// - create: a trainer of the session's group, as `recorded_by` themself, for an active member
//   of that group, never about themself. update: the same trainers; never `session` or `user`.
// - delete: nobody.
//
// `calendar_feeds`: a person's private calendar link. Only a SHA-256 of the link's secret is
// kept, so reading this table (or a backup) gives no working link. Every rule is null: the web
// server (service account) makes, resets and looks links up (src/lib/cohorts/calendar-store.ts).
const SIGNED_IN = '@request.auth.id != ""';
const ADMIN = '@request.auth.role:each ?= "admin"';
const LISTS = ['trainers', 'assessors', 'iqas', 'verifiers'];

/** Staff listed on the group reached through `path` (e.g. `cohort` or `session.cohort`). */
const staffOf = (path) => `(${LISTS.map((l) => `${path}.${l}:each ?= @request.auth.id`).join(' || ')})`;
const trainerOf = (path) => `${path}.trainers:each ?= @request.auth.id`;
/** An active member of the group at `cohortPath`; one alias so every condition holds for the same enrolment. */
const member = (who, cohortPath) =>
  [
    `@collection.enrolments:member.user ?= ${who}`,
    `@collection.enrolments:member.cohort ?= ${cohortPath}`,
    '@collection.enrolments:member.status ?= "active"',
  ].join(' && ');

const SESSION_READ = `${ADMIN} || (${SIGNED_IN} && (${staffOf('cohort')} || (${member('@request.auth.id', 'cohort')})))`;
const SESSION_CREATE = `${SIGNED_IN} && ${trainerOf('cohort')} && @request.body.created_by = @request.auth.id`;
const SESSION_UPDATE = `${SIGNED_IN} && ${trainerOf('cohort')} && @request.body.cohort:isset = false && @request.body.created_by:isset = false`;

const ATTENDANCE_READ = `${ADMIN} || (${SIGNED_IN} && (user = @request.auth.id || ${staffOf('session.cohort')}))`;
const ATTENDANCE_CREATE = [
  SIGNED_IN,
  trainerOf('session.cohort'),
  '@request.body.recorded_by = @request.auth.id',
  'user != @request.auth.id',
  `(${member('user', 'session.cohort')})`,
].join(' && ');
const ATTENDANCE_UPDATE = [
  SIGNED_IN,
  trainerOf('session.cohort'),
  '@request.body.recorded_by = @request.auth.id',
  '@request.body.session:isset = false',
  '@request.body.user:isset = false',
].join(' && ');

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const cohorts = app.findCollectionByNameOrId('cohorts');

    const sessions = new Collection({
      type: 'base',
      name: 'cohort_sessions',
      listRule: SESSION_READ,
      viewRule: SESSION_READ,
      createRule: SESSION_CREATE,
      updateRule: SESSION_UPDATE,
      deleteRule: null,
      fields: [
        { name: 'cohort', type: 'relation', collectionId: cohorts.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'title', type: 'text', required: true, max: 200, presentable: true },
        { name: 'starts_at', type: 'date', required: true },
        { name: 'ends_at', type: 'date', required: true },
        { name: 'time_zone', type: 'text', required: true, max: 64 },
        { name: 'mode', type: 'select', values: ['in_person', 'online'], maxSelect: 1, required: true },
        { name: 'place', type: 'text', required: false, max: 300 },
        { name: 'link', type: 'url', required: false },
        // A module slug of the group's course, or "".
        { name: 'module', type: 'text', required: false, max: 100 },
        // Shared by the sessions of one weekly series ("" for a one-off).
        { name: 'series', type: 'text', required: false, max: 40 },
        { name: 'status', type: 'select', values: ['scheduled', 'cancelled'], maxSelect: 1, required: true },
        { name: 'cancel_note', type: 'text', required: false, max: 500 },
        { name: 'created_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_cohort_sessions_cohort_starts` ON `cohort_sessions` (`cohort`, `starts_at`)'],
    });
    app.save(sessions);

    const attendance = new Collection({
      type: 'base',
      name: 'attendance',
      listRule: ATTENDANCE_READ,
      viewRule: ATTENDANCE_READ,
      createRule: ATTENDANCE_CREATE,
      updateRule: ATTENDANCE_UPDATE,
      deleteRule: null,
      fields: [
        { name: 'session', type: 'relation', collectionId: sessions.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'status', type: 'select', values: ['present', 'late', 'absent', 'excused'], maxSelect: 1, required: true },
        { name: 'note', type: 'text', required: false, max: 500 },
        { name: 'recorded_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX `idx_attendance_session_user` ON `attendance` (`session`, `user`)',
        'CREATE INDEX `idx_attendance_user` ON `attendance` (`user`)',
      ],
    });
    app.save(attendance);

    const feeds = new Collection({
      type: 'base',
      name: 'calendar_feeds',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'token_hash', type: 'text', required: true, min: 64, max: 64, pattern: '^[0-9a-f]{64}$' },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX `idx_calendar_feeds_user` ON `calendar_feeds` (`user`)',
        'CREATE UNIQUE INDEX `idx_calendar_feeds_token_hash` ON `calendar_feeds` (`token_hash`)',
      ],
    });
    app.save(feeds);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('calendar_feeds'));
    app.delete(app.findCollectionByNameOrId('attendance'));
    app.delete(app.findCollectionByNameOrId('cohort_sessions'));
  },
);
