/// <reference path="../pb_data/types.d.ts" />

// National scale (issue 20). The list/view rules below named "the trainee's enrolment" with
// `@collection.enrolments:alias`. PocketBase turns such an alias into a JOIN with no ON clause
// (every enrolment for every row, and for reflections every evidence row as well), with the
// conditions in WHERE inside COALESCE, where no index can help: a trainer's cohort overview
// timed out (PocketBase's 30 s query limit) with 500 trainees, and a trainee's own reflections
// could not be expanded. The same rule, written through the trainee's back-relation
// `user.enrolments_via_user`, becomes `JOIN enrolments ON enrolments.user = <row>.user` (the
// unique (user, course) index), and every condition on that path refers to the same joined
// enrolment, exactly as the alias did: same enrolment's course, same enrolment's cohort staff.
// "An evidence row links it" becomes `evidence_via_reflection` (JOIN evidence ON
// evidence.reflection = reflections.id), which the new index below serves. A session's
// "active member of the group" becomes `cohort.enrolments_via_cohort` (JOIN enrolments ON
// enrolments.cohort = the session's cohort: idx_enrolments_cohort).
// Who can read what does not change (tests/integration/rules.test.ts, assessment-rules.test.ts,
// reflection-evidence-rules.test.ts, practice-rules.test.ts, ratings-rules.test.ts,
// sessions-rules.test.ts); tests/integration/query-plans.test.ts checks the plans.
// Create and update rules that still use `@collection` aliases are checked for one new row
// at a time and were left as they are.
const RULES = {
  reflections: {
    before: "@request.auth.id != \"\" && (user = @request.auth.id || (shared = true && @collection.enrolments:owner_enrolment.user ?= user && @collection.enrolments:owner_enrolment.course ?= course && @collection.enrolments:owner_enrolment.cohort.trainers:each ?= @request.auth.id) || (shared = true && @collection.evidence:linking.reflection ?= id && @collection.enrolments:owner_enrolment.user ?= user && @collection.enrolments:owner_enrolment.course ?= course && (@collection.enrolments:owner_enrolment.cohort.assessors:each ?= @request.auth.id || @collection.enrolments:owner_enrolment.cohort.iqas:each ?= @request.auth.id || @collection.enrolments:owner_enrolment.cohort.verifiers:each ?= @request.auth.id)))",
    after: "@request.auth.id != \"\" && (user = @request.auth.id || (shared = true && user.enrolments_via_user.course ?= course && user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id) || (shared = true && evidence_via_reflection.reflection ?= id && user.enrolments_via_user.course ?= course && (user.enrolments_via_user.cohort.assessors:each ?= @request.auth.id || user.enrolments_via_user.cohort.iqas:each ?= @request.auth.id || user.enrolments_via_user.cohort.verifiers:each ?= @request.auth.id)))",
  },
  progress: {
    before: "@request.auth.role:each ?= \"admin\" || (@request.auth.id != \"\" && (user = @request.auth.id || (@collection.enrolments:owner_enrolment.user ?= user && @collection.enrolments:owner_enrolment.course ?= course && @collection.enrolments:owner_enrolment.cohort.trainers:each ?= @request.auth.id)))",
    after: "@request.auth.role:each ?= \"admin\" || (@request.auth.id != \"\" && (user = @request.auth.id || (user.enrolments_via_user.course ?= course && user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id)))",
  },
  quiz_attempts: {
    before: "@request.auth.role:each ?= \"admin\" || (@request.auth.id != \"\" && (user = @request.auth.id || (@collection.enrolments:owner_enrolment.user ?= user && @collection.enrolments:owner_enrolment.course ?= course && @collection.enrolments:owner_enrolment.cohort.trainers:each ?= @request.auth.id)))",
    after: "@request.auth.role:each ?= \"admin\" || (@request.auth.id != \"\" && (user = @request.auth.id || (user.enrolments_via_user.course ?= course && user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id)))",
  },
  evidence: {
    before: "@request.auth.id != \"\" && (user = @request.auth.id || (@collection.enrolments:trainee_enrolment.user ?= user && @collection.enrolments:trainee_enrolment.course ?= course && (@collection.enrolments:trainee_enrolment.cohort.trainers:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.assessors:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.iqas:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.verifiers:each ?= @request.auth.id)))",
    after: "@request.auth.id != \"\" && (user = @request.auth.id || (user.enrolments_via_user.course ?= course && (user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id || user.enrolments_via_user.cohort.assessors:each ?= @request.auth.id || user.enrolments_via_user.cohort.iqas:each ?= @request.auth.id || user.enrolments_via_user.cohort.verifiers:each ?= @request.auth.id)))",
  },
  observations: {
    before: "@request.auth.id != \"\" && (user = @request.auth.id || (@collection.enrolments:trainee_enrolment.user ?= user && @collection.enrolments:trainee_enrolment.course ?= course && (@collection.enrolments:trainee_enrolment.cohort.trainers:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.assessors:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.iqas:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.verifiers:each ?= @request.auth.id)))",
    after: "@request.auth.id != \"\" && (user = @request.auth.id || (user.enrolments_via_user.course ?= course && (user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id || user.enrolments_via_user.cohort.assessors:each ?= @request.auth.id || user.enrolments_via_user.cohort.iqas:each ?= @request.auth.id || user.enrolments_via_user.cohort.verifiers:each ?= @request.auth.id)))",
  },
  decisions: {
    before: "@request.auth.id != \"\" && (user = @request.auth.id || (@collection.enrolments:trainee_enrolment.user ?= user && @collection.enrolments:trainee_enrolment.course ?= course && (@collection.enrolments:trainee_enrolment.cohort.trainers:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.assessors:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.iqas:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.verifiers:each ?= @request.auth.id)))",
    after: "@request.auth.id != \"\" && (user = @request.auth.id || (user.enrolments_via_user.course ?= course && (user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id || user.enrolments_via_user.cohort.assessors:each ?= @request.auth.id || user.enrolments_via_user.cohort.iqas:each ?= @request.auth.id || user.enrolments_via_user.cohort.verifiers:each ?= @request.auth.id)))",
  },
  unit_signoffs: {
    before: "@request.auth.id != \"\" && (user = @request.auth.id || (@collection.enrolments:trainee_enrolment.user ?= user && @collection.enrolments:trainee_enrolment.course ?= course && (@collection.enrolments:trainee_enrolment.cohort.trainers:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.assessors:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.iqas:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.verifiers:each ?= @request.auth.id)))",
    after: "@request.auth.id != \"\" && (user = @request.auth.id || (user.enrolments_via_user.course ?= course && (user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id || user.enrolments_via_user.cohort.assessors:each ?= @request.auth.id || user.enrolments_via_user.cohort.iqas:each ?= @request.auth.id || user.enrolments_via_user.cohort.verifiers:each ?= @request.auth.id)))",
  },
  practice_hours: {
    before: "@request.auth.id != \"\" && (user = @request.auth.id || (@collection.enrolments:trainee_enrolment.user ?= user && @collection.enrolments:trainee_enrolment.course ?= course && (@collection.enrolments:trainee_enrolment.cohort.trainers:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.assessors:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.iqas:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.verifiers:each ?= @request.auth.id)))",
    after: "@request.auth.id != \"\" && (user = @request.auth.id || (user.enrolments_via_user.course ?= course && (user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id || user.enrolments_via_user.cohort.assessors:each ?= @request.auth.id || user.enrolments_via_user.cohort.iqas:each ?= @request.auth.id || user.enrolments_via_user.cohort.verifiers:each ?= @request.auth.id)))",
  },
  practice_observations: {
    before: "@request.auth.id != \"\" && (user = @request.auth.id || (@collection.enrolments:trainee_enrolment.user ?= user && @collection.enrolments:trainee_enrolment.course ?= course && (@collection.enrolments:trainee_enrolment.cohort.trainers:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.assessors:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.iqas:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.verifiers:each ?= @request.auth.id)))",
    after: "@request.auth.id != \"\" && (user = @request.auth.id || (user.enrolments_via_user.course ?= course && (user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id || user.enrolments_via_user.cohort.assessors:each ?= @request.auth.id || user.enrolments_via_user.cohort.iqas:each ?= @request.auth.id || user.enrolments_via_user.cohort.verifiers:each ?= @request.auth.id)))",
  },
  supervision_sessions: {
    before: "@request.auth.id != \"\" && (user = @request.auth.id || supervisor = @request.auth.id || (@collection.enrolments:trainee_enrolment.user ?= user && @collection.enrolments:trainee_enrolment.course ?= course && (@collection.enrolments:trainee_enrolment.cohort.trainers:each ?= @request.auth.id || @collection.enrolments:trainee_enrolment.cohort.assessors:each ?= @request.auth.id)))",
    after: "@request.auth.id != \"\" && (user = @request.auth.id || supervisor = @request.auth.id || (user.enrolments_via_user.course ?= course && (user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id || user.enrolments_via_user.cohort.assessors:each ?= @request.auth.id)))",
  },
  competency_ratings: {
    before: "@request.auth.id != \"\" && (user = @request.auth.id || rater = @request.auth.id || (@collection.enrolments:rating_trainee.user ?= user && @collection.enrolments:rating_trainee.course ?= course && (@collection.enrolments:rating_trainee.cohort.trainers:each ?= @request.auth.id || @collection.enrolments:rating_trainee.cohort.assessors:each ?= @request.auth.id || @collection.enrolments:rating_trainee.cohort.iqas:each ?= @request.auth.id)))",
    after: "@request.auth.id != \"\" && (user = @request.auth.id || rater = @request.auth.id || (user.enrolments_via_user.course ?= course && (user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id || user.enrolments_via_user.cohort.assessors:each ?= @request.auth.id || user.enrolments_via_user.cohort.iqas:each ?= @request.auth.id)))",
  },
  cohort_sessions: {
    before: "@request.auth.role:each ?= \"admin\" || (@request.auth.id != \"\" && ((cohort.trainers:each ?= @request.auth.id || cohort.assessors:each ?= @request.auth.id || cohort.iqas:each ?= @request.auth.id || cohort.verifiers:each ?= @request.auth.id) || (@collection.enrolments:member.user ?= @request.auth.id && @collection.enrolments:member.cohort ?= cohort && @collection.enrolments:member.status ?= \"active\")))",
    after: "@request.auth.role:each ?= \"admin\" || (@request.auth.id != \"\" && ((cohort.trainers:each ?= @request.auth.id || cohort.assessors:each ?= @request.auth.id || cohort.iqas:each ?= @request.auth.id || cohort.verifiers:each ?= @request.auth.id) || (cohort.enrolments_via_cohort.user ?= @request.auth.id && cohort.enrolments_via_cohort.status ?= \"active\")))",
  },
};

const INDEXES = {
  evidence: ['CREATE INDEX `idx_evidence_reflection` ON `evidence` (`reflection`)'],
};

migrate(
  (app) => {
    for (const [name, { after }] of Object.entries(RULES)) {
      const collection = app.findCollectionByNameOrId(name);
      collection.listRule = after;
      collection.viewRule = after;
      app.save(collection);
    }
    for (const [name, indexes] of Object.entries(INDEXES)) {
      const collection = app.findCollectionByNameOrId(name);
      collection.indexes = [...collection.indexes, ...indexes];
      app.save(collection);
    }
  },
  (app) => {
    for (const [name, indexes] of Object.entries(INDEXES)) {
      const collection = app.findCollectionByNameOrId(name);
      collection.indexes = collection.indexes.filter((index) => !indexes.includes(index));
      app.save(collection);
    }
    for (const [name, { before }] of Object.entries(RULES)) {
      const collection = app.findCollectionByNameOrId(name);
      collection.listRule = before;
      collection.viewRule = before;
      app.save(collection);
    }
  },
);
