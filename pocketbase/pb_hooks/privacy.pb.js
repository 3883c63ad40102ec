/// <reference path="../pb_data/types.d.ts" />

// Closing an account (UK GDPR Art. 17; docs/PRIVACY.md). Superusers only: the web server's
// service account calls these after it has checked who is asking (the person themself, with
// their password, or an admin for a request made offline). A normal user's token, or none,
// gets 401/403 from PocketBase before any of this runs, so no raw API call by a person can
// reach the path that deletes and pseudonymises rows the API rules otherwise keep.
//
// POST /api/ll/privacy/erase   { user, steps: [...], pseudonym, by: 'self' | 'admin',
//                                actor, actor_name }
//   Runs the steps (built from the table in src/lib/privacy/collections.ts) in ONE
//   transaction, then writes an `account.erase` audit row with counts only (never content),
//   then VACUUMs the database so erased text does not linger in free pages, and checkpoints
//   the WAL. Steps:
//     { collection, field, action: 'delete' }        each row whose `field` = user is deleted
//                                                     with app.delete (files leave storage)
//     { collection, field, action: 'set', values }    rows whose `field` = user get `values`,
//                                                     written with plain SQL: the model hooks
//                                                     that keep decisions, audit rows and
//                                                     certificates fixed do not run for it
//     { collection: 'users', action: 'tombstone' }    the account becomes a stub with no
//                                                     email, name, password or role: its id is
//                                                     the stable pseudonym the kept rows name
// POST /api/ll/privacy/checkpoint
//   PRAGMA wal_checkpoint(TRUNCATE): for tests and operators.
//
// Each handler runs in its own JS context: everything it needs is defined inside it.

routerAdd(
  'POST',
  '/api/ll/privacy/erase',
  (e) => {
    const { hookError } = require(`${__hooks}/lib/errors.js`);
    const invalid = (message) => hookError('erase', 'erase_request_invalid', message);
    const body = e.requestInfo().body || {};
    const userId = String(body.user || '');
    const steps = Array.isArray(body.steps) ? body.steps : [];
    const pseudonym = String(body.pseudonym || '').slice(0, 80);
    const by = body.by === 'admin' ? 'admin' : 'self';
    if (!/^[a-z0-9]{15}$/.test(userId)) throw invalid('Name the account to close by its id.');
    if (!pseudonym) throw invalid('A pseudonym is needed for the rows that are kept.');

    const counts = {};
    e.app.runInTransaction((txApp) => {
      const user = txApp.findRecordById('users', userId);
      if (user.getString('email').endsWith('@erased.invalid')) throw hookError('user', 'already_closed', 'This account is already closed.');

      for (const step of steps) {
        const collection = txApp.findCollectionByNameOrId(String(step.collection));
        const name = collection.name;
        if (step.action === 'tombstone') {
          if (name !== 'users') throw invalid('Only the users row becomes a stub.');
          continue; // last, below: rows are found by the id, which stays
        }
        const field = String(step.field || '');
        if (!collection.fields.getByName(field)) throw invalid(`${name} has no field ${field}.`);
        if (step.action === 'delete') {
          const rows = txApp.findRecordsByFilter(name, `${field} = {:user}`, '', 0, 0, { user: userId });
          for (const row of rows) txApp.delete(row);
          counts[name] = (counts[name] || 0) + rows.length;
        } else if (step.action === 'set') {
          const values = step.values || {};
          const names = Object.keys(values);
          if (names.length === 0) continue;
          const params = { user: userId };
          const sets = names.map((f, i) => {
            if (!collection.fields.getByName(f)) throw invalid(`${name} has no field ${f}.`);
            const v = values[f];
            params[`v${i}`] = typeof v === 'string' ? v : JSON.stringify(v);
            return `[[${f}]] = {:v${i}}`;
          });
          const result = txApp
            .db()
            .newQuery(`UPDATE {{${name}}} SET ${sets.join(', ')} WHERE [[${field}]] = {:user}`)
            .bind(params)
            .execute();
          counts[name] = (counts[name] || 0) + result.rowsAffected();
        } else {
          throw invalid(`Unknown step ${step.action}.`);
        }
      }

      if (steps.some((s) => s.action === 'tombstone')) {
        user.set('email', `erased-${userId}@erased.invalid`);
        user.set('emailVisibility', false);
        user.set('verified', false);
        user.set('display_name', pseudonym);
        user.set('pronouns', '');
        user.set('role', []);
        user.set('new_assessor', false);
        user.set('organisation', '');
        user.set('pref_large_text', false);
        user.set('pref_reduced_motion', false);
        user.set('pref_dyslexia_spacing', false);
        user.setPassword($security.randomString(48));
        user.refreshTokenKey();
        txApp.save(user);
        counts.users = 1;
      }

      const audit = new Record(txApp.findCollectionByNameOrId('audit_log'));
      const actor = by === 'admin' ? String(body.actor || '') : userId;
      audit.set('actor', actor);
      audit.set('actor_name', by === 'admin' ? String(body.actor_name || 'admin').slice(0, 200) : pseudonym);
      audit.set('action', 'account.erase');
      audit.set('target_collection', 'users');
      audit.set('target_id', userId);
      audit.set('cohort', '');
      audit.set('details', { by, pseudonym, counts });
      txApp.save(audit);
    });

    // The erasure has committed: rebuild the file so no erased text lingers (lib/vacuum.js).
    const { vacuumAndCheckpoint } = require(`${__hooks}/lib/vacuum.js`);
    const vacuumed = vacuumAndCheckpoint(e.app, 'account erasure');
    return e.json(200, { user: userId, pseudonym, counts, vacuumed });
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/ll/privacy/checkpoint',
  (e) => {
    const result = new DynamicModel({ busy: 0, log: 0, checkpointed: 0 });
    e.app.db().newQuery('PRAGMA wal_checkpoint(TRUNCATE)').one(result);
    const aux = new DynamicModel({ busy: 0, log: 0, checkpointed: 0 });
    e.app.auxDB().newQuery('PRAGMA wal_checkpoint(TRUNCATE)').one(aux);
    return e.json(200, { busy: result.busy, log: result.log, checkpointed: result.checkpointed, aux_busy: aux.busy });
  },
  $apis.requireSuperuserAuth(),
);
