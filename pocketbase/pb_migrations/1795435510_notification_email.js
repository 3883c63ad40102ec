/// <reference path="../pb_data/types.d.ts" />

// Email for notifications (docs/NOTIFICATIONS.md):
// - `notifications.kind` gains the staff kinds written by pb_hooks/notifications.pb.js:
//   `evidence` (new evidence to decide → the group's assessors), `iqa_return` (an IQA
//   disagreed → the decision's assessor), `sample` (a sampling plan → the group's IQAs).
// - `notification_settings`: one row per person who changed their email choices (no row: the
//   defaults, a daily digest). One field per category: immediate / daily / weekly / off, and
//   quiet hours ("21:00"–"08:00"; "off" for none). All API rules null: the web server reads
//   and writes it with the service account (src/lib/notifications/email-prefs-store.ts), for
//   the signed-in person only, and for a signed unsubscribe link.
// - `invitations.emailed`: the invitation went by email, so accepting it proves the address
//   (the account is marked verified).
const MODES = ['immediate', 'daily', 'weekly', 'off'];
const CATEGORIES = ['feedback', 'replies', 'certificates', 'to_decide', 'iqa_returns', 'samples'];
const HOUR = '^$|^off$|^([01][0-9]|2[0-3]):00$';

migrate(
  (app) => {
    const notifications = app.findCollectionByNameOrId('notifications');
    const kind = notifications.fields.getByName('kind');
    kind.values = ['decision', 'feedback', 'reply', 'certificate', 'evidence', 'iqa_return', 'sample'];
    app.save(notifications);

    const users = app.findCollectionByNameOrId('users');
    const settings = new Collection({
      type: 'base',
      name: 'notification_settings',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: true, required: true },
        ...CATEGORIES.map((name) => ({ name, type: 'select', values: MODES, maxSelect: 1, required: false })),
        { name: 'quiet_start', type: 'text', required: false, max: 5, pattern: HOUR },
        { name: 'quiet_end', type: 'text', required: false, max: 5, pattern: HOUR },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_notification_settings_user` ON `notification_settings` (`user`)'],
    });
    app.save(settings);

    const invitations = app.findCollectionByNameOrId('invitations');
    invitations.fields.add(new BoolField({ name: 'emailed', required: false }));
    app.save(invitations);
  },
  (app) => {
    const invitations = app.findCollectionByNameOrId('invitations');
    invitations.fields.removeByName('emailed');
    app.save(invitations);
    app.delete(app.findCollectionByNameOrId('notification_settings'));
    const notifications = app.findCollectionByNameOrId('notifications');
    // Rows of the staff kinds cannot stay once their kind is gone.
    app.db().newQuery("DELETE FROM notifications WHERE kind IN ('evidence', 'iqa_return', 'sample')").execute();
    notifications.fields.getByName('kind').values = ['decision', 'feedback', 'reply', 'certificate'];
    app.save(notifications);
  },
);
