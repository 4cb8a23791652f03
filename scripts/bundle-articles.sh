#!/usr/bin/env bash
# Trunk post_build hook: bundles the articles into the site being built.
#   1. copies the articles folder (public/articles, or $BROADSHEET_ARTICLES) to
#      $TRUNK_STAGING_DIR/articles (any sub-folders; images too);
#   2. writes articles/catalog.json there with the native `broadsheet` CLI
#      (paths relative to catalog.json, so the app fetches bodies next to it);
#   3. writes atom.xml, sitemap.xml (and robots.txt for a site at a host's root) into
#      $TRUNK_STAGING_DIR with `broadsheet feed`: addresses under $BROADSHEET_BASE_URL
#      (the published site, e.g. https://you.github.io/repo/; the Pages workflow sets
#      it), else under Trunk's public URL if that is absolute, else under
#      http://127.0.0.1:${PORT:-8080}<public URL>, where scripts/serve.sh serves it;
#   4. copies the embed files (public/embed: broadsheet-embed.js with the hashed names
#      of this build's wasm and JS filled in, embed.css, embed.html, the demo page);
#   5. copies index.html to 404.html: GitHub Pages answers unknown paths (deep links
#      such as /repo/article/x?src=…) with 404.html, which then boots the app there;
#   6. writes a page for every route with `broadsheet pages` (unless
#      BROADSHEET_PRERENDER=0): index.html becomes the home page, article/x.html …
# Runs without Trunk too: TRUNK_STAGING_DIR=dist bash scripts/bundle-articles.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
: "${TRUNK_STAGING_DIR:?run by trunk (or set TRUNK_STAGING_DIR)}"
SRC="${BROADSHEET_ARTICLES:-public/articles}"
case "$SRC" in /*) ;; *) SRC="$ROOT/$SRC" ;; esac   # relative to the project
OUT="$TRUNK_STAGING_DIR/articles"

if [ ! -d "$SRC" ]; then
  echo "bundle-articles: no articles folder at $SRC" >&2
  exit 1
fi
rm -rf "$OUT"
mkdir -p "$OUT"
# Copy the contents (not the folder itself); never follow into a stale catalog.
cp -R "$SRC"/. "$OUT"/
# Feed files written into the posts folder by hand would be stale copies under articles/.
rm -f "$OUT/catalog.json" "$OUT/site.json" "$OUT/atom.xml" "$OUT/sitemap.xml" "$OUT"/sitemap-*.xml

# The CLI: $BROADSHEET_CLI if given, else built from this package (debug profile shares
# its build with `cargo test`; dependencies are optimised there, see Cargo.toml).
cli() {
  if [ -n "${BROADSHEET_CLI:-}" ]; then
    "$BROADSHEET_CLI" "$@"
  else
    # Trunk's own environment targets wasm32; the CLI is native.
    env -u CARGO_BUILD_TARGET \
      cargo run --quiet --offline --manifest-path "$ROOT/Cargo.toml" --bin broadsheet -- "$@"
  fi
}
# The index's cache (what was read from each post, so a rebuild reads only the posts that
# changed) stays out of the site: under target/, shared by rebuilds of `trunk serve`.
cli index "$OUT" --quiet --cache "$ROOT/target/broadsheet-index-cache"

# The feed and sitemap need absolute addresses: the site's public one when known.
PUBLIC="${TRUNK_PUBLIC_URL:-/}"
case "$PUBLIC" in
  http://* | https://*) LOCAL_BASE="$PUBLIC" ;;
  *) LOCAL_BASE="http://127.0.0.1:${PORT:-8080}/${PUBLIC#/}" ;;
esac
BASE_URL="${BROADSHEET_BASE_URL:-$LOCAL_BASE}"
rm -f "$TRUNK_STAGING_DIR"/sitemap-*.xml
cli feed "$OUT" --base-url "$BASE_URL" --out "$TRUNK_STAGING_DIR" --robots --quiet

# The embed script imports this build's app module (hashed names: Trunk's filehash).
GLUE="$(cd "$TRUNK_STAGING_DIR" && ls broadsheet-app-*.js 2>/dev/null | head -n 1 || true)"
if [ -n "$GLUE" ]; then
  WASM="${GLUE%.js}_bg.wasm"
  sed -e "s/__BROADSHEET_GLUE__/$GLUE/" -e "s/__BROADSHEET_WASM__/$WASM/" \
    "$ROOT/public/embed/broadsheet-embed.js" > "$TRUNK_STAGING_DIR/broadsheet-embed.js"
  cp "$ROOT/public/embed/embed.css" "$ROOT/public/embed/embed-page.css" "$ROOT/public/embed/embed.html" \
    "$ROOT/public/embed/embed-demo.html" "$TRUNK_STAGING_DIR/"
else
  echo "bundle-articles: no broadsheet-app-*.js in $TRUNK_STAGING_DIR: the embed files are left out" >&2
fi

# The post reader (reader/, src/app/reader.rs): Trunk builds it under a fixed name
# (its "worker" type); name it by its content so a cached old copy is never paired with
# a newer app, and tell the app's loader (a snippet of the glue) that name.
READER_WASM="$TRUNK_STAGING_DIR/broadsheet-reader_bg.wasm"
if [ -f "$READER_WASM" ]; then
  HASH="$(cat "$READER_WASM" "$TRUNK_STAGING_DIR/broadsheet-reader.js" | sha256sum | cut -c1-16)"
  READER="broadsheet-reader-$HASH"
  rm -f "$TRUNK_STAGING_DIR"/broadsheet-reader-*.js "$TRUNK_STAGING_DIR"/broadsheet-reader-*_bg.wasm
  mv "$READER_WASM" "$TRUNK_STAGING_DIR/${READER}_bg.wasm"
  mv "$TRUNK_STAGING_DIR/broadsheet-reader.js" "$TRUNK_STAGING_DIR/$READER.js"
  LOADERS="$(grep -rl "__BROADSHEET_READER__" "$TRUNK_STAGING_DIR/snippets" 2>/dev/null || true)"
  if [ -z "$LOADERS" ]; then
    echo "bundle-articles: no reader loader (src/app/reader.js) among the snippets" >&2
    exit 1
  fi
  sri() { node -e 'process.stdout.write("sha384-" + require("crypto").createHash("sha384").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$1"; }
  for f in $LOADERS; do
    before="$(sri "$f")"
    sed -i "s/__BROADSHEET_READER__/$READER/" "$f"
    # Trunk preloads the snippet with its Subresource Integrity hash: write the new one.
    [ -f "$TRUNK_STAGING_DIR/index.html" ] && sed -i "s#$before#$(sri "$f")#" "$TRUNK_STAGING_DIR/index.html"
  done
else
  echo "bundle-articles: no broadsheet-reader_bg.wasm in $TRUNK_STAGING_DIR: local files, ?src= posts and Markdown bodies will not load" >&2
fi

if [ -f "$TRUNK_STAGING_DIR/index.html" ]; then
  cp "$TRUNK_STAGING_DIR/index.html" "$TRUNK_STAGING_DIR/404.html"
  # Static-first: a page for every route, written from the app's own components
  # (`broadsheet pages`); the app takes over from it. BROADSHEET_PRERENDER=0 builds the
  # plain app instead (every address answered by index.html / 404.html, README).
  if [ "${BROADSHEET_PRERENDER:-1}" != 0 ]; then
    cli pages "$TRUNK_STAGING_DIR" --base-url "$BASE_URL" --quiet
  fi
fi
# GitHub Pages runs Jekyll unless told not to (it would hide files starting with _).
touch "$TRUNK_STAGING_DIR/.nojekyll"
echo "bundle-articles: $(grep -o '"slug"' "$OUT/catalog.json" | wc -l) articles from $SRC; feed and sitemap for $BASE_URL" >&2
