#!/usr/bin/env bash
# `make chain`: a central server and two tills on this machine (see README "A chain of tills").
# Till A is the demo store (its history goes to the chain under its new terminal id); till B is a
# fresh till of the same store that pulls every member. Each till window runs its sync worker.
set -euo pipefail
PY=${PY:-.venv/bin/python}
DIR=${CHAIN_DIR:-var/chain}
PORT=${CHAIN_PORT:-8700}
mkdir -p "$DIR"
[ -f "$DIR/central.sqlite" ] || $PY main.py central program publish resources/demo/program.json --db "$DIR/central.sqlite"
$PY main.py serve --db "$DIR/central.sqlite" --port "$PORT" > "$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null' EXIT
sleep 2
URL="http://127.0.0.1:$PORT"
for till in a b; do
  if [ ! -f "$DIR/till-$till.sqlite" ]; then
    if [ "$till" = a ]; then $PY main.py init --demo --db "$DIR/till-$till.sqlite"; else $PY main.py init --db "$DIR/till-$till.sqlite"; fi
    CODE=$($PY main.py central code --db "$DIR/central.sqlite" | tail -1)
    $PY main.py terminal register --server "$URL" --code "$CODE" --name "till $till" --db "$DIR/till-$till.sqlite"
  fi
done
$PY main.py sync --once --db "$DIR/till-a.sqlite" || true
$PY main.py sync --once --db "$DIR/till-b.sqlite" || true
$PY main.py till --db "$DIR/till-a.sqlite" &
TILL_A=$!
$PY main.py till --db "$DIR/till-b.sqlite"
kill $TILL_A 2>/dev/null || true
