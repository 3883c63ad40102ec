/**
 * Past participants review and co-write a course (issue 22, docs/AUTHORING.md "Review
 * rounds"): an author opens a review round on the draft and invites two people who completed
 * the course; one suggests a rewording (and chooses to be credited anonymously), the other
 * comments; the author accepts the rewording (a new draft revision crediting the reviewer)
 * and replies to the comment; each reviewer sees what happened; after publishing, the course
 * page credits both (one anonymously). Someone not invited and not an author gets 404.
 * axe on the reviewer's and the author's pages; never cached. Kept lean: three sign-ins.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createAccount, createAuthor, serviceClient, signInAs, type TestAccount } from './accounts.ts';
import { copyCourse } from './course-copy.ts';
import { expect, expectNoAxeViolations, screenshot, test } from './fixtures.ts';

const COURSE = 'review-e2e-leadership';
const MODULE = '01-leadership-from-lived-experience.md';

async function signedIn(browser: Browser, account: TestAccount): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: process.env.E2E_BASE_URL });
  await signInAs(context, account);
  return { context, page: await context.newPage() };
}

/** Marks every module of the course completed for the person, as finishing the course does. */
async function completeCourse(account: TestAccount, dir: string) {
  const pb = await serviceClient();
  const modules = ['01-leadership-from-lived-experience', '02-our-movement', '03-influencing-services-and-systems', '04-leading-inclusive-groups', '05-presenting-from-your-story', '06-sustaining-yourself-and-others'];
  for (const file of modules) expect(readFileSync(path.join(dir, `${file}.md`), 'utf8')).toBeTruthy();
  for (const file of modules) {
    await pb.collection('progress').create({ user: account.id, course: COURSE, module: file.slice(3), status: 'completed', completed_at: new Date().toISOString() });
  }
}

