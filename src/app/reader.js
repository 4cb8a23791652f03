// Loads Broadsheet's post reader (reader/: YAML front matter and Markdown, a wasm of
// its own) the first time the app needs it; src/app/reader.rs calls these.
//
// The reader's files sit at the site root next to the app's JS glue, and this file is
// one of the glue's snippets (<root>snippets/<crate>/src/app/reader.js), so the root
// is found from our own URL: right on the site, under a sub-path, and in embed widgets
// on other sites (which load the glue from the site).
const here = import.meta.url;
const root = here.slice(0, here.lastIndexOf('/snippets/') + 1);
// scripts/bundle-articles.sh writes the hashed name (broadsheet-reader-<hash>) here.
const built = '__BROADSHEET_READER__';
const name = built.startsWith('__') ? 'broadsheet-reader' : built;

let loading = null;

/** The initialised reader module (a promise); a failed load is tried again next time. */
export function load_reader() {
  if (!loading) {
    loading = import(root + name + '.js').then(async (m) => {
      // Compiled from its bytes, not as it streams in: the browser then reads the
      // module off the main thread (streamed, it reads each arriving piece on the
      // main thread: 12–14 ms at once when the file comes fast or from the cache,
      // right when the page has just been drawn and may be scrolled or tapped).
      const wasm = root + name + '_bg.wasm';
      const compiled = fetch(wasm)
        .then((r) => {
          if (!r.ok) throw new Error(`${wasm}: HTTP ${r.status}`);
          return r.arrayBuffer();
        })
        .then((bytes) => WebAssembly.compile(bytes));
      await m.default({ module_or_path: compiled });
      return m;
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

export function reader_url() {
  return root + name + '.js';
}

export function read_post(m, path, bytes, textBase) {
  return m.read_post(path, bytes, textBase);
}

export function markdown_html(m, markdown) {
  return m.markdown_html(markdown);
}
