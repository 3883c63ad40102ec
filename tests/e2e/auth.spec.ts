/**
 * Accounts and sessions in the browser: the whole journey with JavaScript, sign-up and
 * sign-in without it, the staff reset-link flow, the forgotten-password page without email,
 * expired sessions, cross-site POSTs and rate limits. Axe on the accounts pages runs in accessibility.spec.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { createAccount, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const uniqueEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;

/** A group of `course` trained by `trainers`, with `trainees` active in it. */
async function group(course: string, trainers: TestAccount[], trainees: TestAccount[]): Promise<string> {
  const pb = await serviceClient();
  const cohort = await pb.collection('cohorts').create({ name: `Group ${randomUUID().slice(0, 6)}`, course, trainers: trainers.map((a) => a.id) });
  for (const t of trainees) await pb.collection('enrolments').create({ user: t.id, course, cohort: cohort.id, status: 'active' });
  return cohort.id;
}

/** Signs in through the form (the page must be on /signin). */
async function signInHere(page: Page, email: string, password: string) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Screenshots at 1280 and 375 px wide, to look at (only with E2E_SCREENSHOTS=1). */
const screenshots = (page: Page, name: string, fullPage = true) => screenshot(page, `auth-${name}`, { fullPage, widths: [1280, 375] });