test('an author runs a review round with two past participants, accepts one rewording, replies to a comment, and credits them', async ({ browser }) => {
  test.setTimeout(120_000);
  const dir = await copyCourse({ slug: COURSE, title: 'Review round test course', fresh: true });
  const author = await createAuthor('Round Author', [COURSE]);
  const asha = await createAccount('Asha Past', ['trainee']);
  const ben = await createAccount('Ben Past', ['trainee']);
  await completeCourse(asha, dir);
  await completeCourse(ben, dir);

  // The author opens a round and invites both past participants from the list of completers.
  const a = await signedIn(browser, author);
  await a.page.goto(`/author/${COURSE}/reviews`);
  await a.page.getByLabel('Name of the round').fill('Past participants, spring');
  await a.page.getByRole('button', { name: 'Open the round' }).click();
  await expect(a.page.getByRole('status')).toContainText('The round is open');
  const roundUrl = new URL(a.page.url()).pathname;
  await a.page.getByLabel('Asha Past').check();
  await a.page.getByLabel('Ben Past').check();
  await a.page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(a.page.getByRole('status')).toContainText('2 people invited');
  const roundId = roundUrl.split('/').pop()!;

  // Asha suggests a rewording of the first paragraph and chooses to be credited anonymously.
  const r1 = await signedIn(browser, asha);
  const res = await r1.page.goto(`/review/${roundId}`);
  expect(res?.headers()['cache-control']).toBe('private, no-store');
  await expect(r1.page.locator('#p1')).toContainText('This module is about what lived experience brings to leadership.');
  // The knowledge check's questions can be commented on; its answers and feedback are never shown.
  await expect(r1.page.locator('#q1')).toContainText('Which of these best describes experiential knowledge?');
  expect(await r1.page.content()).not.toContain('Experiential knowledge comes from lived experience. It is often built up');
  await expectNoAxeViolations(r1.page);
  await r1.page.locator('#p1 summary').click();
  const rewording = 'This module is about the leadership that lived experience makes possible.';
  await r1.page.locator('#p1-suggestion').fill(rewording);
  await r1.page.locator('#p1-body').fill('Shorter and warmer.');
  await screenshot(r1.page, 'co-production/reviewer-form', { part: r1.page.locator('#p1') });
  await r1.page.locator('#p1').getByRole('button', { name: 'Send' }).click();
  await expect(r1.page.getByRole('status')).toContainText('The authors can see your comment now');
  await r1.page.getByLabel('As “an anonymous reviewer”').check();
  await r1.page.getByRole('button', { name: 'Save my choice' }).click();
  await expect(r1.page.getByRole('status')).toContainText('Saved');
  // Not an author: the author's page of the round is not there for her.
  expect((await r1.context.request.get(roundUrl)).status()).toBe(404);

  // Ben comments on the second paragraph.
  const r2 = await signedIn(browser, ben);
  await r2.page.goto(`/review/${roundId}?module=${MODULE}`);
  await r2.page.locator('#p2 summary').click();
  await r2.page.locator('#p2-body').fill('I liked being told I do not have to share my history.');
  await r2.page.locator('#p2').getByRole('button', { name: 'Send' }).click();
  await expect(r2.page.getByRole('status')).toContainText('The authors can see your comment now');
  // ...and answers the short structured review.
  await r2.page.getByLabel('What is missing').fill('More about being paid for involvement.');
  await r2.page.getByRole('button', { name: 'Send my review' }).click();
  await expect(r2.page.getByRole('status')).toContainText('Thank you for your review');

  // A trainee's feedback on module 1 (the existing per-module feedback) shows in the same view.
  await (await serviceClient()).collection('module_feedback').create({ user: asha.id, course: COURSE, module: 'leadership-from-lived-experience', useful: 'partly', hard_to_read: 'The long second paragraph', change: '', anonymous: true });

  // The author sees both beside the text, accepts Asha's rewording and replies to Ben.
  await a.page.goto(`${roundUrl}?module=${MODULE}`);
  await expectNoAxeViolations(a.page);
  await screenshot(a.page, 'co-production/author-round', { part: a.page.locator('#p1') });
  const ashaComment = a.page.locator('#p1 .review-comment');
  await expect(ashaComment).toContainText(rewording);
  await expect(a.page.locator('#review-feedback').locator('..')).toContainText('The long second paragraph');
  await expect(a.page.locator('#review-overall').locator('..')).toContainText('More about being paid for involvement.');
  // The author is not invited: the reviewers' page of the round is not there for them.
  expect((await a.context.request.get(`/review/${roundId}`)).status()).toBe(404);
  await ashaComment.getByRole('button', { name: 'Accept into the draft' }).click();
  await expect(a.page.getByRole('status')).toContainText('The rewording is in the draft');
  expect(readFileSync(path.join(dir, MODULE), 'utf8')).toContain(rewording);
  const pb = await serviceClient();
  const revision = await pb.collection('course_revisions').getFirstListItem(pb.filter('course = {:c} && path = {:p}', { c: COURSE, p: MODULE }), { sort: '-seq' });
  expect(revision['message']).toBe('Rewording suggested by an anonymous reviewer (review round “Past participants, spring”)');
  const benComment = a.page.locator('#p2 .review-comment');
  await benComment.getByLabel(/Your reply/).fill('Thank you, we will keep that.');
  await benComment.getByRole('button', { name: 'Reply' }).click();
  await expect(a.page.getByRole('status')).toContainText('Your reply is saved');
  const courseMd = readFileSync(path.join(dir, 'course.md'), 'utf8');
  // The ref is hex: one made of digits only is written in quotes, so YAML keeps it text.
  expect(courseMd).toMatch(/- anonymous: true\n\s+role: co-author\n\s+ref: "?[a-z0-9]+"?\n/);
  expect(courseMd).toMatch(/- name: Ben Past\n\s+role: reviewer/);
  expect(courseMd).not.toContain('Asha');

  // Each reviewer sees what happened to their comment.
  await r1.page.goto(`/review/${roundId}`);
  await expect(r1.page.locator('.review-yours')).toContainText('Accepted into the draft');
  await r2.page.goto(`/review/${roundId}`);
  await expect(r2.page.locator('.review-yours')).toContainText('Replied');
  await expect(r2.page.locator('.review-yours')).toContainText('Thank you, we will keep that.');
  await expectNoAxeViolations(r2.page);
  await screenshot(r2.page, 'co-production/reviewer-outcome', { part: r2.page.locator('.review-yours') });

  // Published, the course page credits both: Ben by name, Asha anonymously.
  await a.page.goto(`/author/${COURSE}/publish`);
  await a.page.getByRole('button', { name: 'Publish now' }).click();
  await expect(a.page.getByRole('status')).toContainText('Published');
  await a.page.goto(`/courses/${COURSE}`);
  const credits = a.page.locator('.course-credits');
  await expect(credits).toContainText('Ben Past (reviewer)');
  await expect(credits).toContainText('an anonymous reviewer (co-author)');
  await expect(credits).not.toContainText('Asha');
  await screenshot(a.page, 'co-production/course-credits', { part: a.page.locator('dl.details').first() });
  await Promise.all([a.context.close(), r1.context.close(), r2.context.close()]);
});
