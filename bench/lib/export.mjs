// `broadsheet export <posts>` read as it is printed, one article at a time (shared by run.mjs
// and index-build.mjs). The export is JSON Lines; at 100,000 articles it is larger than the
// longest string Node can hold (0x1fffffe8 characters), so it is never read into one string
// (spawnSync's stdout) nor kept whole: the caller keeps only what it needs of each article.
// readExport is run.mjs's whole use of it: ground truth (of the fixed queries and of seeded
// random substrings), docs.json and Pagefind's pages in one pass.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { CJK_RUN } from './tokenize.mjs';

/**
 * Runs `cli export dir` and calls `each(article)` for every line, in order; `each` may return a
 * promise (e.g. a write stream's drain), which is awaited before the next line. Resolves to
 * { count, ms } once the CLI has exited 0; rejects (and kills the CLI) on a bad line, an error
 * thrown by `each` or a failed export (with the end of its stderr).
 */
export async function exportEach(cli, dir, each) {
  const t0 = performance.now();
  const child = spawn(cli, ['export', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (s) => { stderr = (stderr + s).slice(-4000); });
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  exited.catch(() => {}); // awaited below; this only keeps an early spawn error from being "unhandled"
  // readline's async iterator pauses the pipe while lines wait, so a slow `each` holds the CLI
  // back (it blocks on a full pipe) instead of the lines piling up here.
  const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
  let count = 0;
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (!text.trim()) continue;
      let article;
      try {
        article = JSON.parse(text);
      } catch (e) {
        throw new Error(`${cli} export ${dir}: line ${line} is not JSON (${e.message}): ${text.slice(0, 200)}`);
      }
      const r = each(article);
      if (r && typeof r.then === 'function') await r;
      count++;
    }
  } catch (e) {
    child.kill();
    lines.close();
    throw e;
  }
  const { code, signal } = await exited;
  if (code !== 0) throw new Error(`${cli} export ${dir} exited with ${code ?? signal}${stderr ? `\n${stderr.trim()}` : ''}`);
  return { count, ms: performance.now() - t0 };
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A JSON array written one element at a time (docs.json is 0.73 GB at 100,000 articles: more
 * than one string can hold). Same bytes as JSON.stringify(array). `add` resolves when the
 * stream can take more.
 */
export function jsonArrayFile(file) {
  const out = fs.createWriteStream(file);
  let failed = null;
  out.on('error', (e) => { failed = e; });
  let n = 0;
  return {
    add(value) {
      if (failed) throw failed;
      const more = out.write(`${n++ ? ',' : '['}${JSON.stringify(value)}`);
      if (more) return null;
      return new Promise((resolve, reject) => {
        const done = (e) => { out.off('drain', done); out.off('error', done); if (e) reject(e); else resolve(); };
        out.on('drain', done);
        out.on('error', done);
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (failed) return reject(failed);
        out.once('error', reject);
        out.end(n ? ']' : '[]', resolve);
      });
    },
  };
}

/**
 * The ground truth, one article at a time (`add`, in export order; `done` for the result):
 * truth = every query term a substring of lowercased title + text; wideTruth = also in tags,
 * categories, author, excerpt (Broadsheet searches those too); wordTruth (English) = every
 * term at the start of a word. Only matching slugs are kept.
 */
