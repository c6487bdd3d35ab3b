#!/usr/bin/env bash
# Screenshots of the till's states, taken from the real window under Xvfb, typed into like a
# keyboard-wedge scanner with xdotool. Usage: bash scripts/screenshots.sh DB  (DB is copied, not changed)
set -euo pipefail
DB="${1:?usage: scripts/screenshots.sh DB}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PY:-$ROOT/.venv/bin/python}"
OUT="$ROOT/docs/screenshots"
WORK="$(mktemp -d)"
DISPLAY_NO="${SCREENSHOT_DISPLAY:-:97}"
mkdir -p "$OUT"
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || { echo "missing $tool: bash scripts/debian-deps.sh screenshots (and window)" >&2; exit 1; }
done
cp "$DB" "$WORK/till.sqlite"
[ -d "$DB.keys" ] && cp -r "$DB.keys" "$WORK/till.sqlite.keys"
MEMBER="${SCREENSHOT_MEMBER:-M0000004}"
# Setup through the checkout service: the member's coffee card is full, so the reward shows.
(cd "$ROOT" && "$PY" - "$WORK/till.sqlite" "$MEMBER" <<'PYEOF'
import random, sys
from datetime import datetime, timezone
from db.store import SqlUnitOfWork, open_engine
from pos_loyalty.engine import BasketLine
from pos_loyalty.services.checkout import CheckoutCommand, checkout
from pos_loyalty.services.members import member_summary
engine = open_engine(sys.argv[1]); now = lambda: datetime.now(timezone.utc)
cards = member_summary(sys.argv[2], uow=SqlUnitOfWork(engine), clock=now).cards
need = 10 - (cards[0].count if cards else 2)
if need > 0:
    checkout(CheckoutCommand(basket=[BasketLine("COF-000", "Americano", 55, need, "coffee")], member_id=sys.argv[2]),
             uow=SqlUnitOfWork(engine), clock=now, rng=random.Random(1))
PYEOF
)

Xvfb "$DISPLAY_NO" -screen 0 1900x800x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
APP=""
cleanup() { [ -n "$APP" ] && kill "$APP" 2>/dev/null || true; kill "$XVFB" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export DISPLAY="$DISPLAY_NO"
sleep 1

start() {  # start LANG THEME: the till with its customer display
  (cd "$ROOT" && "$PY" main.py till --db "$WORK/till.sqlite" --lang "$1" --theme "$2" --customer-display) &
  APP=$!
  for _ in $(seq 240); do      # up to a minute on a busy machine
    WIN=$(xdotool search --name '^(Till|收銀機)$' 2>/dev/null | head -1 || true)
    [ -n "$WIN" ] && break
    sleep 0.25
  done
  [ -n "$WIN" ] || { echo "the till window did not appear" >&2; exit 1; }
  CD=""
  for _ in $(seq 40); do
    CD=$(xdotool search --name '^(Customer display|顧客顯示器)$' 2>/dev/null | head -1 || true)
    [ -n "$CD" ] && break
    sleep 0.25
  done
  sleep 3                      # the store opens in the background; scans typed before are kept anyway
  xdotool windowfocus --sync "$WIN" 2>/dev/null || xdotool windowfocus "$WIN"
}
stop() { kill "$APP" 2>/dev/null || true; wait "$APP" 2>/dev/null || true; APP=""; sleep 0.5; }
PAUSE="${SCREENSHOT_PAUSE:-1.5}"   # a busy machine needs longer for a preview to land
wedge() { xdotool type --delay 8 --window "$WIN" "$1"; xdotool key --window "$WIN" Return; sleep "$PAUSE"; }
key() { xdotool key --window "$WIN" "$1"; sleep "$PAUSE"; }
click() { xdotool mousemove --window "$WIN" "$1" "$2" click 1; sleep "$PAUSE"; }
shot() { import -window "$WIN" "$OUT/$1.png"; echo "docs/screenshots/$1.png"; }
shot_cd() { if [ -n "$CD" ]; then import -window "$CD" "$OUT/$1.png" && echo "docs/screenshots/$1.png"; else echo "no customer display for $1" >&2; fi; }

start en light
shot 01-idle
shot_cd 07-customer-display-idle
wedge "$MEMBER"
shot 02-member
wedge 4712345000008          # Americano: the full card makes one free
wedge 4712345000008
wedge 4712345000053          # another coffee
shot 03-basket-reward
shot_cd 08-customer-display-basket
wedge NOT-A-CODE
shot 04-unknown-code
key F9
shot 05-paying
key Return
sleep 1.2
shot 06-receipt
sleep 3                      # the stamps finish filling in
shot_cd 09-customer-display-stamps
stop

start en light
key F2                       # find a member: the look-up page
xdotool type --delay 8 --window "$WIN" "009"; key Return
shot 13-lookup
key Escape
key F4                       # enrol
shot 14-enrol
key Escape
key F6                       # refund: the recent receipts
sleep 0.5
shot 15-refund
stop

start zh_TW light
wedge M0000003
wedge 4712345000008
wedge 4712345000008
shot 10-zh_TW-basket
shot_cd 16-zh_TW-customer-display
wedge NOT-A-CODE
shot 17-zh_TW-unknown-code
stop

start en dark
wedge M0000003
wedge 4712345000008
wedge 4712345000015
shot 11-dark-basket
shot_cd 18-dark-customer-display
key F9
shot 12-dark-paying
stop

start en light               # the counter: hold and recall, a split payment, a refund asked first, enrolment
wedge M0000005
wedge 4712345000008
wedge 4712345000015
key F5                       # hold the basket
key F5                       # the held baskets
shot 19-held-baskets
key Return                   # take it up again
shot 20-member-identified
key F9
wedge 40                     # 40 in cash...
key F11                      # ...the rest on the card
shot 21-split-payment
key Escape
key Escape
key F6
click 600 140                # the newest receipt
click 867 675                # refund the whole receipt: asked first
shot 22-refund-confirm
key Escape
key Escape
key F4
xdotool type --delay 8 --window "$WIN" "Amy Lin"; key Tab
xdotool type --delay 8 --window "$WIN" "0911222999"; key Tab
xdotool type --delay 8 --window "$WIN" "1990-05-17"; key Tab
shot 23-enrol-typed
key Return
sleep 2
shot_cd 24-customer-display-new-card
shot 26-enrolled-ctrl-k
key ctrl+k                   # no printer set here: the card is saved as the CR80 PDF
sleep 2
shot 27-card-saved
card=$(ls "$WORK"/cards/card-*.pdf 2>/dev/null | head -1 || true)
if [ -n "$card" ] && command -v pdftoppm >/dev/null; then
  pdftoppm -png -r 200 -singlefile "$card" "$OUT/28-printed-card" && echo "docs/screenshots/28-printed-card.png"
fi
xdotool windowsize "$WIN" 1440 790; sleep "$PAUSE"   # the normal size of a shop's screen
wedge 4712345000008
wedge 4712345000015
shot 25-wide-basket
stop
