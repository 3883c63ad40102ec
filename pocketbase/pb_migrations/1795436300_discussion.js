/// <reference path="../pb_data/types.d.ts" />

// A group's discussion space (docs/DATA-MODEL.md, "Discussion"). Only the group's active
// members (an `enrolments` row with this cohort and status "active") and the group's trainers
// can read any of it. Nothing is public; admins, assessors, IQAs and external verifiers do not
// read it either: it is a place to talk, not evidence.
//
// - discussion_threads: a topic in a group, optionally about one module of the group's course.
//   create: a member or trainer of that group, as author. update: the group's trainers, only
//   `paused`/`paused_reason`/`paused_by` (pausing stops new replies). delete: nobody.
// - discussion_posts: the opening post and the replies. create: a member or trainer, as
//   author, while the thread is not paused, state "shown". update: the author (only `body`,
//   `content_note`, while shown) or a trainer (only the moderation fields). A hidden post is
//   read only by its author (with the reason) and the trainers. delete: nobody (hiding keeps it
//   for audit). pb_hooks/discussion.pb.js keeps each replaced text in discussion_post_versions.
// - discussion_post_versions: earlier texts of an edited post. Read by the post's author and
//   the group's trainers. Written only by the hook.
// - discussion_reports: "report this post", with a reason. Read by the reporter and the
//   group's trainers; trainers mark them dealt with. One report per person per post.
// - discussion_reactions: "this helped", once per person per post; removed by its giver.
// - discussion_mutes / discussion_leaves: a person's own choices (no notifications for a
//   thread; not in the group's discussion space any more). Only the person reads or changes them.
const SIGNED_IN = '@request.auth.id != ""';

/** An active member of the cohort at `path` (one alias: all three hold for the SAME enrolment row). */
const member = (path) =>
  `(@collection.enrolments:discussion_member.user ?= @request.auth.id && @collection.enrolments:discussion_member.cohort ?= ${path} && @collection.enrolments:discussion_member.status ?= "active")`;
/** A trainer of the cohort at `path` (a relation path such as `cohort` or `thread.cohort`). */
const trainer = (path) => `${path}.trainers:each ?= @request.auth.id`;
const inGroup = (path) => `(${member(path)} || ${trainer(path)})`;
const unset = (...names) => names.map((n) => `@request.body.${n}:isset = false`).join(' && ');

const THREAD_READ = `${SIGNED_IN} && ${inGroup('cohort')}`;
const THREAD_CREATE = `${SIGNED_IN} && @request.body.author = @request.auth.id && ${inGroup('cohort')} && ${unset('paused', 'paused_reason', 'paused_by', 'last_post_at')}`;
const THREAD_UPDATE = `${SIGNED_IN} && ${trainer('cohort')} && ${unset('cohort', 'author', 'title', 'module', 'last_post_at')} && (@request.body.paused_by:isset = false || @request.body.paused_by = @request.auth.id || @request.body.paused_by = "")`;

const POST_READ = `${SIGNED_IN} && (${trainer('thread.cohort')} || (${member('thread.cohort')} && (state != "hidden" || author = @request.auth.id)))`;
const POST_CREATE = `${SIGNED_IN} && @request.body.author = @request.auth.id && thread.paused = false && ${inGroup('thread.cohort')} && (@request.body.state:isset = false || @request.body.state = "shown") && ${unset('hidden_reason', 'hidden_by', 'hidden_at', 'edited_at')}`;
const AUTHOR_EDIT = `(author = @request.auth.id && state = "shown" && ${inGroup('thread.cohort')} && ${unset('thread', 'author', 'state', 'hidden_reason', 'hidden_by', 'hidden_at', 'edited_at')})`;
const TRAINER_MODERATES = `(${trainer('thread.cohort')} && state != "removed" && ${unset('thread', 'author', 'body', 'content_note', 'edited_at')} && (@request.body.state:isset = false || @request.body.state = "shown" || @request.body.state = "hidden") && (@request.body.hidden_by:isset = false || @request.body.hidden_by = @request.auth.id || @request.body.hidden_by = ""))`;
const POST_UPDATE = `${SIGNED_IN} && (${AUTHOR_EDIT} || ${TRAINER_MODERATES})`;

