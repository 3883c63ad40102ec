/// <reference path="../pb_data/types.d.ts" />

// Everyone listed on a cohort may see it: its trainers (as before), and now its assessors,
// IQAs and verifiers. create/update/delete stay admin only. `down` restores the rules of
// 1795435203_cohorts.js exactly.
const SIGNED_IN = '@request.auth.id != ""';
// `:each ?=` means "any item equals". PocketBase 0.40 compares a bare multi-value field
// (`role`, `trainers`) as its JSON text, so `role ?= "admin"` would never match.
const ADMIN = '@request.auth.role:each ?= "admin"';
// `SIGNED_IN` first: for an anonymous request `@request.auth.id` is "", which would match a
// cohort with an empty list (PocketBase compares missing values as "").
const STAFF_OF_THIS_COHORT = [
  'trainers:each ?= @request.auth.id',
  'assessors:each ?= @request.auth.id',
  'iqas:each ?= @request.auth.id',
  'verifiers:each ?= @request.auth.id',
].join(' || ');
const READ_RULE = `${ADMIN} || (${SIGNED_IN} && (${STAFF_OF_THIS_COHORT}))`;

// The list/view rule as 1795435203_cohorts.js wrote it.
const PREVIOUS_READ_RULE = `${ADMIN} || (${SIGNED_IN} && trainers:each ?= @request.auth.id)`;

migrate(
  (app) => {
    const cohorts = app.findCollectionByNameOrId('cohorts');

    cohorts.listRule = READ_RULE;
    cohorts.viewRule = READ_RULE;

    app.save(cohorts);
  },
  (app) => {
    const cohorts = app.findCollectionByNameOrId('cohorts');

    cohorts.listRule = PREVIOUS_READ_RULE;
    cohorts.viewRule = PREVIOUS_READ_RULE;

    app.save(cohorts);
  },
);
