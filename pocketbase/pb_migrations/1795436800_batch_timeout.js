/// <reference path="../pb_data/types.d.ts" />

// Batches (one transaction for several writes: an email with its event, a group's invitations,
// a trainee's ratings) get 30 seconds instead of PocketBase's default 3. On a busy two-core
// machine a batch of many rows with rule checks can pass 3 seconds; it then fails whole, and
// the person would be told their change was refused when it was only slow.
migrate(
  (app) => {
    const settings = app.settings();
    if (!settings.batch.timeout || settings.batch.timeout < 30) settings.batch.timeout = 30;
    app.save(settings);
  },
  (app) => {
    const settings = app.settings();
    settings.batch.timeout = 3;
    app.save(settings);
  },
);
