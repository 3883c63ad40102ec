/// <reference path="../pb_data/types.d.ts" />

// `reflection_versions`: earlier texts of a reflection, so nothing a trainee wrote is lost
// when another tab or device saves over it. Written only by pb_hooks/reflections.pb.js (one
// row per body change, holding the text that was replaced); deleted with their reflection.
// - list/view: the author only (the same people as a private reflection).
// - create/update/delete: nobody through the API, so the history cannot be forged or erased.
// (reflection, version) is unique: a version number is never written twice.
const SIGNED_IN = '@request.auth.id != ""';
const OWNER = 'user = @request.auth.id';

migrate(
  (app) => {
    const users = app.findCollectionByNameOrId('users');
    const reflections = app.findCollectionByNameOrId('reflections');

    const versions = new Collection({
      type: 'base',
      name: 'reflection_versions',
      listRule: `${SIGNED_IN} && ${OWNER}`,
      viewRule: `${SIGNED_IN} && ${OWNER}`,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'reflection', type: 'relation', collectionId: reflections.id, maxSelect: 1, cascadeDelete: true, required: true },
        { name: 'user', type: 'relation', collectionId: users.id, maxSelect: 1, cascadeDelete: false, required: true },
        { name: 'version', type: 'number', required: true, onlyInt: true, min: 1 },
        { name: 'body', type: 'text', required: false, max: 50000 },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: [
        'CREATE UNIQUE INDEX `idx_reflection_versions_reflection_version` ON `reflection_versions` (`reflection`, `version`)',
      ],
    });

    app.save(versions);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('reflection_versions'));
  },
);
