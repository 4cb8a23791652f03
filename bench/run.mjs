#!/usr/bin/env node
// Search benchmark: Broadsheet against FlexSearch, MiniSearch, Pagefind (each in more than one
// configuration) and a brute-force scan, over generated corpora, in headless Chromium,
// everything served from 127.0.0.1.
//
//   node bench/run.mjs [--sizes 1000,10000] [--quick] [--engines broadsheet,flexsearch,flexsearch-cjk,minisearch,
//                      minisearch-bigram,pagefind,pagefind-worker,brute] [--reps N] [--runs N] [--peer-limit S]
//                      [--pagefind-mem-gb G] [--prebuilt-max-mb M] [--seed N] [--no-build]
//
// Per size:
//   1. corpus: `node bench/gen-corpus.mjs` into $TMPDIR/broadsheet-bench/corpus-<n> (reused when
//      its marker says same count and same generator);
//   2. Broadsheet: a copy of dist/ (trunk build --release; built by scripts/build-dists.sh when
//      missing) with the corpus as articles/, indexed by `target/release/broadsheet index`
//      (timed: Broadsheet's index build);
//   3. `broadsheet export`, read one article at a time (bench/lib/export.mjs) → the peers' data
//      (docs.json: slug, title, plain text, written as it comes; Pagefind's pages) and the
//      ground truth (brute force over lowercased title + text, every term a substring) of the
//      fixed queries (bench/queries.json) and of --seed'ed random substrings cut from the
//      articles, so nothing holds the whole export: at 100,000 articles it is longer than a
//      string can be;
//   4. Pagefind's index built by its CLI over one HTML page per article (timed; killed after
//      --peer-limit seconds or when over --pagefind-mem-gb, which is then its result);
//   5. one Chromium; a fresh context (empty cache) for every cold measurement; CDP for
//      bytes (encodedDataLength = transferred; the server's x-raw-length / x-gzip-length /
//      x-br-length headers = raw, gzip and brotli sizes), heap (HeapProfiler.collectGarbage
//      then Performance.getMetrics JSHeapUsedSize, plus every wasm memory of the page).
// Broadsheet (after one uncounted load that warms the freshly launched browser): first
// list painted, cold first search (first keystroke → result count with
// data-q = query and data-complete="true", and the bytes fetched meanwhile), a search URL
// opened cold, API query time (window.wasmBindings.bs_search), heap, heap again with every
// search shard loaded, keystroke → results painted, recall (bs_search_all_docs). Peers
// (bench/peers/peer.mjs) build in the page from docs.json and are timed through the same
// calls; the in-memory ones (FlexSearch, MiniSearch) are also built once in Node
// (bench/peers/prebuild.mjs, their own export format) and timed on a cold page that fetches
// and loads that instead. A peer whose tab (or prebuild) runs out of memory, has no first
// result after --peer-limit seconds (600) or whose export is over --prebuilt-max-mb gets that
// as its result and the run goes on. Prints a table per size and ends with one RESULT line
// (Broadsheet at 10,000 articles, or the largest size run, plus the largest size's figures
// with a _<size> suffix when it is larger); everything goes to target/bench/latest.json
// (rewritten after every size).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, precompress, encoded, forget } from './lib/server.mjs';
import { corpus } from './lib/corpus.mjs';
import { exportEach, readExport } from './lib/export.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const WORK = path.join(os.tmpdir(), 'broadsheet-bench');
const CLI = path.join(ROOT, 'target/release/broadsheet');
const DIST_SRC = path.join(ROOT, 'dist');
// dist/ is copied once per run (it may be rebuilt meanwhile): every size uses the same app.
const DIST = path.join(WORK, 'dist-snapshot');
const OUT = path.join(ROOT, 'target/bench/latest.json');
const ALL_ENGINES = ['broadsheet', 'flexsearch', 'flexsearch-cjk', 'minisearch', 'minisearch-bigram', 'pagefind', 'pagefind-worker', 'brute'];
const PEERS = ALL_ENGINES.slice(1);
// The peers that build their index in the page from docs.json (and can load it prebuilt instead).
const IN_MEMORY = ['flexsearch', 'flexsearch-cjk', 'minisearch', 'minisearch-bigram'];
// Pagefind's configurations: one index (its CLI's), searched on the main thread or in its worker.
const PAGEFIND = ['pagefind', 'pagefind-worker'];

// ---------------------------------------------------------------- arguments
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value`);
  return v;
};
const QUICK = argv.includes('--quick');
// Use target/release/broadsheet and dist/ as they are, even when src/ is newer (someone is
// editing it, or a build runs elsewhere): never start cargo or scripts/build-dists.sh.
const NO_BUILD = argv.includes('--no-build');
const SIZES = (opt('sizes', QUICK ? '1000' : '1000,10000')).split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
const ENGINES = opt('engines', ALL_ENGINES.join(',')).split(',').map((s) => s.trim());
for (const e of ENGINES) if (!ALL_ENGINES.includes(e)) throw new Error(`unknown engine ${e} (${ALL_ENGINES.join(', ')})`);
const REPS = Number(opt('reps', QUICK ? 1 : 3)); // cold page loads per measurement
const RUNS = Number(opt('runs', QUICK ? 3 : 7)); // API calls per query (median taken)
// A peer that has no first result after this long (load + build + first query in the page, or
// Pagefind's CLI) is reported as such; the timed queries after it get as long again. At
// 10,000 articles the slowest (MiniSearch) needs ~160 s; at 100,000 the in-memory peers need
// ten times that, if the tab's 4 GB heap lasts.
const PEER_LIMIT_S = Number(opt('peer-limit', 600));
// Pagefind's indexer took 2.8 GB at 10,000 articles: at 100,000 it could take the machine's
// memory (no swap here) from everything else, so it runs under `ulimit -v` (address space,
// which is more than its RSS) and a failed allocation is its result.
const PAGEFIND_MEM_GB = Number(opt('pagefind-mem-gb', Math.max(4, Math.floor(os.totalmem() / 2 ** 30 / 2))));
// A prebuilt in-memory index larger than this is reported as too big, not served: the bench
// server holds every file it serves in memory, raw, gzip and brotli (FlexSearch "full" exports
// ~34 MB per 1,000 articles).
const PREBUILT_MAX_MB = Number(opt('prebuilt-max-mb', 1024));
// The seeded substring queries: SEEDED_COUNT of them, cut from the first SEEDED_WINDOW articles
// of the export (bench/lib/export.mjs), the same ones on every run of a size.
const SEED = Number(opt('seed', 1));
const SEEDED_COUNT = 20;
const SEEDED_WINDOW = 1000;
const { queries: QUERIES } = JSON.parse(fs.readFileSync(path.join(HERE, 'queries.json'), 'utf8'));
const FIRST_Q = QUERIES[0].q;
const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--js-flags=--max-old-space-size=4096'],
};

// ---------------------------------------------------------------- small helpers
const log = (...a) => console.error('[bench]', ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => percentile(xs, 50);
function percentile(xs, p) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v[Math.max(0, Math.ceil((p / 100) * v.length) - 1)];
}
function run(cmd, args, { cwd = ROOT, stdout = 'inherit', env = process.env, quiet = false } = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, stdio: ['ignore', stdout, quiet ? 'pipe' : 'inherit'], maxBuffer: 1 << 30, encoding: stdout === 'pipe' ? 'utf8' : undefined });
  const ms = performance.now() - t0;
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}${quiet && r.stderr ? `\n${r.stderr}` : ''}`);
  return { ms, stdout: r.stdout };
}
// One accumulator, not `push(...walkFiles(sub))`: a folder of 100,000 pages (Pagefind's p/ and
// fragment/ at 100,000 articles) spread as arguments overflows the stack.
function walkFiles(dir, filter = () => true, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkFiles(p, filter, out);
    else if (filter(p)) out.push(p);
  }
  return out;
}

/**
 * `cmd args` in its own process group, killed (the whole group: Pagefind's npm runner starts
 * the real binary as a child) after `limitS` seconds; `memGb` caps its address space. Resolves
 * to { ms } or { ms, error, short } (short: what the results table shows).
 */
function runLimited(cmd, args, { limitS, memGb = null, cwd = ROOT }) {
  const t0 = performance.now();
  const [file, argl] = memGb ? ['bash', ['-c', `ulimit -v ${Math.round(memGb * 2 ** 20)} && exec "$0" "$@"`, cmd, ...args]] : [cmd, args];
  const child = spawn(file, argl, { cwd, detached: true, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s) => { process.stderr.write(s); stderr = (stderr + s).slice(-4000); });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }, limitS * 1000);
  return new Promise((resolve) => {
    const done = (r) => { clearTimeout(timer); resolve({ ms: performance.now() - t0, ...r }); };
    child.on('error', (e) => done({ error: `${cmd}: ${e.message}`, short: 'ERR' }));
    child.on('close', (code, signal) => {
      if (timedOut) return done({ error: `not done after ${limitS} s (--peer-limit): killed`, short: `>${limitS} s` });
      if (code === 0) return done({});
      // Rust: "memory allocation of N bytes failed" then abort (the npm runner exits 1); Node
      // (the runner itself, under a cap too small for it): "Fatal process OOM".
      const oom = /memory allocation|out of memory|\bOOM\b|Cannot allocate|bad_alloc/i.test(stderr) || signal === 'SIGKILL' || signal === 'SIGABRT';
      const detail = `${cmd} exited with ${code ?? signal}${stderr ? `: ${stderr.trim().split('\n').slice(-2).join(' ')}` : ''}`;
      done(oom
        ? { error: `out of memory${memGb ? ` (address space capped at ${memGb} GB, --pagefind-mem-gb)` : ''}: ${detail}`, short: 'out of memory' }
        : { error: detail, short: 'ERR' });
    });
  });
}

