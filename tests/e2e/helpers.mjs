// Shared set-up for the browser tests: a GitHub-Pages-like static server over a built
// site (scripts/build-dists.sh) and headless Debian Chromium driven by playwright-core.
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The built sites (scripts/build-dists.sh); BROADSHEET_E2E_SITES=<dir> points the tests
// at another set of builds (<dir>/dist, <dir>/dist-sub, <dir>/dist-hexo).
const SITES = process.env.BROADSHEET_E2E_SITES;
export const DIST = SITES ? path.join(SITES, 'dist') : path.join(ROOT, 'dist');
export const DIST_SUB = path.join(SITES || path.join(ROOT, 'target'), 'dist-sub');
export const DIST_HEXO = path.join(SITES || path.join(ROOT, 'target'), 'dist-hexo');

export const SEED = {
  slug: '000-0c883d887ca44e44',
  title: '嘀嗒出行第三届全员安全大会明确2021安全工作重点',
  categories: ['金融', '中证网', '资讯'],
  sentence: '安全始终是嘀嗒出行的红线和底线',
};

export function requireDist(dir) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir} is not built: run \`bash scripts/build-dists.sh\` first`);
  }
}

export function readCatalog(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'articles/catalog.json'), 'utf8'));
}

/** Category path prefix (joined with " / ") → number of articles under it, each counted once. */
export function categoryCounts(catalog) {
  const counts = new Map();
  for (const a of catalog.articles) {
    const prefixes = new Set();
    for (const p of a.categories) for (let i = 1; i <= p.length; i++) prefixes.add(p.slice(0, i).join(' / '));
    for (const k of prefixes) counts.set(k, (counts.get(k) || 0) + 1);
  }
  return counts;
}

export const LAUNCH = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
};

