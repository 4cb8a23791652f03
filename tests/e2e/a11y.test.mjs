// Themes and accessibility (issue 7): axe-core (WCAG 2.0/2.1 A + AA and best practices)
// on every kind of page in the light and dark themes at desktop and phone widths, no
// horizontal scrolling on phones, the theme switch (saved, no flash of the wrong theme
// on load, follows the system), focus on navigation, the skip link, visible focus,
// reduced motion, and the reading typography (measure, CJK fonts and indents).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, DIST, DIST_HEXO, ROOT, SEED, ready, readCatalog } from './helpers.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const KEY = 'broadsheet-theme';

let site;
before(async () => { site = await start(DIST); });
after(async () => { await site?.close(); });

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

/** Every kind of page, with what shows it is complete. */
const PAGES = [
  { name: 'home', route: '', wait: 'main .bs-list' },
  { name: 'category', route: 'category/Guide', wait: 'main .bs-list' },
  { name: 'tag', route: 'tag/search', wait: 'main .bs-list' },
  { name: 'archive', route: 'archive', wait: 'main .bs-archive' },
  { name: 'search (zh)', route: `?q=${encodeURIComponent('安全')}`, wait: 'main .bs-results', search: true },
  { name: 'search (en)', route: '?q=github', wait: 'main .bs-results', search: true },
  { name: 'article (zh)', route: `article/${SEED.slug}`, wait: 'main .bs-body p' },
  { name: 'article (images, code, tables)', route: 'article/post-format', wait: 'main .bs-body img' },
  { name: 'not found', route: 'no/such/page', wait: 'main .bs-notfound' },
];

/** A page whose theme is `theme` ('light' | 'dark': saved as the reader's choice). */
async function themedPage(theme, opts) {
  const page = await site.page(opts);
  await page.context().addInitScript(([key, t]) => localStorage.setItem(key, t), [KEY, theme]);
  return page;
}

