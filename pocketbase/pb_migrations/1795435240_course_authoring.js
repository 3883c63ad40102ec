/// <reference path="../pb_data/types.d.ts" />

// Course authoring in the browser (issue 7).
// - `users.role` gains `author`: someone who writes courses. Every earlier value and its
//   order stay as they were (see 1795435211_users_iqa_role.js).
// - `course_authors`: who may edit which course (course slug + user), unique per pair.
//   list/view: admins and the person themself. Written only by the web server's service
//   account (admins add and remove authors through /author/<course>/authors).
// - `course_revisions`: every change to a file of a course's working copy (who, when, what
//   kind, the text after). Written only by the service account.
//   list/view: admins and the course's authors.
// - `course_publications`: each time a course was published, and the version it got.
//   list/view: admins and the course's authors. Written only by the service account.
const BEFORE = ['trainee', 'trainer', 'assessor', 'verifier', 'admin', 'iqa'];
const AFTER = ['trainee', 'trainer', 'assessor', 'verifier', 'admin', 'iqa', 'author'];

const SIGNED_IN = '@request.auth.id != ""';
const ADMIN = '@request.auth.role:each ?= "admin"';
const SELF = `(${SIGNED_IN} && user = @request.auth.id)`;
// An author of the row's course: a course_authors row for (course, me).
const AUTHOR_OF_COURSE = `(${SIGNED_IN} && @collection.course_authors.course ?= course && @collection.course_authors.user ?= @request.auth.id)`;
const SLUG = '^[a-z0-9]+(-[a-z0-9]+)*$';
const KINDS = ['create', 'save', 'restore', 'disk', 'import', 'move', 'retire', 'upload', 'delete'];

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const role = users.fields.getByName('role');
    role.values = AFTER;
    role.maxSelect = AFTER.length;
    app.save(users);

    const authors = new Collection({
      type: 'base',
      name: 'course_authors',
      listRule: `${ADMIN} || ${SELF}`,
      viewRule: `${ADMIN} || ${SELF}`,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'course', type: 'text', required: true, max: 100, pattern: SLUG },
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_course_authors_course_user` ON `course_authors` (`course`, `user`)', 'CREATE INDEX `idx_course_authors_user` ON `course_authors` (`user`)'],
    });
    app.save(authors);

    const readRule = `${ADMIN} || ${AUTHOR_OF_COURSE}`;
    const revisions = new Collection({
      type: 'base',
      name: 'course_revisions',
      listRule: readRule,
      viewRule: readRule,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'course', type: 'text', required: true, max: 100, pattern: SLUG },
        { name: 'path', type: 'text', required: true, max: 300 },
        { name: 'kind', type: 'select', required: true, maxSelect: 1, values: KINDS },
        { name: 'message', type: 'text', required: false, max: 500 },
        { name: 'actor', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'actor_name', type: 'text', required: true, max: 200 },
        // Markdown is at most 200 kB; pictures keep only hash and size.
        { name: 'content', type: 'text', required: false, max: 250000 },
        { name: 'hash', type: 'text', required: false, max: 64 },
        { name: 'previous_hash', type: 'text', required: false, max: 64 },
        { name: 'size', type: 'number', required: false, onlyInt: true, min: 0 },
        // 1, 2, 3… per (course, path): the order of changes even within one millisecond.
        { name: 'seq', type: 'number', required: false, onlyInt: true, min: 0 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_course_revisions_course_path_created` ON `course_revisions` (`course`, `path`, `created`)'],
    });
    app.save(revisions);

    const publications = new Collection({
      type: 'base',
      name: 'course_publications',
      listRule: readRule,
      viewRule: readRule,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'course', type: 'text', required: true, max: 100, pattern: SLUG },
        { name: 'version', type: 'text', required: true, max: 100 },
        { name: 'actor', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'actor_name', type: 'text', required: true, max: 200 },
        { name: 'file_count', type: 'number', required: false, onlyInt: true, min: 0 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_course_publications_course_created` ON `course_publications` (`course`, `created`)'],
    });
    app.save(publications);
  },
  (app) => {
    for (const name of ['course_publications', 'course_revisions', 'course_authors']) {
      app.delete(app.findCollectionByNameOrId(name));
    }
    const users = app.findCollectionByNameOrId('users');
    for (const user of app.findRecordsByFilter('users', 'role:each ?= "author"', '', 0, 0)) {
      user.set('role', user.getStringSlice('role').filter((value) => value !== 'author'));
      app.saveNoValidate(user);
    }
    const role = users.fields.getByName('role');
    role.values = BEFORE;
    role.maxSelect = BEFORE.length;
    app.save(users);
  },
);
