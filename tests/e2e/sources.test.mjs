// Articles from elsewhere (issue 5): `?src=` catalogs and post files on other origins
// (real HTTP servers on 127.0.0.1, with and without CORS, failing, hanging), and local
// files opened with the file inputs or dropped on the page. The corpora are read from
// ../shared/corpus relative to the repo; catalogs are written by the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  start, DIST, CORPUS, indexedCopy, sourceServer, waitForTotal, shownCategoryCounts, categoryCounts, listTitles, within,
} from './helpers.mjs';

const BLOG = CORPUS('blog-en');
const HEXO = CORPUS('hexo-news-zh');
const have = fs.existsSync(BLOG) && fs.existsSync(HEXO);
const skip = have ? false : 'no ../shared/corpus here';

let site; let blog; let hexo; let blogServer;
before(async () => {
  if (!have) return;
  site = await start(DIST);
  blog = await indexedCopy(BLOG);
  hexo = await indexedCopy(HEXO);
  blogServer = await sourceServer(blog.dir);
});
after(async () => {
  await blogServer?.close();
  await site?.close();
  for (const d of [blog?.dir, hexo?.dir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

const withSrc = (...urls) => `${site.url}?${urls.map((u) => `src=${encodeURIComponent(u)}`).join('&')}`;
const srcParams = (page) => new URL(page.url()).searchParams.getAll('src');

test('?src= to a catalog on another origin lists all its articles, replacing the bundled ones', { skip }, async () => {
  assert.equal(blog.catalog.articles.length, 132, 'the CLI read all 132 posts');
  const page = await site.page();
  // A cookie for 127.0.0.1 (any port): it must never reach the source's server.
  await page.context().addCookies([{ name: 'session', value: 'secret', domain: '127.0.0.1', path: '/' }]);
  const catalogUrl = blogServer.url('catalog.json');
  await page.goto(withSrc(catalogUrl));
  await waitForTotal(page, 132);
  assert.match(await page.locator('main .bs-page-sub').textContent(), /132 articles/);
  const titles = await listTitles(page);
  assert.deepEqual(titles, blog.catalog.articles.slice(0, 20).map((a) => a.title), 'newest first, as the catalog');
  // The category tree is the source's.
  assert.deepEqual(await shownCategoryCounts(page), categoryCounts(blog.catalog));
  assert.equal(await page.locator('.bs-source-error, .bs-error').count(), 0);
  assert.ok(blogServer.requests.some((r) => r.url === '/catalog.json'));
  const fetched = blogServer.requests.filter((r) => /\.(json|md|bin)$/.test(r.url));
  assert.deepEqual(fetched.filter((r) => r.cookie !== null), [], 'no credentials are sent with fetches');
  // Full-text search uses the source's own search.bin.
  await page.locator('input[type="search"]').fill('grunt');
  await page.waitForSelector('main .bs-result-count[data-complete="true"]');
  assert.equal(await page.locator('main .bs-result-count').getAttribute('data-full-text'), 'true');
  assert.ok((await listTitles(page)).some((t) => /grunt/i.test(t)));
  assert.deepEqual(srcParams(page), [catalogUrl], 'the source stays in the URL while searching');
  assert.deepEqual(page.problems, []);
});

test('an article of a ?src= source shows its body from that server, and survives a reload', { skip }, async () => {
  const page = await site.page();
  const catalogUrl = blogServer.url('catalog.json');
  await page.goto(withSrc(catalogUrl));
  await waitForTotal(page, 132);
  const first = blog.catalog.articles[0];
  await page.locator('main article.bs-card h2 a').first().click();
  await page.waitForSelector('.bs-body p');
  assert.equal(await page.locator('h1').textContent(), first.title);
  assert.ok(blogServer.requests.some((r) => r.url === `/${first.path}`), 'the body came from the source server');
  const url = new URL(page.url());
  assert.equal(url.pathname, `/article/${encodeURIComponent(first.slug)}`);
  assert.deepEqual(srcParams(page), [catalogUrl], 'the article URL keeps its source');
  const text = await page.locator('.bs-body').textContent();
  assert.ok(text.length > 200);
  // Cold load of the same URL (the server answers deep links with 404.html = the app).
  await page.reload();
  await page.waitForSelector('.bs-body p');
  assert.equal(await page.locator('h1').textContent(), first.title);
  assert.equal(await page.locator('.bs-body').textContent(), text);
  // Back to the list keeps the source too.
  await page.locator('a.bs-back').click();
  await waitForTotal(page, 132);
  await page.waitForURL(/[?&]src=/);
  assert.deepEqual(srcParams(page), [catalogUrl]);
  assert.deepEqual(page.problems, []);
});

test('a single post file as the source', { skip }, async () => {
  const post = blog.catalog.articles.find((a) => a.path === '2015-09-24-getting-started-with-git.md');
  const page = await site.page();
  await page.goto(withSrc(blogServer.url(post.path)));
  await waitForTotal(page, 1);
  assert.deepEqual(await listTitles(page), [post.title]);
  await page.locator('main article.bs-card h2 a').click();
  await page.waitForSelector('.bs-body p');
  assert.equal(await page.locator('h1').textContent(), post.title);
  assert.deepEqual(page.problems, []);
});

test('failing sources (no CORS, 404, never answering) each show their error with Retry while the good one lists; Retry merges a fixed one in',
  { skip }, async () => {
    const noCors = await sourceServer(blog.dir, { cors: false });
    const missing = await sourceServer(hexo.dir, { mode: '404' });
    const hanging = await sourceServer(blog.dir, { mode: 'hang' });
    try {
      const page = await site.page();
      page.allow.push(/CORS policy/, /net::ERR_FAILED/);
      const urls = [blogServer.url('catalog.json'), noCors.url('catalog.json'), missing.url('catalog.json'), hanging.url('catalog.json')];
      const started = Date.now();
      await page.goto(withSrc(...urls));
      // The working source lists while the hanging one is still loading.
      await waitForTotal(page, 132);
      await page.waitForSelector('.bs-sources-progress');
      assert.match(await page.locator('.bs-sources-progress').textContent(), /^Loading [1-3] of 4 sources…$/);
      const error = (u) => page.locator(`.bs-source-error[data-src="${u}"]`);
      await error(urls[1]).waitFor();
      await error(urls[2]).waitFor();
      assert.match(await error(urls[1]).textContent(), /127\.0\.0\.1.*cross-origin.*CORS/s);
      assert.match(await error(urls[2]).textContent(), /not found \(HTTP 404/);
      for (const u of urls.slice(1, 3)) assert.equal(await error(u).locator('button.bs-retry').count(), 1);
      assert.match(await page.locator('.bs-sources-progress').textContent(), /Loading 1 of 4 sources…/);
      assert.equal(await page.locator('main article.bs-card').count(), 20, 'the good source still lists');
      // The never-answering server: given up after 15 s.
      await error(urls[3]).waitFor({ timeout: 25000 });
      const waited = Date.now() - started;
      assert.ok(waited >= 14000, `timed out after ${waited} ms`);
      assert.match(await error(urls[3]).textContent(), /timed out/);
      assert.equal(await page.locator('.bs-sources-progress').count(), 0, 'nothing is loading any more');
      await page.screenshot({ path: path.join(os.tmpdir(), 'bs-sources-errors.png'), fullPage: false });
      // Fix the 404 server (it now serves the hexo catalog) and retry only that source.
      missing.set('ok');
      const before = { noCors: noCors.requests.length, hanging: hanging.requests.length, good: blogServer.requests.length };
      await error(urls[2]).locator('button.bs-retry').click();
      await waitForTotal(page, 132 + 63);
      assert.equal(await error(urls[2]).count(), 0);
      assert.equal(noCors.requests.length, before.noCors, 'other sources are not refetched');
      assert.equal(hanging.requests.length, before.hanging);
      assert.equal(blogServer.requests.filter((r) => r.url === '/catalog.json').length,
        blogServer.requests.slice(0, before.good).filter((r) => r.url === '/catalog.json').length);
      const counts = await shownCategoryCounts(page);
      for (const [k, n] of categoryCounts(hexo.catalog)) assert.equal(counts.get(k), n, k);
      assert.equal(await error(urls[1]).count(), 1, 'the others still show their errors');
      assert.equal(await error(urls[3]).count(), 1);
      // An article of the retried source, opened cold while its server is slower than
      // the others: no "not found" meanwhile, then its body from its server.
      const zh = hexo.catalog.articles[0];
      missing.delay(1500);
      await page.addInitScript(() => {
        new MutationObserver(() => { if (document.querySelector('.bs-notfound')) window.sawNotFound = true; })
          .observe(document, { subtree: true, childList: true });
      });
      await page.goto(`${site.url}article/${encodeURIComponent(zh.slug)}?${new URL(page.url()).searchParams}`);
      await page.waitForSelector('.bs-body');
      assert.equal(await page.evaluate(() => window.sawNotFound || false), false);
      assert.equal(await page.locator('h1').textContent(), zh.title);
      assert.ok(missing.requests.some((r) => r.url === `/${zh.path}`));
      assert.deepEqual(page.problems, []);
    } finally {
      await Promise.all([noCors.close(), missing.close(), hanging.close()]);
    }
  });

test('when every source fails, the page says so with one Retry per source; a source that is not http(s) is refused', { skip }, async () => {
  const down = await sourceServer(blog.dir, { mode: '500' });
  try {
    const page = await site.page();
    await page.goto(withSrc(down.url('catalog.json'), 'javascript:alert(1)'));
    await page.waitForSelector('main .bs-error');
    const text = await page.locator('main .bs-error').textContent();
    assert.match(text, /Could not load the articles/);
    assert.match(text, /the server failed \(HTTP 500/);
    assert.match(text, /only http\(s\) URLs/);
    assert.equal(await page.locator('main .bs-error button.bs-retry').count(), 1, 'no Retry for a refused URL');
    assert.equal(await page.locator('.bs-sources .bs-source-error').count(), 0, 'not shown twice');
    down.set('ok');
    await page.locator('main .bs-error button.bs-retry').click();
    await waitForTotal(page, 132);
    assert.equal(await page.locator('.bs-sources .bs-source-error[data-src="javascript:alert(1)"]').count(), 1);
    assert.deepEqual(page.problems, []);
  } finally {
    await down.close();
  }
});

test('the same posts from two sources get distinct, stable slugs; each deep link reloads to its own copy', { skip }, async () => {
  const twin = await sourceServer(blog.dir);
  try {
    const page = await site.page();
    const urls = [blogServer.url('catalog.json'), twin.url('catalog.json')];
    await page.goto(withSrc(...urls));
    await waitForTotal(page, 264);
    const first = blog.catalog.articles[0];
    const hrefs = await page.$$eval('main article.bs-card h2 a', (as, t) => as.filter((a) => a.textContent.trim() === t).map((a) => a.getAttribute('href')), first.title);
    assert.equal(hrefs.length, 2);
    assert.notEqual(hrefs[0], hrefs[1]);
    assert.ok(hrefs.includes(`/article/${encodeURIComponent(first.slug)}`), 'the first source keeps its slug');
    const other = hrefs.find((h) => h !== `/article/${encodeURIComponent(first.slug)}`);
    assert.match(decodeURIComponent(other), new RegExp(`^/article/${first.slug}-[0-9a-f]{6}$`));
    // The second copy's deep link, cold: the body comes from the second server.
    const n = twin.requests.length;
    await page.goto(`${site.url}${other.slice(1)}?${urls.map((u) => `src=${encodeURIComponent(u)}`).join('&')}`);
    await page.waitForSelector('.bs-body p');
    assert.equal(await page.locator('h1').textContent(), first.title);
    assert.ok(twin.requests.slice(n).some((r) => r.url === `/${first.path}`));
    assert.deepEqual(page.problems, []);
  } finally {
    await twin.close();
  }
});

test('opening the hexo-news-zh folder lists all 63 articles with the CLI\'s category counts; search covers the bodies', { skip }, async () => {
  assert.equal(hexo.catalog.articles.length, 63);
  const page = await site.page();
  await page.goto(site.url);
  await waitForTotal(page, 14);
  await page.locator('input.bs-open-folder-input').setInputFiles(HEXO);
  await waitForTotal(page, 63);
  assert.match(await page.locator('.bs-local-bar').textContent(), /63 articles from hexo-news-zh/);
  assert.deepEqual(await shownCategoryCounts(page), categoryCounts(hexo.catalog));
  // Same slugs as the CLI (paths relative to the folder, as the CLI's).
  const hrefs = await page.$$eval('main article.bs-card h2 a', (as) => as.map((a) => decodeURIComponent(a.getAttribute('href'))));
  assert.deepEqual(hrefs, hexo.catalog.articles.slice(0, 20).map((a) => `/article/${a.slug}`));
  await page.screenshot({ path: path.join(os.tmpdir(), 'bs-local-list.png') });
  // An article's body comes from the file in memory.
  const a = hexo.catalog.articles[0];
  await page.locator('main article.bs-card h2 a').first().click();
  await page.waitForSelector('.bs-body');
  assert.equal(await page.locator('h1').textContent(), a.title);
  assert.ok((await page.locator('.bs-body').textContent()).trim().length > 20);
  // Full-text search over the opened files (the index is built in the page).
  const word = '投资者';
  await page.locator('input[type="search"]').fill(word);
  await page.waitForSelector('main .bs-result-count[data-complete="true"]');
  assert.equal(await page.locator('main .bs-result-count').getAttribute('data-full-text'), 'true');
  assert.ok(await page.locator('main .bs-results article').count() > 0);
  // Close: back to the bundled articles.
  await page.locator('button.bs-local-close').click();
  await page.waitForSelector('.bs-local-bar', { state: 'detached' });
  await page.locator('a.bs-brand').click();
  await waitForTotal(page, 14);
  assert.deepEqual(page.problems, []);
});

/** A small folder: two good posts, one with bad YAML, an image used as thumbnail and in a body. */
function smallFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-local-'));
  const root = path.join(dir, 'notes');
  fs.mkdirSync(path.join(root, 'posts', 'deeper'), { recursive: true });
  fs.mkdirSync(path.join(root, 'img'));
  // A 2×2 PNG.
  fs.writeFileSync(path.join(root, 'img', 'pic.png'), Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAAIQBAP0f/wG0IVOhAAAAAElFTkSuQmCC', 'base64'));
  fs.writeFileSync(path.join(root, 'posts', 'first.md'),
    '---\ntitle: First local post\ndate: 2024-05-01\ncategories: [Notes, Local]\nthumbnail: ../img/pic.png\n---\nHello ![pic](../img/pic.png) world.\n');
  fs.writeFileSync(path.join(root, 'posts', 'deeper', 'second.md'),
    '---\ntitle: Second local post\ndate: 2024-04-01\ncategories: [Notes]\n---\nSee [the first](../first.md).\n');
  fs.writeFileSync(path.join(root, 'posts', 'broken.md'), '---\ntitle: [oops\n---\nbody\n');
  fs.writeFileSync(path.join(root, '.hidden.md'), '---\ntitle: hidden\n---\nx\n');
  return { dir, root };
}

test('a folder with a broken file: "1 file could not be read" with its path, the others list; relative images become blob: URLs, revoked when replaced',
  { skip }, async () => {
    const { dir, root } = smallFolder();
    try {
      const page = await site.page();
      await page.goto(site.url);
      await waitForTotal(page, 14);
      await page.locator('input.bs-open-folder-input').setInputFiles(root);
      await waitForTotal(page, 2);
      assert.deepEqual(await listTitles(page), ['First local post', 'Second local post']);
      const errors = page.locator('.bs-file-errors');
      assert.equal((await errors.locator('.bs-file-errors-title').textContent()).trim(), '1 file could not be read');
      assert.equal(await errors.locator('.bs-file-error').getAttribute('data-path'), 'posts/broken.md');
      assert.match(await errors.locator('.bs-file-error-reason').textContent(), /front matter/);
      // The thumbnail is the folder's image, through an object URL.
      const thumb = await page.locator('main article.bs-card img.bs-thumb').first().getAttribute('src');
      assert.match(thumb, /^blob:http:\/\/127\.0\.0\.1:\d+\//);
      await page.waitForFunction(() => document.querySelector('main img.bs-thumb')?.naturalWidth === 2);
      await page.screenshot({ path: path.join(os.tmpdir(), 'bs-local-errors.png') });
      // …and in the body.
      await page.locator('main article.bs-card h2 a').first().click();
      await page.waitForSelector('.bs-body img');
      const img = await page.locator('.bs-body img').getAttribute('src');
      assert.equal(img, thumb);
      await page.waitForFunction(() => document.querySelector('.bs-body img')?.naturalWidth === 2);
      // A link to another opened post opens it in the app.
      await page.goBack();
      await page.locator('main article.bs-card h2 a', { hasText: 'Second local post' }).click();
      await page.locator('.bs-body a', { hasText: 'the first' }).click();
      await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'First local post');
      // Opening other files replaces these and revokes their object URLs.
      await page.locator('input.bs-open-files-input').setInputFiles(path.join(root, 'posts', 'deeper', 'second.md'));
      await waitForTotal(page, 1);
      assert.equal(await page.locator('.bs-file-errors').count(), 0);
      const revoked = await page.evaluate((u) => fetch(u).then(() => false, () => true), thumb);
      assert.ok(revoked, 'the old object URL is revoked');
      assert.deepEqual(page.problems, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

test('dropping files on the page reads them (synthetic drop of File objects)', { skip }, async () => {
  const page = await site.page();
  await page.goto(site.url);
  await waitForTotal(page, 14);
  const dt = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['---\ntitle: Dropped one\ndate: 2024-01-02\ncategories: [Dropped]\n---\nBody one.'], 'one.md'));
    dt.items.add(new File(['---\ntitle: Dropped two\ndate: 2024-01-01\n---\nBody two.'], 'two.markdown'));
    dt.items.add(new File(['not a post'], 'notes.pdf'));
    return dt;
  });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
  await page.waitForSelector('.bs-drop-overlay');
  await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
  await waitForTotal(page, 2);
  assert.equal(await page.locator('.bs-drop-overlay').count(), 0);
  assert.deepEqual(await listTitles(page), ['Dropped one', 'Dropped two']);
  assert.equal((await shownCategoryCounts(page)).get('Dropped'), 1);
  await page.locator('main article.bs-card h2 a').first().click();
  await page.waitForSelector('.bs-body p');
  assert.equal((await page.locator('.bs-body').textContent()).trim(), 'Body one.');
  assert.deepEqual(page.problems, []);
});

test('a dropped folder is walked recursively, readEntries called until it returns nothing (directory entries stubbed in the page)',
  { skip }, async () => {
    // Playwright cannot drag a real folder, and a constructed DataTransfer has no
    // directory entries, so `webkitGetAsEntry` is replaced by a fake tree that answers
    // like Chromium's (readEntries in batches of 2, then []); the files are real File objects.
    const page = await site.page();
    await page.goto(site.url);
    await waitForTotal(page, 14);
    const calls = await page.evaluate(async () => {
      const stats = { readEntries: 0 };
      const file = (fullPath, text) => ({
        isFile: true, isDirectory: false, name: fullPath.split('/').pop(), fullPath,
        file(ok) { setTimeout(() => ok(new File([text], fullPath.split('/').pop())), 0); },
      });
      const dir = (fullPath, children) => ({
        isFile: false, isDirectory: true, name: fullPath.split('/').pop(), fullPath,
        createReader() {
          let i = 0;
          return { readEntries(ok) { stats.readEntries++; const batch = children.slice(i, i + 2); i += 2; setTimeout(() => ok(batch), 0); } };
        },
      });
      const post = (t, d) => `---\ntitle: ${t}\ndate: ${d}\ncategories: [Tree]\n---\nText of ${t}.`;
      const tree = dir('/site', [
        file('/site/a.md', post('Post A', '2024-01-05')),
        file('/site/b.md', post('Post B', '2024-01-04')),
        file('/site/c.md', post('Post C', '2024-01-03')),
        dir('/site/sub', [
          file('/site/sub/d.md', post('Post D', '2024-01-02')),
          dir('/site/sub/deep', [file('/site/sub/deep/e.md', post('Post E', '2024-01-01'))]),
        ]),
        dir('/site/.git', [file('/site/.git/x.md', post('Hidden', '2024-01-06'))]),
        dir('/site/node_modules', [file('/site/node_modules/y.md', post('Module', '2024-01-06'))]),
      ]);
      DataTransferItem.prototype.webkitGetAsEntry = function () { return tree; };
      window.__stats = stats;
      const dt = new DataTransfer();
      dt.items.add(new File(['x'], 'site'));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      return stats;
    });
    assert.ok(calls);
    await waitForTotal(page, 5);
    assert.deepEqual(await listTitles(page), ['Post A', 'Post B', 'Post C', 'Post D', 'Post E']);
    // /site: 3 batches (2 + 2 + 2) and the empty one; sub: 1 + empty; deep: 1 + empty.
    assert.equal(await page.evaluate(() => window.__stats.readEntries), 4 + 2 + 2);
    assert.match(await page.locator('.bs-local-bar').textContent(), /5 articles from site/);
    assert.deepEqual(page.problems, []);
  });

test('leaving an article whose body is still loading aborts its request', { skip }, async () => {
  const slow = await sourceServer(blog.dir);
  try {
    const page = await site.page();
    await page.goto(withSrc(slow.url('catalog.json')));
    await page.waitForSelector('main .bs-list article.bs-card');
    // The start-up background work (this source's search index) is in: the next request
    // to the source is the body's.
    await page.waitForSelector('html[data-bs-warm="done"]', { state: 'attached' });
    slow.set('hang');
    // The post file (the page asks for its hero image too).
    const asked = slow.nextRequest(/\.(md|markdown|html?|txt)$/);
    await page.locator('main article.bs-card h2 a').first().click();
    await asked;
    await page.waitForSelector('.bs-skeleton-body');
    const aborted = slow.nextAbort();
    await page.locator('a.bs-back').click();
    await page.waitForSelector('main .bs-list');
    // Well before the 15 s after which any request is given up anyway (app::api::TIMEOUT).
    await within(aborted, 8000, 'the body request was not aborted when the page went away');
    assert.deepEqual(page.problems, []);
  } finally {
    await slow.close();
  }
});

test('?src= to another site\'s site.json alone reads it in pieces: lists, categories, articles from that server', { skip }, async () => {
  const page = await site.page();
  await page.context().addCookies([{ name: 'session', value: 'secret', domain: '127.0.0.1', path: '/' }]);
  // When the first list is in the DOM (the catalog, loaded for search once the page is
  // painted on a site this small, must not be what it waited for).
  await page.context().addInitScript(() => {
    new MutationObserver((_, obs) => {
      // Drawn by the app (not the static copy of a page written at build time).
      if ([...document.querySelectorAll('main .bs-list')].some((e) => !e.closest('.bs-prerendered'))) { window.__drawnAt = performance.now(); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true });
  });
  const before = blogServer.requests.length;
  const manifestUrl = blogServer.url('site.json');
  await page.goto(withSrc(manifestUrl));
  await page.waitForSelector('main .bs-list');
  await page.waitForFunction(() => window.__drawnAt !== undefined);
  const early = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((r) => r.startTime < window.__drawnAt).map((r) => new URL(r.name).pathname));
  assert.ok(!early.includes('/catalog.json'), `the list did not wait for the catalog: ${early.join(', ')}`);
  assert.ok(early.includes('/site.json'), early.join(', '));
  assert.deepEqual(await listTitles(page), blog.catalog.articles.slice(0, 20).map((a) => a.title));
  assert.match(await page.locator('main .bs-page-sub').textContent(), /132 articles/);
  assert.deepEqual(await shownCategoryCounts(page), categoryCounts(blog.catalog));
  // A category of that site, then one of its articles: its body from that server.
  const top = blog.catalog.articles.find((a) => a.categories.length).categories[0][0];
  await page.locator('nav[aria-label="Categories"] a', { has: page.locator('.bs-cat-name', { hasText: new RegExp(`^${top}$`) }) }).first().click();
  await page.waitForSelector('main .bs-list');
  const inTop = blog.catalog.articles.filter((a) => a.categories.some((c) => c[0] === top));
  assert.deepEqual(await listTitles(page), inTop.slice(0, 20).map((a) => a.title));
  await page.locator('main article.bs-card h2 a').first().click();
  await page.waitForSelector('.bs-body');
  assert.equal((await page.locator('h1').textContent()).trim(), inTop[0].title);
  const asked = blogServer.requests.slice(before);
  assert.ok(asked.some((r) => /^\/broadsheet-data\/[0-9a-f]{12}\/cards\/0\.json$/.test(r.url)), asked.map((r) => r.url).join('\n'));
  assert.ok(asked.some((r) => r.url === `/${inTop[0].path}`), 'the body came from the source');
  assert.deepEqual(asked.filter((r) => /\.(json|md|bin)$/.test(r.url) && r.cookie !== null), [], 'no credentials are sent with fetches');
  assert.deepEqual(srcParams(page), [manifestUrl], 'the source stays in the URL');
  assert.deepEqual(page.problems, []);
});