const VERSION_READ = `${SIGNED_IN} && (post.author = @request.auth.id || ${trainer('post.thread.cohort')})`;

const REPORT_READ = `${SIGNED_IN} && (reporter = @request.auth.id || ${trainer('post.thread.cohort')})`;
const REPORT_CREATE = `${SIGNED_IN} && @request.body.reporter = @request.auth.id && ${inGroup('post.thread.cohort')} && (@request.body.status:isset = false || @request.body.status = "open") && ${unset('dealt_by', 'dealt_at')}`;
const REPORT_UPDATE = `${SIGNED_IN} && ${trainer('post.thread.cohort')} && ${unset('post', 'reporter', 'reason', 'details')} && (@request.body.dealt_by:isset = false || @request.body.dealt_by = @request.auth.id)`;

const REACTION_READ = `${SIGNED_IN} && ${inGroup('post.thread.cohort')}`;
const REACTION_CREATE = `${SIGNED_IN} && @request.body.user = @request.auth.id && ${inGroup('post.thread.cohort')}`;
const OWN = `${SIGNED_IN} && user = @request.auth.id`;

const MUTE_CREATE = `${SIGNED_IN} && @request.body.user = @request.auth.id && ${inGroup('thread.cohort')}`;
const LEAVE_CREATE = `${SIGNED_IN} && @request.body.user = @request.auth.id && ${inGroup('cohort')}`;

