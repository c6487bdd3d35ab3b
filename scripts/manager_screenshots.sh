#!/usr/bin/env bash
# Screenshots of the manager's console under Xvfb (English and zh_TW): docs/screenshots/manager-*.png.
# Usage: bash scripts/manager_screenshots.sh DB   (DB is copied, not changed)
set -euo pipefail
DB="${1:?usage: scripts/manager_screenshots.sh DB}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
DISPLAY_NO="${SCREENSHOT_DISPLAY:-:84}"
command -v Xvfb >/dev/null || { echo "missing Xvfb: bash scripts/debian-deps.sh screenshots" >&2; exit 1; }
Xvfb "$DISPLAY_NO" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill "$XVFB" 2>/dev/null || true' EXIT
sleep 1
DISPLAY="$DISPLAY_NO" QT_QPA_PLATFORM=xcb "$PY" "$ROOT/scripts/manager_screenshots.py" "$DB"
