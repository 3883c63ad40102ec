/// <reference path="../pb_data/types.d.ts" />

// The discussion rules named "an active member of the group" with one
// `@collection.enrolments:discussion_member` alias, which PocketBase joins with no ON clause:
// every enrolment of the installation for every thread, post, report or reaction read or
// written. Written through the group's back-relation (`<path>.enrolments_via_cohort`, e.g.
// `thread.cohort.enrolments_via_cohort`) it becomes a join on the indexed cohort column, and
// every condition on that path refers to the same enrolment, as the alias did (same person,
// same group, active). Who may do what is unchanged (tests/integration/discussion-rules.test.ts);
// as migrations 1795437300 and 1795437400 did for the other rules (docs/SCALING.md).
const NAMES = ['discussion_threads', 'discussion_posts', 'discussion_post_versions', 'discussion_reports', 'discussion_reactions', 'discussion_mutes', 'discussion_leaves'];
const RULES = ['listRule', 'viewRule', 'createRule', 'updateRule', 'deleteRule'];
const ALIAS =
  /\(@collection\.enrolments:discussion_member\.user \?= @request\.auth\.id && @collection\.enrolments:discussion_member\.cohort \?= ([a-z_.]+) && @collection\.enrolments:discussion_member\.status \?= "active"\)/g;
const BACK_RELATION = /\(([a-z_.]+)\.enrolments_via_cohort\.user \?= @request\.auth\.id && \1\.enrolments_via_cohort\.status \?= "active"\)/g;

function rewrite(app, pattern, replacement) {
  for (const name of NAMES) {
    const collection = app.findCollectionByNameOrId(name);
    for (const rule of RULES) {
      // A rule reads as a Go *string (typeof "object"), or null when nobody may.
      const value = collection[rule];
      if (value !== null && value !== undefined) collection[rule] = String(value).replace(pattern, replacement);
    }
    app.save(collection);
  }
}

migrate(
  (app) => rewrite(app, ALIAS, '($1.enrolments_via_cohort.user ?= @request.auth.id && $1.enrolments_via_cohort.status ?= "active")'),
  (app) =>
    rewrite(
      app,
      BACK_RELATION,
      '(@collection.enrolments:discussion_member.user ?= @request.auth.id && @collection.enrolments:discussion_member.cohort ?= $1 && @collection.enrolments:discussion_member.status ?= "active")',
    ),
);
