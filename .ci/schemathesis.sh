#!/usr/bin/env bash
# Fuzzes the running service against openapi.yaml with Schemathesis 4.
#
# Starts `tablemates serve` on a fresh temporary SQLite database and a free port, creates an
# organizer (CLI), a conference with open registration and two attendees (HTTP), then runs
# Schemathesis over every operation of openapi.yaml with a fixed seed and a bounded number of
# examples per operation. Fails (non-zero exit) when any check fails; always stops the server.
#
# What is covered:
#   - every operation, in positive and negative generation modes (examples, coverage and
#     fuzzing phases); `{slug}` is the prepared conference and `{id}` a prepared attendee, so
#     requests reach the handlers instead of stopping at 404;
#   - organizer operations with the organizer's token, /api/v1/me* with a real attendee token
#     (read from the registration email the mailer sent: the outbox keeps no link), and
#     GET /manage with the same token in its query, the /manage POSTs with tokens of their own
#     in their form body (see below); POST /manage/delete, DELETE /api/v1/me and then
#     DELETE /api/v1/conferences/{slug} run last, each in its own pass, since they erase
#     attendees and the prepared conference;
#   - checks: every Schemathesis check except the two below: no 5xx; every status code,
#     content type, header and body documented by the schema; 405 + Allow for undocumented
#     methods; 401 when credentials are left out; no use of a deleted resource; and
#     positive_data_acceptance: a request openapi.yaml calls valid is accepted (2xx/3xx, or
#     401/403/404/409/429, which are about credentials, existence and conflicts, not the
#     body). openapi.yaml states every single-field rule the server checks (lengths, patterns
#     for one-line text and per-network handles, formats, whole numbers in range, the tz
#     database's names). Allowed besides, per operation and with the reason next to it below:
#     410 for one-time links that are unknown or used, and 422 where the rule spans two
#     fields (min <= max, ends after starts, tables xor table_count, meetup_ids xor series, one
#     handle per network, a form row's handle for its network) or stored data (a plan or
#     co-organizer the conference lacks, a CSV file checked as a whole, a pretix token on first
#     connecting, a handle to verify that the attendee lacks or whose profile does not point
#     back). Every such 422 names
#     each field of the rule and the operation's description states it.
# Not enforced: negative_data_rejection (run it with `ST_EXCLUDE_CHECKS= .ci/schemathesis.sh`;
# it reports the known findings), and ensure_resource_availability: the fixed `{slug}` and
# `{id}` above also replace what the stateful phase's inferred links carry, so a link from
# "create a conference" to, say, GET …/jobs/{id} arrives with the prepared attendee's id and a
# 404 that says nothing about the new conference (it failed that way on 2026-11-26, depending
# on the links drawn).
# Where the schema is stricter than the server: the server also takes other spellings it
# normalises (" pending", "GitHub", "twitter", handle links, null for "unchanged"), which the
# schema leaves out rather than describe loosely. Attendee operations see one attendee only
# (no object-level authorization across attendees). The /manage POSTs carry the personal-link
# token in their form body: the config pins `token` there to real links of registrations made
# for them, and POST /organizer/sign-in/token's to the organizer's API token. POST
# /api/v1/email-change gets the token of an email change prepared for it (the first request
# that uses it succeeds, later ones get the documented 401); PUT /api/v1/me/meetups/{id} and
# POST /manage/meetups get a prepared meetup's id; the erasing passes get attendees
# registered after the main pass, whose links nothing has replaced.
# Every attendee operation reaches its handler in a whole run (2026-12-05, seed 20250601: each
# of /api/v1/me*, GET /manage*, and the /manage POSTs had 2xx/3xx answers besides the 401s of
# the checks that leave credentials out, or of a link a later email replaced): the links the
# run uses belong to a conference no request names (see below).
# negative_data_rejection, run on 2026-12-05 with 25 examples per operation, reports only
# leniencies, none a request doing what it should not: console forms without a session
# answer the documented 303 to the sign-in page before their `csrf` field is looked at; an
# unknown value of a display-only query parameter (`done`, `show`, `status`, `v`) is ignored;
# a C1 control character in a conference description is dropped, not refused; null for
# `expires_in_days` means the default; a one-time link form without its token answers 410
# like an unknown link; the registration form answers a bad interest with the form again
# (200, the error shown), not 422.
#
# Arguments are passed on to `schemathesis run` (e.g. `--report har`, `--mode positive`).
# Environment: TABLEMATES_BIN (default target/debug/tablemates, else target/release/tablemates),
# ST_MAX_EXAMPLES (default 100), ST_SEED (default 20250601), ST_WORKERS (default 2),
# ST_EXCLUDE_CHECKS (default negative_data_rejection,ensure_resource_availability; empty runs
# all), TABLEMATES_MAX_BODY_BYTES (default 4 MiB, see below).
set -euo pipefail