async function settle(page, p) {
  await ready(page);
  await page.waitForSelector(p.wait);
  if (p.search) {
    // Complete: full text answered, snippets fetched, facets drawn.
    await page.waitForFunction(() => {
      const count = document.querySelector('main .bs-result-count');
      const refine = document.querySelector('main .bs-refine');
      return count?.dataset.complete === 'true' && refine?.dataset.state === count.dataset.state
        && !document.querySelector('main .bs-snippet[data-pending]');
    });
  }
  await page.evaluate(() => document.fonts.ready);
  // Images settle (the offline web's fail and fall back: lazy thumbnails below the
  // screen never start), then two frames: fallbacks drawn, focusable overflow marked.
  await page.waitForFunction(() => [...document.images].every((i) => i.loading === 'lazy' || i.complete));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** axe's violations on the page, one readable line per element. */
async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // By the DevTools protocol, not a <script>: the page's CSP (no inline scripts)
    // stays on for the run.
    await page.evaluate(AXE);
  }
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s*\n\s*/g, ' ')}`),
    }));
  });
  return violations.flatMap((v) => v.nodes.map((n) => `[${v.id}, ${v.impact}] ${v.help} — ${n}`));
}

for (const theme of ['light', 'dark']) {
  for (const [width, opts] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`axe finds nothing on any page: ${theme} theme, ${width}`, { timeout: 120000 }, async () => {
      const page = await themedPage(theme, opts);
      const found = [];
      for (const p of PAGES) {
        await page.goto(site.url + p.route);
        await settle(page, p);
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme, p.name);
        for (const v of await axe(page)) found.push(`${p.name} (/${p.route}): ${v}`);
        if (width === 'phone') {
          const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
          if (scroll > inner) found.push(`${p.name} (/${p.route}): scrolls sideways (${scroll} > ${inner} px)`);
        }
      }
      assert.deepEqual(found, [], `\n${found.join('\n')}\n`);
      assert.deepEqual(page.problems, []);
    });
  }
}

// ---------- every state of every palette ----------

/** Pages whose links and controls show every state the styles give them: a current
 *  (selected) category in the sidebar and among the chips, a current browse link, a
 *  selected facet, sort link and filter chip, tags, crumbs, the pager. */
const STATE_PAGES = [
  { name: 'category', route: 'category/Guide', wait: 'main .bs-list' },
  { name: 'subcategory', route: 'category/Guide/Hosting', wait: 'main .bs-list' },
  { name: 'home', route: '', wait: 'main .bs-list' },
  { name: 'search, filtered', route: '?q=github&cat=Guide&sort=newest', wait: 'main .bs-results', search: true },
  { name: 'article', route: 'article/post-format', wait: 'main .bs-body p' },
];
const STATES = [[], ['hover'], ['focus'], ['focus-visible'], ['visited'], ['hover', 'focus-visible']];

/** Text whose contrast falls below WCAG AA (4.5:1; 3:1 for large text), computed here
 *  for every visible text of the page: axe leaves text of one or two characters
 *  ("Element content is too short") undecided, which is every count badge of a small
 *  site. Colours are composited over every translucent background up to the first
 *  opaque one; text over a background image, or hidden from everyone, is not judged. */
function lowContrastText() {
  const rgba = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1);
  };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  /** The opaque colour behind `el`, or null when an image or transparency to nothing is in the way. */
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.backgroundImage !== 'none') return null;
      if (Number(cs.opacity) < 1) return null;
      const c = rgba(cs.backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    if (!layers.length || layers[layers.length - 1][3] < 1) layers.push([255, 255, 255, 1]);
    return layers.reduceRight((under, top) => over(top, under));
  };
  const bad = [];
  for (const el of document.body.querySelectorAll('*')) {
    const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
    if (!text || el.closest('[aria-hidden="true"], [hidden], script, style, noscript, svg')) continue;
    const cs = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (cs.visibility !== 'visible' || box.width <= 1 || box.height <= 1) continue;
    const bg = background(el);
    const fg = rgba(cs.color);
    if (!bg || !fg) continue;
    const [l1, l2] = [lum(over(fg, bg)), lum(bg)].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
    const need = large ? 3 : 4.5;
    if (ratio < need - 0.005) {
      const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
      bad.push(`${name} "${text.slice(0, 30)}": ${ratio.toFixed(2)}:1 < ${need}:1 (${cs.color} on rgb(${bg.slice(0, 3).map(Math.round).join(', ')}))`);
    }
  }
  return bad;
}

/** Contrast failures with `state` forced (DevTools protocol) on every link and control of
 *  the page at once (the computed styles then are those of that state): axe's, and
 *  `lowContrastText`'s for the text axe leaves undecided. */
async function contrastIn(page, cdp, state) {
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'a, button, summary, select, input' });
  for (const nodeId of nodeIds) await cdp.send('CSS.forcePseudoState', { nodeId, forcedPseudoClasses: state });
  try {
    const axeFound = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] } });
      return r.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s*\n\s*/g, ' ')}`));
    });
    return [...axeFound, ...(await page.evaluate(lowContrastText))];
  } finally {
    for (const nodeId of nodeIds) await cdp.send('CSS.forcePseudoState', { nodeId, forcedPseudoClasses: [] }).catch(() => {});
  }
}

