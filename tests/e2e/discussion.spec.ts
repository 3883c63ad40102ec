/**
 * A group's discussion space in the browser (docs/DISCUSSION.md): two trainees discuss in a
 * thread; one replies with a content note WITHOUT JavaScript; the other sees the post folded,
 * opens it, and reports it; the trainer finds the report and hides the post with a reason;
 * its author sees why; the rest of the group no longer sees it; a member of another group
 * reads none of it (404 everywhere). Pages are private, never cached, never indexed. axe on
 * every discussion page.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createAccount, fetchAs, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'peer-support-foundations';
const SECRET = `Hard week words ${Date.now().toString(36)}`;

test.describe.configure({ mode: 'serial', timeout: 180_000 });

let ana: TestAccount;
let ben: TestAccount;
let bo: TestAccount;
let tess: TestAccount;
let groupA = '';
let groupB = '';
let threadUrl = '';

async function as(browser: Browser, account: TestAccount, options: { javaScriptEnabled?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, ...options });
  await signInAs(context, account);
  return { context, page: await context.newPage() };
}

test.beforeAll(async () => {
  const service = await serviceClient();
  ana = await createAccount('Ana Discusses');
  ben = await createAccount('Ben Replies');
  bo = await createAccount('Bo Elsewhere');
  tess = await createAccount('Tess Trainer', ['trainer']);
  groupA = (await service.collection('cohorts').create({ name: `Talk group ${Date.now()}`, course: COURSE, trainers: [tess.id] })).id;
  groupB = (await service.collection('cohorts').create({ name: `Other group ${Date.now()}`, course: COURSE })).id;
  for (const [who, group] of [[ana, groupA], [ben, groupA], [bo, groupB]] as const) {
    await service.collection('enrolments').create({ user: who.id, course: COURSE, cohort: group, status: 'active' });
  }
});

test('two trainees discuss; a content-noted reply is reported, hidden by the trainer, and its author sees why', async ({ browser }) => {
  // Ana starts a thread (with JavaScript), from her dashboard's link.
  const a = await as(browser, ana);
  await a.page.goto('/dashboard');
  await a.page.getByRole('link', { name: /^Talk with your group/ }).click();
  await expect(a.page.getByRole('heading', { level: 1 })).toContainText('Discussion:');
  const response = await a.page.reload();
  expect(response?.headers()['cache-control']).toContain('no-store');
  expect(response?.headers()['x-robots-tag']).toContain('noindex');
  await expect(a.page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
  await a.page.getByLabel('Title').fill('Keeping boundaries');
  await a.page.getByLabel('Your post').fill('How do you say *no* kindly?');
  await a.page.getByRole('button', { name: 'Start the thread' }).click();
  await expect(a.page.getByRole('status')).toContainText('Your thread is started.');
  await expect(a.page.locator('.user-text em')).toHaveText('no');
  threadUrl = new URL(a.page.url()).pathname;

  // Ben replies without JavaScript, with a content note; an empty reply is refused kindly first.
  const b = await as(browser, ben, { javaScriptEnabled: false });
  await b.page.goto(threadUrl);
  await b.page.getByRole('button', { name: 'Post reply' }).click();
  await expect(b.page.locator('.error-summary, [role="alert"]').first()).toContainText('Write something before you post.');
  await b.page.getByLabel('Your reply').fill(SECRET);
  await b.page.getByLabel('Content note').fill('Mentions self-harm');
  await b.page.getByRole('button', { name: 'Post reply' }).click();
  await expect(b.page.getByRole('status')).toContainText('Your reply is posted.');
  // Without JavaScript the note comes first, then the post (the module gate's plain form).
  await expect(b.page.getByText(SECRET)).toBeVisible();

  // Ana sees the note and the post folded until she opens it; the reply is waiting for her.
  await a.page.goto('/dashboard');
  await expect(a.page.getByText('Someone replied in a discussion you are part of')).toBeVisible();
  await screenshot(a.page, 'discussion-dashboard', { fullPage: true });
  await a.page.goto(threadUrl);
  const post = a.page.locator('.discussion-post').nth(1);
  await expect(post.getByText('Mentions self-harm')).toBeVisible();
  await expect(post.getByText(SECRET)).toBeHidden();
  await screenshot(a.page, 'discussion-content-note', { fullPage: true });
  await post.getByRole('button', { name: 'Show the post' }).click();
  await expect(post.getByText(SECRET)).toBeVisible();

  // Ana reports it, without JavaScript's help (a native <details>).
  await post.getByText('Report this post').click();
  await post.getByLabel('What is wrong?').selectOption('unsafe');
  await post.getByLabel(/Anything else the trainers should know/).fill('I am worried about Ben');
  await post.getByRole('button', { name: 'Send the report' }).click();
  await expect(a.page.getByRole('status')).toContainText('The trainers have your report.');

  // The trainer finds the report and hides the post with a reason.
  const t = await as(browser, tess);
  await t.page.goto('/staff');
  await expect(t.page.getByRole('link', { name: /1 discussion report to look at in Talk group/ })).toBeVisible();
  await screenshot(t.page, 'discussion-staff-home', { fullPage: true });
  await t.page.goto(`/discussion/${groupA}`);
  await t.page.getByRole('link', { name: /Reports: 1 report waiting/ }).click();
  await expect(t.page.getByText('I am worried about Ben')).toBeVisible();
  await screenshot(t.page, 'discussion-reports', { fullPage: true });
  await t.page.getByRole('link', { name: 'Open the post' }).click();
  const held = t.page.locator('.discussion-post').nth(1);
  await held.getByText('Hide this post').click();
  await held.getByRole('button', { name: 'Hide the post' }).click();
  await expect(t.page.getByText('Say why the post is hidden').first()).toBeVisible();
  await t.page.locator('.discussion-post').nth(1).getByLabel('Why is it hidden?').fill('Please talk to me first; I will call you today.');
  await t.page.locator('.discussion-post').nth(1).getByRole('button', { name: 'Hide the post' }).click();
  await expect(t.page.getByRole('status')).toContainText('The post is hidden from the group.');
  await t.page.goto(`/discussion/${groupA}/reports`);
  await t.page.getByRole('button', { name: 'Mark as dealt with' }).click();
  await expect(t.page.getByRole('status')).toContainText('marked as dealt with');

  // Ben, its author, sees it is hidden and why; Ana no longer sees it.
  await b.page.goto(threadUrl);
  await expect(b.page.getByText('A trainer hid this post.')).toBeVisible();
  await expect(b.page.getByText('Why: Please talk to me first; I will call you today.')).toBeVisible();
  await screenshot(b.page, 'discussion-hidden-author', { fullPage: true });
  await a.page.goto(threadUrl);
  await expect(a.page.getByText(SECRET)).toHaveCount(0);
  await expect(a.page.locator('.discussion-post')).toHaveCount(1);

  // A member of another group reads none of it.
  const o = await as(browser, bo);
  for (const url of [`/discussion/${groupA}`, threadUrl, `/discussion/${groupA}/reports`]) {
    const answer = await o.page.goto(url);
    expect(answer?.status(), url).toBe(404);
    await expect(o.page.getByText(SECRET)).toHaveCount(0);
    await expect(o.page.getByText('Keeping boundaries')).toHaveCount(0);
  }
  await o.page.goto('/discussion');
  await expect(o.page.getByRole('link', { name: /Talk group/ })).toHaveCount(0);
  for (const c of [a, b, t, o]) await c.context.close();
});

test('editing keeps history; muting, pausing and leaving work without JavaScript', async ({ browser }) => {
  const a = await as(browser, ana, { javaScriptEnabled: false });
  await a.page.goto(threadUrl);
  await a.page.locator('.discussion-post').first().getByRole('link', { name: 'Edit' }).click();
  await a.page.getByLabel('Your post').fill('How do you say no, kindly and clearly?');
  await a.page.getByRole('button', { name: 'Save changes' }).click();
  await expect(a.page.getByRole('status')).toContainText('Your post is updated.');
  await expect(a.page.locator('.discussion-post').first().getByText('edited')).toBeVisible();
  await a.page.locator('.discussion-post').first().getByRole('link', { name: 'Earlier versions' }).click();
  await expect(a.page.locator('#history ~ ol')).toContainText('How do you say no kindly?');
  await a.page.goto(threadUrl);
  await a.page.getByRole('button', { name: 'Mute this thread' }).click();
  await expect(a.page.getByRole('status')).toContainText('Thread muted');

  const t = await as(browser, tess, { javaScriptEnabled: false });
  await t.page.goto(threadUrl);
  await t.page.getByLabel(/Why pause it/).fill('Let us talk about this in the session');
  await t.page.getByRole('button', { name: 'Pause the thread' }).click();
  await a.page.goto(threadUrl);
  await expect(a.page.getByText('This thread is paused')).toBeVisible();
  await expect(a.page.getByRole('button', { name: 'Post reply' })).toHaveCount(0);
  await t.page.getByRole('button', { name: 'Let people reply again' }).click();

  await a.page.goto(`/discussion/${groupA}`);
  await a.page.getByRole('button', { name: 'Leave the discussion space' }).click();
  await expect(a.page.getByRole('heading', { name: 'You left this discussion space' })).toBeVisible();
  await a.page.getByRole('button', { name: 'Come back to the discussion' }).click();
  await expect(a.page.getByRole('status')).toContainText('Welcome back');
  await a.context.close();
  await t.context.close();
});

test('the 404 page for what is not theirs: a member on the reports, a trainer on another\'s post\'s edit page, a thread that does not exist', async () => {
  const service = await serviceClient();
  const bensPost = await service.collection('discussion_posts').getFirstListItem(service.filter('author = {:a}', { a: ben.id }));
  const cases: [TestAccount, string][] = [
    [ana, `/discussion/${groupA}/reports`],
    [tess, `/discussion/${groupA}/posts/${bensPost.id}/edit`],
    [ana, `/discussion/${groupA}/posts/${bensPost.id}/edit`],
    [ana, `/discussion/${groupA}/${'z'.repeat(15)}`],
    [ana, `/discussion/${groupB}`],
  ];
  for (const [who, url] of cases) {
    const answer = await fetchAs(who, url);
    expect(answer.status, `${who.displayName}: ${url}`).toBe(404);
    expect(await answer.text(), url).not.toContain(SECRET);
  }
});

test.describe('accessibility of the discussion pages', () => {
  test('members, trainers and the error states pass axe', async ({ browser }) => {
    const b = await as(browser, ben);
    const t = await as(browser, tess);
    const postId = (await b.page.goto(threadUrl)) && (await b.page.locator('.discussion-post').nth(1).getAttribute('id'))!.replace('post-', '');
    const pages: [Page, string][] = [
      [b.page, '/discussion'],
      [b.page, `/discussion/${groupA}`],
      [b.page, threadUrl],
      [b.page, `/discussion/${groupA}/posts/${postId}/edit`],
      [t.page, threadUrl],
      [t.page, `/discussion/${groupA}/reports`],
    ];
    for (const [page, url] of pages) {
      await page.goto(url);
      await expectNoAxeViolations(page);
    }
    // An error state: a thread with no title.
    await b.page.goto(`/discussion/${groupA}`);
    await b.page.getByRole('button', { name: 'Start the thread' }).click();
    await expect(b.page.getByText('Give the thread a title.').first()).toBeVisible();
    await expectNoAxeViolations(b.page);
    await screenshot(b.page, 'discussion-space-error', { fullPage: true });
    // A report form opened with a problem.
    await b.page.goto(threadUrl);
    await expectNoAxeViolations(b.page);
    await b.context.close();
    await t.context.close();
  });
});
