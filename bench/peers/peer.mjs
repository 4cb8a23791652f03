// The in-page side of a peer search engine (bench/run.mjs serves this folder next to the
// exported articles, docs.json = [{id: slug, title, text}], Pagefind's bundle in pf/ and the
// in-memory peers' prebuilt indexes in prebuilt/<engine>/, written by prebuild.mjs).
// Opened as index.html?engine=<configuration>&q=<first query>[&prebuilt=1]: loads the engine
// and its data, builds (or, with prebuilt, loads the prebuilt index), runs the first query, and
// publishes window.benchFirst (times) and window.bench (the API run.mjs times and checks recall
// with). Every engine runs on the main thread except pagefind-worker (Pagefind's default), so
// the page's heap is the engine's heap.
import { indexTokens, queryTokens, CJK } from './tokenize.mjs';
import { flexOptions, miniOptions } from './configs.mjs';

const params = new URLSearchParams(location.search);
const engine = params.get('engine');
const firstQ = params.get('q') || '';
const prebuilt = params.has('prebuilt');
const PAGE = 20; // one results page, as Broadsheet's bs_search(q, 20)

async function get(url, as) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res[as]();
}

async function loadDocs() {
  const t0 = performance.now();
  const docs = await get('docs.json', 'json');
  return { docs, loadMs: performance.now() - t0 };
}

/** The files ([name, 'json' | 'text']) of this engine's prebuilt index, fetched at once, and
 * how long that took. */
async function loadPrebuilt(files) {
  const t0 = performance.now();
  const dir = `prebuilt/${engine}/`;
  const data = await Promise.all(files.map(([name, type]) => get(dir + encodeURIComponent(name), type)));
  return { data, loadMs: performance.now() - t0 };
}

// FlexSearch 0.8: Document index over title + text (configs.mjs: "full" or its CJK encoder),
// numeric ids (positions in docs.json) mapped back to slugs for the results. Prebuilt: the
// files of Document.export (listed in manifest.json), each given to import, and slugs.json
// (id → slug). The library and the data are fetched together.
async function flexsearch() {
  const fetchExport = async () => {
    const t0 = performance.now();
    const [keys, slugs] = (await loadPrebuilt([['manifest.json', 'json'], ['slugs.json', 'json']])).data;
    const { data } = await loadPrebuilt(keys.map((k) => [k, 'text']));
    return { keys, slugs, data, loadMs: performance.now() - t0 };
  };
  const [lib, loaded] = await Promise.all([import('./flexsearch.mjs'), prebuilt ? fetchExport() : loadDocs()]);
  const index = new lib.Document(flexOptions(engine, lib));
  const t0 = performance.now();
  let slugs;
  if (prebuilt) {
    for (let i = 0; i < loaded.keys.length; i++) await index.import(loaded.keys[i], loaded.data[i]);
    slugs = loaded.slugs;
  } else {
    loaded.docs.forEach((d, i) => index.add({ id: i, title: d.title, text: d.text }));
    slugs = loaded.docs.map((d) => d.id);
  }
  const buildMs = performance.now() - t0;
  return {
    loadMs: loaded.loadMs, buildMs, count: slugs.length,
    // The first 20 only: FlexSearch stops early and gives no total (see `all`, timed too).
    page: (q) => index.search(q, { limit: PAGE, merge: true }).map((r) => slugs[r.id]),
    all: (q) => index.search(q, { limit: 1e7, merge: true }).map((r) => slugs[r.id]),
    timeAll: true,
  };
}

// MiniSearch 7 (configs.mjs: CJK characters + bigrams, or bigrams only; Latin words by
// prefix). Prebuilt: index.json (its toJSON) given to MiniSearch.loadJSON.
async function minisearch() {
  const [{ default: MiniSearch }, loaded] = await Promise.all([
    import('./minisearch.mjs'),
    prebuilt ? loadPrebuilt([['index.json', 'text']]) : loadDocs(),
  ]);
  const options = miniOptions(engine, { indexTokens, queryTokens, CJK });
  const t0 = performance.now();
  let ms;
  if (prebuilt) {
    ms = MiniSearch.loadJSON(loaded.data[0], options);
  } else {
    ms = new MiniSearch(options);
    ms.addAll(loaded.docs);
  }
  const buildMs = performance.now() - t0;
  return {
    loadMs: loaded.loadMs, buildMs, count: ms.documentCount,
    page: (q) => ms.search(q).slice(0, PAGE).map((r) => r.id),
    all: (q) => ms.search(q).map((r) => r.id),
  };
}

// Pagefind 1.x: its own index (built by its CLI, timed in run.mjs); search without loading any
// result's data (fragments). "pagefind" on the main thread (noWorker), "pagefind-worker" as it
// runs by default, searching in a Web Worker (whose heap the page's metrics do not see).
async function pagefind() {
  const t0 = performance.now();
  const pf = await import('./pf/pagefind/pagefind.js');
  if (engine === 'pagefind') await pf.options({ noWorker: true });
  await pf.init();
  const loadMs = performance.now() - t0;
  return {
    loadMs, buildMs: 0, count: null, worker: engine === 'pagefind-worker',
    page: async (q) => (await pf.search(q)).results.slice(0, PAGE).map((r) => r.id),
    all: async (q) => (await pf.search(q)).results.map((r) => r.id),
  };
}

// Brute force: lowercased title + text, every whitespace-separated term a substring.
async function brute() {
  const { docs, loadMs } = await loadDocs();
  const t0 = performance.now();
  const ids = docs.map((d) => d.id);
  const hay = docs.map((d) => `${d.title}\n${d.text}`.toLowerCase());
  const buildMs = performance.now() - t0;
  const scan = (q, limit) => {
    const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
    const out = [];
    for (let i = 0; i < hay.length && out.length < limit; i++) {
      const h = hay[i];
      if (terms.every((t) => h.includes(t))) out.push(ids[i]);
    }
    return out;
  };
  return {
    loadMs, buildMs, count: docs.length,
    // A page needs the total too (as bs_search's), so the scan always runs to the end.
    page: (q) => scan(q, Infinity).slice(0, PAGE),
    all: (q) => scan(q, Infinity),
  };
}

const ENGINES = {
  flexsearch, 'flexsearch-cjk': flexsearch,
  minisearch, 'minisearch-bigram': minisearch,
  pagefind, 'pagefind-worker': pagefind,
  brute,
};

async function main() {
  const make = ENGINES[engine];
  if (!make) throw new Error(`unknown engine ${engine}`);
  const e = await make();
  const t0 = performance.now();
  const first = await e.page(firstQ);
  const firstMs = performance.now() - t0;
  window.bench = {
    page: e.page,
    all: e.all,
    /** `runs` timings of page(q) (or all(q)) in ms. Timers are coarse in a page (100 µs), so each
     * timing is the mean over as many back-to-back calls as fit in ~10 ms (at least 1). */
    async time(q, runs, which = 'page') {
      const call = e[which];
      const out = [];
      for (let i = 0; i < runs; i++) {
        let n = 0;
        const t = performance.now();
        let dt = 0;
        do {
          await call(q);
          n++;
          dt = performance.now() - t;
        } while (dt < 10 && n < 2000);
        out.push(dt / n);
      }
      return out;
    },
  };
  window.benchFirst = {
    timeAll: !!e.timeAll, worker: !!e.worker, prebuilt, loadMs: e.loadMs, buildMs: e.buildMs, firstMs,
    firstHits: first.length, readyAt: performance.now(), count: e.count,
  };
}

main().catch((err) => {
  window.benchFirst = { error: String(err && err.stack || err) };
});
