#!/usr/bin/env node
// Index build benchmark: `broadsheet index` wall time and peak memory (RSS) over the
// generated corpora, and what it writes; optionally beside another build of the CLI
// (`--vs`, e.g. the last release) and Pagefind's indexer, measured in the same run.
//
//   node bench/index-build.mjs [--sizes 1000,10000,100000] [--runs 3]
//                              [--vs path/to/other/broadsheet] [--pagefind] [--update] [--pages]
//
// --update: instead, the incremental rebuild. Per size, a copy of the corpus (hard links;
// an edited file is replaced, never written through, so the shared corpus stays as it is)
// is indexed once in full (timed), then --runs times one post is edited (a sentence added)
// and one newest post added, and `broadsheet index` runs again on the same output folder
// (timed; its summary must say it updated); last, a run with nothing changed.
//
// --pages: instead, `broadsheet pages` (a page per address, the static-first build). Per
// size, a site folder is made once (not timed): the corpus hard-linked as its articles/,
// indexed in place, the build's index.html as the shell (target/dist's, else the
// repository's). Then each CLI (ours, and --vs's) writes every page --runs times, the
// pages of the run before removed first. Printed: wall and peak RSS, pages written and
// their bytes on disk.
//
// Each run indexes a fresh copy of nothing: the corpus ($TMPDIR/broadsheet-bench/corpus-<n>,
// made by gen-corpus.mjs and shared with run.mjs) is read in place and the output goes to
// an empty folder. Wall time and peak RSS come from GNU time (`/usr/bin/time -f`), which
// sees the whole process tree. Printed: median and spread of the runs, output sizes
// (catalog raw and gzip -6, search.bin, shard count and total), and ratios.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { corpus, WORK } from './lib/corpus.mjs';
import { exportEach } from './lib/export.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const CLI = path.join(ROOT, 'target/release/broadsheet');
const TIME = '/usr/bin/time';

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? def : argv[i + 1];
};
const SIZES = opt('sizes', '1000,10000,100000').split(',').map(Number).filter((n) => n > 0);
const RUNS = Number(opt('runs', 3));
const VS = opt('vs', null);
const PAGEFIND = argv.includes('--pagefind');
const log = (...a) => console.error('[index-bench]', ...a);

