/// <reference path="../pb_data/types.d.ts" />

// `qa_plans`: an IQA's sampling plan for a cohort: how the sample was drawn (`method`: by
// assessor, by unit, or at random; `parameter`: the assessor id, unit id, or percentage) and
// the decisions drawn. Never edited in place: a new sample is a new plan.
// - create: an IQA of the cohort, as `created_by` themself. pb_hooks/assessment.pb.js checks
//   that every sampled decision is about a trainee of that cohort.
// - list/view: the cohort's IQAs and verifiers; admins.
// - update/delete: nobody through the API.
const SIGNED_IN = '@request.auth.id != ""';
// `:each ?=` means "any item equals"; see 1795435203_cohorts.js.
const ADMIN = '@request.auth.role:each ?= "admin"';
const AS_THEMSELF = '@request.body.created_by = @request.auth.id';
// Needs `SIGNED_IN` beside it: an anonymous "" matches an empty list.
const IQA_OF_THE_COHORT = 'cohort.iqas:each ?= @request.auth.id';
const VERIFIER_OF_THE_COHORT = 'cohort.verifiers:each ?= @request.auth.id';

const READ_RULE = `${ADMIN} || (${SIGNED_IN} && (${IQA_OF_THE_COHORT} || ${VERIFIER_OF_THE_COHORT}))`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const cohorts = app.findCollectionByNameOrId('cohorts');
    const decisions = app.findCollectionByNameOrId('decisions');

    const plans = new Collection({
      type: 'base',
      name: 'qa_plans',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: `${SIGNED_IN} && ${AS_THEMSELF} && ${IQA_OF_THE_COHORT}`,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'cohort', type: 'relation', collectionId: cohorts.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'created_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'method', type: 'select', values: ['assessor', 'unit', 'random'], maxSelect: 1, required: true },
        // The assessor's id, the unit id, or a percentage, depending on `method`.
        { name: 'parameter', type: 'text', required: false, max: 100 },
        { name: 'decisions', type: 'relation', collectionId: decisions.id, maxSelect: 999, cascadeDelete: false, required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_qa_plans_cohort` ON `qa_plans` (`cohort`)'],
    });

    app.save(plans);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('qa_plans'));
  },
);
