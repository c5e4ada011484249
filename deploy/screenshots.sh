#!/usr/bin/env bash
# Renders every visitor screen in Thai and English at 1920x1080, 1366x768 and 1080x1920 with
# the real program and the scripted UI driver (headless), into OUTDIR (default: screenshots/).
#   deploy/screenshots.sh [OUTDIR]
# Needs a built feedback-kiosk (deploy/test.sh or cmake --build --preset default).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-screenshots}")
kiosk=${FEEDBACK_KIOSK:-build/default/kiosk/app/feedback-kiosk}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A realistic office: service points asked, the office's own name.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export FEEDBACK_OFFICE_NAME="องค์การบริหารส่วนตำบลดงมูลเหล็ก"
export FEEDBACK_OFFICE_NAME_EN="Dong Mun Lek Subdistrict Administrative Organization"
export FEEDBACK_SURVEY_SERVICE_POINTS="palad,finance,engineering,education"

for size in 1920x1080 1366x768 1080x1920; do
  for lang in th en; do
    pick=""; text="เจ้าหน้าที่ให้คำแนะนำดีมาก แต่รอคิวนานเกือบหนึ่งชั่วโมง ควรเพิ่มช่องบริการในช่วงเช้า"
    if [ "$lang" = en ]; then pick="tap lang.en"; text="Helpful staff, but the queue was almost an hour long."; fi
    p="$out/$lang-$size"
    cat > "$work/steps.txt" <<STEPS
$pick
screenshot $p-1-welcome.png
tap rating.2
tap reason.long_wait
tap reason.complicated_steps
tap service.finance
tap dimension.staff.3
tap dimension.process.2
screenshot $p-2-followup.png
tap comment.open
type $text
screenshot $p-3-comment.png
idle 60
screenshot $p-4-idle-warning.png
tap more-time
tap keyboard.done
tap followup.done
screenshot $p-5-thankyou.png
tap thanks.done
$pick
tap complaint.start
screenshot $p-6-complaint.png
STEPS
    "$kiosk" run --headless --size "$size" --script "$work/steps.txt" --db "$work/shots.db" 2>"$work/log" \
      || { cat "$work/log" >&2; exit 1; }
  done
done
echo "screenshots in $out"