/** `pages` of the site at `url`, in both palettes, every state: the failures found. */
async function contrastEverywhere(start, pages) {
  const found = [];
  for (const theme of ['light', 'dark']) {
    // Tall enough that the sticky sidebar shows its whole tree: axe cannot judge what a
    // scroll box hides.
    const page = await start.page({ viewport: { width: 1280, height: 2400 } });
    await page.context().addInitScript(([key, t]) => localStorage.setItem(key, t), [KEY, theme]);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    for (const p of pages) {
      await page.goto(start.url + p.route);
      await settle(page, p);
      assert.ok(await page.locator('[aria-current]').count() > 0, `${p.name}: something is current`);
      if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
      for (const state of STATES) {
        for (const v of await contrastIn(page, cdp, state)) found.push(`${theme}, ${p.name}, :${state.join(':') || 'rest'}: ${v}`);
      }
    }
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
  return found;
}

test('contrast holds in every state (current, hover, focus, visited) of every palette', { timeout: 180000 }, async () => {
  const found = await contrastEverywhere(site, STATE_PAGES);
  assert.deepEqual(found, [], `\n${found.join('\n')}\n`);
});

test('the same on a real corpus: deep category tree, the pager, Chinese facets', { timeout: 180000, skip: fs.existsSync(path.join(DIST_HEXO, 'index.html')) ? false : 'no target/dist-hexo' }, async () => {
  const hexo = await start(DIST_HEXO);
  try {
    const cat = SEED.categories.map(encodeURIComponent).join('/');
    const found = await contrastEverywhere(hexo, [
      { name: 'category, 3 levels', route: `category/${cat}`, wait: 'main .bs-list' },
      { name: 'home, page 2', route: '?page=2', wait: 'main .bs-list' },
      { name: 'search, filtered', route: `?q=${encodeURIComponent('安全')}&cat=${encodeURIComponent(SEED.categories[0])}`, wait: 'main .bs-results', search: true },
      { name: 'an article', route: `article/${readCatalog(DIST_HEXO).articles[0].slug}`, wait: 'main .bs-body' },
    ]);
    assert.deepEqual(found, [], `\n${found.join('\n')}\n`);
  } finally {
    await hexo.close();
  }
});

// ---------- theme ----------

const bodyBackground = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const themeVars = (page) => page.evaluate(() => {
  const s = getComputedStyle(document.documentElement);
  const out = {};
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      for (const name of rule.style ? Array.from(rule.style) : []) if (name.startsWith('--bs-')) out[name] = s.getPropertyValue(name).trim();
    }
  }
  out['color-scheme'] = s.colorScheme;
  return out;
});
const LIGHT_BG = 'rgb(246, 245, 242)';
const DARK_BG = 'rgb(17, 20, 24)';
const toggle = (page) => page.locator('header button.bs-theme-toggle');

test('the theme switch cycles System → Light → Dark, is saved, and survives reloads and navigation', async () => {
  const page = await site.page(DESKTOP);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(site.url);
  await ready(page);
  // Named by its state, and described by what it does next.
  await page.getByRole('button', { name: 'Theme: System' }).waitFor();
  assert.match(await toggle(page).getAttribute('title'), /switch to Light/);
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-theme')), false);

  await toggle(page).click();
  await page.getByRole('button', { name: 'Theme: Light' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), 'light');

  await toggle(page).click();
  await page.getByRole('button', { name: 'Theme: Dark' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), 'dark');
  assert.equal(await bodyBackground(page), DARK_BG);
  assert.equal(await page.locator('meta[name="color-scheme"]').getAttribute('content'), 'dark');

  // Navigation keeps it (the header is not redrawn, and the page never resets it)…
  await page.locator('nav[aria-label="Categories"] a').first().click();
  await page.waitForSelector('main .bs-list');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await page.getByRole('button', { name: 'Theme: Dark' }).waitFor();
  // …and so does a reload, from the first paint on.
  await page.reload();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await ready(page);
  await page.getByRole('button', { name: 'Theme: Dark' }).waitFor();
  assert.equal(await bodyBackground(page), DARK_BG);
  // A new page of the same site (another tab) starts dark too.
  const other = await page.context().newPage();
  await other.goto(site.url + 'archive');
  assert.equal(await other.evaluate(() => document.documentElement.dataset.theme), 'dark');
  // Back to System: the choice is forgotten.
  await toggle(page).click();
  await page.getByRole('button', { name: 'Theme: System' }).waitFor();
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), null);
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-theme')), false);
  assert.equal(await page.locator('meta[name="color-scheme"]').getAttribute('content'), 'light dark');
  assert.equal(await bodyBackground(page), LIGHT_BG);
  // The other tab followed (storage event).
  await other.waitForFunction(() => !document.documentElement.hasAttribute('data-theme'));
  assert.deepEqual(page.problems, []);
});

