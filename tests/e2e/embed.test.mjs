// Broadsheet inside someone else's page (issue 5): a host page on its own origin with
// hostile CSS embeds two script widgets (different sources and categories) and one
// iframe widget. Real servers on 127.0.0.1: the site (dist/, CORS like GitHub Pages),
// the host page, a second site with the blog-en corpus, a broken source.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, DIST, CORPUS, indexedCopy, sourceServer, readCatalog, within } from './helpers.mjs';

const BLOG = CORPUS('blog-en');
const have = fs.existsSync(BLOG);
const skip = have ? false : 'no ../shared/corpus here';

const HOSTILE = `
  * { color: red !important; font-size: 40px !important; line-height: 3 !important; letter-spacing: 4px !important }
  article { display: none }
  a { text-decoration: line-through !important }
  div, ul, li { border: 5px dashed lime !important }
  .bsw, .bsw-title, .bsw-list { background: red !important; padding: 0 !important }
`;

let site; let host; let hostDir; let blog; let blogServer; let siteCatalog;
before(async () => {
  if (!have) return;
  site = await start(DIST);
  siteCatalog = readCatalog(DIST);
  blog = await indexedCopy(BLOG);
  blogServer = await sourceServer(blog.dir);
  hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-host-'));
  host = await sourceServer(hostDir, { cors: false });
});
after(async () => {
  await host?.close();
  await blogServer?.close();
  await site?.close();
  for (const d of [hostDir, blog?.dir]) if (d) fs.rmSync(d, { recursive: true, force: true });
});

/** Writes a host page and returns its URL (on the host's origin). */
function hostPage(name, body, { css = HOSTILE, head = '' } = {}) {
  fs.writeFileSync(path.join(hostDir, name), `<!doctype html><html><head><meta charset="utf-8">
<link rel="icon" href="data:,">${head}<title>Host page</title>${css ? `<style>${css}</style>` : ''}</head>
<body><h1>A page that is not Broadsheet</h1>${body}</body></html>`);
  return host.url(name);
}

const inCategory = (catalog, prefix) => catalog.articles.filter((a) => a.categories.some((c) => prefix.every((p, i) => c[i] === p)));

/** Titles listed by the widget in element `sel` (once it has listed some). */
async function widgetTitles(frame, sel) {
  try {
    // Polled on a timer, not per animation frame: Chromium runs no animation frames in
    // a cross-origin iframe scrolled out of view, and the iframe widget can be.
    await frame.waitForFunction((sel) => document.querySelector(sel)?.shadowRoot?.querySelector('.bsw-list:not(.bsw-skeleton)'), sel, { timeout: 20000, polling: 100 });
  } catch (e) {
    // Say what the widget shows instead (a failed source, a skeleton, nothing).
    const shown = await frame.evaluate((sel) => {
      const el = document.querySelector(sel);
      return el ? (el.shadowRoot ? el.shadowRoot.innerHTML : `no shadow root: ${el.outerHTML}`) : 'no element';
    }, sel).catch((err) => `(could not read: ${err.message})`);
    throw new Error(`widget ${sel} in ${frame.url()} listed nothing: ${shown.slice(0, 2000)}`, { cause: e });
  }
  return frame.evaluate((sel) => [...document.querySelector(sel).shadowRoot.querySelectorAll('.bsw-title a')].map((a) => a.textContent.trim()), sel);
}

