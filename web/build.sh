#!/usr/bin/env bash
# Builds the web page into web/dist: the grant-report library compiled to WebAssembly (the
# web/engine crate), its wasm-bindgen glue, and the page (index.html, style.css, app.js, its
# Welsh words in cymraeg.js, and worker.js and engine-calls.js, which run the engine off the
# page's thread).
# Installs what it needs: the wasm32-unknown-unknown target (rustup) and wasm-bindgen-cli at
# the version web/engine pins (crates.io). Open web/dist/index.html, or serve the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' web/engine/Cargo.toml)
rustup target add wasm32-unknown-unknown >/dev/null
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $version"; then
  cargo install wasm-bindgen-cli --version "=$version"
fi
cargo build -p grant-report-web --profile web --target wasm32-unknown-unknown
out=web/dist
rm -rf "$out.new"
mkdir -p "$out.new"
wasm-bindgen --target no-modules --no-typescript --out-dir "$out.new" --out-name engine \
  target/wasm32-unknown-unknown/web/grant_report_web.wasm
# The engine as base64 in a plain script: a page opened from a folder (file://) may run
# scripts but not fetch files.
{
  printf 'self.GRANT_REPORT_WASM = "'
  base64 -w0 "$out.new/engine_bg.wasm"
  printf '";\n'
} >"$out.new/engine-wasm.js"
rm "$out.new/engine_bg.wasm"
cp web/index.html web/style.css web/app.js web/cymraeg.js web/worker.js web/engine-calls.js "$out.new/"
cp fonts/OFL.txt "$out.new/fonts-OFL.txt"
# The whole page as one file to download, attach or put on a shared drive.
python3 web/single-file.py "$out.new"
rm -rf "$out"
mv "$out.new" "$out"
echo "built $out: $(du -sh "$out" | cut -f1) ($(cat "$out"/* | gzip -9 | wc -c) bytes gzipped)"