test('no flash: the saved theme is on <html> before the app starts', async () => {
  const page = await site.page(DESKTOP);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(site.url);
  await ready(page);
  await page.evaluate((k) => localStorage.setItem(k, 'dark'), KEY);
  // Without the app at all (boot.js refused), the page is dark as soon as it is parsed.
  await page.route('**/boot.js', (r) => r.abort());
  page.allow.push(/boot\.js|Failed to load resource/);
  const atParse = page.waitForEvent('domcontentloaded').then(() => page.evaluate(() => ({
    theme: document.documentElement.dataset.theme,
    meta: document.querySelector('meta[name="color-scheme"]').content,
    html: getComputedStyle(document.documentElement).colorScheme,
    body: getComputedStyle(document.body).backgroundColor,
    // The app's own frame (a page written at build time holds a static copy of it).
    app: [...document.querySelectorAll('.bs-app')].some((e) => !e.closest('.bs-prerendered')),
  })));
  await page.staticReload();
  const seen = await atParse;
  assert.deepEqual(seen, { theme: 'dark', meta: 'dark', html: 'dark', body: DARK_BG, app: false });
  assert.deepEqual(page.problems, []);
});

test('blocked storage: theme.js does not throw, the system theme applies, the switch still works', async () => {
  const page = await site.page(DESKTOP);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.context().addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
  });
  await page.goto(site.url);
  await ready(page);
  assert.equal(await bodyBackground(page), DARK_BG);
  await page.getByRole('button', { name: 'Theme: System' }).click();
  await page.getByRole('button', { name: 'Theme: Light' }).waitFor();
  assert.equal(await bodyBackground(page), LIGHT_BG);
  assert.deepEqual(page.problems, []);
});

test('follow-system follows the system, and a choice overrides it both ways', async () => {
  const page = await site.page(DESKTOP);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(site.url);
  await ready(page);
  assert.equal(await bodyBackground(page), DARK_BG);
  const systemDark = await themeVars(page);
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await bodyBackground(page), LIGHT_BG);
  const light = await themeVars(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await bodyBackground(page), DARK_BG);
  // Chosen light on a dark system, chosen dark on a light system.
  await toggle(page).click();
  await page.getByRole('button', { name: 'Theme: Light' }).waitFor();
  assert.equal(await bodyBackground(page), LIGHT_BG);
  assert.deepEqual(await themeVars(page), light, 'chosen light = system light');
  await toggle(page).click();
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await bodyBackground(page), DARK_BG);
  // The stylesheet states the dark theme twice (chosen, and the system's): the same.
  assert.deepEqual(await themeVars(page), systemDark, 'chosen dark = system dark');
  assert.equal(systemDark['color-scheme'], 'dark');
  assert.notDeepEqual(systemDark, light);
  assert.deepEqual(page.problems, []);
});

// ---------- focus ----------

const focused = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return e ? { tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, text: e.textContent.trim().slice(0, 80) } : null;
});

test('following a link focuses the new page\'s <h1> without scrolling; Back too, with the list position restored', async () => {
  const page = await site.page({ viewport: { width: 390, height: 640 }, isMobile: true, hasTouch: true });
  await page.goto(site.url);
  await ready(page);
  // Not on the first load.
  assert.equal((await focused(page)).tag, 'body');
  const card = page.locator('main article.bs-card').nth(8);
  await card.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, 40));
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(y > 300, `the list is scrolled (${y})`);
  const title = await card.locator('h2 a').textContent();
  await card.locator('h2 a').click();
  await page.waitForFunction((t) => document.activeElement?.matches('h1.bs-article-title') && document.activeElement.textContent === t, title);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the article opens at its top');
  // Back: the list's heading has focus and the list is where it was.
  await page.goBack();
  await page.waitForFunction(() => document.activeElement?.matches('main h1') && document.activeElement.textContent === 'Latest');
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 4, y, { timeout: 3000 });
  await page.waitForTimeout(200);
  assert.ok(Math.abs(await page.evaluate(() => window.scrollY) - y) < 4, 'focusing the heading did not scroll');
  // Forward again.
  await page.goForward();
  await page.waitForFunction((t) => document.activeElement?.matches('h1.bs-article-title') && document.activeElement.textContent === t, title);
  assert.deepEqual(page.problems, []);
});

