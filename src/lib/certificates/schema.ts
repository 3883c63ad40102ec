/**
 * The stored certificate snapshot, checked with zod when it is read back (from PocketBase or
 * a backup): a snapshot that does not fit is refused, never shown or re-signed. Below it, the
 * certificates feature's forms (getting a certificate, the name choice, revoking, re-issuing,
 * the surname check, the code and search boxes), each with messages a person can act on.
 */
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { certificatesEn } from '../i18n/certificates.ts';
import { BULK_MAX_ROWS } from './bulk-csv.ts';
import { hasValidCheck } from './code.ts';
import { NAME_DISPLAYS } from './holder-name.ts';
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
  issuer: z.strictObject({
    name: text(200),
    url: z.url({ protocol: /^https?$/ }),
    // The organisation's logo at issue (src/lib/org), as a data: URL; absent on older certificates.
    image: z.string().max(100_000).regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/]+={0,2}$/).optional(),
  }),
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

// ==== Forms (the certificates feature's boundaries: src/pages/certificates, verify, staff) ====

const v = certificatesEn.validation;
const chars = (text: string) => [...text].length;
const oneLine = (text: string) => text.normalize('NFC').trim().replace(/\s+/g, ' ');

/** The name as it should appear on a certificate: 1–200 characters, spacing tidied. */
const holderName = z
  .string({ error: v.nameMissing })
  .transform(oneLine)
  .check((ctx) => {
    if (ctx.value === '') ctx.issues.push({ code: 'custom', message: v.nameMissing, input: ctx.value });
    else if (chars(ctx.value) > 200) ctx.issues.push({ code: 'custom', message: v.nameTooLong(chars(ctx.value)), input: ctx.value });
  });

const nameDisplay = z.enum(NAME_DISPLAYS, { error: v.displayInvalid });

/** A reason shown to people checking: 1–500 characters. */
const reason = z
  .string({ error: v.reasonMissing })
  .transform(oneLine)
  .check((ctx) => {
    if (ctx.value === '') ctx.issues.push({ code: 'custom', message: v.reasonMissing, input: ctx.value });
    else if (chars(ctx.value) > 500) ctx.issues.push({ code: 'custom', message: v.reasonTooLong(chars(ctx.value)), input: ctx.value });
  });

/** Getting a certificate: which one, and the name as the trainee confirmed it. */
export const IssueInput = z.object({
  course: z.string({ error: v.kindInvalid }).trim().min(1, { error: v.kindInvalid }).max(100, { error: v.kindInvalid }),
  kind: z.enum(CERTIFICATE_KINDS, { error: v.kindInvalid }),
  unit: z.string().trim().max(50, { error: v.kindInvalid }).optional().transform((unit) => unit ?? ''),
  holder_name: holderName,
  name_display: nameDisplay.optional().transform((d) => d ?? 'full'),
});
export type IssueInput = z.output<typeof IssueInput>;

/** Which certificate the "Get your certificate" page is about (its query string). */
export const IssueQuery = IssueInput.pick({ course: true, kind: true, unit: true });

/** The holder's choice of how their name is shown on /verify. */
export const NameDisplayInput = z.object({ name_display: nameDisplay });

/** An administrator revoking a certificate. */
export const RevokeInput = z.object({ reason });
export type RevokeInput = z.output<typeof RevokeInput>;

/** An administrator issuing a corrected certificate (its reason has its own name: it shares a page with the revoke form). */
export const ReissueInput = z.object({ holder_name: holderName, reissue_reason: reason });
export type ReissueInput = z.output<typeof ReissueInput>;

/** A visitor typing the holder's surname on /verify/<code>. */
export const SurnameInput = z.object({
  surname: z.string({ error: v.surnameMissing }).transform(oneLine).pipe(z.string().min(1, { error: v.surnameMissing }).max(200, { error: v.surnameMissing })),
});

/** The code typed into /verify (checked further by parseCode). */
export const CodeInput = z.object({
  code: z.string({ error: v.codeMissing }).trim().min(1, { error: v.codeMissing }).max(200, { error: v.codeMissing }),
});

/** An administrator's search on /staff/certificates. */
export const SearchInput = z.object({
  q: z.string({ error: v.searchTooShort }).transform(oneLine).pipe(z.string().min(2, { error: v.searchTooShort }).max(200, { error: v.searchTooShort })),
});

/** The JSON API's bulk check body: `{"codes": ["7K3M-Q9TX-ZB2R-4WH1", ...]}`, 1 to 10,000 codes. */
export const BulkApiInput = z.object({ codes: z.array(z.string().max(200)).min(1).max(BULK_MAX_ROWS) });
