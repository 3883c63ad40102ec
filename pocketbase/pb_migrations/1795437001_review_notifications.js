/// <reference path="../pb_data/types.d.ts" />

// Review rounds tell the people invited (docs/NOTIFICATIONS.md): `notifications.kind` gains
// `review` (a row per person and round: "you were asked to review a course", a link to the
// round, never any text), and `notification_settings` gains `reviews`, its email choice.
// Values are added to whatever the list holds, so other migrations may add kinds too.
migrate(
  (app) => {
    const notifications = app.findCollectionByNameOrId('notifications');
    const kind = notifications.fields.getByName('kind');
    if (!kind.values.includes('review')) kind.values = [...kind.values, 'review'];
    app.save(notifications);
    const settings = app.findCollectionByNameOrId('notification_settings');
    settings.fields.add(new SelectField({ name: 'reviews', values: ['immediate', 'daily', 'weekly', 'off'], maxSelect: 1, required: false }));
    app.save(settings);
  },
  (app) => {
    const settings = app.findCollectionByNameOrId('notification_settings');
    settings.fields.removeByName('reviews');
    app.save(settings);
    app.db().newQuery("DELETE FROM notifications WHERE kind = 'review'").execute();
    const notifications = app.findCollectionByNameOrId('notifications');
    const kind = notifications.fields.getByName('kind');
    kind.values = kind.values.filter((v) => v !== 'review');
    app.save(notifications);
  },
);
