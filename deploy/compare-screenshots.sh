#!/usr/bin/env bash
# Compares two sets of screenshots (deploy/screenshots.sh output) pixel by pixel, e.g. before and
# after a change to how frames are drawn:
#   deploy/compare-screenshots.sh OLD_DIR NEW_DIR
# Prints one line per file that differs or is missing and a summary; exits 1 if any differ.
# Needs build/default/tests/png_diff (PNG_DIFF= to override).
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1 new=$2
png_diff=${PNG_DIFF:-build/default/tests/png_diff}
same=0 differ=0
for a in "$old"/*.png; do
  name=$(basename "$a")
  if [ ! -f "$new/$name" ]; then echo "$name: missing in $new"; differ=$((differ + 1)); continue; fi
  if result=$("$png_diff" "$a" "$new/$name"); then same=$((same + 1)); else echo "$name: $result"; differ=$((differ + 1)); fi
done
echo "$same identical, $differ different"
[ "$differ" -eq 0 ]
