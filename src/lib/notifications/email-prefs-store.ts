/**
 * Reading and saving a person's email choices (`notification_settings`, service account only:
 * the collection has no API rules). Callers pass the id of the signed-in person (or the one a
 * signed unsubscribe link names), never an id from a form.
 */
import { DomainError, fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import { isRecordId } from '../record-id.ts';
import { prefsToRow, resolvePrefs, type EmailCategory, type EmailPrefs, type SettingsRow } from './email-prefs.ts';
import { verifyUnsubscribe } from './unsubscribe.ts';
import { unsubscribeSecret } from './unsubscribe-secret.ts';
import { serviceClient } from '../pb-service.ts';

export const SETTINGS = 'notification_settings';

async function settingsRow(service: TypedPocketBase, user: string): Promise<(SettingsRow & { id: string }) | undefined> {
  const rows = await service.collection(SETTINGS).getList(1, 1, { filter: service.filter('user = {:user}', { user }), skipTotal: true });
  return rows.items[0] as (SettingsRow & { id: string }) | undefined;
}

/** A person's choices (the defaults when they never changed them). @throws {DomainError} `unavailable` */
export async function loadEmailPrefs(service: TypedPocketBase, user: string): Promise<EmailPrefs> {
  try {
    return resolvePrefs(await settingsRow(service, user));
  } catch (error) {
    throw fromPocketBase(error, 'email settings');
  }
}

/** Saves a person's choices. @throws {DomainError} `unavailable` */
export async function saveEmailPrefs(service: TypedPocketBase, user: string, prefs: EmailPrefs): Promise<void> {
  if (!isRecordId(user)) throw new DomainError('invalid', 'Not an account.');
  try {
    const existing = await settingsRow(service, user);
    const body = prefsToRow(prefs);
    if (existing) await service.collection(SETTINGS).update(existing.id, body);
    else await service.collection(SETTINGS).create({ user, ...body });
  } catch (error) {
    throw fromPocketBase(error, 'email settings');
  }
}

/**
 * Switches off the categories a signed link names, for the person it names (only them).
 *
 * @returns the categories switched off
 * @throws {DomainError} `not-found` for a link that is damaged or not signed by us (nothing
 *   changes), `unavailable`
 */
export async function unsubscribeWithToken(service: TypedPocketBase, secret: Buffer, token: string): Promise<EmailCategory[]> {
  const named = verifyUnsubscribe(secret, token);
  if (!named) throw new DomainError('not-found', 'This link to stop emails is not complete or not ours. Sign in and choose your emails on Your account instead.');
  const prefs = await loadEmailPrefs(service, named.user);
  for (const category of named.categories) prefs.modes[category] = 'off';
  try {
    await saveEmailPrefs(service, named.user, prefs);
  } catch (error) {
    // The account is gone (deleted): there is nobody left to email.
    if (error instanceof DomainError && error.kind !== 'unavailable') return named.categories;
    throw error;
  }
  return named.categories;
}

// ---------------------------------------------------------------------------------------------
// For pages: the service account stays here (pages never hold it).

/** The signed-in person's own choices (pass `locals.user.id`, never an id from a form). */
export async function ownEmailPrefs(user: string): Promise<EmailPrefs> {
  return loadEmailPrefs(await serviceClient(), user);
}

/** Saves the signed-in person's own choices. */
export async function saveOwnEmailPrefs(user: string, prefs: EmailPrefs): Promise<void> {
  await saveEmailPrefs(await serviceClient(), user, prefs);
}

/** What an unsubscribe link would switch off (for its confirm page; changes nothing). */
export function describeUnsubscribeLink(token: string): { categories: EmailCategory[] } | undefined {
  const named = verifyUnsubscribe(unsubscribeSecret(), token);
  return named ? { categories: named.categories } : undefined;
}

/** The confirm page's POST: switches off what the link names. */
export async function unsubscribeByLink(token: string): Promise<EmailCategory[]> {
  return unsubscribeWithToken(await serviceClient(), unsubscribeSecret(), token);
}
