/// <reference path="../pb_data/types.d.ts" />

// `account_notices`: things a person must be told about their own account the next time they
// sign in, e.g. "a password reset link was made for your account by <staff> on <date>".
// Written only by the web server's service account (when the thing happens).
// - list/view: only the person it is about.
// - update: only that person, and only `dismissed_at` ("I have read this"), which hides it from
//   the banner; the account page's activity list keeps showing it, so someone who used a reset
//   link made for another person cannot make the notice disappear.
// - create/delete: nobody through the API.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
const ONLY_DISMISSED_IN_BODY = [
  '@request.body.user:isset = false',
  '@request.body.kind:isset = false',
  '@request.body.actor_name:isset = false',
  '@request.body.made_at:isset = false',
].join(' && ');

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const notices = new Collection({
      type: 'base',
      name: 'account_notices',
      listRule: `${SIGNED_IN} && ${OWNER}`,
      viewRule: `${SIGNED_IN} && ${OWNER}`,
      createRule: null,
      updateRule: `${SIGNED_IN} && ${OWNER} && ${ONLY_DISMISSED_IN_BODY}`,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'kind', type: 'select', values: ['reset_link_made', 'reset_link_used'], maxSelect: 1, required: true },
        // The staff member's name as it was then: the person cannot read other accounts.
        { name: 'actor_name', type: 'text', required: true, max: 200 },
        { name: 'made_at', type: 'date', required: true },
        { name: 'dismissed_at', type: 'date', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_account_notices_user` ON `account_notices` (`user`, `dismissed_at`)'],
    });

    app.save(notices);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('account_notices'));
  },
);
