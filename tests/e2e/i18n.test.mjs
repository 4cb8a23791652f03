// UI languages (issue 7): Chinese or English from the browser's languages, a switch in
// the header that redraws in place (same URL, scroll position and search) and is
// remembered over the browser's language, <html lang> following, dates and counts
// formatted per language, and embed widgets speaking their host page's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, DIST, SEED, readCatalog, ready, sourceServer } from './helpers.mjs';

let site;
const catalog = readCatalog(DIST);
const seed = catalog.articles.find((a) => a.slug === SEED.slug);
before(async () => { site = await start(DIST); });
after(async () => { await site?.close(); });

/** What the frame and the seed's card show on the home page. */
async function homeWords(page) {
  await page.waitForSelector('main .bs-list');
  const card = page.locator('main article.bs-card', { hasText: SEED.title });
  return {
    lang: await page.evaluate(() => document.documentElement.lang),
    placeholder: await page.locator('.bs-search-input').getAttribute('placeholder'),
    searchName: await page.locator('.bs-search-input').getAttribute('aria-label'),
    browse: await page.locator('nav.bs-browse a').allTextContents(),
    browseName: await page.locator('nav.bs-browse').getAttribute('aria-label'),
    catsName: await page.locator('nav.bs-cats').getAttribute('aria-label'),
    heading: await page.locator('main h1').textContent(),
    sub: await page.locator('main .bs-page-sub').textContent(),
    date: await card.locator('time.bs-date').textContent(),
    datetime: await card.locator('time.bs-date').getAttribute('datetime'),
    switchValue: await page.locator('select.bs-lang-select').inputValue(),
    switchLabel: await page.locator('.bs-lang .bs-visually-hidden').textContent(),
  };
}

test('a zh-CN browser gets the Chinese UI; dates and counts in Chinese', async () => {
  assert.equal(seed.date, '2021-04-30T21:34:00Z', 'the seed post (RFC 2822 date) in the catalog');
  const page = await site.page({ locale: 'zh-CN' });
  await page.goto(site.url);
  const w = await homeWords(page);
  assert.equal(w.lang, 'zh-CN');
  assert.equal(w.placeholder, '搜索…  ( / )');
  assert.equal(w.searchName, '搜索文章');
  assert.deepEqual(w.browse, ['最新', '标签', '作者', '归档']);
  assert.equal(w.browseName, '浏览');
  assert.equal(w.catsName, '分类');
  assert.equal(w.heading, '最新');
  assert.equal(w.sub, `${catalog.articles.length} 篇文章`);
  assert.equal(w.date, '2021年4月30日');
  assert.equal(w.datetime, '2021-04-30T21:34:00Z', 'the machine-readable date is unchanged');
  assert.equal(w.switchValue, 'zh');
  assert.equal(w.switchLabel, '语言');
  assert.equal(await page.getByRole('combobox', { name: '语言' }).count(), 1, 'the switch is named by its label');
  assert.equal(await page.locator('.bs-skip').textContent(), '跳到正文');

  // The seed article: date, reading time, back link, contents of the page in Chinese.
  await page.locator('main article.bs-card h2 a', { hasText: SEED.title }).click();
  await page.waitForSelector('article .bs-body p');
  assert.equal(await page.locator('.bs-article-meta time.bs-date').textContent(), '2021年4月30日');
  assert.match(await page.locator('.bs-article-meta .bs-minutes').textContent(), /^阅读约 \d+ 分钟$/);
  assert.equal(await page.locator('a.bs-back').textContent(), '← 返回列表');
  assert.equal(await page.locator('article nav.bs-crumbs').first().getAttribute('aria-label'), '分类路径');
  assert.equal(await page.title(), `${SEED.title} · Broadsheet`);

  // The archive: years and months the Chinese way.
  await page.goto(site.url + 'archive/2021/04');
  await ready(page);
  assert.equal(await page.locator('main h1').textContent(), '2021年4月');
  assert.equal(await page.title(), '2021年4月 · Broadsheet');
  await page.goto(site.url + 'archive');
  await page.waitForSelector('main .bs-archive');
  assert.equal(await page.locator('main h1').textContent(), '归档');
  assert.ok((await page.locator('.bs-year-title a').allTextContents()).every((y) => /^\d{4}年$/.test(y)));
  assert.ok((await page.locator('.bs-months .bs-facet-name').allTextContents()).every((m) => /^\d{1,2}月$/.test(m)));

  // Not found.
  await page.goto(site.url + 'no/such/page');
  await page.waitForSelector('.bs-notfound');
  assert.equal(await page.locator('main h1').textContent(), '页面不存在');
  assert.equal(await page.title(), '未找到 · Broadsheet');
  assert.deepEqual(page.problems, []);
});

