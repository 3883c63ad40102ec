/**
 * What each certificates form and public check does: check limits, parse the input with
 * schema.ts, make one lib call, and say how it went. Pages stay thin: they read the request,
 * call one of these, and redirect (303) on success or re-render with `status`, `message`,
 * `fields` (and, when a certificate is not ready, `missing`) on failure. Nothing here throws
 * for something a person did.
 */
import { parseForm } from '../auth/schema.ts';
import { minutesToWait } from '../auth/rate-limit.ts';
import type { Course } from '../courses/course.ts';
import { DomainError, isUnavailable, statusOf } from '../errors.ts';
import { certificatesEn } from '../i18n/certificates.ts';
import type { TypedPocketBase } from '../pb.ts';
import type { UserRecord } from '../records.ts';
import { BULK_MAX_BYTES, BULK_MAX_ROWS, parseBulkCsv, type BulkRow } from './bulk-csv.ts';
import { findVisible, search, setNameDisplay } from './certificates-store.ts';
import type { CertificateSummary } from './summary.ts';
import type { ToDo } from './eligibility.ts';
import { normaliseCode, parseCode } from './code.ts';
import { issueCertificate, NotEligible, reissueCertificate, revokeCertificate, type Issued } from './issue.ts';
import type { SigningKey } from './keys.ts';
import { BulkApiInput, IssueInput, NameDisplayInput, ReissueInput, RevokeInput, SearchInput, SurnameInput } from './schema.ts';
import { bulkLimits, bulkVerifyAll, verifyCode, verifyLimits, type BulkAnswer } from './verify-service.ts';
import type { BulkCounts } from './bulk-csv.ts';
import type { VerifyResult } from './verification.ts';

export type Outcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** HTTP status for the re-rendered page: 400, 403, 404, 409, 429 or 503. */
      status: number;
      /** One sentence for the top of the form. */
      message: string;
      /** Field name → message, shown next to the field. */
      fields: Record<string, string>;
      /** When a certificate is not ready: what is still to do. */
      missing?: ToDo[];
      /** With 429: seconds to put in Retry-After. */
      retryAfterSeconds?: number;
    };

type Failure = Extract<Outcome<never>, { ok: false }>;

const invalid = (fields: Record<string, string>): Failure => ({ ok: false, status: 400, message: Object.values(fields)[0] ?? certificatesEn.validation.kindInvalid, fields });

/** A DomainError (or PocketBase being down) as a failure; anything else is a bug and is thrown. */
function failed(error: unknown): Failure {
  if (error instanceof NotEligible) return { ok: false, status: 409, message: error.message, fields: {}, missing: error.missing };
  if (error instanceof DomainError) {
    const status = statusOf(error);
    if (status === 503) return { ok: false, status, message: certificatesEn.problems.unavailable, fields: {} };
    return { ok: false, status: status === 401 ? 403 : status, message: error.message, fields: error.fields };
  }
  if (isUnavailable(error)) return { ok: false, status: 503, message: certificatesEn.problems.unavailable, fields: {} };
  throw error;
}

export interface IssueFormArgs {
  service: TypedPocketBase;
  key: () => Promise<SigningKey>;
  user: UserRecord;
  form: FormData;
  /** Looks a course slug up in the catalogue. */
  courseOf: (slug: string) => Course | undefined;
  siteUrl: string;
  issuerName: string;
  issuerImage?: string;
}

/** "Make my certificate": the trainee confirmed their name. */
export async function issueForm(args: IssueFormArgs): Promise<Outcome<Issued>> {
  const parsed = parseForm(IssueInput, args.form);
  if (!parsed.ok) return invalid(parsed.fields);
  const { course: slug, kind, unit, holder_name, name_display } = parsed.data;
  const course = args.courseOf(slug);
  if (!course) return { ok: false, status: 404, message: certificatesEn.issue.unknownCourse, fields: {} };
  try {
    const issued = await issueCertificate(
      { service: args.service, key: await args.key() },
      { holder: args.user, course, kind, unit, holderName: holder_name, nameDisplay: name_display, siteUrl: args.siteUrl, issuerName: args.issuerName, ...(args.issuerImage ? { issuerImage: args.issuerImage } : {}) },
    );
    return { ok: true, value: issued };
  } catch (error) {
    return failed(error);
  }
}

/** The holder's choice of how their name is shown on /verify. */
export async function nameDisplayForm(args: { pb: TypedPocketBase; code: string; form: FormData }): Promise<Outcome<null>> {
  const parsed = parseForm(NameDisplayInput, args.form);
  if (!parsed.ok) return invalid(parsed.fields);
  try {
    const certificate = await findVisible(args.pb, args.code);
    if (!certificate) return { ok: false, status: 404, message: certificatesEn.certificate.notFound, fields: {} };
    await setNameDisplay(args.pb, certificate.id, parsed.data.name_display);
    return { ok: true, value: null };
  } catch (error) {
    return failed(error);
  }
}

