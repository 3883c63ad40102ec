/// <reference path="../pb_data/types.d.ts" />

// API rules for `users`. PocketBase listens on 127.0.0.1 only and Astro calls it with each
// person's own token, so these rules are what stop one person reading or changing another.
// - list/view: only your own record; nobody can browse other accounts.
// - create: anyone may sign up, but never with a role (roles are granted by the service
//   account, which as a superuser bypasses rules).
// - update: only yourself, and never your own role, in any form (`role`, `role+`, `role-`).
// - delete: only the service account (accounts anchor certificates and audit history).
const OWN_RECORD = 'id = @request.auth.id';
const NO_ROLE_IN_BODY = '@request.body.role:isset = false';

// PocketBase 0.40 defaults for `users`, restored by `down`.
const DEFAULT_RULES = {
  listRule: 'id = @request.auth.id',
  viewRule: 'id = @request.auth.id',
  createRule: '',
  updateRule: 'id = @request.auth.id',
  deleteRule: 'id = @request.auth.id',
};

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    users.listRule = OWN_RECORD;
    users.viewRule = OWN_RECORD;
    users.createRule = NO_ROLE_IN_BODY;
    users.updateRule = `${OWN_RECORD} && ${NO_ROLE_IN_BODY}`;
    users.deleteRule = null;

    app.save(users);
  },
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    users.listRule = DEFAULT_RULES.listRule;
    users.viewRule = DEFAULT_RULES.viewRule;
    users.createRule = DEFAULT_RULES.createRule;
    users.updateRule = DEFAULT_RULES.updateRule;
    users.deleteRule = DEFAULT_RULES.deleteRule;

    app.save(users);
  },
);
