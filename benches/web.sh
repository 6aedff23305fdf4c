#!/usr/bin/env bash
# The web page's budgets (download size, speed against the one-thread command line, memory):
# builds the page and the command line, then runs web/test/budgets.mjs in Chromium, which
# prints the figures. Arguments go to it, e.g. benches/web.sh --sizes 1000,10000 --reps 3.
set -euo pipefail
cd "$(dirname "$0")/.."
web/build.sh
cargo build --release --quiet
cd web/test
npm ci --no-audit --no-fund --silent
node budgets.mjs "$@"
