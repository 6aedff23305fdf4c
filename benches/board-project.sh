#!/usr/bin/env bash
# Makes a board-pack project in DIR: COUNT generated grants (gen_grants.py, default 30) in
# input/grants.csv (or grant-report sample's without it), a photo every case study shows (input/photos/p1.png), an SVG logo, an
# introduction and a report.toml with programme sections, contents, key facts and charts.
# Used by benches/same-output.sh and the HTML edition's checks (web/test/html.mjs).
#
# usage: benches/board-project.sh DIR [COUNT]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$1"
count="${2:-30}"
peers="$root/../shared/peers"
mkdir -p "$dir/templates" "$dir/input/photos"
# The peers' generator when it is beside the repository (benchmarks compare against it),
# else grant-report's own (GRANT_REPORT: the binary, default the release build).
if [ -f "$peers/gen_grants.py" ]; then
  python3 "$peers/gen_grants.py" "$count" >"$dir/input/grants.csv"
else
  "${GRANT_REPORT:-$root/target/release/grant-report}" sample --rows "$count" >"$dir/input/grants.csv"
fi
python3 - "$dir/input/photos/p1.png" <<'EOF'
import struct, sys, zlib
w, h = 32, 12
raw = b"".join(b"\0" + bytes(v for x in range(w) for v in (x * 4 % 256, y * 6 % 256, 120)) for y in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
EOF
cat >"$dir/templates/logo.svg" <<'EOF'
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">
<rect x="2" y="2" width="36" height="36" rx="6" fill="#1F5F6B"/><circle cx="70" cy="20" r="16" fill="#E0A030"/>
</svg>
EOF
cat >"$dir/templates/introduction.md" <<'EOF'
# About this report

This report covers {{count}} grants worth {{total}} made by {{organisation}}.
EOF
for lang in "" ".cy"; do
  sed 's/^\(# .*\)$/\1\n\n![Photo of the project](photos\/p1.png)/' \
    "$root/templates/case-study$lang.hbs" >"$dir/templates/case-study$lang.hbs"
done
cat >"$dir/templates/report.toml" <<'EOF'
title = "Board pack"
organisation = "Example Trust"
sections = "programme"
introduction = "introduction.md"
[cover]
logo = "logo.svg"
[contents]
enabled = true
[case_study]
key_facts = true
[summary]
charts = ["by_programme", "by_duration"]
EOF

