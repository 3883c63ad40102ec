/// <reference path="../pb_data/types.d.ts" />

// The email outbox's two steps that must not race (src/lib/email/outbox-store.ts calls them,
// as the service account; superusers only):
//
// POST /api/ll/email-outbox/claim  {owner, limit, leaseSeconds, maxAttempts}
//   In one transaction: the due rows (queued and due, or `sending` whose lease has run out
//   because the worker holding it stopped) become `sending` with this owner's lease, one more
//   attempt counted. SQLite runs one write transaction at a time, so two workers never claim
//   the same row. A row whose lease ran out after its last allowed attempt becomes `failed`
//   instead (the site stopped while sending it: it may or may not have been delivered).
//   Answers {items: [claimed rows]}.
//
// POST /api/ll/email-outbox/finish {id, owner, outcome: sent|retry|failed, error, nextAttemptAt, messageId}
//   Records how a send went, only while `owner` still holds the lease (a worker whose lease ran
//   out must not put back a row another worker has since sent). `sent` is always recorded:
//   the SMTP server accepted it. `data` is emptied on sent and failed (it may hold a working
//   link). Answers 204, or 409 when the lease was lost.
//
// Each handler runs in its own JS context: everything it needs is defined inside it.

routerAdd(
  'POST',
  '/api/ll/email-outbox/claim',
  (e) => {
    const body = e.requestInfo().body;
    const owner = String(body['owner'] || '');
    const limit = Math.max(1, Math.min(50, Number(body['limit']) || 10));
    const leaseMs = Math.max(1, Number(body['leaseSeconds']) || 120) * 1000;
    const maxAttempts = Math.max(1, Number(body['maxAttempts']) || 6);
    const { hookError } = require(`${__hooks}/lib/errors.js`);
    if (!owner) throw hookError('owner', 'outbox_request_invalid', 'owner is required');

    const claimed = [];
    e.app.runInTransaction((txApp) => {
      const now = new Date();
      const stamp = now.toISOString().replace('T', ' ');
      const due = txApp.findRecordsByFilter(
        'email_outbox',
        '(status = "queued" && next_attempt_at <= {:now}) || (status = "sending" && lease_until < {:now})',
        'next_attempt_at',
        limit,
        0,
        { now: stamp },
      );
      for (const row of due) {
        const attempts = row.getInt('attempts');
        if (row.getString('status') === 'sending' && attempts >= maxAttempts) {
          row.set('status', 'failed');
          row.set('last_error', 'The site stopped while sending this message, and it has had every attempt allowed. It may or may not have been delivered.');
          row.set('lease_owner', '');
          row.set('lease_until', '');
          row.set('data', {});
          txApp.save(row);
          continue;
        }
        row.set('status', 'sending');
        row.set('attempts', attempts + 1);
        row.set('lease_owner', owner);
        row.set('lease_until', new Date(now.getTime() + leaseMs).toISOString().replace('T', ' '));
        txApp.save(row);
        claimed.push(row);
      }
    });
    return e.json(200, { items: claimed });
  },
  $apis.requireSuperuserAuth(),
);

routerAdd(
  'POST',
  '/api/ll/email-outbox/finish',
  (e) => {
    const body = e.requestInfo().body;
    const id = String(body['id'] || '');
    const owner = String(body['owner'] || '');
    const outcome = String(body['outcome'] || '');
    const { hookError } = require(`${__hooks}/lib/errors.js`);
    if (!id || !owner || ['sent', 'retry', 'failed'].indexOf(outcome) < 0) throw hookError('outcome', 'outbox_request_invalid', 'id, owner and outcome (sent, retry or failed) are required');

    let lost = false;
    e.app.runInTransaction((txApp) => {
      const row = txApp.findRecordById('email_outbox', id);
      const holds = row.getString('status') === 'sending' && row.getString('lease_owner') === owner;
      if (outcome !== 'sent' && !holds) {
        lost = true;
        return;
      }
      const error = String(body['error'] || '').slice(0, 1000);
      if (outcome === 'sent') {
        row.set('status', 'sent');
        row.set('sent_at', new Date().toISOString().replace('T', ' '));
        row.set('data', {});
        if (body['messageId']) row.set('message_id', String(body['messageId']).slice(0, 300));
      } else if (outcome === 'retry') {
        row.set('status', 'queued');
        row.set('next_attempt_at', String(body['nextAttemptAt'] || new Date().toISOString()).replace('T', ' '));
        row.set('last_error', error);
      } else {
        row.set('status', 'failed');
        row.set('last_error', error);
        row.set('data', {});
      }
      row.set('lease_owner', '');
      row.set('lease_until', '');
      txApp.save(row);
    });
    if (lost) throw hookError('owner', 'lease_lost', 'This worker no longer holds the lease on that message.');
    return e.noContent(204);
  },
  $apis.requireSuperuserAuth(),
);