export function truthCollector(queries) {
  const qs = queries.map(({ q, kind }) => {
    const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
    const res = kind === 'en' ? terms.map((t) => new RegExp(`(?<![\\p{L}\\p{N}])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u')) : null;
    return { q, kind, terms, res };
  });
  const truth = Object.fromEntries(qs.map(({ q }) => [q, []]));
  const wideTruth = Object.fromEntries(qs.map(({ q }) => [q, []]));
  const wordTruth = Object.fromEntries(qs.filter((x) => x.res).map(({ q }) => [q, []]));
  const nohitWhere = Object.fromEntries(qs.filter((x) => x.kind === 'nohit').map(({ q }) => [q, 0]));
  return {
    add(d) {
      const hay = `${d.title}\n${d.text}`.toLowerCase();
      const everything = JSON.stringify([d.title, d.text, d.tags, d.categories, d.author, d.excerpt]).toLowerCase();
      for (const { q, kind, terms, res } of qs) {
        if (terms.every((t) => hay.includes(t))) truth[q].push(d.slug);
        if (terms.every((t) => everything.includes(t))) wideTruth[q].push(d.slug);
        if (res && res.every((re) => re.test(hay))) wordTruth[q].push(d.slug);
        if (kind === 'nohit' && terms.some((t) => everything.includes(t))) nohitWhere[q]++;
      }
    },
    done() {
      const problems = [];
      for (const { q, kind } of qs) {
        if (kind === 'nohit') {
          if (nohitWhere[q]) problems.push(`no-hit query "${q}" occurs in ${nohitWhere[q]} articles`);
        } else if (!truth[q].length) {
          problems.push(`query "${q}" (${kind}) matches nothing in this corpus`);
        }
      }
      return { truth, wideTruth, wordTruth, problems };
    },
  };
}

/** A seeded pseudo-random number generator (mulberry32): numbers in [0, 1), the same sequence
 * for the same seed on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` substrings cut at random (seeded) from random articles of `docs`, alternately
 * 1–4 CJK characters from a run of CJK characters and 3–8 letters from a run of ASCII letters,
 * both of lowercased title + text (the brute force's haystack), so each occurs at least once.
 * Start and length are uniform: Latin ones are mostly cut mid-word.
 */
function cutSubstrings(docs, seed, count) {
  const rand = random(seed);
  const pick = (n) => Math.floor(rand() * n);
  const kinds = [
    { kind: 'seeded-cjk', runs: CJK_RUN, min: 1, max: 4 },
    { kind: 'seeded-latin', runs: /[a-z]{3,}/g, min: 3, max: 8 },
  ];
  const out = [];
  const seen = new Set();
  // Bounded: a corpus without one of the scripts gets fewer queries, not an endless loop.
  for (let tries = 0; out.length < count && tries < count * 1000; tries++) {
    const { kind, runs, min, max } = kinds[out.length % 2];
    const d = docs[pick(docs.length)];
    const all = [...`${d.title}\n${d.text}`.toLowerCase().matchAll(runs)].map((m) => m[0]);
    if (!all.length) continue;
    const run = all[pick(all.length)];
    const len = min + pick(Math.min(max, run.length) - min + 1);
    const start = pick(run.length - len + 1);
    const q = run.slice(start, start + len);
    if (seen.has(q)) continue;
    seen.add(q);
    out.push({ q, kind });
  }
  return out;
}

/**
 * The seeded substring queries and their ground truth, in the export pass: the queries are cut
 * from the first `window` articles (held until then; then the truth is collected from them and
 * from every article after), so the truth needs no second pass. `done` gives
 * { queries: [{q, kind}], truth, wideTruth, problems } (truthCollector's).
 */
function seededCollector({ seed, count, window }) {
  const held = [];
  let gt = null;
  let queries = null;
  const cut = () => {
    queries = cutSubstrings(held, seed, count);
    gt = truthCollector(queries);
    for (const d of held) gt.add(d);
    held.length = 0;
  };
  return {
    add(d) {
      if (gt) return gt.add(d);
      held.push(d);
      if (held.length >= window) cut();
    },
    done() {
      if (!gt) cut();
      return { queries, ...gt.done() };
    },
  };
}

/**
 * One pass over `cli export dir`: the ground truth of `queries` (truthCollector), the seeded
 * substring queries with theirs when asked (`seeded`: { seed, count, window }), and when asked
 * docs.json ([{id: slug, title, text}], as the peers' page loads it) and one HTML page per
 * article for Pagefind (in `pagefindPages`). Resolves to { articles, bodyChars, ms, gt, seeded }.
 */
export async function readExport({ cli, dir, queries, seeded = null, docsJson = null, pagefindPages = null }) {
  const gt = truthCollector(queries);
  const sub = seeded ? seededCollector(seeded) : null;
  const docs = docsJson ? jsonArrayFile(docsJson) : null;
  if (pagefindPages) fs.mkdirSync(pagefindPages, { recursive: true });
  let bodyChars = 0;
  const { count, ms } = await exportEach(cli, dir, (d) => {
    bodyChars += d.text.length;
    gt.add(d);
    sub?.add(d);
    if (pagefindPages) {
      fs.writeFileSync(path.join(pagefindPages, `${encodeURIComponent(d.slug)}.html`),
        `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>${esc(d.title)}</title></head>` +
        `<body><main data-pagefind-body><h1 data-pagefind-meta="title">${esc(d.title)}</h1><p>${esc(d.text)}</p></main></body></html>\n`);
    }
    return docs?.add({ id: d.slug, title: d.title, text: d.text });
  });
  if (docs) await docs.close();
  return { articles: count, bodyChars, ms, gt: gt.done(), seeded: sub?.done() ?? null };
}
