// The bundled site is read in pieces (site data format 2, docs/data-format.md): a page
// fetches the manifest and the shards it shows, not the whole catalog.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, DIST, readCatalog, ready, listTitles } from './helpers.mjs';

let site;
const catalog = readCatalog(DIST);
const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'articles', 'site.json'), 'utf8'));
before(async () => { site = await start(DIST); });
after(async () => { await site?.close(); });

/** Records, in the page, when the first list or article is in the DOM (ms since load). */
async function drawnAt(page) {
  await page.context().addInitScript(() => {
    new MutationObserver((_, obs) => {
      // Drawn by the app (not the static copy of a page written at build time).
      if ([...document.querySelectorAll('.bs-list, .bs-article')].some((e) => !e.closest('.bs-prerendered'))) {
        window.__drawnAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

/** The site's own data files fetched before the first list or article was drawn. */
async function dataFetchedBefore(page) {
  return page.evaluate(() => performance.getEntriesByType('resource')
    .filter((r) => r.startTime < window.__drawnAt && /\/articles\//.test(r.name)
      // The images of the page written at build time are not data.
      && r.initiatorType !== 'img')
    .map((r) => new URL(r.name).pathname));
}

test('the home page reads the manifest and one card block, not the catalog', async () => {
  const page = await site.page();
  await drawnAt(page);
  await page.goto(site.url);
  await ready(page);
  await page.waitForFunction(() => window.__drawnAt !== undefined);
  assert.deepEqual(await listTitles(page), catalog.articles.slice(0, 20).map((a) => a.title));
  const fetched = await dataFetchedBefore(page);
  assert.deepEqual(fetched.sort(), [
    '/articles/site.json',
    `/articles/broadsheet-data/${manifest.build}/cards/0.json`,
  ].sort());
  assert.equal(await page.locator('.bs-page-sub').first().textContent(), `${catalog.articles.length} articles`);
  assert.deepEqual(page.problems, []);
});

test('a category opened cold is read from its list chunk and the blocks of its articles', async () => {
  const page = await site.page();
  await drawnAt(page);
  await page.goto(`${site.url}category/${encodeURIComponent('金融')}`);
  await page.waitForSelector('main .bs-list');
  const expected = catalog.articles.filter((a) => a.categories.some((p) => p[0] === '金融')).map((a) => a.title);
  assert.deepEqual(await listTitles(page), expected);
  await page.waitForFunction(() => window.__drawnAt !== undefined);
  const fetched = await dataFetchedBefore(page);
  assert.ok(fetched.some((f) => /\/lists\/[0-9a-f]{16}-0\.json$/.test(f)), fetched.join('\n'));
  assert.ok(!fetched.includes('/articles/catalog.json'), fetched.join('\n'));
  assert.deepEqual(page.problems, []);
});

test('an article opened cold is found through its slug bucket, with its neighbours', async () => {
  const i = 3;
  const a = catalog.articles[i];
  const page = await site.page();
  await drawnAt(page);
  await page.goto(`${site.url}article/${encodeURIComponent(a.slug)}`);
  await page.waitForSelector('main .bs-article .bs-body, main .bs-article .bs-article-body, main .bs-article');
  assert.equal((await page.locator('main h1').textContent()).trim(), a.title);
  // Among all articles (the reader came from no list): the newer and the older one.
  await page.waitForSelector('.bs-prevnext a[rel="next"]');
  assert.equal((await page.locator('.bs-prevnext a[rel="prev"] .bs-neighbour-title').textContent()).trim(), catalog.articles[i - 1].title);
  assert.equal((await page.locator('.bs-prevnext a[rel="next"] .bs-neighbour-title').textContent()).trim(), catalog.articles[i + 1].title);
  await page.waitForFunction(() => window.__drawnAt !== undefined);
  const fetched = await dataFetchedBefore(page);
  assert.ok(fetched.some((f) => /\/slugs\/\d+\.json$/.test(f)), fetched.join('\n'));
  assert.ok(!fetched.includes('/articles/catalog.json'), fetched.join('\n'));
  assert.deepEqual(page.problems, []);
});

test('a page past the end of a list shows its last page, as a whole catalog does', async () => {
  const page = await site.page();
  await page.goto(`${site.url}?page=99`);
  await ready(page);
  const pages = Math.max(1, Math.ceil(catalog.articles.length / 20));
  assert.equal(await page.locator('main .bs-list').getAttribute('data-page'), String(pages));
  assert.deepEqual(page.problems, []);
});

test('search reads the index, the facet columns and its cards\' blocks, never the catalog', async () => {
  // A tag on several articles: filtering by it alone lists them newest first.
  const counts = new Map();
  for (const a of catalog.articles) for (const t of a.tags) counts.set(t, (counts.get(t) || 0) + 1);
  const [tag] = [...counts].sort((a, b) => b[1] - a[1])[0];
  const tagged = catalog.articles.filter((a) => a.tags.includes(tag));
  assert.ok(manifest.search, 'the manifest names its search index');
  const page = await site.page();
  await page.goto(`${site.url}?tag=${encodeURIComponent(tag)}`);
  await page.waitForSelector('.bs-result-count[data-complete="true"]');
  await page.waitForSelector('.bs-refine[data-state]');
  assert.deepEqual(await listTitles(page), tagged.slice(0, 20).map((a) => a.title));
  assert.equal(await page.locator('.bs-results').getAttribute('data-total'), String(tagged.length));
  // The facet panel counts over the filtered results (from the facet columns).
  assert.ok(await page.locator('.bs-refine [data-facet="tag"]').count() > 0);
  // A text query, typed: results from the index, cards from the blocks.
  await page.locator('.bs-search-input').fill('安全');
  await page.waitForSelector('.bs-result-count[data-complete="true"][data-q="安全"]');
  const api = await page.evaluate(async () => {
    for (;;) {
      const r = window.wasmBindings.bs_search('安全', 20);
      if (r) return r;
      await new Promise((res) => setTimeout(res, 20));
    }
  });
  assert.ok(api.total > 0);
  const links = await page.locator('.bs-results .bs-card-title a').evaluateAll((as) => as.map((a) => decodeURIComponent(a.getAttribute('href'))));
  assert.deepEqual(links.map((h) => h.split('/article/')[1]), api.slugs.slice(0, links.length));
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));
  assert.ok(!fetched.includes('/articles/catalog.json'), fetched.join('\n'));
  assert.ok(fetched.includes('/articles/search.bin'), fetched.join('\n'));
  assert.ok(fetched.includes(`/articles/broadsheet-data/${manifest.build}/facets.bin`), fetched.join('\n'));
  assert.deepEqual(page.problems, []);
});
