/// <reference path="../pb_data/types.d.ts" />

// `notifications`: "something is waiting for you" for one person (the trainee dashboard's
// list, with read/unread). Written ONLY by pb_hooks/notifications.pb.js, in the same
// transaction as the event it is about (a decision, a reply to a shared reflection, a
// certificate). A row holds the kind of event and where to look, never what was written:
// no feedback, reflection or evidence text, nothing about anyone's health.
// - `user` is the recipient (named `user` like every other per-person collection, so the
//   person's own-rows read and the web server's memory treat it like the rest).
// - list/view: only the recipient.
// - update: only the recipient, and only `read_at` ("Mark as read", or opening the item).
// - create/delete: nobody through the API (the hooks write them; deleting the person
//   deletes them).
// - `emailed_at` stays empty until an email (immediate or digest) has told the person about
//   it: a digest worker picks unread, un-emailed rows by kind (index below).
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
const ONLY_READ_AT_IN_BODY = [
  '@request.body.user:isset = false',
  '@request.body.kind:isset = false',
  '@request.body.link:isset = false',
  '@request.body.subject:isset = false',
  '@request.body.emailed_at:isset = false',
].join(' && ');

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const notifications = new Collection({
      type: 'base',
      name: 'notifications',
      listRule: `${SIGNED_IN} && ${OWNER}`,
      viewRule: `${SIGNED_IN} && ${OWNER}`,
      createRule: null,
      updateRule: `${SIGNED_IN} && ${OWNER} && ${ONLY_READ_AT_IN_BODY}`,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'kind', type: 'select', values: ['decision', 'feedback', 'reply', 'certificate'], maxSelect: 1, required: true },
        // A path on this site ("/evidence/<course>", "/reflections/<id>", "/certificates/<code>").
        { name: 'link', type: 'text', required: true, max: 300, pattern: '^/[A-Za-z0-9/_.-]*$' },
        // The id of the record the event created (decision, reply or certificate).
        { name: 'subject', type: 'text', required: true, max: 15 },
        { name: 'read_at', type: 'date', required: false },
        { name: 'emailed_at', type: 'date', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX `idx_notifications_subject` ON `notifications` (`kind`, `subject`, `user`)',
        'CREATE INDEX `idx_notifications_user` ON `notifications` (`user`, `read_at`)',
        'CREATE INDEX `idx_notifications_unemailed` ON `notifications` (`kind`, `emailed_at`, `read_at`)',
      ],
    });

    app.save(notifications);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('notifications'));
  },
);
