/**
 * The secret that signs unsubscribe links: `UNSUBSCRIBE_SECRET` (at least 32 characters) when
 * set, else the file `<PB_DATA_DIR>/unsubscribe-secret` (mode 0600), made with 32 random bytes
 * the first time it is needed. Losing it only makes links in emails already sent stop working.
 * Never logged. Node-only.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const UNSUBSCRIBE_SECRET_FILE = 'unsubscribe-secret';
let cached: { key: string; secret: Buffer } | undefined;

export function unsubscribeSecret(env: Record<string, string | undefined> = process.env): Buffer {
  const fromEnv = env.UNSUBSCRIBE_SECRET?.trim();
  const dataDir = path.resolve(process.cwd(), env.PB_DATA_DIR ?? 'pocketbase/pb_data');
  const key = fromEnv ? `env:${fromEnv}` : `file:${dataDir}`;
  if (cached?.key === key) return cached.secret;
  let secret: Buffer;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('UNSUBSCRIBE_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`), or leave it unset to keep one in the data folder');
    secret = Buffer.from(fromEnv, 'utf8');
  } else {
    const file = path.join(dataDir, UNSUBSCRIBE_SECRET_FILE);
    try {
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`Cannot keep the unsubscribe secret in ${file}: ${(error as Error).message}. Give this user write access to the data folder, or set UNSUBSCRIBE_SECRET.`);
    }
    const text = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`${file} is damaged: delete it (unsubscribe links already sent will stop working) and start again.`);
    secret = Buffer.from(text, 'hex');
  }
  cached = { key, secret };
  return secret;
}
