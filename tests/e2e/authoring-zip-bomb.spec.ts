/**
 * A zip bomb sent to the built site: the worker that reads zips is found and run after
 * `astro build` (it lives in the source tree), the bomb is refused with a plain message and
 * the site keeps answering other requests meanwhile; a sixth import in a minute is 429.
 */
import { strToU8 } from 'fflate';
import { createAccount, signInAs } from './accounts.ts';
import { expect, screenshot, test } from './fixtures.ts';
import { deflatedZeros, lyingZip } from '../support/zip-bombs.ts';

const COURSE_MD = strToU8('---\ntitle: Bomb\n---\n\nA course.\n');

test.describe('zip bombs on the built site', () => {
  test.use({ javaScriptEnabled: false });

  test('a bomb is refused with a plain message while the site keeps answering; the sixth import in a minute waits', async ({ page, context, baseURL }) => {
    test.setTimeout(60_000);
    await signInAs(context, await createAccount('Bomb Author', ['author']));
    // 512 MB of zeros claiming to be 100 bytes of Markdown.
    const bomb = Buffer.from(lyingZip([
      { name: 'bomb/course.md', data: COURSE_MD, method: 0, declared: COURSE_MD.length },
      { name: 'bomb/01-a.md', data: deflatedZeros(512), method: 8, declared: 100 },
    ]));

    await page.goto('/author/import');
    await page.getByLabel('Zip file').setInputFiles({ name: 'course.zip', mimeType: 'application/zip', buffer: bomb });
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/author/import') && r.request().method() === 'POST'),
      page.getByRole('button', { name: /Check and create/ }).click(),
    ]);
    expect(answer.status()).toBe(422);
    await expect(page.getByRole('alert')).toContainText('01-a.md unpacks to more than the zip says it holds, so nothing was imported.');
    await screenshot(page, 'zip-bomb-refused', { fullPage: true });

    // Meanwhile-style check: while another bomb is read, the site answers a plain page.
    const post = () => page.request.post('/author/import', { headers: { Origin: baseURL! }, multipart: { slug: '', zip: { name: 'course.zip', mimeType: 'application/zip', buffer: bomb } }, maxRedirects: 0 });
    const [second, home] = await Promise.all([post(), page.request.get('/support')]);
    expect(home.status()).toBe(200);
    expect(second.status()).toBe(422);

    for (let i = 0; i < 3; i++) expect((await post()).status()).toBe(422);
    const sixth = await post();
    expect(sixth.status()).toBe(429);
    expect(Number(sixth.headers()['retry-after'])).toBeGreaterThan(0);
    expect(await sixth.text()).toContain('You have imported several zips in the last minute. Please wait a minute and try again; nothing was changed.');
  });
});
