/**
 * Lookups of people and their enrolments that issuing a certificate needs (service client):
 * the cohort a trainee is enrolled in, an account to re-issue for, and signers' display names.
 * Every ClientResponseError becomes a DomainError.
 */
import { fromPocketBase } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';

/**
 * The cohort of the trainee's enrolment in a course ("" if none).
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function cohortOf(service: TypedPocketBase, user: string, course: string): Promise<string> {
  try {
    const list = await service.collection('enrolments').getList(1, 1, { skipTotal: true, filter: service.filter('user = {:user} && course = {:course}', { user, course }), fields: 'cohort' });
    return list.items[0]?.cohort ?? '';
  } catch (error) {
    throw fromPocketBase(error, 'enrolment');
  }
}

/**
 * A person's account (service client), for re-issuing on their behalf.
 *
 * @throws {DomainError} `not-found`; `unavailable`
 */
export async function userById(service: TypedPocketBase, id: string): Promise<UserRecord> {
  try {
    return await service.collection('users').getOne(id);
  } catch (error) {
    throw fromPocketBase(error, 'account');
  }
}

/**
 * Display names of accounts (service client), for sign-offs recorded without a name.
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function displayNames(service: TypedPocketBase, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return new Map();
  try {
    const filter = service.filter(unique.map((_, i) => `id={:i${i}}`).join('||'), Object.fromEntries(unique.map((id, i) => [`i${i}`, id])));
    const rows = await service.collection('users').getFullList({ filter, fields: 'id,display_name' });
    return new Map(rows.map((r) => [r.id, r.display_name]));
  } catch (error) {
    throw fromPocketBase(error, 'account');
  }
}
