#!/usr/bin/env node
// A prebuilt index for an in-memory peer's "prebuilt index" cold row. bench/run.mjs runs this
// once per configuration and size in a process of its own, with the tab's heap cap and
// --peer-limit, so a build or an export that runs out of memory or time is that
// configuration's result, not the end of the run:
//
//   node --max-old-space-size=4096 bench/peers/prebuild.mjs <engine> <docs.json> <out dir> <max MB>
//
// docs.json is read one article at a time (0.73 GB at 100,000 articles, longer than a string
// can be). The index is made with the page's options (configs.mjs), then written as its
// library documents: FlexSearch `Document.export`, one file per key, with manifest.json (the
// keys, for the page to import each) and slugs.json (numeric id → slug, what the page needs to
// report results); MiniSearch `JSON.stringify(index)` (its toJSON) as index.json, one string, as
// `MiniSearch.loadJSON` takes it. On success writes <out dir>/result.json
// ({ buildMs, exportMs, bytes, files }); exits 3 with "export too big: …" when the export is
// larger than <max MB> (the bench server holds every file it serves, compressed twice, in
// memory) or than one string can hold.
import fs from 'node:fs';
import path from 'node:path';
import { Document, Charset } from 'flexsearch';
import MiniSearch from 'minisearch';
import { indexTokens, queryTokens, CJK } from '../lib/tokenize.mjs';
import { flexOptions, miniOptions } from './configs.mjs';

const [engine, docsJson, out, maxMb] = process.argv.slice(2);
const maxBytes = Number(maxMb) * 1e6;

class TooBig extends Error {}

/** The elements of the JSON array in `file` (docs.json: objects, no nesting deeper than the
 * array), parsed one at a time as the file is read. */
async function* elements(file) {
  let carry = ''; // the element being read, from its `{`
  let depth = 0;
  let inString = false;
  let escaped = false;
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const s = carry + chunk;
    let start = depth > 1 ? 0 : -1;
    for (let i = carry.length; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c) escaped = true;
        else if (c === 0x22) inString = false;
      } else if (c === 0x22) {
        inString = true;
      } else if (c === 0x7b || c === 0x5b) {
        if (++depth === 2) start = i;
      } else if ((c === 0x7d || c === 0x5d) && --depth === 1) {
        yield JSON.parse(s.slice(start, i + 1));
        start = -1;
      }
    }
    carry = start >= 0 ? s.slice(start) : '';
  }
  if (depth !== 0) throw new Error(`${file}: truncated JSON`);
}

/** `data` written to `name` in `out`, counted against the cap. */
function writer() {
  let bytes = 0;
  const files = [];
  return {
    write(name, data) {
      bytes += Buffer.byteLength(data);
      if (bytes > maxBytes) throw new TooBig(`export too big: more than ${maxMb} MB (--prebuilt-max-mb)`);
      fs.writeFileSync(path.join(out, name), data);
      files.push(name);
    },
    get bytes() { return bytes; },
    files,
  };
}

async function flexsearch(w) {
  const t0 = performance.now();
  const index = new Document(flexOptions(engine, { Charset }));
  const slugs = [];
  for await (const d of elements(docsJson)) {
    index.add({ id: slugs.length, title: d.title, text: d.text });
    slugs.push(d.id);
  }
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const keys = [];
  await index.export((key, data) => {
    w.write(key, data);
    keys.push(key);
  });
  w.write('manifest.json', JSON.stringify(keys));
  w.write('slugs.json', JSON.stringify(slugs));
  return { buildMs, exportMs: performance.now() - t1, articles: slugs.length };
}

async function minisearch(w) {
  const t0 = performance.now();
  const ms = new MiniSearch(miniOptions(engine, { indexTokens, queryTokens, CJK }));
  let n = 0;
  for await (const d of elements(docsJson)) {
    ms.add(d);
    n++;
  }
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  w.write('index.json', JSON.stringify(ms));
  return { buildMs, exportMs: performance.now() - t1, articles: n };
}

async function main() {
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const w = writer();
  const r = await (engine.startsWith('flexsearch') ? flexsearch(w) : minisearch(w));
  fs.writeFileSync(path.join(out, 'result.json'), JSON.stringify({ engine, ...r, bytes: w.bytes, files: w.files }));
}

main().catch((e) => {
  // A string over V8's maximum length (MiniSearch's JSON at 100,000 articles) is a size limit too.
  const big = e instanceof TooBig || (e instanceof RangeError && /Invalid string length/.test(e.message));
  console.error(big && !(e instanceof TooBig) ? `export too big: ${e.message} (longer than one string can be)` : e.message);
  // Keep neither half an export nor the disk it takes.
  fs.rmSync(out, { recursive: true, force: true });
  process.exit(big ? 3 : 1);
});
