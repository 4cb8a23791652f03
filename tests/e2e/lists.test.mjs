// Home and category lists over the bundled demo articles (dist/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIST, readCatalog, categoryCounts, ready, listTitles } from './helpers.mjs';

let site;
const catalog = readCatalog(DIST);
before(async () => { site = await start(DIST); });
after(async () => { await site?.close(); });

test('home lists the bundled articles newest first', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  const titles = await listTitles(page);
  const expected = catalog.articles.slice(0, 20).map((a) => a.title);
  assert.ok(catalog.articles.length >= 9, 'the demo ships the seed + 8 or more articles');
  assert.deepEqual(titles, expected);
  // Dates on the page are non-increasing.
  const dates = await page.$$eval('main article.bs-card time', (ts) => ts.map((t) => Date.parse(t.getAttribute('datetime'))));
  for (let i = 1; i < dates.length; i++) assert.ok(dates[i - 1] >= dates[i], `dates in order at ${i}`);
  // Every list item is an <article> whose title is a link to the article page.
  const hrefs = await page.$$eval('main article.bs-card', (els) => els.map((e) => e.querySelector('h2 a')?.getAttribute('href')));
  assert.deepEqual(hrefs, catalog.articles.slice(0, 20).map((a) => `/article/${encodeURIComponent(a.slug)}`));
  assert.equal(await page.title(), 'Broadsheet');
  assert.deepEqual(page.problems, []);
});

test('choosing category 金融 shows only its articles, as many as the tree says', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  const nav = page.getByRole('navigation', { name: 'Categories' });
  const link = nav.locator('a', { has: page.locator('.bs-cat-name', { hasText: /^金融$/ }) }).first();
  const shown = Number(await link.locator('.bs-count').textContent());
  assert.equal(shown, categoryCounts(catalog).get('金融'));
  await link.click();
  await page.waitForURL(/\/category\/%E9%87%91%E8%9E%8D$/);
  await page.waitForSelector('main .bs-list');
  assert.equal(await page.locator('main h1').textContent(), '金融');
  const titles = await listTitles(page);
  const expected = catalog.articles.filter((a) => a.categories.some((p) => p[0] === '金融')).map((a) => a.title);
  assert.deepEqual(titles, expected);
  assert.equal(titles.length, shown);
  assert.equal(await link.getAttribute('aria-current'), 'page');
  assert.match(await page.title(), /^金融 · Broadsheet$/);
  assert.deepEqual(page.problems, []);
});

test('every category in the tree lists exactly its count', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  const counts = categoryCounts(catalog);
  const links = await page.$$eval('nav[aria-label="Categories"] a', (as) => as.map((a) => ({
    href: a.getAttribute('href'),
    name: a.querySelector('.bs-cat-name').textContent,
    count: Number(a.querySelector('.bs-count').textContent),
  })));
  assert.equal(links.length, counts.size);
  for (const l of links) {
    const key = decodeURIComponent(l.href.replace(/^\/category\//, '')).split('/').join(' / ');
    assert.equal(l.count, counts.get(key), key);
    await page.goto(new URL(l.href.slice(1), site.url).href);
    await page.waitForSelector('main .bs-list');
    assert.equal((await listTitles(page)).length, l.count, `listed under ${key}`);
  }
  assert.deepEqual(page.problems, []);
});

test('tags, authors and archive pages list what the catalog says', async () => {
  const page = await site.page();
  for (const route of ['tags', 'authors', 'archive']) {
    await page.goto(site.url + route);
    await ready(page);
    assert.equal(await page.locator('h1').count(), 1);
  }
  await page.goto(site.url + 'tags');
  await ready(page);
  const tag = 'search';
  const n = catalog.articles.filter((a) => a.tags.includes(tag)).length;
  await page.locator('.bs-facets a', { has: page.locator('.bs-facet-name', { hasText: /^search$/ }) }).click();
  await page.waitForURL(/\/tag\/search$/);
  await page.waitForSelector('main .bs-list');
  assert.equal((await listTitles(page)).length, n);
  const year = new Date(catalog.articles[0].date).getUTCFullYear();
  await page.goto(site.url + `archive/${year}`);
  await page.waitForSelector('main .bs-list');
  assert.ok((await listTitles(page)).length >= 1);
  assert.deepEqual(page.problems, []);
});

test('the search box searches the catalog and keeps the text in ?q=', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  await page.locator('input[type="search"]').fill('GitHub');
  await page.waitForURL(/\?q=GitHub$/);
  await page.waitForSelector('main .bs-result-count[data-complete="true"]');
  const titles = await listTitles(page);
  // Full text (issue 4): every title with GitHub is found, and bodies count too.
  const withTitle = catalog.articles.filter((a) => /github/i.test(a.title)).map((a) => a.title);
  assert.ok(withTitle.length >= 1);
  for (const t of withTitle) assert.ok(titles.includes(t), `${t} in ${titles}`);
  await page.reload();
  await page.waitForSelector('main .bs-result-count[data-complete="true"]');
  assert.equal(await page.locator('input[type="search"]').inputValue(), 'GitHub');
  assert.deepEqual(await listTitles(page), titles);
  assert.deepEqual(page.problems, []);
});
