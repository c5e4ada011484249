#!/usr/bin/env bash
# Renders every screen (visitor and staff) over the layout matrix of issue 16 — 1920x1080,
# 1366x768, 1280x1024, 1024x768 and 1080x1920; Thai and English; normal and large text; normal
# and high contrast — with the real program and the scripted UI driver (headless), into OUTDIR
# (default: screenshots/), named LANG[-large][-contrast]-SIZE-N-SCREEN.png. Every screen is
# also checked with the driver's check-layout step; a layout problem fails the run.
#   deploy/screenshots.sh [OUTDIR] [SIZE…]     (default: all five sizes)
# Needs a built feedback-kiosk (deploy/test.sh or cmake --build --preset default).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-screenshots}")
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1920x1080 1366x768 1280x1024 1024x768 1080x1920)
kiosk=${FEEDBACK_KIOSK:-build/default/kiosk/app/feedback-kiosk}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A realistic office: service points asked, the office's own name.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export FEEDBACK_OFFICE_NAME="องค์การบริหารส่วนตำบลดงมูลเหล็ก"
export FEEDBACK_OFFICE_NAME_EN="Dong Mun Lek Subdistrict Administrative Organization"
export FEEDBACK_SURVEY_SERVICE_POINTS="palad,finance,engineering,education"
export FEEDBACK_DEVICE_CODE="KT1"
export FEEDBACK_COMPLAINT_POLICY_URL="https://www.dongmunlek.go.th/privacy"
export FEEDBACK_COMPLAINT_TRACKING_URL="https://www.dongmunlek.go.th/complaints?ref={ref}"
# The thank-you screen's logo and channels QR code (an example emblem, not a real office's).
export FEEDBACK_OFFICE_LOGO="$PWD/deploy/screenshot-logo.png"
export FEEDBACK_OFFICE_CHANNELS_URL="https://lin.ee/dongmunlek"
echo 482915 | "$kiosk" set-pin --db "$work/shots.db" >/dev/null

for size in "${sizes[@]}"; do
  : > "$work/steps.txt"
  for lang in th en; do
   for large in "" -large; do
    for contrast in "" -contrast; do
    pick=""; text="เจ้าหน้าที่ให้คำแนะนำดีมาก แต่รอคิวนานเกือบหนึ่งชั่วโมง ควรเพิ่มช่องบริการในช่วงเช้า"
    if [ "$lang" = en ]; then pick="tap lang.en"; text="Helpful staff, but the queue was almost an hour long."; fi
    langpick=$pick  # the staff dashboard has the language toggles only
    [ -n "$large" ] && pick="$pick"$'\n'"tap a11y.large"
    [ -n "$contrast" ] && pick="$pick"$'\n'"tap a11y.contrast"
    p="$out/$lang$large$contrast-$size"
    cat >> "$work/steps.txt" <<STEPS
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
screenshot $p-6-complaint-category.png
tap complaint.category.unfair
tap complaint.when.today
tap complaint.service.finance
screenshot $p-7-complaint-when.png
tap complaint.next
tap complaint.chip.treated_differently
type $text
screenshot $p-8-complaint-description.png
tap complaint.next
screenshot $p-9-complaint-contact-choice.png
tap complaint.with-contact
screenshot $p-10-complaint-pdpa.png
tap pdpa.accept
type สมชาย ใจดี
tap complaint.field.phone
type 081234567
tap complaint.submit
screenshot $p-11-complaint-contact.png
type 8
tap complaint.submit
screenshot $p-12-complaint-done.png
tap complaint.finish
press admin.corner 3000
tap pin.4
tap pin.8
tap pin.2
screenshot $p-13-admin-pin.png
tap pin.9
tap pin.1
tap pin.5
tap pin.ok
$langpick
screenshot $p-14-admin.png
tap admin.close
STEPS
    done
   done
  done
  # One process per size: every combination, each screen shot and checked.
  sed -i 's|^\(screenshot \(.*\)/\([^/]*\)\.png\)$|\1\ncheck-layout \3|' "$work/steps.txt"
  "$kiosk" run --headless --size "$size" --script "$work/steps.txt" --db "$work/shots.db" 2>"$work/log" \
    || { grep -E '^layout: |FAILED' "$work/log" >&2 || cat "$work/log" >&2; exit 1; }
  echo "$size: $(grep -c '^script line.*screenshot.*: ok' "$work/log") screens, layout checked"
done
echo "screenshots in $out"
