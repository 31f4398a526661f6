#!/usr/bin/env bash
# Real mail clients through the edge in front of a private Dovecot (the central server).
#
#   scripts/interop.sh [--only CLIENT,...]
#
# Starts Dovecot with ../shared/harness/peers/dovecot.sh on loopback (passwd-file users, master
# user "edge"), the edge (`mailedge serve`, built from this checkout) in front of it with
# prefetch through the master user, the notification listener and the admin API on, and runs
# scripts/interop/suite.py: each client (python-poplib, curl, fetchmail-keep, fetchmail-delete,
# mpop, getmail6, jakarta-mail, and over TLS curl-pop3s, curl-stls, fetchmail-ssl, mpop-tls) in each situation (through, attenuated, notified, cache,
# delete), checking what the client got against what Dovecot holds. One line per
# client x situation, then "interop: N passed, M failed[, K n/a]"; exit status 1 on any failure.
#
# Installs the Debian packages it needs when they are missing (as root). Everything listens on
# 127.0.0.1, ports INTEROP_BASE_PORT (default 13000) to +4. KEEP_TMP=1 keeps the work folder.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/harness}
BASE=${INTEROP_BASE_PORT:-13000}
DOVECOT_PORT=$BASE EDGE_PORT=$((BASE + 1)) NOTIFY_PORT=$((BASE + 2)) ADMIN_PORT=$((BASE + 3)) POP3S_PORT=$((BASE + 4))
START=$(date +%s)

. "$ROOT/scripts/lib/packages.sh"
need_packages dovecot:dovecot-core /usr/lib/dovecot/pop3:dovecot-pop3d fetchmail:fetchmail mpop:mpop \
  getmail:getmail6 swaks:swaks curl:curl python3:python3
. "$HARNESS/peers/lib.sh"
for port in "$DOVECOT_PORT" "$EDGE_PORT" "$NOTIFY_PORT" "$ADMIN_PORT" "$POP3S_PORT"; do
  port_open "$port" && { echo "interop: 127.0.0.1:$port is in use (set INTEROP_BASE_PORT)"; exit 1; }
done

. "$ROOT/scripts/lib/workdir.sh"

"$HARNESS/peers/dovecot.sh" start "$WORK/dovecot" "$DOVECOT_PORT" 12 >/dev/null

# a throw-away certificate for the TLS round: POP3S and STLS, which the TLS clients verify
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

cat > "$WORK/edge.yaml" <<YAML
node: {data-dir: "$WORK/edge-data"}
tls: {certificate: "$WORK/cert.pem", private-key: "$WORK/key.pem"}
pop3: {listen: "127.0.0.1:$EDGE_PORT", tls: {listen: "127.0.0.1:$POP3S_PORT"}}
central: {host: 127.0.0.1, port: $DOVECOT_PORT}
notify: {enabled: true, listen: "127.0.0.1:$NOTIFY_PORT"}
admin: {enabled: true, listen: "127.0.0.1:$ADMIN_PORT"}
prefetch: {login: master, master-user: edge, master-password: master-secret}
YAML
"$ROOT/mailedge" --version >/dev/null   # builds the jar when needed
JAR=$ROOT/cache-node/target/mailedge.jar
mkdir "$WORK/classes"
javac -nowarn -cp "$JAR" -d "$WORK/classes" "$ROOT/scripts/interop/JakartaMailClient.java"

MAILEDGE_JAVA_OPTS=${MAILEDGE_JAVA_OPTS:--Xmx256m} \
  "$ROOT/mailedge" serve --config "$WORK/edge.yaml" >"$WORK/edge.out" 2>"$WORK/edge.log" &
EDGE_PID=$!
for port in "$EDGE_PORT" "$NOTIFY_PORT" "$ADMIN_PORT" "$POP3S_PORT"; do
  wait_port "$port" 60 || { tail -30 "$WORK/edge.log"; echo "interop: the edge did not open 127.0.0.1:$port"; exit 1; }
done

status=0
python3 "$ROOT/scripts/interop/suite.py" --dovecot-dir "$WORK/dovecot" --dovecot-port "$DOVECOT_PORT" \
  --edge-port "$EDGE_PORT" --notify-port "$NOTIFY_PORT" --admin-port "$ADMIN_PORT" --harness "$HARNESS" \
  --pop3s-port "$POP3S_PORT" --ca-file "$WORK/cert.pem" \
  --work "$WORK" --jakarta-cp "$WORK/classes:$JAR" "$@" || status=$?
if [ "$status" -ne 0 ] && [ "${KEEP_TMP:-0}" != 1 ]; then
  echo "--- edge log (last 40 lines) ---"; tail -40 "$WORK/edge.log"
fi
echo "interop: finished in $(($(date +%s) - START)) s"
exit "$status"
