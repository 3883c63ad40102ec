/// <reference path="../pb_data/types.d.ts" />

// `password_resets`: one-time links an admin or trainer makes when no email is configured.
// Only a SHA-256 of the token is stored, so reading this table does not give a working link.
// Every rule is null: only the service account (a superuser) reads or writes it; the web
// server checks who may make a link and marks it used (`used_at`).
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const resets = new Collection({
      type: 'base',
      name: 'password_resets',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'token_hash', type: 'text', required: true, min: 64, max: 64, pattern: '^[0-9a-f]{64}$' },
        { name: 'expires_at', type: 'date', required: true },
        { name: 'used_at', type: 'date', required: false },
        { name: 'created_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_password_resets_token_hash` ON `password_resets` (`token_hash`)'],
    });

    app.save(resets);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('password_resets'));
  },
);
