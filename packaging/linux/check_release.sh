#!/usr/bin/env bash
# Install a release .tar.gz for a user whose home is a scratch folder, then uninstall it:
# once keeping the operator's data, once with --purge-data. No window is opened.
#   bash packaging/linux/check_release.sh RELEASE.tar.gz SCRATCH_DIR
set -euo pipefail
archive=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scratch=$2
fail() { echo "check_release: $*" >&2; exit 1; }

mkdir -p "$scratch/home" "$scratch/unpacked"
tar -C "$scratch/unpacked" -xzf "$archive"
release=$scratch/unpacked/$(basename "$archive" .tar.gz)
# A fresh user: the kiosk's folders and the desktop's come from HOME alone.
export HOME=$scratch/home
unset KIOSK_HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME DISPLAY
prefix=$HOME/.local/opt/thermal-kiosk
data=$HOME/.local/share/thermal-kiosk
key=$HOME/.config/thermal-kiosk/template.key
settings=$HOME/.config/thermal-kiosk/settings.toml
unit=$HOME/.config/systemd/user/thermal-kiosk.service

"$release/install.sh" --user > /dev/null
for path in "$prefix/kiosk" "$prefix/uninstall.sh" "$HOME/.local/bin/kiosk" \
    "$HOME/.local/share/applications/thermal-kiosk.desktop" \
    "$HOME/.config/autostart/thermal-kiosk.desktop" "$unit" "$prefix/thermal-kiosk-session"; do
  [ -e "$path" ] || fail "install did not create $path"
done
grep -qx "Exec=$prefix/thermal-kiosk-session" "$HOME/.config/autostart/thermal-kiosk.desktop" \
  || fail "autostart entry does not start the kiosk service through thermal-kiosk-session"
grep -qx "ExecStart=$prefix/kiosk" "$unit" || fail "the service does not run $prefix/kiosk"
for line in Type=notify Restart=always WatchdogSec=4 "RestrictAddressFamilies=AF_UNIX AF_NETLINK"; do
  grep -qx "$line" "$unit" || fail "the service lacks $line"
done
# systemd's own check of the installed unit, where systemd is installed (it needs a runtime
# folder for a user unit, not a running manager).
if command -v systemd-analyze >/dev/null 2>&1; then
  runtime_dir=$scratch/xdg-runtime
  mkdir -p "$runtime_dir" && chmod 700 "$runtime_dir"
  XDG_RUNTIME_DIR=$runtime_dir systemd-analyze verify --user "$unit" \
    || fail "systemd-analyze verify refused $unit"
else
  echo "check_release: systemd-analyze not installed; the unit was checked by grep only"
fi
"$HOME/.local/bin/kiosk" --version | grep -q '^kiosk ' || fail "installed kiosk --version"

# Operator data: a database (made by a purge run), a template key, a settings file.
"$HOME/.local/bin/kiosk" purge --now > /dev/null
head -c 32 /dev/urandom > "$key" && chmod 600 "$key"
echo '[screening]' > "$settings"
[ -f "$data/kiosk.sqlite3" ] || fail "no database at $data"

"$prefix/uninstall.sh" > /dev/null
[ ! -e "$prefix" ] || fail "uninstall left $prefix"
for path in "$HOME/.local/bin/kiosk" "$HOME/.local/share/applications/thermal-kiosk.desktop" \
    "$HOME/.config/autostart/thermal-kiosk.desktop" "$unit"; do
  [ ! -e "$path" ] && [ ! -L "$path" ] || fail "uninstall left $path"
done
[ -f "$data/kiosk.sqlite3" ] && [ -f "$key" ] || fail "plain uninstall removed operator data"

"$release/install.sh" --user --no-autostart > /dev/null
[ ! -e "$HOME/.config/autostart/thermal-kiosk.desktop" ] || fail "--no-autostart ignored"
"$prefix/uninstall.sh" --purge-data > "$scratch/erase.json"
grep -q '"audit_log": [1-9]' "$scratch/erase.json" || fail "no rows erased: $(cat "$scratch/erase.json")"
[ ! -e "$data" ] || fail "--purge-data left $data"
[ ! -e "$key" ] || fail "--purge-data left $key"
[ -f "$settings" ] || fail "--purge-data removed the operator's settings"
[ ! -e "$prefix" ] || fail "uninstall --purge-data left $prefix"
echo "check_release: install, uninstall and uninstall --purge-data behave"
