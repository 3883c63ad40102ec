/**
 * The stored certificate snapshot, checked with zod when it is read back (from PocketBase or
 * a backup): a snapshot that does not fit is refused, never shown or re-signed.
 */
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { hasValidCheck } from './code.ts';
import { CERTIFICATE_KINDS, type CertificateSnapshot } from './snapshot.ts';
import { STATUS_LIST_LENGTH } from './status-list.ts';

const isoSeconds = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, { error: 'must be a UTC date like 2026-11-20T10:00:00Z' });
const text = (max: number) => z.string().min(1).max(max);
const count = z.number().int().nonnegative();

export const snapshotSchema = z.strictObject({
  format: z.literal(1),
  code: z.string().refine(hasValidCheck, { error: 'is not a valid certificate code' }),
  kind: z.enum(CERTIFICATE_KINDS),
  holder: z.strictObject({
    name: text(200),
    email_hash: z.string().regex(/^sha256\$[0-9a-f]{64}$/, { error: 'must be sha256$ and 64 hex digits' }),
    email_salt: z.string().min(16).max(200),
  }),
  course: z.strictObject({ slug: text(100), title: text(200), version: z.string().regex(/^[0-9a-f]{12}$/), language: text(20) }),
  accreditation: z
    .strictObject({
      awarding_body: text(200),
      qualification: text(200),
      level: text(10),
      credits: count,
      guided_learning_hours: count,
      total_qualification_time: count,
      regulated: z.boolean(),
      note: z.string().max(1000).nullable(),
    })
    .nullable(),
  units: z.array(z.strictObject({ id: text(50), title: text(200), credits: count, guided_learning_hours: count })),
  issued_at: isoSeconds,
  expires_at: isoSeconds.nullable(),
  issuer: z.strictObject({ name: text(200), url: z.url({ protocol: /^https?$/ }) }),
  assessors: z.array(text(200)),
  status_list_index: z.number().int().min(0).max(STATUS_LIST_LENGTH - 1),
});

/**
 * Reads a stored snapshot.
 *
 * @throws {DomainError} `invalid` naming the first field that does not fit
 */
export function parseSnapshot(value: unknown): CertificateSnapshot {
  const parsed = snapshotSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the top level';
  throw new DomainError(
    'invalid',
    `The stored certificate snapshot is damaged at ${where} (${issue?.message ?? 'unreadable'}) — restore it from a backup; a snapshot is never edited by hand`,
  );
}
