/// <reference path="../pb_data/types.d.ts" />

// Two facts about staff, set by an admin (through the service account: people cannot
// change their own record's role-like fields through the web server):
// - `new_assessor`: a new assessor, whose decisions the IQA samples in full.
// - `organisation`: for verifiers, the accrediting body they work for.
// The `users` rules are unchanged: a person reads only their own record.
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    users.fields.add(new BoolField({ name: 'new_assessor', required: false }));
    users.fields.add(new TextField({ name: 'organisation', required: false, max: 200 }));

    app.save(users);
  },
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    users.fields.removeByName('new_assessor');
    users.fields.removeByName('organisation');

    app.save(users);
  },
);
