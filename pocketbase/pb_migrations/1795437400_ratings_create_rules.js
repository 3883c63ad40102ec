/// <reference path="../pb_data/types.d.ts" />

// The create rules of competency_ratings and rating_invites named the trainee's and the other
// person's enrolments with up to four `@collection.enrolments:alias` joins. PocketBase joins each
// alias with no ON clause, so one rating's check walked enrolments × enrolments × … : with the
// two thousand enrolments of a full browser-test run a trainee's save took longer than the batch
// limit (30 s) and failed as a whole ("You cannot add this rating"). Written through the
// back-relations (user.enrolments_via_user, invite.peer.enrolments_via_user,
// peer.enrolments_via_user) each becomes a join on the indexed user column, as migration
// 1795437300 did for the read rules. Who may write what is unchanged
// (tests/integration/ratings-rules.test.ts); tests/integration/query-plans.test.ts checks the plan.
const RULES = {
  "competency_ratings": {
    "before": "@request.auth.id != \"\" && rater = @request.auth.id && rater_name = @request.auth.display_name && ((role = \"self\" && user = @request.auth.id && invite = \"\" && @collection.enrolments:own.user ?= @request.auth.id && @collection.enrolments:own.course ?= course && @collection.enrolments:own.status ?= \"active\") || (role = \"peer\" && user != @request.auth.id && invite.peer = @request.auth.id && invite.user = user && invite.course = course && invite.status = \"open\" && @collection.enrolments:group_trainee.user ?= user && @collection.enrolments:group_trainee.course ?= course && @collection.enrolments:group_trainee.status ?= \"active\" && @collection.enrolments:group_trainee.cohort ?!= \"\" && @collection.enrolments:group_other.user ?= @request.auth.id && @collection.enrolments:group_other.course ?= course && @collection.enrolments:group_other.status ?= \"active\" && @collection.enrolments:group_other.cohort ?= @collection.enrolments:group_trainee.cohort) || (role = \"supervisor\" && user != @request.auth.id && invite = \"\" && @collection.enrolments:rating_trainee.user ?= user && @collection.enrolments:rating_trainee.course ?= course && (@collection.enrolments:rating_trainee.cohort.trainers:each ?= @request.auth.id)) || (role = \"assessor\" && user != @request.auth.id && invite = \"\" && @collection.enrolments:rating_trainee.user ?= user && @collection.enrolments:rating_trainee.course ?= course && (@collection.enrolments:rating_trainee.cohort.assessors:each ?= @request.auth.id)))",
    "after": "@request.auth.id != \"\" && rater = @request.auth.id && rater_name = @request.auth.display_name && ((role = \"self\" && user = @request.auth.id && invite = \"\" && user.enrolments_via_user.course ?= course && user.enrolments_via_user.status ?= \"active\") || (role = \"peer\" && user != @request.auth.id && invite.peer = @request.auth.id && invite.user = user && invite.course = course && invite.status = \"open\" && user.enrolments_via_user.course ?= course && user.enrolments_via_user.status ?= \"active\" && user.enrolments_via_user.cohort ?!= \"\" && invite.peer.enrolments_via_user.course ?= course && invite.peer.enrolments_via_user.status ?= \"active\" && invite.peer.enrolments_via_user.cohort ?= user.enrolments_via_user.cohort) || (role = \"supervisor\" && user != @request.auth.id && invite = \"\" && user.enrolments_via_user.course ?= course && (user.enrolments_via_user.cohort.trainers:each ?= @request.auth.id)) || (role = \"assessor\" && user != @request.auth.id && invite = \"\" && user.enrolments_via_user.course ?= course && (user.enrolments_via_user.cohort.assessors:each ?= @request.auth.id)))"
  },
  "rating_invites": {
    "before": "@request.auth.id != \"\" && user = @request.auth.id && peer != @request.auth.id && trainee_name = @request.auth.display_name && peer_name = peer.display_name && status = \"open\" && @collection.enrolments:group_trainee.user ?= @request.auth.id && @collection.enrolments:group_trainee.course ?= course && @collection.enrolments:group_trainee.status ?= \"active\" && @collection.enrolments:group_trainee.cohort ?!= \"\" && @collection.enrolments:group_other.user ?= peer && @collection.enrolments:group_other.course ?= course && @collection.enrolments:group_other.status ?= \"active\" && @collection.enrolments:group_other.cohort ?= @collection.enrolments:group_trainee.cohort",
    "after": "@request.auth.id != \"\" && user = @request.auth.id && peer != @request.auth.id && trainee_name = @request.auth.display_name && peer_name = peer.display_name && status = \"open\" && user.enrolments_via_user.course ?= course && user.enrolments_via_user.status ?= \"active\" && user.enrolments_via_user.cohort ?!= \"\" && peer.enrolments_via_user.course ?= course && peer.enrolments_via_user.status ?= \"active\" && peer.enrolments_via_user.cohort ?= user.enrolments_via_user.cohort"
  }
};

migrate(
  (app) => {
    for (const [name, { after }] of Object.entries(RULES)) {
      const collection = app.findCollectionByNameOrId(name);
      collection.createRule = after;
      app.save(collection);
    }
  },
  (app) => {
    for (const [name, { before }] of Object.entries(RULES)) {
      const collection = app.findCollectionByNameOrId(name);
      collection.createRule = before;
      app.save(collection);
    }
  },
);
