/// <reference path="../pb_data/types.d.ts" />

// `cohorts`: a group of trainees taking one course together, with the trainers who support
// them. Being listed in `trainers` is what lets a trainer see their trainees' progress,
// results and shared reflections (see the rules of those collections).
// - list/view: admins, and the trainers of that cohort. Trainees do not browse cohorts: the
//   invitation `code` must stay secret, and the web server (service account) looks codes up.
// - create/update/delete: admins only.
// `code` is unique when set; many cohorts may have no code (a partial index allows that).
const SIGNED_IN = '@request.auth.id != ""';
// `:each ?=` means "any item equals". PocketBase 0.40 compares a bare multi-value field
// (`role`, `trainers`) as its JSON text, so `role ?= "admin"` would never match.
const ADMIN = '@request.auth.role:each ?= "admin"';
// `SIGNED_IN` first: for an anonymous request `@request.auth.id` is "", which would match a
// cohort with no trainers (PocketBase compares missing values as "").
const TRAINER_OF_THIS_COHORT = `${SIGNED_IN} && trainers:each ?= @request.auth.id`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const cohorts = new Collection({
      type: 'base',
      name: 'cohorts',
      listRule: `${ADMIN} || (${TRAINER_OF_THIS_COHORT})`,
      viewRule: `${ADMIN} || (${TRAINER_OF_THIS_COHORT})`,
      createRule: ADMIN,
      updateRule: ADMIN,
      deleteRule: ADMIN,
      fields: [
        { name: 'name', type: 'text', required: true, max: 200, presentable: true },
        // A course slug: the folder name under courses/.
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'code', type: 'text', required: false, max: 64 },
        { name: 'starts_on', type: 'date', required: false },
        { name: 'ends_on', type: 'date', required: false },
        { name: 'trainers', type: 'relation', collectionId: users.id, maxSelect: 999, cascadeDelete: false, required: false },
        { name: 'archived', type: 'bool', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        "CREATE UNIQUE INDEX `idx_cohorts_code` ON `cohorts` (`code`) WHERE `code` != ''",
        'CREATE INDEX `idx_cohorts_course` ON `cohorts` (`course`)',
      ],
    });

    app.save(cohorts);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('cohorts'));
  },
);
