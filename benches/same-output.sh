#!/usr/bin/env bash
# Makes the same reports with two grant-report binaries and compares them byte for byte (by
# sha256): the bundled sample; a 30-grant board pack with a logo, photos, an introduction,
# contents, key facts, charts and programme sections; its --split-by programme files; a Welsh
# edition and a bilingual one; a 360Giving JSON file. For changes that must not change what a
# user sees (refactors, speed work): build the old binary first, keep a copy, then run this.
#
# usage: benches/same-output.sh OLD_BINARY [NEW_BINARY]   (NEW defaults to target/release)
# Exit 0 when every file is identical; 1 with the files that differ.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
old="$(realpath "$1")"
new="$(realpath "${2:-$root/target/release/grant-report}")"
peers="$root/../shared/peers"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1767225600

# The project: 30 generated grants with a photo, a logo, an introduction, a full report.toml.
"$root/benches/board-project.sh" "$work/project" 30

# Each case: a name and the arguments of one run (from the project folder).
cases=(
  "sample|build --quiet -o OUT/sample.pdf input/grants.csv -t SAMPLE/templates/case-study.hbs -c SAMPLE/templates/report.toml"
  "board|build --quiet -o OUT/board.pdf"
  "split|build --quiet --split-by programme --out-dir OUT/split"
  "welsh|build --quiet --language cy -o OUT/welsh.pdf"
  "bilingual|build --quiet --language en-GB,cy --bilingual -o OUT/bilingual.pdf"
  "json|build --quiet -o OUT/json.pdf SAMPLE/tests/fixtures/fundingproviders-grants_fixed_2_grants.json -t SAMPLE/templates/case-study.hbs -c SAMPLE/templates/report.toml"
)
for side in old new; do
  bin="$old"
  [ "$side" = new ] && bin="$new"
  mkdir -p "$work/$side"
  for case in "${cases[@]}"; do
    args="${case#*|}"
    args="${args//OUT/$work/$side}"
    args="${args//SAMPLE/$root}"
    # shellcheck disable=SC2086
    (cd "$work/project" && "$bin" $args 2>>"$work/$side.log") \
      || { echo "same-output: $side failed: $args"; tail -5 "$work/$side.log"; exit 1; }
  done
  (cd "$work/$side" && find . -type f | sort | xargs sha256sum) >"$work/$side.sums"
done
count=$(wc -l <"$work/new.sums")
if diff "$work/old.sums" "$work/new.sums" >"$work/diff"; then
  echo "same-output: all $count files byte-identical"
else
  echo "same-output: files differ (old < > new):"
  cat "$work/diff"
  exit 1
fi
