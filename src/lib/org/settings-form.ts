/**
 * The organisation settings page's form handling: read the fields, check the logo's bytes, save
 * (administrators only; settings-store.ts checks again and writes the audit row).
 */
import { DomainError, isUnavailable } from '../errors.ts';
import { orgEn } from '../i18n/org.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { checkLogo } from './logo.ts';
import { readSettingsForm, type OrgSettings } from './settings.ts';
import { organisationSettings, saveOrganisationSettings } from './settings-store.ts';
import { defaultSupportContacts, isNation } from './support-contacts.ts';

export type SettingsOutcome =
  | { ok: true; settings: OrgSettings }
  | { ok: false; status: number; message: string; fields: Record<string, string>; values: OrgSettings };

const LOGO_PROBLEM = {
  empty: orgEn.errors.logoEmpty,
  'too-large': orgEn.errors.logoLarge,
  svg: orgEn.errors.logoSvg,
  type: orgEn.errors.logoType,
} as const;

/**
 * Handles a POST to /staff/settings. `action=defaults` replaces the support contacts with the
 * chosen nation's defaults; anything else saves the whole form.
 *
 * @throws {DomainError} `unavailable` when PocketBase is down (the middleware shows the 503 page)
 */
export async function settingsForm(args: { service: TypedPocketBase; actor: UserRecord; form: FormData }): Promise<SettingsOutcome> {
  const current = await organisationSettings(async () => args.service);
  const fail = (status: number, fields: Record<string, string>, values: OrgSettings, message: string = orgEn.errors.summary): SettingsOutcome => ({ ok: false, status, message, fields, values });
  let settings: OrgSettings;
  let logo: Parameters<typeof saveOrganisationSettings>[1]['logo'];
  if (args.form.get('action') === 'defaults') {
    const nation = String(args.form.get('nation') ?? '');
    if (!isNation(nation)) return fail(400, { nation: orgEn.errors.nationUnknown }, current);
    settings = { ...current, nation, supportContacts: defaultSupportContacts(nation) };
  } else {
    const read = readSettingsForm(args.form, current);
    const fields: Record<string, string> = read.ok ? {} : { ...read.fields };
    const file = args.form.get('logo');
    if (file instanceof File && file.size > 0) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const checked = checkLogo(bytes);
      if (checked.ok) logo = { bytes, type: checked.type };
      else fields.logo = LOGO_PROBLEM[checked.problem];
    } else if (read.ok && read.removeLogo) {
      logo = 'remove';
    }
    if (!read.ok || Object.keys(fields).length > 0) return fail(400, fields, read.ok ? read.settings : read.values);
    settings = read.settings;
  }
  try {
    return { ok: true, settings: await saveOrganisationSettings(args.service, { actor: args.actor, settings, ...(logo ? { logo } : {}) }) };
  } catch (error) {
    if (isUnavailable(error)) throw error;
    if (error instanceof DomainError) return fail(error.kind === 'forbidden' ? 403 : 400, error.fields, settings, error.message);
    throw error;
  }
}
