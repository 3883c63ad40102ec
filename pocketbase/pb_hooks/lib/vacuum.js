/// <reference path="../../pb_data/types.d.ts" />

// Deleted and overwritten text stays in SQLite's free pages until the file is rebuilt: VACUUM,
// then checkpoint the WAL so no copy is left in it either. Used after an account is closed
// (privacy.pb.js) and after a retention run (retention.pb.js). The deletions have committed
// whatever happens here, so a busy database is reported (false), not thrown: three tries.
// (PocketBase loads only `*.pb.js` as hooks; this file is a plain CommonJS module.)

/** True when the database was rebuilt and the WAL checkpointed; `what` names the caller in the log. */
function vacuumAndCheckpoint(app, what) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      app.db().newQuery('VACUUM').execute();
      app.db().newQuery('PRAGMA wal_checkpoint(TRUNCATE)').execute();
      return true;
    } catch (err) {
      app.logger().warn(`${what}: VACUUM failed; it will need running again`, 'error', String(err));
      sleep(200);
    }
  }
  return false;
}

module.exports = { vacuumAndCheckpoint };
