#!/usr/bin/env node
// Screenshots of the home, search results, category and article pages at desktop
// (1280 px) and phone (390 px) widths, in the light and the dark theme (the browser's
// colour-scheme preference, which the app follows until the reader picks a theme),
// into docs/screenshots/ (`<page>-<width>.png`, `<page>-<width>-dark.png`). Needs a built site:
//   bash scripts/build-dists.sh && node scripts/screenshots.mjs [--dir dist] [--out docs/screenshots]
// Chinese text needs a CJK font installed (Debian: fonts-noto-cjk), or it shows as boxes.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const dir = opt('dir', 'dist');
const out = opt('out', 'docs/screenshots');
fs.mkdirSync(out, { recursive: true });

const pages = [
  { name: 'home', route: '', wait: 'main .bs-list' },
  { name: 'search', route: `?q=${encodeURIComponent('安全')}`, wait: '.bs-result-count[data-complete="true"]' },
  { name: 'category', route: `category/${encodeURIComponent('指南')}`, wait: 'main .bs-list' },
  { name: 'article', route: 'article/post-format', wait: '.bs-body p' },
  { name: 'article-zh', route: 'article/000-0c883d887ca44e44', wait: '.bs-body p' },
];
const widths = [
  { name: 'desktop', viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 },
  { name: 'phone', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
];

const server = await serve({ dir, port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  for (const [w, theme] of widths.flatMap((w) => ['light', 'dark'].map((t) => [w, t]))) {
    const suffix = theme === 'dark' ? '-dark' : '';
    const context = await browser.newContext({
      viewport: w.viewport, deviceScaleFactor: w.deviceScaleFactor, isMobile: !!w.isMobile, hasTouch: !!w.hasTouch,
      colorScheme: theme, locale: 'en-US',
    });
    const page = await context.newPage();
    for (const p of pages) {
      await page.goto(server.url + p.route);
      await page.waitForSelector(p.wait, { timeout: 15000 });
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300); // thumbnails settle (fallback tiles for dead links)
      const file = path.join(out, `${p.name}-${w.name}${suffix}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    }
    if (w.name === 'phone') {
      await page.goto(server.url);
      await page.waitForSelector('main .bs-list');
      await page.locator('.bs-drawer-toggle').click();
      await page.waitForTimeout(400);
      const file = path.join(out, `drawer-phone${suffix}.png`);
      await page.screenshot({ path: file });
      console.log(file);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
