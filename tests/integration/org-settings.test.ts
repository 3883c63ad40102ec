/**
 * The organisation's settings against the real PocketBase: the `org_settings` collection is
 * closed to everyone but the service account, only administrators can save settings (through
 * src/lib/org/settings-form.ts), each save writes an audit row in the same batch, there is only
 * ever one row, and a saved logo comes back for certificates as a data: URL.
 */
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TypedPocketBase } from '../../src/lib/pb.ts';
import type { UserRecord } from '../../src/lib/records.ts';
import { settingsForm } from '../../src/lib/org/settings-form.ts';
import { certificateIssuer, forgetOrganisationSettings, organisationLogo, organisationSettings } from '../../src/lib/org/settings-store.ts';
import { clientAs, createUser, serviceClient } from '../support/fixtures-pb.ts';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase.ts';

const PASSWORD = 'correct-horse-battery';
// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function status(request: Promise<unknown>): Promise<number> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ClientResponseError) return error.status;
    throw error;
  }
  return 200;
}

function form(fields: Record<string, string>, logo?: { bytes: Uint8Array; name: string; type: string }): FormData {
  const f = new FormData();
  const base = { action: 'save', name: 'Cwm Peer Network', brand_colour: '#1d4e5f', quick_exit_url: 'https://www.bbc.co.uk/weather', nation: 'wales', contact_rows: '1', contact_name_0: 'NHS 111 Wales, press 2', contact_phone_0: '111' };
  for (const [k, v] of Object.entries({ ...base, ...fields })) f.set(k, v);
  if (logo) f.set('logo', new File([logo.bytes as Uint8Array<ArrayBuffer>], logo.name, { type: logo.type }));
  return f;
}

describe('organisation settings', () => {
  let pb: TestPocketBase;
  let service: TypedPocketBase;
  let admin: UserRecord;
  let trainer: UserRecord;
  let asAdmin: TypedPocketBase;
  let asTrainee: TypedPocketBase;

  beforeAll(async () => {
    pb = await startTestPocketBase();
    service = (await serviceClient(pb)) as TypedPocketBase;
    const a = await createUser(service, { email: 'ada@example.org', password: PASSWORD, display_name: 'Ada Admin', roles: ['admin'] });
    const t = await createUser(service, { email: 'tom@example.org', password: PASSWORD, display_name: 'Tom Trainer', roles: ['trainer', 'assessor'] });
    await createUser(service, { email: 'tia@example.org', password: PASSWORD, display_name: 'Tia Trainee', roles: ['trainee'] });
    admin = await service.collection('users').getOne(a.id);
    trainer = await service.collection('users').getOne(t.id);
    asAdmin = (await clientAs(pb.url, 'ada@example.org', PASSWORD)) as TypedPocketBase;
    asTrainee = (await clientAs(pb.url, 'tia@example.org', PASSWORD)) as TypedPocketBase;
  });
  afterAll(async () => {
    await pb?.stop();
  });
  beforeEach(() => forgetOrganisationSettings());

  const audits = () => service.collection('audit_log').getFullList({ filter: 'action = "org_settings.update"', sort: '@rowid' });

  it('nobody reaches org_settings through the API, not even an administrator', async () => {
    for (const client of [asAdmin, asTrainee]) {
      const c = client.collection('org_settings' as 'users');
      expect([403, 404]).toContain(await status(c.getList(1, 1)));
      expect(await status(c.create({ key: 'org', name: 'Mine', brand_colour: '#000000', nation: 'england' }))).toBeGreaterThanOrEqual(400);
    }
  });

  it('before anything is saved, the defaults from the environment are used', async () => {
    const settings = await organisationSettings(async () => service);
    expect(settings.name).toBe(process.env.ORG_NAME?.trim() || process.env.ISSUER_NAME?.trim() || 'Lived Learning');
    expect(settings.logoUrl).toBe('');
  });

  it('a trainer (not an administrator) cannot save settings: 403, nothing stored, no audit row', async () => {
    const outcome = await settingsForm({ service, actor: trainer, form: form({ name: 'Trainer Was Here' }) });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.status).toBe(403);
    expect((await service.collection('org_settings' as 'users').getFullList()).length).toBe(0);
    expect(await audits()).toHaveLength(0);
  });

  it('an SVG logo and a too-light colour are refused with plain messages, and nothing is saved', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const outcome = await settingsForm({ service, actor: admin, form: form({ brand_colour: '#ffcc00' }, { bytes: svg, name: 'logo.png', type: 'image/png' }) });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.status).toBe(400);
    expect(outcome.fields.logo).toMatch(/SVG logos are not accepted/);
    expect(outcome.fields.brand_colour).toMatch(/Try #[0-9a-f]{6}/);
    expect((await service.collection('org_settings' as 'users').getFullList()).length).toBe(0);
    expect(await audits()).toHaveLength(0);
  });

  it('an administrator saves name, colour, logo and Welsh contacts; one audit row names them and what changed', async () => {
    const outcome = await settingsForm({ service, actor: admin, form: form({ brand_colour: '#8A1C1C', footer_text: 'Charity 123456' }, { bytes: PNG, name: 'logo.png', type: 'image/png' }) });
    expect(outcome.ok).toBe(true);
    forgetOrganisationSettings();
    const settings = await organisationSettings(async () => service);
    expect(settings).toMatchObject({ name: 'Cwm Peer Network', brandColour: '#8a1c1c', nation: 'wales', footerText: 'Charity 123456' });
    expect(settings.supportContacts).toEqual([{ name: 'NHS 111 Wales, press 2', hours: '', phone: '111', sms: '', how: '', web: '' }]);
    expect(settings.logoUrl).toMatch(/^\/org\/logo\?v=logo_[0-9a-f]{12}_/);
    const logo = await organisationLogo(async () => service);
    expect(logo?.type).toBe('png');
    expect(Buffer.from(logo!.bytes).equals(PNG)).toBe(true);
    const rows = await audits();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: admin.id, actor_name: 'Ada Admin', target_collection: 'org_settings' });
    expect(rows[0]!.details.changed).toEqual(expect.arrayContaining(['name', 'brand_colour', 'footer_text', 'nation', 'support_contacts']));
    expect(String(rows[0]!.details.logo)).toMatch(/^set \(png, \d+ bytes/);
    const issuer = await certificateIssuer(async () => service);
    expect(issuer.name).toBe('Cwm Peer Network');
    expect(issuer.image).toBe(`data:image/png;base64,${PNG.toString('base64')}`);
  });

  it('saving again updates the one row (a second row cannot be made), and the defaults button swaps in a nation’s contacts', async () => {
    const outcome = await settingsForm({ service, actor: admin, form: (() => { const f = new FormData(); f.set('action', 'defaults'); f.set('nation', 'northern-ireland'); return f; })() });
    expect(outcome.ok).toBe(true);
    const rows = await service.collection('org_settings' as 'users').getFullList();
    expect(rows).toHaveLength(1);
    forgetOrganisationSettings();
    const settings = await organisationSettings(async () => service);
    expect(settings.name).toBe('Cwm Peer Network');
    expect(settings.supportContacts[0]).toMatchObject({ name: 'Lifeline', phone: '0808 808 8000' });
    expect(await audits()).toHaveLength(2);
    expect(await status(service.collection('org_settings' as 'users').create({ key: 'org', name: 'Second', brand_colour: '#000000', nation: 'england' }))).toBe(400);
  });
});
