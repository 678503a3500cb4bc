#!/usr/bin/env bash
# Pack a kiosk bundle folder with the Linux install files into a release .tar.gz:
#   bash packaging/linux/make_release.sh BUNDLE_DIR OUTPUT.tar.gz
# The archive holds one folder named like the archive: kiosk/ (the bundle), install.sh,
# uninstall.sh, the desktop and autostart entries, the systemd user unit and its session
# starter, LICENSE, NOTICE and privacy/ (the
# retention policy and privacy impact assessment template).
set -euo pipefail
bundle=$(cd "$1" && pwd)
output=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
name=$(basename "$output" .tar.gz)
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
mkdir "$staging/$name"
cp -R "$bundle" "$staging/$name/kiosk"
cp "$here/install.sh" "$here/uninstall.sh" "$here"/*.desktop "$here/thermal-kiosk.service" \
  "$here/thermal-kiosk-session" \
  "$repo/LICENSE" "$repo/NOTICE" "$staging/$name/"
# The retention policy and impact assessment for the default settings; the operator
# regenerates them after set-up with `kiosk privacy-documents --out DIR`.
KIOSK_HOME="$staging/home" "$bundle/kiosk" privacy-documents --out "$staging/$name/privacy" >/dev/null
rm -rf "$staging/home"
tar -C "$staging" -czf "$output" "$name"
