#!/usr/bin/env bash
# Runs the web app's browser end-to-end test (web/tests/, @playwright/test) in
# Debian's chromium against the velum binary given; the test starts
# `velum serve --port 0` on a fresh journal itself. Screenshots land in
# $VELUM_E2E_ARTIFACTS (default: web-e2e/ beside the binary's build tree).
# Usage: web_playwright_test.sh PATH/TO/velum
set -euo pipefail

velum="${1:?usage: web_playwright_test.sh PATH/TO/velum}"
velum="$(cd "$(dirname "$velum")" && pwd)/$(basename "$velum")"
web="$(cd "$(dirname "$0")/../../web" && pwd)"
chromium="${VELUM_CHROMIUM:-/usr/bin/chromium}"

[[ -x "$chromium" ]] || { echo "SKIP: $chromium is missing (scripts/install-deps installs it)"; exit 77; }
[[ -x "$web/node_modules/.bin/playwright" ]] || {
  echo "SKIP: web/node_modules is missing; run scripts/install-deps"; exit 77; }

# The build tree is three levels above the binary (build/<preset>/src/cli/velum).
build_dir="$(cd "$(dirname "$velum")/../.." && pwd)"
export VELUM_E2E_ARTIFACTS="${VELUM_E2E_ARTIFACTS:-$build_dir/web-e2e}"
export VELUM_BINARY="$velum" VELUM_CHROMIUM="$chromium"
mkdir -p "$VELUM_E2E_ARTIFACTS"
cd "$web"
start=$(date +%s)
node_modules/.bin/playwright test --config playwright.config.ts
echo "web e2e: $(( $(date +%s) - start )) s; screenshots in $VELUM_E2E_ARTIFACTS/screenshots"
