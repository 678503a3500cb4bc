#!/bin/sh
# Install the kiosk from this unpacked release.
#   sudo ./install.sh             /opt/thermal-kiosk, menu entry, autostart for every user
#   ./install.sh --user           ~/.local/opt/thermal-kiosk, entries for this user only
#   --prefix DIR                  put the bundle in DIR instead
#   --no-autostart                do not start the kiosk at log-in
# The kiosk runs as a systemd user service (thermal-kiosk.service: restarted after a crash
# or a hang), started at log-in through XDG autostart. Everything placed outside the bundle
# folder is listed in its install-manifest.txt, so uninstall.sh removes exactly that.
# Installing over an earlier version replaces it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
user_install=false
prefix=""
autostart=true
while [ $# -gt 0 ]; do
  case "$1" in
    --user) user_install=true ;;
    --prefix) prefix=$2; shift ;;
    --no-autostart) autostart=false ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if $user_install; then
  data_home=${XDG_DATA_HOME:-$HOME/.local/share}
  [ -n "$prefix" ] || prefix=$HOME/.local/opt/thermal-kiosk
  applications=$data_home/applications
  autostart_dir=${XDG_CONFIG_HOME:-$HOME/.config}/autostart
  units_dir=${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user
  bin_dir=$HOME/.local/bin
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root for a system install, or pass --user" >&2
    exit 1
  fi
  [ -n "$prefix" ] || prefix=/opt/thermal-kiosk
  applications=/usr/share/applications
  autostart_dir=/etc/xdg/autostart
  units_dir=/etc/systemd/user
  bin_dir=/usr/local/bin
fi

if [ -x "$prefix/uninstall.sh" ]; then
  "$prefix/uninstall.sh" --quiet  # an earlier version: its files go, the operator's data stays
fi
mkdir -p "$prefix" "$applications" "$bin_dir" "$units_dir"
cp -R "$here/kiosk/." "$prefix/"
cp "$here/uninstall.sh" "$prefix/uninstall.sh"
sed "s|@BIN@|$prefix/kiosk|" "$here/thermal-kiosk-session" > "$prefix/thermal-kiosk-session"
chmod 755 "$prefix/uninstall.sh" "$prefix/kiosk" "$prefix/thermal-kiosk-session"
manifest=$prefix/install-manifest.txt
: > "$manifest"

place_entry() {  # template, destination
  sed -e "s|@BIN@|$prefix/kiosk|" -e "s|@SESSION@|$prefix/thermal-kiosk-session|" \
    "$here/$1" > "$2"
  chmod 644 "$2"
  echo "$2" >> "$manifest"
}
place_entry thermal-kiosk.desktop "$applications/thermal-kiosk.desktop"
place_entry thermal-kiosk.service "$units_dir/thermal-kiosk.service"
if $autostart; then
  mkdir -p "$autostart_dir"
  place_entry thermal-kiosk-autostart.desktop "$autostart_dir/thermal-kiosk.desktop"
fi
# A running user manager learns of the new unit now; otherwise at the next log-in.
if $user_install && command -v systemctl >/dev/null 2>&1; then
  systemctl --user daemon-reload 2>/dev/null || true
fi
ln -sf "$prefix/kiosk" "$bin_dir/kiosk"
echo "$bin_dir/kiosk" >> "$manifest"

echo "installed $("$prefix/kiosk" --version) in $prefix"
echo "check it: $bin_dir/kiosk --self-test"
