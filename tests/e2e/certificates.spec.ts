/**
 * Certificates in the browser, with and without JavaScript: a trainee who has done the whole
 * accredited course (rows put in with the service account) confirms their name, gets the
 * certificate, downloads the PDF and the credential; a visitor with no account checks it
 * (Valid), an administrator revokes it with a reason (Revoked, everywhere at once), the
 * holder's name choice (surname check, initials), a corrected re-issue, typos caught before
 * any lookup, the JSON API against its OpenAPI description, and the bulk check for an
 * accrediting body. axe on every new page; screenshots at 1280 and 375 px.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { verifyCredential } from '../../src/lib/certificates/credential.ts';
import type { DidDocument } from '../../src/lib/certificates/did.ts';
import { loadCourses } from '../../src/lib/courses/course-fs.ts';
import type { Course } from '../../src/lib/courses/course.ts';
import { completeCourse } from '../support/certificates.ts';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const root = path.resolve(import.meta.dirname, '../..');
const course = loadCourses(path.join(root, 'courses'), root).courses.find((c) => c.slug === 'peer-support-foundations') as Course;
const TITLE = 'Level 3 Award in Peer Support Work Foundations';

const openapi = parse(readFileSync(path.join(root, 'docs/openapi/verify.yaml'), 'utf8')) as object;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(openapi, 'verify.yaml');
const validateVerify = ajv.getSchema('verify.yaml#/components/schemas/VerifyResponse')!;
const schemaErrors = (value: unknown) => (validateVerify(value) ? [] : (validateVerify.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

/** A trainee enrolled on the course with all the work done and assessed. */
async function finishedTrainee(name: string): Promise<TestAccount> {
  const service = await serviceClient();
  const trainee = await createAccount(name);
  const assessor = await createAccount('Sam Okafor', ['assessor']);
  await service.collection('enrolments').create({ user: trainee.id, course: course.slug, status: 'active' });
  await completeCourse(service, trainee.id, course, { assessor: { id: assessor.id, name: 'Sam Okafor' } });
  return trainee;
}

async function contextAs(browser: Browser, baseURL: string, account: TestAccount | null, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  if (account) await signInAs(context, account);
  return { context, page: await context.newPage() };
}

/**
 * axe needs JavaScript in the page. For pages reached without JavaScript, the same steps are
 * replayed in a context where JavaScript runs but the site's own scripts are blocked, so the
 * page is exactly what a browser without JavaScript gets, and axe checks that.
 */
async function axeWithoutScripts(browser: Browser, baseURL: string, account: TestAccount | null, steps: (page: Page) => Promise<unknown>) {
  const { context, page } = await contextAs(browser, baseURL, account);
  await context.route(/\/_astro\/.*\.js$/, (route) => route.abort());
  await steps(page);
  await expectNoAxeViolations(page);
  await context.close();
}

/** Screenshots at 1280 and 375 px wide, to look at (only with E2E_SCREENSHOTS=1). */
const screenshots = (page: Page, name: string) => screenshot(page, `certificates-${name}`, { fullPage: true, widths: [1280, 375] });

mkdirSync('/tmp/pw-certs-shots', { recursive: true });

const codeFromUrl = (page: Page) => /\/certificates\/([0-9A-Z]{16})/.exec(page.url())![1]!;
const typoOf = (code: string) => `${code.slice(0, 15)}${code[15] === 'A' ? 'B' : 'A'}`;

