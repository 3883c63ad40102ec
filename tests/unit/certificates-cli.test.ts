import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCredential, signCredential } from '../../src/lib/certificates/credential.ts';
import { didDocument, generateSigningKey, siteDid } from '../../src/lib/certificates/keys.ts';
import { renderCertificatePdf } from '../../src/lib/certificates/pdf.ts';
import { signStatusList, StatusList } from '../../src/lib/certificates/status-list.ts';
import { SITE, sampleSnapshot } from '../fixtures/ob3/sample.ts';

const root = path.resolve(import.meta.dirname, '../..');
const script = path.join(root, 'scripts/verify-credential.ts');
let dir: string;
const at = (name: string) => path.join(dir, name);

/** Runs the CLI as `npm run verify-credential` does (Node 24 running the TypeScript directly). */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 110_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}
// Each run starts Node and loads the JSON-LD stack: slow on a busy 2-core machine.
const SLOW = 120_000;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lived-learning-cli-'));
  const key = await generateSigningKey();
  const snapshot = sampleSnapshot({ expiresAt: null });
  const signed = await signCredential(buildCredential(snapshot, { siteUrl: SITE }), key);
  writeFileSync(at('credential.json'), JSON.stringify(signed, null, 2));
  writeFileSync(at('certificate.pdf'), await renderCertificatePdf(snapshot, { siteUrl: SITE, credential: signed }));
  // A forged PDF: another name printed on it, the genuine signed credential attached.
  writeFileSync(at('other-name.pdf'), await renderCertificatePdf({ ...snapshot, holder: { ...snapshot.holder, name: 'Alex Forged' } }, { siteUrl: SITE, credential: signed }));
  // Another achievement printed on it.
  writeFileSync(
    at('other-award.pdf'),
    await renderCertificatePdf({ ...snapshot, accreditation: { ...snapshot.accreditation!, qualification: 'Level 5 Diploma in Everything' } }, { siteUrl: SITE, credential: signed }),
  );
  writeFileSync(at('did.json'), JSON.stringify(didDocument(SITE, key)));
  writeFileSync(at('tampered.json'), JSON.stringify({ ...signed, credentialSubject: { ...signed.credentialSubject as object, name: 'Someone Else' } }));
  const list = new StatusList();
  writeFileSync(at('status.json'), JSON.stringify(await signStatusList({ siteUrl: SITE, issuerDid: siteDid(SITE), list, validFrom: new Date(), key })));
  list.setRevoked(42, true);
  writeFileSync(at('revoked.json'), JSON.stringify(await signStatusList({ siteUrl: SITE, issuerDid: siteDid(SITE), list, validFrom: new Date(), key })));
  writeFileSync(at('other-did.json'), JSON.stringify(didDocument(SITE, await generateSigningKey())));
  writeFileSync(at('broken.json'), '{ not json');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run verify-credential', () => {
  it('exits 0 and says who achieved what, from the JSON or from the PDF', { timeout: SLOW }, async () => {
    const [json, pdf] = await Promise.all(['credential.json', 'certificate.pdf'].map((file) => cli(at(file), '--did', at('did.json'), '--status', at('status.json'))));
    const valid = 'Valid: Jordan Ellis-Mbeki — Level 2 Award in Tiny Things issued 20 November 2026 by Lived Learning Collective\n';
    expect(json).toMatchObject({ code: 0, stderr: '', stdout: valid });
    // A PDF is also compared with its credential (poppler-utils reads its words).
    expect(pdf).toMatchObject({ code: 0, stderr: '', stdout: `${valid}Checked: the name and achievement shown in the PDF match its credential.\n` });
  });

  it('exits 1 and says plainly what differs when a PDF shows another name or achievement than its credential', { timeout: SLOW }, async () => {
    const [name, award] = await Promise.all([cli(at('other-name.pdf'), '--did', at('did.json'), '--status', at('status.json')), cli(at('other-award.pdf'), '--did', at('did.json'), '--status', at('status.json'))]);
    expect(name).toMatchObject({ code: 1, stderr: '' });
    expect(name.stdout).toBe(
      `Does not match: ${at('other-name.pdf')}\n` +
        'The credential attached to this PDF is genuine, but the PDF shows something different:\n' +
        '  - The name in the PDF’s title (document information) differs: the PDF says “Alex Forged”; the credential says “Jordan Ellis-Mbeki”.\n' +
        '  - The name in the PDF’s subject (document information) differs: the PDF says “Alex Forged”; the credential says “Jordan Ellis-Mbeki”.\n' +
        '  - The name printed on the certificate differs: the PDF says “Alex Forged”; the credential says “Jordan Ellis-Mbeki”.\n' +
        'Trust the credential, not the page: this PDF may have been altered. The credential is for Jordan Ellis-Mbeki — Level 2 Award in Tiny Things, issued 20 November 2026 by Lived Learning Collective.\n',
    );
    expect(award).toMatchObject({ code: 1, stderr: '' });
    expect(award.stdout).toContain(
      '  - The achievement printed on the certificate differs: the PDF says “Level 5 Diploma in Everything”; the credential says “Level 2 Award in Tiny Things”.\n',
    );
    expect(award.stdout).not.toContain('The name');
  });

  it('notes that revocation was not checked without --status', { timeout: SLOW }, async () => {
    const run = await cli(at('credential.json'), '--did', at('did.json'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Not checked: whether it was revoked. Save ${SITE}/credentials/status/1 as status.json and add --status status.json.`);
  });

  it('exits 1 and lists each problem in plain English', { timeout: SLOW }, async () => {
    const [tampered, revoked, otherKey] = await Promise.all([
      cli(at('tampered.json'), '--did', at('did.json')),
      cli(at('certificate.pdf'), '--did', at('did.json'), '--status', at('revoked.json')),
      cli(at('credential.json'), '--did', at('other-did.json')),
    ]);
    expect(tampered).toMatchObject({
      code: 1,
      stdout: `Not valid: ${at('tampered.json')}\n  - The signature does not match: the credential was changed after it was signed\n`,
    });
    expect(revoked).toMatchObject({ code: 1, stdout: expect.stringContaining('  - This certificate was revoked\n') });
    expect(otherKey).toMatchObject({ code: 1, stdout: expect.stringContaining('  - Signed by a different key than the issuer publishes\n') });
  });

  it('exits 2 with a clear message, never a stack trace, when it cannot start', { timeout: SLOW }, async () => {
    const cases: Record<string, string[]> = {
      none: [],
      noDid: [at('credential.json')],
      missing: [at('nope.json'), '--did', at('did.json')],
      notJson: [at('broken.json'), '--did', at('did.json')],
      badDid: [at('credential.json'), '--did', at('credential.json')],
      unknownOption: [at('credential.json'), '--dib', at('did.json')],
      twoFiles: [at('credential.json'), at('certificate.pdf'), '--did', at('did.json')],
    };
    const results = await Promise.all(Object.values(cases).map((args) => cli(...args)));
    const [none, noDid, missing, notJson, badDid, unknownOption] = results;
    const runs = Object.fromEntries(Object.keys(cases).map((name, i) => [name, results[i]!]));
    for (const [name, run] of Object.entries(runs)) {
      expect(run.code, name).toBe(2);
      expect(run.stdout, name).toBe('');
      expect(run.stderr, name).not.toMatch(/\n\s+at /);
    }
    expect(none!.stderr).toContain('Usage: npm run verify-credential -- <certificate.pdf | credential.json> --did <did.json>');
    expect(noDid!.stderr).toBe(
      "To check the signature offline, this needs the issuer's DID document (their public key).\n" +
        'Save https://learning.example.org/.well-known/did.json as did.json, then run:\n' +
        `  npm run verify-credential -- ${at('credential.json')} --did did.json\n`,
    );
    expect(missing!.stderr).toBe(`Cannot read the certificate ${at('nope.json')}: there is no such file.\n`);
    expect(notJson!.stderr).toBe(`${at('broken.json')} is not JSON, so it cannot be checked as a credential.\n`);
    expect(badDid!.stderr).toContain('is not a DID document');
    expect(unknownOption!.stderr).toMatch(/^Unknown option '--dib'\.\n\nUsage:/);
  });

  it('prints its usage with --help and exits 0', { timeout: SLOW }, async () => {
    expect(await cli('--help')).toMatchObject({ code: 0, stdout: expect.stringContaining('--status <file>') });
  });
});