cd "$(dirname "$0")/.."
extra_args=("$@")

max_examples="${ST_MAX_EXAMPLES:-100}"
seed="${ST_SEED:-20250601}"
workers="${ST_WORKERS:-2}"

if ! command -v schemathesis >/dev/null 2>&1; then
  python3 -m pip install --quiet 'schemathesis>=4,<5'
fi
schemathesis --version

bin="${TABLEMATES_BIN:-}"
if [[ -z "$bin" ]]; then
  if [[ -x target/debug/tablemates ]]; then
    bin=target/debug/tablemates
  elif [[ -x target/release/tablemates ]]; then
    bin=target/release/tablemates
  else
    cargo build
    bin=target/debug/tablemates
  fi
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  local rc=$?
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -f "$work/server.log" ]]; then
    echo "--- last server log lines ---" >&2
    tail -n 40 "$work/server.log" >&2 || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT INT TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base="http://127.0.0.1:$port"
export TABLEMATES_DATABASE_URL="sqlite://$work/schemathesis.db?mode=rwc"
export TABLEMATES_LISTEN="127.0.0.1:$port"
export TABLEMATES_HTTP_WORKERS="${TABLEMATES_HTTP_WORKERS:-2}"
export RUST_LOG="${RUST_LOG:-warn}"
# Schemathesis sends thousands of requests from one address: the abuse limits stay on (their
# 429 is documented) but out of its reach, so the forms' own answers are what gets fuzzed.
export TABLEMATES_RATE_LIMIT_ADDRESS="${TABLEMATES_RATE_LIMIT_ADDRESS:-1000000}"
export TABLEMATES_RATE_LIMIT_MAILBOX="${TABLEMATES_RATE_LIMIT_MAILBOX:-1000000}"
# The body size limit is the deployment's (64 KiB by default) and JSON Schema cannot state
# bytes: a schema-valid list of 1,000 plan adjustments is larger. Raised out of reach, like the
# abuse limits, so what is fuzzed is the contract; its 413 is tested in the API suite.
export TABLEMATES_MAX_BODY_BYTES="${TABLEMATES_MAX_BODY_BYTES:-4194304}"
# The prepared conference ended months ago: retention would erase its attendees mid-run.
export TABLEMATES_ERASE_AFTER_DAYS=0
# Emails are written here, where the attendee's personal link is read from the sent message
# (the outbox keeps no link).
export TABLEMATES_SMTP_URL="file://$work/outbox"

token_line="$("$bin" organizer create --email organizer@schemathesis.test --name 'Schemathesis Organizer' | tail -n 1)"
organizer_token="${token_line#"API token (shown once, keep it secret): "}"
if [[ "$organizer_token" == "$token_line" || -z "$organizer_token" ]]; then
  echo "could not read the organizer token from: $token_line" >&2
  exit 1
fi

"$bin" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  if curl -fsS "$base/healthz" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server exited during start-up" >&2
    exit 1
  fi
  sleep 0.1
done
curl -fsS "$base/readyz" >/dev/null

