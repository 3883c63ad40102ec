/**
 * Pure rules about accounts: which classes a person's reading preferences put on <body>, and
 * which emails count as the same account for rate limiting.
 */
import type { UserRecord } from '../records.ts';

/** A reading preference stored on the account, and the <body> class that applies it site-wide. */
export const PREFERENCES = [
  { field: 'pref_large_text', className: 'pref-large-text' },
  { field: 'pref_reduced_motion', className: 'pref-reduced-motion' },
  { field: 'pref_dyslexia_spacing', className: 'pref-dyslexia-spacing' },
] as const;

export type PreferenceField = (typeof PREFERENCES)[number]['field'];

/** The <body> classes for a person's preferences; none when signed out. */
export function preferenceClasses(user: Pick<UserRecord, PreferenceField> | null | undefined): string[] {
  if (!user) return [];
  return PREFERENCES.filter((p) => user[p.field] === true).map((p) => p.className);
}

/** Joins class names, skipping empty ones; undefined when there are none (no empty attribute). */
export function classList(...names: (string | undefined | null | false)[]): string | undefined {
  const joined = names.filter((n): n is string => typeof n === 'string' && n.trim() !== '').join(' ');
  return joined || undefined;
}

/** The key an email is counted under: trimmed and lower-cased, so `Kim@X.org` and `kim@x.org` share a limit. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