test('with ?src= sources (kept on every URL by a second navigation), focus still lands on the heading', async () => {
  const page = await site.page(DESKTOP);
  await page.goto(site.url + '?src=articles/catalog.json');
  await page.waitForSelector('main .bs-list');
  await page.locator('main article.bs-card h2 a').first().click();
  await page.waitForURL(/\/article\/.*\?src=/);
  await page.waitForFunction(() => document.activeElement?.matches('h1.bs-article-title'));
  await page.waitForTimeout(300);
  assert.ok(await page.evaluate(() => document.activeElement?.matches('h1.bs-article-title')), 'and keeps it');
  assert.deepEqual(page.problems, []);
});

test('keyboard: a link opened with Enter lands on the new heading; Tab goes on from there', async () => {
  const page = await site.page(DESKTOP);
  await page.goto(site.url);
  await ready(page);
  await page.locator('nav[aria-label="Browse"] a', { hasText: 'Archive' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.matches('main h1') && document.activeElement.textContent === 'Archive');
  // The heading is focusable by script only, and shows no ring (it is not a control).
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('tabindex')), '-1');
  assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
  await page.keyboard.press('Tab');
  const next = await focused(page);
  assert.equal(next.tag, 'a');
  assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)), `Tab continues in <main> (${next.text})`);
  // A sidebar category: its page's heading.
  await page.locator('nav[aria-label="Categories"] a', { hasText: 'Guide' }).first().click();
  await page.waitForFunction(() => document.activeElement?.matches('main h1') && document.activeElement.textContent === 'Guide');
  assert.deepEqual(page.problems, []);
});

test('typing in the search box keeps focus there while the results (and URL) change', async () => {
  const page = await site.page(DESKTOP);
  await page.goto(site.url + 'archive');
  await ready(page);
  const box = page.locator('input[type="search"]');
  await box.click();
  for (const ch of 'github') {
    await page.keyboard.type(ch);
    await page.waitForTimeout(60);
    assert.ok(await page.evaluate(() => document.activeElement?.matches('input[type="search"]')), `focus in the box after "${ch}"`);
  }
  await page.waitForURL(/\?q=github$/);
  await page.waitForSelector('main .bs-results');
  await page.waitForTimeout(300);
  assert.ok(await page.evaluate(() => document.activeElement?.matches('input[type="search"]')));
  // Esc clears it and shows the latest list: still in the box.
  await page.keyboard.press('Escape');
  await page.waitForSelector('main .bs-list:not(.bs-results)');
  await page.waitForTimeout(200);
  assert.ok(await page.evaluate(() => document.activeElement?.matches('input[type="search"]')));
  assert.deepEqual(page.problems, []);
});

test('the skip link is the first Tab stop, visible, and moves focus to <main>', async () => {
  for (const opts of [DESKTOP, PHONE]) {
    const page = await site.page(opts);
    await page.goto(site.url + `article/${SEED.slug}`);
    await ready(page);
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    assert.match(skip.cls, /bs-skip/);
    const box = await page.locator('.bs-skip').boundingBox();
    assert.ok(box && box.y >= 0 && box.height > 10, `visible when focused: ${JSON.stringify(box)}`);
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'bs-main');
    // Tab goes on inside the content, past the header and the sidebar.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.querySelector('main').contains(document.activeElement)));
    assert.deepEqual(page.problems, []);
  }
});

