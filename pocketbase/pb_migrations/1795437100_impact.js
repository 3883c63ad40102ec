/// <reference path="../pb_data/types.d.ts" />

// The impact questionnaire (docs/IMPACT.md, docs/DATA-MODEL.md).
//
// `impact_consents`: one row per person and course: whether they take part.
// - choice `yes` (taking part), `no` (declined) or `withdrawn` (took part, then stopped: their
//   answers are deleted at the same time, by src/lib/impact/impact-store.ts).
// - create: the person, for themself, for a course they are (or were) enrolled in.
// - update: the person, and only `choice` (they may change their mind either way).
// - list/view: the person. Nobody else through the API: no trainer, assessor, IQA, verifier or
//   admin; the impact report counts rows with the service account (src/lib/impact/).
// - delete: nobody through the API (closing the account deletes it).
// - `reminded`: the last follow-up round a reminder was sent for; written by the site only.
//
// `impact_answers`: one row per person, course and round (start, end, after-3, …).
// - create: the person, for themself, while their consent for that course is `yes`.
// - list/view: the person only. NO member of staff can list or view anyone's answers: only
//   an aggregate, with small numbers suppressed, leaves src/lib/impact/.
// - update: nobody (an answer is given once per round).
// - delete: the person (withdrawing deletes every answer they gave for the course).
const SIGNED_IN = '@request.auth.id != ""';
const ME = '@request.auth.id';
const OWN = `${SIGNED_IN} && user = ${ME}`;
const ENROLLED = `@collection.enrolments:impact_own.user ?= ${ME} && @collection.enrolments:impact_own.course ?= course`;
const CONSENTED = [
  `@collection.impact_consents:impact_yes.user ?= ${ME}`,
  '@collection.impact_consents:impact_yes.course ?= course',
  '@collection.impact_consents:impact_yes.choice ?= "yes"',
].join(' && ');

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const consents = new Collection({
      type: 'base',
      name: 'impact_consents',
      listRule: OWN,
      viewRule: OWN,
      createRule: `${OWN} && (choice = "yes" || choice = "no") && reminded = "" && ${ENROLLED}`,
      updateRule: `${OWN} && @request.body.user:isset = false && @request.body.course:isset = false && @request.body.reminded:isset = false`,
      deleteRule: null,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'choice', type: 'select', values: ['yes', 'no', 'withdrawn'], maxSelect: 1, required: true },
        { name: 'reminded', type: 'text', required: false, max: 20, pattern: '^(after-[1-9][0-9]?)?$' },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_impact_consents_user_course` ON `impact_consents` (`user`, `course`)', 'CREATE INDEX `idx_impact_consents_course` ON `impact_consents` (`course`, `choice`)'],
    });
    app.save(consents);

    const answers = new Collection({
      type: 'base',
      name: 'impact_answers',
      listRule: OWN,
      viewRule: OWN,
      createRule: `${OWN} && ${CONSENTED}`,
      updateRule: null,
      deleteRule: OWN,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'round', type: 'text', required: true, max: 20, pattern: '^(start|end|after-[1-9][0-9]?)$' },
        // { "<question id>": score } for the self-rated questions; { "<later id>": true|false }.
        { name: 'scores', type: 'json', required: false, maxSize: 2000 },
        { name: 'later', type: 'json', required: false, maxSize: 2000 },
        // "Anything you would like to say", and whether it may be quoted (without a name).
        { name: 'comment', type: 'text', required: false, max: 1000 },
        { name: 'quote_ok', type: 'bool', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_impact_answers_once` ON `impact_answers` (`user`, `course`, `round`)', 'CREATE INDEX `idx_impact_answers_course` ON `impact_answers` (`course`, `round`)'],
    });
    app.save(answers);

    // A follow-up being ready is a notification of its own kind (written by the site's
    // reminder step, src/lib/impact/reminders-store.ts), with its own email choice.
    // Added to whatever the list holds (other migrations add kinds of their own).
    const notifications = app.findCollectionByNameOrId('notifications');
    const kind = notifications.fields.getByName('kind');
    if (!kind.values.includes('questionnaire')) kind.values = [...kind.values, 'questionnaire'];
    app.save(notifications);
    const settings = app.findCollectionByNameOrId('notification_settings');
    settings.fields.add(new SelectField({ name: 'questionnaires', values: ['immediate', 'daily', 'weekly', 'off'], maxSelect: 1, required: false }));
    app.save(settings);
  },
  (app) => {
    const settings = app.findCollectionByNameOrId('notification_settings');
    settings.fields.removeByName('questionnaires');
    app.save(settings);
    app.db().newQuery("DELETE FROM notifications WHERE kind = 'questionnaire'").execute();
    const notifications = app.findCollectionByNameOrId('notifications');
    const kind = notifications.fields.getByName('kind');
    kind.values = kind.values.filter((v) => v !== 'questionnaire');
    app.save(notifications);
    app.delete(app.findCollectionByNameOrId('impact_answers'));
    app.delete(app.findCollectionByNameOrId('impact_consents'));
  },
);