test('a hostile host page embeds two script widgets and an iframe: own articles, own styles, URL untouched', { skip }, async () => {
  const blogTop = blog.catalog.articles.find((a) => a.categories.length)?.categories[0].slice(0, 1);
  assert.ok(blogTop, 'blog-en has categorized posts');
  const url = hostPage('index.html', `
    <div id="guides" data-broadsheet data-category="Guide" data-layout="cards" data-limit="10"></div>
    <div id="blog" data-broadsheet data-src="${blogServer.url('catalog.json')}" data-category="${blogTop[0]}" data-limit="4"></div>
    <iframe id="frame" src="${site.url}embed.html?category=${encodeURIComponent('指南')}&limit=10" title="Latest"></iframe>
    <div class="bsw"><ul class="bsw-list"><li class="bsw-item">host's own list</li></ul></div>
    <script type="module" src="${site.url}broadsheet-embed.js" data-allow-src="${new URL(blogServer.url('')).origin}"></script>
    <script>
      // README's snippet: the site's origin only, a finite bounded height.
      addEventListener('message', (e) => {
        if (e.origin !== ${JSON.stringify(new URL(site.url).origin)} || !e.data || e.data.type !== 'broadsheet:height') return;
        const height = Number(e.data.height);
        if (!Number.isFinite(height) || height < 0) return;
        for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = Math.min(height, 10000) + 'px';
      });
    </script>`);
  const page = await site.page();
  const wasm = [];
  page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.frame() === page.mainFrame() ? 'host' : 'iframe'); });
  await page.goto(url);
  const before = await page.evaluate(() => [location.href, history.length]);

  // Each widget lists its own articles, newest first.
  const guides = inCategory(siteCatalog, ['Guide']).slice(0, 10).map((a) => a.title);
  assert.ok(guides.length >= 3);
  assert.deepEqual(await widgetTitles(page, '#guides'), guides);
  const blogWanted = inCategory(blog.catalog, blogTop).slice(0, 4).map((a) => a.title);
  assert.equal(blogWanted.length, 4);
  assert.deepEqual(await widgetTitles(page, '#blog'), blogWanted);
  const frame = page.frameLocator('#frame');
  const iframe = page.frames().find((f) => f.url().startsWith(`${site.url}embed.html`));
  assert.ok(iframe, 'the iframe loaded embed.html');
  const zh = inCategory(siteCatalog, ['指南']).map((a) => a.title);
  assert.ok(zh.length >= 2);
  assert.deepEqual(await widgetTitles(iframe, '[data-broadsheet]'), zh);
  assert.deepEqual(wasm, ['host', 'iframe'], 'the wasm is loaded once per page, for any number of widgets');

  // The host's CSS does not reach in: not red, not 40px, articles shown, no lime borders.
  const look = await page.evaluate(() => [...document.querySelectorAll('[data-broadsheet]')].map((el) => {
    const root = el.shadowRoot;
    const title = getComputedStyle(root.querySelector('.bsw-title a'));
    const art = root.querySelector('article');
    const box = getComputedStyle(root.querySelector('.bsw'));
    return { color: title.color, size: title.fontSize, deco: title.textDecorationLine, shown: getComputedStyle(art).display !== 'none' && art.getBoundingClientRect().height > 0,
      bg: box.backgroundColor, border: getComputedStyle(root.querySelector('.bsw-item')).borderTopStyle };
  }));
  for (const l of look) {
    assert.notEqual(l.color, 'rgb(255, 0, 0)');
    assert.equal(l.size, '15px');
    assert.equal(l.shown, true);
    assert.notEqual(l.deco, 'line-through');
    assert.notEqual(l.bg, 'rgb(255, 0, 0)');
    assert.notEqual(l.border, 'dashed');
  }
  // …and its CSS does not leak out: the host's own .bsw/.bsw-list keep the host's styles.
  const hostOwn = await page.evaluate(() => {
    const box = getComputedStyle(document.querySelector('body > .bsw'));
    return { radius: box.borderTopLeftRadius, list: getComputedStyle(document.querySelector('body > .bsw > ul')).listStyleType };
  });
  assert.deepEqual(hostOwn, { radius: '0px', list: 'disc' });

  // The iframe is as tall as its content.
  const fit = async () => {
    const content = await iframe.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    await page.waitForFunction((h) => Math.abs(document.querySelector('#frame').clientHeight - h) <= 1, content, { timeout: 5000 });
    return content;
  };
  const first = await fit();
  assert.ok(first > 150, `resized from the default 150px (content ${first}px)`);

  // Clicks inside: titles expand in place (sanitized body), the host URL and history stay.
  const guide = page.locator('#guides .bsw-title a').first();
  await guide.click();
  await page.locator('#guides .bsw-body').waitFor();
  assert.ok((await page.locator('#guides .bsw-body').textContent()).length > 200);
  await page.locator('#blog .bsw-title a').nth(1).click();
  await page.locator('#blog .bsw-body').waitFor();
  await frame.locator('.bsw-title a').first().click();
  await frame.locator('.bsw-body').waitFor();
  const second = await fit();
  assert.ok(second > first + 100, `the iframe grew with the expanded article (${first} → ${second}px)`);
  // The link to the full site opens a new tab at the article; the host stays.
  const [popup] = await Promise.all([page.context().waitForEvent('page'), page.locator('#guides .bsw-site-link').click()]);
  await popup.waitForLoadState('domcontentloaded');
  const slug = inCategory(siteCatalog, ['Guide'])[0].slug;
  assert.equal(popup.url(), `${site.url}article/${encodeURIComponent(slug)}`);
  await popup.locator('.bs-article h1').waitFor();
  assert.equal((await popup.locator('.bs-article h1').textContent()).trim(), guides[0]);
  await popup.close();
  // A second click folds the article again.
  await guide.click();
  await page.waitForFunction(() => !document.querySelector('#guides').shadowRoot.querySelector('.bsw-body'));
  assert.deepEqual(await page.evaluate(() => [location.href, history.length]), before);
  assert.deepEqual(page.problems, []);
});

