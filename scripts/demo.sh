#!/usr/bin/env bash
# Set everything up, then run the kiosk demo: a replayed camera scene of real
# visitors and a simulated GY-MCU90640 on a pseudo-terminal, read by the real
# driver. Without a display it runs headless and says how to see the window.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/kiosk --demo "$@"
fi
echo "demo: no display here, so the kiosk runs headless for 30 s and prints its events."
echo "demo: to see the window, run on a desktop, or: xvfb-run -a .venv/bin/kiosk --demo"
exec .venv/bin/kiosk --demo --headless --seconds 30 "$@"
