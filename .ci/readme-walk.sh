#!/usr/bin/env bash
# Runs README.md's walk through the API: every ```sh block from "## A walk through the API" to
# the next "## " heading, in order, in one bash with `set -euo pipefail`, against a fresh
# server (its own SQLite file and mail folder, on a free port). A failing step fails the walk
# (the blocks use `curl --fail-with-body`); at the end the introductions the series publication
# queued are checked in the mail folder.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v jq >/dev/null || { echo "the README walk needs jq (apt-get install jq)" >&2; exit 1; }

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
  # The walk writes these two beside the README, as a reader running it would.
  rm -f attendees.csv seats.csv
}
trap cleanup EXIT

awk '
  /^## / { inside = ($0 == "## A walk through the API") ; next }
  inside && /^```sh$/ { block = 1; next }
  inside && block && /^```$/ { block = 0; print ""; next }
  inside && block { print }
' README.md >"$WORK/walk.sh"
[ -s "$WORK/walk.sh" ] || { echo "no shell blocks found in the README's walk" >&2; exit 1; }

cargo build -q
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export TABLEMATES_DATABASE_URL="sqlite://$WORK/walk.db?mode=rwc"
export TABLEMATES_LISTEN="127.0.0.1:$PORT"
export TABLEMATES_SMTP_URL="file://$WORK/outbox"
export TABLEMATES_OUTBOX_POLL_MS=50
export BASE="http://127.0.0.1:$PORT"
"${CARGO_TARGET_DIR:-target}/debug/tablemates" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do curl -fs "$BASE/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$BASE/readyz" >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }

echo "==> README walk ($(grep -c . "$WORK/walk.sh") lines) against $BASE"
if ! bash -euo pipefail -x "$WORK/walk.sh"; then
  echo "README walk failed; server log:" >&2
  tail -50 "$WORK/server.log" >&2
  exit 1
fi

# Twelve people seated at three lunches published together: twelve emails of three tables.
for _ in $(seq 100); do
  n=$(grep -l "^Subject: Your tables at 3 meetups" "$WORK"/outbox/*.eml 2>/dev/null | wc -l)
  [ "$n" -ge 12 ] && break
  sleep 0.1
done
if [ "$n" -ne 12 ]; then
  echo "expected 12 introductions listing 3 tables each in $WORK/outbox, found $n" >&2
  exit 1
fi
echo "==> README walk passed"
