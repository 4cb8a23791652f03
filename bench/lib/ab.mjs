// What the A/B scripts (ab-first-list.mjs, ab-search.mjs) share: options, and two builds
// of the app each served with a folder of articles, plus one headless Chromium.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './server.mjs';

/** `opt(name, default)`: takes `--name value` out of `args`. */
export function options(args) {
  return (name, dflt) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args.splice(i, 2)[1] : dflt;
  };
}

/** The benchmark's 10,000-article site, which `node bench/run.mjs` leaves behind. */
export const DEFAULT_ARTICLES = path.join(os.tmpdir(), 'broadsheet-bench', 'site-10000');

/**
 * Serves `builds[k]` (dist folders) with `articles[k]/articles` beside each (linked, not
 * copied: 127 MB at 100,000 articles), on 127.0.0.1, and launches Chromium.
 * `close()` stops both and removes the temporary folders.
 */
export async function abSites(builds, articles) {
  const dirs = builds.map((dist, k) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bs-ab-${'AB'[k]}-`));
    for (const f of fs.readdirSync(dist)) if (f !== 'articles') fs.cpSync(path.join(dist, f), path.join(dir, f), { recursive: true });
    fs.symlinkSync(path.resolve(articles[k], 'articles'), path.join(dir, 'articles'));
    return dir;
  });
  const servers = await Promise.all(dirs.map((dir) => serve({ dir, prefix: '/', port: 0 })));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const close = async () => {
    await browser.close();
    for (const s of servers) await s.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  };
  return { servers, browser, close };
}

export const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
