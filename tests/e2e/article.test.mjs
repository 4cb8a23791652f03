// The article page, not-found views, and failure states (dist/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIST, SEED, readCatalog, ready } from './helpers.mjs';

let site;
const catalog = readCatalog(DIST);
before(async () => { site = await start(DIST); });
after(async () => { await site?.close(); });

test("the seed article shows its title, 3 categories and its body", async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  await page.locator('main article.bs-card h2 a', { hasText: SEED.title }).click();
  await page.waitForURL(new RegExp(`/article/${SEED.slug}$`));
  await page.waitForSelector('article .bs-body p');
  const h1s = await page.locator('h1').allTextContents();
  assert.deepEqual(h1s, [SEED.title], 'the title is the only <h1>');
  const crumbs = await page.locator('article.bs-article nav[aria-label="Category path"] a').allTextContents();
  assert.deepEqual(crumbs, SEED.categories);
  const body = await page.locator('article.bs-article .bs-body').textContent();
  assert.ok(body.includes(SEED.sentence), 'a sentence of the body');
  assert.equal(await page.title(), `${SEED.title} · Broadsheet`);
  // English (the browser's en-US): the date as "Apr 30, 2021", the machine-readable one unchanged.
  assert.match(await page.locator('.bs-article-meta').textContent(), /Apr 30, 2021.*中证网.*min read/);
  assert.equal(await page.locator('.bs-article-meta time.bs-date').getAttribute('datetime'), '2021-04-30T21:34:00Z');
  // The body is sanitized: no inline styles or scripts survive.
  assert.equal(await page.locator('.bs-body [style], .bs-body script').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('an article with 3+ headings has a table of contents that scrolls to them', async () => {
  const page = await site.page({ viewport: { width: 1280, height: 700 } });
  await page.goto(site.url + 'article/post-format');
  await page.waitForSelector('.bs-body h2');
  const toc = page.getByRole('navigation', { name: 'Contents' });
  const items = await toc.locator('a').count();
  assert.ok(items >= 3);
  const last = toc.locator('a').last();
  const id = decodeURIComponent((await last.getAttribute('href')).split('#')[1]);
  await last.click();
  await page.waitForFunction((id) => {
    const r = document.getElementById(id)?.getBoundingClientRect();
    return r && r.top < window.innerHeight && r.top >= 0;
  }, id);
  assert.match(page.url(), /\/article\/post-format/);
  assert.deepEqual(page.problems, []);
});

test('an unknown slug and an unknown route show not-found with a way home', async () => {
  const page = await site.page();
  for (const route of ['article/no-such-article', 'no/such/page', 'category/NoSuchCategory']) {
    await page.goto(site.url + route);
    await page.waitForSelector('.bs-notfound');
    assert.match(await page.locator('h1').textContent(), /does not exist/);
    assert.match(await page.title(), /^Not found/);
  }
  await page.locator('.bs-notfound a').click();
  await page.waitForSelector('main .bs-list');
  assert.equal(new URL(page.url()).pathname, '/');
  assert.deepEqual(page.problems, []);
});

test('a skeleton shows while the site\'s data loads', async () => {
  const page = await site.page();
  let release;
  const gate = new Promise((r) => { release = r; });
  await page.route('**/articles/site.json', async (route) => { await gate; await route.continue(); });
  await page.goto(site.url);
  await page.waitForSelector('.bs-skeleton-list[aria-busy="true"]');
  release();
  await page.waitForSelector('main .bs-list');
  assert.equal(await page.locator('.bs-skeleton-list').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('site data that fails to load shows a message and Retry works', async () => {
  const page = await site.page();
  let fail = true;
  // The manifest, and the catalog.json the app falls back to without one.
  await page.route(/\/articles\/(site|catalog)\.json$/, (route) => (fail ? route.fulfill({ status: 503, body: 'down' }) : route.continue()));
  page.allow.push(/(site|catalog)\.json/);
  await page.goto(site.url);
  await page.waitForSelector('.bs-error');
  assert.match(await page.locator('.bs-error').textContent(), /Could not load the articles.*503/s);
  fail = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.waitForSelector('main .bs-list');
  assert.equal(await page.locator('main article.bs-card').count(), Math.min(20, catalog.articles.length));
  assert.deepEqual(page.problems, []);
});

test('an article body that fails to load shows the error in the article with Retry; lists stay usable', async () => {
  const page = await site.page();
  let fail = true;
  await page.route('**/articles/news/**', (route) => (fail ? route.abort() : route.continue()));
  page.allow.push(/articles\/news\//, /ERR_FAILED/);
  await page.goto(site.url + `article/${SEED.slug}`);
  await page.waitForSelector('.bs-article .bs-error');
  assert.equal(await page.locator('h1').textContent(), SEED.title);
  assert.ok(await page.locator('nav[aria-label="Categories"] a').count() > 0, 'the category tree is still there');
  fail = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  await page.waitForSelector('.bs-body p');
  assert.ok((await page.locator('.bs-body').textContent()).includes(SEED.sentence));
  assert.deepEqual(page.problems, []);
});
