// A build over the real corpus ../shared/corpus/hexo-news-zh (target/dist-hexo, made by
// scripts/build-dists.sh when the corpus is present): every article is listed across
// the pages, and the category tree's counts equal the CLI's catalog.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, DIST_HEXO, readCatalog, categoryCounts, ready, listTitles } from './helpers.mjs';

const built = fs.existsSync(path.join(DIST_HEXO, 'index.html'));
const skip = built ? false : 'target/dist-hexo not built (no ../shared/corpus/hexo-news-zh here)';
let site;
before(async () => { if (built) site = await start(DIST_HEXO); });
after(async () => { await site?.close(); });

test('all 63 articles are listed across the pages, newest first', { skip }, async () => {
  const catalog = readCatalog(DIST_HEXO);
  assert.equal(catalog.articles.length, 63);
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  const seen = [];
  for (let n = 1; ; n++) {
    seen.push(...(await listTitles(page)));
    const next = page.locator('a.bs-page-next');
    if ((await next.count()) === 0) break;
    await next.click();
    await page.waitForURL(new RegExp(`/page/${n + 1}$`));
    await page.waitForFunction((n) => document.querySelector('.bs-list')?.dataset.page === String(n), n + 1);
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'a new page starts at the top');
  }
  assert.deepEqual(seen, catalog.articles.map((a) => a.title));
  assert.deepEqual(page.problems, []);
});

test("category counts equal the CLI's catalog.json, and each category lists that many", { skip }, async () => {
  const catalog = readCatalog(DIST_HEXO);
  const counts = categoryCounts(catalog);
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  const links = await page.$$eval('nav[aria-label="Categories"] a', (as) => as.map((a) => ({
    href: a.getAttribute('href'),
    count: Number(a.querySelector('.bs-count').textContent),
  })));
  assert.equal(links.length, counts.size, 'one link per category node');
  for (const l of links) {
    const key = decodeURIComponent(l.href.replace(/^\/category\//, '')).split('/').join(' / ');
    assert.equal(l.count, counts.get(key), key);
  }
  // The three top-level categories, paged through.
  for (const l of links.filter((l) => !l.href.slice('/category/'.length).includes('/'))) {
    await page.goto(new URL(l.href.slice(1), site.url).href);
    await page.waitForSelector('main .bs-list');
    assert.equal(Number(await page.locator('.bs-list').getAttribute('data-total')), l.count);
    let listed = 0;
    for (let n = 1; ; n++) {
      listed += (await listTitles(page)).length;
      const next = page.locator('a.bs-page-next');
      if ((await next.count()) === 0) break;
      await next.click();
      await page.waitForFunction((n) => document.querySelector('.bs-list')?.dataset.page === String(n), n + 1);
    }
    assert.equal(listed, l.count, l.href);
  }
  assert.deepEqual(page.problems, []);
});

test('without JavaScript every page of the list is its own document, reached by Older', { skip }, async () => {
  const catalog = readCatalog(DIST_HEXO);
  const page = await site.page({ javaScriptEnabled: false });
  let res = await page.staticGoto(site.url);
  const seen = [];
  for (let n = 1; ; n++) {
    assert.equal(res.status(), 200, `page ${n}`);
    seen.push(...(await listTitles(page)));
    const next = page.locator('a.bs-page-next');
    if ((await next.count()) === 0) break;
    // (The head's addresses are absolute on the build's base URL.)
    assert.equal(new URL(await page.locator('link[rel="next"]').getAttribute('href')).pathname, `/page/${n + 1}`);
    [res] = await Promise.all([page.waitForNavigation(), next.click()]);
    assert.equal(new URL(page.url()).pathname, `/page/${n + 1}`);
  }
  assert.deepEqual(seen, catalog.articles.map((a) => a.title));
  assert.deepEqual(page.problems, []);
});

test('back to the list returns to page 2 where it was', { skip }, async () => {
  const page = await site.page({ viewport: { width: 1280, height: 700 } });
  await page.goto(site.url + 'page/2');
  await page.waitForSelector('main .bs-list');
  const card = page.locator('main article.bs-card').nth(12);
  await card.scrollIntoViewIfNeeded();
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(y > 300);
  await card.locator('h2 a').click();
  await page.waitForSelector('.bs-article-title');
  await page.locator('a.bs-neighbour-next').click();
  await page.waitForURL(/\/article\//);
  await page.locator('a.bs-back').click();
  await page.waitForSelector('main .bs-list');
  assert.equal(new URL(page.url()).pathname, '/page/2');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 4, y, { timeout: 3000 });
  assert.deepEqual(page.problems, []);
});
