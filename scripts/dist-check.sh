#!/usr/bin/env bash
# The distribution archive works on its own: unpacks cache-node/target/mailedge-*.tar.gz (built
# by ./mvnw verify or package) into a temporary folder, runs `bin/mailedge --version`, then
# `bin/mailedge serve --config conf/mailedge.yaml` with the shipped example configuration whose
# listeners are moved to 127.0.0.1 port 0 (any free port), reads the POP3 greeting on the port
# the node prints, GETs /metrics from the admin port it prints, and stops it with SIGTERM.
#
#   scripts/dist-check.sh [ARCHIVE]
#
# Prints "dist-check: N passed, M failed"; exit status 1 on any failure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ARCHIVE=${1:-$(ls "$ROOT"/cache-node/target/mailedge-*.tar.gz 2>/dev/null | head -1)}
[ -f "$ARCHIVE" ] || { echo "dist-check: no archive; build it with ./mvnw -DskipTests package"; exit 1; }

WORK=$(mktemp -d)
NODE_PID=
cleanup() {
  if [ -n "$NODE_PID" ] && kill -0 "$NODE_PID" 2>/dev/null; then kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

passed=0 failed=0
check() { # check NAME CONDITION-EXIT-STATUS
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "dist-check: ok   $1"; else failed=$((failed + 1)); echo "dist-check: FAIL $1"; fi
}

tar xzf "$ARCHIVE" -C "$WORK"
HOME_DIR=$(echo "$WORK"/mailedge-*)
for f in bin/mailedge conf/mailedge.yaml conf/logback.xml lib/mailedge.jar docs/operations.md; do
  [ -e "$HOME_DIR/$f" ]; check "archive holds $f" $?
done
[ -x "$HOME_DIR/bin/mailedge" ]; check "bin/mailedge is executable" $?

# run from elsewhere, through a symlink, with java from JAVA_HOME or PATH as the launcher finds it
ln -s "$HOME_DIR/bin/mailedge" "$WORK/mailedge-link"
version=$(cd / && "$WORK/mailedge-link" --version 2>&1) && status=0 || status=$?
echo "dist-check: --version says: $version"
[ "$status" -eq 0 ] && [[ $version == "mailedge "[0-9]* ]]; check "bin/mailedge --version (through a symlink)" $?

# the example configuration with its listeners on free loopback ports; everything else as shipped
cd "$HOME_DIR"
sed -i -E 's#^(  listen: )127\.0\.0\.1:[0-9]+#\1127.0.0.1:0#' conf/mailedge.yaml
grep -q '127.0.0.1:0' conf/mailedge.yaml; check "listeners moved to port 0" $?
MAILEDGE_HEAP=128m bin/mailedge serve --config conf/mailedge.yaml >"$WORK/out" 2>"$WORK/err" &
NODE_PID=$!
pop3= admin=
for _ in $(seq 1 300); do
  pop3=$(sed -n 's/^mailedge: POP3 on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$WORK/out")
  admin=$(sed -n 's#^mailedge: admin API http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$WORK/out")
  [ -n "$pop3" ] && [ -n "$admin" ] && break
  kill -0 "$NODE_PID" 2>/dev/null || break
  sleep 0.1
done
[ -n "$pop3" ] && [ -n "$admin" ]; check "serve started and printed its POP3 and admin ports" $?
if [ -n "$pop3" ]; then
  greeting=
  if exec 3<>"/dev/tcp/127.0.0.1/$pop3"; then
    IFS= read -r -t 10 greeting <&3 || true
    printf 'QUIT\r\n' >&3
    IFS= read -r -t 10 _ <&3 || true
    exec 3<&-
  fi
  echo "dist-check: greeting: ${greeting%$'\r'}"
  [[ $greeting == "+OK "* ]]; check "POP3 greeting on 127.0.0.1:$pop3" $?
fi
if [ -n "$admin" ]; then
  metrics=$(curl -fsS "http://127.0.0.1:$admin/metrics") && status=0 || status=$?
  [ "$status" -eq 0 ] && grep -q '^# TYPE mailedge_checks_total counter' <<<"$metrics" \
    && grep -q '^mailedge_pop3_connections_opened_total [1-9]' <<<"$metrics"; check "GET /metrics counts the connection" $?
fi
kill -TERM "$NODE_PID"
wait "$NODE_PID" && status=0 || status=$?
NODE_PID=
[ "$status" -eq 0 ] || [ "$status" -eq 143 ]; check "stopped by SIGTERM (exit status $status)" $?
grep -q 'mailedge.session' "$WORK/err"; check "the session summary line on stderr" $?
grep -E 'mailedge.session|WARN|ERROR' "$WORK/err" | sed 's/^/dist-check: log: /' | head -5

echo "dist-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
