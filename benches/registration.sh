#!/usr/bin/env bash
# Registrations per second and p50/p99 latency of the register call under wrk (64 connections,
# 30 s by default) on SQLite and PostgreSQL, with GET /healthz measured in the same run as the
# ceiling. Release build. Prints a Markdown table for BENCHMARKS.md.
#
#   bash benches/registration.sh [seconds] [backends...]     e.g. bash benches/registration.sh 30 sqlite postgres
#   TABLEMATES_BIN=/path/to/tablemates bash benches/registration.sh 15 postgres
#   BENCH_POSTGRES_PARAMS='statement-cache-capacity=1000' bash benches/registration.sh 15 postgres
#   BENCH_PG_STATEMENTS=1 bash benches/registration.sh 15 postgres
# (BENCH_POSTGRES_PARAMS is added to the service's PostgreSQL URL as its query string, to
# measure a connection setting the way an operator would set it. BENCH_PG_STATEMENTS=1 runs
# PostgreSQL in a private cluster of its own, started with pg_stat_statements loaded, and
# prints after the registration run what each statement cost per registration.)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_RUN=${1:-30}
shift || true
BACKENDS=${*:-sqlite postgres}
PG_SERVER=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
# TABLEMATES_BIN measures another build (say, the commit before) instead of building this one.
if [ -n "${TABLEMATES_BIN:-}" ]; then
  BIN=$TABLEMATES_BIN
else
  cargo build --release --quiet --bin tablemates
  BIN=target/release/tablemates
fi
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

# A private cluster with pg_stat_statements, which a shared server does not load: the same
# PostgreSQL binaries, default settings, owned by the postgres user when run as root (initdb
# refuses root).
PG_BIN=${BENCH_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
pg_private() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_BIN/$1" "${@:2}"; else "$PG_BIN/$1" "${@:2}"; fi
}
if [ -n "${BENCH_PG_STATEMENTS:-}" ]; then
  PG_DIR=$(mktemp -d)
  [ "$(id -u)" = 0 ] && chown postgres: "$PG_DIR"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  pg_private initdb -D "$PG_DIR/data" -A trust -U postgres --no-sync >/dev/null
  pg_private pg_ctl -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-p $PG_PORT -c listen_addresses=127.0.0.1 \
    -c unix_socket_directories=$PG_DIR -c shared_preload_libraries=pg_stat_statements \
    -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on" start >/dev/null
  PG_SERVER="postgres://postgres@127.0.0.1:$PG_PORT"
  stop_private() { pg_private pg_ctl -D "$PG_DIR/data" -m fast -w stop >/dev/null; rm -rf "$PG_DIR"; }
  trap 'cleanup; stop_private' EXIT
fi

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

# CPU time (clock ticks, 1/100 s) of the processes named $1, or of pid $2 when given.
cpu_ticks() {
  local pids
  if [ -n "${2:-}" ]; then pids=$2; else pids=$(pgrep -x "$1" || true); fi
  for p in $pids; do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}'
}

# One line of counters: CPU ticks of the service, of PostgreSQL's processes and of wrk's run so
# far; then, on PostgreSQL, the bench database's commits and the cluster's WAL records, syncs
# and bytes (pg_stat_database, pg_stat_wal: nothing else writes on a quiet machine).
snapshot() {
  local pg="0 0 0 0"
  case $1 in postgres*)
    pg=$(psql "$1" -Atq -F' ' -c "SELECT d.xact_commit, w.wal_records, w.wal_sync, w.wal_bytes
      FROM pg_stat_database d, pg_stat_wal w WHERE d.datname = current_database()") ;;
  esac
  echo "$(cpu_ticks tablemates "$SERVER_PID") $(cpu_ticks postgres) $pg"
}

