/// <reference path="../pb_data/types.d.ts" />

// Adds what a person may tell us about themselves to the built-in `users` collection:
// - `pronouns`: shown next to the display name to peers and trainers, if given. Free text
//   (people describe themselves in their own words), short enough for one line.
// - `pref_large_text`, `pref_reduced_motion`, `pref_dyslexia_spacing`: reading preferences
//   kept with the account, so they follow a person to every device. Off by default.
// The existing `users` rules already let a person change these on their own record only.
const PREFERENCES = ['pref_large_text', 'pref_reduced_motion', 'pref_dyslexia_spacing'];

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    users.fields.add(new TextField({ name: 'pronouns', max: 40, required: false }));
    for (const name of PREFERENCES) {
      users.fields.add(new BoolField({ name, required: false }));
    }

    app.save(users);
  },
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    users.fields.removeByName('pronouns');
    for (const name of PREFERENCES) {
      users.fields.removeByName(name);
    }

    app.save(users);
  },
);
