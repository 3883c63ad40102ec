/**
 * Starts the built site and a real PocketBase once for all browser tests; workers read the
 * address from E2E_BASE_URL. Returns the teardown Playwright calls at the end.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePocketBaseTemplate, TEMPLATE_ENV } from '../support/pocketbase.ts';
import { startStack, type TestStack } from '../support/stack.ts';

export default async function globalSetup() {
  // The browser editor writes course files: it gets a throwaway copy, never the repository's.
  const coursesCopy = mkdtempSync(path.join(os.tmpdir(), 'll-e2e-courses-'));
  cpSync(path.resolve('courses'), coursesCopy, { recursive: true });
  process.env.E2E_COURSES_DIR = coursesCopy;
  // One migrated PocketBase data folder, copied by every stack of the run (this one and the
  // specs' own: enrolment, knowledge-checks, email…) instead of applying every migration again
  // (about 5 s each on a busy machine; docs/TESTING.md, "Timings"). Workers inherit the variable.
  const template = await makePocketBaseTemplate();
  process.env[TEMPLATE_ENV] = template.dataDir;
  let stack: TestStack;
  try {
    stack = await startStack({
      coursesDir: coursesCopy,
      // Every test browser comes from 127.0.0.1: per-address limits would count the whole suite
      // as one person. Per-email limits (tested in auth.spec.ts) stay as they are.
      env: { SIGNIN_LIMIT_PER_IP: '10000', SIGNUP_LIMIT_PER_HOUR: '10000' },
      onOutput: (line, stream) => {
        if (stream === 'stderr' && !/ExperimentalWarning|nodedir/.test(line)) console.error(`[stack] ${line}`);
      },
    });
  } catch (error) {
    await template.remove();
    throw error;
  }
  process.env.E2E_BASE_URL = stack.baseURL;
  process.env.E2E_PB_URL = stack.pb.url;
  // The privacy spec searches the data folder for erased text.
  process.env.E2E_PB_DATA_DIR = stack.pb.dataDir;
  // Workers use the service account only to create test accounts (tests/e2e/accounts.ts).
  process.env.E2E_PB_SERVICE_EMAIL = stack.pb.service.email;
  process.env.E2E_PB_SERVICE_PASSWORD = stack.pb.service.password;
  return async () => {
    await stack.stop();
    await template.remove();
    rmSync(coursesCopy, { recursive: true, force: true });
  };
}
