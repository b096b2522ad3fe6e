#!/usr/bin/env bash
# Reads the calendar invitations the service sends with independent implementations, both
# from PyPI, installed into a virtualenv under target/: Python's `icalendar` package and khal,
# a terminal calendar. The API tests in tests/api/calendar.rs hand every invitation they
# receive to .ci/ics_check.py and require that it reads the same SEQUENCE, TZID, local wall
# time and UTC instant as they do (the instant worked out from the file's own VTIMEZONE); and
# they import two invitations, on either side of a clock change, into khal and require the
# hours it lists in the conference's zone and in another.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="$PWD/target/ics-venv"
if ! [ -x "$VENV/bin/khal" ] || ! "$VENV/bin/python" -c 'import icalendar' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet 'icalendar==7.3.0' 'khal==0.14.1'
fi

TABLEMATES_TEST_ICS_CHECK="$VENV/bin/python" TABLEMATES_TEST_KHAL="$VENV/bin/khal" \
TABLEMATES_TEST_POSTGRES_URL="${TABLEMATES_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}" \
TABLEMATES_TEST_MYSQL_URL="${TABLEMATES_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}" \
  cargo test --test api calendar::
