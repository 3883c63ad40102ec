/// <reference path="../pb_data/types.d.ts" />

// `email_outbox`: every email the site sends, queued first and sent by the web server's worker
// (src/lib/email/worker.ts). Only the service account reads or writes it: every API rule is
// null (superusers only). `data` holds what a template needs (names, links) and never
// reflection, evidence or health text (src/lib/email/templates.ts refuses such fields). A
// reset link in `data` is a working secret until used: `data` is emptied once the row is sent
// or has failed for good.
//
// The batch API is switched on so that an outbox row can be written in the same transaction as
// the change it tells someone about (e.g. a reset link and its email). Batch requests obey the
// same API rules as single ones.
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const outbox = new Collection({
      type: 'base',
      name: 'email_outbox',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        // Empty for an address that has no account (e.g. an invitation).
        { name: 'recipient_user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: true, required: false },
        { name: 'to_address', type: 'email', required: true },
        { name: 'kind', type: 'text', required: true, max: 50, pattern: '^[a-z][a-z0-9_]*$' },
        { name: 'data', type: 'json', required: false, maxSize: 20000 },
        { name: 'status', type: 'select', values: ['queued', 'sending', 'sent', 'failed'], maxSelect: 1, required: true },
        { name: 'attempts', type: 'number', required: false, min: 0, onlyInt: true },
        { name: 'next_attempt_at', type: 'date', required: false },
        // While `sending`: the worker that claimed it and until when. A lease that has run out
        // means that worker stopped (or hung); the row is then claimed again.
        { name: 'lease_owner', type: 'text', required: false, max: 100 },
        { name: 'lease_until', type: 'date', required: false },
        { name: 'last_error', type: 'text', required: false, max: 1000 },
        // The Message-ID header, made from the row id: the same on every attempt.
        { name: 'message_id', type: 'text', required: false, max: 300 },
        { name: 'sent_at', type: 'date', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE INDEX `idx_email_outbox_due` ON `email_outbox` (`status`, `next_attempt_at`)',
        'CREATE INDEX `idx_email_outbox_created` ON `email_outbox` (`created`)',
      ],
    });
    app.save(outbox);

    const settings = app.settings();
    settings.batch.enabled = true;
    if (!settings.batch.maxRequests || settings.batch.maxRequests < 50) settings.batch.maxRequests = 50;
    app.save(settings);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('email_outbox'));
    const settings = app.settings();
    settings.batch.enabled = false;
    app.save(settings);
  },
);
