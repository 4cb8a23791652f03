// Malformed input (issue 6), in the browser and through the CLI: a folder of broken
// and strange post files next to good ones. Each file loads with sane fallbacks or is
// a per-file error (path + reason) in the page and in the CLI's summary, the good ones
// always load, time and memory stay bounded (the YAML alias bomb must not hang the
// tab), and a bug (a panic) shows a message instead of a dead page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, DIST, ROOT, ready, cli as runCli } from './helpers.mjs';

const BIG_BYTES = 5 * 1024 * 1024;

/** Writes the malformed folder; returns its path. */
function malformedFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-malformed-'));
  const put = (rel, data) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data);
  };
  // Good files, two with the same name in different folders.
  put('good/a/index.md', '---\ntitle: Good A\ndate: 2024-01-02\ncategories: [Good]\n---\nThe first good post.\n');
  put('good/b/index.md', '---\ntitle: Good B\ndate: 2024-01-01\ncategories: [Good]\n---\nThe second good post.\n');
  put('invalid-yaml.md', '---\ntitle: [oops\n---\nbody\n');
  put('unterminated.md', '---\ntitle: never closed\ndate: 2024-01-01\n\nThe body never comes.\n');
  put('binary.md', Buffer.from([0, 0x9f, 0x92, 0x96, 0, 1, 2, 255, 254, 0, 7, 8]));
  put('empty.md', '');
  const para = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. 长文章的一段中文内容，用来测试大文件。\n\n';
  put('big.md', `---\ntitle: A five megabyte article\ndate: 2023-06-01\n---\n${para.repeat(Math.ceil(BIG_BYTES / Buffer.byteLength(para)))}`);
  put('long-title.md', `---\ntitle: ${'T'.repeat(50000)}\n---\nshort body\n`);
  let bomb = '---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < 9; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  put('alias-bomb.md', `${bomb}title: bomb\n---\nbody\n`);
  put('deep.md', `---\ntitle: deep\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n---\nbody\n`);
  put('wrong-types.md', '---\ntitle: [1, 2]\ncategories: 42\ntags: {a: b}\n---\nbody with wrong types\n');
  // "中文标题" / "中文" in GBK.
  put('gbk.md', Buffer.from([...Buffer.from('---\ntitle: '), 0xd6, 0xd0, 0xce, 0xc4, 0xb1, 0xea, 0xcc, 0xe2, ...Buffer.from('\n---\n'), 0xd6, 0xd0, 0xce, 0xc4]));
  put('bom-crlf.md', '\ufeff---\r\ntitle: BOM and CRLF\r\ndate: 2022-02-02\r\n---\r\nWindows line endings.\r\n');
  put('toml.md', '+++\ntitle = "TOML"\n+++\nbody\n');
  put('no-body.md', '---\ntitle: Only front matter\n---\n');
  return dir;
}

