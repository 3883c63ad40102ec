/**
 * The clock the site's background jobs (notification emails, retention) and their pages use:
 * the real one, except in tests. When NODE_ENV=test AND TEST_CLOCK_FILE names a file, the time
 * is read from that file (an ISO date) at each call, so an end-to-end test can move "now" to
 * the next morning. In any other NODE_ENV the variable is ignored, with a warning.
 */
import { readFileSync } from 'node:fs';

export function clockFromEnv(env: Record<string, string | undefined>, log: (line: string) => void = () => {}): () => Date {
  const file = env.TEST_CLOCK_FILE?.trim();
  if (!file) return () => new Date();
  if (env.NODE_ENV !== 'test') {
    log('[clock] TEST_CLOCK_FILE is ignored: it only works when NODE_ENV=test.');
    return () => new Date();
  }
  return () => {
    try {
      const date = new Date(readFileSync(file, 'utf8').trim());
      return Number.isNaN(date.getTime()) ? new Date() : date;
    } catch {
      return new Date();
    }
  };
}
