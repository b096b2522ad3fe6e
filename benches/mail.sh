#!/usr/bin/env bash
# Mail throughput: N queued emails claimed from the outbox, rendered and sent over SMTP into
# Postfix's smtp-sink, on SQLite and PostgreSQL, beside Postfix's smtp-source into the same
# sink in the same run (the ceiling, over kept-open connections like the worker's). Release
# build; needs `apt-get install -y postfix`.
#
#   bash benches/mail.sh [count] [kind] [backends...]   e.g. bash benches/mail.sh 10000 table_introduction sqlite postgres
# Environment: CONNECTIONS and BATCH (the worker's defaults), SINK_PORT (2526), BENCH_POSTGRES_URL,
# PAYLOAD (template variables; benches/table_introduction.json for table introductions),
# SIZE (bytes per smtp-source message: the size of the kind's email, so the ceiling is like for like).
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-10000}
KIND=${2:-registration_confirmation}
shift 2 || shift $# || true
BACKENDS=${*:-sqlite postgres}
WORKER=()
[ -n "${CONNECTIONS:-}" ] && WORKER+=(--connections "$CONNECTIONS")
[ -n "${BATCH:-}" ] && WORKER+=(--batch "$BATCH")
case $KIND in
  table_introduction) PAYLOAD=${PAYLOAD:-benches/table_introduction.json}; SIZE=${SIZE:-7700} ;;
  *) SIZE=${SIZE:-3300} ;;
esac
[ -n "${PAYLOAD:-}" ] && WORKER+=(--payload-file "$PAYLOAD")
PORT=${SINK_PORT:-2526}
PG_SERVER=${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
for tool in smtp-sink smtp-source; do
  command -v "$tool" >/dev/null || { echo "$tool is needed: apt-get install -y postfix" >&2; exit 1; }
done
cargo build --release --quiet -p tablemates-bench --bin tablemates-bench
BIN=${CARGO_TARGET_DIR:-target}/release/tablemates-bench
SINK_PID=""
cleanup() { [ -n "$SINK_PID" ] && kill "$SINK_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

# Accept and discard (no -d): the sink must not be what is measured.
smtp-sink -u nobody "127.0.0.1:$PORT" 1000 &
SINK_PID=$!
sleep 0.5

echo "== load before: $(uptime)"
# The ceiling keeps its connections open (-d), as the worker does; the second figure opens a
# connection per message, smtp-source's default, for comparison with older records.
ceiling() {
  echo "== ceiling: smtp-source $* -m $COUNT -l $SIZE 127.0.0.1:$PORT"
  start=$(date +%s.%N)
  smtp-source "$@" -m "$COUNT" -l "$SIZE" "127.0.0.1:$PORT"
  end=$(date +%s.%N)
  awk -v n="$COUNT" -v s="$start" -v e="$end" -v o="$*" 'BEGIN { printf "smtp-source %s: %d messages in %.2f s: %.0f messages/s\n", o, n, e - s, n / (e - s) }'
}
ceiling -d -s 16
ceiling -s 16

for backend in $BACKENDS; do
  echo "== tablemates-bench mail on $backend"
  case $backend in
    sqlite)
      "$BIN" mail --smtp-url "smtp://127.0.0.1:$PORT" --count "$COUNT" --kind "$KIND" "${WORKER[@]}"
      ;;
    postgres)
      db="tm_bench_mail_$$"
      psql -q "$PG_SERVER/postgres" -c "CREATE DATABASE $db"
      "$BIN" mail --database-url "$PG_SERVER/$db" --smtp-url "smtp://127.0.0.1:$PORT" \
        --count "$COUNT" --kind "$KIND" "${WORKER[@]}" || status=$?
      psql -q "$PG_SERVER/postgres" -c "DROP DATABASE $db WITH (FORCE)"
      [ "${status:-0}" -eq 0 ] || exit "$status"
      ;;
    *) echo "unknown backend $backend (sqlite, postgres)" >&2; exit 1 ;;
  esac
done
echo "== load after: $(uptime)"
