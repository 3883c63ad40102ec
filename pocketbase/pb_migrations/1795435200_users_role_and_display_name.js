/// <reference path="../pb_data/types.d.ts" />

// Adds the two profile fields every part of the app relies on to the built-in `users`
// auth collection:
// - `role`: what a person may do. A multi-select because one person can hold several roles
//   (a peer trainer is often an assessor too). Not required: a new account starts with none
//   and is made a trainee by whoever creates it.
// - `display_name`: the name shown to peers and on certificates; `email` stays private.
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    users.fields.add(
      new SelectField({
        name: 'role',
        values: ['trainee', 'trainer', 'assessor', 'verifier', 'admin'],
        maxSelect: 5,
        required: false,
      }),
    );
    users.fields.add(
      new TextField({
        name: 'display_name',
        required: true,
        max: 80,
        presentable: true,
      }),
    );

    app.save(users);
  },
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    users.fields.removeByName('role');
    users.fields.removeByName('display_name');

    app.save(users);
  },
);
