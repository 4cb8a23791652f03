// The Atom feed and sitemap of the built sites (scripts/bundle-articles.sh runs
// `broadsheet feed`): served next to index.html, well-formed for Chromium's own XML
// parser, listing the demo's articles; every entry's link opens that article in the
// app; the <head> link and the footer link lead to the feed, at the root and under /sub/.
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIST, DIST_SUB, readCatalog, ready } from './helpers.mjs';

const ATOM = 'http://www.w3.org/2005/Atom';
const SITEMAP = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** Fetches `url` in the page and parses it with DOMParser as XML. */
async function fetchXml(page, url) {
  return page.evaluate(async ({ url, ATOM, SITEMAP }) => {
    const res = await fetch(url, { cache: 'no-store' });
    const text = await res.text();
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const errors = [...doc.getElementsByTagNameNS('*', 'parsererror')].map((e) => e.textContent);
    const root = doc.documentElement;
    const kids = (n, ns, name) => [...n.children].filter((c) => c.namespaceURI === ns && c.localName === name);
    const one = (n, ns, name) => kids(n, ns, name)[0]?.textContent ?? null;
    const links = (n) => kids(n, ATOM, 'link').map((l) => ({ rel: l.getAttribute('rel'), href: l.getAttribute('href') }));
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      errors,
      root: { ns: root.namespaceURI, name: root.localName },
      feed: root.localName === 'feed' ? {
        id: one(root, ATOM, 'id'),
        title: one(root, ATOM, 'title'),
        links: links(root),
        entries: kids(root, ATOM, 'entry').map((e) => ({
          id: one(e, ATOM, 'id'),
          title: one(e, ATOM, 'title'),
          published: one(e, ATOM, 'published'),
          links: links(e),
          // The body is escaped HTML: read it as a browser would.
          contentText: new DOMParser().parseFromString(one(e, ATOM, 'content') ?? '', 'text/html').body.textContent,
        })),
      } : null,
      locs: root.localName === 'urlset' ? kids(root, SITEMAP, 'url').map((u) => one(u, SITEMAP, 'loc')) : null,
    };
  }, { url, ATOM, SITEMAP });
}

for (const [name, dir, prefix] of [['root', DIST, '/'], ['sub-path', DIST_SUB, '/sub/']]) {
  test(`feed and sitemap of the ${name} build`, async () => {
    const catalog = readCatalog(dir);
    const site = await start(dir, prefix);
    try {
      const page = await site.page();
      await page.goto(site.url);
      await ready(page);

      // <link rel="alternate"> in <head> resolves (against <base>) to the feed here.
      const headHref = await page.$eval('head link[rel="alternate"][type="application/atom+xml"]', (l) => l.href);
      assert.equal(headHref, `${site.url}atom.xml`);
      const feed = await fetchXml(page, headHref);
      assert.equal(feed.status, 200);
      assert.match(feed.type, /xml/);
      assert.deepEqual(feed.errors, [], 'atom.xml parses');
      assert.deepEqual(feed.root, { ns: ATOM, name: 'feed' });

      // The feed's own addresses: the base URL it was built for, ending in the prefix.
      const alternate = feed.feed.links.find((l) => l.rel === 'alternate').href;
      assert.ok(alternate.endsWith(prefix), alternate);
      assert.equal(feed.feed.links.find((l) => l.rel === 'self').href, `${alternate}atom.xml`);
      assert.equal(feed.feed.id, `${alternate}atom.xml`);
      assert.equal(feed.feed.title, 'Broadsheet');

      // Every demo article is dated and there are fewer than 20: all of them, newest first.
      const dated = catalog.articles.filter((a) => a.date);
      assert.equal(feed.feed.entries.length, Math.min(20, dated.length));
      assert.deepEqual(feed.feed.entries.map((e) => e.title), dated.slice(0, 20).map((a) => a.title));
      for (const e of feed.feed.entries) {
        assert.ok(e.contentText.trim().length > 0, `${e.title}: full text in the feed`);
        assert.equal(e.links.find((l) => l.rel === 'alternate').href, e.id);
      }

      const sitemap = await fetchXml(page, `${site.url}sitemap.xml`);
      assert.equal(sitemap.status, 200);
      assert.deepEqual(sitemap.errors, [], 'sitemap.xml parses');
      assert.deepEqual(sitemap.root, { ns: SITEMAP, name: 'urlset' });
      assert.equal(sitemap.locs[0], alternate);
      for (const a of catalog.articles) {
        assert.ok(sitemap.locs.includes(`${alternate}article/${encodeURIComponent(a.slug)}`), a.slug);
      }
      // robots.txt only counts at a host's root.
      assert.equal(fs.existsSync(path.join(dir, 'robots.txt')), prefix === '/');
      if (prefix === '/') {
        const robots = await page.evaluate(async (u) => (await fetch(u)).text(), `${site.url}robots.txt`);
        assert.match(robots, new RegExp(`^Sitemap: ${alternate}sitemap\\.xml$`, 'm'));
      }

      // Each entry's link, moved from the address the feed was built for onto this
      // server, opens that article (a cold load: a deep link, via 404.html).
      for (const e of feed.feed.entries) {
        assert.ok(e.id.startsWith(`${alternate}article/`), e.id);
        const here = site.url + e.id.slice(alternate.length);
        await page.goto(here);
        await page.waitForFunction((t) => document.querySelector('h1.bs-article-title')?.textContent === t, e.title);
        await page.waitForSelector('.bs-body');
        assert.equal(await page.locator('.bs-body-error, .bs-notfound').count(), 0, e.title);
      }

      // The footer's "Feed" link is left to the browser (not routed) and opens the feed.
      const footer = page.locator('footer .bs-feed-link');
      assert.equal(await footer.getAttribute('href'), `${site.url}atom.xml`);
      const [response] = await Promise.all([page.waitForNavigation(), footer.click()]);
      assert.equal(response.url(), `${site.url}atom.xml`);
      assert.equal(response.status(), 200);
      assert.match(response.headers()['content-type'], /xml/);
      assert.deepEqual(page.problems, []);
    } finally {
      await site.close();
    }
  });
}
