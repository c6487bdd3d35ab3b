#!/usr/bin/env bash
# Installs the Debian packages a purpose ("venv", "window", "test", "bench", "screenshots")
# needs, only where they are missing, and only where we can (root or passwordless sudo).
set -euo pipefail
purpose="${1:-venv}"
pkgs=()
need() { dpkg -s "$1" >/dev/null 2>&1 || pkgs+=("$1"); }
command -v dpkg >/dev/null 2>&1 || exit 0   # not Debian: the user provides these
case "$purpose" in
  venv) python3 -c 'import ensurepip, venv' 2>/dev/null || need python3-venv ;;
  window) for p in libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-noto-cjk fonts-dejavu-core; do need "$p"; done ;;
  test) for p in libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0 postgresql-15 poppler-utils fonts-noto-cjk fonts-dejavu-core chromium; do need "$p"; done ;;
  bench) for p in libzbar0; do need "$p"; done ;;
  screenshots) for p in xvfb xdotool x11-utils imagemagick; do need "$p"; done ;;
esac
[ ${#pkgs[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "Please install these Debian packages first: ${pkgs[*]}" >&2; exit 1
  fi
fi
echo "Installing Debian packages: ${pkgs[*]}" >&2
$sudo apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