# Sends JSON and fails unless the status is the expected one; prints the response body.
call() {
  local method=$1 path=$2 expected=$3 body=$4 token=${5:-}
  local args=(-sS -o "$work/response" -w '%{http_code}' -X "$method" -H 'Content-Type: application/json' --data "$body")
  if [[ -n "$token" ]]; then
    args+=(-H "Authorization: Bearer $token")
  fi
  local status
  status="$(curl "${args[@]}" "$base$path")"
  if [[ "$status" != "$expected" ]]; then
    echo "$method $path answered $status, expected $expected: $(cat "$work/response")" >&2
    exit 1
  fi
  cat "$work/response"
}

slug=schemathesis-conf
call POST /api/v1/conferences 201 '{
  "slug": "'"$slug"'", "name": "Schemathesis Conference", "time_zone": "Europe/Lisbon",
  "starts_on": "2026-06-01", "ends_on": "2026-06-03", "registration_open": true,
  "suggested_interests": ["rust", "testing"]
}' "$organizer_token" >/dev/null

# The personal links the run uses (the bearer token of /api/v1/me*, `token` in the query of
# GET /manage*, and the token in the body of each /manage POST) belong to attendees of a
# second conference, which no request of the run names ({slug} is pinned to the first).
# Schemathesis registers again, through the first conference's form, every address it reads
# in responses, and a second registration mails a fresh link that replaces the one pinned
# here: with the first conference's attendees, most of their operations met only 401.
forms_slug=schemathesis-forms
call POST /api/v1/conferences 201 '{
  "slug": "'"$forms_slug"'", "name": "Schemathesis Forms", "time_zone": "Europe/Lisbon",
  "starts_on": "2026-06-01", "ends_on": "2026-06-03", "registration_open": true,
  "suggested_interests": ["rust", "testing"]
}' "$organizer_token" >/dev/null

attendee_email=ada@forms.schemathesis.test
call POST "/api/v1/public/conferences/$forms_slug/registrations" 202 '{
  "name": "Ada Lovelace", "email": "'"$attendee_email"'", "affiliation": "Analytical Engines",
  "handles": [{"network": "github", "handle": "ada-l", "visibility": "nobody"}],
  "interests": ["rust"], "wants_to_meet": [{"network": "x", "handle": "@grace"}],
  "visibility": {"bio": "organizer"}, "consents": {"privacy": true, "emails": true}
}' >/dev/null

attendee_id="$(call POST "/api/v1/conferences/$slug/attendees" 201 '{
  "name": "Grace Hopper", "email": "grace@schemathesis.test",
  "handles": [{"network": "x", "handle": "grace"}],
  "wants_to_meet": [{"network": "github", "handle": "ada-l"}],
  "consents": {"privacy": true}
}' "$organizer_token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')"

# Prints the token of the link last emailed to $1 whose path is $2 (by default the personal
# link, /manage).
sent_token() {
  python3 - "$work/outbox" "$1" "${2:-/manage}" <<'PY'
import email, email.policy, pathlib, re, sys, time
folder, to, path = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
# The mailer mints links as it sends: wait for the message.
for _ in range(100):
    for message_path in sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
        message = email.message_from_bytes(message_path.read_bytes(), policy=email.policy.default)
        if to not in str(message["To"]):
            continue
        text = message.get_body(preferencelist=("plain",)).get_content()
        found = re.search(re.escape(path) + r"\?token=([A-Za-z0-9_-]+)", text)
        if found:
            print(found.group(1))
            sys.exit(0)
    time.sleep(0.2)
sys.exit(f"no email with a {path} link sent to {to}")
PY
}
attendee_token="$(sent_token "$attendee_email")"
call GET /api/v1/me 200 '' "$attendee_token" >/dev/null