let site; let dir; let cli;
before(async () => {
  site = await start(DIST);
  dir = malformedFolder();
  // The CLI over the same folder: its catalog is the reference for the page.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-malformed-cli-'));
  fs.cpSync(dir, copy, { recursive: true });
  const started = Date.now();
  const run = runCli(['index', copy]);
  assert.equal(run.status, 0, run.stderr);
  // The summary (stderr) and anything else it prints.
  const out = `${run.stdout}\n${run.stderr}`;
  cli = { ms: Date.now() - started, out, catalog: JSON.parse(fs.readFileSync(path.join(copy, 'catalog.json'), 'utf8')) };
  fs.rmSync(copy, { recursive: true, force: true });
});
after(async () => {
  await site?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const ERRORS = ['invalid-yaml.md', 'unterminated.md', 'binary.md', 'empty.md', 'alias-bomb.md', 'deep.md', 'gbk.md', 'toml.md'];

test('the CLI: every bad file is an error in the summary with its reason, every good one is indexed', () => {
  const errors = Object.fromEntries(cli.catalog.errors.map((e) => [e.path, e.message]));
  for (const f of ERRORS) assert.ok(errors[f], `${f} is an error: ${JSON.stringify(errors)}`);
  assert.match(errors['alias-bomb.md'], /repetition limit/);
  assert.match(errors['deep.md'], /recursion limit/);
  assert.match(errors['gbk.md'], /GBK/);
  assert.match(errors['toml.md'], /TOML/);
  assert.match(errors['empty.md'], /empty/);
  assert.match(errors['binary.md'], /UTF-8|binary/);
  for (const f of ERRORS) assert.match(cli.out, new RegExp(`error: ${f.replace('.', '\\.')}: `), `the summary names ${f}`);
  const titles = cli.catalog.articles.map((a) => a.title);
  for (const t of ['Good A', 'Good B', 'A five megabyte article', 'BOM and CRLF', 'Only front matter']) assert.ok(titles.includes(t), t);
  // Fallbacks: a 50,000-character title is cut to 300; a title that is a list, a
  // number as categories, a map as tags are read or dropped with a warning.
  assert.ok(titles.some((t) => /^T+…?$/.test(t) && [...t].length <= 301));
  assert.ok(cli.catalog.articles.some((a) => a.path === 'wrong-types.md'));
  assert.match(errors['unterminated.md'], /no closing `---`/);
  // Same file names in different folders: distinct slugs.
  const idx = cli.catalog.articles.filter((a) => a.path.endsWith('/index.md'));
  assert.equal(new Set(idx.map((a) => a.slug)).size, 2);
  assert.match(cli.out, new RegExp(`${cli.catalog.articles.length} articles, ${ERRORS.length} errors`));
  assert.ok(cli.ms < 60000);
});

test('the browser: the same folder opened lists every good file, names every bad one, stays responsive', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  const started = Date.now();
  await page.locator('input.bs-open-folder-input').setInputFiles(dir);
  await page.locator('.bs-local-bar').waitFor({ timeout: 30000 });
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 20000, `read in ${elapsed} ms`);
  const n = cli.catalog.articles.length;
  await page.waitForFunction(() => !document.querySelector('.bs-local-progress'));
  assert.equal(await page.locator('.bs-local-bar').getAttribute('data-articles'), String(n), 'as many articles as the CLI');
  // "N files could not be read": path and reason of each, as the CLI says.
  const box = page.locator('.bs-file-errors');
  assert.equal(await box.getAttribute('data-count'), String(ERRORS.length));
  assert.match(await box.locator('.bs-file-errors-title').textContent(), new RegExp(`^${ERRORS.length} files could not be read`));
  const shown = await box.locator('.bs-file-error').evaluateAll((els) => els.map((e) => [e.dataset.path, e.querySelector('.bs-file-error-reason').textContent]));
  const root = path.basename(dir);
  const byPath = Object.fromEntries(shown.map(([p, r]) => [p.replace(new RegExp(`^${root}/`), ''), r]));
  for (const e of cli.catalog.errors) assert.equal(byPath[e.path], e.message, e.path);
  // The list holds the good ones; the app is alive: the 5 MB article opens, search answers.
  await page.locator('main article.bs-card h2 a', { hasText: 'A five megabyte article' }).click();
  await page.locator('.bs-article .bs-body').waitFor({ timeout: 20000 });
  assert.ok((await page.locator('.bs-article .bs-body p').count()) > 1000);
  await page.goBack();
  await page.locator('input[type="search"]').fill('Windows');
  await page.waitForSelector('main .bs-result-count[data-complete="true"]');
  assert.deepEqual(await page.locator('main article.bs-card h2 a').allTextContents(), ['BOM and CRLF']);
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  assert.ok(heap < 400e6, `JS heap ${Math.round(heap / 1e6)} MB`);
  assert.deepEqual(page.problems, []);
});

test('a bug (a panic in the wasm) shows a message with Reload instead of a dead page', async () => {
  const page = await site.page();
  await page.goto(site.url);
  await ready(page);
  page.allow.push(/panicked|bs_test_panic|unreachable|RuntimeError/);
  await page.evaluate(() => { try { window.wasmBindings.bs_test_panic(); } catch { /* the trap */ } });
  const crash = page.locator('.bs-crash[role="alert"]');
  await crash.waitFor();
  assert.match(await crash.textContent(), /Something went wrong/);
  assert.match(await crash.locator('.bs-crash-detail').textContent(), /deliberate panic/);
  const href = await crash.locator('a.bs-crash-reload').getAttribute('href');
  assert.equal(href, page.url());
  await crash.locator('a.bs-crash-reload').click();
  await page.waitForFunction(() => !document.querySelector('.bs-crash'));
  await ready(page);
  assert.ok(await page.locator('main article.bs-card').count() > 0, 'Reload brings the app back');
});
