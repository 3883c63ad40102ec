/**
 * Vitest global setup for the integration tests: one migrated PocketBase data folder with a
 * service account, made once per run. Each test file's `startTestPocketBase()` copies it
 * (tests/support/pocketbase.ts) instead of applying every migration again.
 */
import { makePocketBaseTemplate, TEMPLATE_ENV } from './pocketbase.ts';

export default async function setup() {
  const template = await makePocketBaseTemplate();
  // Workers are started after this and inherit the environment.
  process.env[TEMPLATE_ENV] = template.dataDir;
  return async () => {
    delete process.env[TEMPLATE_ENV];
    await template.remove();
  };
}
