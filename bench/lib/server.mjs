// Static HTTP server for the benchmark: scripts/serve.mjs (GitHub-Pages-like:
// DIR under PREFIX, unknown paths answered with DIR/404.html and status 404) plus
// Content-Encoding, so transfer sizes in the browser are realistic:
//   - `br` when the request accepts it, else `gzip`, else the file as is;
//   - a file whose compressed form is not smaller (Pagefind's files are gzip already,
//     images) is sent as is;
//   - every response carries `x-raw-length`, `x-gzip-length` and `x-br-length` (bytes of the
//     file, gzip -9 and brotli of it), so one page load yields all three totals.
// Compression is cached in memory per file (path, size, mtime). Brotli quality 11 up to
// 4 MB (what a static host precompresses assets with), 9 above (75 MB of JSON at q11 takes
// minutes); gzip level 9. `precompress(files)` fills the cache before a timed window so no
// measurement waits for the compressor; `forget(files)` empties it of files no longer served.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { TYPES as BASE_TYPES, serve as serveStatic } from '../../scripts/serve.mjs';

const TYPES = { ...BASE_TYPES, '.bin': 'application/octet-stream' };
const NEVER = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp']);

const cache = new Map(); // file → { key, raw, gzip, br } (Buffers, or null when not worth it)

function brotli(buf) {
  const quality = buf.length <= 4e6 ? 11 : 9;
  return zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      [zlib.constants.BROTLI_PARAM_LGWIN]: buf.length > 4e6 ? 24 : 22,
    },
  });
}

/** The file and its compressed forms (compressing once per file version). */
export function encoded(file, st = fs.statSync(file)) {
  const key = `${st.size}:${st.mtimeMs}`;
  const hit = cache.get(file);
  if (hit && hit.key === key) return hit;
  const raw = fs.readFileSync(file);
  const already = raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b; // gzip inside (Pagefind)
  let gzip = null;
  let br = null;
  if (!already && !NEVER.has(path.extname(file).toLowerCase()) && raw.length > 256) {
    const g = zlib.gzipSync(raw, { level: 9 });
    if (g.length < raw.length) gzip = g;
    const b = brotli(raw);
    if (b.length < raw.length) br = b;
  }
  const entry = { key, raw, gzip, br };
  cache.set(file, entry);
  return entry;
}

/** Compresses `files` now (outside any timed window). */
export function precompress(files) {
  for (const f of files) encoded(f);
}

/** Drops `files` from the cache (a prebuilt peer index, hundreds of MB, once measured). */
export function forget(files) {
  for (const f of files) cache.delete(f);
}

/** `brotli: false` sends gzip only, as GitHub Pages does. */
export async function serve({ dir, port = 0, prefix = '/', host = '127.0.0.1', log = null, brotli: withBrotli = true }) {
  const send = (req, res, status, file) => {
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    let e;
    try {
      e = encoded(file);
    } catch {
      res.writeHead(500); return res.end();
    }
    const accept = String(req.headers['accept-encoding'] || '');
    let body = e.raw;
    let enc = null;
    if (withBrotli && e.br && /\bbr\b/.test(accept)) { body = e.br; enc = 'br'; }
    else if (e.gzip && /\bgzip\b/.test(accept)) { body = e.gzip; enc = 'gzip'; }
    const headers = {
      'content-type': type,
      'cache-control': 'no-cache',
      'content-length': body.length,
      'vary': 'accept-encoding',
      'x-raw-length': e.raw.length,
      'x-gzip-length': (e.gzip ?? e.raw).length,
      'x-br-length': (e.br ?? e.raw).length,
      'access-control-expose-headers': 'x-raw-length, x-gzip-length, x-br-length',
    };
    if (enc) headers['content-encoding'] = enc;
    res.writeHead(status, headers);
    log?.push({ t: performance.now(), url: req.url, raw: e.raw.length, gzip: (e.gzip ?? e.raw).length, br: (e.br ?? e.raw).length, sent: req.method === 'HEAD' ? 0 : body.length, enc });
    if (req.method === 'HEAD') return res.end();
    res.end(body);
  };
  const s = await serveStatic({ dir, port, prefix, host, send });
  s.server.keepAliveTimeout = 30000;
  return s;
}
