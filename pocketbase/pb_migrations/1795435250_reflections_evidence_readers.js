/// <reference path="../pb_data/types.d.ts" />

// `reflections`: a shared reflection that the trainee sent as evidence (an `evidence` row
// links it) can also be read by the assessors, IQAs and verifiers of the trainee's cohort for
// that course: they judge, sample and verify that evidence. Before, only trainers could read
// it, so an assessor who was not also a trainer saw "not shown" instead of the evidence.
// Still nobody else: a private reflection, or a shared one that is not evidence, stays with
// the trainee and their trainers. If the trainee stops sharing it, it is hidden again.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
// One alias, so every condition holds for the SAME enrolment row: see 1795435205_progress.js.
const enrolment = '@collection.enrolments:owner_enrolment';
const OWNERS_COHORT = [`${enrolment}.user ?= user`, `${enrolment}.course ?= course`];
const TRAINER_OF_OWNERS_COHORT = [...OWNERS_COHORT, `${enrolment}.cohort.trainers:each ?= @request.auth.id`].join(' && ');
const JUDGE_OF_OWNERS_COHORT = [
  ...OWNERS_COHORT,
  `(${['assessors', 'iqas', 'verifiers'].map((list) => `${enrolment}.cohort.${list}:each ?= @request.auth.id`).join(' || ')})`,
].join(' && ');
const SENT_AS_EVIDENCE = '@collection.evidence:linking.reflection ?= id';

const BEFORE = `${SIGNED_IN} && (${OWNER} || (shared = true && ${TRAINER_OF_OWNERS_COHORT}))`;
const AFTER = `${SIGNED_IN} && (${OWNER} || (shared = true && ${TRAINER_OF_OWNERS_COHORT}) || (shared = true && ${SENT_AS_EVIDENCE} && ${JUDGE_OF_OWNERS_COHORT}))`;

function setReadRule(app, rule) {
  const reflections = app.findCollectionByNameOrId('reflections');
  reflections.listRule = rule;
  reflections.viewRule = rule;
  app.save(reflections);
}

migrate(
  (app) => setReadRule(app, AFTER),
  (app) => setReadRule(app, BEFORE),
);
