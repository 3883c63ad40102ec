/**
 * Starts the built site and a real PocketBase once for all browser tests; workers read the
 * address from E2E_BASE_URL. Returns the teardown Playwright calls at the end.
 */
import { startStack } from '../support/stack.ts';

export default async function globalSetup() {
  const stack = await startStack({
    onOutput: (line, stream) => {
      if (stream === 'stderr' && !/ExperimentalWarning|nodedir/.test(line)) console.error(`[stack] ${line}`);
    },
  });
  process.env.E2E_BASE_URL = stack.baseURL;
  process.env.E2E_PB_URL = stack.pb.url;
  // Workers use the service account only to create test accounts (tests/e2e/accounts.ts).
  process.env.E2E_PB_SERVICE_EMAIL = stack.pb.service.email;
  process.env.E2E_PB_SERVICE_PASSWORD = stack.pb.service.password;
  return async () => stack.stop();
}
