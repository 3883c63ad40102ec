/**
 * /staff/retention's form handling: save the settings, a dry run ("check what would go") or a
 * real run ("delete what is due now", after a tick). Administrators only (the store checks
 * again). The clock is the real one, or the test clock file under NODE_ENV=test
 * (retention-worker.ts).
 */
import { DomainError, isUnavailable } from '../errors.ts';
import { retentionEn } from '../i18n/retention.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { isTicked, readRetentionForm } from './retention.ts';
import { runRetention, saveRetentionSettings, type RetentionRun } from './retention-store.ts';

export type RetentionOutcome =
  | { ok: true; done: 'saved' | 'ran' }
  | { ok: true; done: 'preview'; run: RetentionRun }
  | { ok: false; status: number; message: string; fields: Record<string, string>; values?: Record<string, string> };

/**
 * @throws {DomainError} `unavailable` when PocketBase is down (the middleware shows the 503 page)
 */
export async function retentionForm(args: { service: TypedPocketBase; actor: UserRecord; form: FormData; now: Date }): Promise<RetentionOutcome> {
  const t = retentionEn.admin;
  const action = String(args.form.get('action') ?? 'save');
  try {
    if (action === 'preview') {
      return { ok: true, done: 'preview', run: await runRetention(args.service, { now: args.now, dryRun: true, actor: args.actor }) };
    }
    if (action === 'run') {
      if (!isTicked(args.form.get('confirm'))) return { ok: false, status: 400, message: t.runConfirmMissing, fields: { confirm: t.runConfirmMissing } };
      await runRetention(args.service, { now: args.now, dryRun: false, actor: args.actor, log: (line) => console.log(line) });
      return { ok: true, done: 'ran' };
    }
    const read = readRetentionForm(args.form, t.problem);
    if (!read.ok) return { ok: false, status: 400, message: t.summary, fields: read.fields as Record<string, string>, values: read.values };
    await saveRetentionSettings(args.service, args.actor, read.value);
    return { ok: true, done: 'saved' };
  } catch (error) {
    if (isUnavailable(error)) throw error;
    if (error instanceof DomainError && error.kind === 'forbidden') return { ok: false, status: 403, message: error.message, fields: {} };
    throw error;
  }
}
