// Search, second part (issue 4): facets with live counts, sort, active filters, body
// snippets, filter-only views, the URL as the whole state (cold links, back/forward),
// and a split (sharded) index fetched on demand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, DIST, DIST_HEXO, ROOT, SEED, readCatalog, cli } from './helpers.mjs';

const hexoBuilt = fs.existsSync(path.join(DIST_HEXO, 'articles/search.bin'));
let hexo;
before(async () => { if (hexoBuilt) hexo = await start(DIST_HEXO); });
after(async () => { await hexo?.close(); });

/** Waits for the results page of `q` (filters allowed) to settle; returns what it shows. */
async function settled(page, q) {
  await page.waitForFunction((q) => {
    const c = document.querySelector('main .bs-result-count');
    // The view drawn is the URL's (not the previous one's, still on screen).
    const norm = (qs) => [...new URLSearchParams(qs)].map(([k, v]) => `${k}=${v}`).join('&');
    // The facet panel follows the results a frame later: wait for it too.
    const panel = document.querySelector('main .bs-refine');
    return c && c.dataset.q === q && norm(c.dataset.state) === norm(location.search) && c.dataset.complete === 'true'
      && (!panel || norm(panel.dataset.state) === norm(location.search))
      && !document.querySelector('main .bs-snippet[data-pending]');
  }, q);
  return page.evaluate(() => ({
    total: Number(document.querySelector('main .bs-result-count').textContent.trim().split(' ')[0].replace(/,/g, '')),
    titles: [...document.querySelectorAll('main .bs-results article.bs-card h2 a')].map((a) => a.textContent.trim()),
    dates: [...document.querySelectorAll('main .bs-results article.bs-card time')].map((t) => t.getAttribute('datetime')),
    cats: [...document.querySelectorAll('main .bs-results article.bs-card')].map((c) => c.querySelector('.bs-card-cat')?.textContent.split(' › ')),
    url: location.pathname + location.search,
  }));
}

/** The facet panel as { facet: { name: count } } (values under "more" included: they are
 *  drawn when "more" is opened). */
async function facets(page) {
  return page.evaluate(async () => {
    const more = [...document.querySelectorAll('main .bs-refine details.bs-facet-more')];
    for (const d of more) d.open = true;
    if (more.length) {
      await new Promise((r) => setTimeout(r, 50));
      for (const d of more) if (!d.querySelector(':scope > ul')) throw new Error('"more" opened but not drawn');
    }
    const out = {};
    for (const d of document.querySelectorAll('main .bs-refine > details.bs-facet')) {
      const top = {};
      // Only the first level of each facet (category roots, years).
      for (const li of d.querySelectorAll(':scope > ul > li, :scope > details > ul > li')) {
        const a = li.querySelector(':scope > a.bs-facet-link');
        top[a.querySelector('.bs-facet-name').textContent] = Number(a.querySelector('.bs-count').textContent);
      }
      out[d.dataset.facet] = top;
    }
    return out;
  });
}

function countBy(articles, keys) {
  const m = {};
  for (const a of articles) for (const k of new Set(keys(a))) m[k] = (m[k] || 0) + 1;
  return m;
}

test('facet counts are the counts over the current results', { skip: hexoBuilt ? false : 'target/dist-hexo not built' }, async () => {
  const catalog = readCatalog(DIST_HEXO);
  const bySlug = new Map(catalog.articles.map((a) => [a.slug, a]));
  const page = await hexo.page();
  await page.goto(hexo.url + '?q=' + encodeURIComponent('中国'));
  const r = await settled(page, '中国');
  const slugs = await page.evaluate(() => window.wasmBindings.bs_search_all('中国'));
  assert.equal(slugs.length, r.total);
  assert.ok(r.total > 5 && r.total < catalog.articles.length, `a real subset: ${r.total}`);
  const found = slugs.map((s) => bySlug.get(s));
  const f = await facets(page);
  assert.deepEqual(f.tag ?? {}, countBy(found, (a) => a.tags));
  assert.deepEqual(f.author ?? {}, countBy(found, (a) => (a.author ? [a.author] : [])));
  assert.deepEqual(f.category ?? {}, countBy(found, (a) => a.categories.map((p) => p[0])));
  assert.deepEqual(f.date ?? {}, countBy(found.filter((a) => a.date), (a) => [a.date.slice(0, 4)]));
  assert.deepEqual(page.problems, []);
});

