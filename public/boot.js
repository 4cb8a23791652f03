// Starts the app: Trunk's loader as a file rather than an inline script, so the page's
// Content-Security-Policy (index.html) needs no 'unsafe-inline' for scripts. Trunk
// writes the hashed file names into this script's tag (Trunk.toml, `pattern_script`).
const tag = document.querySelector('script[data-broadsheet-boot]');
// A page written at build time (`broadsheet pages`) is readable without the app: the app
// is fetched once the page has loaded (its own pictures first, not sharing a slow
// connection with 400 kB of app), or after LOAD_WAIT_MS at most (a picture that never
// answers must not keep the app away). Its preloads were left inert for that
// (`data-bs-later`): they become preloads now, integrity hashes included.
const LOAD_WAIT_MS = 3000;
if (document.documentElement.hasAttribute('data-bs-prerendered')) {
  const started = performance.now();
  if (document.readyState !== 'complete') {
    await new Promise((resolve) => {
      addEventListener('load', resolve, { once: true });
      setTimeout(resolve, LOAD_WAIT_MS);
    });
  }
  // Loaded is not on screen: `load` can come before the first paint, and pictures are
  // decoded off the main thread. So: the pictures in view decoded, the first paint
  // reported (reports come once a frame is presented), then two more frames, by which
  // the frame holding the pictures has been presented too.
  const inView = [...document.images].filter((i) => i.complete && i.naturalWidth > 0
    && i.getBoundingClientRect().top < innerHeight);
  const painted = new Promise((resolve) => {
    try {
      new PerformanceObserver((list, observer) => {
        if (list.getEntriesByName('first-contentful-paint').length) {
          observer.disconnect();
          resolve();
        }
      }).observe({ type: 'paint', buffered: true });
    } catch {
      resolve();
    }
  });
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const left = Math.max(0, LOAD_WAIT_MS - (performance.now() - started));
  await Promise.race([
    Promise.all([painted, ...inView.map((i) => i.decode().catch(() => undefined))])
      .then(frame).then(frame),
    new Promise((resolve) => setTimeout(resolve, left)),
  ]);
  for (const later of document.querySelectorAll('link[data-bs-later]')) {
    const link = later.cloneNode();
    link.rel = later.dataset.bsLater;
    link.removeAttribute('data-bs-later');
    later.replaceWith(link);
  }
}
const bindings = await import(tag.dataset.js);
// The search API for tests and the benchmark (`wasmBindings.bs_search(…)`), as Trunk's
// own loader exposes it.
window.wasmBindings = bindings;
const wasm = await bindings.default({ module_or_path: tag.dataset.wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
