/// <reference path="../pb_data/types.d.ts" />

// The rest of a cohort's staff, beside `trainers`: `assessors` (judge evidence and sign off
// units), `iqas` (sample assessors' decisions) and `verifiers` (the accrediting body's
// external verifiers, granted per cohort by an admin). Being listed here is what lets a
// person see and act on the cohort's assessment records; see docs/DATA-MODEL.md.
// The rules that let them see the cohort itself are in 1795435215_cohorts_staff_rules.js.
const STAFF_LISTS = ['assessors', 'iqas', 'verifiers'];

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const cohorts = app.findCollectionByNameOrId('cohorts');

    for (const name of STAFF_LISTS) {
      cohorts.fields.add(
        new RelationField({ name, collectionId: users.id, maxSelect: 999, cascadeDelete: false, required: false }),
      );
    }

    app.save(cohorts);
  },
  (app) => {
    const cohorts = app.findCollectionByNameOrId('cohorts');

    for (const name of STAFF_LISTS) {
      cohorts.fields.removeByName(name);
    }

    app.save(cohorts);
  },
);