test('an en-US browser gets the English UI with English dates', async () => {
  const page = await site.page({ locale: 'en-US' });
  await page.goto(site.url);
  const w = await homeWords(page);
  assert.equal(w.lang, 'en');
  assert.equal(w.placeholder, 'Search…  ( / )');
  assert.equal(w.searchName, 'Search articles');
  assert.deepEqual(w.browse, ['Latest', 'Tags', 'Authors', 'Archive']);
  assert.equal(w.catsName, 'Categories');
  assert.equal(w.sub, `${catalog.articles.length} articles`);
  assert.equal(w.date, 'Apr 30, 2021');
  assert.equal(w.datetime, '2021-04-30T21:34:00Z');
  assert.equal(w.switchValue, 'en');
  assert.equal(w.switchLabel, 'Language');
  assert.equal(await page.getByRole('combobox', { name: 'Language' }).count(), 1);
  await page.goto(site.url + 'archive/2021/04');
  await ready(page);
  assert.equal(await page.locator('main h1').textContent(), 'April 2021');
  assert.deepEqual(page.problems, []);
});

test('another browser language falls back to English; zh-TW gets the Simplified UI', async () => {
  for (const [locale, lang, latest] of [['fr-FR', 'en', 'Latest'], ['zh-TW', 'zh-CN', '最新']]) {
    const page = await site.page({ locale });
    await page.goto(site.url);
    await ready(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang, locale);
    assert.equal(await page.locator('main h1').textContent(), latest, locale);
    await page.context().close();
  }
});

test('the switch changes the language in place: same URL, search, scroll; remembered over the browser language', async () => {
  const page = await site.page({ locale: 'en-US', viewport: { width: 1280, height: 600 } });
  // A search with results: its state is the URL and the box.
  const q = '的';
  await page.goto(site.url + '?q=' + encodeURIComponent(q));
  await page.waitForSelector('main .bs-result-count[data-complete="true"]');
  const count = Number(await page.locator('main .bs-results').getAttribute('data-total'));
  assert.ok(count > 0);
  assert.equal(await page.locator('main h1').textContent(), `Search: “${q}”`);
  assert.match(await page.locator('main .bs-result-count').textContent(), new RegExp(`^${count} results?`));
  // A mark that is lost on any reload, and a scroll position.
  await page.evaluate(() => { window.__noReload = true; });
  await page.evaluate(() => window.scrollTo(0, Math.min(400, document.documentElement.scrollHeight - innerHeight)));
  const scrollBefore = await page.evaluate(() => window.scrollY);
  assert.ok(scrollBefore > 50, 'the results page scrolls');
  const urlBefore = page.url();

  await page.locator('select.bs-lang-select').selectOption('zh');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await page.locator('main h1').textContent(), `搜索：“${q}”`);
  assert.equal(await page.locator('main .bs-result-count').textContent(), `${count} 个结果`);
  assert.equal(await page.locator('main .bs-sort-link[data-sort="relevance"]').textContent(), '相关度');
  await page.waitForFunction(() => document.querySelector('main .bs-refine summary')?.textContent === '分类');
  assert.equal(await page.locator('.bs-search-input').getAttribute('placeholder'), '搜索…  ( / )');
  assert.equal(await page.evaluate(() => window.__noReload), true, 'no reload');
  assert.equal(page.url(), urlBefore, 'the URL stays');
  assert.equal(await page.locator('.bs-search-input').inputValue(), q, 'the search box keeps the query');
  assert.equal(await page.evaluate(() => window.scrollY), scrollBefore, 'the scroll position stays');
  assert.equal(await page.evaluate(() => localStorage.getItem('broadsheet-lang')), 'zh');
  // The result cards' dates follow too.
  const dates = await page.locator('main .bs-results time.bs-date').allTextContents();
  assert.ok(dates.length > 0 && dates.every((d) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(d)), dates.join(' | '));

  // Remembered: a reload of this en-US browser stays Chinese.
  await page.reload();
  await page.waitForSelector('main .bs-result-count[data-complete="true"]');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await page.locator('main .bs-result-count').textContent(), `${count} 个结果`);
  assert.equal(await page.locator('select.bs-lang-select').inputValue(), 'zh');

  // And back: English, remembered as such.
  await page.locator('select.bs-lang-select').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.locator('main h1').textContent(), `Search: “${q}”`);
  assert.equal(await page.evaluate(() => localStorage.getItem('broadsheet-lang')), 'en');
  assert.deepEqual(page.problems, []);
});

