// Reading aids on the article page (src/app/components/reading.rs, public/reading.css):
// progress bar and back-to-top on long articles, copy link / Web Share, a stand-in for
// body images that fail to load, click-to-zoom, and the print stylesheet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIST, SEED } from './helpers.mjs';

let site;
before(async () => { site = await start(DIST); });
after(async () => { await site?.close(); });

test('a long article shows reading progress and a back-to-top button that returns to the title', async () => {
  const page = await site.page({ viewport: { width: 1280, height: 600 } });
  await page.goto(site.url + 'article/post-format');
  await page.waitForSelector('.bs-body h2');
  const bar = page.locator('progress.bs-progress');
  await page.waitForFunction(() => !document.querySelector('progress.bs-progress').hidden);
  assert.equal(await bar.getAttribute('aria-hidden'), 'true', 'decorative: hidden from assistive technology');
  assert.ok(Number(await bar.getAttribute('value')) < 50, 'near 0 at the top');
  assert.equal(await page.locator('.bs-to-top.bs-to-top-shown').count(), 0, 'no back-to-top at the top');

  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForFunction(() => document.querySelector('progress.bs-progress').value > 950);
  const top = page.locator('.bs-to-top.bs-to-top-shown');
  await top.waitFor();
  await top.click();
  await page.waitForFunction(() => window.scrollY === 0);
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('bs-article-title')), true,
    'focus moves to the title');
  assert.deepEqual(page.problems, []);
});

test('a short article has no progress bar', async () => {
  const page = await site.page({ viewport: { width: 1280, height: 4000 } });
  await page.goto(site.url + `article/${SEED.slug}`);
  await page.waitForSelector('.bs-body p');
  await page.waitForTimeout(200);
  assert.equal(await page.locator('progress.bs-progress').evaluate((p) => p.hidden), true);
});

test('copy link puts the article address on the clipboard and says so', async () => {
  const page = await site.page({ permissions: ['clipboard-read', 'clipboard-write'] });
  await page.goto(site.url + 'article/post-format#front-matter');
  await page.waitForSelector('.bs-body h2');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.waitForFunction(() => document.querySelector('.bs-share-status')?.textContent === 'Link copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), site.url + 'article/post-format',
    'the address, without the #anchor');
  assert.equal(await page.locator('.bs-share-status').getAttribute('role'), 'status');
});

test('Share… appears only with the Web Share API and shares title and address', async () => {
  const plain = await site.page();
  await plain.goto(site.url + `article/${SEED.slug}`);
  await plain.waitForSelector('.bs-body p');
  const has = await plain.evaluate(() => typeof navigator.share === 'function');
  assert.equal(await plain.locator('.bs-share-button').count(), has ? 1 : 0);

  const page = await site.page();
  await page.addInitScript(() => {
    navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };
  });
  await page.goto(site.url + `article/${SEED.slug}`);
  await page.waitForSelector('.bs-body p');
  await page.getByRole('button', { name: 'Share…' }).click();
  const shared = await page.waitForFunction(() => window.__shared).then((h) => h.jsonValue());
  assert.deepEqual(shared, { title: SEED.title, url: site.url + `article/${SEED.slug}` });
});

test('a body image that fails to load becomes a stand-in with its alt text', async () => {
  const page = await site.page();
  page.allow.push(/front-matter\.svg/, /net::ERR_FAILED/);
  await page.route('**/images/front-matter.svg', (r) => r.abort());
  await page.goto(site.url + 'article/post-format');
  await page.waitForSelector('.bs-body h2');
  const stand = page.locator('.bs-body .bs-img-broken');
  await stand.waitFor();
  assert.equal(await stand.getAttribute('role'), 'img');
  assert.equal(await stand.textContent(), 'A post file: metadata on top, the body below');
  assert.match(await stand.getAttribute('aria-label'), /^Image unavailable: A post file/);
  assert.equal(await page.locator('.bs-body img[src*="front-matter.svg"]').count(), 0);
});

test('clicking a body image enlarges it in a dialog; Esc and a click close it', async () => {
  const page = await site.page();
  await page.goto(site.url + 'article/getting-started');
  const img = page.locator('.bs-body img[src*="flow.svg"]');
  await img.waitFor();
  await page.waitForFunction(() => document.querySelector('.bs-body img[src*="flow.svg"]').naturalWidth > 0);
  await img.click();
  const dialog = page.locator('dialog.bs-zoom[open]');
  await dialog.waitFor();
  assert.match(await dialog.locator('img').getAttribute('src'), /flow\.svg$/);
  assert.equal(await dialog.locator('img').getAttribute('alt'), await img.getAttribute('alt'));
  await page.keyboard.press('Escape');
  await page.waitForSelector('dialog.bs-zoom:not([open])', { state: 'attached' });
  await img.click();
  await dialog.waitFor();
  await page.mouse.click(20, 20);
  await page.waitForSelector('dialog.bs-zoom:not([open])', { state: 'attached' });
  assert.deepEqual(page.problems, []);
});

test('the print stylesheet prints the article alone, with external link addresses', async () => {
  const page = await site.page();
  await page.goto(site.url + 'article/hosting-github-pages');
  await page.waitForSelector('.bs-body a[href^="https://docs.github.com/"]');
  await page.emulateMedia({ media: 'print' });
  const shown = await page.evaluate(() => Object.fromEntries(
    ['.bs-header', '.bs-sidebar', '.bs-footer', '.bs-prevnext', '.bs-share', '.bs-back-row', '.bs-article', '.bs-body']
      .map((s) => [s, getComputedStyle(document.querySelector(s)).display !== 'none'])));
  assert.deepEqual(shown, {
    '.bs-header': false, '.bs-sidebar': false, '.bs-footer': false, '.bs-prevnext': false,
    '.bs-share': false, '.bs-back-row': false, '.bs-article': true, '.bs-body': true,
  });
  const ext = await page.evaluate(() => {
    const a = document.querySelector('.bs-body a[href^="https://docs.github.com/"]');
    return getComputedStyle(a, '::after').content;
  });
  // Chromium reports the declared value (`" (" attr(href) ")"`), others the resolved one.
  assert.ok(/attr\(href\)/.test(ext) || ext.includes('https://docs.github.com/'), `external links print their address: ${ext}`);
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(pdf.subarray(0, 4).toString(), '%PDF');
});
