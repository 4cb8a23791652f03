#!/usr/bin/env bash
# Installs everything Broadsheet's build and tests need on a fresh Debian machine with
# rustup + node/npm: the wasm target, trunk, wasm-bindgen-cli (at Cargo.lock's version),
# wasm-opt (npm binaryen 132), Chromium + ChromeDriver + the Noto CJK fonts, playwright-core, dompurify (+ terser
# to minify it), brotli.
# Idempotent: every step is skipped when already satisfied. No GitHub downloads.
#
# Why these exact tools: see docs/toolchain.md (trunk 0.21.14 is the newest that builds
# on rustc 1.95; Debian's binaryen 108 produces a wasm that dies at start).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TRUNK_VERSION=0.21.14
t() { local s=$SECONDS; "$@"; echo "[setup] $* : $((SECONDS - s))s" >&2; }

# 1. The wasm target.
rustup target list --installed | grep -qx wasm32-unknown-unknown \
  || t rustup target add wasm32-unknown-unknown

# 2. Debian packages: headless browser + driver, brotli (size reports), and the Noto
#    CJK fonts: without them Chinese text is drawn with fallback boxes, which the
#    typography test (characters a line), the screenshots and the benchmark's layout
#    timings would measure instead of real text.
missing=()
for p in chromium chromium-driver brotli fonts-noto-cjk; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  t $SUDO apt-get update -qq
  t $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 3. Trunk from crates.io (its own release downloads are unreachable here).
trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION" \
  || t cargo install trunk --version "$TRUNK_VERSION" --locked

# 4. wasm-bindgen-cli: must equal the wasm-bindgen in Cargo.lock exactly.
WB=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WB"; then
  # Not --locked: its lock file pins a webpki-roots version the registry no longer has.
  t cargo install wasm-bindgen-cli --version "$WB"
fi

# 5. npm dev tools, as package.json / package-lock.json pin them: binaryen (wasm-opt 132),
#    playwright-core (drives /usr/bin/chromium), axe-core (accessibility checks in the
#    browser tests) and dompurify (the app's in-browser sanitizer: its ES module is
#    compiled into the wasm build, so it must be here before cargo/trunk build for
#    wasm32), terser (minifies it, step 6) and lighthouse 12.2.3 (tests/e2e/lighthouse.test.mjs,
#    bench/lighthouse.mjs). Installed when any is missing or differs.
npm_ok() {
  node -e 'const d = require("./package.json").devDependencies;
    for (const [name, want] of Object.entries(d)) {
      let have; try { have = require(`./node_modules/${name}/package.json`).version; } catch { process.exit(1); }
      if (have !== want) process.exit(1);
    }'
}
if ! npm_ok; then
  t npm install --no-audit --no-fund --loglevel=error
fi

# 6. DOMPurify minified for the wasm build (src/core/body/dom.rs binds this file; the
#    npm package ships its ES module unminified: 19.8 kB brotli, 10.9 kB minified).
#    Redone when missing or older than the package.
PURIFY_SRC=node_modules/dompurify/dist/purify.es.mjs
PURIFY_MIN=node_modules/dompurify/dist/purify.broadsheet.min.mjs
if [ ! -s "$PURIFY_MIN" ] || [ "$PURIFY_SRC" -nt "$PURIFY_MIN" ]; then
  mkdir -p "$(dirname "$PURIFY_MIN")"
  t terser "$PURIFY_SRC" --module --compress --mangle --comments '/license|@preserve/' \
    -o "$PURIFY_MIN.tmp"
  mv "$PURIFY_MIN.tmp" "$PURIFY_MIN"
fi

# 7. Crates, so Trunk's offline cargo build finds them.
t cargo fetch --quiet

echo "[setup] ok: $(trunk --version), wasm-bindgen $WB, wasm-opt $(wasm-opt --version | awk '{print $3}'), $(chromium --version 2>/dev/null | awk '{print $1, $2}')" >&2
