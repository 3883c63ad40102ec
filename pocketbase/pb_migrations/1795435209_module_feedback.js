/// <reference path="../pb_data/types.d.ts" />

// `module_feedback`: what a trainee thought of a module, one row per (user, course, module).
// Honest feedback needs to be safe to give, so only its author sees it through the API:
// - list/view/update/delete: the author. create: the author, for themself.
// Course authors and trainers see it only aggregated by the web server (service account),
// which never shows a name when `anonymous` is true.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';
const FOR_THEMSELF = '@request.body.user = @request.auth.id';
const KEEPS_OWNER = '(@request.body.user:isset = false || @request.body.user = @request.auth.id)';

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const feedback = new Collection({
      type: 'base',
      name: 'module_feedback',
      listRule: `${SIGNED_IN} && ${OWNER}`,
      viewRule: `${SIGNED_IN} && ${OWNER}`,
      createRule: `${SIGNED_IN} && ${FOR_THEMSELF}`,
      updateRule: `${SIGNED_IN} && ${OWNER} && ${KEEPS_OWNER}`,
      deleteRule: `${SIGNED_IN} && ${OWNER}`,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'module', type: 'text', required: true, max: 100 },
        { name: 'useful', type: 'select', values: ['yes', 'partly', 'no'], maxSelect: 1, required: false },
        { name: 'hard_to_read', type: 'text', required: false, max: 2000 },
        { name: 'change', type: 'text', required: false, max: 2000 },
        { name: 'anonymous', type: 'bool', required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX `idx_module_feedback_user_course_module` ON `module_feedback` (`user`, `course`, `module`)',
      ],
    });

    app.save(feedback);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('module_feedback'));
  },
);
