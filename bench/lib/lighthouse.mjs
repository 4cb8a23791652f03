// Lighthouse 12 (npm lighthouse@12.2.3, package.json) over a Broadsheet site, shared by
// bench/lighthouse.mjs (performance, against the plain app) and
// tests/e2e/lighthouse.test.mjs (accessibility, SEO and best practices, which do not
// depend on timing). Sites are made from a built app (dist/) and a folder of posts with
// the CLI, as scripts/bundle-articles.sh makes them, at the address they are served at.
import fs from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

/** Front-matter keys whose value is a picture (`core::front_matter`'s aliases). */
const IMAGE_KEYS = /^(thumbnail|headimg|cover|image|banner|featured_image)\s*:\s*['"]?(https?:\/\/[^'"\s]+)['"]?\s*$/;

/** Pictures in a post's body (their address is the second group). */
const BODY_IMG = /(<img\b[^>]*?\bsrc\s*=\s*["']?)([^"'\s>]+)/gi;
const MARKDOWN_IMG = /(!\[[^\]]*\]\(\s*)([^)\s]+)/g;

/** A picture for posts whose own is on another host (an audit must not depend on the network). */
const LOCAL_PICTURE = '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 800 450"><rect width="800" height="450" fill="#6b8fa3"/><circle cx="560" cy="150" r="70" fill="#e8d9b0"/><path d="M0 450 260 230 420 360 560 260 800 450z" fill="#3d5a6c"/></svg>';

/**
 * A copy of the posts in `src` at `out` in which every picture on another host (front
 * matter and body), and every picture of a body whose file is missing, points at a
 * local picture instead (`images/local-picture.svg` at the root of `out`). Returns how
 * many were replaced.
 */
export function localPosts(src, out) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.cpSync(src, out, { recursive: true });
  fs.mkdirSync(path.join(out, 'images'), { recursive: true });
  const picture = path.join(out, 'images', 'local-picture.svg');
  fs.writeFileSync(picture, LOCAL_PICTURE);
  let replaced = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { walk(p); continue; }
      if (!/\.(md|markdown|html?|txt)$/i.test(e.name)) continue;
      const text = fs.readFileSync(p, 'utf8');
      const rel = path.relative(path.dirname(p), picture).split(path.sep).join('/');
      // Only inside the front matter (between the first two `---` lines).
      const lines = text.split('\n');
      let fences = 0;
      for (let i = 0; i < lines.length; i++) {
        if (fences < 2 && lines[i].trim() === '---') { fences++; continue; }
        if (fences === 1 && IMAGE_KEYS.test(lines[i])) {
          lines[i] = lines[i].replace(IMAGE_KEYS, (_, key) => `${key}: ${rel}`);
          replaced++;
        } else if (fences >= 2 || fences === 0) {
          // The body: <img src="http…"> and Markdown's ![alt](http…).
          // A relative one whose file is not there (posts copied without their
          // pictures) is made local too.
          const local = (before, url) => {
            if (!/^https?:\/\//i.test(url) && (url.startsWith('data:') || fs.existsSync(path.join(path.dirname(p), decodeURI(url.split(/[?#]/)[0]))))) {
              return before + url;
            }
            replaced++;
            return `${before}${rel}`;
          };
          lines[i] = lines[i]
            .replace(BODY_IMG, (_, before, url) => local(before, url))
            .replace(MARKDOWN_IMG, (_, before, url) => local(before, url));
        }
      }
      fs.writeFileSync(p, lines.join('\n'));
    }
  };
  walk(out);
  return replaced;
}

/** What a build writes besides the app itself: the articles, and the pages of `broadsheet pages`. */
const WRITTEN = new Set(['articles', 'article', 'category', 'tag', 'author', 'archive', 'page',
  'tags.html', 'authors.html', 'archive.html', 'atom.xml', 'sitemap.xml', 'robots.txt']);

/**
 * The site at `out` as the build makes it from the app in `app` (a dist/) and the posts
 * in `posts`, published at `baseUrl`: the articles indexed (`cli index`), the feed and
 * sitemap (`cli feed`), and, unless `prerender` is false, a page for every address
 * (`cli pages`). `cli(args)` runs the broadsheet CLI and throws on failure.
 */
export function buildSite({ app, posts, out, baseUrl, prerender = true, cli }) {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const e of fs.readdirSync(app)) {
    if (WRITTEN.has(e) || e.startsWith('sitemap-')) continue;
    fs.cpSync(path.join(app, e), path.join(out, e), { recursive: true });
  }
  // The app's shell (index.html is the home page in a static-first build).
  fs.copyFileSync(path.join(app, '404.html'), path.join(out, 'index.html'));
  fs.cpSync(posts, path.join(out, 'articles'), { recursive: true });
  cli(['index', path.join(out, 'articles'), '--quiet']);
  cli(['feed', path.join(out, 'articles'), '--base-url', baseUrl, '--out', out, '--robots', '--quiet']);
  if (prerender) cli(['pages', out, '--base-url', baseUrl, '--quiet']);
  return out;
}

/** Starts Debian's Chromium for Lighthouse. */
export async function launchChrome() {
  return chromeLauncher.launch({
    chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    logLevel: 'silent',
  });
}

/**
 * Lighthouse's report of `url` in `chrome` (mobile, simulated slow 4G and 4x CPU: its
 * defaults), for `categories`; the figures the benchmark and tests read, and the
 * failing audits of every category.
 */
export async function audit(chrome, url, categories = ['performance', 'accessibility', 'best-practices', 'seo']) {
  const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories });
  const lhr = result.lhr;
  const num = (id) => lhr.audits[id]?.numericValue;
  const scores = Object.fromEntries(Object.entries(lhr.categories).map(([k, c]) => [k, c.score === null ? null : Math.round(c.score * 100)]));
  const failing = {};
  for (const [k, c] of Object.entries(lhr.categories)) {
    if (k === 'performance') continue;
    const ids = c.auditRefs
      .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
      .map((r) => r.id);
    if (ids.length) failing[k] = ids;
  }
  return {
    url,
    error: lhr.runtimeError ? `${lhr.runtimeError.code}: ${lhr.runtimeError.message}` : null,
    warnings: lhr.runWarnings,
    scores,
    failing,
    fcp: num('first-contentful-paint'),
    lcp: num('largest-contentful-paint'),
    cls: num('cumulative-layout-shift'),
    tbt: num('total-blocking-time'),
    tti: num('interactive'),
    bytes: num('total-byte-weight'),
    details: (id) => lhr.audits[id]?.details,
  };
}
