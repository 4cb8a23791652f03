// Starts the app: Trunk's loader as a file rather than an inline script, so the page's
// Content-Security-Policy (index.html) needs no 'unsafe-inline' for scripts. Trunk
// writes the hashed file names into this script's tag (Trunk.toml, `pattern_script`).
const tag = document.querySelector('script[data-broadsheet-boot]');
const bindings = await import(tag.dataset.js);
// The search API for tests and the benchmark (`wasmBindings.bs_search(…)`), as Trunk's
// own loader exposes it.
window.wasmBindings = bindings;
const wasm = await bindings.default({ module_or_path: tag.dataset.wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