# The /manage forms carry the personal-link token in their body: they get registrations of
# their own, so that withdrawing or erasing one by form leaves the one /api/v1/me works on.
# Choosing a meetup by form gets one of its own too: the email it sends replaces its link.
# An email with a fresh link replaces the old link (saving the edit form sends one, and so may
# confirming or withdrawing): the edit form and erasure by form each get a registration of
# their own.
# Each /manage POST has a link of its own, so one operation's withdrawal or confirmation does
# not change what another finds.
register_for_forms() {
  call POST "/api/v1/public/conferences/${3:-$forms_slug}/registrations" 202 '{
    "name": "'"$1"'", "email": "'"$2"'", "consents": {"privacy": true}
  }' >/dev/null
  sent_token "$2"
}
confirm_form_token="$(register_for_forms "Mary Somerville" mary@forms.schemathesis.test)"
withdraw_form_token="$(register_for_forms "Emmy Noether" emmy@forms.schemathesis.test)"
cancel_form_token="$(register_for_forms "Lise Meitner" lise@forms.schemathesis.test)"
edit_form_token="$(register_for_forms "Caroline Herschel" caroline@forms.schemathesis.test)"
meetup_form_token="$(register_for_forms "Ada Yonath" yonath@forms.schemathesis.test)"

# A meetup of the conference, for the operations that take part in one (PUT
# /api/v1/me/meetups/{id}, POST /manage/meetups): their `{id}` and `meetup` are pinned to it.
meetup_id="$(call POST "/api/v1/conferences/$forms_slug/meetups" 201 '{
  "name": "Lunch", "starts_at": "2026-06-02T12:00:00Z", "ends_at": "2026-06-02T13:00:00Z",
  "location": "Hall B", "table_count": 2
}' "$organizer_token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')"

# An email change waiting for its new address, for POST /api/v1/email-change: the organizer
# changes an attendee's address and the token is read from the email sent to the new one.
changed_id="$(call POST "/api/v1/conferences/$slug/attendees" 201 '{
  "name": "Katherine Johnson", "email": "katherine@schemathesis.test", "consents": {"privacy": true}
}' "$organizer_token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')"
call PATCH "/api/v1/conferences/$slug/attendees/$changed_id" 200 \
  '{"email": "katherine.j@schemathesis.test"}' "$organizer_token" >/dev/null
email_change_token="$(sent_token katherine.j@schemathesis.test /email-change)"

export ST_ORGANIZER_TOKEN="$organizer_token" ST_ATTENDEE_TOKEN="$attendee_token"
cat >"$work/schemathesis.toml" <<TOML
[auth.openapi.organizerToken]
bearer = "\${ST_ORGANIZER_TOKEN}"

[auth.openapi.attendeeToken]
bearer = "\${ST_ATTENDEE_TOKEN}"

[parameters]
"path.slug" = "$slug"
"path.id" = "$attendee_id"
"query.token" = "$attendee_token"
TOML

# Credentials sent in a form body rather than a header: the personal link's token for the
# /manage forms, the organizer's API token for signing in with it.
body_token() {
  local operation_id=$1 token=$2
  cat >>"$work/schemathesis.toml" <<TOML

[[operations]]
include-operation-id = "$operation_id"
parameters = { "body.token" = "$token" }
TOML
}
body_token confirmByForm "$confirm_form_token"
body_token withdrawByForm "$withdraw_form_token"
body_token cancelEmailChangeByForm "$cancel_form_token"
body_token updateByForm "$edit_form_token"
body_token signInWithApiToken "$organizer_token"
body_token confirmEmailChange "$email_change_token"
cat >>"$work/schemathesis.toml" <<TOML

[[operations]]
include-operation-id = "setMeetupByForm"
parameters = { "body.token" = "$meetup_form_token", "body.meetup" = "$meetup_id" }

[[operations]]
include-operation-id = "setMyMeetup"
parameters = { "path.id" = "$meetup_id" }
TOML

