// Hostile sources (issue 25), in Chromium: what `?src=`, an opened folder and a widget
// bring in is bounded (a 4,000-level category path, 20,000 equal headings), never
// takes the site's own addresses, is named as foreign, can be refused by the site's
// owner, and gets no more authority than a picture (local files) or a link (players).
// Real servers on 127.0.0.1: the demo site and a second origin serving the hostile files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, DIST, SEED, ready, sourceServer, within } from './helpers.mjs';

let site; let dir; let evil;
const DEPTH = 4000;

/** A catalog.json (format 1) of `articles` (fields not given are filled in). */
function catalog(articles) {
  return JSON.stringify({
    version: 1,
    generated: '2026-01-01T00:00:00Z',
    errors: [],
    articles: articles.map((a) => ({
      updated: null, author: null, categories: [], tags: [], thumbnail: null,
      excerpt: '', reading_minutes: 1, format: 'html', date: '2024-01-01T00:00:00Z', ...a,
    })),
  });
}

before(async () => {
  site = await start(DIST);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-hostile-'));
  const put = (rel, data) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data);
  };
  const levels = Array(DEPTH).fill('a').join(', ');
  put('deep.md', `---\ntitle: Deep post\ndate: 2024-03-01\ncategories: [${levels}]\n---\n<p>Four thousand levels.</p>\n`);
  put('headings.html', `---\ntitle: Twenty thousand headings\ndate: 2024-02-01\n---\n${'<h2>x</h2>'.repeat(20000)}<p>The end.</p>`);
  put('player.html', '---\ntitle: A post with a player\ndate: 2024-01-15\n---\n<p>Watch:</p><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ?start=42" title="The talk" allowfullscreen></iframe><p>After the video.</p>\n');
  put('good.md', '---\ntitle: A good post\ndate: 2024-01-01\n---\nFine.\n');
  put('catalog.json', catalog([
    { slug: 'deep-json', path: 'deep.md', title: 'Deep in JSON', categories: [Array(DEPTH).fill('b')] },
    // Claims the seed's slug: must never be shown at the seed's address.
    { slug: SEED.slug, path: 'good.md', title: 'An impostor', date: '2030-01-01T00:00:00Z' },
    { slug: 'good', path: 'good.md', title: 'A good post' },
    { slug: 'huge', path: 'huge.md', title: 'A nine megabyte post', date: '2023-01-01T00:00:00Z' },
  ]));
  // Over the 8 MiB an article's file may have (served without Content-Length: the
  // size read is checked).
  put('huge.md', `---\ntitle: A nine megabyte post\n---\n${'<p>Filler paragraph.</p>\n'.repeat(Math.ceil(9 * 1024 * 1024 / 24))}`);
  put('img/x.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="10" height="10"/></svg>');
  put('local.md', '---\ntitle: Local links\ndate: 2024-01-01\n---\n[open the drawing](img/x.svg) and ![the drawing](img/x.svg)\n');
  evil = await sourceServer(dir);
});
after(async () => {
  await evil?.close();
  await site?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const withSrc = (prefix, ...urls) => `${prefix}?${urls.map((u) => `src=${encodeURIComponent(u)}`).join('&')}`;

/** Levels of the sidebar's category tree (deepest nesting of its lists). */
const treeDepth = (page) => page.evaluate(() => {
  let max = 0;
  for (const a of document.querySelectorAll('nav[aria-label="Categories"] a')) {
    let d = 0;
    for (let n = a; n; n = n.parentElement) if (n.tagName === 'UL' || n.tagName === 'OL') d++;
    max = Math.max(max, d);
  }
  return max;
});

test('a 4,000-level category path, as a post file and in a catalog through ?src=, is cut to 16 levels: the page lives and says whose articles these are', async () => {
  const page = await site.page();
  await within(page.goto(withSrc(site.url, evil.url('deep.md'), evil.url('catalog.json'))), 20000, 'the page did not load');
  await page.locator('main article.bs-card h2 a', { hasText: 'Deep post' }).waitFor({ timeout: 20000 });
  const titles = await page.locator('main article.bs-card h2 a').allTextContents();
  for (const t of ['Deep post', 'Deep in JSON', 'A good post']) assert.ok(titles.includes(t), `${t} in ${titles}`);
  const depth = await treeDepth(page);
  assert.ok(depth >= 1 && depth <= 16, `category tree depth ${depth}`);
  // The foreign origin is named above the page.
  const note = page.locator('.bs-foreign-sources');
  assert.match(await note.textContent(), new RegExp(`127\\.0\\.0\\.1:${new URL(evil.origin).port}`));
  assert.equal(await note.getAttribute('data-origins'), evil.origin);
  // What was cut is said, per source (folded).
  for (const [url, path] of [[evil.url('catalog.json'), 'deep.md'], [evil.url('deep.md'), 'deep.md']]) {
    const box = page.locator(`.bs-source-warnings[data-src="${url}"]`);
    assert.match(await box.locator('summary').textContent(), /notes? on the articles from 127\.0\.0\.1:/);
    await box.locator('summary').click();
    assert.match(await box.locator(`.bs-file-error[data-path$="${path}"] .bs-file-error-reason`).textContent(), /categories cut to 16 levels/);
  }
  // Alive: search answers.
  await page.locator('input[type="search"]').fill('good');
  await page.waitForSelector('main .bs-result-count[data-complete="true"]');
  assert.deepEqual(page.problems, []);
});

test('the same post in an opened folder and in a widget: listed, cut, alive', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-hostile-open-'));
  fs.copyFileSync(path.join(dir, 'deep.md'), path.join(folder, 'deep.md'));
  fs.copyFileSync(path.join(dir, 'good.md'), path.join(folder, 'good.md'));
  try {
    await page.locator('input.bs-open-folder-input').setInputFiles(folder);
    await page.locator('.bs-local-bar[data-articles="2"]').waitFor({ timeout: 20000 });
    await page.locator('main article.bs-card h2 a', { hasText: 'Deep post' }).waitFor();
    assert.ok((await treeDepth(page)) <= 16);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  // A widget on a host page of its own origin, allowed to read the hostile origin.
  const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-hostile-host-'));
  const host = await sourceServer(hostDir, { cors: false });
  try {
    fs.writeFileSync(path.join(hostDir, 'w.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host</title></head><body>
      <div id="w" data-broadsheet data-src="${evil.url('deep.md')} ${evil.url('good.md')}" data-limit="5"></div>
      <script type="module" src="${site.url}broadsheet-embed.js" data-allow-src="${evil.origin}"></script></body></html>`);
    await page.goto(host.url('w.html'));
    await page.waitForFunction(() => document.querySelector('#w')?.shadowRoot?.querySelectorAll('.bsw-title a').length === 2, null, { timeout: 20000 });
    const listed = await page.evaluate(() => [...document.querySelector('#w').shadowRoot.querySelectorAll('.bsw-title a')].map((a) => a.textContent.trim()));
    assert.deepEqual(listed, ['Deep post', 'A good post']);
  } finally {
    await host.close();
    fs.rmSync(hostDir, { recursive: true, force: true });
  }
  assert.deepEqual(page.problems, []);
});

test('an article file over its size limit is refused with a clear reason; the site goes on', async () => {
  const page = await site.page();
  page.allow.push(/over the limit/);
  await page.goto(withSrc(site.url, evil.url('catalog.json')));
  await page.locator('main article.bs-card h2 a', { hasText: 'A nine megabyte post' }).click();
  const err = page.locator('.bs-article .bs-body-error');
  await err.waitFor({ timeout: 20000 });
  assert.match(await err.textContent(), /the file is 9\.\d MiB, over the limit of 8\.0 MiB/);
  await page.goBack();
  await page.locator('main article.bs-card h2 a', { hasText: 'A good post' }).click();
  // (The catalog calls it HTML: its body is a bare text line.)
  await page.locator('.bs-article .bs-body', { hasText: 'Fine.' }).waitFor({ timeout: 20000 });
  assert.deepEqual(page.problems, []);
});

test('20,000 equal headings open at once: every heading gets its id, the contents list stops at 500', async () => {
  const page = await site.page();
  await page.goto(withSrc(site.url, evil.url('headings.html')));
  await page.locator('main article.bs-card h2 a', { hasText: 'Twenty thousand headings' }).click();
  await within(page.locator('.bs-article .bs-body p', { hasText: 'The end.' }).waitFor({ timeout: 20000 }), 20000, 'the article did not open');
  const { ids, unique, toc } = await page.evaluate(() => {
    const hs = [...document.querySelectorAll('.bs-article .bs-body h2')].map((h) => h.id);
    return { ids: hs.length, unique: new Set(hs).size, toc: document.querySelectorAll('.bs-toc-item').length };
  });
  assert.equal(ids, 20000);
  assert.equal(unique, 20000);
  assert.equal(toc, 500);
  assert.deepEqual(page.problems, []);
});

test("an article of the site keeps its address: a foreign catalog claiming the seed's slug never shows there, whatever the order of sources", async () => {
  for (const order of [[evil.url('catalog.json'), 'articles/catalog.json'], ['articles/catalog.json', evil.url('catalog.json')]]) {
    const page = await site.page();
    await page.goto(withSrc(`${site.url}article/${SEED.slug}`, ...order));
    const h1 = page.locator('.bs-article h1');
    await h1.waitFor({ timeout: 20000 });
    assert.equal((await h1.textContent()).trim(), SEED.title, `order ${order}`);
    // The impostor is listed under another address.
    await page.goto(withSrc(site.url, ...order));
    const link = page.locator('main article.bs-card h2 a', { hasText: 'An impostor' });
    await link.waitFor({ timeout: 20000 });
    const href = await link.getAttribute('href');
    assert.ok(!href.includes(`/article/${SEED.slug}?`) && !href.endsWith(`/article/${SEED.slug}`), href);
    assert.deepEqual(page.problems, []);
  }
});

test('the owner limits ?src= with <meta name="broadsheet-allow-src">: none refuses every other site, a listed origin loads', async () => {
  for (const [content, allowed] of [['none', false], [`https://elsewhere.example ${evil.origin}`, true]]) {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-allow-'));
    fs.cpSync(DIST, copy, { recursive: true });
    for (const f of ['index.html', '404.html']) {
      const file = path.join(copy, f);
      // As a site owner would add it to index.html's head (the built page leaves out
      // the optional <head> tag: after the charset meta).
      const html = fs.readFileSync(file, 'utf8');
      const at = html.indexOf('<meta charset=utf-8>') + '<meta charset=utf-8>'.length;
      assert.ok(at > 20, `${f} has a charset meta`);
      fs.writeFileSync(file, `${html.slice(0, at)}<meta name="broadsheet-allow-src" content="${content}">${html.slice(at)}`);
    }
    const own = await start(copy);
    try {
      const page = await own.page();
      const before = evil.requests.length;
      page.allow.push(/does not show articles/);
      await page.goto(withSrc(own.url, evil.url('catalog.json')));
      if (allowed) {
        await page.locator('main article.bs-card h2 a', { hasText: 'A good post' }).waitFor({ timeout: 20000 });
      } else {
        const err = page.locator(`.bs-source-error[data-src="${evil.url('catalog.json')}"]`);
        await err.waitFor({ timeout: 20000 });
        assert.match(await err.textContent(), new RegExp(`does not show articles from ${evil.origin.replace(/[.]/g, '\\.')}`));
        assert.equal(await err.locator('button').count(), 0, 'no Retry: it cannot help');
        assert.equal(evil.requests.length, before, 'nothing was fetched from the refused site');
        // The site's own catalog named alongside still loads.
        await page.goto(withSrc(own.url, evil.url('catalog.json'), 'articles/catalog.json'));
        await page.locator('main article.bs-card h2 a', { hasText: SEED.title }).waitFor({ timeout: 20000 });
        assert.equal(evil.requests.length, before);
      }
      assert.deepEqual(page.problems, []);
    } finally {
      await own.close();
      fs.rmSync(copy, { recursive: true, force: true });
    }
  }
});

test('an opened post links its files as links, never as same-origin blob: documents; its pictures use object URLs', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-hostile-local-'));
  fs.cpSync(path.join(dir, 'img'), path.join(folder, 'img'), { recursive: true });
  fs.copyFileSync(path.join(dir, 'local.md'), path.join(folder, 'local.md'));
  try {
    await page.locator('input.bs-open-folder-input').setInputFiles(folder);
    await page.locator('main article.bs-card h2 a', { hasText: 'Local links' }).click();
    const body = page.locator('.bs-article .bs-body');
    await body.locator('img[src^="blob:"]').waitFor({ timeout: 20000 });
    const hrefs = await body.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.length >= 1);
    assert.ok(hrefs.every((h) => !h.startsWith('blob:')), hrefs.join(' '));
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
  assert.deepEqual(page.problems, []);
});

test('an embedded player the sanitizer removes becomes a link card to its watch page (in the browser sanitizer too)', async () => {
  const page = await site.page();
  await page.goto(withSrc(site.url, evil.url('player.html')));
  await page.locator('main article.bs-card h2 a', { hasText: 'A post with a player' }).click();
  const card = page.locator('.bs-article .bs-body .bs-embed-card a');
  await card.waitFor({ timeout: 20000 });
  assert.equal(await card.getAttribute('href'), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s');
  assert.match(await card.textContent(), /YouTube/);
  assert.match(await card.textContent(), /The talk/);
  assert.equal(await page.locator('.bs-article iframe').count(), 0);
  assert.ok(await page.locator('.bs-article .bs-body p', { hasText: 'After the video.' }).count());
  assert.deepEqual(page.problems, []);
});

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

test('pictures from other sites: "never" draws tiles and notes, "on click" a button that loads the picture; the choice is remembered', async () => {
  fs.mkdirSync(path.join(dir, 'pics'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'pics/thumb.png'), PNG);
  fs.writeFileSync(path.join(dir, 'pics/body.png'), PNG);
  fs.writeFileSync(path.join(dir, 'pictured.html'), `---\ntitle: A pictured post\ndate: 2024-05-01\nthumbnail: ${evil.url('pics/thumb.png')}\n---\n<p>Before.</p><p><img src="${evil.url('pics/body.png')}" alt="A remote picture"></p><p>After.</p>\n`);
  const src = withSrc(site.url, evil.url('pictured.html'));
  const fetched = (name) => evil.requests.filter((r) => r.url === `/pics/${name}`).length;
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  const select = page.locator('footer select.bs-pictures-select');
  assert.equal(await select.inputValue(), 'always');
  await select.selectOption('never');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.bsPictures), 'never');

  await page.goto(src);
  const card = page.locator('main article.bs-card', { hasText: 'A pictured post' });
  await card.waitFor({ timeout: 20000 });
  await card.locator('.bs-thumb-fallback').waitFor();
  assert.equal(await card.locator('img').count(), 0);
  await card.locator('h2 a').click();
  const off = page.locator('.bs-article .bs-body .bs-img-off');
  await off.waitFor({ timeout: 20000 });
  assert.match(await off.textContent(), /Picture not loaded: 127\.0\.0\.1/);
  assert.equal(await page.locator('.bs-article .bs-body img').count(), 0);
  assert.equal(await page.locator('.bs-hero').count(), 0);

  // On click: a button in the picture's place; pressed, the picture loads.
  await page.locator('footer select.bs-pictures-select').selectOption('click');
  const held = page.locator('.bs-article .bs-body button.bs-img-held');
  await held.waitFor();
  assert.equal(await held.getAttribute('data-bs-alt'), 'A remote picture');
  assert.equal(fetched('body.png'), 0, 'nothing fetched before the click');
  await held.click();
  const img = page.locator('.bs-article .bs-body img[alt="A remote picture"]');
  await img.waitFor();
  assert.equal(await img.getAttribute('src'), evil.url('pics/body.png'));
  await page.waitForFunction(() => document.querySelector('.bs-article .bs-body img[alt="A remote picture"]').complete);
  assert.equal(fetched('body.png'), 1);
  assert.equal(fetched('thumb.png'), 0, 'the list never fetched the thumbnail');

  // Remembered across a reload (and marked before the app starts).
  await page.reload();
  assert.equal(await page.locator('footer select.bs-pictures-select').inputValue(), 'click');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.bsPictures), 'click');
  // Back to always: the picture is there at once.
  await page.locator('footer select.bs-pictures-select').selectOption('always');
  await page.locator('.bs-article .bs-body img[alt="A remote picture"]').waitFor();
  assert.deepEqual(page.problems, []);
});

