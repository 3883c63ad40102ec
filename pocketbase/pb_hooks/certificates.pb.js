/// <reference path="../pb_data/types.d.ts" />

// Certificates (docs/DATA-MODEL.md, certificates): invariants that must hold however a row is
// saved: by the web server, a raw API call, or a superuser in the admin UI.
//
// 1. What a certificate says never changes once issued: code, kind, holder, course, version,
//    unit, snapshot and its digest, the signed credential, the status-list bit, the dates
//    and what it replaces. A correction is a new certificate that `replaces` the old one.
// 2. Revocation is one-way: once `revoked_at` is set, it and `revoke_reason` / `revoked_by`
//    stay as they are.
// 3. `replaced_by` is set at most once.
// 4. A new certificate shows the holder's name in full unless the holder chose otherwise.
//
// Each handler runs in its own JS context: what it needs is defined inside it or require()d.

onRecordCreate((e) => {
  if (!e.record.getString('holder_name_display')) e.record.set('holder_name_display', 'full');
  e.next();
}, 'certificates');

onRecordUpdate((e) => {
  const FIXED = [
    'code',
    'kind',
    'user',
    'course',
    'course_version',
    'unit',
    'snapshot',
    'snapshot_digest',
    'credential',
    'status_index',
    'issued_at',
    'expires_at',
    'replaces',
  ];
  const REVOCATION = ['revoked_at', 'revoke_reason', 'revoked_by'];
  const { hookError } = require(`${__hooks}/lib/errors.js`);
  const refuse = (field, message) => {
    throw hookError(field, 'validation_certificate_fixed', message);
  };

  const before = e.record.original();
  for (const field of FIXED) {
    if (before.getString(field) !== e.record.getString(field)) {
      refuse(field, `A certificate's ${field} never changes once it is issued. To correct a certificate, re-issue it (the new one replaces this one).`);
    }
  }
  if (before.getString('revoked_at') !== '') {
    for (const field of REVOCATION) {
      if (before.getString(field) !== e.record.getString(field)) {
        refuse(field, 'This certificate is already revoked, and revocation cannot be changed or undone. Issue a new certificate instead.');
      }
    }
  }
  const replacedBy = before.getString('replaced_by');
  if (replacedBy !== '' && replacedBy !== e.record.getString('replaced_by')) {
    refuse('replaced_by', 'This certificate has already been replaced; that link cannot be changed.');
  }
  e.next();
}, 'certificates');
