// Full-text search from the header box (issue 4, first slice): as-you-type results on
// `/?q=…` with <mark>ed matches, the URL as the state (cold links, back/forward), keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, DIST, DIST_HEXO, SEED, ready, listTitles } from './helpers.mjs';

let site;
before(async () => { site = await start(DIST); });
after(async () => { await site?.close(); });

const box = (page) => page.locator('input[type="search"]');

/** Waits until the results page shows `q`'s results (or its no-results message). */
async function results(page, q) {
  await page.waitForFunction((q) => {
    const h = document.querySelector('main .bs-page-title');
    const count = document.querySelector('main .bs-result-count');
    // Settled: the shards the query needs are in, and body snippets have arrived.
    return h && h.textContent.includes(q) && count && count.dataset.q === q && count.dataset.complete === 'true'
      && !document.querySelector('main .bs-snippet[data-pending]');
  }, q);
  return {
    titles: await listTitles(page),
    count: await page.locator('main .bs-result-count').textContent(),
    marks: await page.$$eval('main .bs-results mark', (ms) => ms.map((m) => m.textContent)),
  };
}

test('typing 安全 finds the seed article with the term marked, full text loaded once', async () => {
  const page = await site.page();
  const fetched = [];
  page.on('request', (r) => { if (r.url().endsWith('/search.bin')) fetched.push(r.url()); });
  await page.goto(site.url);
  await ready(page);
  await box(page).click();
  await page.keyboard.type('安全'); // keystrokes, no Enter
  await page.waitForURL(/\?q=%E5%AE%89%E5%85%A8$/);
  const r = await results(page, '安全');
  assert.ok(r.titles.includes(SEED.title), `${SEED.title} in ${r.titles}`);
  const seedMarks = await page.locator('main article.bs-card', { hasText: SEED.title }).locator('h2 a mark').allTextContents();
  assert.ok(seedMarks.length >= 1 && seedMarks.every((m) => m === '安全'), `title marks: ${seedMarks}`);
  assert.match(r.count, /^\d+ results?$/);
  assert.equal(Number(r.count.split(' ')[0]), r.titles.length);
  assert.equal(await page.locator('main .bs-result-count').getAttribute('data-full-text'), 'true');
  // Marks are elements holding text, not markup from an article.
  assert.equal(await page.locator('main .bs-results mark *').count(), 0);
  // A phrase only in the seed's body (in no title, excerpt, tag or category): full text.
  await box(page).fill('红线和底线');
  const body = await results(page, '红线和底线');
  assert.deepEqual(body.titles, [SEED.title]);
  await box(page).fill('zzzqqq-nothing');
  await results(page, 'zzzqqq-nothing');
  assert.equal(await page.locator('main .bs-no-results').count(), 1);
  assert.equal(await page.locator('main article.bs-card').count(), 0);
  assert.equal(fetched.length, 1, 'search.bin fetched once');
  assert.deepEqual(page.problems, []);
});

test('a search URL opened cold shows the same results as typing', async () => {
  const typed = await site.page();
  await typed.goto(site.url);
  await ready(typed);
  await box(typed).click();
  await typed.keyboard.type('github');
  await typed.waitForURL(/\?q=github$/);
  const a = await results(typed, 'github');
  assert.ok(a.titles.length >= 1);
  assert.ok(a.marks.some((m) => /github/i.test(m)), `marks: ${a.marks}`);

  const cold = await site.page();
  await cold.goto(site.url + '?q=github');
  const b = await results(cold, 'github');
  assert.deepEqual(b, a);
  assert.equal(await box(cold).inputValue(), 'github');
  assert.deepEqual(typed.problems, []);
  assert.deepEqual(cold.problems, []);
});

test('a pause after a space keeps the space: the late address write never rewrites the box', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  await box(page).click();
  await page.keyboard.type('search');
  await page.waitForURL(/\?q=search$/);
  await results(page, 'search');
  // A reader pausing between words: every late write of the address has landed
  // before the next word starts (the address holds the trimmed text).
  await page.keyboard.type(' ');
  await page.waitForTimeout(400);
  assert.equal(await box(page).inputValue(), 'search ');
  await page.keyboard.type('syntax');
  await page.waitForURL(/\?q=search(%20|\+)syntax$/);
  const r = await results(page, 'search syntax');
  assert.equal(await box(page).inputValue(), 'search syntax');
  assert.ok(r.titles.includes('Search syntax and filters'), `titles: ${r.titles}`);
  // The same with the last keystroke undone: still one search, nothing rewritten.
  await page.keyboard.type(' ');
  await page.waitForTimeout(400);
  await page.keyboard.press('Backspace');
  await page.waitForTimeout(400);
  assert.equal(await box(page).inputValue(), 'search syntax');
  assert.deepEqual(page.problems, []);
});

