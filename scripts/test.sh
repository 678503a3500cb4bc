#!/usr/bin/env bash
# Set everything up, then run the whole check: lint, format, types, tests, and the
# release: bundle build, frozen self-test, Linux install/uninstall (about 2 minutes;
# SKIP_BUNDLE=1 skips it for a quick local run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
[ "${SKIP_BUNDLE:-}" = 1 ] || bash packaging/build.sh
