// The app's takeover of a static page, task by task: Chromium with Lighthouse's CPU
// slowdown (4x), traced, for each run the duration of the main-thread task of every
// stage of the first frame (src/app/boot.rs marks each with `bs-boot-<n>`; the last is
// the frame shown) and every other task over --long ms from the first stage on (the
// browser's own style, layout and paint of what a stage drew), with what it spent time on.
//
//   node bench/takeover-trace.mjs [--site demo|10000] [--routes ",article/post-format"] [--runs 5] [--long 20]
//
// Lighthouse counts a task as long from 50 ms of its simulated (4x) time on: a
// takeover task that reaches it moves the page's time to interactive past the app's
// arrival (bench/README.md, "Static pages"). Builds the site as bench/lighthouse.mjs
// does (the dist of `trunk build --release`, the release CLI), for the server's address
// (the pages' canonical address must be the one they are served at, or the app fetches
// an article's body instead of reading it from the page).
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { localPosts, buildSite } from './lib/lighthouse.mjs';
import { corpus, WORK } from './lib/corpus.mjs';
import { serve } from './lib/server.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SITE = opt('site', 'demo');
const ROUTES = opt('routes', SITE === 'demo' ? ',article/post-format' : ',category/Code').split(',');
const RUNS = Number(opt('runs', '5'));
const LONG_MS = Number(opt('long', '20'));
const CLI = path.join(ROOT, 'target/release/broadsheet');

const cli = (a) => {
  const r = spawnSync(CLI, a, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`broadsheet ${a.join(' ')}: ${r.stderr}`);
  return r;
};

const src = SITE === 'demo' ? path.join(ROOT, 'public/articles') : corpus(Number(SITE), console.error);
const posts = path.join(WORK, `trace-posts-${SITE}`);
localPosts(src, posts);
const dir = path.join(WORK, `trace-${SITE}`);
fs.mkdirSync(dir, { recursive: true });
const server = await serve({ dir, brotli: false });
buildSite({ app: path.join(ROOT, 'dist'), posts, out: dir, baseUrl: server.url, prerender: true, cli });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});

/** One traced load of `route`: the stage tasks and the other long ones (ms, slowed down). */
async function trace(route) {
  const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const complete = new Promise((r) => cdp.on('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing',
    transferMode: 'ReportEvents',
  });
  await page.goto(server.url + route);
  // The frame shown and the static copy gone (taken apart when idle).
  await page.waitForFunction(() => !document.documentElement.hasAttribute('data-bs-booting')
    && !document.querySelector('.bs-prerendered'), null, { timeout: 60000 });
  await page.evaluate(() => new Promise((r) => requestIdleCallback(r)));
  await cdp.send('Tracing.end');
  await complete;
  await page.close();
  const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X');
  const marks = events.filter((e) => /^bs-boot-\d+$/.test(e.name)).map((e) => ({ n: Number(e.name.slice(8)), ts: e.ts }));
  const taskAt = (ts) => tasks.filter((t) => t.ts <= ts && ts <= t.ts + t.dur).sort((a, b) => b.dur - a.dur)[0];
  const stages = new Map(marks.map(({ n, ts }) => [n, taskAt(ts)]));
  const first = Math.min(...marks.map((m) => m.ts));
  const staged = new Set([...stages.values()]);
  const what = (t) => events
    .filter((e) => e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur || 0) <= t.ts + t.dur && e.dur > 2000 && e.name !== 'RunTask')
    .map((e) => `${e.name}${e.name === 'UpdateLayoutTree' ? `[${e.args?.elementCount} elements]` : ''} ${(e.dur / 1000).toFixed(1)}`)
    .slice(0, 4).join(', ');
  const others = tasks.filter((t) => t.ts >= first && !staged.has(t) && t.dur > LONG_MS * 1000);
  return {
    stages: [...stages].sort((a, b) => a[0] - b[0]).map(([n, t]) => [n, t ? t.dur / 1000 : NaN]),
    others: others.map((t) => ({ at: (t.ts - first) / 1000, ms: t.dur / 1000, what: what(t) })),
  };
}

try {
  for (const route of ROUTES) {
    const longest = new Map();
    let worst = 0;
    for (let run = 0; run < RUNS; run++) {
      const r = await trace(route);
      for (const [n, ms] of r.stages) longest.set(n, Math.max(longest.get(n) ?? 0, ms));
      worst = Math.max(worst, ...r.stages.map(([, ms]) => ms), ...r.others.map((o) => o.ms));
      console.log(`/${route} run ${run + 1}: stages ${r.stages.map(([n, ms]) => `${n}:${ms.toFixed(1)}`).join(' ')}`);
      for (const o of r.others) console.log(`    other task at +${o.at.toFixed(0)} ms: ${o.ms.toFixed(1)} ms (${o.what})`);
    }
    console.log(`/${route}: longest per stage over ${RUNS} runs (ms at 4x): ${[...longest].map(([n, ms]) => `${n}:${ms.toFixed(1)}`).join(' ')}`);
    console.log(`RESULT takeover-trace ${SITE} /${route}: longest_task_ms=${worst.toFixed(1)} (Lighthouse: long from 50)`);
  }
} finally {
  await browser.close();
  await server.close();
}
