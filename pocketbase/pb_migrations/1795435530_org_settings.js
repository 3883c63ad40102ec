/// <reference path="../pb_data/types.d.ts" />

// `org_settings`: the organisation's own settings (name, description, logo, brand colour,
// footer, privacy and general contacts, support contacts, quick exit address). ONE row: the
// `key` field must be "org" and is unique. Service-only: every rule is null, so no person can
// read or write it through the API; the web server reads it through src/lib/org/settings-store.ts
// (the admin page checks the administrator role and writes an audit row in the same batch).
migrate(
  (app) => {
    const settings = new Collection({
      type: 'base',
      name: 'org_settings',
      listRule: null,
      viewRule: null,
      createRule: null,
      updateRule: null,
      deleteRule: null,
      fields: [
        { name: 'key', type: 'text', required: true, pattern: '^org$', max: 3 },
        { name: 'name', type: 'text', required: true, max: 100 },
        { name: 'description', type: 'text', required: false, max: 300 },
        { name: 'brand_colour', type: 'text', required: true, pattern: '^#[0-9a-f]{6}$', max: 7 },
        { name: 'footer_text', type: 'text', required: false, max: 500 },
        { name: 'privacy_contact', type: 'text', required: false, max: 200 },
        { name: 'contact', type: 'text', required: false, max: 200 },
        { name: 'nation', type: 'select', values: ['england', 'wales', 'scotland', 'northern-ireland'], maxSelect: 1, required: true },
        { name: 'support_contacts', type: 'json', required: false, maxSize: 20000 },
        { name: 'quick_exit_url', type: 'text', required: false, max: 300 },
        {
          name: 'logo',
          type: 'file',
          required: false,
          maxSelect: 1,
          maxSize: 65536,
          mimeTypes: ['image/png', 'image/jpeg', 'image/webp'],
          protected: true,
        },
        { name: 'created', type: 'autodate', onCreate: true, onUpdate: false },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
      indexes: ['CREATE UNIQUE INDEX idx_org_settings_key ON org_settings (key)'],
    });
    app.save(settings);
  },
  (app) => {
    app.delete(app.findCollectionByNameOrId('org_settings'));
  },
);
