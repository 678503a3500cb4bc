#!/usr/bin/env bash
# Build the kiosk release and prove it works, in one command:
#   bash packaging/build.sh
# 1. the PyInstaller one-folder bundle dist/kiosk/ (packaging/kiosk.spec);
# 2. a check that no development tool or test code is inside it;
# 3. the frozen `kiosk --version` (must equal pyproject's), `kiosk --self-test`, and the
#    demo window for a few seconds on Qt's offscreen platform, and a field tapped on a
#    real X server to open the on-screen keyboard (packaging/check_keyboard.sh);
# 4. the Linux release dist/thermal-kiosk-VERSION-linux-ARCH.tar.gz (bundle, install and
#    uninstall scripts, desktop and autostart entries), installed into a scratch home and
#    uninstalled again with --purge-data;
# then prints the figures: build time, bundle and archive size, time to first frame.
# Nothing is downloaded beyond what scripts/setup.sh installs from the package index.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
export QT_QPA_PLATFORM=offscreen

version=$(.venv/bin/python -c \
  'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
release=thermal-kiosk-$version-linux-$(uname -m)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

SECONDS=0
.venv/bin/pyinstaller --noconfirm --log-level WARN \
  --workpath build/pyinstaller --distpath dist packaging/kiosk.spec
build_s=$SECONDS

# Development tools and test code must not ship (the spec excludes them; this proves it).
banned='^(pytest|_pytest|pytestqt|pytest_qt|hypothesis|mypy|mypyc|ruff|PyInstaller|pyinstaller|tests|benchmarks|setuptools|pip)([-_.]|$)'
leaks=$( { .venv/bin/pyi-archive_viewer -r -b dist/kiosk/kiosk | sed 's/^ //'
           ls dist/kiosk/_internal; } | grep -E "$banned" || true)
if [ -n "$leaks" ]; then
  echo "build: development files in the bundle:" >&2
  echo "$leaks" >&2
  exit 1
fi

frozen_version=$(dist/kiosk/kiosk --version)
if [ "$frozen_version" != "kiosk $version" ]; then
  echo "build: frozen kiosk says '$frozen_version', pyproject says $version" >&2
  exit 1
fi
# From another directory and with no display, as on a fresh kiosk.
(cd "$scratch" && env -u DISPLAY "$OLDPWD/dist/kiosk/kiosk" --self-test) \
  > "$scratch/self-test.json" 2> "$scratch/self-test.log" || {
  cat "$scratch/self-test.json" "$scratch/self-test.log" >&2
  echo "build: the frozen self-test failed" >&2
  exit 1
}

# The window too, offscreen for a few seconds: catches a Qt module or plugin left out.
KIOSK_HOME="$scratch/window-home" dist/kiosk/kiosk --demo --seconds 3 \
  > /dev/null 2> "$scratch/window.log" || {
  cat "$scratch/window.log" >&2
  echo "build: the frozen kiosk window did not run" >&2
  exit 1
}

# The on-screen keyboard, tapped on a real X server: its QML loads only then.
bash packaging/check_keyboard.sh dist/kiosk/kiosk

bash packaging/linux/make_release.sh dist/kiosk "dist/$release.tar.gz"
bash packaging/linux/check_release.sh "dist/$release.tar.gz" "$scratch/release-check"

first_frame=$(.venv/bin/python -c '
import json, sys
steps = {s["name"]: s for s in json.load(open(sys.argv[1]))["steps"]}
details = steps["demo_pipeline"]["details"]
print(details.get("first_frame_since_process_start_s", "n/a"),
      details["first_frame_after_start_s"])' "$scratch/self-test.json")
read -r since_process since_pipeline <<< "$first_frame"
echo "build: figures for $frozen_version"
printf '  %-40s %s s\n' "PyInstaller build" "$build_s"
printf '  %-40s %s MB\n' "bundle dist/kiosk/" "$(du -sm dist/kiosk | cut -f1)"
printf '  %-40s %s MB\n' "archive $release.tar.gz" "$(du -sm "dist/$release.tar.gz" | cut -f1)"
printf '  %-40s %s s\n' "process start → first processed frame" "$since_process"
printf '  %-40s %s s\n' "pipeline start → first processed frame" "$since_pipeline"
