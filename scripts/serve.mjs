#!/usr/bin/env node
// A small static server for a built site, behaving like GitHub Pages:
//   node scripts/serve.mjs [--dir dist] [--port 8080] [--prefix /sub/] [--host 127.0.0.1]
// Serves DIR under PREFIX; `/a/b` from `a/b` or else `a/b.html` (pages written by
// `broadsheet pages`); a path with no file gets DIR/404.html with status 404 (the
// app boots from it and routes the deep link), like Pages does. `--port 0` picks a
// free port; the first line printed is the URL ("serving http://127.0.0.1:PORT/sub/").
// Also importable: `const { url, close } = await serve({ dir, prefix, port })`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Content types by extension (the benchmark's server shares them). */
export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.md': 'text/markdown; charset=utf-8', '.markdown': 'text/markdown; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.xml': 'application/xml',
};

/** Answers with `file` as is. */
function sendFile(req, res, status, file) {
  const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
  // GitHub Pages allows every origin too (a page elsewhere embedding the site loads its
  // script, wasm and catalog cross-origin).
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache', 'access-control-allow-origin': '*' });
  if (req.method === 'HEAD') return res.end();
  fs.createReadStream(file).pipe(res);
}

/** `send(req, res, status, file)` writes the answer once a path is resolved to a file
 *  (the benchmark's server passes one that compresses). */
export function serve({ dir = 'dist', port = 0, prefix = '/', host = '127.0.0.1', quiet = true, send = sendFile } = {}) {
  const root = path.resolve(dir);
  if (!prefix.startsWith('/')) prefix = '/' + prefix;
  if (!prefix.endsWith('/')) prefix += '/';
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400); return res.end('bad request');
    }
    if (!quiet) console.log(req.method, req.url);
    const notFound = () => {
      const page = path.join(root, '404.html');
      if (fs.existsSync(page)) return send(req, res, 404, page);
      res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found');
    };
    if (pathname + '/' === prefix) { res.writeHead(301, { location: prefix }); return res.end(); }
    if (!pathname.startsWith(prefix)) return notFound();
    const rel = pathname.slice(prefix.length);
    const file = path.join(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return notFound();
    fs.stat(file, (err, st) => {
      if (!err && st.isFile()) return send(req, res, 200, file);
      // As GitHub Pages does: `/a/b` is also served from `a/b.html` (the pages
      // `broadsheet pages` writes), before a folder `a/b/` would redirect to `/a/b/`.
      if (!pathname.endsWith('/') && file !== root) {
        const page = `${file}.html`;
        if (fs.existsSync(page) && fs.statSync(page).isFile()) return send(req, res, 200, page);
      }
      if (!err && st.isDirectory()) {
        if (!pathname.endsWith('/')) { res.writeHead(301, { location: pathname + '/' }); return res.end(); }
        const index = path.join(file, 'index.html');
        if (fs.existsSync(index)) return send(req, res, 200, index);
      }
      notFound();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({
        url: `http://${host}:${p}${prefix}`,
        origin: `http://${host}:${p}`,
        port: p,
        // Keep-alive connections would hold `close` open.
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
        server,
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
  const s = await serve({ dir: opt('dir', 'dist'), port: Number(opt('port', 8080)), prefix: opt('prefix', '/'), host: opt('host', '127.0.0.1'), quiet: !args.includes('--verbose') });
  console.log(`serving ${s.url}`);
}
