/**
 * The organisation's settings (pure): their shape, the first-start defaults (from the
 * environment), the stored record's schema, and reading the admin form. Stored in the
 * single-row `org_settings` collection (settings-store.ts).
 */
import { z } from 'zod';
import { orgEn } from '../i18n/org.ts';
import { checkBrandColour } from './contrast.ts';
import { defaultSupportContacts, isNation, isPhoneNumber, NATIONS, type Nation, type SupportContact } from './support-contacts.ts';

export const DEFAULT_ORG_NAME = 'Lived Learning';
export const DEFAULT_BRAND_COLOUR = '#1d4e5f';
export const DEFAULT_QUICK_EXIT_URL = 'https://www.bbc.co.uk/weather';
export const MAX_SUPPORT_CONTACTS = 12;

export interface OrgSettings {
  name: string;
  description: string;
  brandColour: string;
  footerText: string;
  privacyContact: string;
  contact: string;
  nation: Nation;
  supportContacts: SupportContact[];
  quickExitUrl: string;
  /** The stored logo's file name in PocketBase, or "" for none. */
  logo: string;
  /** Where the current logo is served: `/org/logo?v=<file>`, or "". */
  logoUrl: string;
}

type Env = Record<string, string | undefined>;

const env = (e: Env, key: string) => e[key]?.trim() || undefined;

/** The settings before an administrator has saved any: ORG_NAME (else ISSUER_NAME) and ORG_NATION from the environment. */
export function defaultSettings(e: Env = process.env): OrgSettings {
  const nationText = env(e, 'ORG_NATION') ?? 'england';
  const nation: Nation = isNation(nationText) ? nationText : 'england';
  return {
    name: env(e, 'ORG_NAME') ?? env(e, 'ISSUER_NAME') ?? DEFAULT_ORG_NAME,
    description: '',
    brandColour: DEFAULT_BRAND_COLOUR,
    footerText: '',
    privacyContact: '',
    contact: '',
    nation,
    supportContacts: defaultSupportContacts(nation),
    quickExitUrl: env(e, 'QUICK_EXIT_URL') ?? DEFAULT_QUICK_EXIT_URL,
    logo: '',
    logoUrl: '',
  };
}

const contactSchema = z.object({
  name: z.string().max(100),
  hours: z.string().max(200),
  phone: z.string().max(30),
  sms: z.string().max(30),
  how: z.string().max(300),
  web: z.string().max(300),
});

/** The stored record (fields as PocketBase returns them). */
export const storedSettingsSchema = z.object({
  name: z.string().min(1).max(100),
  description: z.string().max(300).default(''),
  brand_colour: z.string().regex(/^#[0-9a-f]{6}$/),
  footer_text: z.string().max(500).default(''),
  privacy_contact: z.string().max(200).default(''),
  contact: z.string().max(200).default(''),
  nation: z.enum(NATIONS),
  support_contacts: z.array(contactSchema).max(MAX_SUPPORT_CONTACTS),
  quick_exit_url: z.string().max(300),
  logo: z.string().default(''),
});
export type StoredSettings = z.infer<typeof storedSettingsSchema>;

/** A stored record → settings; falls back to the defaults for anything missing or unreadable. */
export function settingsFromRecord(record: unknown, defaults: OrgSettings = defaultSettings()): OrgSettings {
  const parsed = storedSettingsSchema.safeParse(record);
  if (!parsed.success) return defaults;
  const r = parsed.data;
  return {
    name: r.name,
    description: r.description,
    brandColour: r.brand_colour,
    footerText: r.footer_text,
    privacyContact: r.privacy_contact,
    contact: r.contact,
    nation: r.nation,
    supportContacts: r.support_contacts,
    quickExitUrl: r.quick_exit_url || defaults.quickExitUrl,
    logo: r.logo,
    logoUrl: r.logo ? `/org/logo?v=${encodeURIComponent(r.logo)}` : '',
  };
}

/** Settings → the fields to store (without the logo, which travels as a file). */
export function recordFromSettings(s: OrgSettings): Omit<StoredSettings, 'logo'> {
  return {
    name: s.name,
    description: s.description,
    brand_colour: s.brandColour,
    footer_text: s.footerText,
    privacy_contact: s.privacyContact,
    contact: s.contact,
    nation: s.nation,
    support_contacts: s.supportContacts,
    quick_exit_url: s.quickExitUrl,
  };
}

export function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password && value.length <= 300;
  } catch {
    return false;
  }
}

