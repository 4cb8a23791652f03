// Network faults (issue 6): catalogs and article bodies fetched from a real server on
// 127.0.0.1 that fails in every usual way: 404, 500, a truncated JSON, an HTML page
// where the catalog should be, the right file with a wrong content type, a redirect
// loop, and no answer at all. Each failure shows its reason with Retry, the working
// sources keep showing, and Retry works once the server recovers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { start, DIST, CORPUS, indexedCopy, waitForTotal } from './helpers.mjs';
import { TYPES } from '../../scripts/serve.mjs';

const BLOG = CORPUS('blog-en');
const have = fs.existsSync(BLOG);
const skip = have ? false : 'no ../shared/corpus here';

/**
 * Serves `dir` under `/<name>/…` for any name; how each name answers is `modes[name]`
 * (default 'ok'), changeable while it runs. CORS headers on every answer.
 */
async function faultServer(dir) {
  const modes = {};
  const hanging = new Set();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const [, name, ...rest] = decodeURIComponent(url.pathname).split('/');
    const mode = modes[name] || 'ok';
    const cors = { 'access-control-allow-origin': '*' };
    const file = path.join(dir, ...rest);
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    const exists = file.startsWith(dir) && fs.existsSync(file) && fs.statSync(file).isFile();
    switch (mode) {
      case 'hang': hanging.add(res); return;
      case '404': res.writeHead(404, { ...cors, 'content-type': 'text/plain' }); return res.end('not here');
      case '500': res.writeHead(500, { ...cors, 'content-type': 'text/plain' }); return res.end('boom');
      case 'loop': res.writeHead(302, { ...cors, location: url.pathname }); return res.end();
      case 'html':
        res.writeHead(200, { ...cors, 'content-type': 'text/html' });
        return res.end('<!doctype html><html><head><title>Welcome</title></head><body><h1>Our homepage</h1></body></html>');
      default: break;
    }
    if (!exists) { res.writeHead(404, { ...cors, 'content-type': 'text/plain' }); return res.end('not found'); }
    let body = fs.readFileSync(file);
    if (mode === 'trunc') body = body.subarray(0, Math.floor(body.length / 2));
    const contentType = mode === 'type' ? 'text/html; charset=utf-8' : type;
    res.writeHead(200, { ...cors, 'content-type': contentType, 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    modes,
    url: (name, p = 'catalog.json') => `${origin}/${name}/${p}`,
    close: () => new Promise((r) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections?.();
      server.close(() => r());
    }),
  };
}

let site; let blog; let faults;
before(async () => {
  if (!have) return;
  site = await start(DIST);
  blog = await indexedCopy(BLOG);
  faults = await faultServer(blog.dir);
});
after(async () => {
  await faults?.close();
  await site?.close();
  if (blog?.dir) fs.rmSync(blog.dir, { recursive: true, force: true });
});

const withSrc = (...urls) => `${site.url}?${urls.map((u) => `src=${encodeURIComponent(u)}`).join('&')}`;

test('catalog faults: each shows its reason with Retry, the good source lists, Retry works once the server recovers', { skip }, async () => {
  const expected = {
    404: /not found \(HTTP 404/,
    500: /the server failed \(HTTP 500/,
    trunc: /cut off at line 1 column \d+/,
    html: /HTML page/,
    loop: /keeps redirecting/,
    hang: /no answer within 15 s/,
  };
  for (const mode of Object.keys(expected)) faults.modes[mode] = mode;
  faults.modes.type = 'type';
  const good = faults.url('good');
  const wrongType = faults.url('type');
  const broken = Object.keys(expected).map((m) => faults.url(m));
  const page = await site.page();
  page.allow.push(/Failed to load resource/, /net::ERR_TOO_MANY_REDIRECTS/, /net::ERR_FAILED/);
  const started = Date.now();
  await page.goto(withSrc(good, wrongType, ...broken));
  // The right file with a wrong content type is read (as GitHub's raw files are
  // text/plain): what decides is the content.
  await waitForTotal(page, 2 * 132);
  const error = (u) => page.locator(`.bs-source-error[data-src="${u}"]`);
  for (const [mode, re] of Object.entries(expected)) {
    const u = faults.url(mode);
    await error(u).waitFor({ timeout: 25000 });
    assert.match(await error(u).locator('.bs-source-reason').textContent(), re, mode);
    assert.equal(await error(u).locator('button.bs-retry').count(), 1, `${mode} has Retry`);
  }
  assert.ok(Date.now() - started < 25000, 'every error within the 15 s timeout (+ probes)');
  assert.equal(await page.locator('.bs-sources-progress').count(), 0, 'nothing is loading any more');
  // The app stays usable: the good sources list, search works, an article opens.
  assert.equal(await page.locator('main article.bs-card').count(), 20);
  await page.locator('input[type="search"]').fill('grunt');
  await page.waitForSelector('main .bs-result-count[data-complete="true"]');
  assert.ok(await page.locator('main article.bs-card').count() > 0);
  await page.keyboard.press('Escape');
  await waitForTotal(page, 2 * 132);

  // The server recovers: Retry on each brings its articles in, one source at a time.
  for (const mode of Object.keys(expected)) faults.modes[mode] = 'ok';
  let n = 2;
  for (const u of broken) {
    await error(u).locator('button.bs-retry').click();
    n += 1;
    await waitForTotal(page, n * 132);
    assert.equal(await error(u).count(), 0);
  }
  assert.equal(await page.locator('.bs-source-error').count(), 0);
  assert.deepEqual(page.problems, []);
});

test('article body faults: the error shows in the article with Retry, the list stays, Retry works after recovery', { skip }, async () => {
  faults.modes.bodies = 'ok';
  const page = await site.page();
  page.allow.push(/Failed to load resource/, /net::ERR_TOO_MANY_REDIRECTS/, /net::ERR_FAILED/);
  await page.goto(withSrc(faults.url('bodies')));
  await waitForTotal(page, 132);
  const first = page.locator('main article.bs-card h2 a');
  const expected = { 500: /HTTP 500/, 404: /HTTP 404/, loop: /keeps redirecting/, hang: /no answer within 15 s/ };
  for (const [i, [mode, re]] of Object.entries(expected).entries()) {
    // Only the post files fail: the catalog was read already.
    faults.modes.bodies = mode;
    const link = first.nth(i);
    const title = (await link.textContent()).trim();
    await link.click();
    await page.locator('.bs-article h1').waitFor();
    assert.equal((await page.locator('.bs-article h1').textContent()).trim(), title, 'the article page shows its title from the catalog');
    const err = page.locator('.bs-article .bs-body-error');
    await err.waitFor({ timeout: 25000 });
    assert.match(await err.textContent(), re, mode);
    // The rest of the app is there: the sidebar's categories, and Back to the list.
    assert.ok(await page.locator('nav[aria-label="Categories"] a').count() > 0);
    faults.modes.bodies = 'ok';
    await err.locator('button.bs-retry').click();
    await page.locator('.bs-article .bs-body').waitFor();
    assert.ok((await page.locator('.bs-article .bs-body').textContent()).trim().length > 0, `${mode}: body after Retry`);
    await page.goBack();
    await waitForTotal(page, 132);
  }
  // A truncated post file is still a post (its first half): it shows, no error.
  faults.modes.bodies = 'trunc';
  await first.nth(5).click();
  await page.locator('.bs-article .bs-body').waitFor();
  assert.equal(await page.locator('.bs-body-error').count(), 0);
  assert.deepEqual(page.problems, []);
});
