/// <reference path="../pb_data/types.d.ts" />

// `audit_log`: append-only record of who did what in assessment and administration.
// Written only by pb_hooks/audit.pb.js (in the same transaction as the change it records)
// and by the web server's service account (deletion requests).
// - list/view: admins; the verifiers of the row's cohort.
// - create/update/delete: nobody through the API.
// `actor` is empty when the service account acted; `actor_name` then says "service".
// `details` holds small facts (outcome, criterion, roles before and after), never file
// contents or reflection text.
const SIGNED_IN = '@request.auth.id != ""';
// `:each ?=` means "any item equals"; see 1795435203_cohorts.js.
const ADMIN = '@request.auth.role:each ?= "admin"';
// Needs `SIGNED_IN` beside it: an anonymous "" matches an empty list.
const VERIFIER_OF_THE_COHORT = 'cohort.verifiers:each ?= @request.auth.id';

const READ_RULE = `${ADMIN} || (${SIGNED_IN} && ${VERIFIER_OF_THE_COHORT})`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const cohorts = app.findCollectionByNameOrId('cohorts');

    const audit = new Collection({
      type: 'base',
      name: 'audit_log',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'actor', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'actor_name', type: 'text', required: true, max: 200 },
        // `<noun>.<verb>`, e.g. `decision.create`, `user.role_change`.
        { name: 'action', type: 'text', required: true, max: 100, pattern: '^[a-z_]+\\.[a-z_]+$' },
        { name: 'target_collection', type: 'text', required: true, max: 100 },
        { name: 'target_id', type: 'text', required: true, max: 100 },
        { name: 'cohort', type: 'relation', collectionId: cohorts.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'details', type: 'json', required: false, maxSize: 20000 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE INDEX `idx_audit_log_cohort_created` ON `audit_log` (`cohort`, `created`)',
        'CREATE INDEX `idx_audit_log_target` ON `audit_log` (`target_collection`, `target_id`)',
        'CREATE INDEX `idx_audit_log_actor` ON `audit_log` (`actor`)',
      ],
    });

    app.save(audit);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('audit_log'));
  },
);
