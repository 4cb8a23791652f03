// The in-page side of a peer search engine (bench/run.mjs serves this folder next to the
// exported articles, docs.json = [{id: slug, title, text}], and Pagefind's bundle in pf/).
// Opened as index.html?engine=<name>&q=<first query>: loads the engine and its data,
// builds, runs the first query, and publishes window.benchFirst (times) and
// window.bench (the API run.mjs times and checks recall with). Every engine runs on the
// main thread (Pagefind with noWorker), so the page's heap is the engine's heap.
import { indexTokens, queryTokens, CJK } from './tokenize.mjs';

const params = new URLSearchParams(location.search);
const engine = params.get('engine');
const firstQ = params.get('q') || '';
const PAGE = 20; // one results page, as Broadsheet's bs_search(q, 20)

async function loadDocs() {
  const t0 = performance.now();
  const res = await fetch('docs.json');
  if (!res.ok) throw new Error(`docs.json: HTTP ${res.status}`);
  const docs = await res.json();
  return { docs, loadMs: performance.now() - t0 };
}

const ENGINES = {
  // FlexSearch 0.8: Document index over title + text, tokenize "full" (every substring
  // of every term: the configuration that finds mid-word CJK substrings).
  async flexsearch() {
    const [{ Document }, { docs, loadMs }] = await Promise.all([import('./flexsearch.mjs'), loadDocs()]);
    const t0 = performance.now();
    const index = new Document({ document: { id: 'id', index: ['title', 'text'] }, tokenize: 'full' });
    for (const d of docs) index.add(d);
    const buildMs = performance.now() - t0;
    return {
      loadMs, buildMs, count: docs.length,
      // The first 20 only: FlexSearch stops early and gives no total (see `all`, timed too).
      page: (q) => index.search(q, { limit: PAGE, merge: true }).map((r) => r.id),
      all: (q) => index.search(q, { limit: 1e7, merge: true }).map((r) => r.id),
      timeAll: true,
    };
  },
  // MiniSearch 7: CJK characters + bigrams and Latin words at index time; a query's CJK
  // runs become bigrams (all required: combineWith AND), Latin words match by prefix.
  async minisearch() {
    const [{ default: MiniSearch }, { docs, loadMs }] = await Promise.all([import('./minisearch.mjs'), loadDocs()]);
    const t0 = performance.now();
    const ms = new MiniSearch({
      fields: ['title', 'text'],
      tokenize: indexTokens,
      processTerm: (t) => t,
      searchOptions: { tokenize: queryTokens, processTerm: (t) => t, combineWith: 'AND', prefix: (t) => !CJK.test(t) },
    });
    ms.addAll(docs);
    const buildMs = performance.now() - t0;
    return {
      loadMs, buildMs, count: docs.length,
      page: (q) => ms.search(q).slice(0, PAGE).map((r) => r.id),
      all: (q) => ms.search(q).map((r) => r.id),
    };
  },
  // Pagefind 1.x: its own index (built by its CLI, timed in run.mjs); search without
  // loading any result's data (fragments).
  async pagefind() {
    const t0 = performance.now();
    const pf = await import('./pf/pagefind/pagefind.js');
    await pf.options({ noWorker: true });
    await pf.init();
    const loadMs = performance.now() - t0;
    return {
      loadMs, buildMs: 0, count: null,
      page: async (q) => (await pf.search(q)).results.slice(0, PAGE).map((r) => r.id),
      all: async (q) => (await pf.search(q)).results.map((r) => r.id),
    };
  },
  // Brute force: lowercased title + text, every whitespace-separated term a substring.
  async brute() {
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
  },
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
  window.benchFirst = { timeAll: !!e.timeAll, loadMs: e.loadMs, buildMs: e.buildMs, firstMs, firstHits: first.length, readyAt: performance.now(), count: e.count };
}

main().catch((err) => {
  window.benchFirst = { error: String(err && err.stack || err) };
});
