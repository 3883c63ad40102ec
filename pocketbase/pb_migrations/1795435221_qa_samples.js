/// <reference path="../pb_data/types.d.ts" />

// `qa_samples`: an IQA's verdict on one sampled decision. Never edited in place.
// A `disagree` sends the decision back to its assessor. That state is derived, not stored:
// the decision's latest sample disagrees and no newer decision supersedes it.
// - create: an IQA of the cohort, as `iqa` themself. pb_hooks/assessment.pb.js checks that
//   they are not the decision's assessor and that the decision is about a trainee of that
//   cohort.
// - list/view: the cohort's IQAs, assessors, trainers and verifiers; admins.
// - update/delete: nobody through the API.
const SIGNED_IN = '@request.auth.id != ""';
// `:each ?=` means "any item equals"; see 1795435203_cohorts.js.
const ADMIN = '@request.auth.role:each ?= "admin"';
const AS_THEMSELF = '@request.body.iqa = @request.auth.id';
// Needs `SIGNED_IN` beside it: an anonymous "" matches an empty list.
const IQA_OF_THE_COHORT = 'cohort.iqas:each ?= @request.auth.id';
const STAFF_OF_THE_COHORT = ['iqas', 'assessors', 'trainers', 'verifiers']
  .map((list) => `cohort.${list}:each ?= @request.auth.id`)
  .join(' || ');

const READ_RULE = `${ADMIN} || (${SIGNED_IN} && (${STAFF_OF_THE_COHORT}))`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const cohorts = app.findCollectionByNameOrId('cohorts');
    const decisions = app.findCollectionByNameOrId('decisions');

    const samples = new Collection({
      type: 'base',
      name: 'qa_samples',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: `${SIGNED_IN} && ${AS_THEMSELF} && ${IQA_OF_THE_COHORT}`,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'decision', type: 'relation', collectionId: decisions.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'cohort', type: 'relation', collectionId: cohorts.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'iqa', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'verdict', type: 'select', values: ['agree', 'disagree'], maxSelect: 1, required: true },
        { name: 'rationale', type: 'text', required: true, max: 10000 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE INDEX `idx_qa_samples_decision` ON `qa_samples` (`decision`)',
        'CREATE INDEX `idx_qa_samples_cohort` ON `qa_samples` (`cohort`)',
      ],
    });

    app.save(samples);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('qa_samples'));
  },
);
