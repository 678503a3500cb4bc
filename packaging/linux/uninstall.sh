#!/bin/sh
# Remove the kiosk installed by install.sh (this script sits in the bundle folder).
#   ./uninstall.sh                 remove the program; the operator's data stays
#   ./uninstall.sh --purge-data    first erase all stored data as the retention purge
#                                  does (rows securely deleted through the store), then
#                                  the data directory and template key; settings stay
# Run it as the user who installed (root for /opt). Under sudo the data erased is that
# of the user who ran sudo; KIOSK_HOME, when set, names the data folder as for the kiosk.
set -eu
prefix=$(cd "$(dirname "$0")" && pwd)
purge=false
quiet=false
while [ $# -gt 0 ]; do
  case "$1" in
    --purge-data) purge=true ;;
    --quiet) quiet=true ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "uninstall.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ ! -f "$prefix/install-manifest.txt" ] || [ ! -x "$prefix/kiosk" ]; then
  echo "uninstall.sh: $prefix is not a kiosk installation (no install-manifest.txt)" >&2
  exit 1
fi

# A running kiosk is stopped first: it holds its data (erase-all-data refuses while it
# runs), and its files are about to go. Under sudo the service is the desktop user's.
if command -v systemctl >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ]; then
    runuser -u "$SUDO_USER" -- env XDG_RUNTIME_DIR="/run/user/$(id -u "$SUDO_USER")" \
      systemctl --user stop thermal-kiosk.service 2>/dev/null || true
  elif [ "$(id -u)" -ne 0 ]; then
    systemctl --user stop thermal-kiosk.service 2>/dev/null || true
  fi
fi

if $purge; then
  if [ "$(id -u)" -eq 0 ] && [ -n "${SUDO_USER:-}" ]; then
    # The kiosk runs in the desktop user's session: its data is under that user's home.
    if [ -n "${KIOSK_HOME:-}" ]; then set -- "KIOSK_HOME=$KIOSK_HOME"; else set --; fi
    runuser -u "$SUDO_USER" -- env "$@" "$prefix/kiosk" erase-all-data --yes
  else
    "$prefix/kiosk" erase-all-data --yes
  fi
fi

while IFS= read -r path; do
  [ -n "$path" ] && rm -f "$path"
done < "$prefix/install-manifest.txt"
rm -rf "$prefix"
$quiet || echo "removed the kiosk from $prefix$($purge && echo ' and erased its data' || echo '; the operator data was kept')"
