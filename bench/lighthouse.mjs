// Lighthouse 12.2.3 (mobile defaults: simulated slow 4G, 4x CPU slowdown) on the pages of
// a Broadsheet site as the build writes them (static-first: a page per address, the app
// taking over), beside the same site built as the plain app (BROADSHEET_PRERENDER=0:
// index.html / 404.html for every address), in the same run, served like GitHub Pages
// (gzip, no brotli; an address without a file answered by 404.html with status 404).
//
//   node bench/lighthouse.mjs [--sites demo,10000] [--runs 3]
//
// Sites: `demo` (public/articles) and a generated corpus of N articles (bench/gen-corpus.mjs,
// shared with bench/run.mjs). Pictures on other hosts are replaced by a local one (the
// audit must not depend on the network). Pages: the home list, a category (the seed's;
// the biggest in a generated corpus), the seed article (the newest article in a generated
// corpus) and the longest English article. Each figure is the median of --runs audits.
// Prints a table per site and one RESULT line.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serve, precompress } from './lib/server.mjs';
import { corpus, WORK } from './lib/corpus.mjs';
import { localPosts, buildSite, launchChrome, audit } from './lib/lighthouse.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const DIST = path.join(ROOT, 'dist');
const CLI = path.join(ROOT, 'target/release/broadsheet');
const SEED_SLUG = '000-0c883d887ca44e44';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SITES = opt('sites', 'demo,10000').split(',').filter(Boolean);
const RUNS = Number(opt('runs', '3'));
const log = (m) => console.error(`[lighthouse] ${m}`);

function cli(a) {
  const r = spawnSync(CLI, a, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`broadsheet ${a.join(' ')}: ${r.stderr}`);
  return r;
}

/** The pages audited on a site (routes below its root), from its catalog. */
function pagesOf(site, name) {
  const catalog = JSON.parse(fs.readFileSync(path.join(site, 'articles/catalog.json'), 'utf8'));
  const arts = catalog.articles;
  const english = arts.filter((a) => !/[\u3040-\u30ff\u4e00-\u9fff]/.test(a.title));
  const long = english.reduce((a, b) => (b.reading_minutes > a.reading_minutes ? b : a), english[0]);
  const counts = new Map();
  for (const a of arts) for (const p of a.categories) if (p[0]) counts.set(p[0], (counts.get(p[0]) || 0) + 1);
  const seed = arts.find((a) => a.slug === SEED_SLUG);
  const category = seed ? seed.categories[0][0] : [...counts].sort((a, b) => b[1] - a[1])[0][0];
  const first = seed || arts[0];
  return [
    ['home', ''],
    [`category ${category}`, `category/${encodeURIComponent(category)}`],
    [seed ? 'seed article' : 'newest article', `article/${encodeURIComponent(first.slug)}`],
    [`long English article (${long.reading_minutes} min)`, `article/${encodeURIComponent(long.slug)}`],
  ].map(([label, route]) => ({ label, route, site: name }));
}

/** The app's own files of a site (its root files and snippets/), not the articles. */
function appFiles(dir) {
  const out = [];
  const walk = (d, deep) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isFile()) out.push(p);
      else if (deep || e.name === 'snippets') walk(p, true);
    }
  };
  walk(dir, false);
  return out;
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
};

