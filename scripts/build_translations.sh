#!/usr/bin/env bash
# Refresh the Chinese catalogue from the texts the UI marks (ui/**/*.py) and build the .qm
# the kiosk loads. Translate new entries in ui/i18n/kiosk_zh_CN.ts (Qt Linguist or an
# editor), then run this again; tests/ui/test_translations.py fails while any is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
"$bin/pyside6-lupdate" -no-obsolete -locations none $(find ui -name '*.py' | sort) \
  -ts ui/i18n/kiosk_zh_CN.ts
"$bin/pyside6-lrelease" ui/i18n/kiosk_zh_CN.ts -qm ui/i18n/kiosk_zh_CN.qm