const NAMES = ['discussion_leaves', 'discussion_mutes', 'discussion_reactions', 'discussion_reports', 'discussion_post_versions', 'discussion_posts', 'discussion_threads'];

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const cohorts = app.findCollectionByNameOrId('cohorts');
    const created = { name: 'created', type: 'autodate', onCreate: true, onUpdate: false };
    const updated = { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true };

    const threads = new Collection({
      type: 'base',
      name: 'discussion_threads',
      listRule: THREAD_READ,
      viewRule: THREAD_READ,
      createRule: THREAD_CREATE,
      updateRule: THREAD_UPDATE,
      deleteRule: null,
      fields: [
        { name: 'cohort', type: 'relation', collectionId: cohorts.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'author', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'title', type: 'text', required: true, max: 200 },
        // A module id of the group's course, or "" for a general thread.
        { name: 'module', type: 'text', required: false, max: 100 },
        { name: 'paused', type: 'bool', required: false },
        { name: 'paused_reason', type: 'text', required: false, max: 500 },
        { name: 'paused_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'last_post_at', type: 'date', required: false },
        created,
        updated,
      ],
      indexes: ['CREATE INDEX `idx_discussion_threads_cohort` ON `discussion_threads` (`cohort`, `last_post_at`)'],
    });
    app.save(threads);

    const posts = new Collection({
      type: 'base',
      name: 'discussion_posts',
      listRule: POST_READ,
      viewRule: POST_READ,
      createRule: POST_CREATE,
      updateRule: POST_UPDATE,
      deleteRule: null,
      fields: [
        { name: 'thread', type: 'relation', collectionId: threads.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'author', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'body', type: 'text', required: true, max: 10000 },
        // Shown first, with the text folded until opened (like a module's content note).
        { name: 'content_note', type: 'text', required: false, max: 200 },
        // shown; hidden by a trainer (kept, with the reason); removed: its author closed their account.
        { name: 'state', type: 'select', values: ['shown', 'hidden', 'removed'], maxSelect: 1, required: true },
        { name: 'hidden_reason', type: 'text', required: false, max: 500 },
        { name: 'hidden_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'hidden_at', type: 'date', required: false },
        { name: 'edited_at', type: 'date', required: false },
        created,
        updated,
      ],
      indexes: [
        'CREATE INDEX `idx_discussion_posts_thread` ON `discussion_posts` (`thread`, `created`)',
        'CREATE INDEX `idx_discussion_posts_author` ON `discussion_posts` (`author`)',
      ],
    });
    app.save(posts);

    const versions = new Collection({
      type: 'base',
      name: 'discussion_post_versions',
      listRule: VERSION_READ,
      viewRule: VERSION_READ,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'post', type: 'relation', collectionId: posts.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'author', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'body', type: 'text', required: true, max: 10000 },
        { name: 'content_note', type: 'text', required: false, max: 200 },
        created,
      ],
      indexes: ['CREATE INDEX `idx_discussion_post_versions_post` ON `discussion_post_versions` (`post`, `created`)'],
    });
    app.save(versions);

    const reports = new Collection({
      type: 'base',
      name: 'discussion_reports',
      listRule: REPORT_READ,
      viewRule: REPORT_READ,
      createRule: REPORT_CREATE,
      updateRule: REPORT_UPDATE,
      deleteRule: null,
      fields: [
        { name: 'post', type: 'relation', collectionId: posts.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'reporter', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'reason', type: 'select', values: ['unkind', 'unsafe', 'private', 'other'], maxSelect: 1, required: true },
        { name: 'details', type: 'text', required: false, max: 1000 },
        { name: 'status', type: 'select', values: ['open', 'dealt'], maxSelect: 1, required: true },
        { name: 'dealt_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'dealt_at', type: 'date', required: false },
        created,
        updated,
      ],
      indexes: [
        'CREATE UNIQUE INDEX `idx_discussion_reports_once` ON `discussion_reports` (`post`, `reporter`)',
        'CREATE INDEX `idx_discussion_reports_status` ON `discussion_reports` (`status`)',
      ],
    });
    app.save(reports);

    const reactions = new Collection({
      type: 'base',
      name: 'discussion_reactions',
      listRule: REACTION_READ,
      viewRule: REACTION_READ,
      createRule: REACTION_CREATE,
      updateRule: null,
      deleteRule: OWN,
      fields: [
        { name: 'post', type: 'relation', collectionId: posts.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'kind', type: 'select', values: ['helped'], maxSelect: 1, required: true },
        created,
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_discussion_reactions_once` ON `discussion_reactions` (`post`, `user`, `kind`)'],
    });
    app.save(reactions);

    const mutes = new Collection({
      type: 'base',
      name: 'discussion_mutes',
      listRule: OWN,
      viewRule: OWN,
      createRule: MUTE_CREATE,
      updateRule: null,
      deleteRule: OWN,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'thread', type: 'relation', collectionId: threads.id, maxSelect: 1, cascadeDelete: true, required: true },
        created,
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_discussion_mutes_once` ON `discussion_mutes` (`user`, `thread`)'],
    });
    app.save(mutes);

    const leaves = new Collection({
      type: 'base',
      name: 'discussion_leaves',
      listRule: OWN,
      viewRule: OWN,
      createRule: LEAVE_CREATE,
      updateRule: null,
      deleteRule: OWN,
      fields: [
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'cohort', type: 'relation', collectionId: cohorts.id, maxSelect: 1, cascadeDelete: true, required: true },
        created,
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_discussion_leaves_once` ON `discussion_leaves` (`user`, `cohort`)'],
    });
    app.save(leaves);

    // A new reply is a notification of its own kind (pb_hooks/discussion.pb.js).
    const notifications = app.findCollectionByNameOrId('notifications');
    notifications.fields.getByName('kind').values = ['decision', 'feedback', 'reply', 'certificate', 'evidence', 'iqa_return', 'sample', 'discussion'];
    app.save(notifications);

    // The email choice for it (immediate / daily / weekly / off; empty: the default).
    const settings = app.findCollectionByNameOrId('notification_settings');
    settings.fields.add(new SelectField({ name: 'discussion', values: ['immediate', 'daily', 'weekly', 'off'], maxSelect: 1, required: false }));
    app.save(settings);
  },
  (app) => {
    const settings = app.findCollectionByNameOrId('notification_settings');
    settings.fields.removeByName('discussion');
    app.save(settings);
    app.db().newQuery("DELETE FROM notifications WHERE kind = 'discussion'").execute();
    const notifications = app.findCollectionByNameOrId('notifications');
    notifications.fields.getByName('kind').values = ['decision', 'feedback', 'reply', 'certificate', 'evidence', 'iqa_return', 'sample'];
    app.save(notifications);
    for (const name of NAMES) app.delete(app.findCollectionByNameOrId(name));
  },
);