test.describe('certificates with JavaScript', () => {
  test('a trainee gets their certificate; anyone can check it; an admin revokes it and it shows at once', async ({ page, context, browser, baseURL, request }) => {
    test.slow();
    const trainee = await finishedTrainee('Robin Example');
    await signInAs(context, trainee);

    // The course page says they are ready.
    await page.goto(`/courses/${course.slug}`);
    const status = page.locator('section.cert-status');
    await expect(status.getByRole('heading', { name: 'Your certificate' })).toBeVisible();
    await expect(status).toContainText('You have done everything this course needs.');
    await screenshot(page, 'certificates-course-status-ready', { part: status });
    await status.getByRole('link', { name: 'Get your certificate' }).click();

    // Confirm the name.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Get your certificate');
    const name = page.getByLabel('Your name as it should appear on the certificate');
    await expect(name).toHaveValue('Robin Example');
    await expect(page.getByRole('radio', { name: 'In full' })).toBeChecked();
    await expectNoAxeViolations(page);
    await screenshots(page, 'issue');
    await name.fill('');
    await page.getByRole('button', { name: 'Make my certificate' }).click();
    await expect(page.getByRole('alert').first()).toContainText('Please type your name as it should appear on the certificate.');
    await page.getByLabel('Your name as it should appear on the certificate').fill('Robin A. Example');
    await page.getByRole('button', { name: 'Make my certificate' }).click();

    // The certificate.
    await expect(page).toHaveURL(/\/certificates\/[0-9A-Z]{16}\?status=issued$/);
    const code = codeFromUrl(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(TITLE);
    await expect(page.locator('.notice[role="status"]')).toContainText('Your certificate is ready.');
    await expect(page.locator('.cert-holder__name')).toHaveText('Robin A. Example');
    await expect(page.getByText('Sam Okafor')).toBeVisible();
    await expectNoAxeViolations(page);
    await screenshots(page, 'certificate');

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the certificate (PDF)' }).click()]);
    const bytes = readFileSync((await pdf.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.suggestedFilename()).toBe(`certificate-${code}.pdf`);
    writeFileSync('/tmp/pw-certs-shots/certificate.pdf', bytes);

    const linkedIn = new URL((await page.getByRole('link', { name: /Add to your LinkedIn profile/ }).getAttribute('href'))!);
    expect(linkedIn.origin + linkedIn.pathname).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(linkedIn.searchParams)).toMatchObject({ startTask: 'CERTIFICATION_NAME', name: TITLE, organizationName: 'Lived Learning', certId: code.match(/.{4}/g)!.join('-') });
    expect(linkedIn.searchParams.get('certUrl')).toBe(`${baseURL}/verify/${code}`);
    await expect(page.getByLabel('Public link to check this certificate')).toHaveValue(`${baseURL}/verify/${code}`);

    // The dashboard links to it, and "All your certificates" lists it.
    await page.goto('/dashboard');
    await expect(page.locator('section.cert-status').getByRole('link', { name: 'View your certificate' })).toHaveAttribute('href', `/certificates/${code}`);
    await page.goto('/certificates');
    await expect(page.getByRole('link', { name: TITLE })).toHaveAttribute('href', `/certificates/${code}`);
    await expectNoAxeViolations(page);

    // The signed credential verifies against the site's published key, and it is not revoked.
    const fetchJson = async (url: string) => (await request.get(url)).json() as Promise<Record<string, unknown>>;
    const credential = await fetchJson(`/credentials/${code}`);
    const did = (await fetchJson('/.well-known/did.json')) as unknown as DidDocument;
    expect(await verifyCredential(credential, { didDocument: did, statusList: await fetchJson('/credentials/status/1') })).toMatchObject({ verified: true, status: 'active' });
    expect((await fetchJson('/.well-known/jwks.json')).keys).toHaveLength(1);
    // The PDF alone can be checked offline with the command-line checker (its credential is attached).
    const didFile = '/tmp/pw-certs-shots/did.json';
    writeFileSync(didFile, JSON.stringify(did));
    const cli = execFileSync(process.execPath, ['scripts/verify-credential.ts', '/tmp/pw-certs-shots/certificate.pdf', '--did', didFile], { cwd: root, encoding: 'utf8' });
    expect(cli).toContain(`Valid: Robin A. Example — ${TITLE}`);

    // A visitor with no account checks it.
    const visitor = await contextAs(browser, baseURL!, null);
    await visitor.page.goto(`/verify/${code.toLowerCase().match(/.{4}/g)!.join('-')}`);
    await expect(visitor.page).toHaveURL(`${baseURL}/verify/${code}`);
    await expect(visitor.page.locator('.cert-banner__status')).toHaveText('Valid: this certificate is genuine and current.');
    await expect(visitor.page.locator('.cert-holder__name')).toHaveText('Robin A. Example');
    await expect(visitor.page.locator('.cert-facts')).toContainText('Lived Learning demonstration awarding organisation');
    await expect(visitor.page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex');
    await expectNoAxeViolations(visitor.page);
    await screenshots(visitor.page, 'verify-valid');

    // A typo is caught before any lookup, on the page and in the form.
    const typo = typoOf(code);
    const typoResponse = await visitor.page.goto(`/verify/${typo}`);
    expect(typoResponse?.status()).toBe(400);
    await expect(visitor.page.getByRole('alert').first()).toContainText('That code has a typo: please check it against the certificate.');
    await visitor.page.goto('/verify');
    await expect(visitor.page.getByRole('heading', { level: 1 })).toHaveText('Check a certificate');
    await visitor.page.getByLabel('Certificate code').fill(typo.match(/.{4}/g)!.join(' '));
    await visitor.page.getByRole('button', { name: 'Check this certificate' }).click();
    await expect(visitor.page.locator('.field__error')).toContainText('That code has a typo');
    await expect(visitor.page.getByLabel('Certificate code')).toHaveValue(typo.match(/.{4}/g)!.join(' '));
    await screenshots(visitor.page, 'verify-typo');

    // The JSON API, as documented.
    const api = async (c: string) => (await request.get(`/api/v1/verify/${c}`)).json() as Promise<{ status: string; certificate: Record<string, unknown> | null }>;
    const valid = await api(code);
    expect(valid.status).toBe('valid');
    expect(schemaErrors(valid)).toEqual([]);
    const invalid = await api(typo);
    expect(invalid).toMatchObject({ status: 'invalid_code', certificate: null });
    expect(schemaErrors(invalid)).toEqual([]);
    const unknown = await api('0000-0000-0000-0000');
    expect(unknown).toMatchObject({ status: 'not_found', code: '0000-0000-0000-0000', certificate: null });
    expect(schemaErrors(unknown)).toEqual([]);
    expect(Object.keys(unknown)).toEqual(Object.keys(invalid));

    // An administrator finds it by name and revokes it, with a reason.
    const admin = await contextAs(browser, baseURL!, await createAccount('Ada Admin', ['admin']));
    await admin.page.goto('/staff/certificates');
    await admin.page.getByLabel('Certificate code or name').fill('Robin A. Example');
    await admin.page.getByRole('button', { name: 'Search' }).click();
    await expect(admin.page.getByRole('status')).toContainText('1 certificate found');
    await expectNoAxeViolations(admin.page);
    await screenshots(admin.page, 'staff-search');
    await admin.page.getByRole('link', { name: code.match(/.{4}/g)!.join('-') }).click();
    await expect(admin.page.getByRole('heading', { level: 1 })).toHaveText(`Certificate ${code.match(/.{4}/g)!.join('-')}`);
    await expectNoAxeViolations(admin.page);
    await admin.page.getByRole('button', { name: 'Revoke the certificate' }).click();
    await expect(admin.page.locator('.field__error')).toContainText('Please give the reason.');
    await admin.page.getByLabel('Reason').first().fill('Issued in error: assessment not complete');
    await admin.page.getByRole('button', { name: 'Revoke the certificate' }).click();
    await expect(admin.page.getByRole('status').first()).toHaveText('The certificate is revoked.');
    await expect(admin.page.locator('.cert-banner')).toContainText('Issued in error: assessment not complete');
    await expectNoAxeViolations(admin.page);
    await screenshots(admin.page, 'staff-revoked');

    // Revoked everywhere at once: the page, the API and the revocation list.
    await visitor.page.goto(`/verify/${code}`);
    await expect(visitor.page.locator('.cert-banner__status')).toHaveText('Revoked: this certificate has been withdrawn and is no longer valid.');
    await expect(visitor.page.locator('.cert-banner')).toContainText('Reason: Issued in error: assessment not complete');
    await expectNoAxeViolations(visitor.page);
    await screenshots(visitor.page, 'verify-revoked');
    const revoked = await api(code);
    expect(revoked).toMatchObject({ status: 'revoked', certificate: { revocation: { reason: 'Issued in error: assessment not complete' } } });
    expect(schemaErrors(revoked)).toEqual([]);
    expect(await verifyCredential(credential, { didDocument: did, statusList: await fetchJson('/credentials/status/1') })).toMatchObject({ verified: false, status: 'revoked' });

    // The holder sees it was withdrawn.
    await page.goto(`/certificates/${code}`);
    await expect(page.locator('.cert-banner')).toContainText('This certificate was withdrawn');
    await expect(page.getByRole('link', { name: 'Download the certificate (PDF)' })).toHaveCount(0);
    await visitor.context.close();
    await admin.context.close();
  });

  test('an accrediting body checks many codes at once, with a progress bar', async ({ page, context }) => {
    test.slow();
    const trainee = await finishedTrainee('Bea Bulk');
    const service = await serviceClient();
    const verifier = await createAccount('Vera Verifier', ['verifier']);
    await service.collection('users').update(verifier.id, { organisation: 'Lived Learning demonstration awarding organisation' });

    await signInAs(context, trainee);
    await page.goto(`/certificates/new?course=${course.slug}&kind=full`);
    await page.getByRole('button', { name: 'Make my certificate' }).click();
    const code = codeFromUrl(page);
    await context.clearCookies();

    await signInAs(context, verifier);
    await page.goto('/staff/bulk-verify');
    await expect(page.getByText('Holders’ names are included for certificates awarded by Lived Learning demonstration awarding organisation.')).toBeVisible();
    const csv = ['code', code, typoOf(code), 'hello', '0000-0000-0000-0000'].join('\n');
    await page.getByLabel('CSV file of certificate codes').setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check the codes' }).click();
    const link = page.getByRole('link', { name: 'Download the results (CSV)' });
    await expect(link).toBeFocused();
    await expect(page.locator('bulk-verify-upload').getByRole('status')).toHaveText('Done: 4 codes checked.');
    await expectNoAxeViolations(page);
    await screenshots(page, 'bulk-done');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(new RegExp(`^2,${code.match(/.{4}/g)!.join('-')},valid,Peer Support Worker Foundations,${TITLE},RQF Level 3,12,\\d{4}-\\d\\d-\\d\\d,Bea Bulk,$`));
    expect(lines[2]).toMatch(/^3,[0-9A-Z]{16},invalid_code,.*That code has a typo/);
    expect(lines[3]).toMatch(/^4,hello,invalid_code,/);
    expect(lines[4]).toMatch(/^5,0000-0000-0000-0000,not_found,/);
  });
});

test.describe('certificates without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the holder hides their name behind a surname check, changes it to initials, and an admin re-issues it corrected', async ({ page, context, browser, baseURL }) => {
    test.slow();
    const trainee = await finishedTrainee('Noor Haddad');
    await signInAs(context, trainee);
    await page.goto(`/courses/${course.slug}`);
    await page.locator('section.cert-status').getByRole('link', { name: 'Get your certificate' }).click();
    await page.getByLabel('Your name as it should appear on the certificate').fill('Noor Hadad');
    await page.getByRole('radio', { name: 'Only to someone who types my surname' }).check();
    await page.getByRole('button', { name: 'Make my certificate' }).click();
    await expect(page).toHaveURL(/\?status=issued$/);
    const code = codeFromUrl(page);
    await expect(page.getByRole('radio', { name: 'Only to someone who types my surname' })).toBeChecked();

    // A visitor sees the certificate but not the name, until they type the surname.
    const visitor = await contextAs(browser, baseURL!, null, false);
    await visitor.page.goto(`/verify/${code}`);
    await expect(visitor.page.locator('.cert-banner__status')).toHaveText('Valid: this certificate is genuine and current.');
    await expect(visitor.page.locator('.cert-holder')).toContainText('The holder has chosen to show their name only to someone who knows their surname.');
    await expect(visitor.page.locator('.cert-holder__name')).toHaveCount(0);
    await visitor.page.getByLabel('Surname of the person on the certificate').fill('Smith');
    await visitor.page.getByRole('button', { name: 'Show the name' }).click();
    await expect(visitor.page.locator('.field__error')).toContainText('That surname does not match this certificate.');
    await expect(visitor.page.getByLabel('Surname of the person on the certificate')).toHaveValue('Smith');
    await axeWithoutScripts(browser, baseURL!, null, async (p) => {
      await p.goto(`/verify/${code}`);
      await p.getByLabel('Surname of the person on the certificate').fill('Smith');
      await p.getByRole('button', { name: 'Show the name' }).click();
      await expect(p.locator('.field__error')).toBeVisible();
    });
    await visitor.page.getByLabel('Surname of the person on the certificate').fill('hadad');
    await visitor.page.getByRole('button', { name: 'Show the name' }).click();
    await expect(visitor.page.locator('.cert-holder__name')).toHaveText('Noor Hadad');
    await screenshots(visitor.page, 'verify-surname');

    // The holder switches to initials.
    await page.getByRole('radio', { name: 'As initials only' }).check();
    await page.getByRole('button', { name: 'Save my choice' }).click();
    await expect(page).toHaveURL(/\?status=display-saved#name-display$/);
    await expect(page.getByRole('status')).toHaveText('Your choice is saved.');
    await axeWithoutScripts(browser, baseURL!, trainee, (p) => p.goto(`/certificates/${code}?status=display-saved`));
    await visitor.page.goto(`/verify/${code}`);
    await expect(visitor.page.locator('.cert-holder__name')).toHaveText('N. H. (initials only, as the holder chose)');

    // An administrator issues a corrected certificate; the old one's check page links to it.
    const admin = await contextAs(browser, baseURL!, await createAccount('Ada Admin', ['admin']), false);
    await admin.page.goto(`/staff/certificates?q=${code}`);
    await admin.page.getByRole('link', { name: code.match(/.{4}/g)!.join('-') }).click();
    await admin.page.getByLabel('Name on the corrected certificate').fill('Noor Haddad');
    await admin.page.getByRole('button', { name: 'Issue the corrected certificate' }).click();
    await expect(admin.page.locator('#reissue_reason-error')).toContainText('Please give the reason.');
    await expect(admin.page.getByLabel('Name on the corrected certificate')).toHaveValue('Noor Haddad');
    await admin.page.getByLabel('Reason').last().fill('Name misspelt');
    await admin.page.getByRole('button', { name: 'Issue the corrected certificate' }).click();
    await expect(admin.page.getByRole('status').first()).toHaveText('The corrected certificate is issued, and the old one is revoked.');
    const replacement = /\/staff\/certificates\/([0-9A-Z]{16})/.exec(admin.page.url())![1]!;
    expect(replacement).not.toBe(code);

    await visitor.page.goto(`/verify/${code}`);
    await expect(visitor.page.locator('.cert-banner__status')).toHaveText('Revoked: this certificate has been withdrawn and is no longer valid.');
    await visitor.page.getByRole('link', { name: /Check the corrected certificate/ }).click();
    await expect(visitor.page).toHaveURL(`${baseURL}/verify/${replacement}`);
    await expect(visitor.page.locator('.cert-banner__status')).toHaveText('Valid: this certificate is genuine and current.');
    await expect(visitor.page.locator('.cert-holder__name')).toHaveText('N. H. (initials only, as the holder chose)');

    // The holder's page and course page point to the corrected one.
    await page.goto(`/certificates/${code}`);
    await page.getByRole('link', { name: 'View the corrected certificate that replaces it' }).click();
    await expect(page).toHaveURL(`${baseURL}/certificates/${replacement}`);
    await visitor.context.close();
    await admin.context.close();
  });

  test('a trainee who is not ready sees what is still to do; the bulk check works as a plain form', async ({ page, context, browser, baseURL }) => {
    test.slow();
    const trainee = await createAccount('Kai Newcomer');
    const service = await serviceClient();
    await service.collection('enrolments').create({ user: trainee.id, course: course.slug, status: 'active' });
    await signInAs(context, trainee);
    await page.goto(`/courses/${course.slug}`);
    const status = page.locator('section.cert-status');
    await expect(status).toContainText('When you have finished, you can get a certificate here.');
    await status.getByText(/What is still to do \(\d+\)/).click();
    await expect(status.getByRole('listitem').first()).toHaveText('Module ‘What peer support is, and what it is not’ is not done yet');
    await expect(status.getByRole('link', { name: 'Unit 4, ‘Working in teams and looking after yourself’, is not signed off yet' })).toBeVisible();
    await screenshot(page, 'certificates-course-status-todo', { part: status });

    const response = await page.goto(`/certificates/new?course=${course.slug}&kind=full`);
    expect(response?.status()).toBe(409);
    await expect(page.getByRole('heading', { name: 'This certificate is not ready yet' })).toBeVisible();
    await axeWithoutScripts(browser, baseURL!, trainee, (p) => p.goto(`/certificates/new?course=${course.slug}&kind=full`));
    await axeWithoutScripts(browser, baseURL!, trainee, (p) => p.goto(`/courses/${course.slug}`));

    // Bulk check without JavaScript: the browser downloads the results file; a bad file is explained.
    const verifier = await createAccount('Vic Verifier', ['verifier']);
    await context.clearCookies();
    await signInAs(context, verifier);
    await page.goto('/staff/bulk-verify');
    await page.getByLabel('CSV file of certificate codes').setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from('code\n\n') });
    await page.getByRole('button', { name: 'Check the codes' }).click();
    await expect(page.locator('.field__error')).toContainText('That file has no certificate codes in it.');
    await axeWithoutScripts(browser, baseURL!, verifier, async (p) => {
      await p.goto('/staff/bulk-verify');
      await p.getByLabel('CSV file of certificate codes').setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from('code\n\n') });
      await p.getByRole('button', { name: 'Check the codes' }).click();
      await expect(p.locator('.field__error')).toBeVisible();
    });
    await screenshots(page, 'bulk-error');
    await page.getByLabel('CSV file of certificate codes').setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from('0000-0000-0000-0000\nnope\n') });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Check the codes' }).click()]);
    const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('line,code,status,course,qualification,level,credits,issued,holder,note');
    expect(lines[1]).toMatch(/^1,0000-0000-0000-0000,not_found,/);
    expect(lines[2]).toMatch(/^2,nope,invalid_code,/);

    // Someone who is not a verifier is told kindly.
    await context.clearCookies();
    await signInAs(context, trainee);
    const refused = await page.goto('/staff/bulk-verify');
    expect(refused?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This page is for verifiers');
    const notAdmin = await page.goto('/staff/certificates');
    expect(notAdmin?.status()).toBe(403);
  });
});

