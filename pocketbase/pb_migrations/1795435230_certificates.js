/// <reference path="../pb_data/types.d.ts" />

// `certificates`: one issued certificate. Everything it says is frozen in `snapshot` (see
// src/lib/certificates/snapshot.ts) with its SHA-256 in `snapshot_digest`; `credential` is
// the signed Open Badges 3.0 credential drawn from it; `status_index` is its bit in the
// revocation status list (/credentials/status/1).
// - create/delete: nobody through the API. The web server issues with the service account
//   after checking eligibility (src/lib/certificates/issue.ts); nothing is ever deleted.
// - list/view: the holder; admins. The public checks a certificate through the web server
//   (/verify), which reads with the service account and shows only what the certificate says.
// - update: the holder, and only `holder_name_display` (how their name is shown to people
//   checking the certificate). Revocation and replacement are set by the service account.
// pb_hooks/certificates.pb.js keeps the issued facts (code, snapshot, credential, …) from
// ever changing, even for a superuser, and makes revocation one-way.
//
// One certificate per (trainee, course, course version, kind, unit), even under concurrent
// requests: the unique index below. `replaces` is part of it so that an admin's corrected
// re-issue (which names the certificate it replaces, and revokes that one) can exist beside
// the original; every fresh issue has `replaces` = "" and so stays one of a kind.
const SIGNED_IN = '@request.auth.id != ""';
// `:each ?=` means "any item equals"; see 1795435203_cohorts.js.
const ADMIN = '@request.auth.role:each ?= "admin"';
const HOLDER = 'user = @request.auth.id';
// Every field but `holder_name_display`: the holder may send none of them.
const FIXED_FIELDS = [
  'code',
  'kind',
  'user',
  'course',
  'course_version',
  'unit',
  'snapshot',
  'snapshot_digest',
  'credential',
  'status_index',
  'issued_at',
  'expires_at',
  'revoked_at',
  'revoke_reason',
  'revoked_by',
  'replaces',
  'replaced_by',
];
const ONLY_NAME_DISPLAY_IN_BODY = FIXED_FIELDS.map((field) => `@request.body.${field}:isset = false`).join(' && ');

const READ_RULE = `${ADMIN} || (${SIGNED_IN} && ${HOLDER})`;
const UPDATE_RULE = `${SIGNED_IN} && ${HOLDER} && ${ONLY_NAME_DISPLAY_IN_BODY}`;

// 16 characters of Crockford base32 (src/lib/certificates/code.ts), stored without dashes.
const CODE_PATTERN = '^[0-9A-HJKMNP-TV-Z]{16}$';
// A unit id of the course, e.g. `U1` (as src/lib/courses/schema.ts allows them); "" unless kind = unit.
const UNIT_PATTERN = '^([A-Za-z0-9][A-Za-z0-9.-]*)?$';

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');

    const certificates = new Collection({
      type: 'base',
      name: 'certificates',
      listRule: READ_RULE,
      viewRule: READ_RULE,
      createRule: null,
      updateRule: UPDATE_RULE,
      deleteRule: null,
      fields: [
        { name: 'code', type: 'text', required: true, min: 16, max: 16, pattern: CODE_PATTERN },
        { name: 'kind', type: 'select', values: ['full', 'unit', 'attendance'], maxSelect: 1, required: true },
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'course', type: 'text', required: true, max: 100 },
        { name: 'course_version', type: 'text', required: true, max: 40 },
        { name: 'unit', type: 'text', required: false, max: 50, pattern: UNIT_PATTERN },
        { name: 'snapshot', type: 'json', required: true, maxSize: 200000 },
        { name: 'snapshot_digest', type: 'text', required: true, min: 64, max: 64, pattern: '^[0-9a-f]{64}$' },
        { name: 'credential', type: 'json', required: true, maxSize: 200000 },
        { name: 'status_index', type: 'number', required: false, min: 0, max: 131071, onlyInt: true },
        { name: 'issued_at', type: 'date', required: true },
        { name: 'expires_at', type: 'date', required: false },
        { name: 'revoked_at', type: 'date', required: false },
        { name: 'revoke_reason', type: 'text', required: false, max: 1000 },
        { name: 'revoked_by', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: false },
        // How the holder's name is shown on /verify: in full, as initials, or only to someone
        // who types the holder's surname. The holder's choice; the only field they may change.
        { name: 'holder_name_display', type: 'select', values: ['full', 'initials', 'surname_check'], maxSelect: 1, required: false },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [],
    });
    app.save(certificates);

    // `replaces` and `replaced_by` point into this same collection, so they are added once it exists.
    certificates.fields.add(new RelationField({ name: 'replaces', collectionId: certificates.id, maxSelect: 1, cascadeDelete: false, required: false }));
    certificates.fields.add(new RelationField({ name: 'replaced_by', collectionId: certificates.id, maxSelect: 1, cascadeDelete: false, required: false }));
    certificates.indexes = [
      'CREATE UNIQUE INDEX `idx_certificates_code` ON `certificates` (`code`)',
      'CREATE UNIQUE INDEX `idx_certificates_status_index` ON `certificates` (`status_index`)',
      'CREATE UNIQUE INDEX `idx_certificates_one_per_version` ON `certificates` (`user`, `course`, `course_version`, `kind`, `unit`, `replaces`)',
      'CREATE INDEX `idx_certificates_user` ON `certificates` (`user`)',
      'CREATE INDEX `idx_certificates_revoked_at` ON `certificates` (`revoked_at`)',
    ];
    app.save(certificates);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('certificates'));
  },
);
