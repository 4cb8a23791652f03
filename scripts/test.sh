#!/usr/bin/env bash
# Runs every test: native core + CLI tests, the wasm build, and browser end-to-end
# tests in headless Chromium. Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step says how long the one before it took, and the end the whole run.
last=$SECONDS
step() { echo "    ($((SECONDS - last)) s)"; last=$SECONDS; echo; echo "==> $*"; }
trap 'rc=$?; echo "    ($((SECONDS - last)) s)"; echo "[test.sh] $([ "$rc" -eq 0 ] && echo passed || echo FAILED) in $SECONDS s"' EXIT

echo "==> install what is missing (scripts/setup.sh)"
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step "native tests (cargo test)"
cargo test

step "lint (clippy, native and wasm32: the lints are [workspace.lints] in Cargo.toml)"
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --quiet -- -D warnings
# The post reader is its own wasm (reader/), loaded on need.
cargo clippy -p broadsheet-reader --target wasm32-unknown-unknown --quiet -- -D warnings

if [ -d tests/e2e ]; then
  step "build the sites the browser tests use"
  bash scripts/build-dists.sh
  step "browser end-to-end tests (Chromium)"
  node --test --test-concurrency=1 tests/e2e/
fi
