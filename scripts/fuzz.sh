#!/usr/bin/env bash
# Fuzzes with cargo-fuzz (libFuzzer). Usage: bash scripts/fuzz.sh [seconds=600] [target…]
# Targets (fuzz/fuzz_targets/): parse_render (post bytes → article → sanitized body;
# seeded from the real corpora in ../shared), index_decode (search index, shards and
# facet columns from an untrusted site), catalog_read (catalog.json and site data from
# an untrusted site; seeded from catalogs the CLI writes). Default: all three, each for
# the given time. Every input has a time limit (-timeout=5: a hang is a finding).
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 enables them on the stable
# toolchain these machines have. Crashes land in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-600}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(parse_render index_decode catalog_read)
export PATH="$HOME/.cargo/bin:$PATH"
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
seed() { cp "$1" "fuzz/corpus/$2/seed-$(printf '%s' "$1" | md5sum | cut -c1-12)"; }
for target in "${TARGETS[@]}"; do
  mkdir -p "fuzz/corpus/$target"
  case "$target" in
    parse_render)
      if [ -d ../shared ]; then
        # Seeds: every real post, plus the XSS vector file.
        find ../shared/corpus ../shared/seed -type f \( -name '*.md' -o -name '*.txt' \) -print0 |
          while IFS= read -r -d '' f; do seed "$f" parse_render; done
        seed ../shared/xss/h5sc-vectors.txt parse_render
      fi ;;
    catalog_read)
      # Seeds: the demo's catalog and site data as the CLI writes them (small files).
      for f in public/articles/catalog.json dist/articles/catalog.json dist/articles/site.json; do
        [ -f "$f" ] && seed "$f" catalog_read
      done ;;
  esac
  (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$SECONDS_TO_RUN" -max_len=262144 -timeout=5 -rss_limit_mb=2048 -print_final_stats=1)
done
