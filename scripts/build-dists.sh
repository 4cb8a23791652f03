#!/usr/bin/env bash
# Builds the sites the browser tests (tests/e2e) and screenshots use:
#   dist/               the demo (public/articles) at the root: `trunk build --release`
#   target/dist-sub/    the same under the sub-path /sub/ (GitHub project pages)
#   target/dist-hexo/   the real corpus ../shared/corpus/hexo-news-zh (63 posts), when present
# Assumes the tools from scripts/setup.sh are installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TRUNK=(trunk build --release --skip-version-check)
t() { local s=$SECONDS; "$@"; echo "[build-dists] $* : $((SECONDS - s))s" >&2; }

t "${TRUNK[@]}" --dist dist --public-url /
t "${TRUNK[@]}" --dist target/dist-sub --public-url /sub/
HEXO="${BROADSHEET_HEXO_CORPUS:-../shared/corpus/hexo-news-zh}"
if [ -d "$HEXO" ]; then
  BROADSHEET_ARTICLES="$(cd "$HEXO" && pwd)" t "${TRUNK[@]}" --dist target/dist-hexo --public-url /
else
  echo "[build-dists] no $HEXO here: skipping target/dist-hexo (its e2e test is skipped)" >&2
  rm -rf target/dist-hexo
fi

for d in dist target/dist-sub target/dist-hexo; do
  [ -d "$d" ] || continue
  # The app's own files (not boot.js or the embed script): its wasm, its JS glue, the
  # CSS; then the post reader's wasm (reader/), fetched only when a post must be read
  # in the browser. `-bg.wasm` names come from Trunk's hashing of each bin.
  app_wasm=$(ls "$d"/broadsheet-app-*_bg.wasm) app_js=$(ls "$d"/broadsheet-app-*.js | head -1)
  reader_wasm=$(ls "$d"/broadsheet-reader-*_bg.wasm)
  css=$(cat "$d"/*.css | wc -c)
  # JS snippets wasm-bindgen copies next to the glue (DOMPurify's ES module).
  snippets=$(find "$d/snippets" -type f -exec cat {} + 2>/dev/null | wc -c)
  echo "[build-dists] $d: $(grep -o '"slug"' "$d/articles/catalog.json" | wc -l) articles; app wasm $(wc -c <"$app_wasm") B, js $(wc -c <"$app_js") B + snippets $snippets B, css $css B; post reader wasm $(wc -c <"$reader_wasm") B" >&2
done