test('a widget shows a failed source with Retry beside the sources that work; later widgets mount too', { skip }, async () => {
  const broken = await sourceServer(blog.dir, { mode: '404' });
  try {
    const url = hostPage('errors.html', `
      <div id="two" data-broadsheet data-src="${broken.url('catalog.json')} ${blogServer.url('catalog.json')}" data-limit="3"></div>
      <script type="module" src="${site.url}broadsheet-embed.js" data-allow-src="${new URL(broken.url('')).origin} ${new URL(blogServer.url('')).origin}"></script>`);
    const page = await site.page();
    page.allow.push(/404/);
    await page.goto(url);
    assert.deepEqual(await widgetTitles(page, '#two'), blog.catalog.articles.slice(0, 3).map((a) => a.title));
    const err = page.locator('#two .bsw-error');
    await err.waitFor();
    assert.match(await err.textContent(), new RegExp(`${broken.url('catalog.json').replace(/[.]/g, '\\.')}.*404`));
    broken.set('ok');
    await err.locator('button', { hasText: 'Retry' }).click();
    await page.waitForFunction(() => !document.querySelector('#two').shadowRoot.querySelector('.bsw-error'));
    // Both sources now (the same posts twice: merged with distinct slugs).
    assert.equal((await widgetTitles(page, '#two')).length, 3);

    // A widget added after the script ran (a single-page host app) mounts as well.
    await page.evaluate(() => {
      const d = document.createElement('div');
      d.id = 'late';
      d.setAttribute('data-broadsheet', '');
      d.setAttribute('data-category', '博客');
      document.body.append(d);
    });
    assert.deepEqual(await widgetTitles(page, '#late'), inCategory(siteCatalog, ['博客']).slice(0, 5).map((a) => a.title));
    assert.deepEqual(page.problems, []);
  } finally {
    await broken.close();
  }
});