// ---------------------------------------------------------------- preparation
/** Newest modification time (ms) of the Rust sources the CLI and the app are built from. */
function newestSource() {
  const files = [...walkFiles(path.join(ROOT, 'src'), (f) => f.endsWith('.rs')), path.join(ROOT, 'Cargo.toml'), path.join(ROOT, 'Cargo.lock')];
  return Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
}

function ensureCli() {
  const stale = fs.existsSync(CLI) && fs.statSync(CLI).mtimeMs < newestSource();
  if (NO_BUILD) {
    if (!fs.existsSync(CLI)) throw new Error(`--no-build: there is no ${path.relative(ROOT, CLI)}`);
    if (stale) log(`WARNING: src/ is newer than the CLI; --no-build: using ${path.relative(ROOT, CLI)} as it is`);
  } else if (!fs.existsSync(CLI) || stale) {
    log(`${stale ? 'src/ is newer than the CLI' : 'no CLI yet'}: cargo build --release --bin broadsheet`);
    try {
      run('cargo', ['build', '--release', '--bin', 'broadsheet']);
    } catch (e) {
      if (!fs.existsSync(CLI)) throw e;
      log(`WARNING: the build failed (src/ being edited?); using the existing ${path.relative(ROOT, CLI)}`);
    }
  }
  const help = spawnSync(CLI, ['export', '--help'], { encoding: 'utf8' });
  if (help.status !== 0) {
    throw new Error(`${CLI} has no \`export\` subcommand (needed for the peers' data and the ground truth): rebuild it with \`cargo build --release --bin broadsheet\` once src/cmd/export.rs has it`);
  }
}

function ensureDist() {
  if (!fs.existsSync(path.join(DIST_SRC, 'index.html'))) {
    if (NO_BUILD) throw new Error('--no-build: dist/ is not built');
    log('dist/ is not built: bash scripts/build-dists.sh');
    run('bash', ['scripts/build-dists.sh']);
  }
  fs.rmSync(DIST, { recursive: true, force: true });
  fs.cpSync(DIST_SRC, DIST, { recursive: true, filter: (src) => !/(^|\/)(\.stage|articles)(\/|$)/.test(path.relative(DIST_SRC, src)) });
  const js = fs.readdirSync(DIST).filter((f) => f.endsWith('.js'));
  if (!js.length || !fs.existsSync(path.join(DIST, 'index.html'))) throw new Error('dist/ is incomplete (a trunk build running?): try again when it has finished');
  const glue = js.map((f) => fs.readFileSync(path.join(DIST, f), 'utf8')).join('\n');
  const wasm = fs.readdirSync(DIST).find((f) => f.endsWith('.wasm'));
  if (wasm && fs.statSync(path.join(DIST_SRC, wasm)).mtimeMs < newestSource()) {
    log('WARNING: src/ is newer than dist/: the app measured may not be the current code (`trunk build --release --skip-version-check` rebuilds it)');
  }
  if (!/bs_load_every_shard/.test(glue)) {
    throw new Error('dist/ has no bs_load_every_shard export: rebuild it (`trunk build --release --skip-version-check` or `bash scripts/build-dists.sh`)');
  }
}

/** A site: a snapshot of dist/ with the corpus as articles/, indexed by the CLI (timed). */
function buildSite(n, corpusDir) {
  const site = path.join(WORK, `site-${n}`);
  fs.rmSync(site, { recursive: true, force: true });
  fs.cpSync(DIST, site, { recursive: true });
  const articles = path.join(site, 'articles');
  // Hard links: the posts are only read; the CLI writes new files (catalog, index) next to them.
  const cp = spawnSync('cp', ['-al', `${corpusDir}/.`, articles]);
  if (cp.status !== 0) fs.cpSync(corpusDir, articles, { recursive: true });
  log(`indexing ${n} articles: broadsheet index ${articles} --quiet`);
  const { ms } = run(CLI, ['index', articles, '--quiet']);
  const files = fs.readdirSync(articles).filter((f) => /^search.*\.bin$/.test(f));
  const searchBin = fs.statSync(path.join(articles, 'search.bin')).size;
  const shards = files.filter((f) => f !== 'search.bin').map((f) => fs.statSync(path.join(articles, f)).size);
  const catalogBytes = fs.statSync(path.join(articles, 'catalog.json')).size;
  return {
    site, buildMs: ms, catalogBytes, searchBinBytes: searchBin,
    shardCount: shards.length, shardBytes: shards.reduce((a, b) => a + b, 0),
  };
}

