/**
 * The admin's "close an account for someone" (a request made offline): find the account by
 * email, then close it with a tick to confirm. The audit row (pocketbase/pb_hooks/privacy.pb.js)
 * names the admin and counts what went, never the content.
 */
import { DomainError, fromPocketBase, isUnavailable } from '../errors.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { privacyEn } from '../i18n/privacy.ts';
import { eraseAccount, type ErasureResult } from './erase.ts';

export type StaffEraseOutcome =
  | { kind: 'found'; user: Pick<UserRecord, 'id' | 'email' | 'display_name'> }
  | { kind: 'erased'; result: ErasureResult }
  | { kind: 'problem'; status: number; message: string; fields: Record<string, string>; user?: Pick<UserRecord, 'id' | 'email' | 'display_name'> };

const ID = /^[a-z0-9]{15}$/;

/** Handles both steps of the form. Never throws. */
export async function staffEraseForm(args: {
  admin: Pick<UserRecord, 'id' | 'email' | 'display_name' | 'role'>;
  form: FormData;
  service: () => Promise<TypedPocketBase>;
}): Promise<StaffEraseOutcome> {
  const t = privacyEn.staff;
  if (!(args.admin.role ?? []).includes('admin')) return { kind: 'problem', status: 403, message: t.failed, fields: {} };
  const step = String(args.form.get('step') ?? 'find');
  try {
    const service = await args.service();
    if (step === 'find') {
      const email = String(args.form.get('email') ?? '').trim().toLowerCase();
      if (!email) return { kind: 'problem', status: 400, message: t.emailMissing, fields: { email: t.emailMissing } };
      const found = await service
        .collection('users')
        .getFirstListItem<UserRecord>(service.filter('email = {:email}', { email }), { fields: 'id,email,display_name' })
        .catch((error) => {
          if (error?.status === 404) return undefined;
          throw error;
        });
      if (!found || found.email.endsWith('@erased.invalid')) return { kind: 'problem', status: 400, message: t.notFound, fields: { email: t.notFound } };
      if (found.id === args.admin.id) return { kind: 'problem', status: 400, message: t.self, fields: { email: t.self } };
      return { kind: 'found', user: found };
    }
    const id = String(args.form.get('user') ?? '');
    if (!ID.test(id)) return { kind: 'problem', status: 400, message: t.notFound, fields: {} };
    const user = await service.collection('users').getOne<UserRecord>(id, { fields: 'id,email,display_name' });
    if (user.id === args.admin.id) return { kind: 'problem', status: 400, message: t.self, fields: {} };
    if (args.form.get('confirm') !== 'yes') return { kind: 'problem', status: 400, message: t.confirmMissing, fields: { confirm: t.confirmMissing }, user };
    const result = await eraseAccount(service, id, { kind: 'admin', admin: args.admin });
    return { kind: 'erased', result };
  } catch (error) {
    const status = isUnavailable(error) ? 503 : error instanceof DomainError ? 400 : 400;
    if (!(error instanceof DomainError) && !isUnavailable(error)) {
      try {
        fromPocketBase(error);
      } catch {
        console.error(`[privacy] staff erase failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { kind: 'problem', status, message: t.failed, fields: {} };
  }
}