test('choosing facets and sort narrows the results; the URL restores it cold and through history', { skip: hexoBuilt ? false : 'target/dist-hexo not built' }, async () => {
  const page = await hexo.page();
  await page.goto(hexo.url);
  await page.locator('input[type="search"]').click();
  await page.keyboard.type('的');
  const all = await settled(page, '的');

  // The biggest category among the results (hexo-news-zh has categories, no tags).
  const catLink = page.locator('main details[data-facet="category"] > ul > li > a.bs-facet-link').first();
  const cat = await catLink.locator('.bs-facet-name').textContent();
  const catCount = Number(await catLink.locator('.bs-count').textContent());
  await catLink.click();
  await page.waitForURL((u) => u.searchParams.get('cat') === cat);
  const inCat = await settled(page, '的');
  assert.equal(inCat.total, catCount);
  assert.ok(inCat.total < all.total);
  for (const c of inCat.cats) assert.equal(c[0], cat);
  // The category opens: its sub-categories with their counts, which then narrow further.
  const sub = page.locator('main details[data-facet="category"] > ul > li > ul > li > a.bs-facet-link').first();
  const subName = await sub.locator('.bs-facet-name').textContent();
  const subCount = Number(await sub.locator('.bs-count').textContent());
  await sub.click();
  await page.waitForURL((u) => u.searchParams.getAll('cat').join('/') === `${cat}/${subName}`);
  const inSub = await settled(page, '的');
  assert.equal(inSub.total, subCount);
  for (const c of inSub.cats) assert.deepEqual(c.slice(0, 2), [cat, subName]);
  assert.equal(await page.locator('main details[data-facet="category"] a[aria-current] .bs-facet-name').textContent(), subName);
  assert.equal(await page.locator('main .bs-active-filter[data-filter="category"]').count(), 1);
  // The search box keeps the query.
  assert.equal(await page.locator('input[type="search"]').inputValue(), '的');

  await page.locator('main .bs-sort-link[data-sort="oldest"]').click();
  await page.waitForURL(/sort=oldest/);
  const oldest = await settled(page, '的');
  assert.equal(oldest.total, inSub.total);
  if (inSub.total <= 20) assert.deepEqual([...oldest.titles].sort(), [...inSub.titles].sort(), 'same results, other order');
  const times = oldest.dates.map((d) => Date.parse(d));
  assert.deepEqual(times, [...times].sort((a, b) => a - b), 'oldest first');
  await page.locator('main .bs-sort-link[data-sort="newest"]').click();
  await page.waitForURL(/sort=newest/);
  const newest = await settled(page, '的');
  const ntimes = newest.dates.map((d) => Date.parse(d));
  assert.deepEqual(ntimes, [...ntimes].sort((a, b) => b - a), 'newest first');

  // Cold: the same URL in a new page shows the same view.
  const cold = await hexo.page();
  await cold.goto(hexo.url.replace(/\/$/, '') + newest.url);
  const c = await settled(cold, '的');
  assert.deepEqual(c, newest);
  assert.equal(await cold.locator('main .bs-sort-link[aria-current]').getAttribute('data-sort'), 'newest');

  // History: back to oldest, back to the sub-category, the category, the plain search;
  // forward again.
  await page.goBack();
  assert.deepEqual(await settled(page, '的'), oldest);
  await page.goBack();
  assert.deepEqual(await settled(page, '的'), inSub);
  await page.goBack();
  assert.deepEqual(await settled(page, '的'), inCat);
  await page.goBack();
  assert.deepEqual(await settled(page, '的'), all);
  await page.goForward();
  assert.deepEqual(await settled(page, '的'), inCat);

  // Removing the filter chip returns to all results.
  // (After Back then Forward: leptos_router 0.8.17 would ignore this link; see
  // scroll::follow_in_page.)
  await page.locator('main .bs-active-filter[data-filter="category"]').click();
  await page.waitForURL((u) => !u.searchParams.has('cat'));
  assert.equal((await settled(page, '的')).total, all.total);

  // A year, then a month inside it, combine with the query.
  const year = page.locator('main details[data-facet="date"] > ul > li > a.bs-facet-link').first();
  const y = await year.locator('.bs-facet-name').textContent();
  const yCount = Number(await year.locator('.bs-count').textContent());
  await year.click();
  await page.waitForURL((u) => u.searchParams.get('y') === y);
  const inYear = await settled(page, '的');
  assert.equal(inYear.total, yCount);
  for (const d of inYear.dates) assert.ok(d.startsWith(y), `${d} in ${y}`);
  const month = page.locator('main details[data-facet="date"] > ul > li > ul a.bs-facet-link').first();
  const mCount = Number(await month.locator('.bs-count').textContent());
  await month.click();
  await page.waitForURL((u) => u.searchParams.has('m'));
  assert.equal((await settled(page, '的')).total, mCount);
  assert.deepEqual(page.problems, []);
  assert.deepEqual(cold.problems, []);
});

