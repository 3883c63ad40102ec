/// <reference path="../pb_data/types.d.ts" />

// Notifications (docs/DATA-MODEL.md, notifications): one row for the person an event is for,
// written in the same transaction as the event, however the event's record is saved (the web
// server, a raw API call, the admin UI):
//
//   decisions            → the trainee: `decision` (met) or `feedback` (not yet met)
//   reflection_comments  → the reflection's author: `reply` (only ever on a shared reflection)
//   certificates         → the holder: `certificate`
//   evidence             → each assessor of the trainee's group: `evidence` (to decide)
//   qa_samples (disagree)→ the decision's assessor: `iqa_return`
//   qa_plans             → the group's other IQAs: `sample` (decisions to review)
//
// Nothing is written for a private reflection (evidence can only link a shared one), and a
// row never holds text: only the kind and a link. Emails about them: src/lib/notifications/digest-store.ts.
// Each handler runs in its own JS context: helpers come from require().

onRecordCreate((e) => {
  const { saveWithNotification } = require(`${__hooks}/lib/notifications.js`);
  saveWithNotification(e);
}, 'decisions', 'reflection_comments', 'certificates', 'evidence', 'qa_samples', 'qa_plans');

// A notification is emailed about at most once, even when two web servers prepare emails at the
// same moment (docs/SCALING.md): once `emailed_at` is set, no request may set it again (even to
// the same time). The digest writes the outbox row and the stamps in one batch (one
// transaction), so the second server's batch fails whole and queues no second email.
onRecordUpdateRequest((e) => {
  const body = e.requestInfo().body;
  if (Object.prototype.hasOwnProperty.call(body, 'emailed_at') && e.record.original().getString('emailed_at') !== '') {
    const { hookError } = require(`${__hooks}/lib/errors.js`);
    throw hookError('emailed_at', 'notification_already_emailed', 'Another server has already emailed about this notification.');
  }
  e.next();
}, 'notifications');
