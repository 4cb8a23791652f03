// Every kind of page of the demo (dist/): renders, has exactly one <h1>, a document
// title, and logs no console errors. Every bundled article opens with its body.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIST, readCatalog, ready } from './helpers.mjs';

let site;
const catalog = readCatalog(DIST);
before(async () => { site = await start(DIST); });
after(async () => { await site?.close(); });

test('every route renders one <h1> and no console errors', async () => {
  const page = await site.page();
  const a = catalog.articles[0];
  const year = a.date.slice(0, 4);
  const month = a.date.slice(5, 7);
  const routes = ['', '?page=1', 'tags', `tag/${encodeURIComponent(a.tags[0])}`, 'authors',
    `author/${encodeURIComponent(a.author)}`, 'archive', `archive/${year}`, `archive/${year}/${month}`,
    `category/${a.categories[0].map(encodeURIComponent).join('/')}`, `article/${encodeURIComponent(a.slug)}`];
  for (const r of routes) {
    await page.goto(site.url + r);
    await ready(page);
    assert.equal(await page.locator('h1').count(), 1, `one <h1> on /${r}`);
    assert.ok((await page.title()).endsWith('Broadsheet'), `title on /${r}`);
    assert.equal(await page.locator('.bs-notfound, .bs-error').count(), 0, `/${r} is not an error page`);
  }
  assert.deepEqual(page.problems, []);
});

test('every bundled article opens with its body, without console errors', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  for (const a of catalog.articles) {
    // In-app navigation (no reload), as a reader would.
    await page.evaluate((href) => {
      const link = document.createElement('a');
      link.href = href;
      document.body.append(link);
      link.click();
      link.remove();
    }, `/article/${encodeURIComponent(a.slug)}`);
    await page.waitForFunction((t) => document.querySelector('h1.bs-article-title')?.textContent === t, a.title);
    await page.waitForSelector('.bs-body, .bs-body-error');
    assert.equal(await page.locator('.bs-body-error').count(), 0, a.path);
    assert.ok((await page.locator('.bs-body').textContent()).trim().length > 0, a.path);
    assert.equal(await page.title(), `${a.title} · Broadsheet`);
  }
  assert.deepEqual(page.problems, []);
});
