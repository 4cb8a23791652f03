#!/usr/bin/env node
// A/B of the first search on a loaded page: two builds of the app (dist folders) over the
// same articles, loaded alternately in one headless Chromium (a fresh context, empty
// cache, each time), as bench/ab-first-list.mjs does for the first list.
//
//   node bench/ab-search.mjs <distA> <distB> [--articles DIR] [--articles-b DIR] [--reps N] [--q QUERY]
//
// --articles-b: build B's own articles (e.g. written by an older CLI whose index format
// that build reads); default: the same as A's.
// Per load: the home page is opened and left to settle (`<html data-bs-warm="done">`,
// what the app fetches ahead of a search once the list is painted), then QUERY is typed
// into the search box. Printed per build (medians): keystroke → complete results painted
// (`.bs-result-count[data-complete="true"]`), → facet panel drawn with its counts
// (`.bs-refine[data-state]`), the site data (articles/…) fetched from the keystroke to
// the results and to the facets, and the search data fetched ahead (during warm-up), in
// gzip bytes (the server's x-gzip-length). Then, on one more page per build: JS heap +
// wasm memory after home, a category page, an article and ten searches (garbage
// collected first, as bench/run.mjs measures the heap).
import { abSites, DEFAULT_ARTICLES, median, options } from './lib/ab.mjs';

const args = process.argv.slice(2);
const opt = options(args);
const articles = opt('articles', DEFAULT_ARTICLES);
const articlesB = opt('articles-b', articles);
const reps = Number(opt('reps', '7'));
const Q = opt('q', 'javascript');
// Ten searches for the memory figure: English, CJK, a prefix, a phrase, a filter.
const TEN = ['javascript', 'rust', '中国', '期货', 'comp', '"virtual hosts"', 'server', 'data -css', '汇率', 'tag:rust'];
const builds = args.slice(0, 2);
if (builds.length !== 2) throw new Error('usage: node bench/ab-search.mjs <distA> <distB> [--articles DIR] [--reps N] [--q QUERY]');
const { servers, browser, close } = await abSites(builds, [articles, articlesB]);

const gzipBytes = (rs) => rs.reduce((n, r) => {
  const h = r.headers();
  return n + Number(h['x-gzip-length'] ?? h['x-raw-length'] ?? 0);
}, 0);

/** Waits (polling each frame) for the results of `q` complete; resolves with performance.now(). */
const complete = (page, q) => page.waitForFunction((q) => {
  const el = document.querySelector('.bs-result-count');
  return el && el.getAttribute('data-q') === q && el.getAttribute('data-complete') === 'true' && performance.now();
}, q, { timeout: 300000, polling: 'raf' }).then((h) => h.jsonValue());

async function loaded(server) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const data = [];
  page.on('response', (r) => { if (/\/articles\//.test(r.url())) data.push({ r, at: Date.now() }); });
  await page.goto(server.url);
  await page.waitForSelector('html[data-bs-warm="done"]', { timeout: 300000 });
  return { ctx, page, data };
}

async function firstSearch(server) {
  const { ctx, page, data } = await loaded(server);
  const before = data.length;
  await page.click('input.bs-search-input');
  const t0 = await page.evaluate(() => performance.now());
  const origin = await page.evaluate(() => performance.timeOrigin);
  await page.fill('input.bs-search-input', Q);
  const results = await complete(page, Q);
  const facets = await page.waitForFunction(() => document.querySelector('.bs-refine[data-state]') && performance.now(), null, { timeout: 300000, polling: 'raf' }).then((h) => h.jsonValue());
  const after = data.slice(before).map((d) => d.r);
  const startedBy = (t) => after.filter((r) => r.request().timing().startTime <= origin + t);
  const ahead = data.slice(0, before).map((d) => d.r).filter((r) => /search|facets/.test(r.url()));
  const out = {
    results: results - t0,
    facets: facets - t0,
    toResults: gzipBytes(startedBy(results)),
    toFacets: gzipBytes(startedBy(facets)),
    files: startedBy(facets).length,
    ahead: gzipBytes(ahead),
    catalog: after.some((r) => /catalog\.json$/.test(r.url())),
  };
  await ctx.close();
  return out;
}

async function memory(server) {
  const { ctx, page } = await loaded(server);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  // A big category, an article from it, then ten searches.
  const cat = await page.locator('.bs-catnav a, .bs-sidebar a[href*="category/"]').first().getAttribute('href');
  await page.goto(new URL(cat, server.url).href);
  await page.waitForSelector('main .bs-list article.bs-card');
  await page.locator('main .bs-list .bs-card-title a').first().click();
  await page.waitForSelector('main .bs-article');
  for (const q of TEN) {
    await page.goto(`${server.url}?q=${encodeURIComponent(q)}`);
    await complete(page, q);
  }
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const js = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  const wasm = await page.evaluate(() => window.wasmBindings.bs_memory_bytes());
  await ctx.close();
  return { js, wasm };
}

try {
  // Uncounted: a freshly launched browser's first pages pay one-time costs, and the
  // server compresses each file on its first request (a static host serves it cached).
  for (const s of servers) await firstSearch(s);
  const runs = [[], []];
  for (let i = 0; i < reps; i++) for (const k of [0, 1]) runs[k].push(await firstSearch(servers[k]));
  const kb = (b) => `${(b / 1e3).toFixed(1)} kB`;
  for (const k of [0, 1]) {
    const m = (f) => median(runs[k].map(f));
    const mem = await memory(servers[k]);
    console.log(`${'AB'[k]} ${builds[k]}: first search "${Q}" on a loaded page: results ${m((r) => r.results).toFixed(0)} ms, facets ${m((r) => r.facets).toFixed(0)} ms (median of ${reps}); `
      + `data from the keystroke: ${kb(m((r) => r.toResults))} gzip to the results, ${kb(m((r) => r.toFacets))} to the facets (${m((r) => r.files)} files)${runs[k].some((r) => r.catalog) ? ', catalog.json included' : ''}; `
      + `search data fetched ahead: ${kb(m((r) => r.ahead))}; `
      + `memory after home, a category, an article and ten searches: ${(mem.js / 1e6).toFixed(1)} MB JS + ${(mem.wasm / 1e6).toFixed(1)} MB wasm = ${((mem.js + mem.wasm) / 1e6).toFixed(1)} MB`);
  }
} finally {
  await close();
}