test('a filter without a query lists the filtered articles', async () => {
  const catalog = readCatalog(DIST);
  const tags = countBy(catalog.articles, (a) => a.tags);
  const [tag, n] = Object.entries(tags).sort((a, b) => b[1] - a[1])[0];
  assert.ok(n >= 2, 'the demo has a tag on several articles');
  const demo = await start(DIST);
  try {
    const page = await demo.page();
    await page.goto(demo.url + '?tag=' + encodeURIComponent(tag));
    const r = await settled(page, '');
    assert.equal(r.total, n);
    assert.match(await page.locator('main h1').textContent(), /Filtered/);
    const dates = r.dates.map((d) => Date.parse(d));
    assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first without a query');
    assert.equal(await page.locator('main .bs-sort-link[data-sort="relevance"]').count(), 0, 'no relevance without a query');
    // The tag facet shows the chosen tag selected.
    assert.equal(await page.locator('main details[data-facet="tag"] a[aria-current] .bs-facet-name').textContent(), tag);
    assert.deepEqual(page.problems, []);
  } finally {
    await demo.close();
  }
});

test('a match only in the body gets a snippet from the body, marked', async () => {
  const demo = await start(DIST);
  try {
    const page = await demo.page();
    await page.goto(demo.url + '?q=' + encodeURIComponent('红线和底线'));
    const r = await settled(page, '红线和底线');
    assert.deepEqual(r.titles, [SEED.title]);
    const snippet = page.locator('main article.bs-card .bs-snippet');
    assert.ok((await snippet.textContent()).includes(SEED.sentence.slice(0, 8)), await snippet.textContent());
    assert.deepEqual(await snippet.locator('mark').allTextContents(), ['红线和底线']);
    assert.equal(await snippet.locator('.bs-body-snippet').count(), 1);
    assert.deepEqual(page.problems, []);
  } finally {
    await demo.close();
  }
});

test('a split index: typing fetches the small base once and only the shards a query needs', async () => {
  // The demo app over ../shared/corpus/blog-en (above the one-file size, so the CLI splits it).
  const blog = path.join(ROOT, '../shared/corpus/blog-en');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-split-'));
  fs.cpSync(DIST, dir, { recursive: true });
  fs.rmSync(path.join(dir, 'articles'), { recursive: true });
  fs.cpSync(blog, path.join(dir, 'articles'), { recursive: true });
  assert.equal(cli(['index', path.join(dir, 'articles'), '--quiet']).status, 0, 'broadsheet index');
  const shards = fs.readdirSync(path.join(dir, 'articles')).filter((f) => /^search-[0-9a-f]{12}-\d+\.bin$/.test(f));
  assert.ok(shards.length > 2, `split: ${shards.length} shards`);
  const site = await start(dir);
  try {
    const page = await site.page();
    // blog-en's front matter names thumbnails at /thumbnails/… of its own site.
    page.allow.push(/\/thumbnails\//);
    const fetched = [];
    page.on('requestfinished', (r) => { if (/\/search[^/]*\.bin$/.test(r.url())) fetched.push(r.url().split('/').pop()); });
    await page.goto(site.url);
    await page.waitForSelector('main .bs-list article.bs-card');
    await page.locator('input[type="search"]').click();
    await page.keyboard.type('javascript');
    const r = await settled(page, 'javascript');
    assert.ok(r.total > 5, `${r.total} results`);
    assert.equal(fetched.filter((f) => f === 'search.bin').length, 1);
    const got = fetched.filter((f) => f !== 'search.bin');
    assert.ok(got.length >= 1 && got.length <= 12, `shards fetched while typing: ${got}`);
    assert.equal(new Set(got).size, got.length, 'no shard fetched twice');
    assert.ok(got.length < shards.length / 2, `${got.length} of ${shards.length}`);
    // The page agrees with the API over the same index.
    const api = await page.evaluate(() => window.wasmBindings.bs_search('javascript', 20));
    assert.equal(api.total, r.total);
    const catalog = readCatalog(dir);
    const titleOf = new Map(catalog.articles.map((a) => [a.slug, a.title]));
    assert.deepEqual(r.titles, api.slugs.map((s) => titleOf.get(s)));
    // Searching again needs nothing new.
    const before = fetched.length;
    await page.locator('input[type="search"]').fill('');
    await page.locator('input[type="search"]').fill('javascript');
    await settled(page, 'javascript');
    assert.equal(fetched.length, before);
    assert.deepEqual(page.problems, []);
  } finally {
    await site.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
