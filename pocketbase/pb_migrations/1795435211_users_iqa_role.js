/// <reference path="../pb_data/types.d.ts" />

// `users.role` gains `iqa`: the internal quality assurer, who samples assessors' decisions
// (see qa_plans and qa_samples). Every earlier value and its order stay as they were.
// `down` takes `iqa` away again, from the field and from everyone who holds it, so the
// older field definition can validate every account.
const BEFORE = ['trainee', 'trainer', 'assessor', 'verifier', 'admin'];
const AFTER = ['trainee', 'trainer', 'assessor', 'verifier', 'admin', 'iqa'];

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const role = users.fields.getByName('role');

    role.values = AFTER;
    role.maxSelect = AFTER.length;

    app.save(users);
  },
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    for (const user of app.findRecordsByFilter('users', 'role:each ?= "iqa"', '', 0, 0)) {
      user.set('role', user.getStringSlice('role').filter((value) => value !== 'iqa'));
      app.saveNoValidate(user);
    }

    const role = users.fields.getByName('role');
    role.values = BEFORE;
    role.maxSelect = BEFORE.length;

    app.save(users);
  },
);
