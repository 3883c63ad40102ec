/**
 * Reading and writing the organisation's settings (the single-row `org_settings` collection,
 * which only the service account may touch). Reads are kept in this process for up to 30
 * seconds and forgotten at once when this process writes, by every web process of this machine
 * too (src/lib/server/peers.ts); another web server (machine) sees a change within 30 seconds. If PocketBase cannot be reached, the last settings read (or the
 * first-start defaults from the environment) are used, so every page still renders.
 */
import { createHash } from 'node:crypto';
import { auditFields } from '../audit-log.ts';
import { isAdmin } from '../cohorts/cohorts.ts';
import { DomainError, fromPocketBase } from '../errors.ts';
import { serviceClient } from '../pb-service.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { orgEn } from '../i18n/org.ts';
import { logoDataUrl, sniffImage, type LogoType } from './logo.ts';
import { onPeerMessage, publishToPeers } from '../server/peers.ts';
import { defaultSettings, recordFromSettings, settingsFromRecord, type OrgSettings } from './settings.ts';
import { sendBatch } from '../pb-batch.ts';

const TTL_MS = 30_000;
const COLLECTION = 'org_settings';

type Service = () => Promise<TypedPocketBase>;

let kept: { settings: OrgSettings; id: string | undefined; at: number } | undefined;
let keptLogo: { file: string; bytes: Uint8Array; type: LogoType } | undefined;

const PEER_CHANNEL = 'org-settings-forget';

/** Forgets what this process remembers (after a write; tests), and tells the machine's other web processes to. */
export function forgetOrganisationSettings(): void {
  kept = undefined;
  keptLogo = undefined;
  publishToPeers(PEER_CHANNEL, null);
}

onPeerMessage(PEER_CHANNEL, () => {
  kept = undefined;
  keptLogo = undefined;
});

async function load(service: Service): Promise<{ settings: OrgSettings; id: string | undefined }> {
  const pb = await service();
  const list = await pb.collection(COLLECTION as 'users').getList(1, 1, { filter: 'key = "org"' });
  const record = list.items[0] as unknown as Record<string, unknown> | undefined;
  if (!record) return { settings: defaultSettings(), id: undefined };
  return { settings: settingsFromRecord(record), id: String(record.id) };
}

/** The organisation's settings (never throws: defaults when PocketBase is away). */
export async function organisationSettings(service: Service = serviceClient): Promise<OrgSettings> {
  if (kept && Date.now() - kept.at < TTL_MS) return kept.settings;
  try {
    const loaded = await load(service);
    kept = { ...loaded, at: Date.now() };
    return loaded.settings;
  } catch {
    return kept?.settings ?? defaultSettings();
  }
}

/** The current logo's bytes and type, or undefined when there is none. */
export async function organisationLogo(service: Service = serviceClient): Promise<{ bytes: Uint8Array; type: LogoType; file: string } | undefined> {
  const settings = await organisationSettings(service);
  if (!settings.logo) return undefined;
  if (keptLogo?.file === settings.logo) return keptLogo;
  const pb = await service();
  const list = await pb.collection(COLLECTION as 'users').getList(1, 1, { filter: 'key = "org"' });
  const record = list.items[0];
  if (!record || !record.logo) return undefined;
  const token = await pb.files.getToken();
  const response = await fetch(pb.files.getURL(record, String(record.logo), { token }));
  if (!response.ok) return undefined;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const type = sniffImage(bytes);
  if (type !== 'png' && type !== 'jpeg' && type !== 'webp') return undefined;
  keptLogo = { file: String(record.logo), bytes, type };
  return keptLogo;
}

/** The issuer facts for a certificate issued now: the name and the logo as a data: URL. */
export async function certificateIssuer(service: Service = serviceClient): Promise<{ name: string; image?: string }> {
  const settings = await organisationSettings(service);
  const logo = await organisationLogo(service).catch(() => undefined);
  return logo ? { name: settings.name, image: logoDataUrl(logo.bytes, logo.type) } : { name: settings.name };
}

export interface SaveSettings {
  actor: Pick<UserRecord, 'id' | 'role'> & Partial<Pick<UserRecord, 'display_name' | 'email'>>;
  settings: OrgSettings;
  /** A new logo (already checked with checkLogo), or `remove`, or undefined to keep it. */
  logo?: { bytes: Uint8Array; type: LogoType } | 'remove';
}

/**
 * Saves the settings and appends the audit row in one PocketBase batch (both or neither).
 *
 * @throws {DomainError} `forbidden` unless the actor is an administrator; `unavailable` when PocketBase is down
 */
export async function saveOrganisationSettings(service: TypedPocketBase, input: SaveSettings): Promise<OrgSettings> {
  if (!isAdmin(input.actor)) throw new DomainError('forbidden', orgEn.settings.forbidden);
  const before = await load(async () => service).catch((error: unknown) => {
    throw fromPocketBase(error, 'organisation settings');
  });
  const fields = recordFromSettings(input.settings);
  const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter(
    (k) => JSON.stringify(fields[k]) !== JSON.stringify(recordFromSettings(before.settings)[k]),
  );
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  body.append('key', 'org');
  let logoDetail = 'kept';
  if (input.logo === 'remove') {
    body.append('logo', '');
    logoDetail = 'removed';
  } else if (input.logo) {
    const ext = input.logo.type === 'jpeg' ? 'jpg' : input.logo.type;
    const digest = createHash('sha256').update(input.logo.bytes).digest('hex').slice(0, 12);
    body.append('logo', new File([input.logo.bytes as Uint8Array<ArrayBuffer>], `logo-${digest}.${ext}`, { type: `image/${input.logo.type}` }));
    logoDetail = `set (${input.logo.type}, ${input.logo.bytes.length} bytes, sha256 ${digest})`;
  }
  const batch = service.createBatch();
  if (before.id) batch.collection(COLLECTION).update(before.id, body);
  else batch.collection(COLLECTION).create(body);
  batch.collection('audit_log').create(
    auditFields({
      actor: input.actor,
      action: 'org_settings.update',
      target_collection: COLLECTION,
      target_id: before.id ?? '-',
      details: { changed, logo: logoDetail, brand_colour: fields.brand_colour, name: fields.name },
    }),
  );
  try {
    await sendBatch(batch);
  } catch (error) {
    throw fromPocketBase(error, 'organisation settings');
  } finally {
    forgetOrganisationSettings();
  }
  return organisationSettings(async () => service);
}
