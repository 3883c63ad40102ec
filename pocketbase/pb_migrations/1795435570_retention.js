/// <reference path="../pb_data/types.d.ts" />

// Retention (docs/PRIVACY.md, "How long things are kept"):
// - `retention_settings`: ONE row (`key` = "retention", unique), service-only like
//   org_settings (every rule null). How many months reflections, evidence and archived groups
//   are kept, whether the daily job applies them (`job_on`, off until an administrator saves),
//   and when it last ran (`last_run_at`, written by the job with its clock).
// - `users.keep_reflections`: the trainee chose to keep their reflections; the job leaves them.
//   The person may set it on their own record (the users update rule already allows their own
//   non-staff fields).
// - `cohorts.archived_at`: when the group was archived ('' while it is not). Set by
//   pb_hooks/retention.pb.js on every save; groups archived before this migration count from
//   their last change.
migrate(
  (app) => {
    const settings = new Collection({
      type: 'base',
      name: 'retention_settings',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'key', type: 'text', required: true, pattern: '^retention$', max: 9 },
        { name: 'reflections_months', type: 'number', required: true, onlyInt: true, min: 1, max: 120 },
        { name: 'evidence_months', type: 'number', required: true, onlyInt: true, min: 12, max: 240 },
        { name: 'archived_groups_months', type: 'number', required: true, onlyInt: true, min: 1, max: 120 },
        { name: 'job_on', type: 'bool', required: false },
        { name: 'last_run_at', type: 'date', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_retention_settings_key ON retention_settings (key)'],
    });
    app.save(settings);

    const users = app.findCollectionByNameOrId('users');
    users.fields.add(new BoolField({ name: 'keep_reflections', required: false }));
    app.save(users);

    const cohorts = app.findCollectionByNameOrId('cohorts');
    cohorts.fields.add(new DateField({ name: 'archived_at', required: false }));
    app.save(cohorts);
    app.db().newQuery("UPDATE cohorts SET archived_at = updated WHERE archived = TRUE AND (archived_at = '' OR archived_at IS NULL)").execute();
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('retention_settings'));
    const users = app.findCollectionByNameOrId('users');
    users.fields.removeByName('keep_reflections');
    app.save(users);
    const cohorts = app.findCollectionByNameOrId('cohorts');
    cohorts.fields.removeByName('archived_at');
    app.save(cohorts);
  },
);
