#!/usr/bin/env bash
# Set up everything the kiosk needs on a fresh Debian machine with Python 3.11:
# the Debian libraries Qt and OpenCV load (installed with apt when missing and
# we are root), a virtual environment in .venv, and the project in it.
#   scripts/setup.sh         runtime only
#   scripts/setup.sh --dev   runtime plus test, lint and packaging tools
# Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

extra=""
[ "${1:-}" = "--dev" ] && extra="[dev]"

# Qt's xcb and offscreen platforms, OpenCV's GUI-less import, Xvfb for a real
# window without a display, and a font with Simplified Chinese glyphs.
debs=(libgl1 libegl1 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
      libdbus-1-3 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-cursor0
      xvfb xauth fonts-wqy-microhei libpulse0)
# Development: strace, for the test that traces the kiosk's network system calls.
if [ -n "$extra" ]; then debs+=(strace); fi
# Development: Mosquitto, the real MQTT broker the telemetry tests run the kiosk against.
if [ -n "$extra" ]; then debs+=(mosquitto); fi
# Development: xdotool, to tap the frozen kiosk's fields in the release check.
if [ -n "$extra" ]; then debs+=(xdotool); fi
if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for pkg in "${debs[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
      echo "setup: installing Debian packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -q
      apt-get install -y -q --no-install-recommends "${missing[@]}"
    else
      echo "setup: missing Debian packages: ${missing[*]}" >&2
      echo "setup: run as root or: sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
fi

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      python=$candidate; break
    fi
  done
fi
if [ -z "$python" ]; then
  echo "setup: Python 3.11 is required (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi

[ -x .venv/bin/python ] || "$python" -m venv .venv

# Reinstall only when the declared dependencies change.
stamp=".venv/.installed${extra}"
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${extra}"
  echo "$want" > "$stamp"
fi
