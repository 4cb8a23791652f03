// The shipped index.html runs the app under a strict Content-Security-Policy (issue 6):
// no inline scripts or styles, scripts only from the site plus wasm compilation. These
// tests prove the policy is in force and the app works under it; every other e2e test
// fails on any CSP violation (helpers.mjs reports them as problems).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, DIST, ready } from './helpers.mjs';

let site;
before(async () => { site = await start(DIST); });
after(async () => { await site?.close(); });

test('index.html carries the strict CSP and the app runs under it', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.match(csp, /style-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'/);
  // JSON-LD blocks of a page written at build time are data, which the policy never runs.
  assert.equal(await page.locator('script:not([src]):not([type="application/ld+json"])').count(), 0, 'no inline script in the page');
  assert.ok(await page.locator('main article.bs-card').count() > 0);
  assert.deepEqual(page.problems, []);
});

test('the policy is enforced: an inline script and an inline style are refused', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  page.allow.push(/CSP violation|Refused to|Content Security Policy/);
  const r = await page.evaluate(async () => {
    const seen = [];
    addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    const st = document.createElement('style');
    st.textContent = 'body { display: none }';
    document.head.append(st);
    await new Promise((r) => setTimeout(r, 100));
    return { inline: window.__inline === 1, hidden: getComputedStyle(document.body).display === 'none', seen };
  });
  assert.deepEqual({ inline: r.inline, hidden: r.hidden }, { inline: false, hidden: false });
  assert.ok(r.seen.some((d) => d.startsWith('script-src')) && r.seen.some((d) => d.startsWith('style-src')), `violations reported: ${r.seen}`);
});