test('keyboard focus is visible on every kind of control, in both themes', async () => {
  for (const theme of ['light', 'dark']) {
    const page = await themedPage(theme, DESKTOP);
    await page.goto(site.url + '?q=github');
    await settle(page, PAGES[5]);
    // Tab through the page: every stop shows a solid 2px+ ring in the focus colour.
    const seen = new Set();
    for (let i = 0; i < 45; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const e = document.activeElement;
        const s = getComputedStyle(e);
        return {
          what: `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]}`,
          visible: e.matches(':focus-visible'),
          style: s.outlineStyle,
          width: parseFloat(s.outlineWidth),
          color: s.outlineColor,
          focus: getComputedStyle(document.documentElement).getPropertyValue('--bs-focus').trim(),
        };
      });
      seen.add(f.what);
      assert.ok(f.visible, `${theme}: ${f.what} matches :focus-visible`);
      assert.equal(f.style, 'solid', `${theme}: ${f.what} has an outline`);
      assert.ok(f.width >= 2, `${theme}: ${f.what} outline ${f.width}px`);
      assert.notEqual(f.color, 'rgba(0, 0, 0, 0)', `${theme}: ${f.what}`);
    }
    for (const kind of ['a.bs-skip', 'input.bs-search-input', 'button.bs-theme-toggle', 'a.bs-browse-link', 'a.bs-sort-link']) {
      assert.ok(seen.has(kind), `${theme}: reached ${kind} (${[...seen]})`);
    }
    assert.deepEqual(page.problems, []);
  }
});

// ---------- motion ----------

/** Elements (and pseudo-elements) that animate or transition. */
const moving = (page) => page.evaluate(() => {
  const out = [];
  for (const e of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(e, pseudo);
      const secs = (v) => Math.max(...v.split(',').map((x) => parseFloat(x) * (x.trim().endsWith('ms') ? 0.001 : 1)));
      if ((s.animationName !== 'none' && secs(s.animationDuration) > 0) || secs(s.transitionDuration) > 0) {
        out.push(`${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]}${pseudo || ''}`);
      }
    }
  }
  return out;
});

test('reduced motion: nothing animates or transitions', async () => {
  const page = await site.page(PHONE);
  // The site's data held back a moment, so the loading skeleton (which shimmers) is on screen.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/articles/site.json', async (route) => { await held; await route.continue(); });
  await page.goto(site.url);
  await page.waitForSelector('main .bs-skeleton');
  const normal = await moving(page);
  assert.ok(normal.some((m) => m.includes('bs-skeleton')), `the skeleton shimmers normally: ${normal}`);
  assert.ok(normal.some((m) => m.includes('bs-sidebar')), `the drawer slides normally: ${normal}`);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  assert.deepEqual(await moving(page), []);
  release();
  await ready(page);
  await page.locator('.bs-drawer-toggle').click();
  await page.waitForSelector('.bs-drawer-open');
  assert.deepEqual(await moving(page), []);
  assert.deepEqual(page.problems, []);
});

// ---------- typography ----------

/** Characters on the longest line of `sel`'s first paragraph with at least 3 lines. */
const charsPerLine = (page, sel) => page.evaluate((sel) => {
  for (const p of document.querySelectorAll(sel)) {
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (let i = 0; i < n.length; i++) {
        if (/\s/.test(n.data[i]) && n.data[i] !== ' ') continue;
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const r = range.getClientRects()[0];
        if (!r) continue;
        const top = Math.round(r.top);
        lines.set(top, (lines.get(top) || 0) + 1);
      }
    }
    if (lines.size >= 3) return Math.max(...lines.values());
  }
  return 0;
}, sel);

