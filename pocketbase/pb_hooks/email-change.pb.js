/// <reference path="../pb_data/types.d.ts" />

// Changing someone's email once they followed the confirmation link sent to the new address
// (src/lib/auth/email-tokens-store.ts calls this as the service account; superusers only).
//
// POST /api/ll/users/change-email {user, token, email}
//   In one transaction: the `change` row of `email_tokens` (id `token`) is marked used, the
//   account's email becomes `email` and `verified` is set (the link proved the address).
//   PocketBase gives an account a new tokenKey when its email changes, which would sign the
//   person out everywhere; the issue asks that sessions stay, so the old tokenKey is put back.
//   Answers 204; 409 when the row is used, expired or not this account's change to `email`;
//   400 when the address is taken by now (PocketBase's unique check).
//
// Each handler runs in its own JS context: everything it needs is defined inside it.

routerAdd(
  'POST',
  '/api/ll/users/change-email',
  (e) => {
    const { hookError } = require(`${__hooks}/lib/errors.js`);
    const body = e.requestInfo().body;
    const userId = String(body['user'] || '');
    const tokenId = String(body['token'] || '');
    const email = String(body['email'] || '');
    if (!userId || !tokenId || !email) throw hookError('token', 'email_change_invalid', 'user, token and email are required');

    e.app.runInTransaction((txApp) => {
      const token = txApp.findRecordById('email_tokens', tokenId);
      const expires = token.getDateTime('expires_at');
      const now = new DateTime();
      if (
        token.getString('purpose') !== 'change' ||
        token.getString('user') !== userId ||
        token.getString('new_email') !== email ||
        token.getString('used_at') !== '' ||
        expires.isZero() ||
        !expires.after(now)
      ) {
        throw hookError('token', 'email_link_spent', 'This link has been used, has expired, or is not for this account.');
      }
      token.set('used_at', now);
      txApp.save(token);

      const record = txApp.findRecordById('users', userId);
      const key = record.tokenKey();
      record.setEmail(email);
      record.setVerified(true);
      txApp.save(record);
      txApp.db().newQuery('UPDATE users SET tokenKey = {:key} WHERE id = {:id}').bind({ key: key, id: userId }).execute();
    });
    return e.noContent(204);
  },
  $apis.requireSuperuserAuth(),
);
