/**
 * `npm run verify-credential -- certificate.pdf|credential.json [--did did.json] [--status status.json]`
 *
 * Checks a Lived Learning certificate offline: the signature against the issuer's DID
 * document, the expiry date, and revocation when the status list is given. For a PDF it also
 * compares the holder's name and the achievement in the PDF's document information (Title,
 * Subject) and printed on the page with the attached credential, and names every difference
 * (src/lib/certificates/pdf-match.ts; the words are read with poppler's pdfinfo and
 * pdftotext, see pdf-text.ts). Exit codes: 0 valid, 1 not valid or the PDF differs from its
 * credential, 2 usage error (with a message, never a stack trace).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describeCredential, verifyCredential } from '../src/lib/certificates/credential.ts';
import { didWebDocumentUrl, type DidDocument } from '../src/lib/certificates/did.ts';
import { extractCredentialFromPdf } from '../src/lib/certificates/pdf-attachment.ts';
import { comparePdfWithCredential, describeMismatch } from '../src/lib/certificates/pdf-match.ts';
import { readPdfWords } from '../src/lib/certificates/pdf-text.ts';

const USAGE = `Usage: npm run verify-credential -- <certificate.pdf | credential.json> --did <did.json> [--status <status.json>]

  <file>             the certificate PDF (its credential is attached inside) or the credential JSON
  --did <file>       the issuer's DID document, saved from <site>/.well-known/did.json
  --status <file>    the revocation list, saved from the URL in the credential's credentialStatus
                     (without it, revocation is not checked)`;

class UsageError extends Error {}

async function readInput(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new UsageError(`Cannot read ${what} ${file}: ${why}.`);
  }
}

function parseJson(bytes: Buffer, file: string, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UsageError(`${file} is not JSON, so it cannot be ${what}.`);
  }
}

function isDidDocument(value: unknown): value is DidDocument {
  const doc = value as Partial<DidDocument> | null;
  return !!doc && typeof doc.id === 'string' && Array.isArray(doc.verificationMethod) && Array.isArray(doc.assertionMethod);
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { did: { type: 'string' }, status: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    // Node's message goes on to explain `--` for positionals; the first sentence is the point.
    const first = (error as Error).message.split('\n')[0]!.split('. ')[0]!.replace(/\.?$/, '.');
    throw new UsageError(`${first}\n\n${USAGE}`);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError(`${parsed.positionals.length === 0 ? 'Say which certificate to check.' : 'Check one certificate at a time.'}\n\n${USAGE}`);
  }
  const file = parsed.positionals[0]!;
  const bytes = await readInput(file, 'the certificate');

  let credential: unknown;
  const isPdf = bytes.subarray(0, 5).toString('latin1') === '%PDF-';
  if (isPdf) {
    credential = extractCredentialFromPdf(bytes);
    if (credential === undefined) {
      throw new UsageError(`${file} is a PDF without an attached credential.json, so it cannot be checked offline. Check it on the issuer's site with the certificate code instead.`);
    }
  } else {
    credential = parseJson(bytes, file, 'checked as a credential');
  }
  if (!credential || typeof credential !== 'object' || Array.isArray(credential)) {
    throw new UsageError(`${file} does not hold a credential (a JSON object).`);
  }
  const doc = credential as Record<string, unknown>;

  const issuer = typeof doc.issuer === 'string' ? doc.issuer : (doc.issuer as { id?: unknown } | undefined)?.id;
  if (!parsed.values.did) {
    const where = typeof issuer === 'string' ? didWebDocumentUrl(issuer) : undefined;
    throw new UsageError(
      `To check the signature offline, this needs the issuer's DID document (their public key).\n` +
        (where ? `Save ${where} as did.json` : `Save <site>/.well-known/did.json from the issuer's site as did.json`) +
        `, then run:\n  npm run verify-credential -- ${file} --did did.json`,
    );
  }
  const didDocument = parseJson(await readInput(parsed.values.did, 'the DID document'), parsed.values.did, 'read as a DID document');
  if (!isDidDocument(didDocument)) {
    throw new UsageError(`${parsed.values.did} is not a DID document (it needs "id", "verificationMethod" and "assertionMethod"). Save it again from the issuer's <site>/.well-known/did.json.`);
  }
  let statusList: Record<string, unknown> | undefined;
  if (parsed.values.status) {
    const status = parseJson(await readInput(parsed.values.status, 'the status list'), parsed.values.status, 'read as a status list');
    if (!status || typeof status !== 'object' || Array.isArray(status)) throw new UsageError(`${parsed.values.status} is not a status list credential (a JSON object).`);
    statusList = status as Record<string, unknown>;
  }

  const result = await verifyCredential(doc, { didDocument, ...(statusList ? { statusList } : {}) });
  const about = describeCredential(doc);

  // A PDF: does what it shows (document information and page) match the credential inside?
  let differences: string[] = [];
  let pdfNote: string | undefined;
  if (isPdf) {
    const read = await readPdfWords(file);
    if (read.ok) {
      differences = comparePdfWithCredential(read.words, { holder: about.holder, achievement: about.achievement }).map(describeMismatch);
      if (differences.length === 0) pdfNote = 'Checked: the name and achievement shown in the PDF match its credential.';
    } else if (read.reason === 'no-poppler') {
      pdfNote =
        'Not checked: whether the name and achievement shown in the PDF match its credential. That needs pdfinfo and pdftotext from poppler-utils ' +
        '(on Debian or Ubuntu: sudo apt-get install poppler-utils).';
    } else {
      differences = [`The text of the PDF could not be read to compare it with its credential (${read.detail}), so what it shows cannot be trusted.`];
    }
  }

  if (!result.verified) {
    console.log(`Not valid: ${file}`);
    for (const problem of [...result.problems, ...differences]) console.log(`  - ${problem}`);
    return 1;
  }
  if (differences.length > 0) {
    console.log(`Does not match: ${file}`);
    console.log('The credential attached to this PDF is genuine, but the PDF shows something different:');
    for (const difference of differences) console.log(`  - ${difference}`);
    console.log(`Trust the credential, not the page: this PDF may have been altered. The credential is for ${about.holder} — ${about.achievement}, issued ${about.issued} by ${about.issuer}.`);
    return 1;
  }
  console.log(`Valid: ${about.holder} — ${about.achievement} issued ${about.issued} by ${about.issuer}`);
  if (pdfNote) console.log(pdfNote);
  if (result.status === 'not-checked') {
    const entry = doc.credentialStatus as { statusListCredential?: unknown } | undefined;
    const from = typeof entry?.statusListCredential === 'string' ? entry.statusListCredential : "the issuer's site";
    console.log(`Not checked: whether it was revoked. Save ${from} as status.json and add --status status.json.`);
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(error.message);
  } else {
    console.error(`Could not check the certificate: ${(error as Error)?.message ?? String(error)}`);
  }
  process.exitCode = 2;
}
