#!/usr/bin/env bash
# Builds the demo site with its bundled articles (public/articles) and serves it on
# http://127.0.0.1:8080/ with live rebuilds. Installs what is missing first.
#   PORT=9000 bash scripts/serve.sh        # another port
#   BROADSHEET_ARTICLES=~/blog/source/_posts bash scripts/serve.sh   # your own posts
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# No autoreload: Trunk's reload script is inline, which index.html's CSP refuses.
exec trunk serve --release --skip-version-check --no-autoreload --port "${PORT:-8080}"