# positive_data_acceptance: a schema-valid request must get a 2xx/3xx (or 401, 403, 404, 409,
# 429: credentials, existence and conflicts are not the body's fault). A few operations may
# also answer otherwise for reasons JSON Schema cannot state; each is allowed here for that
# operation only, with the reason.
accepted='"2xx", "3xx", "401", "403", "404", "409", "429", "5xx"'
allow() {
  local operation_id=$1 status=$2
  cat >>"$work/schemathesis.toml" <<TOML

[[operations]]
include-operation-id = "$operation_id"
checks.positive_data_acceptance.expected-statuses = [$accepted, "$status"]
TOML
}
# One-time links: an unknown or used token is 410 Gone, as documented.
for id in emailChangePage confirmEmailChangeForm confirmEmailChange organizerSignInLinkPage signInWithLink; do
  allow "$id" 410
done
# Rules over two fields, documented on the operation and answered with a 422 naming both:
# table_size.min <= max and starts_on <= ends_on (conferences); starts_at < ends_at, tables
# xor table_count, table_min <= table_max (meetups); meetup_ids xor series (plan runs).
for id in createConference updateConference createMeetup updateMeetup runMatcher previewRun; do
  allow "$id" 422
done
# Rules over items of one list: at most one handle per network (JSON Schema's uniqueItems
# compares whole items, not one property of them); on the registration form, a wanted row's
# handle must fit the network named in the same row (`wanted_N_network`, `wanted_N_handle`;
# the registration and the edit form).
for id in createAttendee register updateMe registerByForm updateByForm; do
  allow "$id" 422
done
# Rules on a URL's parts that JSON Schema's `uri` format cannot state: a webhook endpoint must be
# https to a public address (no loopback, private or link-local literal, no localhost or
# .internal name) without user info or fragment; the page's form also needs one event or more.
for id in createWebhookEndpoint updateWebhookEndpoint organizerCreateWebhook; do
  allow "$id" 422
done
# Rules over stored data: a plan id that is not this conference's, a co-organizer without an
# account who needs a name, and a CSV file checked as a whole (its header must name the
# columns it has).
for id in publishPlansTogether addConferenceOrganizer importAttendees putPretixConnection; do
  allow "$id" 422
done

# Rules over stored data and the outside world: a handle can be verified only when the
# attendee has one on that network, and only when its profile points at their page; neither
# is in the request, and a failed check is a 422 on `network` saying what was looked for.
for id in verifyHandle verifyHandleByForm; do
  allow "$id" 422
done

# Every check except the two named in the header.
exclude_checks="${ST_EXCLUDE_CHECKS-negative_data_rejection,ensure_resource_availability}"
exclude_args=()
if [[ -n "$exclude_checks" ]]; then
  exclude_args=(--exclude-checks "$exclude_checks")
fi

run() {
  schemathesis --config-file "$work/schemathesis.toml" run openapi.yaml \
    --url "$base" \
    --checks all \
    "${exclude_args[@]}" \
    --seed "$seed" \
    --max-examples "$max_examples" \
    --workers "$workers" \
    --generation-database none \
    --request-timeout 10 \
    --no-color \
    "$@" "${extra_args[@]}"
}

status=0
# Erasing the attendee and deleting the conference end what every other operation works on:
# each runs after the rest, in a pass of its own.
run --exclude-operation-id eraseMe --exclude-operation-id eraseByForm --exclude-operation-id deleteConference || status=$?
# The main pass sends emails with fresh personal links (a cancelled meetup, a confirmation
# sent again), and a fresh link replaces the old one: the erasing passes get registrations of
# their own, made after it.
# (The main pass may have closed registration: it is opened again first.)
call POST "/api/v1/conferences/$slug/registration/open" 200 '' "$organizer_token" >/dev/null
erase_form_token="$(register_for_forms "Emmy Noether" emmy@schemathesis.test)"
body_token eraseByForm "$erase_form_token"
run --include-operation-id eraseByForm || status=$?
ST_ATTENDEE_TOKEN="$(register_for_forms "Sophie Germain" sophie@schemathesis.test)"
export ST_ATTENDEE_TOKEN
run --include-operation-id eraseMe || status=$?
run --include-operation-id deleteConference || status=$?
exit "$status"