test.describe('a trainee looks after their account (with JavaScript)', () => {
  test('sign up → signed in → sign out → wrong password → sign in → preferences → change password', async ({ page }) => {
    // A long journey with axe and screenshots on the way.
    test.setTimeout(120_000);
    const email = uniqueEmail('robin');
    const password = 'blue kettle garden';

    // Sign up, coming from a course page.
    await page.goto('/signup?next=/courses/peer-support-foundations');
    await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
    await screenshots(page, 'signup');
    // Sending it empty lists each problem, linked to its field.
    await page.getByRole('button', { name: 'Create my account' }).click();
    const problems = page.getByRole('alert');
    await expect(problems.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
    await expect(problems.getByRole('link')).toHaveText([
      'Please enter the name you would like to be called.',
      'Please enter your email address.',
      'Please enter your password.',
    ]);
    await problems.getByRole('link', { name: 'Please enter your email address.' }).click();
    await expect(page.getByLabel('Email address')).toBeFocused();
    await page.getByLabel('Your name').fill('Robin');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    // The show-password toggle lets people check what they typed.
    const toggle = page.getByRole('button', { name: 'Show password' });
    await toggle.click();
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'text');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await toggle.click();
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'password');
    await page.getByLabel(/Pronouns/).fill('they/them');
    await page.getByRole('button', { name: 'Create my account' }).click();

    // The same answer as for an email that already has an account: sign in next.
    await expect(page).toHaveURL(/\/signin\?reason=signed-up&next=%2Fcourses%2Fpeer-support-foundations$/);
    await expect(page.getByText('If this email address was new to us, your account is ready')).toBeVisible();
    await screenshots(page, 'signed-up');
    await signInHere(page, email, password);
    await expect(page).toHaveURL(/\/courses\/peer-support-foundations$/);
    const banner = page.getByRole('banner');
    await expect(banner.getByRole('link', { name: 'Your account: Robin' })).toBeVisible();

    // The account page: a trainee, with the name and pronouns given.
    await banner.getByRole('link', { name: /Robin/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    await expect(page.getByText('trainee', { exact: true })).toBeVisible();
    await expect(page.getByLabel('Your name')).toHaveValue('Robin');
    await expect(page.getByLabel(/Pronouns/)).toHaveValue('they/them');
    await screenshots(page, 'account');

    // Sign out is a form POST in the header.
    await banner.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/signin\?reason=signed-out$/);
    await expect(page.getByText('You are signed out, here and on every other device.')).toBeVisible();
    await expect(banner.getByRole('link', { name: 'Sign in' })).toBeVisible();

    // An account page now asks to sign in, and says why.
    await page.goto('/account');
    await expect(page).toHaveURL(/\/signin\?next=%2Faccount&reason=required$/);
    await expect(page.getByText('Please sign in to see that page.')).toBeVisible();
    await screenshots(page, 'signin');

    // A wrong password: a plain message, the email kept, nothing about whether the account exists.
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('not my password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('That email and password do not match');
    await expect(page.getByLabel('Email address')).toHaveValue(email);
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    await expect(page).toHaveTitle(/^Error: Sign in/);
    await screenshots(page, 'signin-error');

    // The right password goes back to where they were going.
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/account$/);

    // Reading preferences apply to <body> on every page.
    await expect(page.locator('body')).not.toHaveClass(/pref-/);
    const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const before = await rootSize();
    await page.getByLabel('Larger text').check();
    await page.getByLabel('More space between letters, words and lines').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('status')).toContainText('Your changes are saved.');
    await page.goto('/courses/peer-support-foundations');
    await expect(page.locator('body')).toHaveClass(/pref-large-text/);
    await expect(page.locator('body')).toHaveClass(/pref-dyslexia-spacing/);
    await expect(page.locator('body')).not.toHaveClass(/pref-reduced-motion/);
    expect(await rootSize()).toBeGreaterThan(before);
    await screenshots(page, 'course-large-text', false);

    // Change password: a mistake first, then for real.
    await page.goto('/account/password');
    await page.getByLabel('Your current password').fill('wrong current pw');
    await page.getByLabel('New password', { exact: true }).fill('red bicycle morning');
    await page.getByLabel('New password again').fill('red bicycle morning');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('alert')).toContainText('That is not your current password.');
    await screenshots(page, 'password-error');
    await page.getByLabel('Your current password').fill(password);
    await page.getByLabel('New password', { exact: true }).fill('red bicycle morning');
    await page.getByLabel('New password again').fill('red bicycle morning');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page).toHaveURL(/\/account\?saved=password$/);
    await expect(page.getByRole('status')).toContainText('Your password is changed.');
    // Still signed in here.
    await expect(page.getByRole('banner').getByRole('link', { name: /Robin/ })).toBeVisible();

    // The new password signs in; the old one does not.
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('That email and password do not match');
    await page.getByLabel('Password', { exact: true }).fill('red bicycle morning');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('banner').getByRole('link', { name: /Robin/ })).toBeVisible();
  });

  test('an ended session sends the person to sign in, kindly, and back afterwards', async ({ page, context, baseURL }) => {
    const kim = await createAccount('Kim Expired');
    await context.addCookies([{ name: 'll_session', value: 'not-a-real-token', url: baseURL!, httpOnly: true, sameSite: 'Lax' }]);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/signin\?next=%2Faccount&reason=expired$/);
    await expect(page.getByText('Your session ended, please sign in again.')).toBeVisible();
    await page.getByLabel('Email address').fill(kim.email);
    await page.getByLabel('Password', { exact: true }).fill(kim.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/account$/);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('sign up (fixing a mistake), sign out, sign in', async ({ page }) => {
    const email = uniqueEmail('ash');
    await page.goto('/signup?next=/account');
    // No show-password button without JavaScript; the field still works.
    await expect(page.getByRole('button', { name: 'Show password' })).toHaveCount(0);
    await page.getByLabel('Your name').fill('Ash');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('too short');
    await page.getByLabel(/Pronouns/).fill('he/him');
    await page.getByRole('button', { name: 'Create my account' }).click();

    // The form comes back with a message by the field and everything else kept.
    await expect(page.getByRole('alert')).toContainText('Your password needs at least 10 characters. This one has 9.');
    await expect(page.locator('#password-error')).toContainText('at least 10 characters');
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Your name')).toHaveValue('Ash');
    await expect(page.getByLabel('Email address')).toHaveValue(email);
    await expect(page.getByLabel(/Pronouns/)).toHaveValue('he/him');
    await screenshots(page, 'signup-error');

    await page.getByLabel('Password', { exact: true }).fill('not too short now');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await expect(page).toHaveURL(/\/signin\?reason=signed-up&next=%2Faccount$/);
    await signInHere(page, email, 'not too short now');
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('banner').getByRole('link', { name: 'Your account: Ash' })).toBeVisible();

    // Preferences without JavaScript.
    await page.getByLabel('Less movement').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByText('Your changes are saved.')).toBeVisible();
    await expect(page.locator('body')).toHaveClass(/pref-reduced-motion/);

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expect(page.locator('body')).not.toHaveClass(/pref-/);

    await page.goto('/signin?next=/courses/service-user-leadership');
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('not too short now');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/courses\/service-user-leadership$/);
    await expect(page.getByRole('banner').getByRole('link', { name: 'Your account: Ash' })).toBeVisible();
  });

  test('sign-up answers a taken email exactly like a new one, and the account is untouched', async ({ page }) => {
    const taken = await createAccount('Taken Email');
    const answers: { url: string; text: string }[] = [];
    for (const email of [taken.email, uniqueEmail('fresh')]) {
      await page.goto('/signup');
      await page.getByLabel('Your name').fill('Someone');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password', { exact: true }).fill('long enough password');
      await page.getByRole('button', { name: 'Create my account' }).click();
      answers.push({ url: page.url(), text: await page.locator('main').innerText() });
    }
    // Issue 12 item 10: a taken email used to get "There is already an account with this email address."
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.text).not.toContain('already an account');
    expect(answers[0]!.url).toMatch(/\/signin\?reason=signed-up$/);
    // The owner still signs in with their own password; the one typed at sign-up does nothing.
    await signInHere(page, taken.email, 'long enough password');
    await expect(page.getByRole('alert')).toContainText('That email and password do not match');
    await signInHere(page, taken.email, taken.password);
    await expect(page.getByRole('banner').getByRole('link', { name: 'Your account: Taken Email' })).toBeVisible();
  });
});

