// Lighthouse 12.2.3 (npm) on every kind of page the build writes: accessibility, SEO and
// best practices score 100 (these do not depend on timing; performance is measured by
// bench/lighthouse.mjs, not here). The site is the demo's posts with their pictures from
// other hosts made local (this machine is offline: a failed picture is a console error),
// built from dist/'s app with the CLI for the address it is served at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, DIST, ROOT, SEED, requireDist } from './helpers.mjs';
import { serve } from '../../scripts/serve.mjs';
import { localPosts, buildSite, launchChrome, audit } from '../../bench/lib/lighthouse.mjs';

let server;
let chrome;
let dir;
let catalog;
before(async () => {
  requireDist(DIST);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-lighthouse-'));
  const posts = path.join(dir, 'posts');
  const site = path.join(dir, 'site');
  assert.ok(localPosts(path.join(ROOT, 'public/articles'), posts) > 0, 'the seed\'s pictures are made local');
  fs.mkdirSync(site);
  server = await serve({ dir: site, port: 0 });
  buildSite({
    app: DIST, posts, out: site, baseUrl: server.url,
    cli: (args) => {
      const r = cli(args);
      assert.equal(r.status, 0, `broadsheet ${args.join(' ')}: ${r.stderr}`);
    },
  });
  catalog = JSON.parse(fs.readFileSync(path.join(site, 'articles/catalog.json'), 'utf8'));
  chrome = await launchChrome();
});
after(async () => {
  await chrome?.kill();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const KINDS = [
  ['home', () => ''],
  ['category', () => `category/${encodeURIComponent(SEED.categories[0])}`],
  ['tags', () => 'tags'],
  ['tag', () => `tag/${encodeURIComponent(catalog.articles.find((a) => a.tags.length).tags[0])}`],
  ['authors', () => 'authors'],
  ['author', () => `author/${encodeURIComponent(catalog.articles.find((a) => a.author).author)}`],
  ['archive', () => 'archive'],
  ['year', () => 'archive/2021'],
  ['month', () => 'archive/2021/04'],
  ['seed article', () => `article/${SEED.slug}`],
  ['English article', () => 'article/post-format'],
];

for (const [kind, route] of KINDS) {
  test(`Lighthouse: the ${kind} page scores 100 in accessibility, SEO and best practices`, async () => {
    const r = await audit(chrome, server.url + route(), ['accessibility', 'seo', 'best-practices']);
    assert.equal(r.error, null);
    assert.deepEqual(r.failing, {}, 'no failing audit');
    assert.deepEqual(r.scores, { accessibility: 100, seo: 100, 'best-practices': 100 });
  });
}
