#!/usr/bin/env bash
# Full screen on a bare X server (issue 16): under Xvfb with no window manager — as under
# xinit in a bare kiosk X session — `feedback-kiosk run` must cover the whole display, at its
# origin, for a 1920x1080 and a 1024x768 screen; and when something changes the window's size
# (xdotool, as a display change would), the kiosk puts it back over the display.
#   bare_x_fullscreen.sh FEEDBACK_KIOSK WORKDIR
# Needs Xvfb (xvfb), xdpyinfo and xwininfo (x11-utils), xdotool; exits 77 (skipped) without.
set -uo pipefail
kiosk=$1
work=$2
for tool in Xvfb xdpyinfo xwininfo xdotool; do
  command -v "$tool" >/dev/null || { echo "skipped: $tool is not installed"; exit 77; }
done
rm -rf "$work"; mkdir -p "$work"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap cleanup EXIT

fail=0
display=$(( 90 + RANDOM % 800 ))
for size in 1920x1080 1024x768; do
  display=$((display + 1))
  w=${size%x*}; h=${size#*x}
  Xvfb ":$display" -screen 0 "${size}x24" -nolisten tcp -noreset >"$work/xvfb-$size.log" 2>&1 &
  xvfb=$!; pids+=("$xvfb")
  for _ in $(seq 100); do xdpyinfo -display ":$display" >/dev/null 2>&1 && break; sleep 0.05; done
  xdpyinfo -display ":$display" >/dev/null 2>&1 || { echo "FAIL $size: Xvfb did not start"; fail=1; continue; }
  DISPLAY=":$display" SDL_VIDEODRIVER=x11 XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
    FEEDBACK_DISPLAY_PRESENTATION=x11 "$kiosk" run --db "$work/kiosk-$size.db" >"$work/kiosk-$size.log" 2>&1 &
  k=$!; pids+=("$k")
  # xdotool --sync waits for the window to be mapped (bounded by `timeout`).
  wid=$(DISPLAY=":$display" timeout 20 xdotool search --sync --onlyvisible --name '^feedback-kiosk$' | head -1)
  if [ -z "$wid" ]; then echo "FAIL $size: no kiosk window"; cat "$work/kiosk-$size.log"; fail=1; continue; fi
  geometry() {
    DISPLAY=":$display" xwininfo -id "$wid" | awk '/Absolute upper-left X/{x=$NF} /Absolute upper-left Y/{y=$NF}
      /Width:/{w=$NF} /Height:/{h=$NF} END{print x" "y" "w" "h}'
  }
  # The kiosk places its window over the display's bounds once it is mapped (its first events),
  # so the check is polled, bounded: under a sanitizer build that takes longer than one xwininfo.
  # The old binary never covered the display at all, so it fails this as before.
  for _ in $(seq 100); do got=$(geometry); [ "$got" = "0 0 $w $h" ] && break; sleep 0.05; done
  echo "$size: window at x y w h = $got"
  [ "$got" = "0 0 $w $h" ] || { echo "FAIL $size: the window does not cover the display"; fail=1; }
  # Shrink it from outside: the kiosk must cover the display again (polled, bounded).
  DISPLAY=":$display" xdotool windowmove "$wid" 100 80 windowsize "$wid" 640 480
  for _ in $(seq 100); do got=$(geometry); [ "$got" = "0 0 $w $h" ] && break; sleep 0.05; done
  echo "$size: after a move and resize from outside: $got"
  [ "$got" = "0 0 $w $h" ] || { echo "FAIL $size: the window stayed moved or resized"; fail=1; }
  kill "$k"; wait "$k" 2>/dev/null
  kill "$xvfb"; wait "$xvfb" 2>/dev/null
done
exit $fail
