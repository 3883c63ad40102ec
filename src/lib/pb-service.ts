/**
 * The service superuser client, for actions no person may take (enrolment after checking a
 * course's rules, grading, reset links, aggregated feedback). Node-only. Credentials come from
 * PB_SERVICE_EMAIL / PB_SERVICE_PASSWORD or PB_DATA_DIR/service-account.json; they are never
 * logged. Its token is renewed shortly before it expires.
 */
import path from 'node:path';
import { expiresWithin } from './auth/token-expiry.ts';
import { loadServiceCredentials } from './server/service-account.ts';
import { createClient, pocketBaseUrl, type TypedPocketBase } from './pb.ts';

let service: TypedPocketBase | undefined;
let pending: Promise<TypedPocketBase> | undefined;

/**
 * A new client of its own, signed in as the service account (for a long-lived use such as the
 * realtime subscription in ./cache/remembered.ts; everything else shares {@link serviceClient}).
 *
 * @throws {ClientResponseError} when PocketBase is unreachable or rejects the credentials
 */
export async function signInServiceClient(): Promise<TypedPocketBase> {
  const credentials = await loadServiceCredentials({
    serviceCredentials:
      process.env.PB_SERVICE_EMAIL && process.env.PB_SERVICE_PASSWORD
        ? { email: process.env.PB_SERVICE_EMAIL, password: process.env.PB_SERVICE_PASSWORD }
        : undefined,
    pbDataDir: path.resolve(process.cwd(), process.env.PB_DATA_DIR ?? 'pocketbase/pb_data'),
  });
  const pb = createClient(pocketBaseUrl());
  await pb.collection('_superusers').authWithPassword(credentials.email, credentials.password);
  return pb;
}

/**
 * The signed-in service client, shared by the process.
 *
 * @throws {ClientResponseError} when PocketBase is unreachable or rejects the credentials
 */
export async function serviceClient(): Promise<TypedPocketBase> {
  if (service && service.authStore.isValid && !expiresWithin(service.authStore.token, 5 * 60 * 1000)) return service;
  pending ??= signInServiceClient()
    .then((pb) => (service = pb))
    .finally(() => (pending = undefined));
  return pending;
}
