#!/usr/bin/env node
// A/B of the first list painted: two builds of the app (dist folders) over the same
// articles, loaded alternately in one headless Chromium (a fresh context, empty cache,
// each time), so both see the same machine state. Sequential benchmark runs of two
// builds differ by ±50–150 ms on a 2-core machine from run to run; interleaving removes
// that drift.
//
//   node bench/ab-first-list.mjs <distA> <distB> [--articles DIR] [--reps N] [--path P]
//
// --articles: a folder whose articles/ (catalog.json, search.bin, post files) both builds
// serve (default: the benchmark's 10,000-article site, $TMPDIR/broadsheet-bench/site-10000,
// which `node bench/run.mjs` leaves behind). Prints, per build, the median time from
// navigation start to the first `.bs-list article.bs-card` in the DOM and to the frame
// that paints it (a message posted from that frame's rAF callback, as bench/run.mjs
// measures it), and the site data (articles/…) fetched before that frame, in gzip bytes.
import { abSites, DEFAULT_ARTICLES, median, options } from './lib/ab.mjs';

const args = process.argv.slice(2);
const opt = options(args);
const articles = opt('articles', DEFAULT_ARTICLES);
const reps = Number(opt('reps', '15'));
// A page other than the home page (e.g. `?page=2000`, `category/Code?page=1200`).
const at = opt('path', '');
const builds = args.slice(0, 2);
if (builds.length !== 2) throw new Error('usage: node bench/ab-first-list.mjs <distA> <distB> [--articles DIR] [--reps N] [--path P]');
const { servers, browser, close } = await abSites(builds, [articles, articles]);

async function load(server) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addInitScript(() => {
    window.__ab = {};
    new MutationObserver(() => {
      if (window.__ab.dom || !document.querySelector('.bs-list article.bs-card')) return;
      window.__ab.dom = performance.now();
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => { window.__ab.painted = performance.now(); };
        ch.port2.postMessage(0);
      });
    }).observe(document, { subtree: true, childList: true });
  });
  const page = await ctx.newPage();
  const data = [];
  page.on('response', (r) => { if (/\/articles\//.test(r.url())) data.push(r); });
  await page.goto(server.url + at);
  await page.waitForFunction(() => window.__ab.painted, null, { timeout: 60000, polling: 20 });
  const t = await page.evaluate(() => ({ ...window.__ab, origin: performance.timeOrigin }));
  // The site's data fetched before the first list was painted, as gzip would send it
  // (the server's x-gzip-length; GitHub Pages may send gzip rather than brotli).
  t.bytes = 0;
  t.files = 0;
  for (const r of data) {
    if (r.request().timing().startTime > t.origin + t.painted) continue;
    const h = r.headers();
    t.bytes += Number(h['x-gzip-length'] ?? h['x-raw-length'] ?? 0);
    t.files++;
  }
  await ctx.close();
  return t;
}

try {
  // One uncounted load each: the freshly launched browser's first pages pay one-time costs.
  for (const s of servers) await load(s);
  const times = [[], []];
  for (let i = 0; i < reps; i++) for (const k of [0, 1]) times[k].push(await load(servers[k]));
  for (const k of [0, 1]) {
    const dom = median(times[k].map((t) => t.dom));
    const painted = median(times[k].map((t) => t.painted));
    const kb = median(times[k].map((t) => t.bytes)) / 1e3;
    const files = median(times[k].map((t) => t.files));
    console.log(`${'AB'[k]} ${builds[k]}: first card in the DOM ${dom.toFixed(0)} ms, painted ${painted.toFixed(0)} ms (median of ${reps}); data before it: ${kb.toFixed(1)} kB gzip in ${files} files`);
  }
} finally {
  await close();
}
