/**
 * Test accounts for browser tests, made directly in the real PocketBase with the service
 * account, and a way to sign a browser in as one without going through the sign-in form
 * (the sign-in form has its own tests).
 */
import { randomUUID } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';
import PocketBase from 'pocketbase';
import type { Role } from '../../src/lib/records.ts';

export interface TestAccount {
  id: string;
  email: string;
  password: string;
  displayName: string;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through playwright.config.ts (global setup starts the stack).`);
  return value;
}

let service: PocketBase | undefined;
export async function serviceClient(): Promise<PocketBase> {
  if (!service) {
    service = new PocketBase(env('E2E_PB_URL'));
    service.autoCancellation(false);
    await service.collection('_superusers').authWithPassword(env('E2E_PB_SERVICE_EMAIL'), env('E2E_PB_SERVICE_PASSWORD'));
  }
  return service;
}

/** A new account with a unique email; roles are set by the service account. */
export async function createAccount(displayName = 'Test Trainee', roles: Role[] = ['trainee']): Promise<TestAccount> {
  const pb = await serviceClient();
  const email = `${displayName.toLowerCase().replace(/[^a-z]+/g, '-')}-${randomUUID().slice(0, 8)}@example.test`;
  const password = `pw-${randomUUID()}`;
  const record = await pb.collection('users').create({ email, password, passwordConfirm: password, display_name: displayName, role: roles, verified: true });
  return { id: record.id, email, password, displayName };
}

async function sessionToken(account: TestAccount): Promise<string> {
  const pb = new PocketBase(env('E2E_PB_URL'));
  return (await pb.collection('users').authWithPassword(account.email, account.password)).token;
}

/** Signs the browser context in as the account by setting the session cookie the site uses. */
export async function signInAs(context: BrowserContext, account: TestAccount): Promise<void> {
  await context.addCookies([{ name: 'll_session', value: await sessionToken(account), url: env('E2E_BASE_URL'), httpOnly: true, sameSite: 'Lax' }]);
}

/**
 * A GET of a page of the site signed in as the account, redirects not followed, for a check
 * that needs no browser (a status code, a header, words that must not be there): much cheaper
 * than a browser context and page.
 */
export async function fetchAs(account: TestAccount, path: string): Promise<Response> {
  return fetch(new URL(path, env('E2E_BASE_URL')), { headers: { cookie: `ll_session=${await sessionToken(account)}` }, redirect: 'manual' });
}

/** A new account with the author role, made an author of each of the given courses. */
export async function createAuthor(displayName: string, courses: string[]): Promise<TestAccount> {
  const account = await createAccount(displayName, ['author']);
  const pb = await serviceClient();
  for (const course of courses) await pb.collection('course_authors').create({ course, user: account.id });
  return account;
}