test('article typography: a readable measure, CJK fonts and line height, one paragraph indent for Chinese', async () => {
  const page = await site.page(DESKTOP);
  await page.goto(site.url + `article/${SEED.slug}`);
  await page.waitForSelector('.bs-body p');
  await page.evaluate(() => document.fonts.ready);
  const zh = await page.evaluate(() => {
    const body = document.querySelector('.bs-body');
    const p = body.querySelector('p');
    const s = getComputedStyle(p);
    return {
      lang: body.lang,
      titleLang: document.querySelector('h1').lang,
      font: getComputedStyle(body).fontFamily,
      lineHeight: parseFloat(s.lineHeight) / parseFloat(s.fontSize),
      indent: parseFloat(s.textIndent) / parseFloat(s.fontSize),
      first: p.textContent.slice(0, 2),
      typedIndents: [...body.querySelectorAll('p')].filter((q) => /^[\u3000\u00a0 ]/.test(q.textContent)).length,
    };
  });
  assert.equal(zh.lang, 'zh');
  assert.equal(zh.titleLang, 'zh');
  assert.ok(zh.font.indexOf('Noto Sans CJK SC') >= 0 && zh.font.indexOf('Noto Sans CJK SC') < zh.font.indexOf('Roboto'), `Chinese fonts first: ${zh.font}`);
  assert.ok(zh.lineHeight >= 1.7 && zh.lineHeight <= 2, `line height ${zh.lineHeight}`);
  assert.equal(zh.indent, 2, 'a two-character indent');
  assert.equal(zh.first, '中证', 'the typed U+3000 indent is gone');
  assert.equal(zh.typedIndents, 0);
  const cjkLine = await charsPerLine(page, '.bs-body p');
  assert.ok(cjkLine >= 36 && cjkLine <= 44, `~40 Chinese characters a line (${cjkLine})`);

  // A Chinese post written without typed indents gets the same indent.
  await page.goto(site.url + `article/${encodeURIComponent('用broadsheet读中文新闻')}`);
  await page.waitForSelector('.bs-body p');
  const other = await page.evaluate(() => {
    const p = document.querySelector('.bs-body > p');
    return { lang: p.closest('[lang]').lang, indent: parseFloat(getComputedStyle(p).textIndent) / parseFloat(getComputedStyle(p).fontSize) };
  });
  assert.deepEqual(other, { lang: 'zh', indent: 2 });

  // English: ~75 characters a line, no indent, the Latin font stack.
  await page.goto(site.url + 'article/post-format');
  await page.waitForSelector('.bs-body p');
  await page.evaluate(() => document.fonts.ready);
  const en = await page.evaluate(() => {
    const body = document.querySelector('.bs-body');
    return { lang: body.lang, indent: getComputedStyle(body.querySelector('p')).textIndent, font: getComputedStyle(body).fontFamily };
  });
  assert.equal(en.lang, 'en');
  assert.equal(en.indent, '0px');
  assert.ok(en.font.startsWith('system-ui'), en.font);
  const latinLine = await charsPerLine(page, '.bs-body p');
  assert.ok(latinLine >= 62 && latinLine <= 90, `~75 Latin characters a line (${latinLine})`);
  assert.deepEqual(page.problems, []);
});

test('images in bodies have an alt; wide code blocks and tables can be scrolled from the keyboard', async () => {
  const page = await site.page(PHONE);
  await page.goto(site.url + 'article/post-format');
  await page.waitForSelector('.bs-body img');
  assert.equal(await page.locator('.bs-body img:not([alt])').count(), 0);
  // Marked once the body's frame is painted (when the page is idle): waited for.
  await page.waitForFunction(() => {
    const els = [...document.querySelectorAll('.bs-body pre, .bs-body table')];
    return els.length > 0 && els.every((e) => (e.scrollWidth > e.clientWidth) === (e.getAttribute('tabindex') === '0'));
  });
  const blocks = await page.$$eval('.bs-body pre, .bs-body table', (els) => els.map((e) => ({
    scrolls: e.scrollWidth > e.clientWidth,
    tabindex: e.getAttribute('tabindex'),
  })));
  assert.ok(blocks.some((b) => b.scrolls), 'some block is too wide for a phone');
  for (const b of blocks) assert.equal(b.tabindex, b.scrolls ? '0' : null, JSON.stringify(b));
  // Wider window: they fit, and are no longer tab stops.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForFunction(() => [...document.querySelectorAll('.bs-body pre, .bs-body table')]
    .every((e) => (e.scrollWidth > e.clientWidth) === e.hasAttribute('tabindex')));
  assert.deepEqual(page.problems, []);
});