/** Starts a server over `dir` at `prefix` and a browser; `close()` stops both. */
export async function start(dir, prefix = '/') {
  requireDist(dir);
  const server = await serve({ dir, prefix, port: 0 });
  const browser = await chromium.launch(LAUNCH);
  return {
    url: server.url,
    browser,
    async page(opts = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
      context.setDefaultTimeout(15000);
      // Content-Security-Policy violations (index.html's CSP) are problems like console
      // errors: every test that checks page.problems checks there were none.
      await context.addInitScript(() => {
        addEventListener('securitypolicyviolation', (e) => {
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || ''})`);
        });
      });
      const page = await context.newPage();
      watchConsole(page, server.url);
      appTakesOver(page);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * `page.goto` and `page.reload` return once the app has taken over the page written at
 * build time (`broadsheet pages`): until then buttons and the search box are the static
 * copy's, which do nothing, and the tests here are about the app. A page without a
 * static copy (404.html, a host page) returns at once. Tests of the static copy itself
 * use `page.staticGoto` and `page.staticReload`.
 */
function appTakesOver(page) {
  const after = (go) => async (...args) => {
    const response = await go(...args);
    await page.waitForFunction(() => !document.querySelector('.bs-prerendered'), null, { timeout: 15000 });
    return response;
  };
  page.staticGoto = page.goto.bind(page);
  page.staticReload = page.reload.bind(page);
  page.goto = after(page.staticGoto);
  page.reload = after(page.staticReload);
}

/**
 * Collects console errors and uncaught exceptions into `page.problems`. Two kinds of
 * "Failed to load resource" are expected and ignored: images on other hosts (dead
 * thumbnails are common in real posts; this machine is offline), and the 404 status of
 * a deep link's document itself (GitHub Pages answers it with 404.html, which boots the
 * app). Anything else is a problem.
 */
export function watchConsole(page, siteUrl) {
  const origin = new URL(siteUrl).origin;
  page.problems = [];
  page.allow = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    const where = m.location()?.url || '';
    if (/^Failed to load resource/.test(text)) {
      if (where && !where.startsWith(origin)) return; // third-party image
      if (/404/.test(text) && isDocumentUrl(page, where)) return; // deep link via 404.html
    }
    // Chromium checks the page's CSP even while parsing into an inert document: the
    // sanitizer (DOMPurify, which parses untrusted bodies with DOMParser) triggers
    // reports for the handlers and <style> elements it is about to remove. Nothing can
    // run there; those reports come from the sanitizer's own file and are not problems.
    // Any violation from the live page still is.
    if (/Content Security Policy|CSP violation/.test(text) && /\/dompurify\/dist\/purify\.[a-z.]*mjs/.test(`${text} ${where}`)) return;
    if (page.allow.some((re) => re.test(text) || re.test(where))) return;
    page.problems.push(`console.error: ${text} (${where})`);
  });
  page.docs = new Set();
  page.on('request', (r) => { if (r.isNavigationRequest()) page.docs.add(r.url()); });
}

function isDocumentUrl(page, url) {
  return page.docs.has(url);
}

/** Waits until the app has drawn a list or an article (the catalog is loaded): on a page
 *  written at build time, once the app has taken it over (its static copy is gone). */
export async function ready(page) {
  await page.waitForFunction(() => !document.querySelector('.bs-prerendered')
    && document.querySelector('.bs-app')
    && document.querySelector('.bs-list, .bs-article, .bs-notfound, .bs-error, .bs-empty, .bs-facets, .bs-archive'), null, { timeout: 15000 });
}

export async function listTitles(page) {
  return page.$$eval('main article.bs-card', (els) => els.map((e) => e.querySelector('a')?.textContent.trim()));
}

// ---------- sources and local files (tests/e2e/sources.test.mjs) ----------

/**
 * Runs the `broadsheet` CLI (synchronously, in the repo root): $BROADSHEET_CLI when
 * set (a binary built beforehand, so the sources may change while the tests run), else
 * this checkout's through `cargo run`. Returns spawnSync's result.
 */
export function cli(args, opts = {}) {
  const [cmd, pre] = process.env.BROADSHEET_CLI
    ? [process.env.BROADSHEET_CLI, []]
    : ['cargo', ['run', '--quiet', '--offline', '--bin', 'broadsheet', '--']];
  return spawnSync(cmd, [...pre, ...args], { cwd: ROOT, encoding: 'utf8', ...opts });
}

/** `promise`, or a failure with `message` if it has not settled after `ms`: for waits
 *  whose point is that something happens well before a later fallback would do it. */
export async function within(promise, ms, message) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A real corpus folder, relative to the repo root (`../shared/corpus/<name>`). */
export const CORPUS = (name) => path.join(ROOT, '..', 'shared', 'corpus', name);

/**
 * Copies `postsDir` into a new temp folder and writes its catalog.json (+ search.bin)
 * there with the CLI (`broadsheet index`), as a site publishing its posts would.
 * Returns the folder and the catalog.
 */
export async function indexedCopy(postsDir) {
  const os = await import('node:os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-src-'));
  fs.cpSync(postsDir, dir, { recursive: true });
  const run = cli(['index', dir, '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0) throw new Error(`broadsheet index ${dir} failed (${run.status})`);
  return { dir, catalog: JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8')) };
}

/**
 * A static server over `dir` on its own port, playing another site: `cors` adds
 * `Access-Control-Allow-Origin: *`; `mode` ('ok' | '404' | '500' | 'hang') can be
 * changed while it runs (`set(mode)`, `delay(ms)`). Records each request
 * (`requests`: { url, cookie }).
 */
export async function sourceServer(dir, { cors = true, mode = 'ok' } = {}) {
  const http = await import('node:http');
  const { TYPES } = await import('../../scripts/serve.mjs');
  const state = { dir, mode, cors };
  const requests = [];
  const hanging = new Set();
  // Waiters for the next request, and for the next hanging request the client gives up.
  const onRequest = [];
  const onAbort = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push({ url: decodeURIComponent(url.pathname), cookie: req.headers.cookie || null });
    onRequest.splice(0).forEach((f) => f());
    const headers = state.cors ? { 'access-control-allow-origin': '*' } : {};
    if (state.mode === 'hang') {
      hanging.add(res);
      // The connection closed before an answer: the client aborted the request.
      res.on('close', () => {
        hanging.delete(res);
        if (!res.writableEnded) onAbort.splice(0).forEach((f) => f());
      });
      return;
    }
    if (state.delay) return setTimeout(() => answer(req, res, url, headers), state.delay);
    answer(req, res, url, headers);
  });
  function answer(req, res, url, headers) {
    if (state.mode === '404') { res.writeHead(404, { ...headers, 'content-type': 'text/plain' }); return res.end('not here'); }
    if (state.mode === '500') { res.writeHead(500, { ...headers, 'content-type': 'text/plain' }); return res.end('broken'); }
    const file = path.join(state.dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(state.dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain' }); return res.end('not found');
    }
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { ...headers, 'content-type': type, 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  }
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (p = '') => `${origin}/${p}`,
    requests,
    set(mode) { state.mode = mode; },
    /** Answers (except 'hang') only after `ms`. */
    delay(ms) { state.delay = ms; },
    /** Resolves once at least `n` requests have arrived. */
    requested(n = 1) {
      return new Promise((resolve) => {
        const check = () => (requests.length >= n ? resolve() : onRequest.push(check));
        check();
      });
    },
    /** Resolves at the next request whose path passes `test` (a RegExp). */
    nextRequest(test) {
      return new Promise((resolve) => {
        const from = requests.length;
        const check = () => {
          const hit = requests.slice(from).find((r) => test.test(r.url));
          return hit ? resolve(hit) : onRequest.push(check);
        };
        onRequest.push(check);
      });
    },
    /** Resolves when the client next aborts a request left hanging. */
    nextAbort() { return new Promise((resolve) => onAbort.push(resolve)); },
    close: () => new Promise((r) => {
      for (const res of [...hanging]) res.destroy();
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
}

/** The number the list says it holds (`.bs-list[data-total]`), once it holds `n`. */
export async function waitForTotal(page, n, timeout = 20000) {
  await page.waitForFunction((n) => !document.querySelector('.bs-prerendered')
    && document.querySelector('main .bs-list')?.dataset.total === String(n), n, { timeout });
}

/** Category links of the sidebar as "A / B" → count. */
export async function shownCategoryCounts(page) {
  const links = await page.$$eval('nav[aria-label="Categories"] a', (as) => as.map((a) => ({
    href: a.getAttribute('href'),
    count: Number(a.querySelector('.bs-count').textContent.replace(/,/g, '')), // "1,234"
  })));
  return new Map(links.map((l) => [decodeURIComponent(new URL(l.href, 'http://x').pathname.replace(/^\/category\//, '')).split('/').join(' / '), l.count]));
}
