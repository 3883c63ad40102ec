/**
 * People's names, email addresses and roles, read and changed with the service client.
 *
 * Why the service client: the `users` rules let a person read and update only their own
 * record, and nobody may change roles or `new_assessor` through the API (docs/DATA-MODEL.md).
 * So a trainer cannot read their trainees' names, and an administrator cannot grant a role,
 * with their own token. The web server does it for them, and only after the caller has checked
 * that they may: a page shows names only of people on a group the viewer can open with their
 * own token, and only an administrator (hasRole) reaches the changes. Only the fields needed
 * are read; never passwords or tokens.
 */
import { DomainError, fromPocketBase } from '../errors.ts';
import { staffEn } from '../i18n/staff.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { Role, UserRecord } from '../records.ts';
import { listByIds } from './batches.ts';

const e = staffEn.errors;

/** What staff pages show about a person. */
export interface Person {
  id: string;
  name: string;
  email: string;
  role: Role[];
  new_assessor: boolean;
}

const FIELDS = 'id,display_name,email,role,new_assessor';

const toPerson = (u: Pick<UserRecord, 'id' | 'display_name' | 'email' | 'role' | 'new_assessor'>): Person => ({
  id: u.id,
  name: u.display_name || u.email,
  email: u.email,
  role: u.role ?? [],
  new_assessor: !!u.new_assessor,
});

/**
 * The people with these ids, in one request per 100 (unknown ids are left out).
 *
 * @throws {DomainError} `unavailable` when PocketBase cannot be reached
 */
export async function peopleByIds(service: TypedPocketBase, ids: readonly string[]): Promise<Map<string, Person>> {
  const people = new Map<string, Person>();
  try {
    const rows = await listByIds<UserRecord>(service, 'users', { field: 'id', ids, fields: FIELDS });
    for (const row of rows) people.set(row.id, toPerson(row));
    return people;
  } catch (error) {
    throw fromPocketBase(error, 'person');
  }
}

/**
 * The person with this email address (compared without regard to case).
 *
 * @throws {DomainError} `not-found` (field `email`) when nobody uses it; `unavailable` when PocketBase cannot be reached
 */
export async function personByEmail(service: TypedPocketBase, email: string): Promise<Person> {
  try {
    const rows = await service.collection('users').getList(1, 1, { filter: service.filter('email = {:email}', { email: email.trim() }), fields: FIELDS, skipTotal: true });
    const found = rows.items[0];
    if (!found) throw new DomainError('not-found', e.noSuchPerson, { email: e.noSuchPerson });
    return toPerson(found);
  } catch (error) {
    throw fromPocketBase(error, 'person');
  }
}

/**
 * Sets someone's roles (the audit hook records the change as `user.role_change`).
 *
 * @throws {DomainError} `not-found`, `unavailable`
 */
export async function setRoles(service: TypedPocketBase, user: string, roles: readonly Role[]): Promise<Person> {
  try {
    return toPerson(await service.collection('users').update(user, { role: [...roles] }, { fields: FIELDS }));
  } catch (error) {
    throw fromPocketBase(error, 'person');
  }
}

/**
 * Gives someone a role if they do not have it yet.
 *
 * @returns true when the role was added
 * @throws {DomainError} `not-found`, `unavailable`
 */
export async function ensureRole(service: TypedPocketBase, person: Person, role: Role): Promise<boolean> {
  if (person.role.includes(role)) return false;
  await setRoles(service, person.id, [...person.role, role]);
  return true;
}

/**
 * Marks or unmarks a new assessor (IQA then samples all of their decisions).
 *
 * @throws {DomainError} `not-found`, `unavailable`
 */
export async function setNewAssessor(service: TypedPocketBase, user: string, value: boolean): Promise<void> {
  try {
    await service.collection('users').update(user, { new_assessor: value }, { fields: 'id' });
  } catch (error) {
    throw fromPocketBase(error, 'person');
  }
}
