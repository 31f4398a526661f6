#!/usr/bin/env bash
# Real mail clients through the edge in front of a private Dovecot (the central server).
#
#   scripts/interop-clients.sh
#
# Starts Dovecot with ../shared/harness/peers/dovecot.sh on loopback, seeds user0001 with
# three messages, starts the edge (`mailedge serve`) in front of it, and runs the harness's
# check-clients.sh (poplib, curl, fetchmail, mpop, getmail6) through the edge twice:
#   1. "through":    the edge has never seen user0001, so the first check goes to Dovecot;
#   2. "attenuated": every check of the second round is answered at the edge (RETR still
#                    fetches from Dovecot), within the 15-minute interval.
# Then a new message is delivered, a notification is sent with swaks, and the next check
# must go through and show four messages (the demand rule).
# Installs the Debian packages it needs when they are missing (as root).
# Last line: "interop: N passed, M failed"; exit status 1 on any failure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/harness}
DOVECOT_PORT=${DOVECOT_PORT:-11800}
EDGE_PORT=${EDGE_PORT:-11810}
NOTIFY_PORT=${NOTIFY_PORT:-11811}

. "$ROOT/scripts/lib/packages.sh"
need_packages dovecot:dovecot-core /usr/lib/dovecot/pop3:dovecot-pop3d fetchmail:fetchmail mpop:mpop \
  getmail:getmail6 swaks:swaks curl:curl

WORK=$(mktemp -d)
chmod 0755 "$WORK"
EDGE_PID=
cleanup() {
  [ -n "$EDGE_PID" ] && kill "$EDGE_PID" 2>/dev/null && wait "$EDGE_PID" 2>/dev/null || true
  "$HARNESS/peers/dovecot.sh" stop "$WORK/dovecot" >/dev/null 2>&1 || true
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

PASSED=0 FAILED=0
result() { # result OK|FAIL NAME DETAIL
  printf '%-4s %-28s %s\n' "$1" "$2" "$3"
  if [ "$1" = OK ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
}

"$HARNESS/peers/dovecot.sh" start "$WORK/dovecot" "$DOVECOT_PORT" 3 >/dev/null
"$HARNESS/peers/dovecot.sh" fill "$WORK/dovecot" 1 1 3 >/dev/null

cat > "$WORK/edge.yaml" <<YAML
pop3: {listen: "127.0.0.1:$EDGE_PORT"}
central: {host: 127.0.0.1, port: $DOVECOT_PORT}
notify: {listen: "127.0.0.1:$NOTIFY_PORT"}
YAML
"$ROOT/mailedge" --version >/dev/null   # builds the jar when needed
"$ROOT/mailedge" serve --config "$WORK/edge.yaml" >"$WORK/edge.out" 2>"$WORK/edge.log" &
EDGE_PID=$!
. "$HARNESS/peers/lib.sh"
wait_port "$EDGE_PORT" 60 || { cat "$WORK/edge.log"; echo "interop: the edge did not start"; exit 1; }

sessions() { grep -c "mailedge.session pop3 session user=user0001 .*mode=$1" "$WORK/edge.log" || true; }

run_clients() { # run_clients LABEL
  local label=$1 out
  if out=$(CLIENT_TIMEOUT=60 "$HARNESS/clients/check-clients.sh" 127.0.0.1 "$EDGE_PORT" user0001 pw-user0001 2>&1); then
    :
  fi
  while IFS= read -r line; do
    case $line in
      OK\ *)   result OK   "$label/$(awk '{print $2}' <<<"$line")" "$(sed -E 's/^[A-Z]+ +[^ ]+ +//' <<<"$line")" ;;
      FAIL\ *) result FAIL "$label/$(awk '{print $2}' <<<"$line")" "$(sed -E 's/^[A-Z]+ +[^ ]+ +//' <<<"$line")" ;;
      SKIP\ *) result FAIL "$label/$(awk '{print $2}' <<<"$line")" "skipped: $(sed -E 's/^[A-Z]+ +[^ ]+ +//' <<<"$line")" ;;
    esac
  done <<<"$out"
}

run_clients through
through_round=$(sessions through)
[ "$through_round" -ge 1 ] && result OK through/edge-log "$through_round session(s) went through to Dovecot" \
  || result FAIL through/edge-log "no session went through"

before=$(sessions through)
run_clients attenuated
after=$(sessions through)
attenuated=$(sessions attenuated)
if [ "$after" -eq "$before" ] && [ "$attenuated" -ge 5 ]; then
  result OK attenuated/edge-log "$attenuated sessions answered at the edge, none went through in round 2"
else
  result FAIL attenuated/edge-log "round 2: $((after - before)) went through, $attenuated attenuated in all"
fi

printf 'From: sender@example.test\r\nTo: user0001@example.test\r\nSubject: arrives later\r\n\r\nnew mail\r\n' \
  | "$HARNESS/peers/dovecot.sh" deliver "$WORK/dovecot" user0001 >/dev/null
count_via_edge() {
  python3 - "$EDGE_PORT" <<'PY'
import poplib, sys
p = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=30)
p.user("user0001"); p.pass_("pw-user0001")
n, _ = p.stat(); p.quit(); print(n)
PY
}
stale=$(count_via_edge)
swaks --server 127.0.0.1 --port "$NOTIFY_PORT" --from notify@central.test --to user0001@edge.test \
  --header "Subject: new mail for user0001" --body "New mail is waiting." --silent 2 >/dev/null
fresh=$(count_via_edge)
if [ "$stale" -eq 3 ] && [ "$fresh" -eq 4 ]; then
  result OK demand-rule/swaks "before the notification STAT said $stale (attenuated), after it $fresh"
else
  result FAIL demand-rule/swaks "before $stale (want 3), after $fresh (want 4)"
fi
dovecot_count=$("$HARNESS/peers/dovecot.sh" count "$WORK/dovecot" user0001)
[ "$dovecot_count" -eq 4 ] && result OK nothing-deleted "Dovecot still holds $dovecot_count messages" \
  || result FAIL nothing-deleted "Dovecot holds $dovecot_count messages, want 4"

echo "interop: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
