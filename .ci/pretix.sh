#!/usr/bin/env bash
# The pretix import against a real pretix: installs pretix from PyPI into target/pretix-venv,
# runs it on loopback (Django's server, its background tasks run inline) on a database of its
# own on the local PostgreSQL (on SQLite, pretix answers "database is locked" when its webhook
# and the service's read of the order meet), creates an
# organizer and an API token
# (.ci/pretix_setup.py), and runs the API tests in tests/api/pretix_live.rs against it: they
# place and cancel orders through pretix's REST API and import them by pull and by pretix's
# own webhook. Without the variables set here those tests are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
PRETIX_VERSION=2026.8.0
VENV="$PWD/target/pretix-venv"
if ! [ -x "$VENV/bin/python" ] || ! "$VENV/bin/pip" show pretix 2>/dev/null | grep -qx "Version: $PRETIX_VERSION"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "pretix==$PRETIX_VERSION"
fi
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PG=postgres://postgres@127.0.0.1:5432
DB="pretix_ci_$$"
PRETIX_PID=""
cleanup() {
  [ -n "$PRETIX_PID" ] && kill "$PRETIX_PID" 2>/dev/null
  wait 2>/dev/null || true
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
# allow_http_to_private_networks: pretix refuses webhooks to loopback otherwise, and the
# service under test listens on loopback.
cat >"$WORK/pretix.cfg" <<CFG
[pretix]
instance_name=tablemates CI
url=http://127.0.0.1:$PORT
currency=EUR
datadir=$WORK/data
allow_http_to_private_networks=true

[database]
backend=postgresql
name=$DB
user=postgres
host=127.0.0.1
port=5432

[mail]
from=pretix@example.org
CFG
mkdir -p "$WORK/data"
psql "$PG/postgres" -qc "CREATE DATABASE $DB" >/dev/null
export PRETIX_CONFIG_FILE="$WORK/pretix.cfg"
(cd "$WORK" && "$VENV/bin/python" -m pretix migrate >"$WORK/migrate.log" 2>&1) || { tail -20 "$WORK/migrate.log"; exit 1; }
SETUP=$(cat .ci/pretix_setup.py)
TOKEN=$(cd "$WORK" && "$VENV/bin/python" -m pretix shell -c "$SETUP" | tail -1)
[ -n "$TOKEN" ] || { echo "pretix: no API token was made" >&2; exit 1; }
(cd "$WORK" && exec "$VENV/bin/python" -m pretix runserver --noreload "127.0.0.1:$PORT") >"$WORK/pretix.log" 2>&1 &
PRETIX_PID=$!
for _ in $(seq 60); do
  curl -fs -H "Authorization: Token $TOKEN" "http://127.0.0.1:$PORT/api/v1/organizers/" >/dev/null && break
  sleep 1
done
status=0
TABLEMATES_TEST_PRETIX_URL="http://127.0.0.1:$PORT" TABLEMATES_TEST_PRETIX_TOKEN="$TOKEN" \
TABLEMATES_TEST_PRETIX_ORGANIZER=tmtest \
  cargo test --test api pretix_live -- --nocapture || status=$?
[ "$status" = 0 ] || { echo "--- pretix's log ---"; tail -40 "$WORK/pretix.log"; }
exit "$status"
