/// <reference path="../pb_data/types.d.ts" />

// Backups (docs/OPERATIONS.md, "Backups"). PocketBase's own backups (scheduled by the
// `backups.cron` setting that `npm start` applies, made from the dashboard, or asked for by
// `npm run backup`) zip the whole data folder. These secrets Lived Learning keeps there are
// left out of every backup, and left where they are by a restore from the dashboard:
//   service-account.json         the service superuser's password (made again by `npm start`)
//   credential-signing-key.json  the certificate signing key (saved apart, with
//                                `npm run backup -- --secrets FILE`)
//   unsubscribe-secret           signs the stop-emails links (saved with the signing key)
// A leaked backup then cannot be used to sign certificates in the organisation's name.
// The same list is in src/lib/backup/secrets.ts (tests/unit/backup.test.ts checks they agree).
//
// Each handler runs in its own JS context: everything it needs is defined inside it.

onBackupCreate((e) => {
  const secrets = ['service-account.json', 'credential-signing-key.json', 'unsubscribe-secret'];
  e.exclude = e.exclude.concat(secrets);
  e.next();
});

onBackupRestore((e) => {
  const secrets = ['service-account.json', 'credential-signing-key.json', 'unsubscribe-secret'];
  e.exclude = e.exclude.concat(secrets);
  e.next();
});