export type SettingsFormResult =
  | { ok: true; settings: OrgSettings; removeLogo: boolean }
  | { ok: false; fields: Record<string, string>; values: OrgSettings; colourSuggestion?: string };

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : '';
};

/**
 * Reads the settings form (without the logo file: see logo.ts). Contacts come as numbered rows
 * `contact_<field>_<n>` (n from 0 to `contact_rows` − 1); a row left empty or ticked for removal
 * is dropped. Errors are keyed by the field's id.
 */
export function readSettingsForm(form: FormData, current: OrgSettings): SettingsFormResult {
  const fields: Record<string, string> = {};
  const e = orgEn.errors;
  const name = text(form, 'name');
  if (!name) fields.name = e.nameMissing;
  else if (name.length > 100) fields.name = e.nameLong;
  const description = text(form, 'description');
  if (description.length > 300) fields.description = e.descriptionLong;
  const footerText = text(form, 'footer_text');
  if (footerText.length > 500) fields.footer_text = e.footerLong;
  const privacyContact = text(form, 'privacy_contact');
  if (privacyContact.length > 200) fields.privacy_contact = e.contactLong;
  const contact = text(form, 'contact');
  if (contact.length > 200) fields.contact = e.contactLong;
  const quickExitUrl = text(form, 'quick_exit_url') || current.quickExitUrl;
  if (!isHttpsUrl(quickExitUrl)) fields.quick_exit_url = e.urlBad;
  const nationText = text(form, 'nation') || current.nation;
  if (!isNation(nationText)) fields.nation = e.nationUnknown;
  const nation: Nation = isNation(nationText) ? nationText : current.nation;

  let brandColour = text(form, 'brand_colour').toLowerCase();
  let colourSuggestion: string | undefined;
  const colour = checkBrandColour(brandColour);
  if (colour.ok) brandColour = colour.colour;
  else if (colour.problem === 'format') fields.brand_colour = e.colourFormat;
  else {
    fields.brand_colour = e.colourContrast(colour.ratio, colour.suggestion, colour.suggestionRatio);
    colourSuggestion = colour.suggestion;
  }

  const rows = Math.min(Number.parseInt(text(form, 'contact_rows'), 10) || 0, 50);
  const supportContacts: SupportContact[] = [];
  for (let i = 0; i < rows; i++) {
    const row: SupportContact = {
      name: text(form, `contact_name_${i}`).slice(0, 100),
      hours: text(form, `contact_hours_${i}`).slice(0, 200),
      phone: text(form, `contact_phone_${i}`).slice(0, 30),
      sms: text(form, `contact_sms_${i}`).slice(0, 30),
      how: text(form, `contact_how_${i}`).slice(0, 300),
      web: text(form, `contact_web_${i}`).slice(0, 300),
    };
    if (text(form, `contact_remove_${i}`)) continue;
    if (Object.values(row).every((v) => v === '')) continue;
    if (!row.name) fields[`contact_name_${i}`] = e.contactNameMissing;
    if (!row.phone && !row.sms && !row.web) fields[`contact_phone_${i}`] = e.contactHowMissing;
    if (row.phone && !isPhoneNumber(row.phone)) fields[`contact_phone_${i}`] = e.phoneBad;
    if (row.sms && !isPhoneNumber(row.sms)) fields[`contact_sms_${i}`] = e.phoneBad;
    if (row.web && !isHttpsUrl(row.web)) fields[`contact_web_${i}`] = e.urlBad;
    supportContacts.push(row);
  }
  if (supportContacts.length > MAX_SUPPORT_CONTACTS) fields.contact_rows = e.tooManyContacts;

  const settings: OrgSettings = {
    ...current,
    name,
    description,
    brandColour: fields.brand_colour ? current.brandColour : brandColour,
    footerText,
    privacyContact,
    contact,
    nation,
    supportContacts,
    quickExitUrl,
  };
  if (Object.keys(fields).length > 0) {
    return { ok: false, fields, values: { ...settings, brandColour: text(form, 'brand_colour') }, colourSuggestion };
  }
  return { ok: true, settings, removeLogo: text(form, 'remove_logo') !== '' };
}

/** A link for a contact given as an email address or a web address; undefined for plain text. */
export function contactHref(value: string): string | undefined {
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return `mailto:${value}`;
  if (isHttpsUrl(value)) return value;
  return undefined;
}
