#!/usr/bin/env bash
# Fuzzes parse + render + sanitize with cargo-fuzz (libFuzzer), seeded from the real
# corpora in ../shared. Usage: bash scripts/fuzz.sh [seconds=600]
# cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 enables them on the stable
# toolchain these machines have. Crashes land in fuzz/artifacts/parse_render/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-600}"
export PATH="$HOME/.cargo/bin:$PATH"
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
CORPUS=fuzz/corpus/parse_render
mkdir -p "$CORPUS"
if [ -d ../shared ]; then
  # Seeds: every real post, plus the XSS vector file.
  find ../shared/corpus ../shared/seed -type f \( -name '*.md' -o -name '*.txt' \) -print0 |
    while IFS= read -r -d '' f; do cp "$f" "$CORPUS/seed-$(printf '%s' "$f" | md5sum | cut -c1-12)"; done
  cp ../shared/xss/h5sc-vectors.txt "$CORPUS/seed-h5sc"
fi
cd fuzz
RUSTC_BOOTSTRAP=1 cargo fuzz run parse_render corpus/parse_render -- \
  -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
