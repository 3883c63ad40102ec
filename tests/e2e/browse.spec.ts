import { expect, test } from './fixtures.ts';

test.describe('a visitor browses the courses', () => {
  test('catalogue → course → module → next module', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Courses' })).toBeVisible();
    await page.getByRole('link', { name: 'Peer Support Worker Foundations' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Peer Support Worker Foundations' })).toBeVisible();
    await expect(page.getByText('Level 3 Award in Peer Support Work Foundations')).toBeVisible();
    await expect(page.locator('.version')).toHaveText(/^[0-9a-f]{12}$/);
    await page.getByRole('link', { name: 'Start the first module' }).click();

    await expect(page).toHaveURL(/\/courses\/peer-support-foundations\/what-peer-support-is$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText('Module 1 of 7')).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'On this page' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Modules' }).getByRole('link', { name: /Next module/ }).click();

    await expect(page.getByText('Module 2 of 7')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: /Intentional Peer Support/ })).toBeVisible();
  });

  test('every page has a skip link and a support link that leads to crisis lines', async ({ page }) => {
    await page.goto('/courses/service-user-leadership');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
    await page.getByRole('banner').getByRole('link', { name: 'Need support now?' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Need support now?' })).toBeVisible();
    for (const text of ['999', '116 123', '85258', 'option 2', 'Outside the UK']) {
      await expect(page.getByRole('main')).toContainText(text);
    }
  });

  test('a content note comes before the text, and the reader chooses to go on', async ({ page }) => {
    await page.goto('/courses/peer-support-foundations/safety-and-safeguarding');
    await expect(page.getByRole('heading', { name: 'Content note' })).toBeVisible();
    const body = page.locator('article.prose');
    await expect(body).toBeHidden();
    await page.getByRole('button', { name: 'Show the module' }).click();
    await expect(body).toBeVisible();
    await expect(body).toBeFocused();
    // The choice is remembered on this device.
    await page.reload();
    await expect(page.locator('article.prose')).toBeVisible();
  });

  test('unknown courses and modules get a helpful 404', async ({ page }) => {
    for (const url of ['/courses/no-such-course', '/courses/peer-support-foundations/no-such-module', '/nothing-here']) {
      const response = await page.goto(url);
      expect(response?.status(), url).toBe(404);
      await expect(page.getByRole('heading', { level: 1, name: 'We could not find that page' })).toBeVisible();
      await expect(page.getByRole('link', { name: 'See all courses' })).toBeVisible();
    }
  });

  test('module pages are readable at 320 px wide without sideways scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 800 });
    for (const url of ['/', '/courses/service-user-leadership', '/courses/service-user-leadership/our-movement']) {
      await page.goto(url);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, url).toBeLessThanOrEqual(0);
    }
  });

  test('the course language sets the page language', async ({ page }) => {
    await page.goto('/courses/service-user-leadership/leadership-from-lived-experience');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-GB');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the whole reading path works, content notes included', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Service User Leadership' }).click();
    await page.locator('.module-list').getByRole('link', { name: 'Our movement: history, language and debates' }).click();
    await expect(page.getByRole('heading', { name: 'Content note' })).toBeVisible();
    // Without the enhancement the text simply follows the note.
    await expect(page.locator('article.prose')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Show the module' })).toHaveCount(0);
    await page.getByRole('navigation', { name: 'Modules' }).getByRole('link', { name: /Next module/ }).click();
    await expect(page).toHaveURL(/influencing-services-and-systems$/);
  });
});
