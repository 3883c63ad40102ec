/// <reference path="../pb_data/types.d.ts" />

// Reflection versions: invariants that must hold however a reflection is saved (the web
// server, a raw API call, the admin UI), so they live here rather than in the web server.
//
// 1. A new reflection starts at version 1, whatever the client sent.
// 2. An update request carrying `version` that is not the stored version is refused with 409:
//    another tab or device saved first, and the web server then keeps both texts.
// 3. When `body` changes, the replaced body and its version are copied to
//    `reflection_versions` and `version` becomes the stored version + 1. When it does not,
//    `version` stays as stored. A client can never set it.
//
// Concurrency: the version check (2) and the copy-and-increment (3) run in ONE database
// transaction that re-reads the stored row. PocketBase sends every write transaction through
// a single SQLite connection, so these transactions run one after another: of several saves
// based on the same version, the first commits and every later one finds a newer version
// and gets 409. (Checking against the record PocketBase loaded before the hook ran would let
// them all through.)
//
// Each handler runs in its own JS context: everything it needs is defined inside it.

onRecordCreate((e) => {
  e.record.set('version', 1);
  e.next();
}, 'reflections');

// (2) For API requests. The rest of the request (validation and the save, which fires the
// onRecordUpdate handler below) runs inside the same transaction through `e.app = txApp`.
onRecordUpdateRequest((e) => {
  const requestBody = e.requestInfo().body;
  const sent = requestBody['version'];
  const originalApp = e.app;
  let storedWhenStale = 0;

  try {
    e.app.runInTransaction((txApp) => {
      const stored = txApp.findRecordById('reflections', e.record.id);
      if (sent !== undefined && sent !== null && sent !== '' && Number(sent) !== stored.getInt('version')) {
        storedWhenStale = stored.getInt('version');
        return; // nothing written; the 409 is thrown below, outside the transaction
      }
      // PocketBase loaded e.record before this transaction. Fields this request does not
      // send are taken from the row as stored now, so e.g. sharing a reflection can never
      // write back a body that another save has replaced meanwhile.
      for (const field of e.collection.fields) {
        const name = field.getName();
        if (requestBody[name] === undefined && field.type() !== 'autodate') {
          e.record.set(name, stored.get(name));
        }
      }
      e.app = txApp;
      e.next();
    });
  } finally {
    e.app = originalApp;
  }

  if (storedWhenStale) {
    // `data.version.code` lets the web server tell this apart from other errors.
    const { hookError } = require(`${__hooks}/lib/errors.js`);
    throw hookError(
      'version',
      'version_conflict',
      `This reflection was changed somewhere else (version ${storedWhenStale}); your text was not saved over it.`,
      `The stored version is ${storedWhenStale}.`,
    );
  }
}, 'reflections');

// (3) For every save path. Joins the request's transaction when there is one (nested
// runInTransaction calls reuse it), so the copy and the update commit or fail together.
onRecordUpdate((e) => {
  const originalApp = e.app;
  try {
    e.app.runInTransaction((txApp) => {
      const stored = txApp.findRecordById('reflections', e.record.id);
      const storedVersion = stored.getInt('version') || 1;

      if (e.record.getString('body') !== stored.getString('body')) {
        const history = new Record(txApp.findCollectionByNameOrId('reflection_versions'));
        history.set('reflection', stored.id);
        history.set('user', stored.getString('user'));
        history.set('version', storedVersion);
        history.set('body', stored.getString('body'));
        txApp.save(history);

        e.record.set('version', storedVersion + 1);
      } else {
        e.record.set('version', storedVersion);
      }

      e.app = txApp;
      e.next();
    });
  } finally {
    e.app = originalApp;
  }
}, 'reflections');
