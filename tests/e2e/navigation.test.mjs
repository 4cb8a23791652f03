// Previous/next, "back to the list" (list URL + scroll position), browser Back, and
// deep links reloaded under a sub-path (target/dist-sub served at /sub/, 404.html fallback).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIST, DIST_SUB, SEED, readCatalog, ready, listTitles } from './helpers.mjs';

let site;
let sub;
const catalog = readCatalog(DIST);
before(async () => { site = await start(DIST); sub = await start(DIST_SUB, '/sub/'); });
after(async () => { await site?.close(); await sub?.close(); });

const phone = { viewport: { width: 390, height: 640 }, isMobile: true, hasTouch: true };

async function openFromList(page, index) {
  const card = page.locator('main article.bs-card').nth(index);
  await card.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 40));
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(y > 300, `the list is scrolled (${y})`);
  const title = await card.locator('h2 a').textContent();
  await card.locator('h2 a').click();
  await page.waitForSelector('.bs-article-title');
  assert.equal(await page.locator('h1').textContent(), title);
  return { y, title };
}

test('prev/next walk the list and "back to the list" restores the list URL and scroll', async () => {
  const page = await site.page(phone);
  await page.goto(site.url + '?q=%20'); // a list URL with a query: kept as is
  await ready(page);
  const listUrl = page.url();
  const i = 9;
  const { y, title } = await openFromList(page, i);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the article opens at its top');
  await page.locator('a.bs-neighbour-next').click();
  await page.waitForFunction((t) => document.querySelector('h1')?.textContent === t, catalog.articles[i + 1].title);
  await page.locator('a.bs-neighbour-prev').click();
  await page.waitForFunction((t) => document.querySelector('h1')?.textContent === t, title);
  await page.locator('a.bs-back').click();
  await page.waitForSelector('main .bs-list');
  assert.equal(page.url(), listUrl);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 4, y, { timeout: 3000 });
  assert.deepEqual(page.problems, []);
});

test('prev/next walk the list the reader came from (a category)', async () => {
  const page = await site.page();
  await page.goto(site.url + 'category/Guide');
  await page.waitForSelector('main .bs-list');
  const titles = await listTitles(page);
  assert.ok(titles.length >= 3);
  await page.locator('main article.bs-card h2 a').first().click();
  await page.waitForSelector('.bs-article-title');
  assert.equal(await page.locator('a.bs-neighbour-prev').count(), 0, 'the first of the list has no newer one');
  for (let i = 1; i < titles.length; i++) {
    await page.locator('a.bs-neighbour-next').click();
    await page.waitForFunction((t) => document.querySelector('h1')?.textContent === t, titles[i]);
  }
  assert.equal(await page.locator('a.bs-neighbour-next').count(), 0, 'the last of the list has no older one');
  await page.locator('a.bs-back').click();
  await page.waitForURL(/\/category\/Guide$/);
  assert.deepEqual(page.problems, []);
});

test("the browser's Back button also returns to the list where it was", async () => {
  const page = await site.page(phone);
  await page.goto(site.url + 'category/Guide');
  await ready(page);
  await page.goto(site.url);
  await ready(page);
  const { y } = await openFromList(page, 8);
  await page.goBack();
  await page.waitForSelector('main .bs-list');
  assert.equal(new URL(page.url()).pathname, '/');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 4, y, { timeout: 3000 });
  assert.deepEqual(page.problems, []);
});

test('a deep link reloaded under /sub/ renders the same article', async () => {
  const page = await sub.page();
  const deep = sub.url + `article/${SEED.slug}`;
  await page.goto(deep);
  await page.waitForSelector('.bs-body p');
  assert.equal(await page.locator('h1').textContent(), SEED.title);
  assert.ok((await page.locator('.bs-body').textContent()).includes(SEED.sentence));
  await page.reload();
  await page.waitForSelector('.bs-body p');
  assert.equal(await page.locator('h1').textContent(), SEED.title);
  // In-app links stay under /sub/.
  const hrefs = await page.$$eval('a[href^="/"]', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length > 10);
  for (const h of hrefs) assert.ok(h.startsWith('/sub/'), h);
  await page.locator('nav[aria-label="Categories"] a').first().click();
  await page.waitForSelector('main .bs-list');
  assert.match(new URL(page.url()).pathname, /^\/sub\/category\//);
  await page.reload();
  await page.waitForSelector('main .bs-list');
  assert.ok((await listTitles(page)).length > 0);
  await page.goto(sub.url);
  await ready(page);
  assert.equal((await listTitles(page)).length, Math.min(20, catalog.articles.length));
  assert.deepEqual(page.problems, []);
});

test('relative images in bodies, heroes and thumbnails load under /sub/', { timeout: 90000 }, async () => {
  const page = await sub.page();
  await page.goto(sub.url + 'article/post-format');
  await page.waitForSelector('.bs-body img');
  // Scrolls each image into view (they are lazy) and waits up to 5 s for it to settle.
  const loaded = async (sel) => (await page.$$eval(sel, async (imgs) => {
    const out = [];
    for (const img of imgs) {
      img.scrollIntoView();
      const t0 = performance.now();
      while (!img.complete && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50));
      out.push([img.src, img.naturalWidth]);
    }
    return out;
  })).filter(([src]) => src.startsWith(sub.url)); // ours, not the (offline) web's
  for (const [src, w] of await loaded('.bs-body img')) {
    assert.ok(src.startsWith(sub.url + 'articles/'), src);
    assert.ok(w > 0, `${src} loaded`);
  }
  await page.goto(sub.url + 'article/getting-started');
  await page.waitForSelector('.bs-hero-img');
  for (const [src, w] of await loaded('.bs-hero-img')) assert.ok(w > 0, `${src} loaded`);
  await page.goto(sub.url);
  await page.waitForSelector('main .bs-list');
  const thumbs = await loaded('main img.bs-thumb');
  assert.ok(thumbs.length >= 3);
  for (const [src, w] of thumbs) assert.ok(w > 0, `${src} loaded`);
  // Dead thumbnails turn into fallback tiles.
  await page.waitForFunction(() => document.querySelectorAll('main .bs-thumb-fallback').length >= 1);
  assert.deepEqual(page.problems, []);
});

test('the phone layout hides the category tree in a drawer', async () => {
  const page = await site.page(phone);
  await page.goto(site.url);
  await ready(page);
  const tree = page.getByRole('navigation', { name: 'Categories' });
  assert.equal(await tree.isVisible(), false);
  await page.locator('.bs-drawer-toggle').click();
  await tree.waitFor({ state: 'visible' });
  assert.equal(await page.locator('.bs-drawer-toggle').getAttribute('aria-expanded'), 'true');
  await tree.locator('a').first().click();
  await page.waitForURL(/\/category\//);
  await tree.waitFor({ state: 'hidden' });
  assert.deepEqual(page.problems, []);
});
