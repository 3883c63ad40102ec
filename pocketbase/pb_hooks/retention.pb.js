/// <reference path="../pb_data/types.d.ts" />

// Retention (docs/PRIVACY.md): `cohorts.archived_at` says when a group was archived, so the
// retention job can purge archived groups N months later. It is worked out here on every save,
// whoever saves (an admin's token, the service account, a raw API call): set to now when
// `archived` becomes true, kept while it stays true, emptied when the group is brought back.
// A value sent by a client is ignored.
onRecordCreate((e) => {
  e.record.set('archived_at', e.record.getBool('archived') ? new DateTime() : '');
  e.next();
}, 'cohorts');

onRecordUpdate((e) => {
  const before = e.record.original();
  if (!e.record.getBool('archived')) {
    e.record.set('archived_at', '');
  } else if (before.getBool('archived') && before.getString('archived_at') !== '') {
    e.record.set('archived_at', before.getString('archived_at'));
  } else {
    e.record.set('archived_at', new DateTime());
  }
  e.next();
}, 'cohorts');

// POST /api/ll/retention/vacuum (superusers only): after a retention run has deleted rows,
// rebuild the database so the deleted text does not linger in SQLite's free pages, then
// checkpoint the WAL. A busy database is reported (`vacuumed: false`), not thrown: the deletions
// have committed, and the next run tries again.
routerAdd(
  'POST',
  '/api/ll/retention/vacuum',
  (e) => {
    const { vacuumAndCheckpoint } = require(`${__hooks}/lib/vacuum.js`);
    const vacuumed = vacuumAndCheckpoint(e.app, 'retention run');
    return e.json(200, { vacuumed });
  },
  $apis.requireSuperuserAuth(),
);