test('a widget taken off the page stops loading (its request is aborted); put back, it lists again', { skip }, async () => {
  const slow = await sourceServer(blog.dir, { mode: 'hang' });
  try {
    const url = hostPage('unmount.html', `
      <div id="w" data-broadsheet data-src="${slow.url('catalog.json')}" data-limit="3"></div>
      <script type="module" src="${site.url}broadsheet-embed.js" data-allow-src="*"></script>`);
    const page = await site.page();
    await page.goto(url);
    await slow.requested();
    const aborted = slow.nextAbort();
    // A single-page host app changes views: the widget's element leaves the page.
    const el = await page.evaluateHandle(() => {
      const w = document.getElementById('w');
      w.remove();
      return w;
    });
    // Well before the 15 s after which any request is given up anyway (app::api::TIMEOUT).
    await within(aborted, 8000, 'the catalog request was not aborted when the widget left the page');
    slow.set('ok');
    await page.evaluate((w) => document.body.append(w), el);
    assert.deepEqual(await widgetTitles(page, '#w'), blog.catalog.articles.slice(0, 3).map((a) => a.title));
    assert.equal(await page.evaluate(() => document.getElementById('w').shadowRoot.querySelectorAll('.bsw').length), 1, 'one widget, not two');
    assert.deepEqual(page.problems, []);
  } finally {
    await slow.close();
  }
});

test("a widget follows the host's colour scheme unless told otherwise", { skip }, async () => {
  const url = hostPage('dark.html', `
      <div id="follows" data-broadsheet data-limit="1"></div>
      <div id="light" data-broadsheet data-limit="1" data-theme="light"></div>
      <script type="module" src="${site.url}broadsheet-embed.js"></script>`, { css: 'body { background: #111 }', head: '<meta name="color-scheme" content="dark">' });
  const page = await site.page({ colorScheme: 'dark' });
  await page.goto(url);
  await widgetTitles(page, '#follows');
  await widgetTitles(page, '#light');
  const bg = (sel) => page.evaluate((sel) => getComputedStyle(document.querySelector(sel).shadowRoot.querySelector('.bsw')).backgroundColor, sel);
  assert.equal(await bg('#follows'), 'rgb(27, 32, 38)', 'dark, as the host page');
  assert.equal(await bg('#light'), 'rgb(255, 255, 255)', 'data-theme="light" wins');
  // A host that only supports light keeps a light widget even on a dark system.
  const lightUrl = hostPage('light.html', `<div id="w" data-broadsheet data-limit="1"></div>
      <script type="module" src="${site.url}broadsheet-embed.js"></script>`, { css: '' });
  await page.goto(lightUrl);
  await widgetTitles(page, '#w');
  assert.equal(await bg('#w'), 'rgb(255, 255, 255)');
  assert.deepEqual(page.problems, []);
});

test('the demo host page in the repo shows its three widgets', async () => {
  const s = await start(DIST);
  try {
    const page = await s.page();
    await page.goto(`${s.url}embed-demo.html`);
    const counts = [];
    for (const sel of ['[data-broadsheet][data-layout="cards"]', '[data-broadsheet]:not([data-layout])']) counts.push((await widgetTitles(page, sel)).length);
    const iframe = page.frames().find((f) => f.url().includes('embed.html'));
    counts.push((await widgetTitles(iframe, '[data-broadsheet]')).length);
    assert.ok(counts.every((n) => n > 0), `every widget lists articles: ${counts}`);
    assert.deepEqual(page.problems, []);
  } finally {
    await s.close();
  }
});

test('a host page with a strict Content-Security-Policy can embed widgets (no inline script or style needed)', { skip }, async () => {
  const origin = new URL(site.url).origin;
  const csp = `default-src 'none'; script-src ${origin} 'wasm-unsafe-eval'; connect-src ${origin}; style-src 'none'; img-src *`;
  const url = hostPage('csp.html', `
      <div id="w" data-broadsheet data-category="Guide" data-limit="2"></div>
      <script type="module" src="${site.url}broadsheet-embed.js"></script>`,
  { css: '', head: `<meta http-equiv="Content-Security-Policy" content="${csp}">` });
  const page = await site.page();
  await page.goto(url);
  assert.deepEqual(await widgetTitles(page, '#w'), inCategory(siteCatalog, ['Guide']).slice(0, 2).map((a) => a.title));
  // Styled by the widget's own stylesheet.
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('#w').shadowRoot.querySelector('.bsw')).borderTopLeftRadius), '12px');
  assert.deepEqual(page.problems, []);
});