/** The peers' folder with their page and libraries (docs.json and pf/ come from the export). */
function peerFolder(n) {
  const dir = path.join(WORK, `peers-${n}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(HERE, 'peers/index.html'), path.join(dir, 'index.html'));
  fs.copyFileSync(path.join(HERE, 'peers/peer.mjs'), path.join(dir, 'peer.mjs'));
  fs.copyFileSync(path.join(HERE, 'peers/configs.mjs'), path.join(dir, 'configs.mjs'));
  fs.copyFileSync(path.join(HERE, 'lib/tokenize.mjs'), path.join(dir, 'tokenize.mjs'));
  fs.copyFileSync(path.join(ROOT, 'node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs'), path.join(dir, 'flexsearch.mjs'));
  fs.copyFileSync(path.join(ROOT, 'node_modules/minisearch/dist/es/index.js'), path.join(dir, 'minisearch.mjs'));
  return dir;
}

/**
 * One pass over `broadsheet export <corpusDir>` (bench/lib/export.mjs): the ground truth (fixed
 * and seeded queries), the peers' docs.json and Pagefind's pages are made as the articles come,
 * so what stays in memory is the slugs that match each query, the first SEEDED_WINDOW articles
 * until the seeded queries are cut from them, and a few counters, whatever the size.
 */
async function exportPass(n, corpusDir, peers) {
  const dir = peers ? peerFolder(n) : null;
  const pf = dir && PAGEFIND.some((e) => ENGINES.includes(e)) ? path.join(dir, 'pf') : null;
  const ex = await readExport({
    cli: CLI, dir: corpusDir, queries: QUERIES, seeded: { seed: SEED, count: SEEDED_COUNT, window: SEEDED_WINDOW },
    docsJson: dir && path.join(dir, 'docs.json'), pagefindPages: pf && path.join(pf, 'p'),
  });
  return { ...ex, peerDir: dir, pfSite: pf };
}

/** Pagefind's index over the pages exportPass wrote (CLI timed, limited in time and memory). */
async function buildPagefind(pf, articles) {
  log(`pagefind: indexing ${articles} pages`);
  const r = await runLimited(path.join(ROOT, 'node_modules/.bin/pagefind'), ['--site', pf, '--force-language', 'zh', '--quiet'], { limitS: PEER_LIMIT_S, memGb: PAGEFIND_MEM_GB });
  if (r.error) {
    log(`pagefind: index build FAILED after ${(r.ms / 1e3).toFixed(0)} s: ${r.error}`);
    return { buildMs: null, error: `index build: ${r.error}`, short: r.short };
  }
  const bundle = path.join(pf, 'pagefind');
  const files = walkFiles(bundle);
  const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
  // Most of its files are gzip already (served as they are); its JS and CSS are not. Not
  // through the server's cache: 100,000 fragments need not stay in memory.
  const gzipBytes = files.reduce((s, f) => {
    const buf = fs.readFileSync(f);
    return s + (buf[0] === 0x1f && buf[1] === 0x8b ? buf.length : zlib.gzipSync(buf, { level: 9 }).length);
  }, 0);
  return { buildMs: r.ms, bundleBytes: bytes, bundleGzipBytes: gzipBytes, idToSlug: pagefindIds(bundle) };
}

/** Pagefind result id (its fragment's name) → slug, read from the fragments' URLs. */
function pagefindIds(bundle) {
  const map = new Map();
  const fragDir = path.join(bundle, 'fragment');
  for (const f of fs.readdirSync(fragDir)) {
    let text = zlib.gunzipSync(fs.readFileSync(path.join(fragDir, f))).toString('utf8');
    text = text.replace(/^pagefind_dcd/, '');
    const data = JSON.parse(text);
    const list = data.url ? [[f.replace(/\.pf_fragment$/, ''), data]] : Object.entries(data);
    for (const [id, frag] of list) {
      const slug = decodeURIComponent(path.basename(frag.url, '.html'));
      map.set(id, slug);
    }
  }
  return map;
}

/**
 * An in-memory peer's index built once in Node and exported in its own format
 * (bench/peers/prebuild.mjs, its own process with the tab's 4 GB heap cap and --peer-limit) into
 * <peers>/prebuilt/<engine>/ for the cold-page row that loads it. Resolves to { buildMs,
 * exportMs, bytes, gzipBytes, files } or { error, short } (out of memory, out of time, too big).
 */
async function prebuildPeer(peerDir, engine) {
  const out = path.join(peerDir, 'prebuilt', engine);
  log(`  ${engine}: building its index in Node and exporting it (prebuilt/${engine}/)`);
  const r = await runLimited(process.execPath, ['--max-old-space-size=4096', path.join(HERE, 'peers/prebuild.mjs'), engine, path.join(peerDir, 'docs.json'), out, String(PREBUILT_MAX_MB)], { limitS: PEER_LIMIT_S });
  if (r.error) {
    log(`  ${engine}: prebuild FAILED after ${(r.ms / 1e3).toFixed(0)} s: ${r.error}`);
    return { error: `prebuilt index: ${r.error}`, short: /export too big/.test(r.error) ? 'too big' : r.short };
  }
  const res = JSON.parse(fs.readFileSync(path.join(out, 'result.json'), 'utf8'));
  const files = res.files.map((f) => path.join(out, f));
  log(`  ${engine}: built in ${(res.buildMs / 1e3).toFixed(1)} s, exported in ${(res.exportMs / 1e3).toFixed(1)} s, ${(res.bytes / 1e6).toFixed(1)} MB in ${files.length} files; compressing them`);
  precompress(files);
  const gzipBytes = files.reduce((s, f) => s + (encoded(f).gzip ?? encoded(f).raw).length, 0);
  return { buildMs: res.buildMs, exportMs: res.exportMs, bytes: res.bytes, gzipBytes, files };
}

/**
 * How well real (not generated) text compresses: the generated corpus splices paragraphs of
 * 195 real posts, so its docs.json compresses far better than real articles would, which
 * flatters the transfer size of peers that ship the text. Same shape as docs.json, over
 * ../shared/corpus (null when absent).
 */
async function realCompression() {
  const shared = path.resolve(ROOT, '../shared/corpus');
  const docs = []; // a few hundred posts: small enough for one string
  for (const sub of ['hexo-news-zh', 'blog-en']) {
    const dir = path.join(shared, sub);
    if (!fs.existsSync(dir)) continue;
    try {
      await exportEach(CLI, dir, (d) => { docs.push({ id: d.slug, title: d.title, text: d.text }); });
    } catch { /* reported by the ratio being null */ }
  }
  if (!docs.length) return null;
  const raw = Buffer.from(JSON.stringify(docs));
  const br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 } }).length;
  const gzip = zlib.gzipSync(raw, { level: 9 }).length;
  return { articles: docs.length, raw: raw.length, br, gzip, brRatio: raw.length / br, gzipRatio: raw.length / gzip };
}

// ---------------------------------------------------------------- ground truth
/** Micro-averaged precision of `found` against `truth` (a superset of what may match). */
function precision(found, truth, qs) {
  let ok = 0;
  let all = 0;
  for (const q of qs) {
    if (!(q in found)) continue; // not answered in time: reported, not counted
    const t = new Set(truth[q]);
    for (const s of found[q]) { all++; if (t.has(s)) ok++; }
  }
  return all ? ok / all : null;
}

/** Micro-averaged recall of `found` (query → ids) against `truth` over `qs`. */
function recall(found, truth, qs) {
  let hit = 0;
  let all = 0;
  for (const q of qs) {
    if (!(q in found)) continue; // not answered in time: reported, not counted
    const f = new Set(found[q]);
    for (const s of truth[q]) { all++; if (f.has(s)) hit++; }
  }
  return all ? hit / all : null;
}

// ---------------------------------------------------------------- browser plumbing
const INIT_SCRIPT = () => {
  // Every wasm memory the page instantiates (Broadsheet's and Pagefind's indexes live there).
  const mems = new Set();
  window.__wasmMemories = mems;
  const grab = (r) => {
    try {
      const inst = r instanceof WebAssembly.Instance ? r : r.instance;
      for (const v of Object.values(inst.exports)) if (v instanceof WebAssembly.Memory) mems.add(v);
    } catch { /* not an instance */ }
    return r;
  };
  const oi = WebAssembly.instantiate;
  WebAssembly.instantiate = function (...a) { return oi.apply(this, a).then(grab); };
  const os = WebAssembly.instantiateStreaming;
  if (os) WebAssembly.instantiateStreaming = function (...a) { return os.apply(this, a).then(grab); };
  window.__wasmBytes = () => [...mems].reduce((s, m) => s + m.buffer.byteLength, 0);
  // When Broadsheet's first list card is in the DOM, and when the frame showing it is
  // painted (ms since navigation start; "painted" as for keystrokes: a message posted
  // from that frame's rAF callback runs after the frame).
  window.__bs = { firstCardDom: null, firstCard: null };
  const seen = () => {
    if (window.__bs.firstCardDom === null && document.querySelector('.bs-list article.bs-card')) {
      window.__bs.firstCardDom = performance.now();
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => { window.__bs.firstCard = performance.now(); };
        ch.port2.postMessage(0);
      });
    }
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true });
};

/** A fresh context (empty cache) + page + CDP session with request accounting. */
async function openPage(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(60000);
  await context.addInitScript(INIT_SCRIPT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text()); });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Performance.enable');
  const net = { tag: 'load', reqs: new Map() };
  const header = (h, k) => { for (const [n, v] of Object.entries(h || {})) if (n.toLowerCase() === k) return Number(v); return null; };
  cdp.on('Network.requestWillBeSent', (e) => {
    if (!e.request.url.startsWith(origin)) return;
    net.reqs.set(e.requestId, { url: e.request.url, tag: net.tag, done: false, encoded: 0 });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = net.reqs.get(e.requestId);
    if (!r) return;
    const h = e.response.headers;
    Object.assign(r, { status: e.response.status, raw: header(h, 'x-raw-length'), gzip: header(h, 'x-gzip-length'), br: header(h, 'x-br-length') });
  });
  cdp.on('Network.loadingFinished', (e) => { const r = net.reqs.get(e.requestId); if (r) { r.encoded = e.encodedDataLength; r.done = true; } });
  cdp.on('Network.loadingFailed', (e) => { const r = net.reqs.get(e.requestId); if (r) { r.failed = true; r.done = true; } });
  // A worker's requests (Pagefind's, by default) do not reach this CDP session, which sees the
  // page only; Playwright attaches to workers and sees them. Its requests that CDP did not see
  // (per URL, beyond the number CDP saw) are counted as Playwright measured them.
  const viaPlaywright = new Map(); // Playwright Request → { url, tag, done }
  page.on('request', (req) => { if (req.url().startsWith(origin)) viaPlaywright.set(req, { url: req.url(), tag: net.tag, done: false }); });
  page.on('requestfinished', (req) => { const r = viaPlaywright.get(req); if (r) r.done = true; });
  page.on('requestfailed', (req) => { const r = viaPlaywright.get(req); if (r) { r.done = true; r.failed = true; } });
  const workerRequests = async (tags) => {
    const cdpCount = new Map();
    for (const r of net.reqs.values()) cdpCount.set(r.url, (cdpCount.get(r.url) ?? 0) + 1);
    const out = [];
    for (const [req, r] of viaPlaywright) {
      const n = cdpCount.get(r.url) ?? 0;
      if (n > 0) { cdpCount.set(r.url, n - 1); continue; }
      if (tags && !tags.includes(r.tag)) continue;
      const sizes = r.failed ? null : await req.sizes().catch(() => null);
      const h = (r.failed ? null : await req.response().catch(() => null))?.headers() ?? {};
      out.push({ ...r, encoded: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0, raw: header(h, 'x-raw-length'), gzip: header(h, 'x-gzip-length'), br: header(h, 'x-br-length') });
    }
    return out;
  };
  /** Totals of the requests made under `tags` (the page's and its workers'), once they have
   * finished (≤ 10 s). */
  net.sum = async (tags = null) => {
    const pick = () => [...net.reqs.values()].filter((r) => !tags || tags.includes(r.tag));
    const pending = () => pick().some((r) => !r.done) || [...viaPlaywright.values()].some((r) => !r.done && (!tags || tags.includes(r.tag)));
    for (let i = 0; i < 200 && pending(); i++) await sleep(50);
    const rs = [...pick(), ...(await workerRequests(tags))];
    return {
      requests: rs.length,
      transferred: rs.reduce((s, r) => s + (r.encoded || 0), 0),
      raw: rs.reduce((s, r) => s + (r.raw || 0), 0),
      gzip: rs.reduce((s, r) => s + (r.gzip || 0), 0),
      br: rs.reduce((s, r) => s + (r.br || 0), 0),
      files: rs.map((r) => ({ path: decodeURIComponent(new URL(r.url).pathname), transferred: r.encoded || 0, raw: r.raw || 0 })),
    };
  };
  return { context, page, cdp, net, errors };
}

async function heap(cdp, page) {
  await cdp.send('HeapProfiler.collectGarbage');
  await sleep(100);
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const js = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? null;
  const wasm = await page.evaluate(() => window.__wasmBytes());
  return { jsBytes: js, wasmBytes: wasm, totalBytes: (js ?? 0) + wasm };
}

// ---------------------------------------------------------------- Broadsheet
/** Arms the page to time from the next keydown/beforeinput/input to the frame that paints
 * `.bs-result-count[data-q=q]` (and the one where it is also data-complete="true"). */
const ARM = (q) => {
  const old = window.__paint;
  if (old) { old.mo.disconnect(); for (const t of ['keydown', 'beforeinput', 'input']) window.removeEventListener(t, old.onEv, true); }
  const P = { q, t0: null, dom: null, painted: null, complete: null, fullText: null };
  P.onEv = (e) => { if (P.t0 === null) P.t0 = e.timeStamp; };
  for (const t of ['keydown', 'beforeinput', 'input']) window.addEventListener(t, P.onEv, true);
  // After the frame's rAF callbacks the frame is painted; a message posted from rAF runs after it.
  const afterPaint = (set) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => set(performance.now());
    ch.port2.postMessage(0);
  });
  let seen = false;
  let seenComplete = false;
  const check = () => {
    if (P.t0 === null) return;
    const el = document.querySelector('.bs-result-count');
    if (!el || el.getAttribute('data-q') !== q) return;
    if (!seen) { seen = true; P.dom = performance.now(); afterPaint((t) => { P.painted = t; }); }
    if (!seenComplete && el.getAttribute('data-complete') === 'true') {
      seenComplete = true;
      P.fullText = el.getAttribute('data-full-text');
      afterPaint((t) => { P.complete = t; });
    }
  };
  P.mo = new MutationObserver(check);
  P.mo.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-q', 'data-complete'] });
  window.__paint = P;
};

async function waitPaint(page, timeout = 60000) {
  await page.waitForFunction(() => window.__paint && window.__paint.complete !== null, null, { timeout, polling: 20 });
  return page.evaluate(() => {
    const P = window.__paint;
    return { dom: P.dom - P.t0, painted: P.painted - P.t0, complete: P.complete - P.t0, fullText: P.fullText };
  });
}

/** Types `q` the way a user enters it: Latin by key presses, CJK as an IME commits it. */
async function enter(page, q) {
  for (const part of q.match(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+|[^\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]+/gu)) {
    if (/^[\x20-\x7e]+$/.test(part)) await page.keyboard.type(part);
    else await page.keyboard.insertText(part);
  }
}

async function loadHome(browser, server) {
  const p = await openPage(browser, server.origin);
  await p.page.goto(server.url, { waitUntil: 'commit' });
  await p.page.waitForFunction(() => window.__bs.firstCard !== null, null, { timeout: 120000, polling: 10 });
  const { firstCard: firstCardMs, firstCardDom: firstCardDomMs } = await p.page.evaluate(() => window.__bs);
  const loadBytes = await p.net.sum(['load']);
  await p.page.waitForLoadState('networkidle');
  const idleBytes = await p.net.sum(['load']);
  return { ...p, firstCardMs, firstCardDomMs, loadBytes, idleBytes };
}

/** Every match of `q` (bs_search_all_docs, as slugs), asked again until the shards it needs are in. */
async function searchAll(page, q, docSlugs, timeout = 120000) {
  const handle = await page.waitForFunction((q) => {
    const r = window.wasmBindings.bs_search_all_docs(q);
    return r !== null && Array.from(r);
  }, q, { timeout, polling: 20 });
  const docs = await handle.jsonValue();
  return docs.map((d) => docSlugs[d] ?? `?doc${d}`);
}

/**
 * Every document's slug by document number, read from the built site on disk: a site read in
 * pieces numbers its documents as its card blocks (site.json's build and block size; block k
 * starts at `first`), a one-file site as catalog.json lists them. `bs_search_all_docs` answers
 * with these numbers without fetching any card (at 100,000 articles the card blocks of every
 * match of a frequent word are most of the site).
 */
function docSlugs(arts) {
  const site = path.join(arts, 'site.json');
  if (fs.existsSync(site)) {
    const m = JSON.parse(fs.readFileSync(site, 'utf8'));
    const slugs = new Array(m.articles);
    const dir = path.join(arts, 'broadsheet-data', m.build, 'cards');
    for (let k = 0; k * m.block < m.articles; k++) {
      const b = JSON.parse(fs.readFileSync(path.join(dir, `${k}.json`), 'utf8'));
      b.articles.forEach((a, i) => { slugs[b.first + i] = a.slug; });
    }
    return slugs;
  }
  return JSON.parse(fs.readFileSync(path.join(arts, 'catalog.json'), 'utf8')).articles.map((a) => a.slug);
}

/**
 * Reads every search shard into the page's index through the app itself
 * (`bs_load_every_shard`: the shards go through the app's own request queue, as a query's
 * do), then measures the heap again. Resolves to { ms, shards, shardsFetched, failed,
 * otherRequests, heap } or { error, short } after --peer-limit seconds.
 */
async function loadAllShards(p) {
  const isShard = (pathname) => /\/search-[0-9a-f]+-\d+\.bin$/.test(pathname);
  p.net.tag = 'all-shards';
  const t0 = performance.now();
  let state;
  try {
    const h = await p.page.waitForFunction(() => {
      const s = window.wasmBindings.bs_load_every_shard();
      return s !== null && s.loaded + s.failed === s.shards && { ...s };
    }, null, { timeout: PEER_LIMIT_S * 1000, polling: 200 });
    state = await h.jsonValue();
  } catch (e) {
    const error = `every shard: ${e.message.split('\n')[0]}`;
    return { error, short: /Timeout/i.test(e.message) ? `>${PEER_LIMIT_S} s` : 'ERR' };
  }
  const ms = performance.now() - t0;
  const step = await p.net.sum(['all-shards']);
  const loaded = new Set([...p.net.reqs.values()].filter((r) => r.status === 200 && isShard(new URL(r.url).pathname)).map((r) => r.url));
  const heapAll = await heap(p.cdp, p.page);
  heapAll.bsMemoryBytes = await p.page.evaluate(() => window.wasmBindings.bs_memory_bytes());
  if (state.failed) return { error: `every shard: ${state.failed} of ${state.shards} could not be loaded`, short: 'ERR' };
  return {
    ms, shards: state.shards, shardsFetched: loaded.size, failed: state.failed,
    otherRequests: step.files.filter((f) => !isShard(f.path)).length,
    transferred: step.transferred, heap: heapAll,
  };
}

async function measureBroadsheet(browser, server, { docSlugs: slugOf, seeded }) {
  const out = { firstPaint: [], coldSearch: [], coldUrl: [], errors: [], warmupFirstPaintMs: null };
  // One load first that is not counted: the browser was just launched, and its first
  // page pays one-time process costs (font and code caches; 200-400 ms more than the
  // next ones on this machine) that a reader's running browser paid long ago. Every
  // counted load below still starts from a fresh context (empty HTTP cache).
  {
    const w = await loadHome(browser, server);
    out.warmupFirstPaintMs = w.firstCardMs;
    log(`  broadsheet warm-up load (not counted): list painted ${w.firstCardMs.toFixed(0)} ms`);
    await w.context.close();
  }
  // First list painted, then the cold first search on that page (list painted, network idle).
  for (let i = 0; i < REPS; i++) {
    const p = await loadHome(browser, server);
    await p.page.click('input.bs-search-input');
    await sleep(300);
    p.net.tag = 'search';
    await p.page.evaluate(ARM, FIRST_Q);
    await enter(p.page, FIRST_Q);
    const r = await waitPaint(p.page, 120000);
    const bytes = await p.net.sum(['search']);
    out.firstPaint.push({ ms: p.firstCardMs, domMs: p.firstCardDomMs, bytesToFirstPaint: p.loadBytes, bytesAtIdle: p.idleBytes });
    out.coldSearch.push({ ms: r.complete, firstPaintMs: r.painted, fullText: r.fullText, bytes });
    out.errors.push(...p.errors);
    log(`  broadsheet rep ${i + 1}: list painted ${p.firstCardMs.toFixed(0)} ms; first search "${FIRST_Q}" ${r.complete.toFixed(0)} ms, ${bytes.transferred} B transferred (${bytes.requests} requests)`);
    if (r.fullText !== 'true') log('  WARNING: data-full-text is not "true": the app fell back to metadata search (dist/ and the CLI out of step?)');
    await p.context.close();
  }
  // A search URL opened cold: navigation → complete results.
  for (let i = 0; i < REPS; i++) {
    const p = await openPage(browser, server.origin);
    await p.page.goto(`${server.url}?q=${encodeURIComponent(FIRST_Q)}`, { waitUntil: 'commit' });
    await p.page.waitForFunction((q) => {
      const el = document.querySelector('.bs-result-count');
      return el && el.getAttribute('data-q') === q && el.getAttribute('data-complete') === 'true';
    }, FIRST_Q, { timeout: 120000, polling: 'raf' });
    const ms = await p.page.evaluate(() => performance.now());
    out.coldUrl.push({ ms, bytes: await p.net.sum() });
    await p.context.close();
  }

  // API level, heap, every shard, keystroke → painted, recall on one loaded page, in that
  // order: the first heap is what a reader's page holds after these queries.
  const p = await loadHome(browser, server);
  const t0 = performance.now();
  for (const { q } of QUERIES) {
    await p.page.waitForFunction((q) => {
      const b = window.wasmBindings;
      return b && b.bs_search(q, 20) !== null;
    }, q, { timeout: 120000, polling: 20 });
  }
  out.warmupMs = performance.now() - t0;
  out.perQuery = {};
  for (const { q } of QUERIES) {
    // Timers are coarse in a page (100 µs): each timing is the mean over as many
    // back-to-back calls as fit in ~10 ms (at least 1), as for the peers.
    const times = await p.page.evaluate(({ q, runs }) => {
      const b = window.wasmBindings;
      const ts = [];
      let total = 0;
      for (let i = 0; i < runs; i++) {
        let n = 0;
        let dt = 0;
        const t = performance.now();
        do {
          total = b.bs_search(q, 20).total;
          n++;
          dt = performance.now() - t;
        } while (dt < 10 && n < 2000);
        ts.push(dt / n);
      }
      return { ts, total };
    }, { q, runs: RUNS });
    out.perQuery[q] = { ms: median(times.ts), total: times.total };
  }
  out.heap = await heap(p.cdp, p.page);
  out.heap.bsMemoryBytes = await p.page.evaluate(() => window.wasmBindings.bs_memory_bytes());
  // The whole index in memory, as the in-memory peers always hold theirs.
  out.allShards = await loadAllShards(p);
  if (out.allShards.error) log(`  broadsheet: loading every shard FAILED: ${out.allShards.error}`);
  else log(`  broadsheet: every shard loaded in ${(out.allShards.ms / 1e3).toFixed(1)} s (${out.allShards.shardsFetched} of ${out.allShards.shards} fetched on this page, ${out.allShards.otherRequests} other requests meanwhile)`);
  // Keystroke → results painted (every shard is loaded by now), before the recall step: its
  // card blocks would fill the app's block cache, which the results pages also use. The phase
  // has --peer-limit seconds in all: a page whose searches stop completing (each wait then runs
  // to its timeout; at 10,000 articles the app refetched card blocks in a loop once its block
  // cache was full) must not hold the run for an hour; the queries left are reported missing.
  out.keystroke = {};
  const until = performance.now() + PEER_LIMIT_S * 1000;
  for (const { q } of QUERIES) {
    if (performance.now() > until) {
      out.keystroke[q] = { painted: null, complete: null, error: `not typed: the keystroke phase took over ${PEER_LIMIT_S} s (--peer-limit)` };
      continue;
    }
    await p.page.click('input.bs-search-input');
    await p.page.keyboard.press('Control+A');
    await p.page.keyboard.press('Backspace');
    await p.page.waitForFunction(() => !document.querySelector('.bs-result-count'), null, { timeout: 10000 }).catch(() => {});
    // The home list back in place (its card blocks may have left the app's cache, then it
    // fetches and draws them): a keystroke typed while it is drawn would time that too.
    await p.page.waitForFunction(() => document.querySelector('.bs-list:not(.bs-results) .bs-card') && !document.querySelector('.bs-skeleton-list'), null, { timeout: 10000 }).catch(() => {});
    const chars = [...q];
    for (let i = 0; i < chars.length - 1; i++) {
      await enter(p.page, chars[i]);
      const prefix = chars.slice(0, i + 1).join('').trim();
      if (prefix) {
        await p.page.waitForFunction((pre) => document.querySelector('.bs-result-count')?.getAttribute('data-q') === pre, prefix, { timeout: 10000, polling: 'raf' }).catch(() => {});
      }
    }
    await sleep(50);
    await p.page.evaluate(ARM, q.trim());
    await enter(p.page, chars[chars.length - 1]);
    try {
      out.keystroke[q] = await waitPaint(p.page, 30000);
    } catch (e) {
      out.keystroke[q] = { painted: null, complete: null, error: e.message.split('\n')[0] };
    }
  }
  // An empty box: the last results page stops fetching before the recall step.
  await p.page.click('input.bs-search-input');
  await p.page.keyboard.press('Control+A');
  await p.page.keyboard.press('Backspace');
  // Every match of every query, in --peer-limit seconds in all (at 100,000 articles a
  // frequent word's matches are in thousands of card blocks, fetched 32 per call): a query
  // not answered in time is left out of recall and precision and reported, instead of
  // losing every Broadsheet figure of the size to one timeout.
  out.found = {};
  out.foundMissing = [];
  const recallUntil = performance.now() + PEER_LIMIT_S * 1000;
  for (const q of [...QUERIES.map((x) => x.q), ...seeded.map((x) => x.q)]) {
    const left = recallUntil - performance.now();
    try {
      if (left <= 0) throw new Error(`the recall phase took over ${PEER_LIMIT_S} s (--peer-limit)`);
      out.found[q] = await searchAll(p.page, q, slugOf, left);
    } catch (e) {
      out.foundMissing.push({ q, error: e.message.split('\n')[0] });
    }
  }
  if (out.foundMissing.length) log(`  broadsheet: ${out.foundMissing.length} queries without every match (left out of recall): first "${out.foundMissing[0].q}": ${out.foundMissing[0].error}`);
  out.errors.push(...p.errors);
  await p.context.close();
  return out;
}

/** The floor for keystroke → painted in this browser on this machine: the same typing
 * and timing against a page that does nothing but echo the input into a
 * `.bs-result-count` (no search, no results). No app can paint sooner than this. */
async function measureFloor(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.setContent(`<!doctype html><input class="bs-search-input" type="search"><p class="bs-result-count"></p>
    <script>
      const i = document.querySelector('input'), p = document.querySelector('p');
      i.addEventListener('input', () => {
        const q = i.value.trim();
        if (!q) { p.remove(); return; }
        if (!p.isConnected) document.body.append(p);
        p.dataset.q = q; p.dataset.complete = 'true'; p.textContent = q;
      });
    </script>`);
  const out = {};
  for (const { q } of QUERIES) {
    await page.click('input.bs-search-input');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    const chars = [...q];
    for (let i = 0; i < chars.length - 1; i++) await enter(page, chars[i]);
    await sleep(50);
    await page.evaluate(ARM, q.trim());
    await enter(page, chars[chars.length - 1]);
    try {
      out[q] = await waitPaint(page, 10000);
    } catch (e) {
      out[q] = { painted: null, error: e.message.split('\n')[0] };
    }
  }
  await context.close();
  return out;
}

// ---------------------------------------------------------------- peers
/** `promise`, or a rejection with `message` after `ms`, whichever comes first. */
function within(promise, ms, message) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** What a failed peer shows in the table: out of memory, out of time, or ERR. */
function shortError(message) {
  if (/crash|out of memory|Invalid string length|Invalid array length|Array buffer allocation failed|Allocation failed|heap limit/i.test(message)) return 'out of memory';
  const late = /^no result after (\d+) s|^timed out after (\d+) s/.exec(message);
  if (late) return `>${late[1] ?? late[2]} s`;
  return 'ERR';
}

/**
 * Opens the peer page with `params` (engine=…) in a fresh context and waits for its first result
 * (load + build or import + first query), at most --peer-limit seconds; a crashed tab rejects at
 * once. Resolves to { p, first, crashed } (crashed: a promise that rejects if the tab crashes
 * later); the caller closes p.context (closePeer).
 */
async function openPeer(browser, server, params) {
  const p = await openPage(browser, server.origin);
  const crashed = new Promise((_, reject) => p.page.on('crash', () => reject(new Error('out of memory: the tab crashed (renderer gone)'))));
  crashed.catch(() => {});
  const limitMs = PEER_LIMIT_S * 1000;
  try {
    await p.page.goto(`${server.url}index.html?${new URLSearchParams({ ...params, q: FIRST_Q })}`, { waitUntil: 'commit' });
    const first = await within(Promise.race([
      p.page.waitForFunction(() => window.benchFirst, null, { timeout: limitMs + 60000, polling: 100 }).then(() => p.page.evaluate(() => window.benchFirst)),
      crashed,
    ]), limitMs, `no result after ${PEER_LIMIT_S} s (--peer-limit): load + build + first query not done`);
    if (first.error) throw new Error(first.error);
    return { p, first, crashed };
  } catch (e) {
    await closePeer(p);
    throw e;
  }
}

/** Closing a context whose tab is stuck in a long build or crashed must not hang the run. */
async function closePeer(p) {
  await within(p.context.close(), 60000, 'context close').catch(() => {});
}

/** A failed peer measurement: the reason and what the table shows (out of memory, >600 s, ERR). */
function failure(e, t0) {
  const error = e.message.split('\n').slice(0, 3).join(' ');
  return { error, short: shortError(error), failedAfterMs: performance.now() - t0 };
}

async function measurePeer(browser, server, engine, idToSlug, seeded) {
  const out = { engine };
  // The in-memory peers load all of docs.json into the tab (0.73 GB at 100,000 articles) and
  // build there: the tab may crash (out of memory: renderer killed at the 4 GB heap) or take
  // very long. Either is this peer's result: a crash rejects at once, and each phase (first
  // result; then the timed queries) gets --peer-limit seconds, after which the tab is closed.
  const t0 = performance.now();
  let p = null;
  try {
    const opened = await openPeer(browser, server, { engine });
    p = opened.p;
    const { first, crashed } = opened;
    Object.assign(out, first);
    out.coldBytes = await p.net.sum();
    log(`  ${engine}: loaded ${first.loadMs.toFixed(0)} ms, built ${first.buildMs.toFixed(0)} ms, first result at ${first.readyAt.toFixed(0)} ms, ${out.coldBytes.transferred} B transferred`);
    const rest = async () => {
      p.net.tag = 'warm';
      for (const { q } of QUERIES) await p.page.evaluate((q) => window.bench.page(q), q);
      out.perQuery = {};
      for (const { q } of QUERIES) {
        const ts = await p.page.evaluate(({ q, runs }) => window.bench.time(q, runs), { q, runs: RUNS });
        out.perQuery[q] = { ms: median(ts) };
        if (out.timeAll) {
          // Every hit (what a result count needs), for engines whose page call stops early.
          const ta = await p.page.evaluate(({ q, runs }) => window.bench.time(q, runs, 'all'), { q, runs: RUNS });
          out.perQuery[q].allMs = median(ta);
        }
      }
      // A worker's heap is not the page's: Performance.getMetrics sees the main thread only.
      if (!first.worker) out.heap = await heap(p.cdp, p.page);
      out.found = {};
      for (const q of [...QUERIES.map((x) => x.q), ...seeded.map((x) => x.q)]) {
        const ids = await p.page.evaluate((q) => window.bench.all(q), q);
        out.found[q] = idToSlug ? ids.map((id) => idToSlug.get(id) ?? `?${id}`) : ids;
      }
    };
    await within(Promise.race([rest(), crashed]), PEER_LIMIT_S * 1000, `timed out after ${PEER_LIMIT_S} s (--peer-limit) timing the queries (first result at ${(first.readyAt / 1e3).toFixed(0)} s)`);
  } catch (e) {
    Object.assign(out, failure(e, t0));
    log(`  ${engine}: FAILED after ${(out.failedAfterMs / 1e3).toFixed(0)} s: ${out.error}`);
  }
  if (p) {
    out.errors = p.errors;
    await closePeer(p);
  }
  return out;
}

/**
 * The cold page of an in-memory peer that loads its prebuilt index (prebuilt/<engine>/) instead
 * of building from docs.json: fetch + load + first query, and the bytes before it. Also every
 * hit of the first query, which must be what the index built in the page found.
 */
async function measurePrebuilt(browser, server, engine) {
  const t0 = performance.now();
  let p = null;
  try {
    const opened = await openPeer(browser, server, { engine, prebuilt: 1 });
    p = opened.p;
    const { first } = opened;
    const coldBytes = await p.net.sum();
    const firstAll = (await p.page.evaluate((q) => window.bench.all(q), FIRST_Q)).length;
    log(`  ${engine} prebuilt: fetched ${first.loadMs.toFixed(0)} ms, loaded ${first.buildMs.toFixed(0)} ms, first result at ${first.readyAt.toFixed(0)} ms, ${coldBytes.transferred} B transferred`);
    return { loadMs: first.loadMs, importMs: first.buildMs, firstMs: first.firstMs, readyAt: first.readyAt, coldBytes, firstAll };
  } catch (e) {
    const f = failure(e, t0);
    log(`  ${engine} prebuilt: FAILED after ${(f.failedAfterMs / 1e3).toFixed(0)} s: ${f.error}`);
    return f;
  } finally {
    if (p) await closePeer(p);
  }
}

// ---------------------------------------------------------------- summary
function summarize(engine, m, { truth, wideTruth, wordTruth }, seeded) {
  const cjk = QUERIES.filter((x) => x.kind === 'cjk').map((x) => x.q);
  const en = QUERIES.filter((x) => x.kind === 'en').map((x) => x.q);
  const nohit = QUERIES.filter((x) => x.kind === 'nohit').map((x) => x.q);
  // A peer that failed (out of memory, out of time) has no figures, also when it failed
  // halfway through the queries: partial found-lists would make recall look wrong.
  if (!m.perQuery || m.error) return { engine, error: m.error ?? 'not measured', short: m.short ?? shortError(m.error ?? '') };
  const qms = QUERIES.map(({ q }) => m.perQuery[q]?.ms);
  const qall = QUERIES.map(({ q }) => m.perQuery[q]?.allMs ?? m.perQuery[q]?.ms);
  const seededOf = (kind) => seeded.queries.filter((x) => x.kind === kind).map((x) => x.q);
  return {
    engine,
    queryP50: percentile(qms, 50),
    queryP95: percentile(qms, 95),
    queryMax: percentile(qms, 100),
    queryTotalP50: percentile(qall, 50),
    queryTotalP95: percentile(qall, 95),
    heapMB: m.heap ? m.heap.totalBytes / 1e6 : null,
    heapAllShardsMB: m.allShards?.heap ? m.allShards.heap.totalBytes / 1e6 : null,
    recallCjk: recall(m.found, truth, cjk),
    precisionCjk: precision(m.found, wideTruth, cjk),
    precisionEn: precision(m.found, wideTruth, en),
    recallAll: recall(m.found, truth, QUERIES.filter((x) => x.kind !== 'nohit').map((x) => x.q)),
    recallEnWord: recall(m.found, wordTruth, en),
    nohitFalse: nohit.reduce((s, q) => s + (m.found[q]?.length ?? 0), 0),
    seededRecallCjk: recall(m.found, seeded.truth, seededOf('seeded-cjk')),
    seededPrecisionCjk: precision(m.found, seeded.wideTruth, seededOf('seeded-cjk')),
    seededRecallLatin: recall(m.found, seeded.truth, seededOf('seeded-latin')),
    seededPrecisionLatin: precision(m.found, seeded.wideTruth, seededOf('seeded-latin')),
  };
}

const fmt = (v, d = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : typeof v === 'number' ? v.toFixed(d) : String(v));
const perK = (b) => (b == null ? null : b / 1e3);
const kb = (b) => (b === null || b === undefined ? '–' : (b / 1e3).toFixed(1));

function table(rows, cols) {
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** What index.html loads: the wasm, its JS (with wasm-bindgen's snippets/) and the CSS;
 *  not the embed widget's files (broadsheet-embed.js, embed*.css), which the app never loads,
 *  nor the post reader (broadsheet-reader-*: YAML + Markdown), which the app loads only when it
 *  must read a post file itself (local files, a ?src= post, a Markdown body): `reader`. */
function appSizes() {
  const files = fs.readdirSync(DIST, { recursive: true })
    .filter((f) => /\.(wasm|js|mjs|css)$/.test(f) && !/^(articles\/|broadsheet-embed\.js$|embed[^/]*\.css$)/.test(f))
    .map((f) => path.join(DIST, f));
  const parts = files.map((f) => {
    const e = encoded(f);
    return { file: path.basename(f), raw: e.raw.length, gzip: zlib.gzipSync(e.raw, { level: 9 }).length, br: (e.br ?? e.raw).length };
  });
  const total = (ps) => {
    const sum = (k) => ps.reduce((s, p) => s + p[k], 0);
    return { raw: sum('raw'), gzip: sum('gzip'), br: sum('br') };
  };
  const isReader = (p) => p.file.startsWith('broadsheet-reader');
  const app = parts.filter((p) => !isReader(p));
  const reader = parts.filter(isReader);
  return { parts: app, ...total(app), reader: reader.length ? { parts: reader, ...total(reader) } : null };
}

function report(size, r) {
  const lines = [];
  const bs = r.broadsheet;
  const S = r.summary;
  lines.push('');
  lines.push(`=== ${size.toLocaleString('en')} articles, ${(r.bodyChars / 1e6).toFixed(1)}M characters of text (export) ===`);
  if (bs && !bs.error) {
    const fp = median(bs.firstPaint.map((x) => x.ms));
    const cs = bs.coldSearch;
    const pick = (k) => median(cs.map((x) => x.bytes[k]));
    lines.push(`Broadsheet: index build (CLI) ${(r.site.buildMs / 1e3).toFixed(1)} s → catalog.json ${kb(r.site.catalogBytes)} kB, search.bin ${kb(r.site.searchBinBytes)} kB + ${r.site.shardCount} shards ${kb(r.site.shardBytes)} kB (together ${kb(r.site.searchGzipBytes)} kB as gzip -9)`);
    lines.push(`  first list painted           ${fmt(fp, 0)} ms (median of ${bs.firstPaint.length}: ${bs.firstPaint.map((x) => fmt(x.ms, 0)).join(' / ')}; in the DOM at ${fmt(median(bs.firstPaint.map((x) => x.domMs)), 0)} ms; the browser's first load, not counted: ${fmt(bs.warmupFirstPaintMs, 0)} ms); page bytes at network idle ${kb(median(bs.firstPaint.map((x) => x.bytesAtIdle.transferred)))} kB transferred / ${kb(median(bs.firstPaint.map((x) => x.bytesAtIdle.raw)))} kB raw`);
    lines.push(`  cold first search "${FIRST_Q}"     ${fmt(median(cs.map((x) => x.ms)), 0)} ms keystroke → complete (first paint ${fmt(median(cs.map((x) => x.firstPaintMs)), 0)} ms); ${kb(pick('transferred'))} kB transferred, ${kb(pick('raw'))} kB raw, ${kb(pick('gzip'))} kB as gzip, ${median(cs.map((x) => x.bytes.requests))} requests`);
    lines.push(`  search URL opened cold       ${fmt(median(bs.coldUrl.map((x) => x.ms)), 0)} ms navigation → complete results; ${kb(median(bs.coldUrl.map((x) => x.bytes.transferred)))} kB transferred, ${kb(median(bs.coldUrl.map((x) => x.bytes.raw)))} kB raw`);
    const ks = QUERIES.map(({ q }) => bs.keystroke[q]?.painted);
    const kc = QUERIES.map(({ q }) => bs.keystroke[q]?.complete);
    const kd = QUERIES.map(({ q }) => bs.keystroke[q]?.dom);
    const missing = QUERIES.filter(({ q }) => bs.keystroke[q]?.painted == null);
    const why = missing.length ? `: first "${missing[0].q}", ${bs.keystroke[missing[0].q]?.error ?? 'not painted'}` : '';
    lines.push(`  keystroke → results painted  p50 ${fmt(percentile(ks, 50))} ms, p95 ${fmt(percentile(ks, 95))} ms, max ${fmt(percentile(ks, 100))} ms (in the DOM: p50 ${fmt(percentile(kd, 50))}, p95 ${fmt(percentile(kd, 95))} ms; complete: p95 ${fmt(percentile(kc, 95))} ms; ${missing.length} missing${why})`);
    if (bs.foundMissing?.length) lines.push(`  every match (recall step)    ${bs.foundMissing.length} queries not answered in time, left out of recall and precision: first "${bs.foundMissing[0].q}", ${bs.foundMissing[0].error}`);
    if (r.floor) {
      const fl = QUERIES.map(({ q }) => r.floor[q]?.painted);
      lines.push(`  floor: the same keystrokes on a page that only echoes the input: p50 ${fmt(percentile(fl, 50))} ms, p95 ${fmt(percentile(fl, 95))} ms (this browser and machine; nothing paints sooner)`);
    }
    lines.push(`  heap                         JS ${fmt(bs.heap.jsBytes / 1e6)} MB + wasm ${fmt(bs.heap.wasmBytes / 1e6)} MB (bs_memory_bytes ${fmt(bs.heap.bsMemoryBytes / 1e6)} MB)`);
    const all = bs.allShards;
    lines.push(all.error
      ? `  heap, every shard loaded     FAILED ${all.error}`
      : `  heap, every shard loaded     JS ${fmt(all.heap.jsBytes / 1e6)} MB + wasm ${fmt(all.heap.wasmBytes / 1e6)} MB (bs_memory_bytes ${fmt(all.heap.bsMemoryBytes / 1e6)} MB); ${all.shardsFetched} of ${all.shards} shards fetched by this page, the last ${kb(all.transferred)} kB in ${fmt(all.ms / 1e3)} s, ${all.otherRequests} other requests meanwhile`);
    lines.push(`  app (wasm+js+css)            ${kb(r.app.raw)} kB raw, ${kb(r.app.gzip)} kB gzip, ${kb(r.app.br)} kB brotli`);
    if (r.app.reader) lines.push(`  post reader (loaded on need) ${kb(r.app.reader.raw)} kB raw, ${kb(r.app.reader.gzip)} kB gzip, ${kb(r.app.reader.br)} kB brotli: YAML + Markdown, for local files, ?src= posts and Markdown bodies (fetched when the page is idle on a site with Markdown posts)`);
  } else if (bs) {
    lines.push(`Broadsheet: FAILED ${bs.error}`);
  }
  const engines = ENGINES.filter((e) => S[e]);
  const isPf = (e) => PAGEFIND.includes(e);
  const isMem = (e) => IN_MEMORY.includes(e);
  const coldMs = (e) => (e === 'broadsheet' ? median(bs.coldUrl.map((x) => x.ms)) : r.peers[e]?.readyAt);
  const coldBytes = (e, k) => (e === 'broadsheet' ? median(bs.coldUrl.map((x) => x.bytes[k])) : r.peers[e]?.coldBytes?.[k]);
  // Bytes of the search data itself fetched before the first result (Broadsheet: search.bin +
  // shards, in-memory peers: docs.json, Pagefind: its bundle), transferred.
  const isData = (e, f) => (e === 'broadsheet' ? /\/search[^/]*\.bin$/.test(f.path) : isPf(e) ? f.path.includes('/pf/pagefind/') : /\/docs\.json$/.test(f.path));
  const dataBytes = (e) => {
    const lists = e === 'broadsheet' ? bs.coldUrl.map((x) => x.bytes.files) : [r.peers[e]?.coldBytes?.files ?? null];
    const sums = lists.filter(Boolean).map((l) => l.filter((f) => isData(e, f)).reduce((a, f) => a + f.transferred, 0));
    return sums.length ? median(sums) : null;
  };
  const served = (e, k) => (e === 'broadsheet' ? (k === 'raw' ? r.site.searchBinBytes + r.site.shardBytes : r.site.searchGzipBytes)
    : isPf(e) ? r.pagefind?.[k === 'raw' ? 'bundleBytes' : 'bundleGzipBytes'] : k === 'raw' ? r.docsJsonBytes : r.docsJsonGzipBytes);
  const build = (e) => (e === 'broadsheet' ? r.site.buildMs : isPf(e) ? r.pagefind?.buildMs : r.peers[e]?.buildMs);
  // A failed engine's cells say why (out of memory, >600 s, ERR).
  const failed = (e) => (S[e].error ? S[e].short ?? 'ERR' : null);
  // A cold page with a prebuilt index: the in-memory peers' own export (prebuild.mjs), a result
  // of its own (it may fail where the page build did not, or the other way round); Broadsheet
  // and Pagefind always load theirs (their cold page above again, for the ratios).
  const pre = (e) => r.prebuilt?.[e];
  const preMs = (e) => (isMem(e) ? pre(e)?.readyAt : e === 'brute' ? null : coldMs(e));
  const preBytes = (e, k) => (isMem(e) ? pre(e)?.coldBytes?.[k] : e === 'brute' ? null : coldBytes(e, k));
  const preServed = (e, k) => (isMem(e) ? pre(e)?.[k === 'raw' ? 'bytes' : 'gzipBytes'] : e === 'brute' ? null : served(e, k));
  const preFailed = (e) => (isMem(e) ? pre(e)?.short ?? null : failed(e));
  // A worker's heap is not the page's (Performance.getMetrics sees the main thread only).
  const heapMB = (e) => (r.peers[e]?.worker ? 'n/a (worker)' : S[e].heapMB);
  // The whole index in memory: Broadsheet after loading every shard; the in-memory peers and the
  // brute force always hold all of it (their heap); Pagefind loads its chunks as needed.
  const heapWhole = (e) => (e === 'broadsheet' ? S[e].heapAllShardsMB : isMem(e) || e === 'brute' ? S[e].heapMB : null);
  const wholeFailed = (e) => failed(e) ?? (e === 'broadsheet' ? bs.allShards?.short ?? null : null);
  const mb = (b) => (b == null ? null : b / 1e6);
  const nSeeded = (kind) => r.seeded.filter((x) => x.kind === kind).length;
  // [name, value(engine), decimals, in the ratio table, cell instead of the value when failed]
  const metrics = [
    ['index build (s)', (e) => (build(e) == null ? null : build(e) / 1e3), 1, true, (e) => (build(e) == null ? failed(e) : null)],
    ['cold page → first result (ms)', coldMs, 0, true],
    ['  bytes before it, transferred (kB)', (e) => perK(coldBytes(e, 'transferred')), 1, true],
    ['  bytes before it, raw (kB)', (e) => perK(coldBytes(e, 'raw')), 1, true],
    ['  bytes before it, as gzip -9 (kB)', (e) => perK(coldBytes(e, 'gzip')), 1, true],
    ['  … of it search data (kB xfer)', (e) => perK(dataBytes(e)), 1, true],
    ['cold page, prebuilt index → first result (ms)', preMs, 0, true, preFailed],
    ['  bytes before it, transferred (kB)', (e) => perK(preBytes(e, 'transferred')), 1, true, preFailed],
    ['  bytes before it, as gzip -9 (kB)', (e) => perK(preBytes(e, 'gzip')), 1, true, preFailed],
    ['first search on a loaded page (kB xfer)', (e) => (e === 'broadsheet' ? median(bs.coldSearch.map((x) => x.bytes.transferred)) / 1e3 : null), 1, false],
    ['search data on the server (MB raw)', (e) => mb(served(e, 'raw')), 1, true],
    ['search data on the server (MB gzip -9)', (e) => mb(served(e, 'gzip')), 1, true],
    ['prebuilt index on the server (MB raw)', (e) => mb(preServed(e, 'raw')), 1, true, preFailed],
    ['prebuilt index on the server (MB gzip -9)', (e) => mb(preServed(e, 'gzip')), 1, true, preFailed],
    ['query p50 (ms, API)', (e) => S[e].queryP50, 3, true],
    ['query p95 (ms, API)', (e) => S[e].queryP95, 3, true],
    ['query max (ms, API)', (e) => S[e].queryMax, 3, true],
    ['query p50 with total count (ms)', (e) => S[e].queryTotalP50, 3, true],
    ['query p95 with total count (ms)', (e) => S[e].queryTotalP95, 3, true],
    ['heap JS+wasm (MB, after GC)', heapMB, 1, true],
    ['heap, whole index loaded (MB)', heapWhole, 1, true, wholeFailed],
    ['recall CJK (substring truth)', (e) => S[e].recallCjk, 3, false],
    ['precision CJK (title+text+tags+cats+author)', (e) => S[e].precisionCjk, 3, false],
    ['recall all non-no-hit', (e) => S[e].recallAll, 3, false],
    ['recall EN (word-prefix truth)', (e) => S[e].recallEnWord, 3, false],
    ['precision EN (substring, wide truth)', (e) => S[e].precisionEn, 3, false],
    ['no-hit false positives', (e) => S[e].nohitFalse, 0, false],
    [`seeded substrings CJK (${nSeeded('seeded-cjk')}): recall`, (e) => S[e].seededRecallCjk, 3, false],
    ['  precision (wide truth)', (e) => S[e].seededPrecisionCjk, 3, false],
    [`seeded substrings Latin (${nSeeded('seeded-latin')}): recall`, (e) => S[e].seededRecallLatin, 3, false],
    ['  precision (wide truth)', (e) => S[e].seededPrecisionLatin, 3, false],
  ];
  const rows = metrics.map(([name, f, d, , fail = failed]) => [name, ...engines.map((e) => fail(e) ?? fmt(f(e), d))]);
  lines.push('');
  lines.push(table(rows, ['', ...engines]));
  const peers = engines.filter((e) => e !== 'broadsheet');
  if (engines.includes('broadsheet') && !S.broadsheet.error && peers.length) {
    const ratioRows = metrics.filter((m) => m[3]).map(([name, f, , , fail = failed]) => [name, ...peers.map((e) => {
      if (fail(e)) return fail(e);
      const a = f('broadsheet');
      const b = f(e);
      if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
      return `${(a / b).toFixed(2)}×`;
    })]);
    lines.push('');
    lines.push('Broadsheet ÷ peer (below 1× = Broadsheet smaller / faster):');
    lines.push(table(ratioRows, ['', ...peers]));
  }
  for (const e of engines) if (S[e].error) lines.push(`  ${e}: ${S[e].error}`);
  for (const e of engines.filter(isMem)) {
    const p = pre(e);
    if (p?.error) lines.push(`  ${e}, prebuilt index: ${p.error}`);
    // The loaded index must be the one built in the page: same hits for the first query.
    const built = r.peers[e]?.found?.[FIRST_Q]?.length;
    if (p && !p.error && built != null && p.firstAll !== built) lines.push(`  WARNING: ${e}'s prebuilt index finds ${p.firstAll} articles for "${FIRST_Q}", the one built in the page ${built}`);
  }
  lines.push(`  seeded substrings (--seed ${SEED}, cut from the first ${Math.min(SEEDED_WINDOW, r.articles).toLocaleString('en')} articles of the export): ${r.seeded.map((x) => x.q).join(' ')}`);
  for (const p of r.truthProblems) lines.push(`  note: ${p}`);
  if (r.docsJsonBytes && r.realCompression) {
    const e = encoded(path.join(WORK, `peers-${size}`, 'docs.json'));
    const rc = r.realCompression;
    lines.push(`  note: docs.json ${fmt(r.docsJsonBytes / 1e6)} MB compresses ${fmt(e.raw.length / (e.br ?? e.raw).length, 0)}× (brotli) / ${fmt(e.raw.length / (e.gzip ?? e.raw).length, 0)}× (gzip): the generated corpus repeats`
      + ` paragraphs. The ${rc.articles} real posts behind it compress ${fmt(rc.brRatio)}× / ${fmt(rc.gzipRatio)}×, so with real articles of this volume`
      + ` the text-shipping peers would transfer ≈ ${fmt(r.docsJsonBytes / rc.brRatio / 1e6)} MB (brotli) / ${fmt(r.docsJsonBytes / rc.gzipRatio / 1e6)} MB (gzip) before a first result.`);
  }
  lines.push(`(${size} articles: export read with the ground truth${r.docsJsonBytes ? " and the peers' files" : ''} ${(r.exportMs / 1e3).toFixed(1)} s; this size took ${r.wallSeconds.toFixed(0)} s)`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- main
async function main() {
  const started = performance.now();
  fs.mkdirSync(WORK, { recursive: true });
  ensureCli();
  if (ENGINES.includes('broadsheet')) ensureDist();
  const results = { started: new Date().toISOString(), quick: QUICK, reps: REPS, runs: RUNS, engines: ENGINES, queries: QUERIES, chromium: null, sizes: {} };
  const browser = await chromium.launch(LAUNCH);
  results.chromium = browser.version();
  results.app = ENGINES.includes('broadsheet') ? { files: fs.readdirSync(DIST), cliModified: fs.statSync(CLI).mtime.toISOString() } : null;
  const app = ENGINES.includes('broadsheet') ? appSizes() : null;
  const real = await realCompression();
  results.realCompression = real;
  const save = () => {
    results.wallSeconds = (performance.now() - started) / 1e3;
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, JSON.stringify(results, null, 1));
  };
  try {
    for (const n of SIZES) {
      const t = performance.now();
      const r = { size: n, app, realCompression: real, peers: {}, summary: {} };
      results.sizes[n] = r;
      // A size that fails outside a measurement (a build, the export, the disk) is reported
      // and the next size still runs, so the RESULT line is printed whatever happens at 100,000.
      try {
        await measureSize(browser, n, r);
        r.wallSeconds = (performance.now() - t) / 1e3;
        console.log(report(n, r));
      } catch (e) {
        r.error = e.message.split('\n').slice(0, 3).join(' ');
        r.wallSeconds = (performance.now() - t) / 1e3;
        log(`${n} articles FAILED: ${e.stack}`);
        console.log(`\n=== ${n.toLocaleString('en')} articles: FAILED after ${r.wallSeconds.toFixed(0)} s: ${r.error} ===`);
      }
      // Keep the JSON small: found ids become counts.
      for (const m of [r.broadsheet, ...Object.values(r.peers)]) {
        if (m?.found) m.foundCounts = Object.fromEntries(Object.entries(m.found).map(([q, s]) => [q, s.length]));
        if (m) delete m.found;
      }
      save();
    }
  } finally {
    await browser.close();
  }
  save();
  console.log(`\nfull results: ${path.relative(ROOT, OUT)} (${results.wallSeconds.toFixed(0)} s in all)`);
  // The one-line summary: Broadsheet at 10,000 articles (or the largest size run); when a
  // larger size was run too, its figures follow with the size as a suffix (first_paint_ms_100000=…).
  const key = SIZES.includes(10000) ? 10000 : Math.max(...SIZES);
  const largest = Math.max(...SIZES);
  const head = resultFields(results.sizes[key], '');
  const fields = ['RESULT', ...head.fields];
  if (largest !== key) fields.push(`largest=${largest}`, ...resultFields(results.sizes[largest], `_${largest}`).fields);
  console.log(fields.join(' '));
  if (!head.ok) process.exitCode = 1;
}

/** The RESULT line's key=value fields for one size (keys end in `suffix`). */
function resultFields(r, suffix) {
  const bs = r?.broadsheet;
  if (!bs || bs.error) return { ok: false, fields: [`error${suffix}=${JSON.stringify(bs?.error ?? r?.error ?? 'broadsheet not measured')}`] };
  const s = r.summary.broadsheet;
  const f = (v, d) => (v == null ? 'NA' : v.toFixed(d));
  return {
    ok: true,
    fields: [
      ['first_paint_ms', f(median(bs.firstPaint.map((x) => x.ms)), 0)],
      ['first_result_ms', f(median(bs.coldSearch.map((x) => x.ms)), 0)],
      ['first_result_bytes', f(median(bs.coldSearch.map((x) => x.bytes.transferred)), 0)],
      ['search_p95_ms', f(s.queryP95, 2)],
      ['paint_p95_ms', f(percentile(QUERIES.map(({ q }) => bs.keystroke[q]?.painted), 95), 1)],
      ['recall_cjk', f(s.recallCjk, 3)],
      ['nohit_false', s.nohitFalse],
      ['heap_mb', f(s.heapMB, 1)],
      ['app_brotli_kb', f(r.app.br / 1e3, 1)],
    ].map(([k, v]) => `${k}${suffix}=${v}`),
  };
}

/** Everything for one size, into `r`. */
async function measureSize(browser, n, r) {
  const corpusDir = corpus(n, log);
  const peers = PEERS.some((e) => ENGINES.includes(e));
  log(`export of ${n} articles → ground truth${peers ? ', docs.json' : ''}${PAGEFIND.some((e) => ENGINES.includes(e)) ? ", Pagefind's pages" : ''}`);
  const ex = await exportPass(n, corpusDir, peers);
  r.exportMs = ex.ms; // the CLI's export with the ground truth and the peers' files written as it went
  r.articles = ex.articles;
  r.bodyChars = ex.bodyChars;
  r.docsJsonBytes = null;
  const gt = ex.gt;
  const { truth, problems } = gt;
  r.truthProblems = [...problems, ...ex.seeded.problems];
  r.truthCounts = Object.fromEntries(Object.entries(truth).map(([q, s]) => [q, s.length]));
  r.seeded = ex.seeded.queries;
  r.seededTruthCounts = Object.fromEntries(Object.entries(ex.seeded.truth).map(([q, s]) => [q, s.length]));
  for (const p of r.truthProblems) log(`note: ${p}`);
  log(`  export: ${ex.articles} articles, ${(ex.bodyChars / 1e6).toFixed(1)}M characters, ${(ex.ms / 1e3).toFixed(1)} s`);
  const peerDir = ex.peerDir;
  const pagefind = ex.pfSite ? await buildPagefind(ex.pfSite, ex.articles) : null;
  if (peerDir) r.docsJsonBytes = fs.statSync(path.join(peerDir, 'docs.json')).size;
  if (pagefind) r.pagefind = pagefind.error ? { error: pagefind.error } : { buildMs: pagefind.buildMs, bundleBytes: pagefind.bundleBytes, bundleGzipBytes: pagefind.bundleGzipBytes };
  // Broadsheet
  if (ENGINES.includes('broadsheet')) {
    r.site = buildSite(n, corpusDir);
    log(`  index build ${(r.site.buildMs / 1e3).toFixed(1)} s; compressing what the pages fetch`);
    const arts = path.join(r.site.site, 'articles');
    const searchFiles = fs.readdirSync(arts).filter((f) => /^search.*\.bin$/.test(f)).map((f) => path.join(arts, f));
    precompress([
      ...fs.readdirSync(r.site.site).map((f) => path.join(r.site.site, f)).filter((f) => fs.statSync(f).isFile()),
      path.join(arts, 'catalog.json'),
      ...searchFiles,
    ]);
    r.site.searchGzipBytes = searchFiles.reduce((s, f) => s + (encoded(f).gzip ?? encoded(f).raw).length, 0);
    // Document number → slug, for the recall step (bs_search_all_docs fetches no card).
    const slugOf = docSlugs(arts);
    r.floor = await measureFloor(browser);
    const server = await serve({ dir: r.site.site });
    try {
      const m = await measureBroadsheet(browser, server, { docSlugs: slugOf, seeded: r.seeded });
      r.broadsheet = m;
      r.summary.broadsheet = summarize('broadsheet', m, gt, ex.seeded);
    } catch (e) {
      r.broadsheet = { error: e.message.split('\n').slice(0, 3).join(' ') };
      r.summary.broadsheet = { engine: 'broadsheet', error: r.broadsheet.error };
      log(`broadsheet FAILED: ${e.stack}`);
    } finally {
      await server.close();
    }
  }
  // Peers
  if (peerDir) {
    log(`  compressing the peers' files (docs.json ${(r.docsJsonBytes / 1e6).toFixed(0)} MB)`);
    precompress(walkFiles(peerDir, (f) => !f.includes(`${path.sep}p${path.sep}`) && !f.includes(`${path.sep}fragment${path.sep}`)));
    const docs = encoded(path.join(peerDir, 'docs.json'));
    r.docsJsonGzipBytes = (docs.gzip ?? docs.raw).length;
    r.prebuilt = {};
    const server = await serve({ dir: peerDir });
    try {
      for (const e of PEERS.filter((x) => ENGINES.includes(x))) {
        // Pagefind's CLI failed (time, memory): that is its result; no page to open.
        const m = PAGEFIND.includes(e) && pagefind.error
          ? { engine: e, error: pagefind.error, short: pagefind.short }
          : await measurePeer(browser, server, e, PAGEFIND.includes(e) ? pagefind.idToSlug : null, r.seeded);
        r.peers[e] = m;
        r.summary[e] = summarize(e, m, gt, ex.seeded);
        if (PAGEFIND.includes(e) && !m.error) r.summary[e].buildMs = pagefind.buildMs;
        if (IN_MEMORY.includes(e)) {
          // After the page above is closed: the Node build and the tab never share the cores.
          const { files, ...built } = await prebuildPeer(peerDir, e);
          r.prebuilt[e] = built.error ? built : { ...built, ...(await measurePrebuilt(browser, server, e)) };
          if (files) forget(files);
        }
      }
    } finally {
      await server.close();
    }
  }
}

main().catch((e) => {
  console.error(e.stack || e);
  process.exit(1);
});
