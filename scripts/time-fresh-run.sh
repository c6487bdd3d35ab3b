#!/usr/bin/env bash
# Times a fresh clone's `make run` until the till's window is on screen (Xvfb, xdotool probe).
#   bash scripts/time-fresh-run.sh [REPO] [DISPLAY_NUMBER]
# Prints seconds to the venv, to the demo store and to the first window, then closes the till.
# Cold package caches: run with XDG_CACHE_HOME=/tmp/empty-cache UV_CACHE_DIR=/tmp/empty-cache/uv
# PIP_CACHE_DIR=/tmp/empty-cache/pip (nothing else on the machine is touched).
set -euo pipefail
repo="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
num="${2:-88}"
work="$(mktemp -d /tmp/fresh-run.XXXXXX)"
git clone -q "$repo" "$work/clone"
Xvfb ":$num" -screen 0 1280x800x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; [ -n "${make_pid:-}" ] && kill -- -$make_pid 2>/dev/null || true' EXIT
sleep 1
cd "$work/clone"
start=$(date +%s.%N)
set -m
( DISPLAY=":$num" make run >"$work/make.log" 2>&1 ) &
make_pid=$!
set +m
venv_at="" store_at=""
while true; do
  now=$(date +%s.%N)
  [ -z "$venv_at" ] && [ -f .venv/.installed ] && venv_at=$now
  [ -z "$store_at" ] && [ -f var/demo.sqlite ] && store_at=$now
  if DISPLAY=":$num" xdotool search --onlyvisible --name '^Till' >/dev/null 2>&1; then break; fi
  if ! kill -0 $make_pid 2>/dev/null; then echo "make run ended before a window appeared:" >&2; tail -20 "$work/make.log" >&2; exit 1; fi
  sleep 0.1
done
echo "venv ready:   $(echo "$venv_at - $start" | bc) s"
echo "demo store:   $(echo "$store_at - $start" | bc) s (since start)"
echo "till window:  $(echo "$now - $start" | bc) s"
grep -o '"seconds": [0-9.]*' "$work/make.log" | sed 's/^/init --demo /' || true
grep -o '"from_template": [a-z]*' "$work/make.log" || true
DISPLAY=":$num" xdotool search --name '^Till' windowclose 2>/dev/null || true
sleep 1
rm -rf "$work"