/** An administrator revokes a certificate. */
export async function revokeForm(args: { service: TypedPocketBase; admin: UserRecord; code: string; form: FormData }): Promise<Outcome<CertificateSummary>> {
  const parsed = parseForm(RevokeInput, args.form);
  if (!parsed.ok) return invalid(parsed.fields);
  try {
    return { ok: true, value: await revokeCertificate({ service: args.service }, { admin: args.admin, code: args.code, reason: parsed.data.reason }) };
  } catch (error) {
    return failed(error);
  }
}

/** An administrator issues a corrected certificate. */
export async function reissueForm(args: { service: TypedPocketBase; key: () => Promise<SigningKey>; admin: UserRecord; code: string; form: FormData }): Promise<Outcome<Issued>> {
  const parsed = parseForm(ReissueInput, args.form);
  if (!parsed.ok) return invalid(parsed.fields);
  try {
    const issued = await reissueCertificate(
      { service: args.service, key: await args.key() },
      { admin: args.admin, code: args.code, reason: parsed.data.reissue_reason, holderName: parsed.data.holder_name },
    );
    return { ok: true, value: issued };
  } catch (error) {
    return failed(error);
  }
}

/** An administrator's search: an exact code, or part of a name. */
export async function searchForm(args: { service: () => Promise<TypedPocketBase>; query: URLSearchParams }): Promise<Outcome<CertificateSummary[]> | undefined> {
  if (!args.query.has('q')) return undefined;
  const parsed = parseForm(SearchInput, args.query);
  if (!parsed.ok) return invalid(parsed.fields);
  const code = parseCode(parsed.data.q);
  try {
    const service = await args.service();
    return { ok: true, value: await search(service, code.ok ? { code: code.code } : { text: parsed.data.q }) };
  } catch (error) {
    return failed(error);
  }
}