test.describe('anyone checks many certificates, with no account (no JavaScript)', () => {
  test.use({ javaScriptEnabled: false });

  test('a CSV of good, revoked, mistyped and unknown codes: counts and a table on screen, then the CSV downloaded', async ({ page, context, request }) => {
    test.slow();
    const service = await serviceClient();
    const codes: string[] = [];
    for (const name of ['Gwen Good', 'Rhys Revoked']) {
      const trainee = await finishedTrainee(name);
      await signInAs(context, trainee);
      await page.goto(`/certificates/new?course=${course.slug}&kind=full`);
      await page.getByRole('button', { name: 'Make my certificate' }).click();
      codes.push(codeFromUrl(page));
      await context.clearCookies();
    }
    const [good, revoked] = codes as [string, string];
    const row = await service.collection('certificates').getFirstListItem(`code="${revoked}"`);
    await service.collection('certificates').update(row.id, { revoked_at: new Date().toISOString(), revoke_reason: 'Issued in error' });
    const unknown = '0000-0000-0000-0000';
    const printed = (code: string) => code.match(/.{4}/g)!.join('-');

    // Signed out: the page is for anyone.
    await page.goto('/verify/bulk');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check many certificates at once');
    const csv = ['code', printed(good), printed(revoked), typoOf(good), unknown].join('\n');
    await page.getByLabel('CSV file of certificate codes').setInputFiles({ name: 'codes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Check and show the results' }).click();

    const counts = page.locator('[data-bulk-counts]');
    await expect(counts.locator('[data-count="total"]')).toHaveText('4');
    await expect(counts.locator('[data-count="valid"]')).toHaveText('1');
    await expect(counts.locator('[data-count="revoked"]')).toHaveText('1');
    await expect(counts.locator('[data-count="invalid_code"]')).toHaveText('1');
    await expect(counts.locator('[data-count="not_found"]')).toHaveText('1');
    const rows = page.locator('.bulk-table tbody tr');
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(0)).toHaveAttribute('data-status', 'valid');
    await expect(rows.nth(0)).toContainText('Peer Support Worker Foundations');
    await expect(rows.nth(1)).toContainText('Withdrawn');
    await expect(rows.nth(2)).toContainText('Mistyped');
    await expect(rows.nth(3)).toContainText('Not found');
    // The holder's name follows the same rule as the single check's API for that code.
    const single = (await (await request.get(`/api/v1/verify/${good}`)).json()) as { certificate: { holder: { name: string | null } } };
    await expect(rows.nth(0).locator('td').nth(4)).toHaveText(single.certificate.holder.name ?? 'Not shown');
    await screenshots(page, 'public-bulk-results');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download these results (CSV)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^certificate-check-\d{4}-\d\d-\d\d\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(new RegExp(`^1,${printed(good)},valid,Peer Support Worker Foundations,${TITLE},`));
    expect(lines[2]).toMatch(new RegExp(`^2,${printed(revoked)},revoked,.*Issued in error`));
    expect(lines[3]).toMatch(/^3,[0-9A-Z]{16},invalid_code,.*typo/);
    expect(lines[4]).toMatch(new RegExp(`^4,${unknown},not_found,`));

    // Straight to the CSV, pasting the codes.
    await page.goto('/verify/bulk');
    await page.getByLabel('Or paste the codes').fill(`${good}\n${unknown}`);
    const [direct] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Check and download the results (CSV)' }).click()]);
    const directLines = readFileSync((await direct.path())!, 'utf8').trimEnd().split('\r\n');
    expect(directLines.slice(1).map((l) => l.split(',')[2])).toEqual(['valid', 'not_found']);

    // Nothing given: a clear message by the fields, not a stack trace.
    await page.goto('/verify/bulk');
    await page.getByRole('button', { name: 'Check and show the results' }).click();
    await expect(page.getByRole('alert')).toContainText('Please choose a CSV file of certificate codes, or paste the codes');
  });

  test('the JSON API checks a list; every other address under /api/ answers JSON', async ({ request }) => {
    const answer = await request.post('/api/v1/verify', { data: { codes: ['0000-0000-0000-0000', 'hello'] } });
    expect(answer.status()).toBe(200);
    expect(answer.headers()['access-control-allow-origin']).toBe('*');
    const body = (await answer.json()) as { counts: Record<string, number>; results: { input: string; status: string }[] };
    expect(body.counts).toMatchObject({ total: 2, not_found: 1, invalid_code: 1 });
    expect(body.results.map((r) => [r.input, r.status])).toEqual([
      ['0000-0000-0000-0000', 'not_found'],
      ['hello', 'invalid_code'],
    ]);
    const validateBulk = ajv.getSchema('verify.yaml#/components/schemas/BulkVerifyResponse')!;
    expect(validateBulk(body), JSON.stringify(validateBulk.errors)).toBe(true);

    const bad = await request.post('/api/v1/verify', { data: Buffer.from('codes=1'), headers: { 'content-type': 'application/json' } });
    expect(bad.status()).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('not JSON');

    for (const [method, address, status] of [
      ['GET', '/api/v1/verify/', 400],
      ['GET', '/api/v1/verify', 400],
      ['GET', '/api/nothing/here', 404],
      ['POST', '/api/v2/verify', 404],
      ['DELETE', '/api/v1/verify/0000-0000-0000-0000', 405],
    ] as const) {
      // Programs send JSON (a form-type POST from another site is refused by Astro's origin check first).
      const response = await request.fetch(address, method === 'GET' ? { method } : { method, data: {} });
      expect(response.status(), `${method} ${address}`).toBe(status);
      expect(response.headers()['content-type'], `${method} ${address}`).toContain('application/json');
      expect(((await response.json()) as { error: string }).error, `${method} ${address}`).toMatch(/\S/);
    }
  });
});
