// The app takes over the page written at build time (`broadsheet pages`) without a
// visible change: for every kind of route, the document is caught before the app starts
// (boot.js held back), then the app is let go; after takeover its DOM equals the static
// copy's (normalized: element names, attributes, text), the screenshots before and after
// are the same pixels, and no layout shift was recorded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, cli, DIST, DIST_HEXO, SEED, readCatalog, requireDist } from './helpers.mjs';

const PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="#8ab"/></svg>';

// Read now: the tests are made from it (one per kind of route).
const catalog = readCatalog(DIST);
const hexo = fs.existsSync(path.join(DIST_HEXO, 'index.html'));
const sites = {};
const dirs = [];

/**
 * A copy of a built site whose pages are written for the address it is served at (as
 * published: BROADSHEET_BASE_URL is the site's own), so their absolute addresses
 * (images of the posts, the feed) are the ones the app computes.
 */
async function served(dist) {
  requireDist(dist);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-takeover-'));
  dirs.push(dir);
  fs.cpSync(dist, dir, { recursive: true });
  const site = await start(dir);
  const r = cli(['pages', dir, '--base-url', site.url, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  return site;
}

before(async () => {
  sites.demo = await served(DIST);
  // A list with more than one page (63 articles): its page 2, written as page/2.html.
  if (hexo) sites.hexo = await served(DIST_HEXO);
});
after(async () => {
  for (const site of Object.values(sites)) await site.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Every kind of route the build writes a page for (English article: the longest). */
function routes() {
  const english = catalog.articles.filter((a) => !/[\u4e00-\u9fff]/.test(a.title));
  const long = english.reduce((a, b) => (b.reading_minutes > a.reading_minutes ? b : a), english[0]);
  const tagged = catalog.articles.find((a) => a.tags.length);
  const authored = catalog.articles.find((a) => a.author);
  return [
    ['home', ''],
    ['category', `category/${encodeURIComponent(SEED.categories[0])}`],
    ['subcategory', `category/${SEED.categories.map(encodeURIComponent).join('/')}`],
    ['tags', 'tags'],
    ['tag', `tag/${encodeURIComponent(tagged.tags[0])}`],
    ['authors', 'authors'],
    ['author', `author/${encodeURIComponent(authored.author)}`],
    ['archive', 'archive'],
    ['year', 'archive/2021'],
    ['month', 'archive/2021/04'],
    ['seed article', `article/${SEED.slug}`],
    ['English article', `article/${encodeURIComponent(long.slug)}`],
  ].map(([kind, route]) => [kind, 'demo', route]).concat([['home list\'s page 2', 'hexo', 'page/2']]);
}

/**
 * The frame of the page as a normalized outline: one line per element (its name and
 * attributes, sorted) and per run of text (whitespace collapsed). Left out: comments
 * (the markers a render leaves); the reading progress bar's state (measured from the
 * window once the app runs; invisible at the top of the page); the `<g>` that Leptos's
 * DOM renderer (tachys 0.2) leaves around static SVG children (its parsing template;
 * no attributes, so nothing drawn differs).
 */
function outline(selector) {
  const root = document.querySelector(selector);
  if (!root) return null;
  const lines = [];
  const walk = (node, depth) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        const text = child.textContent.replace(/\s+/g, ' ').trim();
        if (text) lines.push(`${'  '.repeat(depth)}"${text}"`);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        if (child.localName === 'g' && child.namespaceURI === 'http://www.w3.org/2000/svg' && !child.attributes.length) {
          walk(child, depth);
          continue;
        }
        const measured = child.classList.contains('bs-progress') ? ['hidden', 'value'] : [];
        const attrs = [...child.attributes]
          .filter((a) => !measured.includes(a.name))
          .map((a) => `${a.name}=${JSON.stringify(a.value)}`).sort();
        lines.push(`${'  '.repeat(depth)}<${child.localName}${attrs.length ? ' ' + attrs.join(' ') : ''}>`);
        walk(child, depth + 1);
      }
    }
  };
  walk(root, 0);
  return lines.join('\n');
}

/** Waits until every image of the page is loaded (or failed) and fonts are ready. */
async function settled(page) {
  // (Lazy images below the window are not loaded at all.)
  await page.waitForFunction(() => [...document.images].every((i) => i.complete || i.getBoundingClientRect().top > innerHeight));
  // Loaded is not decoded (`decoding="async"`): a picture the app has just put on the
  // page may be painted a frame or two after it is complete.
  await page.evaluate(() => Promise.all([...document.images]
    .filter((i) => i.getBoundingClientRect().top < innerHeight && i.getBoundingClientRect().height > 0)
    .map((i) => i.decode().catch(() => undefined))));
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Two frames: what was just laid out is painted.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * How many pixels differ between two PNG screenshots by more than `NOISE` in a colour
 * channel, and the box around them (decoded by the browser: no image library here).
 * Chromium's rasterizer does not always antialias the same edge identically in two
 * paints of the same layout (seen: the rounded left edge of a chip, a few levels apart,
 * in one run of several); a change a reader could see is far above that.
 */
const NOISE = 24;

async function pixelDiff(page, a, b) {
  return page.evaluate(async ([a, b, NOISE]) => {
    const load = async (b64) => {
      const img = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
      const c = new OffscreenCanvas(img.width, img.height);
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return g.getImageData(0, 0, img.width, img.height);
    };
    const [x, y] = [await load(a), await load(b)];
    if (x.width !== y.width || x.height !== y.height) return { pixels: -1, box: null };
    let pixels = 0;
    let box = null;
    let maxDelta = 0;
    for (let i = 0; i < x.data.length; i += 4) {
      const delta = Math.max(...[0, 1, 2].map((c) => Math.abs(x.data[i + c] - y.data[i + c])));
      maxDelta = Math.max(maxDelta, delta);
      if (delta > NOISE) {
        pixels++;
        const px = (i / 4) % x.width;
        const py = Math.floor(i / 4 / x.width);
        box = box ? [Math.min(box[0], px), Math.min(box[1], py), Math.max(box[2], px), Math.max(box[3], py)] : [px, py, px, py];
      }
    }
    return { pixels, box, maxDelta };
  }, [a.toString('base64'), b.toString('base64'), NOISE]);
}

for (const [kind, on, route] of routes()) {
  const skip = on === 'hexo' && !hexo ? 'target/dist-hexo not built' : false;
  test(`takeover of the ${kind} page: same DOM, same pixels, no layout shift`, { skip }, async () => {
    const site = sites[on];
    const page = await site.page({ viewport: { width: 1280, height: 900 } });
    // Images from other hosts (this machine is offline) are served a local picture: the
    // comparison is of pages whose images load (a broken one becomes a tile in the app).
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (r) => (r.request().resourceType() === 'image'
      ? r.fulfill({ contentType: 'image/svg+xml', body: PICTURE })
      : r.abort()));
    await page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const where = (e.sources || []).map((s) => {
            const n = s.node;
            const name = n ? (n.nodeType === 1 ? `${n.localName}.${[...n.classList].join('.')}` : n.nodeName) : '?';
            return `${name} ${JSON.stringify(s.previousRect)}→${JSON.stringify(s.currentRect)}`;
          });
          window.__shifts.push(`${e.value} at ${Math.round(e.startTime)} ms${document.querySelector('.bs-prerendered') ? ' (static)' : ''}: ${where.join('; ')}`);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    // boot.js (which starts the app) waits until the static page has been looked at.
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route('**/boot.js', async (r) => { await held; await r.continue(); });
    await page.staticGoto(site.url + route, { waitUntil: 'commit' });
    // Parsed to the end (the held module script runs after that).
    await page.waitForFunction(() => document.readyState !== 'loading' && document.querySelector('.bs-prerendered .bs-app'));
    await settled(page);
    const before = await page.evaluate(outline, '.bs-prerendered > .bs-app');
    const shotBefore = await page.screenshot();
    release();
    await page.waitForFunction(() => !document.querySelector('.bs-prerendered') && document.querySelector('.bs-app'));
    await settled(page);
    const after = await page.evaluate(outline, 'body > .bs-app');
    assert.ok(before && before.length > 200, 'the static copy has content');
    if (process.env.BROADSHEET_TAKEOVER_DUMP) {
      const f = (w) => path.join(os.tmpdir(), `bs-takeover-${kind.replace(/ /g, '-')}-${w}.txt`);
      fs.writeFileSync(f('before'), before);
      fs.writeFileSync(f('after'), after);
    }
    assert.equal(after, before, 'the app draws what the page already showed');
    const shotAfter = await page.screenshot();
    if (process.env.BROADSHEET_TAKEOVER_DUMP) {
      const f = (w) => path.join(os.tmpdir(), `bs-takeover-${kind.replace(/ /g, '-')}-${w}.png`);
      fs.writeFileSync(f('before'), shotBefore);
      fs.writeFileSync(f('after'), shotAfter);
    }
    const diff = await pixelDiff(page, shotBefore, shotAfter);
    assert.equal(diff.pixels, 0, `the screenshots before and after takeover are the same (${JSON.stringify(diff)})`);
    const shifts = await page.evaluate(() => window.__shifts);
    assert.deepEqual(shifts, [], 'no layout shift');
    assert.deepEqual(page.problems, []);
  });
}

// The static copy already shows the article: the app takes its body from there (built
// and sanitized by the same code at build time) instead of fetching the post file and
// sanitizing it again; a Markdown post's reader wasm is not needed for it either. The
// app's first frame is built in short tasks, hidden, and shown in one (`boot`).
test('takeover of a Markdown article reads its body from the page: the post file is not fetched', async () => {
  const article = catalog.articles.find((a) => a.format === 'markdown' && /<img|!\[/.test(fs.readFileSync(path.join(DIST, 'articles', a.path), 'utf8')));
  assert.ok(article, 'the demo has a Markdown article with a picture');
  const page = await sites.demo.page();
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (r) => (r.request().resourceType() === 'image'
    ? r.fulfill({ contentType: 'image/svg+xml', body: PICTURE })
    : r.abort()));
  const asked = [];
  page.on('request', (r) => asked.push(r.url()));
  await page.goto(sites.demo.url + `article/${encodeURIComponent(article.slug)}`);
  const seen = await page.evaluate(() => ({
    booting: document.documentElement.hasAttribute('data-bs-booting'),
    body: document.querySelector('body > .bs-app .bs-body')?.textContent.length || 0,
    broken: document.querySelectorAll('body > .bs-app .bs-body .bs-img-broken').length,
    images: document.querySelectorAll('body > .bs-app .bs-body img').length,
  }));
  assert.equal(seen.booting, false, 'the app is shown');
  assert.ok(seen.body > 500, `the body is drawn (${seen.body} characters)`);
  assert.ok(seen.images > 0 && seen.broken === 0, `its pictures are there (${JSON.stringify(seen)})`);
  const postFile = `/articles/${article.path.split('/').map(encodeURIComponent).join('/')}`;
  assert.deepEqual(asked.filter((u) => new URL(u).pathname === postFile), [], 'the post file was not fetched');
  assert.deepEqual(page.problems, []);
});

// The static page is a working page while the app builds its frame: what the reader
// typed into its search box meanwhile is carried into the app's box (text, focus,
// caret), and the search runs.
test('text typed into the static search box before takeover is searched by the app', async () => {
  const page = await sites.demo.page();
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/boot.js', async (r) => { await held; await r.continue(); });
  await page.staticGoto(sites.demo.url + `article/${SEED.slug}`, { waitUntil: 'commit' });
  const box = page.locator('.bs-prerendered .bs-search-input');
  await box.waitFor();
  await box.click();
  await box.pressSequentially('github');
  release();
  await page.waitForFunction(() => !document.querySelector('.bs-prerendered') && document.querySelector('main .bs-results .bs-card'));
  const seen = await page.evaluate(() => {
    const input = document.querySelector('body > .bs-app .bs-search-input');
    return {
      value: input.value,
      focused: document.activeElement === input,
      caret: [input.selectionStart, input.selectionEnd],
      q: new URLSearchParams(location.search).get('q'),
    };
  });
  assert.deepEqual(seen, { value: 'github', focused: true, caret: [6, 6], q: 'github' });
  assert.deepEqual(page.problems, []);
});