function tooMany(retryAfterMs: number, message: string): Failure {
  return { ok: false, status: 429, message, fields: {}, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
}

export interface VerifyArgs {
  service: () => Promise<TypedPocketBase>;
  /** The code as typed or as in the address. */
  code: string;
  ip: string;
  /** A surname form posted on /verify/<code>, if any. */
  form?: FormData;
  /** A surname given to the API (`?surname=`). */
  surname?: string | null;
  limits?: typeof verifyLimits;
  now?: number;
}

/**
 * A public check of one code, rate limited per address. A surname guess (form or API) also
 * counts against a stricter limit. The code's check character is tested before any lookup.
 */
export async function verifyRequest(args: VerifyArgs): Promise<Outcome<VerifyResult> & { surnameError?: string }> {
  const limits = args.limits ?? verifyLimits;
  const now = args.now ?? Date.now();
  const t = certificatesEn.verify;
  const decision = limits.perIp.check(args.ip, now);
  if (!decision.allowed) return tooMany(decision.retryAfterMs, t.tooMany(minutesToWait(decision.retryAfterMs)));
  limits.perIp.hit(args.ip, now);

  let surname: string | null = args.surname?.trim() || null;
  let surnameError: string | undefined;
  if (args.form) {
    const parsed = parseForm(SurnameInput, args.form);
    // An empty surname still shows the certificate, with the message by the field.
    if (parsed.ok) surname = parsed.data.surname;
    else surnameError = parsed.fields.surname;
  }
  if (surname) {
    const guess = limits.surnamePerIp.check(args.ip, now);
    if (!guess.allowed) return tooMany(guess.retryAfterMs, t.tooMany(minutesToWait(guess.retryAfterMs)));
    limits.surnamePerIp.hit(args.ip, now);
  }
  try {
    const result = await verifyCode(await args.service(), args.code, { surname, now: new Date(now) });
    if (result.certificate?.holder.surname_matches === false) surnameError = t.surnameWrong;
    return { ok: true, value: result, ...(surnameError ? { surnameError } : {}) };
  } catch (error) {
    return failed(error);
  }
}

/** The canonical form of a code for addresses (`/verify/7K3MQ9TXZB2R4WH1`), or undefined when it is not a code. */
export function canonicalCode(text: string): string | undefined {
  const parsed = parseCode(text);
  return parsed.ok ? parsed.code : undefined;
}

/** True when what is in the address is already the canonical code (so no redirect is needed). */
export const isCanonical = (text: string) => normaliseCode(text) === text && parseCode(text).ok;

/**
 * Reads the public bulk check's form: an uploaded CSV (`file`) or codes pasted one per line
 * (`codes`); the file wins when both are given. Messages name the field to fix.
 */
export async function publicBulkRows(form: FormData | undefined): Promise<Outcome<BulkRow[]>> {
  const b = certificatesEn.bulk;
  const file = form?.get('file');
  if (file && typeof file !== 'string' && file.size > 0) return bulkUpload(form);
  const pasted = form?.get('codes');
  const text = typeof pasted === 'string' ? pasted : '';
  if (text.trim() === '') return { ok: false, status: 400, message: b.nothingGiven, fields: { codes: b.nothingGiven } };
  if (text.length > BULK_MAX_BYTES) return { ok: false, status: 413, message: b.tooBig, fields: { codes: b.tooBig } };
  const parsed = parseBulkCsv(text);
  if (!parsed.ok) return { ok: false, status: 400, message: parsed.message, fields: { codes: parsed.message } };
  return { ok: true, value: parsed.rows };
}

/** Codes given to the JSON API as a list: each becomes a row, numbered from 1. */
export function rowsFromList(codes: readonly string[]): BulkRow[] {
  return codes.map((raw, i) => ({ line: i + 1, raw, parsed: parseCode(raw) }));
}

export interface PublicBulkArgs {
  service: () => Promise<TypedPocketBase>;
  rows: readonly BulkRow[];
  ip: string;
  limits?: typeof bulkLimits;
  now?: number;
}

/**
 * A bulk check by anyone, with no account: each code gets the same answer (and the same
 * holder-name rules) as the public verify page; rate limited per address.
 */
export async function publicBulkRequest(args: PublicBulkArgs): Promise<Outcome<{ answers: BulkAnswer[]; counts: BulkCounts }>> {
  const limits = args.limits ?? bulkLimits;
  const now = args.now ?? Date.now();
  const decision = limits.perIp.check(args.ip, now);
  if (!decision.allowed) return tooMany(decision.retryAfterMs, certificatesEn.bulk.tooManyChecks(minutesToWait(decision.retryAfterMs)));
  limits.perIp.hit(args.ip, now);
  try {
    return { ok: true, value: await bulkVerifyAll(await args.service(), args.rows, { holderNames: { kind: 'public' }, now: new Date(now) }) };
  } catch (error) {
    return failed(error);
  }
}

/** One code's answer in the JSON API: what was sent (`input`) and the verify answer for it. */
export type BulkApiResult = { input: string; status: VerifyResult['status'] | 'error'; code: string | null; message: string; certificate: VerifyResult['certificate'] };

/** The JSON API's answer for one bulk answer: the same shape as GET /api/v1/verify/<code>, plus `input`. */
export function bulkApiResult(answer: BulkAnswer): BulkApiResult {
  if (answer.status === 'error') return { input: answer.row.raw, status: 'error', code: null, message: answer.error, certificate: null };
  return { input: answer.row.raw, ...answer.result };
}

export interface ApiBulkArgs extends Omit<PublicBulkArgs, 'rows'> {
  /** The request body as text (JSON). */
  body: string;
}

/**
 * POST /api/v1/verify: `{"codes": [...]}` with 1 to 10,000 codes → `{counts, results}`, one
 * result per code in the order sent. A body that is not that shape gets a message saying what
 * to send; nothing is looked up then and the rate limit is not used.
 */
export async function apiBulkRequest(args: ApiBulkArgs): Promise<Outcome<{ counts: BulkCounts; results: BulkApiResult[] }>> {
  let json: unknown;
  try {
    json = JSON.parse(args.body);
  } catch {
    return invalid({ codes: certificatesEn.api.notJson });
  }
  const parsed = BulkApiInput.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const tooMany = issue?.code === 'too_big' && issue.path.length === 1;
    const message = tooMany ? certificatesEn.bulk.tooManyRows(Array.isArray((json as { codes?: unknown }).codes) ? (json as { codes: unknown[] }).codes.length : 0, BULK_MAX_ROWS) : certificatesEn.api.bulkShape;
    return invalid({ codes: message });
  }
  const outcome = await publicBulkRequest({ ...args, rows: rowsFromList(parsed.data.codes) });
  if (!outcome.ok) return outcome;
  return { ok: true, value: { counts: outcome.value.counts, results: outcome.value.answers.map(bulkApiResult) } };
}

/**
 * Reads an uploaded CSV of codes (bulk check).
 */
export async function bulkUpload(form: FormData | undefined): Promise<Outcome<BulkRow[]>> {
  const b = certificatesEn.bulk;
  const file = form?.get('file');
  if (!file || typeof file === 'string' || file.size === 0) return { ok: false, status: 400, message: b.noFile, fields: { file: b.noFile } };
  if (file.size > BULK_MAX_BYTES) return { ok: false, status: 413, message: b.tooBig, fields: { file: b.tooBig } };
  const bytes = new Uint8Array(await file.arrayBuffer());
  // A spreadsheet saved as .xlsx (a zip) or any other binary file has NUL bytes or invalid UTF-8.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = '';
  }
  if (!text || text.includes('\u0000')) return { ok: false, status: 400, message: b.notText, fields: { file: b.notText } };
  const parsed = parseBulkCsv(text);
  if (!parsed.ok) return { ok: false, status: 400, message: parsed.message, fields: { file: parsed.message } };
  return { ok: true, value: parsed.rows };
}