test("a widget of the site's own category reads its list and the cards it shows, not the whole catalog", { skip }, async () => {
  const url = hostPage('one-list.html', `
    <div id="news" data-broadsheet data-category="Guide" data-limit="5"></div>
    <script type="module" src="${site.url}broadsheet-embed.js"></script>`);
  const page = await site.page();
  const data = [];
  page.on('response', (r) => { if (r.url().startsWith(`${site.url}articles/`)) data.push(r); });
  await page.goto(url);
  const wanted = inCategory(siteCatalog, ["Guide"]).slice(0, 5).map((a) => a.title);
  assert.ok(wanted.length >= 2);
  assert.deepEqual(await widgetTitles(page, '#news'), wanted);
  const files = data.map((r) => new URL(r.url()).pathname.replace(/^\/articles\//, ''));
  assert.ok(files.includes('site.json'), files.join('\n'));
  assert.ok(files.some((f) => /^broadsheet-data\/[0-9a-f]{12}\/lists\/[0-9a-f]{16}-0\.json$/.test(f)), files.join('\n'));
  assert.ok(files.every((f) => f === 'site.json' || /^broadsheet-data\//.test(f)), `only the site data: ${files.join(', ')}`);
  // What a host page's readers pay for it, as gzip would send it.
  const zlib = await import('node:zlib');
  let gzip = 0;
  for (const r of data) gzip += zlib.gzipSync(await r.body(), { level: 9 }).length;
  assert.ok(gzip <= 20000, `${gzip} bytes of data (gzip)`);
  assert.deepEqual(page.problems, []);
});

test('widgets are opt-in by source: one placed later with a source the script tag does not list shows nothing', { skip }, async () => {
  // Issue 25: a host that allows data-* attributes in its users' comments.
  const url = hostPage('opt-in.html', `
    <div id="own" data-broadsheet data-category="Guide" data-limit="2"></div>
    <script type="module" src="${site.url}broadsheet-embed.js" data-allow-src="${new URL(blogServer.url('')).origin}"></script>`);
  const evil = await sourceServer(blog.dir);
  try {
    const page = await site.page();
    const requested = [];
    page.on('request', (r) => { if (r.url().startsWith(evil.url(''))) requested.push(r.url()); });
    const refusedWarning = page.waitForEvent('console', { predicate: (m) => m.type() === 'warning' && m.text().includes('does not allow'), timeout: 20000 });
    page.allow.push(/does not allow/);
    await page.goto(url);
    assert.deepEqual(await widgetTitles(page, '#own'), inCategory(siteCatalog, ['Guide']).slice(0, 2).map((a) => a.title));
    // A "comment" adds two widgets: one from a site not listed, one from a listed one.
    await page.evaluate(([evilSrc, okSrc]) => {
      document.body.insertAdjacentHTML('beforeend', `<div class="comment">
        <div id="planted" data-broadsheet data-src="${evilSrc}" data-link-target="_top"></div>
        <div id="listed" data-broadsheet data-src="${okSrc}" data-limit="2"></div></div>`);
    }, [evil.url('catalog.json'), blogServer.url('catalog.json')]);
    await refusedWarning;
    // Both were looked at in the same pass: the listed one lists, the planted one has no widget.
    assert.equal((await widgetTitles(page, '#listed')).length, 2);
    assert.equal(await page.evaluate(() => document.querySelector('#planted').shadowRoot), null);
    assert.deepEqual(requested, [], 'nothing was fetched from the planted source');
    assert.deepEqual(page.problems, []);
  } finally {
    await evil.close();
  }
});
