/// <reference path="../pb_data/types.d.ts" />

// `invitations`: someone invited to a group by email before they have an account. Only a
// SHA-256 of the link's token is stored, so reading this table does not give a working link.
// Every rule is null: only the service account (a superuser) reads or writes it; the web
// server checks who may invite (an administrator, or a trainer of that group) and who may
// accept (src/lib/cohorts/invitations-store.ts).
//
// Also switches on PocketBase's batch API (POST /api/batch), so adding many people at once
// is one transaction: every enrolment, role and invitation of a list is saved, or none is.
// Each request in a batch still passes its collection's API rules, so this gives a person's
// token nothing it did not have. `down` puts the batch settings back as they were.
const PREVIOUS_BATCH = { enabled: true, maxRequests: 50 }; // as 1795435400_email_outbox.js left them

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const cohorts = app.findCollectionByNameOrId('cohorts');

    const invitations = new Collection({
      type: 'base',
      name: 'invitations',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'cohort', type: 'relation', collectionId: cohorts.id, maxSelect: 1, cascadeDelete: true, required: true },
        // Lower case, trimmed.
        { name: 'email', type: 'email', required: true },
        { name: 'name', type: 'text', required: false, max: 80 },
        { name: 'token_hash', type: 'text', required: true, min: 64, max: 64, pattern: '^[0-9a-f]{64}$' },
        { name: 'expires_at', type: 'date', required: true },
        { name: 'status', type: 'select', values: ['pending', 'accepted', 'withdrawn', 'expired'], maxSelect: 1, required: true },
        { name: 'invited_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'accepted_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'accepted_at', type: 'date', required: false },
        { name: 'sent_count', type: 'number', required: false, min: 0, onlyInt: true },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX `idx_invitations_token_hash` ON `invitations` (`token_hash`)',
        // One live invitation per person per group.
        "CREATE UNIQUE INDEX `idx_invitations_pending` ON `invitations` (`cohort`, `email`) WHERE `status` = 'pending'",
        'CREATE INDEX `idx_invitations_email` ON `invitations` (`email`)',
      ],
    });
    app.save(invitations);

    const settings = app.settings();
    settings.batch.enabled = true;
    settings.batch.maxRequests = 300;
    app.save(settings);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('invitations'));
    const settings = app.settings();
    settings.batch.enabled = PREVIOUS_BATCH.enabled;
    settings.batch.maxRequests = PREVIOUS_BATCH.maxRequests;
    app.save(settings);
  },
);
