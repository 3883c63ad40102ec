/// <reference path="../pb_data/types.d.ts" />

// `new_assessor` decides how much of an assessor's work the IQA must sample, and
// `organisation` is the accrediting body a verifier speaks for: like `role`, only an admin
// (through the service account) sets them. Sign-up and self-updates may send neither, in
// any form. Everything else about the `users` rules stays as 1795435201_users_api_rules.js
// made it; `down` puts those rules back exactly.
const OWN_RECORD = 'id = @request.auth.id';
const NO_ROLE_IN_BODY = '@request.body.role:isset = false';
const NO_STAFF_FIELDS_IN_BODY = [
  NO_ROLE_IN_BODY,
  '@request.body.new_assessor:isset = false',
  '@request.body.organisation:isset = false',
].join(' && ');

// The rules as 1795435201_users_api_rules.js left them.
const PREVIOUS_RULES = {
  createRule: NO_ROLE_IN_BODY,
  updateRule: `${OWN_RECORD} && ${NO_ROLE_IN_BODY}`,
};

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    users.createRule = NO_STAFF_FIELDS_IN_BODY;
    users.updateRule = `${OWN_RECORD} && ${NO_STAFF_FIELDS_IN_BODY}`;

    app.save(users);
  },
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    users.createRule = PREVIOUS_RULES.createRule;
    users.updateRule = PREVIOUS_RULES.updateRule;

    app.save(users);
  },
);
