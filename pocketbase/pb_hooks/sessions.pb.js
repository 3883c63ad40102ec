/// <reference path="../pb_data/types.d.ts" />

// Ending sessions (docs/ACCOUNTS.md, "Sessions"). A session is a PocketBase token; every token
// of a person is signed with their `tokenKey`, so giving them a new `tokenKey` makes PocketBase
// refuse every token they hold, on the web site and on PocketBase's own API alike.
//
// 1. POST /api/ll/sign-out-everywhere (the person's own token): new tokenKey. The web server
//    calls it on every sign-out, so a copied session cookie stops working at once.
// 2. Losing a role (an admin removes "trainer", say) gives a new tokenKey too: the person signs
//    in again and starts with only what they still hold. Password changes already do this
//    (PocketBase changes the tokenKey itself when the password changes).
//
// Each handler runs in its own JS context: everything it needs is defined inside it.

routerAdd(
  'POST',
  '/api/ll/sign-out-everywhere',
  (e) => {
    const record = e.auth;
    record.refreshTokenKey();
    e.app.save(record);
    return e.noContent(204);
  },
  $apis.requireAuth('users'),
);

onRecordUpdate((e) => {
  const before = e.record.original().getStringSlice('role');
  const after = e.record.getStringSlice('role');
  if (before.some((role) => !after.includes(role))) e.record.refreshTokenKey();
  e.next();
}, 'users');
