// Broadsheet embed: lists articles of a Broadsheet site inside any page.
//
//   <div data-broadsheet data-category="Blog" data-limit="5"></div>
//   <script type="module" src="https://you.github.io/news/broadsheet-embed.js"></script>
//
// Every element with a `data-broadsheet` attribute becomes a widget (also ones added
// later); its `data-*` attributes are the options (README, "Embedding"). The app's
// wasm is loaded once per page however many widgets there are, from the folder this
// script lives in (the built site: scripts/bundle-articles.sh fills in the file names).
// In embed.html (the iframe embed) the options come from the page URL instead, and the
// page reports its height to the parent window by postMessage.
//
// This script adds nothing global to the host page: no globals, no styles outside the
// widgets' shadow roots, no history or URL changes.
//
// Sources are opt-in: a widget reads the Broadsheet site it came from, and other sites
// only when the script tag lists their origins (`data-allow-src="https://a.example
// https://b.example"`, or `*` for any). On a host that lets its users write `data-*`
// attributes (comments), a widget someone else placed with a source from elsewhere
// shows nothing (issue 25).

const SITE = new URL('.', import.meta.url).href;
const GLUE = '__BROADSHEET_GLUE__';
const WASM = '__BROADSHEET_WASM__';

let wasm;
/** The app module, instantiated once (the first widget starts it). */
function app() {
  wasm ??= import(new URL(GLUE, SITE).href).then(async (m) => {
    await m.default({ module_or_path: new URL(WASM, SITE) });
    return m;
  });
  return wasm;
}

let sheet;
/** The widgets' stylesheet, fetched and parsed once and shared by every shadow root
 *  (no flash of unstyled widget: it is ready before the first one renders). */
function styles() {
  sheet ??= fetch(new URL('embed.css', SITE), { credentials: 'omit' })
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`embed.css: ${r.status}`))))
    .then((css) => {
      const s = new CSSStyleSheet();
      s.replaceSync(css);
      return s;
    })
    // The widget links embed.css itself when this fails.
    .catch(() => null);
  return sheet;
}

/** The origins widgets may read besides the site's own: the script tag's
 *  `data-allow-src` (`null` = any). Module scripts have no `currentScript`: the tag is
 *  the one whose URL is this module's. */
const ALLOWED = (() => {
  const tag = [...document.querySelectorAll('script[src]')].find((s) => s.src === import.meta.url);
  const words = (tag?.getAttribute('data-allow-src') ?? '').split(/[\s,]+/).filter(Boolean);
  if (words.includes('*')) return null;
  const origins = new Set([new URL(SITE).origin]);
  for (const w of words) {
    try {
      const u = new URL(w);
      if (u.protocol === 'http:' || u.protocol === 'https:') origins.add(u.origin);
    } catch { /* not a URL: nothing allowed by it */ }
  }
  return origins;
})();

/** Whether every source `el` names may be read (`data-src`, space-separated, relative
 *  to the host page; none: the site's own data). */
export function allowed(el) {
  if (ALLOWED === null) return true;
  const src = (el.getAttribute('data-src') ?? '').split(/\s+/).filter(Boolean);
  return src.every((s) => {
    try {
      return ALLOWED.has(new URL(s, document.baseURI).origin);
    } catch {
      return true; // not a URL: the widget shows it as a failed source
    }
  });
}

/** Element → the promise of its widget (which settles with the function that unmounts it). */
const mounted = new Map();

/** Mounts a widget in `el` (once). The promise settles when it is mounted. */
export function mount(el) {
  if (!mounted.has(el)) {
    mounted.set(el, Promise.all([app(), styles()]).then(([m, css]) => m.bs_embed_mount(el, SITE, css)));
  }
  return mounted.get(el);
}

/** Widgets refused once (their sources are not allowed): not looked at again unless
 *  their sources change. */
const refused = new WeakMap();

function mountAll() {
  for (const el of document.querySelectorAll('[data-broadsheet]')) {
    if (mounted.has(el)) continue;
    const src = el.getAttribute('data-src') ?? '';
    if (refused.get(el) === src) continue;
    if (!allowed(el)) {
      refused.set(el, src);
      console.warn('Broadsheet embed: this widget names a source the embed script does not allow (data-allow-src on the script tag):', src);
      continue;
    }
    mount(el).catch((e) => console.error('Broadsheet embed:', e));
  }
}

/** Widgets whose element left the page (a single-page host app changed views) are
 *  unmounted: their requests stop and their memory is freed. Put back, the element
 *  gets a new widget. */
function unmountRemoved() {
  for (const [el, widget] of mounted) {
    if (el.isConnected) continue;
    mounted.delete(el);
    widget.then((unmount) => unmount(), () => {});
  }
}

/** embed.html: options from the page URL (`?src=…&category=…&limit=…`), height to the
 *  parent. */
function iframePage() {
  const el = document.querySelector('[data-broadsheet][data-from-url]');
  if (!el) return;
  const params = new URLSearchParams(location.search);
  for (const name of ['category', 'tag', 'author', 'limit', 'layout', 'open', 'link-target', 'base-url', 'theme', 'title', 'lang', 'remote-images']) {
    const v = params.get(name);
    if (v !== null) el.setAttribute(`data-${name}`, v);
  }
  const src = params.getAll('src').filter((s) => s.trim());
  // Space-separated, as in data-src: spaces inside a URL are encoded so they split right.
  if (src.length) el.setAttribute('data-src', src.map((s) => s.trim().replaceAll(' ', '%20')).join(' '));
  if (window.parent === window) return;
  let last = 0;
  const report = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    // Only a number: nothing about the page or its articles leaves the frame.
    window.parent.postMessage({ type: 'broadsheet:height', height }, '*');
  };
  // Resizes (a narrower frame wraps more lines)…
  new ResizeObserver(report).observe(document.documentElement);
  // …and every change of the widget: Chromium does not run resize observers in a frame
  // that is scrolled out of view, and a frame below the fold must still get its height.
  if (!allowed(el)) {
    console.warn('Broadsheet embed: a source of this frame is not allowed (data-allow-src on the script tag)');
    report();
    return;
  }
  mount(el).then(() => {
    report();
    new MutationObserver(report).observe(el.shadowRoot, { childList: true, subtree: true, characterData: true, attributes: true });
  }, () => {});
}

function start() {
  iframePage();
  mountAll();
  // Widgets added or removed later (single-page host apps): checked once per batch of
  // changes.
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      unmountRemoved();
      mountAll();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
