#!/usr/bin/env bash
# The phone joining at a till that serves its own join page (the offline case, docs/decisions.md):
# starts `phone serve` for the store, opens the till with its customer display (the join QR points
# at the page server), and a phone-sized Chromium window on a fresh join link. Join there: the till
# finds the new member at once (F2, or scan the phone's code with the camera / paste it).
# Everything started here is stopped when the till closes.
set -euo pipefail
db="${1:?usage: phone_demo.sh STORE}"
port="${PHONE_PORT:-8701}"
py=".venv/bin/python"
"$py" main.py phone serve --db "$db" --port "$port" &
server=$!
profile="$(mktemp -d)"
browser=""
cleanup() {
  [ -n "$browser" ] && kill "$browser" 2>/dev/null || true
  kill "$server" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$profile"
}
trap cleanup EXIT
for _ in $(seq 1 50); do
  "$py" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/phone/')" 2>/dev/null && break
  sleep 0.2
done
link="$("$py" main.py phone link --db "$db" --base "http://127.0.0.1:$port")"
echo "join link (one-time, 10 minutes): $link"
if command -v chromium >/dev/null 2>&1 && [ -n "${DISPLAY:-}" ]; then
  chromium --user-data-dir="$profile" --no-first-run --disable-sync --window-size=390,844 --app="$link" >/dev/null 2>&1 &
  browser=$!
fi
"$py" main.py till --db "$db" --customer-display
