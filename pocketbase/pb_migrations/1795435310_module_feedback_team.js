/// <reference path="../pb_data/types.d.ts" />

// `module_feedback_team`: what the course team may read of trainees' module feedback, and
// only they. The form promises "Nobody else sees your feedback": the course team is the
// course's authors (`course_authors`) and the trainers of that course's groups (`cohorts`).
// Not other trainers, not other courses' authors, not trainees, and not admins as such
// (an admin who is one of those sees it as that).
//
// A view, so the database enforces who reads it and the web server reads it with the
// person's own client (no service account):
// - the author's id is never in it, and their display name only when `anonymous` is false;
// - list/view: the course's authors and the trainers of a group of that course. No writes.
// `module_feedback` itself keeps its rules: only the person who wrote a row reads it.
const SIGNED_IN = '@request.auth.id != ""';
// The same joined row must match both conditions (one join per @collection without an alias).
const AUTHOR_OF_COURSE = '(@collection.course_authors.course ?= course && @collection.course_authors.user ?= @request.auth.id)';
const TRAINER_OF_A_GROUP = '(@collection.cohorts.course ?= course && @collection.cohorts.trainers:each ?= @request.auth.id)';
const COURSE_TEAM = `${SIGNED_IN} && (${AUTHOR_OF_COURSE} || ${TRAINER_OF_A_GROUP})`;

migrate(
  (app) => {
    const team = new Collection({
      type: 'view',
      name: 'module_feedback_team',
      listRule: COURSE_TEAM,
      viewRule: COURSE_TEAM,
      viewQuery: `
        SELECT f.id, f.course, f.module, f.useful, f.hard_to_read, f.change, f.anonymous, f.created,
               (CASE WHEN f.anonymous THEN '' ELSE COALESCE(u.display_name, '') END) AS display_name
        FROM module_feedback f LEFT JOIN users u ON u.id = f.user`,
    });
    app.save(team);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('module_feedback_team'));
  },
);