test.describe('forgotten passwords when the site cannot send email', () => {
  test('the forgot page says so plainly and never pretends to send', async ({ page }) => {
    await page.goto('/signin');
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Forgotten your password?' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'This site cannot send emails' })).toBeVisible();
    await expect(page.getByText('your trainer or the site’s administrator can make you a one-time link')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send me a link' })).toHaveCount(0);
    await screenshots(page, 'forgot');
  });

  test('a trainer makes a one-time link; the trainee uses it once, and old sessions end', async ({ page, browser, baseURL }) => {
    test.setTimeout(90_000);
    const trainer = await createAccount('Tess Trainer', ['trainer']);
    const trainee = await createAccount('Tom Trainee');
    await group('peer-support-foundations', [trainer], [trainee]);

    // Tom is signed in somewhere else (say, a shared computer).
    const oldDevice = await browser.newContext({ baseURL: baseURL! });
    await signInAs(oldDevice, trainee);
    const oldPage = await oldDevice.newPage();
    await oldPage.goto('/account');
    await expect(oldPage.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();

    // Tess makes the link.
    await signInAs(page.context(), trainer);
    await page.goto('/account');
    await page.getByRole('link', { name: 'Make a password reset link for someone' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Make a password reset link' })).toBeVisible();
    await page.getByLabel('Their email address').fill('nobody-here@example.test');
    await page.getByRole('button', { name: 'Make a link' }).click();
    await expect(page.getByRole('alert')).toContainText('We cannot make a link for this email address.');
    await page.getByLabel('Their email address').fill(trainee.email);
    await page.getByRole('button', { name: 'Make a link' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'A link for Tom Trainee' })).toBeVisible();
    const link = await page.getByLabel('Reset link').inputValue();
    expect(link).toMatch(new RegExp(`^${baseURL}/reset/[A-Za-z0-9_-]{43}$`));
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL! });
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByText('Link copied.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    await expectNoAxeViolations(page);
    await screenshots(page, 'staff-link');

    // Tess cannot use it herself while signed in: the page asks her to sign out first.
    const tried = await page.goto(link);
    expect(tried?.status()).toBe(409);
    await expect(page.getByRole('heading', { level: 1, name: 'Please sign out first' })).toBeVisible();
    await expect(page.getByLabel('New password', { exact: true })).toHaveCount(0);
    const posted = await page.request.post(link, { form: { password: 'tess owns tom now', password_confirm: 'tess owns tom now' }, headers: { Origin: baseURL! } });
    expect(posted.status()).toBe(409);
    await screenshots(page, 'reset-signed-in');

    // Tom opens it in a fresh browser.
    const fresh = await browser.newContext({ baseURL: baseURL! });
    const tom = await fresh.newPage();
    await tom.goto(link);
    await expect(tom.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
    await screenshots(tom, 'reset');
    await tom.getByLabel('New password', { exact: true }).fill('green door sunday');
    await tom.getByLabel('New password again').fill('green door monday');
    await tom.getByRole('button', { name: 'Save my new password' }).click();
    await expect(tom.getByRole('alert')).toContainText('The two new passwords are different.');
    await tom.getByLabel('New password', { exact: true }).fill('green door sunday');
    await tom.getByLabel('New password again').fill('green door sunday');
    await tom.getByRole('button', { name: 'Save my new password' }).click();
    await expect(tom).toHaveURL(/\/signin\?reason=reset$/);
    await expect(tom.getByText('Your new password is set. Please sign in with it.')).toBeVisible();
    await tom.getByLabel('Email address').fill(trainee.email);
    await tom.getByLabel('Password', { exact: true }).fill('green door sunday');
    await tom.getByRole('button', { name: 'Sign in' }).click();
    await expect(tom.getByRole('banner').getByRole('link', { name: 'Your account: Tom Trainee' })).toBeVisible();

    // Tom is told who made a link for him, on the dashboard and the account page, until he has read it.
    await tom.goto('/dashboard');
    const told = tom.getByText(/A password reset link was made for your account by Tess Trainer on \d{1,2} \w+ \d{4}\. If you did not ask for this, tell your organisation\./);
    await expect(told).toBeVisible();
    await screenshots(tom, 'notice-dashboard');
    const toldUsed = tom.getByText(/The password reset link made by Tess Trainer was used to choose a new password on \d{1,2} \w+ \d{4}\./);
    await expect(toldUsed).toBeVisible();
    await tom.goto('/account');
    const banner = tom.locator('.account-notices');
    await expect(banner).toContainText('A password reset link was made for your account by Tess Trainer');
    for (let left = 2; left > 0; left--) {
      await expect(banner.getByRole('button', { name: 'I have read this' })).toHaveCount(left);
      await banner.getByRole('button', { name: 'I have read this' }).first().click();
      await expect(tom).toHaveURL(/\/account$/);
    }
    await expect(banner).toHaveCount(0);
    // Read or not, the account activity keeps both: whoever used the link cannot hide it.
    const activity = tom.locator('.account-activity');
    await expect(activity).toContainText('A password reset link was made for your account by Tess Trainer');
    await expect(activity).toContainText('The password reset link made by Tess Trainer was used to choose a new password');

    // The link works once (opened signed out: signed in, it is not even looked up).
    const later = await browser.newContext({ baseURL: baseURL! });
    const laterPage = await later.newPage();
    const reused = await laterPage.goto(link);
    expect(reused?.status()).toBe(404);
    await expect(laterPage.getByRole('heading', { level: 1, name: 'This link does not work any more' })).toBeVisible();
    await later.close();

    // The session on the other device has ended.
    await oldPage.goto('/account');
    await expect(oldPage).toHaveURL(/reason=expired/);
    await expect(oldPage.getByText('Your session ended, please sign in again.')).toBeVisible();

    await fresh.close();
    await oldDevice.close();
  });

  test('a trainer cannot make a link for a trainee of another group, and the answer names nobody', async ({ page, baseURL }) => {
    const trainerA = await createAccount('Ann Trainer', ['trainer']);
    const trainerB = await createAccount('Ben Trainer', ['trainer']);
    const inA = await createAccount('Ada InGroupA');
    const inB = await createAccount('Bea InGroupB');
    await group('peer-support-foundations', [trainerA], [inA]);
    await group('peer-support-foundations', [trainerB], [inB]);
    await signInAs(page.context(), trainerA);

    const answer = async (email: string) => {
      const response = await page.request.post('/staff/reset-links', { form: { email }, headers: { Origin: baseURL! } });
      return { status: response.status(), body: await response.text() };
    };
    // Issue 12 item 1: Ann could make a link for Bea and take over her account.
    const forB = await answer(inB.email);
    const forNobody = await answer(uniqueEmail('nobody'));
    const forStaff = await answer(trainerB.email);
    for (const refused of [forB, forNobody, forStaff]) {
      expect(refused.status).toBe(403);
      expect(refused.body).not.toContain('/reset/');
      expect(refused.body).toContain('We cannot make a link for this email address.');
    }
    expect(forB.body).not.toContain('Bea InGroupB');
    expect(forStaff.body).not.toContain('Ben Trainer');
    expect((await answer(inA.email)).body).toContain('A link for Ada InGroupA');
  });

  test('trainees cannot make reset links', async ({ page }) => {
    const trainee = await createAccount('Nosy Trainee');
    await signInAs(page.context(), trainee);
    const response = await page.goto('/staff/reset-links');
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('heading', { level: 1, name: 'This page is for trainers and administrators' })).toBeVisible();
    await expect(page.getByLabel('Their email address')).toHaveCount(0);
    const post = await page.request.post('/staff/reset-links', { form: { email: trainee.email }, headers: { Origin: new URL(page.url()).origin } });
    expect(post.status()).toBe(403);
    expect(await post.text()).not.toContain('/reset/');
  });
});

test.describe('protection', () => {
  test('a session cookie copied before sign-out is refused afterwards, on the site and on PocketBase', async ({ page, browser, baseURL }) => {
    const kim = await createAccount('Kim Copied');
    await signInAs(page.context(), kim);
    await page.goto('/account');
    await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    const copied = (await page.context().cookies()).find((c) => c.name === 'll_session')!;
    expect(copied).toBeTruthy();

    // Still works in another browser before sign-out (the copy is a real session).
    const thief = await browser.newContext({ baseURL: baseURL! });
    await thief.addCookies([{ ...copied }]);
    const thiefPage = await thief.newPage();
    await thiefPage.goto('/account');
    await expect(thiefPage.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
    // The thief's visit may have refreshed the token: keep that one too.
    const refreshed = (await thief.cookies()).find((c) => c.name === 'll_session')!;

    // Kim signs out with the account page's button.
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await expect(page).toHaveURL(/\/signin\?reason=signed-out$/);

    // Issue 12 item 4: the copied cookie used to keep working for days.
    for (const cookie of [copied, refreshed]) {
      const again = await browser.newContext({ baseURL: baseURL! });
      await again.addCookies([{ ...cookie }]);
      const p = await again.newPage();
      await p.goto('/account');
      await expect(p).toHaveURL(/\/signin\?next=%2Faccount&reason=expired$/);
      await again.close();
      const direct = await fetch(`${process.env.E2E_PB_URL}/api/collections/users/auth-refresh`, { method: 'POST', headers: { Authorization: cookie.value } });
      expect(direct.status).toBe(401);
    }
    await thief.close();
  });


  test('a sign-in POST from another site is refused (403)', async ({ request, baseURL }) => {
    const foreign = await request.post('/signin', { form: { email: 'a@example.test', password: 'x' }, headers: { Origin: 'https://evil.example' } });
    expect(foreign.status()).toBe(403);
    const sameSite = await request.post('/signin', { form: { email: '', password: '' }, headers: { Origin: baseURL! } });
    expect(sameSite.status()).toBe(400);
    const signOutForeign = await request.post('/signout', { form: {}, headers: { Origin: 'https://evil.example' } });
    expect(signOutForeign.status()).toBe(403);
  });

  test('after 10 failed sign-ins for one email, the next is paused with a kind 429', async ({ request, baseURL }) => {
    const target = await createAccount('Rate Limited');
    const post = (password: string) => request.post('/signin', { form: { email: target.email, password }, headers: { Origin: baseURL! }, maxRedirects: 0 });
    for (let i = 0; i < 10; i++) expect((await post(`guess ${i}`)).status()).toBe(400);
    const paused = await post(target.password);
    expect(paused.status()).toBe(429);
    expect(Number(paused.headers()['retry-after'])).toBeGreaterThan(800);
    expect(await paused.text()).toContain('Please wait 15 minutes and try again.');
  });
});
