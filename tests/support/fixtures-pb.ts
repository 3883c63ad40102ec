/**
 * Small helpers for putting people into a test PocketBase (see ./pocketbase.ts) and acting
 * as them. Shared by integration and e2e tests.
 *
 *   const service = await serviceClient(pb);
 *   const kim = await createUser(service, { email: 'kim@example.org', password, display_name: 'Kim', roles: ['trainee'] });
 *   const asKim = await clientAs(pb.url, kim.email, kim.password);
 */
import PocketBase from 'pocketbase';
import type { Role } from '../../src/lib/records.ts';
import type { TestPocketBase } from './pocketbase.ts';

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export interface NewTestUser {
  email: string;
  /** At least 8 characters (PocketBase's minimum). */
  password: string;
  display_name: string;
  /** Granted by the service account, as the web server does; none by default. */
  roles?: Role[];
}

/**
 * A client signed in as the service superuser, which bypasses API rules: for fixtures only.
 * Auto-cancellation is off so it can be used from concurrent requests. `url` reaches the same
 * data through another server (a `serve --dev` started on `pb`'s data folder).
 *
 * @throws {ClientResponseError} if the service credentials are refused
 */
export async function serviceClient(pb: TestPocketBase, url = pb.url): Promise<PocketBase> {
  const client = new PocketBase(url);
  client.autoCancellation(false);
  await client.collection('_superusers').authWithPassword(pb.service.email, pb.service.password);
  return client;
}

/**
 * Creates a verified account with the given roles.
 *
 * @param service a client from {@link serviceClient}
 * @throws {ClientResponseError} e.g. 400 when the email is taken or the password too short
 */
export async function createUser(service: PocketBase, user: NewTestUser): Promise<TestUser> {
  const record = await service.collection('users').create({
    email: user.email,
    password: user.password,
    passwordConfirm: user.password,
    display_name: user.display_name,
    role: user.roles ?? [],
    verified: true,
  });
  return { id: record.id, email: user.email, password: user.password };
}

/**
 * A client signed in as that person, with auto-cancellation off.
 *
 * @throws {ClientResponseError} 400 if the email or password is wrong
 */
export async function clientAs(url: string, email: string, password: string): Promise<PocketBase> {
  const client = new PocketBase(url);
  client.autoCancellation(false);
  await client.collection('users').authWithPassword(email, password);
  return client;
}

/** The staff lists of a cohort (user ids); each empty by default. */
export interface CohortStaff {
  trainers?: string[];
  assessors?: string[];
  iqas?: string[];
  verifiers?: string[];
}

export interface NewTestCohort extends CohortStaff {
  name: string;
  /** A course slug. */
  course: string;
  /** An invitation code; none by default. */
  code?: string;
}

/**
 * Creates a cohort with its staff, as an admin does through the web server.
 *
 * @param service a client from {@link serviceClient}
 * @returns the cohort's id
 * @throws {ClientResponseError} e.g. 400 when the code is taken or a staff id is unknown
 */
export async function createCohort(service: PocketBase, cohort: NewTestCohort): Promise<string> {
  const record = await service.collection('cohorts').create({
    name: cohort.name,
    course: cohort.course,
    code: cohort.code ?? '',
    trainers: cohort.trainers ?? [],
    assessors: cohort.assessors ?? [],
    iqas: cohort.iqas ?? [],
    verifiers: cohort.verifiers ?? [],
  });
  return record.id;
}

/**
 * Enrols a person in a course, in a cohort or in none (`cohort` ""), as the web server does
 * after checking a cohort code.
 *
 * @param service a client from {@link serviceClient}
 * @returns the enrolment's id
 * @throws {ClientResponseError} 400 e.g. when the person is already enrolled in the course
 */
export async function enrol(
  service: PocketBase,
  user: Pick<TestUser, 'id'>,
  course: string,
  cohort: string,
  status: 'active' | 'left' = 'active',
): Promise<string> {
  const record = await service.collection('enrolments').create({ user: user.id, course, cohort, status });
  return record.id;
}