test('an English choice overrides a Chinese browser; the article page switches without refetching', async () => {
  const page = await site.page({ locale: 'zh-CN' });
  await page.goto(site.url + 'article/' + SEED.slug);
  await page.waitForSelector('article .bs-body p');
  assert.equal(await page.locator('.bs-article-meta time.bs-date').textContent(), '2021年4月30日');
  // The start-up background work (search index, post reader) is done: from here on,
  // any request is one the switch made.
  await page.waitForSelector('html[data-bs-warm="done"]', { state: 'attached' });
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  await page.locator('select.bs-lang-select').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.locator('.bs-article-meta time.bs-date').textContent(), 'Apr 30, 2021');
  assert.match(await page.locator('.bs-article-meta .bs-minutes').textContent(), /^\d+ min read$/);
  assert.equal(await page.locator('a.bs-back').textContent(), '← Back to the list');
  assert.ok((await page.locator('.bs-body').textContent()).includes(SEED.sentence), 'the body is still there');
  assert.deepEqual(fetched, [], 'nothing was fetched again');
  await page.reload();
  await page.waitForSelector('article .bs-body p');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.locator('.bs-article-meta time.bs-date').textContent(), 'Apr 30, 2021');
  assert.deepEqual(page.problems, []);
});

test('a bug message is in the language shown', async () => {
  const page = await site.page({ locale: 'zh-CN' });
  await page.goto(site.url);
  await ready(page);
  page.allow.push(/panicked|bs_test_panic|unreachable|RuntimeError/);
  await page.evaluate(() => { try { window.wasmBindings.bs_test_panic(); } catch { /* the trap */ } });
  const crash = page.locator('.bs-crash[role="alert"]');
  await crash.waitFor();
  assert.equal(await crash.locator('.bs-crash-title').textContent(), 'Broadsheet 出错了');
  assert.equal(await crash.locator('a.bs-crash-reload').textContent(), '重新加载');
});

test("embed widgets speak the host page's language (or data-lang)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-i18n-host-'));
  const host = await sourceServer(dir, { cors: false });
  try {
    const widget = (id, attrs = '') => `<div id="${id}" data-broadsheet data-category="${SEED.categories[0]}" data-limit="30" ${attrs}></div>`;
    fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<link rel="icon" href="data:,"><title>Host</title></head><body>
${widget('zh')}${widget('en', 'data-lang="en"')}
<script type="module" src="${site.url}broadsheet-embed.js"></script></body></html>`);
    const page = await site.page({ locale: 'en-US' });
    await page.goto(host.url('index.html'));
    const shown = async (id) => {
      await page.waitForFunction((id) => document.getElementById(id)?.shadowRoot?.querySelector('.bsw-list:not(.bsw-skeleton)'), id, { timeout: 20000 });
      return page.evaluate(([id, title]) => {
        const root = document.getElementById(id).shadowRoot;
        const item = [...root.querySelectorAll('.bsw-item')].find((li) => li.querySelector('.bsw-title a')?.textContent.trim() === title);
        return { lang: root.querySelector('.bsw').lang, more: root.querySelector('.bsw-more')?.textContent.trim(), date: item?.querySelector('time')?.textContent };
      }, [id, SEED.title]);
    };
    assert.deepEqual(await shown('zh'), { lang: 'zh-CN', more: '更多文章 ›', date: '2021年4月30日' });
    assert.deepEqual(await shown('en'), { lang: 'en', more: 'More articles ›', date: 'Apr 30, 2021' });
    assert.deepEqual(page.problems, []);
  } finally {
    await host.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
