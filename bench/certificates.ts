/**
 * Certificates (issue 6): how fast the server makes and checks them.
 * - PDF generation per second (A4, embedded font, QR code, attached credential);
 * - signing and verifying (eddsa-rdfc-2022) per second;
 * - the public verify API: requests/s against the same JSON served as a static file;
 * - a bulk check of 10,000 codes (with 200 real certificates among them): time and memory.
 * Everything runs on this machine; PocketBase and the site are started on free ports.
 */
import PocketBase from 'pocketbase';
import { parseBulkCsv } from '../src/lib/certificates/bulk-csv.ts';
import { formatCode, generateCode } from '../src/lib/certificates/code.ts';
import { buildCredential, signCredential, verifyCredential } from '../src/lib/certificates/credential.ts';
import { didDocument, generateSigningKey } from '../src/lib/certificates/keys.ts';
import { loadCertificateFonts, renderCertificatePdf } from '../src/lib/certificates/pdf.ts';
import { buildSnapshot, generateSalt, snapshotDigest } from '../src/lib/certificates/snapshot.ts';
import { bulkVerifyCsv } from '../src/lib/certificates/verify-service.ts';
import type { TypedPocketBase } from '../src/lib/pb.ts';
import { startStack } from '../tests/support/stack.ts';
import { sampleSnapshot, SITE, tinyCourse } from '../tests/fixtures/ob3/sample.ts';
import { compareWithStatic } from './module-page.ts';
import type { Figure } from './report.ts';

const ROUNDS = 20;

async function perSecond(label: string, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) await work();
  const rate = ROUNDS / ((performance.now() - started) / 1000);
  console.log(`    ${label.padEnd(24)} ${rate.toFixed(1)} per second (${ROUNDS} in a row)`);
  return rate;
}

async function makeAndCheck(): Promise<Figure[]> {
  console.log('\nmaking and checking (in this process)');
  const key = await generateSigningKey();
  const snapshot = sampleSnapshot();
  const unsigned = buildCredential(snapshot, { siteUrl: SITE });
  const signed = await signCredential(unsigned, key);
  const fonts = loadCertificateFonts();
  const did = didDocument(SITE, key);
  const pdf = await perSecond('PDF generation', () => renderCertificatePdf(snapshot, { siteUrl: SITE, credential: signed, fonts }));
  const sign = await perSecond('signing', () => signCredential(unsigned, key));
  const verify = await perSecond('verification', () => verifyCredential(signed, { didDocument: did, now: new Date('2026-12-01') }));
  return [
    { name: 'certificate PDFs per second', value: pdf.toFixed(1), target: '-' },
    { name: 'credentials signed per second', value: sign.toFixed(1), target: '-' },
    { name: 'credentials verified per second', value: verify.toFixed(1), target: '-' },
  ];
}

async function seedCertificates(service: PocketBase, count: number): Promise<string[]> {
  const holder = await service.collection('users').create({ email: `bench-holder-${Date.now()}@example.test`, password: 'bench-password-1', passwordConfirm: 'bench-password-1', display_name: 'Bench Holder', role: ['trainee'] });
  await service.settings.update({ batch: { enabled: true, maxRequests: 200, timeout: 30, maxBodySize: 0 } });
  const course = tinyCourse();
  const codes: string[] = [];
  for (let b = 0; b < count; b += 100) {
    const batch = service.createBatch();
    for (let i = b; i < Math.min(count, b + 100); i++) {
      const code = generateCode();
      const snapshot = buildSnapshot({ course, kind: 'full', code, holderName: `Holder ${i}`, holderEmail: 'bench@example.org', emailSalt: generateSalt(), issuedAt: new Date('2026-11-20T10:00:00Z'), issuer: { name: 'Lived Learning', url: SITE }, assessors: ['Sam Okafor'], statusListIndex: 1000 + i });
      codes.push(code);
      batch.collection('certificates').create({
        code, kind: 'full', user: holder.id, course: 'tiny-course', course_version: `bench${String(i).padStart(8, '0')}`, unit: '',
        snapshot, snapshot_digest: snapshotDigest(snapshot), credential: { placeholder: true }, status_index: 1000 + i,
        issued_at: snapshot.issued_at, holder_name_display: 'initials',
      });
    }
    await batch.send();
  }
  return codes;
}

async function serverSide(): Promise<Figure[]> {
  // The public verify API is rate limited per address (all load here comes from 127.0.0.1);
  // the bench measures the endpoint itself, so its own server gets a limit it cannot reach.
  const stack = await startStack({ env: { VERIFY_LIMIT_PER_MINUTE: '999999' } });
  try {
    const service = new PocketBase(stack.pb.url) as TypedPocketBase;
    service.autoCancellation(false);
    await service.collection('_superusers').authWithPassword(stack.pb.service.email, stack.pb.service.password);
    const codes = await seedCertificates(service, 200);

    console.log(`\n/api/v1/verify/<code> (a valid certificate)`);
    const figures = [await compareWithStatic(stack.baseURL, `/api/v1/verify/${codes[0]}`, 'verify API', {}, 0.4)];

    const lines = ['code'];
    for (let i = 0; i < 10_000; i++) lines.push(i < codes.length ? formatCode(codes[i]!) : i % 500 === 1 ? 'not a code' : generateCode());
    const parsed = parseBulkCsv(lines.join('\n'));
    if (!parsed.ok) throw new Error(parsed.message);
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    const started = performance.now();
    let bytes = 0;
    for await (const part of bulkVerifyCsv(service, parsed.rows, { holderNames: { kind: 'organisation', organisation: 'bench' } })) {
      bytes += part.length;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const ms = performance.now() - started;
    const mb = (peak - heapBefore) / 1e6;
    console.log(`\nbulk check: 10,000 codes (200 real, ${lines.filter((l) => l === 'not a code').length} malformed) in ${Math.round(ms)} ms, CSV ${Math.round(bytes / 1000)} kB, heap growth at most ${mb.toFixed(1)} MB`);
    figures.push({ name: 'bulk check, 10,000 codes', value: `${Math.round(ms)} ms, +${mb.toFixed(1)} MB heap`, target: '-' });
    return figures;
  } finally {
    await stack.stop();
  }
}

export async function benchCertificates(): Promise<Figure[]> {
  return [...(await makeAndCheck()), ...(await serverSide())];
}

if (import.meta.main) console.log(`\n${(await import('./report.ts')).formatFigures(await benchCertificates())}`);