test('a widget takes the choice from data-remote-images', async () => {
  const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-hostile-pics-'));
  const host = await sourceServer(hostDir, { cors: false });
  try {
    fs.writeFileSync(path.join(hostDir, 'w.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host</title></head><body>
      <div id="w" data-broadsheet data-src="${evil.url('pictured.html')}" data-layout="cards" data-remote-images="never"></div>
      <script type="module" src="${site.url}broadsheet-embed.js" data-allow-src="${evil.origin}"></script></body></html>`);
    const page = await site.page();
    const before = evil.requests.filter((r) => r.url.startsWith('/pics/')).length;
    await page.goto(host.url('w.html'));
    await page.waitForFunction(() => document.querySelector('#w')?.shadowRoot?.querySelector('.bsw-title a'), null, { timeout: 20000 });
    const shadow = (sel) => page.evaluate((sel) => document.querySelector('#w').shadowRoot.querySelectorAll(sel).length, sel);
    assert.equal(await shadow('.bs-thumb-fallback'), 1);
    assert.equal(await shadow('img'), 0);
    await page.evaluate(() => document.querySelector('#w').shadowRoot.querySelector('.bsw-title a').click());
    await page.waitForFunction(() => document.querySelector('#w').shadowRoot.querySelector('.bsw-body .bs-img-off'), null, { timeout: 20000 });
    assert.equal(await shadow('.bsw-body img'), 0);
    assert.equal(evil.requests.filter((r) => r.url.startsWith('/pics/')).length, before);
    assert.deepEqual(page.problems, []);
  } finally {
    await host.close();
    fs.rmSync(hostDir, { recursive: true, force: true });
  }
});

test("a page written at build time fetches no remote list picture the reader declined, before and after the app takes over", async () => {
  // The seed's thumbnail is remote (picsum.photos; this machine is offline, but the
  // request is still made, and seen). A tall window puts every card in view, so a lazy
  // picture that is displayed is fetched.
  const remote = (r) => /^https?:\/\/(picsum\.photos|example\.invalid)\//.test(r.url());
  for (const choice of ['always', 'never']) {
    const page = await site.page();
    await page.setViewportSize({ width: 1280, height: 6000 });
    page.allow.push(/picsum|example\.invalid|ERR_|Failed to load resource/);
    await page.goto(`${site.url}tags`);
    await page.evaluate((c) => (c === 'always' ? localStorage.removeItem('broadsheet-pictures') : localStorage.setItem('broadsheet-pictures', c)), choice);
    const asked = [];
    page.on('request', (r) => { if (remote(r)) asked.push(r.url()); });
    if (choice === 'always') {
      const seen = page.waitForEvent('request', { predicate: remote, timeout: 20000 });
      await page.staticGoto(site.url);
      await seen;
    } else {
      // boot.js (which starts the app) waits until the static page has been read.
      let release;
      const held = new Promise((r) => { release = r; });
      await page.route('**/boot.js', async (r) => { await held; await r.continue(); });
      await page.staticGoto(site.url, { waitUntil: 'commit' });
      // Read, and styled: the stylesheets loaded (a pending one has no `sheet` yet).
      await page.waitForFunction(() => document.readyState !== 'loading' && document.querySelector('.bs-prerendered .bs-app')
        && [...document.querySelectorAll('link[rel="stylesheet"]')].every((l) => l.sheet));
      assert.equal(await page.evaluate(() => document.documentElement.dataset.bsPictures), 'never');
      const shown = await page.evaluate(() => [...document.querySelectorAll('.bs-prerendered img[data-bs-remote]')].map((i) => getComputedStyle(i).display));
      assert.ok(shown.length >= 1, 'the static list marks its remote pictures');
      assert.deepEqual(shown, Array(shown.length).fill('none'));
      release();
      await ready(page);
      await page.locator('main article.bs-card', { hasText: SEED.title }).locator('.bs-thumb-fallback').waitFor();
      // The app draws no remote picture either (the seed's page has no cover then).
      await page.locator('main article.bs-card h2 a', { hasText: SEED.title }).click();
      await page.locator('.bs-article h1').waitFor();
      assert.equal(await page.locator('.bs-hero').count(), 0);
      assert.deepEqual(asked, []);
    }
  }
});

test("requests for what a source names carry no cookies, even on the site's own origin; the site's own data does", async () => {
  const page = await site.page();
  // 127.0.0.1 cookies go to every port of it: the other origin is the same site.
  await page.context().addCookies([{ name: 'session', value: 'secret', url: site.url }]);
  const fetched = [];
  page.on('requestfinished', async (r) => {
    if (r.resourceType() !== 'fetch') return;
    const headers = await r.allHeaders().catch(() => ({}));
    fetched.push({ path: new URL(r.url()).pathname, origin: new URL(r.url()).origin, cookie: headers.cookie || null });
  });
  const before = evil.requests.length;
  // 404.html is a page of the site but no data of it: as a source it is read as a post.
  await page.goto(withSrc(site.url, '404.html', 'articles/catalog.json', evil.url('good.md')));
  await page.locator('main article.bs-card h2 a', { hasText: SEED.title }).waitFor({ timeout: 20000 });
  await page.locator('main article.bs-card h2 a', { hasText: 'A good post' }).waitFor({ timeout: 20000 });
  const own = fetched.filter((f) => f.origin === new URL(site.url).origin);
  const named = own.find((f) => f.path === '/404.html');
  const data = own.find((f) => f.path === '/articles/catalog.json');
  assert.ok(named && data, JSON.stringify(own));
  assert.equal(named.cookie, null, 'a source on the site but outside its data: no cookie');
  assert.match(data.cookie, /session=secret/, "the site's own data: cookies as usual");
  assert.ok(evil.requests.length > before);
  assert.ok(evil.requests.slice(before).every((r) => r.cookie === null), 'another origin: no cookie');
  assert.deepEqual(page.problems.filter((p) => !/404/.test(p)), []);
});
