/**
 * Child process for tests/integration/data-dir-permissions.test.ts: runs `ensureDataDir` on
 * one folder (possibly as another user, or under another umask) and prints the outcome as one
 * JSON line: `{ "ok": true, "logs": [...] }` or `{ "ok": false, "message": "..." }`.
 *
 *   node tests/support/ensure-data-dir-child.ts <dir>
 */
import { ensureDataDir } from '../../src/lib/server/pocketbase-process.ts';

const dir = process.argv[2]!;
const logs: string[] = [];
try {
  await ensureDataDir(dir, { log: (line) => logs.push(line) });
  console.log(JSON.stringify({ ok: true, logs }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, message: (error as Error).message }));
}