# Where a registration's time goes, from the two snapshots around the registration run:
# CPU per registration in the service and in PostgreSQL, and on PostgreSQL the commits
# (batches), the registrations per commit, and WAL syncs and bytes.
where_the_time_went() {
  python3 - "$1" "$WORK/before.txt" "$WORK/after.txt" <<'PY'
import sys
n = int(sys.argv[1])
before, after = (list(map(float, open(p).read().split())) for p in sys.argv[2:4])
d = [a - b for a, b in zip(after, before)]
service_ms, pg_ms = d[0] * 10 / n, d[1] * 10 / n
line = f"CPU per registration: service {service_ms:.3f} ms"
if d[2] > 0:
    line += f", PostgreSQL {pg_ms:.3f} ms"
    commits, records, syncs, wal_bytes = d[2:6]
    line += (f"; {commits:.0f} commits, {n / commits:.1f} registrations per commit, "
             f"{records / n:.1f} WAL records and {wal_bytes / n:.0f} WAL bytes per registration, "
             f"{syncs / commits:.2f} WAL syncs per commit")
print(f"|  | {line} |  |  |  |  |")
PY
}

# What each statement of the bench database cost in PostgreSQL from the registration run on:
# calls and rows per 1,000 registrations, execution time per registration and its share. The
# mailer's statements are in it too (it sends while registrations come in).
statements() {
  echo
  echo "| statement (pg_stat_statements, first 90 characters) | calls per 1,000 registrations | rows per call | exec µs per registration | share of exec time |"
  echo "|---|---:|---:|---:|---:|"
  psql "$1" -qAt -F'|' -v n="$2" <<'SQL' | sed 's/^/| /; s/$/ |/'
SELECT regexp_replace(left(regexp_replace(query, '\s+', ' ', 'g'), 90), '\|', '/', 'g'),
       round(calls * 1000.0 / :n, 1),
       round(rows::numeric / greatest(calls, 1), 1),
       round((total_exec_time * 1000 / :n)::numeric, 1),
       round((100 * total_exec_time / sum(total_exec_time) OVER ())::numeric, 1) || ' %'
FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
WHERE d.datname = current_database()
ORDER BY total_exec_time DESC LIMIT 15;
SQL
  echo
  psql "$1" -qAt -v n="$2" <<'SQL'
SELECT 'Statements per registration: ' || round(sum(calls) FILTER (WHERE toplevel) / :n, 2)
       || ' sent by the service (the mailer''s included), '
       || round(coalesce(sum(calls) FILTER (WHERE NOT toplevel), 0) / :n, 2)
       || ' run inside them (foreign key checks); execution '
       || round((sum(total_exec_time) FILTER (WHERE toplevel) * 1000 / :n)::numeric, 1)
       || ' µs per registration, planning '
       || round((sum(total_plan_time) * 1000 / :n)::numeric, 1) || ' µs.'
FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
WHERE d.datname = current_database();
SQL
}

echo "| backend | endpoint | requests/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---:|---:|---:|---:|"
for backend in $BACKENDS; do
  case $backend in
    sqlite) DB_URL="sqlite://$WORK/bench.db?mode=rwc"; STATS_URL=$DB_URL ;;
    postgres)
      NAME="tm_bench_$$"
      psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS $NAME" -qc "CREATE DATABASE $NAME" >/dev/null
      STATS_URL="$PG_SERVER/$NAME"
      DB_URL="$STATS_URL${BENCH_POSTGRES_PARAMS:+?$BENCH_POSTGRES_PARAMS}" ;;
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
  snapshot "$STATS_URL" >"$WORK/before.txt"
  if [ -n "${BENCH_PG_STATEMENTS:-}" ] && [ "$backend" = postgres ]; then
    psql "$STATS_URL" -qAtc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" \
      -c "SELECT pg_stat_statements_reset()" >/dev/null
  fi
  wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s benches/registration.lua \
    "http://127.0.0.1:$PORT/api/v1/public/conferences/bench/registrations" >"$WORK/register.txt"
  snapshot "$STATS_URL" >"$WORK/after.txt"
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
  where_the_time_went "$REQUESTS"
  if [ -n "${BENCH_PG_STATEMENTS:-}" ] && [ "$backend" = postgres ]; then
    statements "$STATS_URL" "$REQUESTS"
  fi
  rm -rf "$WORK/mail"
  if [ "$backend" = postgres ]; then psql "$PG_SERVER/postgres" -qc "DROP DATABASE IF EXISTS $NAME WITH (FORCE)" >/dev/null; fi
done
