#!/bin/sh
# Install the kiosk from this unpacked release.
#   sudo ./install.sh             /opt/thermal-kiosk, menu entry, autostart for every user
#   ./install.sh --user           ~/.local/opt/thermal-kiosk, entries for this user only
#   --prefix DIR                  put the bundle in DIR instead
#   --no-autostart                do not start the kiosk at log-in
# Everything placed outside the bundle folder is listed in its install-manifest.txt, so
# uninstall.sh removes exactly that. Installing over an earlier version replaces it.
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
  bin_dir=$HOME/.local/bin
else
  if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root for a system install, or pass --user" >&2
    exit 1
  fi
  [ -n "$prefix" ] || prefix=/opt/thermal-kiosk
  applications=/usr/share/applications
  autostart_dir=/etc/xdg/autostart
  bin_dir=/usr/local/bin
fi

if [ -x "$prefix/uninstall.sh" ]; then
  "$prefix/uninstall.sh" --quiet  # an earlier version: its files go, the operator's data stays
fi
mkdir -p "$prefix" "$applications" "$bin_dir"
cp -R "$here/kiosk/." "$prefix/"
cp "$here/uninstall.sh" "$prefix/uninstall.sh"
chmod 755 "$prefix/uninstall.sh" "$prefix/kiosk"
manifest=$prefix/install-manifest.txt
: > "$manifest"

place_entry() {  # template, destination
  sed "s|@BIN@|$prefix/kiosk|" "$here/$1" > "$2"
  chmod 644 "$2"
  echo "$2" >> "$manifest"
}
place_entry thermal-kiosk.desktop "$applications/thermal-kiosk.desktop"
if $autostart; then
  mkdir -p "$autostart_dir"
  place_entry thermal-kiosk-autostart.desktop "$autostart_dir/thermal-kiosk.desktop"
fi
ln -sf "$prefix/kiosk" "$bin_dir/kiosk"
echo "$bin_dir/kiosk" >> "$manifest"

echo "installed $("$prefix/kiosk" --version) in $prefix"
echo "check it: $bin_dir/kiosk --self-test"
