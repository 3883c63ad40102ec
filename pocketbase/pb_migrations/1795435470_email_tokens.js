/// <reference path="../pb_data/types.d.ts" />

// `email_tokens`: one-time links that prove someone can read an email address.
// - `verify`: sent to a new account's address when REQUIRE_EMAIL_VERIFICATION is on; following
//   it sets the account's `verified`.
// - `change`: sent to the NEW address when someone asks to change their email; following it
//   (signed in as that same person) makes `new_email` their email.
// Only a SHA-256 of the token is stored, so reading this table gives no working link. Every
// rule is null: only the service account (a superuser) reads or writes it
// (src/lib/auth/email-tokens-store.ts). Rows go with their account (cascade delete).
migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const tokens = new Collection({
      type: 'base',
      name: 'email_tokens',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'purpose', type: 'select', values: ['verify', 'change'], maxSelect: 1, required: true },
        { name: 'token_hash', type: 'text', required: true, min: 64, max: 64, pattern: '^[0-9a-f]{64}$' },
        // The address a `change` link moves the account to ('' for `verify`).
        { name: 'new_email', type: 'email', required: false },
        { name: 'expires_at', type: 'date', required: true },
        { name: 'used_at', type: 'date', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX `idx_email_tokens_token_hash` ON `email_tokens` (`token_hash`)',
        'CREATE INDEX `idx_email_tokens_user` ON `email_tokens` (`user`, `purpose`)',
      ],
    });

    app.save(tokens);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('email_tokens'));
  },
);
