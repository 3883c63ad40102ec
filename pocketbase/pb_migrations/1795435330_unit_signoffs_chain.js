/// <reference path="../pb_data/types.d.ts" />

// `unit_signoffs` becomes a chain per (trainee, course, unit), never edited in place:
// - the first sign-off has `supersedes` = "";
// - a withdrawal is a new row with `withdrawn` = true, a `reason`, and `supersedes` = the
//   sign-off it takes back;
// - signing the unit off again is a new row (withdrawn = false) that supersedes the withdrawal.
// The unit is signed off when the newest row of its chain is not a withdrawal
// (src/lib/assessment/status.ts, signOffState). A unique index on (user, course, unit,
// supersedes) keeps the chain a single line: each row is superseded at most once, so two people
// withdrawing at the same moment make one withdrawal. pb_hooks/assessment.pb.js checks that a
// row supersedes the newest row of the same chain and alternates sign-off / withdrawal, and
// that a withdrawal has a reason. Rules: who may create is unchanged (a trainer or assessor of
// the trainee's cohort, as themself, never for themself); update/delete: nobody.
migrate(
  (app) => {
    const signoffs = app.findCollectionByNameOrId('unit_signoffs');
    signoffs.fields.add(new RelationField({ name: 'supersedes', collectionId: signoffs.id, maxSelect: 1, cascadeDelete: false, required: false }));
    signoffs.fields.add(new BoolField({ name: 'withdrawn' }));
    signoffs.fields.add(new TextField({ name: 'reason', required: false, max: 2000 }));
    signoffs.indexes = [
      'CREATE UNIQUE INDEX `idx_unit_signoffs_user_course_unit` ON `unit_signoffs` (`user`, `course`, `unit`, `supersedes`)',
    ];
    app.save(signoffs);
  },
  (app) => {
    const signoffs = app.findCollectionByNameOrId('unit_signoffs');
    signoffs.fields.removeByName('supersedes');
    signoffs.fields.removeByName('withdrawn');
    signoffs.fields.removeByName('reason');
    signoffs.indexes = ['CREATE UNIQUE INDEX `idx_unit_signoffs_user_course_unit` ON `unit_signoffs` (`user`, `course`, `unit`)'];
    app.save(signoffs);
  },
);
