// Pages written at build time (`broadsheet pages`) over the sub-path build
// (target/dist-sub, served under /sub/): every address answers 200 with its own content;
// without JavaScript a reader goes home → category → article → next article by links
// alone; with JavaScript the app takes over the page it finds (one app, the static copy
// gone, the article's body drawn at once, no console error).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, cli, DIST_SUB, SEED, requireDist } from './helpers.mjs';

let site;
let dir;
before(async () => {
  requireDist(DIST_SUB);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-prerendered-'));
  fs.cpSync(DIST_SUB, dir, { recursive: true });
  site = await start(dir, '/sub/');
  const r = cli(['pages', dir, '--base-url', site.url, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
});
after(async () => {
  await site?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('without JavaScript: home → category → article → next article, by links alone', async () => {
  const page = await site.page({ javaScriptEnabled: false });
  let res = await page.staticGoto(site.url);
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('h1').textContent(), 'Latest');
  assert.ok(await page.locator('main article.bs-card').count() >= 10);

  // The seed's category, from the sidebar.
  await Promise.all([page.waitForNavigation(), page.locator(`a[href="/sub/category/${encodeURIComponent(SEED.categories[0])}"]`).first().click()]);
  assert.equal(new URL(page.url()).pathname, `/sub/category/${encodeURIComponent(SEED.categories[0])}`);
  assert.equal(await page.locator('h1').textContent(), SEED.categories[0]);

  // Its article, with the whole body.
  res = await Promise.all([page.waitForNavigation(), page.locator(`main a[href="/sub/article/${SEED.slug}"]`).first().click()]).then(([r]) => r);
  assert.equal(res.status(), 200);
  assert.equal(await page.locator('h1').textContent(), SEED.title);
  assert.match(await page.locator('.bs-body').textContent(), new RegExp(SEED.sentence));
  assert.equal(await page.title(), `${SEED.title} · Broadsheet`);

  // The next article (older) from the article's own links.
  const next = page.locator('.bs-prevnext a').last();
  const nextTitle = (await next.textContent()).trim();
  res = await Promise.all([page.waitForNavigation(), next.click()]).then(([r]) => r);
  assert.equal(res.status(), 200);
  assert.ok(nextTitle.includes(await page.locator('h1').textContent()), `${nextTitle} → ${await page.locator('h1').textContent()}`);
  assert.ok((await page.locator('.bs-body').textContent()).trim().length > 0);
  assert.deepEqual(page.problems, []);
});

test('with JavaScript the app takes over the page it finds', async () => {
  const page = await site.page();
  const res = await page.goto(`${site.url}article/${SEED.slug}`);
  assert.equal(res.status(), 200, 'the article has its own page (not 404.html)');
  const html = await res.text();
  assert.ok(html.includes(SEED.sentence), 'the body is in the document itself');
  // The static copy goes once the app has drawn the same page.
  await page.waitForFunction(() => !document.querySelector('.bs-prerendered') && document.querySelectorAll('.bs-app').length === 1);
  assert.match(await page.locator('.bs-article .bs-body').textContent(), new RegExp(SEED.sentence));
  assert.equal(await page.locator('.bs-skeleton').count(), 0, 'the body is drawn at once, not loaded again behind a placeholder');
  assert.equal(await page.locator('h1').count(), 1);
  // The app runs: a link is followed in place (no new document).
  const docs = page.docs.size;
  await page.locator(`.bs-article-head a[href="/sub/category/${encodeURIComponent(SEED.categories[0])}"]`).first().click();
  await page.waitForFunction((t) => document.querySelector('h1')?.textContent === t, SEED.categories[0]);
  assert.equal(page.docs.size, docs, 'navigated by the app');
  assert.deepEqual(page.problems, []);
});

test("a ?src= view does not show the static copy of the site's own page", async () => {
  // Without the app (boot.js refused) the document stays as parsed: on the home page the
  // static list is seen; with ?src= (someone else's articles) it is hidden.
  const seen = async (url) => {
    const page = await site.page();
    await page.route('**/boot.js', (r) => r.abort());
    page.allow.push(/boot\.js|Failed to load resource/);
    await page.staticGoto(url);
    const v = await page.evaluate(() => getComputedStyle(document.querySelector('.bs-prerendered')).visibility);
    assert.deepEqual(page.problems, []);
    return v;
  };
  assert.equal(await seen(site.url), 'visible');
  assert.equal(await seen(`${site.url}?src=${encodeURIComponent('https://example.org/catalog.json')}`), 'hidden');
});

test('every address in the sitemap answers 200 with its own page', async () => {
  const xml = fs.readFileSync(path.join(dir, 'sitemap.xml'), 'utf8');
  const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1].replaceAll('&amp;', '&'));
  assert.ok(locs.length > 20, `${locs.length} addresses`);
  const origin = new URL(site.url).origin;
  for (const loc of locs) {
    // The build's base URL may name another host: the same path on this server.
    const u = new URL(loc);
    const res = await fetch(origin + u.pathname);
    assert.equal(res.status, 200, loc);
    const html = await res.text();
    assert.ok(html.includes('data-bs-prerendered'), `${loc}: its own page, not 404.html`);
    assert.ok(html.includes(`<link rel="canonical" href="${origin}${u.pathname}">`), `${loc}: its canonical address`);
  }
});

test('without JavaScript a line saying that search needs it stands in the search box\'s place', async () => {
  const page = await site.page({ javaScriptEnabled: false });
  await page.staticGoto(`${site.url}category/${encodeURIComponent(SEED.categories[0])}`);
  assert.equal(await page.locator('.bs-search-nojs').textContent(), 'Search needs JavaScript.');
  assert.ok(await page.locator('.bs-search-nojs').isVisible());
  assert.equal(await page.locator('input.bs-search-input').isVisible(), false);
  assert.equal(await page.locator('form.bs-search').getAttribute('action'), '/sub/');
  // With JavaScript: the box, not the line.
  const js = await site.page();
  await js.goto(site.url);
  assert.equal(await js.locator('.bs-search-nojs').isVisible(), false);
  assert.ok(await js.locator('input.bs-search-input').isVisible());
});
