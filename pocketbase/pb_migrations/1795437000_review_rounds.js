/// <reference path="../pb_data/types.d.ts" />

// Past participants review and co-write a course (issue 22, docs/AUTHORING.md "Review rounds").
// - `review_rounds`: an author opens a round on a course's draft; open or closed.
//   list/view: admins, the course's authors, and people invited to the round (closed rounds
//   stay readable to them). Written only by the web server's service account after it checks
//   the person is an author of the course.
// - `review_invites`: who is invited to which round (unique per round and person).
//   list/view: admins, the course's authors and the invited person. Service account only.
// - `review_comments`: a reviewer's comment on a paragraph or knowledge-check question, a
//   suggested rewording, or a structured review (helped / hurt / missing), with what the
//   author did about it (accepted / replied / declined) and the author's reply.
//   list/view: admins, the course's authors and the reviewer who wrote it.
//   create: an invited reviewer, as themself, in an open round, with no outcome set.
//   update/delete: service account only (authors act through the site).
// - `review_credits`: how a reviewer or co-author is credited on a course (by their chosen
//   name, anonymously, or not at all); `ref` links the entry in course.md's `credits:`.
//   list/view: admins, the course's authors and the person. update: the person, only
//   `show` and `name`. create/delete: service account only.
const SIGNED_IN = '@request.auth.id != ""';
const ADMIN = '@request.auth.role:each ?= "admin"';
const SELF = `(${SIGNED_IN} && user = @request.auth.id)`;
const AUTHOR_OF_COURSE = `(${SIGNED_IN} && @collection.course_authors:ca.course ?= course && @collection.course_authors:ca.user ?= @request.auth.id)`;
const SLUG = '^[a-z0-9]+(-[a-z0-9]+)*$';
const TEAM = `${ADMIN} || ${AUTHOR_OF_COURSE}`;

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const rounds = new Collection({
      type: 'base',
      name: 'review_rounds',
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'course', type: 'text', required: true, max: 100, pattern: SLUG },
        { name: 'title', type: 'text', required: true, max: 200 },
        { name: 'status', type: 'select', required: true, maxSelect: 1, values: ['open', 'closed'] },
        { name: 'opened_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_review_rounds_course` ON `review_rounds` (`course`)'],
    });
    app.save(rounds);

    const invites = new Collection({
      type: 'base',
      name: 'review_invites',
      listRule: `${TEAM} || ${SELF}`,
      viewRule: `${TEAM} || ${SELF}`,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'round', type: 'relation', collectionId: rounds.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'course', type: 'text', required: true, max: 100, pattern: SLUG },
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_review_invites_round_user` ON `review_invites` (`round`, `user`)', 'CREATE INDEX `idx_review_invites_user` ON `review_invites` (`user`)'],
    });
    app.save(invites);

    const INVITED_TO_ROUND = `(${SIGNED_IN} && @collection.review_invites:ri.round ?= id && @collection.review_invites:ri.user ?= @request.auth.id)`;
    rounds.listRule = `${TEAM} || ${INVITED_TO_ROUND}`;
    rounds.viewRule = `${TEAM} || ${INVITED_TO_ROUND}`;
    app.save(rounds);

    const comments = new Collection({
      type: 'base',
      name: 'review_comments',
      listRule: `${TEAM} || ${SELF}`,
      viewRule: `${TEAM} || ${SELF}`,
      createRule: [
        SELF,
        'round.status = "open"',
        'course = round.course',
        'status = "waiting"',
        'reply = ""',
        'revision = ""',
        '@collection.review_invites:mine.round ?= round',
        '@collection.review_invites:mine.user ?= @request.auth.id',
      ].join(' && '),
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'round', type: 'relation', collectionId: rounds.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'course', type: 'text', required: true, max: 100, pattern: SLUG },
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        // The module file ('' for the course as a whole) and what in it: a paragraph or a question (by number, from 1).
        { name: 'path', type: 'text', required: false, max: 300 },
        { name: 'target', type: 'select', required: true, maxSelect: 1, values: ['paragraph', 'question', 'course'] },
        { name: 'anchor', type: 'number', required: false, onlyInt: true, min: 0, max: 10000 },
        // The paragraph's Markdown as the reviewer saw it: a suggestion replaces exactly this.
        { name: 'quote', type: 'text', required: false, max: 20000 },
        { name: 'kind', type: 'select', required: true, maxSelect: 1, values: ['comment', 'suggestion', 'review'] },
        { name: 'body', type: 'text', required: false, max: 2000 },
        { name: 'suggestion', type: 'text', required: false, max: 20000 },
        { name: 'helped', type: 'text', required: false, max: 2000 },
        { name: 'hurt', type: 'text', required: false, max: 2000 },
        { name: 'missing', type: 'text', required: false, max: 2000 },
        { name: 'status', type: 'select', required: true, maxSelect: 1, values: ['waiting', 'accepted', 'replied', 'declined'] },
        { name: 'reply', type: 'text', required: false, max: 2000 },
        // The course_revisions id an accepted suggestion became.
        { name: 'revision', type: 'text', required: false, max: 30 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE INDEX `idx_review_comments_round` ON `review_comments` (`round`, `created`)', 'CREATE INDEX `idx_review_comments_user` ON `review_comments` (`user`)'],
    });
    app.save(comments);

    const credits = new Collection({
      type: 'base',
      name: 'review_credits',
      listRule: `${TEAM} || ${SELF}`,
      viewRule: `${TEAM} || ${SELF}`,
      createRule: null,
      updateRule: `${SELF} && @request.body.user:isset = false && @request.body.course:isset = false && @request.body.role:isset = false && @request.body.ref:isset = false`,
      deleteRule: null,
      fields: [
        { name: 'course', type: 'text', required: true, max: 100, pattern: SLUG },
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'role', type: 'select', required: true, maxSelect: 1, values: ['reviewer', 'co-author'] },
        { name: 'show', type: 'select', required: true, maxSelect: 1, values: ['name', 'anonymous', 'none'] },
        { name: 'name', type: 'text', required: false, max: 120 },
        { name: 'ref', type: 'text', required: true, min: 8, max: 16, pattern: '^[a-z0-9]+$' },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX `idx_review_credits_course_user` ON `review_credits` (`course`, `user`)', 'CREATE UNIQUE INDEX `idx_review_credits_ref` ON `review_credits` (`ref`)'],
    });
    app.save(credits);
  },
  (app) => {
    for (const name of ['review_credits', 'review_comments', 'review_invites', 'review_rounds']) {
      try {
        app.delete(app.findCollectionByNameOrId(name));
      } catch (_) {
        // already gone
      }
    }
  },
);