async function main() {
  if (!fs.existsSync(path.join(DIST, '404.html'))) throw new Error('dist/ is not built: bash scripts/build-dists.sh');
  if (!fs.existsSync(CLI)) {
    log('building target/release/broadsheet');
    const b = spawnSync('cargo', ['build', '--release', '--quiet', '--bin', 'broadsheet'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('cargo build --release failed');
  }
  const chrome = await launchChrome();
  const rows = [];
  const servers = [];
  try {
    for (const name of SITES) {
      const src = name === 'demo' ? path.join(ROOT, 'public/articles') : corpus(Number(name), log);
      const posts = path.join(WORK, `lh-posts-${name}`);
      const replaced = localPosts(src, posts);
      const variants = {};
      for (const [variant, prerender] of [['static', true], ['app', false]]) {
        const dir = path.join(WORK, `lh-${name}-${variant}`);
        fs.mkdirSync(dir, { recursive: true });
        const server = await serve({ dir, brotli: false });
        servers.push(server);
        const t = performance.now();
        buildSite({ app: DIST, posts, out: dir, baseUrl: server.url, prerender, cli });
        log(`${name} ${variant}: built in ${((performance.now() - t) / 1000).toFixed(1)} s (${replaced} pictures made local) at ${server.url}`);
        variants[variant] = { dir, url: server.url };
        // Compressed before any audit (the server compresses a file on its first request:
        // the wasm at gzip -9 and brotli 11 takes seconds, which is not the host's time).
        precompress(appFiles(dir));
      }
      for (const page of pagesOf(variants.static.dir, name)) {
        for (const variant of ['static', 'app']) {
          const url = variants[variant].url + page.route;
          const runs = [];
          for (let i = 0; i < RUNS; i++) {
            const r = await audit(chrome, url);
            runs.push(r);
            if (r.error) break;
          }
          const err = runs.find((r) => r.error)?.error;
          const last = runs[runs.length - 1];
          const row = {
            site: name, page: page.label, variant, error: err,
            perf: median(runs.map((r) => r.scores.performance)),
            lcp: median(runs.map((r) => r.lcp)),
            cls: median(runs.map((r) => r.cls)),
            tbt: median(runs.map((r) => r.tbt)),
            tti: median(runs.map((r) => r.tti)),
            ttiMax: Math.max(...runs.map((r) => r.tti).filter(Number.isFinite)),
            fcp: median(runs.map((r) => r.fcp)),
            kb: median(runs.map((r) => r.bytes)) / 1024,
            a11y: last.scores.accessibility, seo: last.scores.seo, bp: last.scores['best-practices'],
            failing: last.failing,
          };
          rows.push(row);
          log(`${name} ${page.label} [${variant}]: ${err || `perf ${row.perf}, LCP ${Math.round(row.lcp)} ms, TBT ${Math.round(row.tbt)} ms, TTI ${Math.round(row.tti)} ms, CLS ${row.cls.toFixed(3)}`}`);
        }
      }
    }
  } finally {
    await chrome.kill();
    for (const s of servers) await s.close();
  }
  report(rows);
}

function report(rows) {
  const f0 = (x) => (x === null || x === undefined ? '–' : String(Math.round(x)));
  for (const site of [...new Set(rows.map((r) => r.site))]) {
    console.log(`\n## ${site === 'demo' ? 'demo site' : `${site} generated articles`} (Lighthouse 12.2.3, mobile, median of ${RUNS})\n`);
    console.log('| page | build | perf | LCP ms | CLS | TBT ms | TTI ms (slowest run) | FCP ms | kB | a11y | SEO | BP |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows.filter((x) => x.site === site)) {
      if (r.error) {
        console.log(`| ${r.page} | ${r.variant} | ${r.error.split(':')[0]} | | | | | | | | | |`);
        continue;
      }
      console.log(`| ${r.page} | ${r.variant} | ${r.perf} | ${f0(r.lcp)} | ${r.cls.toFixed(3)} | ${f0(r.tbt)} | ${f0(r.tti)} (${f0(r.ttiMax)}) | ${f0(r.fcp)} | ${f0(r.kb)} | ${r.a11y} | ${r.seo} | ${r.bp} |`);
    }
    const failing = rows.filter((x) => x.site === site && !x.error && Object.keys(x.failing).length);
    for (const r of failing) console.log(`  ${r.page} [${r.variant}] failing: ${JSON.stringify(r.failing)}`);
  }
  // One line: the static-first build's worst page per site, and the plain app's home.
  const fields = ['RESULT lighthouse'];
  for (const site of [...new Set(rows.map((r) => r.site))]) {
    const st = rows.filter((r) => r.site === site && r.variant === 'static' && !r.error);
    const app = rows.find((r) => r.site === site && r.variant === 'app' && r.page === 'home');
    if (!st.length) continue;
    const worst = (k, min) => (min ? Math.min : Math.max)(...st.map((r) => r[k]));
    fields.push(`${site}: lh_perf=${worst('perf', true)} lcp_ms=${Math.round(worst('lcp'))} tbt_ms=${Math.round(worst('tbt'))} tti_ms=${Math.round(worst('tti'))} tti_slowest_ms=${Math.round(worst('ttiMax'))} cls=${worst('cls').toFixed(3)}`
      + (app && !app.error ? ` (app: lh_perf=${app.perf} lcp_ms=${Math.round(app.lcp)} tti_ms=${Math.round(app.tti)})` : ''));
  }
  console.log(`\n${fields.join(' ')}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
