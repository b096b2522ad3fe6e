#!/usr/bin/env bash
# Registrations per second and p50/p99 latency of the register call under wrk (64 connections,
# 30 s by default) on SQLite and PostgreSQL, with GET /healthz measured in the same run as the
# ceiling. Release build. Prints a Markdown table for BENCHMARKS.md.
#
#   bash benches/registration.sh [seconds] [backends...]     e.g. bash benches/registration.sh 30 sqlite postgres
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-30}
shift || true
BACKENDS=${*:-sqlite postgres}
PG_SERVER=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet --bin tablemates
BIN=target/release/tablemates
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wrk output -> "req/s p50_ms p99_ms non2xx"
summarise() {
  awk '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { bad = $NF }
    END {
      conv = "ms"
      printf "%s %s %s %s\n", rps, p50, p99, (bad == "" ? 0 : bad)
    }' "$1"
}

to_ms() { # "1.23ms" / "850.00us" / "1.20s" -> milliseconds
  python3 -c 'import sys,re
v=sys.argv[1]; m=re.match(r"([\d.]+)(us|ms|s)",v); n=float(m.group(1)); u=m.group(2)
print(round(n/1000 if u=="us" else n*1000 if u=="s" else n, 2))' "$1"
}

echo "| backend | endpoint | requests/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---:|---:|---:|---:|"
for backend in $BACKENDS; do
  case $backend in
    sqlite) DB_URL="sqlite://$WORK/bench.db?mode=rwc" ;;
    postgres)
      NAME="tm_bench_$$"
      psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS $NAME" -qc "CREATE DATABASE $NAME" >/dev/null
      DB_URL="$PG_SERVER/$NAME" ;;
    *) echo "unknown backend $backend" >&2; exit 1 ;;
  esac
  PORT=$(free_port)
  TOKEN=$(TABLEMATES_DATABASE_URL="$DB_URL" $BIN organizer create --email bench@example.org --name Bench | tail -1 | awk '{print $NF}')
  # Thousands of registrations from one address: the abuse limits are off for the benchmark.
  # The outbox worker runs as in production, writing the confirmation emails as .eml files.
  TABLEMATES_RATE_LIMIT_ADDRESS=0 TABLEMATES_RATE_LIMIT_MAILBOX=0 \
  TABLEMATES_DATABASE_URL="$DB_URL" TABLEMATES_LISTEN="127.0.0.1:$PORT" RUST_LOG=warn \
    TABLEMATES_SMTP_URL="file://$WORK/mail" $BIN serve >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/conferences" -H "Authorization: Bearer $TOKEN" \
    -H 'content-type: application/json' \
    -d '{"slug":"bench","name":"Bench","time_zone":"UTC","starts_on":"2026-01-01","ends_on":"2026-01-02","registration_open":true}' >/dev/null
  wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency "http://127.0.0.1:$PORT/healthz" >"$WORK/health.txt"
  wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s benches/registration.lua \
    "http://127.0.0.1:$PORT/api/v1/public/conferences/bench/registrations" >"$WORK/register.txt"
  for kind in health register; do
    read -r rps p50 p99 bad < <(summarise "$WORK/$kind.txt")
    label=$([ $kind = health ] && echo "GET /healthz (ceiling)" || echo "POST …/registrations")
    echo "| $backend | $label | $rps | $(to_ms "$p50") | $(to_ms "$p99") | $bad |"
  done
  STORED=$(curl -sf "http://127.0.0.1:$PORT/api/v1/conferences/bench/attendees?per_page=1" -H "Authorization: Bearer $TOKEN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  REQUESTS=$(awk '/requests in/ {print $1}' "$WORK/register.txt")
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  SENT=$(find "$WORK/mail" -name '*.eml' 2>/dev/null | wc -l)
  echo "|  | registrations sent / attendees stored / emails written by then | $REQUESTS / $STORED / $SENT |  |  |  |"
  rm -rf "$WORK/mail"
  if [ "$backend" = postgres ]; then psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null; fi
done
