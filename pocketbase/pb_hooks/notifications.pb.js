/// <reference path="../pb_data/types.d.ts" />

// Notifications (docs/DATA-MODEL.md, notifications): one row for the person an event is for,
// written in the same transaction as the event, however the event's record is saved (the web
// server, a raw API call, the admin UI):
//
//   decisions            → the trainee: `decision` (met) or `feedback` (not yet met)
//   reflection_comments  → the reflection's author: `reply` (only ever on a shared reflection)
//   certificates         → the holder: `certificate`
//
// Nothing is written for a private reflection, for evidence a trainee sends (staff see those
// as counts on their home page), or for anything else.
// Each handler runs in its own JS context: helpers come from require().

onRecordCreate((e) => {
  const { saveWithNotification } = require(`${__hooks}/lib/notifications.js`);
  saveWithNotification(e);
}, 'decisions', 'reflection_comments', 'certificates');
