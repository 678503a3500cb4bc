#!/usr/bin/env bash
# The frozen kiosk's on-screen keyboard, tapped as an installer would on a first start:
#   bash packaging/check_keyboard.sh dist/kiosk/kiosk
# On a real X server (Xvfb, 1280x800) with an empty KIOSK_HOME the kiosk opens set-up;
# a tap on "Next" shows the PIN page and a tap on the PIN field must open Qt Virtual
# Keyboard as a second window of the kiosk. This catches a QML module the bundle left out
# (packaging/kiosk.spec keeps only what the keyboard imports), which the offscreen window
# check cannot: the keyboard only loads when a field is tapped.
set -euo pipefail
kiosk=$(realpath "$1")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export KIOSK_HOME="$scratch/home" SCRATCH="$scratch" KIOSK="$kiosk"
unset QT_QPA_PLATFORM

xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -u
  "$KIOSK" > "$SCRATCH/out.log" 2> "$SCRATCH/err.log" & pid=$!
  windows() { xdotool search --pid "$pid" --onlyvisible 2>/dev/null | wc -l; }
  for _ in $(seq 60); do [ "$(windows)" -ge 1 ] && break; sleep 0.5; done
  sleep 2                                   # past the tap guard and the first layout
  xdotool mousemove 958 757 click 1         # "Next", bottom right: the PIN page
  sleep 1.5
  xdotool mousemove 640 178 click 1         # the new-PIN field
  opened=0
  for _ in $(seq 20); do [ "$(windows)" -ge 2 ] && { opened=1; break; }; sleep 0.5; done
  kill "$pid"; wait "$pid" 2>/dev/null
  [ "$opened" = 1 ]
' || {
  tail -20 "$scratch/err.log" >&2
  echo "check_keyboard: tapping a field did not open the on-screen keyboard" >&2
  exit 1
}
if grep -E "is not installed|module .* not found|Cannot load library" "$scratch/err.log" >&2; then
  echo "check_keyboard: the keyboard is missing QML modules in the bundle" >&2
  exit 1
fi
echo "check_keyboard: a tapped field opens the on-screen keyboard"
