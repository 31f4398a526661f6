#!/usr/bin/env bash
# The metrics endpoint during the demo: runs `./mailedge demo --duration 30s --check` (the
# report check .ci/run has always made) and, while it runs, reads the admin port from its
# banner and GETs /metrics twice a few seconds apart: mailedge_checks_total and
# mailedge_sessions_total must have grown between the two. Exit status: the demo's, or 1 when
# the metrics did not move.
#
#   scripts/demo-metrics-check.sh [DEMO OPTIONS...]     (default: --duration 30s --check)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp)
DEMO_PID=
cleanup() {
  if [ -n "$DEMO_PID" ] && kill -0 "$DEMO_PID" 2>/dev/null; then kill "$DEMO_PID"; fi
  rm -f "$OUT"
}
trap cleanup EXIT
[ $# -gt 0 ] || set -- --duration 30s --check

"$ROOT/mailedge" demo "$@" >"$OUT" &
DEMO_PID=$!
tail -f --pid="$DEMO_PID" "$OUT" &

# the banner names the admin port once the edge is up (the first run also builds the jar)
admin=
for _ in $(seq 1 3000); do
  admin=$(sed -n 's#.*admin console  *http://127\.0\.0\.1:\([0-9]*\)/console.*#\1#p' "$OUT" | head -1)
  [ -n "$admin" ] && break
  kill -0 "$DEMO_PID" 2>/dev/null || break
  sleep 0.1
done
moved=1
if [ -z "$admin" ]; then
  echo "demo-metrics: the demo printed no admin port"
else
  sample() { curl -fsS "http://127.0.0.1:$admin/metrics" | awk -v n="$1" '$1 == n { print $2 }'; }
  # wait for the polling phase (its first progress line), then two samples 5 s apart
  for _ in $(seq 1 600); do grep -q '^\[ *[0-9]*s/' "$OUT" && break; sleep 0.1; done
  checks1=$(sample mailedge_checks_total) sessions1=$(sample 'mailedge_sessions_total{mode="attenuated"}')
  sleep 5
  checks2=$(sample mailedge_checks_total) sessions2=$(sample 'mailedge_sessions_total{mode="attenuated"}')
  echo "demo-metrics: mailedge_checks_total $checks1 -> $checks2, attenuated sessions $sessions1 -> $sessions2 (http://127.0.0.1:$admin/metrics)"
  if awk -v a="$checks1" -v b="$checks2" -v c="$sessions1" -v d="$sessions2" 'BEGIN { exit !(b > a && d > c) }'; then
    moved=0
  fi
fi
wait "$DEMO_PID" && status=0 || status=$?
DEMO_PID=
if [ "$moved" -eq 0 ]; then echo "demo-metrics: 1 passed, 0 failed"; else echo "demo-metrics: 0 passed, 1 failed"; fi
[ "$status" -eq 0 ] || exit "$status"
exit "$moved"