test('back and forward restore searches', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  const latest = await listTitles(page);
  await box(page).click();
  await page.keyboard.type('github');
  const a = await results(page, 'github');
  // Typing more replaces the entry; clearing and typing a new search pushes one.
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => location.search === '');
  await box(page).click();
  await page.keyboard.type('安全');
  const b = await results(page, '安全');

  await page.goBack();
  await page.waitForFunction(() => location.search === '');
  await ready(page);
  await page.goBack();
  assert.deepEqual(await results(page, 'github'), a);
  assert.equal(await box(page).inputValue(), 'github');
  await page.goBack();
  await page.waitForFunction(() => location.search === '');
  await ready(page);
  assert.deepEqual(await listTitles(page), latest);
  await page.goForward();
  assert.deepEqual(await results(page, 'github'), a);
  await page.goForward();
  await page.goForward();
  assert.deepEqual(await results(page, '安全'), b);
  assert.deepEqual(page.problems, []);
});

test('keyboard: "/" focuses, arrows move through results, Enter opens, Esc clears', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('bs-search-input')), true);
  assert.equal(await box(page).inputValue(), '', '"/" is not typed into the box');
  await page.keyboard.type('github');
  const r = await results(page, 'github');
  assert.ok(r.titles.length >= 2, 'needs two results to walk');
  const focused = () => page.evaluate(() => document.activeElement?.textContent.trim());
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), r.titles[0]);
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(), r.titles[1]);
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(), r.titles[0]);
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('bs-search-input')), true);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.bs-article-title');
  assert.equal(await page.locator('h1').textContent(), r.titles[1]);
  // Previous/next walk the results, in their order.
  assert.equal(await page.locator('a.bs-neighbour-prev .bs-neighbour-title').textContent(), r.titles[0]);
  if (r.titles.length > 2) {
    assert.equal(await page.locator('a.bs-neighbour-next .bs-neighbour-title').textContent(), r.titles[2]);
  }

  // "/" on the article page focuses the box too.
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('bs-search-input')), true);
  await page.goBack();
  await results(page, 'github');
  await box(page).focus();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => location.search === '');
  assert.equal(await box(page).inputValue(), '');
  await ready(page);
  assert.ok((await listTitles(page)).length >= 1, 'the latest list is back');
  assert.deepEqual(page.problems, []);
});

test('without a usable search.bin, search falls back to the catalog metadata quietly', async () => {
  for (const answer of [{ status: 404, body: 'not here' }, { status: 200, body: 'not an index at all' }]) {
    const page = await site.page();
    await page.route('**/articles/search.bin', (r) => r.fulfill(answer));
    page.allow.push(/search\.bin/); // the browser itself logs the 404
    await page.goto(site.url + '?q=' + encodeURIComponent('安全'));
    const r = await results(page, '安全');
    assert.ok(r.titles.includes(SEED.title), `${SEED.title} in ${r.titles}`);
    assert.equal(await page.locator('main .bs-result-count').getAttribute('data-full-text'), 'false');
    assert.equal(await page.locator('main .bs-error').count(), 0, 'nothing alarming');
    // A body-only phrase is not found without the full-text index (no error either).
    await page.locator('input[type="search"]').fill('红线和底线');
    await results(page, '红线和底线');
    assert.equal(await page.locator('main .bs-no-results').count(), 1);
    assert.deepEqual(page.problems, []);
  }
});

const hexoBuilt = fs.existsSync(path.join(DIST_HEXO, 'articles/search.bin'));
test('hexo-news-zh: 投资者情绪 finds exactly the posts containing it, title matches first', { skip: hexoBuilt ? false : 'target/dist-hexo not built' }, async () => {
  const hexo = await start(DIST_HEXO);
  try {
    const page = await hexo.page();
    await page.goto(hexo.url);
    await ready(page);
    await page.locator('input[type="search"]').fill('投资者情绪');
    const r = await results(page, '投资者情绪');
    assert.equal(r.titles[0], '10月中国投资者情绪指数环比基本持平');
    assert.ok(r.marks.includes('投资者情绪'), `marks: ${r.marks}`);
    // Exact substring semantics: the results are the posts whose text holds the phrase.
    const catalog = JSON.parse(fs.readFileSync(path.join(DIST_HEXO, 'articles/catalog.json'), 'utf8'));
    const expected = catalog.articles
      .filter((a) => fs.readFileSync(path.join(DIST_HEXO, 'articles', a.path), 'utf8').includes('投资者情绪'))
      .map((a) => a.title);
    assert.deepEqual([...r.titles].sort(), [...expected].sort());
    assert.deepEqual(page.problems, []);
  } finally {
    await hexo.close();
  }
});

test('a word being typed that begins many words says only the most common were searched', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  await box(page).fill('b');
  await results(page, 'b');
  const cut = page.locator('main .bs-prefix-cut');
  assert.equal(await cut.getAttribute('data-prefix'), 'b');
  assert.match(await cut.textContent(), /Many words begin with “b”/);
  // A longer prefix has few completions: nothing was cut.
  await box(page).fill('broadsheet');
  await results(page, 'broadsheet');
  assert.equal(await cut.count(), 0);
  assert.deepEqual(page.problems, []);
});