if (!fs.existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed for peak memory: apt-get install time`);
if (!fs.existsSync(CLI)) {
  log('building the CLI: cargo build --release --bin broadsheet');
  const b = spawnSync('cargo', ['build', '--release', '--bin', 'broadsheet'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}

/** One timed run of `cmd args`: { s, mb, stdout } or { error }. */
function timed(cmd, args) {
  const r = spawnSync(TIME, ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const last = r.stderr.trim().split('\n').pop();
  const [s, kb] = last.split(' ').map(Number);
  if (r.status !== 0 || !Number.isFinite(s)) return { error: `${r.status}: ${r.stderr.slice(-400)}` };
  return { s, mb: kb / 1024, stdout: r.stdout };
}

function outputSizes(dir) {
  const files = fs.readdirSync(dir);
  const size = (f) => fs.statSync(path.join(dir, f)).size;
  const catalog = fs.readFileSync(path.join(dir, 'catalog.json'));
  const shards = files.filter((f) => /^search-[0-9a-f]{12}-\d+\.bin$/.test(f));
  return {
    catalogMB: catalog.length / 1e6,
    catalogGzipMB: zlib.gzipSync(catalog, { level: 6 }).length / 1e6,
    searchBinKB: size('search.bin') / 1e3,
    shards: shards.length,
    shardsMB: shards.reduce((t, f) => t + size(f), 0) / 1e6,
  };
}

function measure(label, cmd, argsFor, n) {
  const posts = corpus(n, log);
  const runs = [];
  let sizes = null;
  for (let i = 0; i < RUNS; i++) {
    const out = fs.mkdtempSync(path.join(WORK, 'index-out-'));
    const r = timed(cmd, argsFor(posts, out));
    if (r.error) {
      fs.rmSync(out, { recursive: true, force: true });
      return { label, n, error: r.error };
    }
    runs.push(r);
    if (!sizes && fs.existsSync(path.join(out, 'catalog.json'))) sizes = outputSizes(out);
    fs.rmSync(out, { recursive: true, force: true });
    log(`${label} ${n}: ${r.s.toFixed(1)} s, ${r.mb.toFixed(0)} MB`);
  }
  const sorted = (k) => runs.map((r) => r[k]).sort((a, b) => a - b);
  const med = (k) => sorted(k)[Math.floor(runs.length / 2)];
  return { label, n, s: med('s'), sMin: sorted('s')[0], sMax: sorted('s').at(-1), mb: med('mb'), sizes };
}

const engines = [['broadsheet', CLI, (p, o) => ['index', p, '--out', o, '--quiet']]];
if (VS) engines.push(['broadsheet (--vs)', path.resolve(VS), (p, o) => ['index', p, '--out', o, '--quiet']]);
if (PAGEFIND) {
  // Pagefind indexes HTML pages: the same corpus written as one page per article by
  // `broadsheet export` (not timed; made before the runs, below), as run.mjs does.
  engines.push(['pagefind', path.join(ROOT, 'node_modules/.bin/pagefind'), (p, o) => ['--site', sites.get(p), '--output-path', o, '--quiet']]);
}
const sites = new Map();
async function pagefindSite(posts) {
  const site = `${posts}-pagefind-site`;
  if (!fs.existsSync(path.join(site, '.done'))) {
    fs.rmSync(site, { recursive: true, force: true });
    fs.mkdirSync(site, { recursive: true });
    // The export read a line at a time (bench/lib/export.mjs): at 100,000 articles it is
    // larger than the longest string Node can hold.
    const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    await exportEach(CLI, posts, (d) => {
      fs.writeFileSync(path.join(site, `${d.slug}.html`.replace(/\//g, '_')),
        `<!doctype html><html lang="en"><head><title>${esc(d.title)}</title></head><body><main data-pagefind-body><h1>${esc(d.title)}</h1><p>${esc(d.text)}</p></main></body></html>\n`);
    });
    fs.writeFileSync(path.join(site, '.done'), '');
  }
  sites.set(posts, site);
}
if (PAGEFIND) for (const n of SIZES) await pagefindSite(corpus(n, log));

/** Every .md file under `dir`. */
function postFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('.')) postFiles(p, out);
    else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
  }
  return out;
}

/** The incremental rebuild at `n` articles (see --update above). */
function measureUpdate(n) {
  const posts = corpus(n, log);
  const copy = path.join(WORK, `update-posts-${n}`);
  fs.rmSync(copy, { recursive: true, force: true });
  const cp = spawnSync('cp', ['-al', posts, copy]);
  if (cp.status !== 0) throw new Error(`cp -al ${posts} ${copy} failed`);
  const out = fs.mkdtempSync(path.join(WORK, 'index-out-'));
  const full = timed(CLI, ['index', copy, '--out', out, '--quiet']);
  if (full.error) return { n, error: full.error };
  log(`full ${n}: ${full.s.toFixed(1)} s, ${full.mb.toFixed(0)} MB`);
  const files = postFiles(copy).sort();
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const edited = files[(i * 7919 + 13) % files.length];
    const text = fs.readFileSync(edited, 'utf8');
    fs.unlinkSync(edited); // a hard link: replace the file, never write through it
    fs.writeFileSync(edited, `${text}\n\nAn update to this post, number ${i}.\n`);
    fs.writeFileSync(path.join(copy, `zz-new-${i}.md`),
      `---\ntitle: A new post ${i}\ndate: ${2040 + i}-01-02 03:04:05\ncategories: [Code]\ntags: [news]\n---\nWritten after the first build, post ${i}.\n`);
    const r = timed(CLI, ['index', copy, '--out', out]);
    if (r.error) return { n, error: r.error };
    if (!/updated: 2 posts read again/.test(r.stdout)) return { n, error: `not an update: ${r.stdout.trim()}` };
    log(`update ${n}: ${r.s.toFixed(2)} s, ${r.mb.toFixed(0)} MB`);
    runs.push(r);
  }
  const same = timed(CLI, ['index', copy, '--out', out]);
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(copy, { recursive: true, force: true });
  const sorted = (k) => runs.map((r) => r[k]).sort((a, b) => a - b);
  const med = (k) => sorted(k)[Math.floor(runs.length / 2)];
  return { n, full, s: med('s'), sMin: sorted('s')[0], sMax: sorted('s').at(-1), mb: med('mb'), same };
}

/** Every file under `dir` but `skip` (a top-level name): [count of .html, bytes]. */
function pagesIn(dir, skip, top = true) {
  let pages = 0;
  let bytes = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (top && e.name === skip) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const [n, b] = pagesIn(p, skip, false);
      pages += n;
      bytes += b;
    } else if (e.isFile()) {
      if (e.name.endsWith('.html')) pages++;
      bytes += fs.statSync(p).size;
    }
  }
  return [pages, bytes];
}

/** `broadsheet pages` at `n` articles (see --pages above), for each engine. */
function measurePages(n) {
  const posts = corpus(n, log);
  const site = path.join(WORK, `pages-site-${n}`);
  const articles = path.join(site, 'articles');
  if (!fs.existsSync(path.join(articles, 'site.json'))) {
    fs.rmSync(site, { recursive: true, force: true });
    fs.mkdirSync(site, { recursive: true });
    const cp = spawnSync('cp', ['-al', posts, articles]);
    if (cp.status !== 0) throw new Error(`cp -al ${posts} ${articles} failed`);
    const ix = timed(CLI, ['index', articles, '--quiet']);
    if (ix.error) throw new Error(`index: ${ix.error}`);
  }
  const built = path.join(ROOT, 'target/dist/index.html');
  const shell = fs.readFileSync(fs.existsSync(built) ? built : path.join(ROOT, 'index.html'));
  const rows = [];
  const clis = [['broadsheet', CLI]];
  if (VS) clis.push(['broadsheet (--vs)', path.resolve(VS)]);
  for (const [label, cmd] of clis) {
    const runs = [];
    let written = null;
    for (let i = 0; i < RUNS; i++) {
      for (const e of fs.readdirSync(site)) {
        if (e !== 'articles') fs.rmSync(path.join(site, e), { recursive: true, force: true });
      }
      fs.writeFileSync(path.join(site, '404.html'), shell);
      fs.writeFileSync(path.join(site, 'index.html'), shell);
      const r = timed(cmd, ['pages', site, '--base-url', 'https://example.org/news/', '--quiet']);
      if (r.error) {
        rows.push({ label, n, error: r.error });
        break;
      }
      written ??= pagesIn(site, 'articles');
      log(`pages ${label} ${n}: ${r.s.toFixed(1)} s, ${r.mb.toFixed(0)} MB`);
      runs.push(r);
    }
    if (runs.length < RUNS) continue;
    const sorted = (k) => runs.map((r) => r[k]).sort((a, b) => a - b);
    const med = (k) => sorted(k)[Math.floor(runs.length / 2)];
    rows.push({ label, n, s: med('s'), sMin: sorted('s')[0], sMax: sorted('s').at(-1), mb: med('mb'), mbMax: sorted('mb').at(-1), pages: written[0], bytes: written[1] });
  }
  return rows;
}

if (argv.includes('--pages')) {
  const rows = SIZES.flatMap(measurePages);
  console.log(`\nbroadsheet pages: median of ${RUNS} runs (min–max), peak RSS (max); ${os.cpus().length} CPUs`);
  console.log('| engine | articles | pages written | wall s | peak MB | ms a page | bytes on disk |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) {
    if (r.error) {
      console.log(`| ${r.label} | ${r.n} | failed: ${r.error.split('\n').pop()} | | | | |`);
      continue;
    }
    console.log(`| ${r.label} | ${r.n} | ${r.pages} | ${r.s.toFixed(1)} (${r.sMin.toFixed(1)}–${r.sMax.toFixed(1)}) | ${r.mb.toFixed(0)} (${r.mbMax.toFixed(0)}) | ${(r.s * 1000 / r.pages).toFixed(2)} | ${(r.bytes / 1e6).toFixed(0)} MB |`);
  }
  for (const n of SIZES) {
    const b = rows.find((r) => r.n === n && r.label === 'broadsheet' && !r.error);
    const o = rows.find((r) => r.n === n && r.label !== 'broadsheet' && !r.error);
    if (b && o) console.log(`${n}: broadsheet ÷ --vs: time ${(b.s / o.s).toFixed(2)}×, memory ${(b.mb / o.mb).toFixed(2)}×`);
  }
  const ok = rows.filter((r) => r.label === 'broadsheet' && !r.error);
  if (ok.length) console.log(`RESULT pages ${ok.map((r) => `${r.n}: ${r.s.toFixed(1)} s ${r.mb.toFixed(0)} MB`).join(', ')}`);
  process.exit(rows.some((r) => r.error) ? 1 : 0);
}

if (argv.includes('--update')) {
  const rows = SIZES.map(measureUpdate);
  console.log(`\nbroadsheet index after 1 post edited + 1 added: median of ${RUNS} runs (min–max), peak RSS; ${os.cpus().length} CPUs`);
  console.log('| articles | full build s (peak MB) | update s (peak MB) | full ÷ update | nothing changed s |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    if (r.error) {
      console.log(`| ${r.n} | failed: ${r.error.split('\n').pop()} | | | |`);
      continue;
    }
    console.log(`| ${r.n} | ${r.full.s.toFixed(1)} (${r.full.mb.toFixed(0)}) | ${r.s.toFixed(2)} (${r.sMin.toFixed(2)}–${r.sMax.toFixed(2)}) (${r.mb.toFixed(0)}) | ${(r.full.s / r.s).toFixed(1)}× | ${r.same.error ? 'failed' : r.same.s.toFixed(2)} |`);
  }
  const big = rows.filter((r) => !r.error).at(-1);
  if (big) console.log(`RESULT index update ${big.n} articles: ${big.s.toFixed(2)} s (full ${big.full.s.toFixed(1)} s), ${big.mb.toFixed(0)} MB peak`);
  process.exit(rows.some((r) => r.error) ? 1 : 0);
}

const results = [];
for (const n of SIZES) {
  for (const [label, cmd, args] of engines) results.push(measure(label, cmd, args, n));
}

const f1 = (x) => (x === undefined ? '–' : x.toFixed(1));
console.log(`\nbroadsheet index: median of ${RUNS} runs (min–max), peak RSS; ${os.cpus().length} CPUs`);
console.log('| engine | articles | wall s | peak MB | catalog MB (gzip) | search.bin kB | shards (MB) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  if (r.error) {
    console.log(`| ${r.label} | ${r.n} | failed: ${r.error.split('\n').pop()} | | | | |`);
    continue;
  }
  const z = r.sizes;
  console.log(`| ${r.label} | ${r.n} | ${f1(r.s)} (${f1(r.sMin)}–${f1(r.sMax)}) | ${r.mb.toFixed(0)} | ${z ? `${f1(z.catalogMB)} (${z.catalogGzipMB.toFixed(2)})` : '–'} | ${z ? f1(z.searchBinKB) : '–'} | ${z ? `${z.shards} (${f1(z.shardsMB)})` : '–'} |`);
}
for (const n of SIZES) {
  const b = results.find((r) => r.n === n && r.label === 'broadsheet');
  for (const o of results.filter((r) => r.n === n && r.label !== 'broadsheet' && !r.error)) {
    if (b && !b.error) console.log(`${n}: broadsheet ÷ ${o.label}: time ${(b.s / o.s).toFixed(2)}×, memory ${(b.mb / o.mb).toFixed(2)}×`);
  }
}
const big = results.filter((r) => r.label === 'broadsheet' && !r.error).at(-1);
if (big) console.log(`RESULT index ${big.n} articles: ${f1(big.s)} s, ${big.mb.toFixed(0)} MB peak`);
