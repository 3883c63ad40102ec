/**
 * PocketBase's refusals, recognised by code. Our hooks (pocketbase/pb_hooks) refuse with a
 * code from pocketbase/pb_hooks/lib/error-codes.json in `data.<field>.code`; this module reads
 * the same file, so a code either side uses that is not in the list fails the type check (and
 * tests/unit/hook-error-codes.test.ts). Stores map errors by these codes, never by "any 400".
 */
import { ClientResponseError } from 'pocketbase';
import list from '../../pocketbase/pb_hooks/lib/error-codes.json' with { type: 'json' };

/** A code our hooks send. */
export type HookErrorCode = keyof typeof list.hooks;
/** A code of PocketBase's own that the web server recognises. */
export type PocketBaseErrorCode = keyof typeof list.pocketbase;
export type ErrorCode = HookErrorCode | PocketBaseErrorCode;

export const HOOK_ERROR_CODES = Object.keys(list.hooks) as HookErrorCode[];
export const ERROR_CODES = [...HOOK_ERROR_CODES, ...(Object.keys(list.pocketbase) as PocketBaseErrorCode[])];
const KNOWN = new Set<string>(ERROR_CODES);

/** The HTTP status a hook sends `code` with. */
export function hookErrorStatus(code: HookErrorCode): number {
  return list.hooks[code].status;
}

export interface CodedField {
  /** The field the refusal is about, e.g. `evidence`. */
  field: string;
  code: ErrorCode;
  /** PocketBase's message for the field (the hook's plain words). */
  message: string;
}

function fieldErrors(error: unknown): Record<string, { code?: unknown; message?: unknown } | undefined> {
  if (!(error instanceof ClientResponseError)) return {};
  const data = error.response?.['data'];
  return data && typeof data === 'object' ? (data as Record<string, { code?: unknown; message?: unknown }>) : {};
}

/** Every field of a PocketBase refusal whose code is in the shared list, in PocketBase's order. */
export function codedFields(error: unknown): CodedField[] {
  return Object.entries(fieldErrors(error)).flatMap(([field, value]) =>
    typeof value?.code === 'string' && KNOWN.has(value.code)
      ? [{ field, code: value.code as ErrorCode, message: typeof value.message === 'string' ? value.message : '' }]
      : [],
  );
}

/** The (first) listed code a PocketBase refusal carries, or undefined (not a refusal, or no listed code). */
export function hookErrorCode(error: unknown): ErrorCode | undefined {
  return codedFields(error)[0]?.code;
}

/** The field carrying `code` (on `field`, when given), or undefined. */
export function findCode(error: unknown, code: ErrorCode, field?: string): CodedField | undefined {
  return codedFields(error).find((f) => f.code === code && (field === undefined || f.field === field));
}

/** True when the refusal carries `code` (on `field`, when given). */
export function hasErrorCode(error: unknown, code: ErrorCode, field?: string): boolean {
  return findCode(error, code, field) !== undefined;
}

/**
 * True when PocketBase refused a create by its API rule: "Failed to create record." with no
 * field errors at all, unlike a hook or field validation, which always names a field.
 */
export function refusedByRule(error: unknown): boolean {
  return error instanceof ClientResponseError && error.status === 400 && Object.keys(fieldErrors(error)).length === 0;
}

/**
 * True when a failed PocketBase batch (`Batch transaction failed.`) was refused because one of
 * its requests carried `code` (on `field`, when given). Nothing of such a batch was written.
 */
export function batchRefusedWith(error: unknown, code: ErrorCode, field?: string): boolean {
  if (!(error instanceof ClientResponseError)) return false;
  const requests = (error.response?.['data'] as { requests?: unknown } | undefined)?.requests;
  if (!requests || typeof requests !== 'object') return false;
  return Object.values(requests as Record<string, { response?: { data?: unknown } } | undefined>).some((failed) => {
    const data = failed?.response?.data;
    if (!data || typeof data !== 'object') return false;
    return Object.entries(data as Record<string, { code?: unknown } | undefined>).some(([name, value]) => value?.code === code && (field === undefined || name === field));
  });
}
