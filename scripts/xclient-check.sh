#!/usr/bin/env bash
# The subscriber's address reaches the central server: the edge in front of a private Dovecot
# that trusts it (DOVECOT_TRUSTED_NETWORKS=127.0.0.0/8, so Dovecot greets with [XCLIENT]).
#
#   scripts/xclient-check.sh
#
# Subscriber A (from 127.0.0.x) logs in twice with a wrong password, then subscriber B (from
# 127.0.0.y) logs in with the right one, all through the edge (attenuation off, the edge's own
# login penalty off, so every delay measured is Dovecot's). Run twice:
#   central.forward-client-address: xclient  -> Dovecot penalises A's address only; B is not held
#   central.forward-client-address: none     -> every login comes from the edge's 127.0.0.1, so
#                                               Dovecot's penalty for A's failures holds B too
# Prints each login's time; exit status 1 when B is held with xclient, or Dovecot's log does
# not show B's own address. Ports 127.0.0.1:XCLIENT_BASE_PORT (default 16400) to +1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/harness}
BASE=${XCLIENT_BASE_PORT:-16400}
DOVECOT_PORT=$BASE EDGE_PORT=$((BASE + 1))
START=$(date +%s)

. "$ROOT/scripts/lib/packages.sh"
need_packages dovecot:dovecot-core /usr/lib/dovecot/pop3:dovecot-pop3d python3:python3
. "$HARNESS/peers/lib.sh"
for port in "$DOVECOT_PORT" "$EDGE_PORT"; do
  port_open "$port" && { echo "xclient-check: 127.0.0.1:$port is in use (set XCLIENT_BASE_PORT)"; exit 1; }
done

WORK=$(mktemp -d)
chmod 0755 "$WORK"
EDGE_PID=
stop_edge() {
  if [ -n "$EDGE_PID" ]; then kill "$EDGE_PID" 2>/dev/null && wait "$EDGE_PID" 2>/dev/null || true; fi
  EDGE_PID=
}
cleanup() {
  stop_edge
  "$HARNESS/peers/dovecot.sh" stop "$WORK/dovecot" >/dev/null 2>&1 || true
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# the daemon inherits stdout: keep it off any pipe the caller may hold
DOVECOT_TRUSTED_NETWORKS=127.0.0.0/8 "$HARNESS/peers/dovecot.sh" start "$WORK/dovecot" "$DOVECOT_PORT" 4 \
  >"$WORK/dovecot-start.out" 2>&1
"$ROOT/mailedge" --version >/dev/null   # builds the jar when needed

run_edge() { # MODE
  cat > "$WORK/edge-$1.yaml" <<YAML
node: {data-dir: "$WORK/edge-data-$1"}
pop3: {listen: "127.0.0.1:$EDGE_PORT"}
central: {host: 127.0.0.1, port: $DOVECOT_PORT, forward-client-address: $1}
attenuation: {mode: "off"}
auth: {failure-delay: 0s, failure-delay-max: 0s}
notify: {enabled: false}
admin: {enabled: false}
cache: {enabled: false}
YAML
  MAILEDGE_JAVA_OPTS=${MAILEDGE_JAVA_OPTS:--Xmx256m} \
    "$ROOT/mailedge" serve --config "$WORK/edge-$1.yaml" >"$WORK/edge-$1.out" 2>"$WORK/edge-$1.log" &
  EDGE_PID=$!
  wait_port "$EDGE_PORT" 60 || { tail -30 "$WORK/edge-$1.log"; echo "xclient-check: the edge did not open 127.0.0.1:$EDGE_PORT"; exit 1; }
}

status=0
# xclient first: it leaves no penalty on the edge's own address for the second run
for mode in xclient none; do
  if [ "$mode" = xclient ]; then a=127.0.0.2 b=127.0.0.3; else a=127.0.0.4 b=127.0.0.5; fi
  run_edge "$mode"
  python3 "$ROOT/scripts/xclient/penalty.py" --port "$EDGE_PORT" --mode "$mode" --a "$a" --b "$b" \
    --bad-user user0001 --user user0002 || status=1
  stop_edge
  wait_port_closed "$EDGE_PORT" 30 || true
done
if grep -q "user=<user0002>.*rip=127.0.0.3" "$WORK/dovecot/log/dovecot-info.log"; then
  echo "xclient-check: Dovecot logged B's login from B's own address (rip=127.0.0.3)"
else
  echo "xclient-check: FAIL Dovecot's log has no login of user0002 from rip=127.0.0.3"; status=1
fi
echo "xclient-check: $([ "$status" = 0 ] && echo passed || echo failed) in $(($(date +%s) - START)) s"
exit "$status"
