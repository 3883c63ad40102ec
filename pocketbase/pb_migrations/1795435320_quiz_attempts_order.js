/// <reference path="../pb_data/types.d.ts" />

// `quiz_attempts`: what each attempt showed, so its history shows what the trainee saw.
// - `asked`: the ids of the questions asked, in the order shown (a module may draw a few
//   questions from a larger pool for each attempt).
// - `option_order`: question id -> the options' identities (their place in the course file, from 0)
//   in the order shown (options are shuffled per attempt unless the author fixes the order).
// Both are written by the server with the service client, like the rest of the row. Rows from
// before this migration have neither: they are shown with every question in file order.
migrate(
  (app) => {
    const attempts = app.findCollectionByNameOrId('quiz_attempts');
    attempts.fields.add(new JSONField({ name: 'asked', required: false, maxSize: 20000 }));
    attempts.fields.add(new JSONField({ name: 'option_order', required: false, maxSize: 20000 }));
    app.save(attempts);
  },
  (app) => {
    const attempts = app.findCollectionByNameOrId('quiz_attempts');
    attempts.fields.removeByName('asked');
    attempts.fields.removeByName('option_order');
    app.save(attempts);
  },
);
