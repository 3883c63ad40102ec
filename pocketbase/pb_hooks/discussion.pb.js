/// <reference path="../pb_data/types.d.ts" />

// A group's discussion space (docs/DATA-MODEL.md, "Discussion"): invariants that must hold
// however a post is saved (the web server, a raw API call, the admin UI).
//
// 1. A new post starts "shown"; its thread's `last_post_at` moves on; the people taking part
//    in the thread (its author and everyone who posted in it) get one `discussion`
//    notification each — not the writer, not anyone who muted the thread or left the group's
//    discussion space, not anyone no longer in the group. A notification holds only the kind
//    and the thread's address, never the text.
// 2. When a post's `body` or `content_note` changes, the replaced text is copied to
//    `discussion_post_versions` and `edited_at` is set (an "edited" mark; history is kept).
// 3. Hiding a post needs a reason (its author is shown it); showing it again clears it.
// All in the transaction of the save. Each handler runs in its own JS context.

onRecordCreate((e) => {
  if (!e.record.getString('state')) e.record.set('state', 'shown');
  const originalApp = e.app;
  try {
    e.app.runInTransaction((txApp) => {
      e.app = txApp;
      e.next();
      const { writeNotification } = require(`${__hooks}/lib/notifications.js`);
      const post = e.record;
      const thread = txApp.findRecordById('discussion_threads', post.getString('thread'));
      thread.set('last_post_at', new Date().toISOString());
      txApp.saveNoValidate(thread);

      const cohort = txApp.findRecordById('cohorts', thread.getString('cohort'));
      const trainers = cohort.getStringSlice('trainers');
      const writer = post.getString('author');
      const people = {};
      people[thread.getString('author')] = true;
      const earlier = txApp.findRecordsByFilter('discussion_posts', 'thread = {:thread} && id != {:post}', '', 0, 0, { thread: thread.id, post: post.id });
      for (const row of earlier) people[row.getString('author')] = true;
      for (const user of Object.keys(people)) {
        if (!user || user === writer) continue;
        const inGroup =
          trainers.indexOf(user) >= 0 ||
          txApp.findRecordsByFilter('enrolments', 'user = {:user} && cohort = {:cohort} && status = "active"', '', 1, 0, { user, cohort: cohort.id }).length > 0;
        if (!inGroup) continue;
        if (txApp.findRecordsByFilter('discussion_mutes', 'user = {:user} && thread = {:thread}', '', 1, 0, { user, thread: thread.id }).length > 0) continue;
        if (txApp.findRecordsByFilter('discussion_leaves', 'user = {:user} && cohort = {:cohort}', '', 1, 0, { user, cohort: cohort.id }).length > 0) continue;
        writeNotification(txApp, { user, kind: 'discussion', link: `/discussion/${cohort.id}/${thread.id}`, subject: post.id });
      }
    });
  } finally {
    e.app = originalApp;
  }
}, 'discussion_posts');

onRecordUpdate((e) => {
  const originalApp = e.app;
  try {
    e.app.runInTransaction((txApp) => {
      const stored = txApp.findRecordById('discussion_posts', e.record.id);
      const record = e.record;
      if (record.getString('state') === 'hidden') {
        if (!record.getString('hidden_reason').trim()) {
          const { hookError } = require(`${__hooks}/lib/errors.js`);
          throw hookError('hidden_reason', 'discussion_reason_missing', 'Say why the post is hidden: its author will see the reason.');
        }
        if (stored.getString('state') !== 'hidden') record.set('hidden_at', new Date().toISOString());
      } else if (record.getString('state') === 'shown' && stored.getString('state') === 'hidden') {
        record.set('hidden_reason', '');
        record.set('hidden_by', '');
        record.set('hidden_at', '');
      }
      const textChanged = record.getString('body') !== stored.getString('body') || record.getString('content_note') !== stored.getString('content_note');
      if (textChanged && record.getString('state') !== 'removed') {
        const history = new Record(txApp.findCollectionByNameOrId('discussion_post_versions'));
        history.set('post', stored.id);
        history.set('author', stored.getString('author'));
        history.set('body', stored.getString('body'));
        history.set('content_note', stored.getString('content_note'));
        txApp.save(history);
        record.set('edited_at', new Date().toISOString());
      }
      e.app = txApp;
      e.next();
    });
  } finally {
    e.app = originalApp;
  }
}, 'discussion_posts');
