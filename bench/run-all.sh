#!/usr/bin/env bash
# Regenerates every benchmark figure of issue 5 in one run on this machine and writes
# docs/benchmarks.md and docs/benchmarks-checks.svg:
#   1. heap bytes per tracked user of the attenuation table at TABLE_USERS users (TableMemory,
#      TABLE_REPS JVM runs, median);
#   2. check sessions/s and p50/p99 latency, the same load against: Dovecot directly, the edge
#      passing every check through to Dovecot (attenuation interval 0; cache off, and cache on as
#      by default), the nginx mail proxy and perdition in front of Dovecot, the edge answering
#      attenuated checks, and a ceiling (CeilingServer: canned replies on Netty). ROUNDS rounds,
#      the order reversed every other round; medians. Then the same with one client (latency
#      without queueing), LAT_DUR seconds each. The generator is bench's CheckLoad (Java,
#      one NIO thread); the shared pop3load.py is also run against the ceiling to show where it
#      saturates;
#   3. heap per idle connection: IDLE connections to a running edge, idle after the greeting and
#      then logged in (attenuated, TRANSACTION state), heap after a full GC (jcmd);
#   4. the demo's central-server load reduction and visibility delay (./mailedge demo);
#   5. the cache figures: kept from the current docs/benchmarks.md, or re-run with RUN_CACHE=1
#      (bench/cache-bench.sh).
# Raw results go to bench/results/all-<UTC>/ (JSON lines, logs, the demo's output).
#
# Environment (defaults): CONC=50 DUR=20 ROUNDS=3 WARMUP=3 PREWARM=10 LAT_DUR=8 USERS=1000 IDLE=10000
#   TABLE_USERS=1000000 TABLE_REPS=3 BASE_PORT=12100 RUN_CACHE=0 DEMO=1
#   EDGE_JAVA_OPTS (e.g. -XX:StartFlightRecording=... for a profile) OUT_DOC=docs/benchmarks.md
# Ports (127.0.0.1): BASE_PORT+0 Dovecot, +10 nginx, +20 perdition, +30 edge pass-through (cache
# off), +35 edge pass-through (cache on), +40 edge attenuated (+41 its admin API), +50 ceiling,
# +60 edge for the idle connections (+61 admin); cache-bench.sh with RUN_CACHE=1 uses +600.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/harness}
CONC=${CONC:-50} DUR=${DUR:-20} ROUNDS=${ROUNDS:-3} WARMUP=${WARMUP:-3} PREWARM=${PREWARM:-10} USERS=${USERS:-1000}
LAT_DUR=${LAT_DUR:-8} IDLE=${IDLE:-10000} TABLE_USERS=${TABLE_USERS:-1000000} TABLE_REPS=${TABLE_REPS:-3}
BASE=${BASE_PORT:-12100} RUN_CACHE=${RUN_CACHE:-0} DEMO=${DEMO:-1}
OUT_DOC=${OUT_DOC:-$ROOT/docs/benchmarks.md}
DOVECOT=$BASE NGINX=$((BASE + 10)) PERDITION=$((BASE + 20)) THRU=$((BASE + 30)) THRU_CACHE=$((BASE + 35))
ATT=$((BASE + 40)) ATT_ADMIN=$((BASE + 41)) CEILING=$((BASE + 50)) IDLE_PORT=$((BASE + 60)) IDLE_ADMIN=$((BASE + 61))

. "$ROOT/scripts/lib/packages.sh"
need_packages dovecot:dovecot-core /usr/lib/dovecot/pop3:dovecot-pop3d nginx:nginx \
  /usr/lib/nginx/modules/ngx_mail_module.so:libnginx-mod-mail perdition.pop3:perdition
. "$HARNESS/peers/lib.sh"

# the idle-connection test holds IDLE sockets in the edge and as many in the client
ulimit -n "$(ulimit -Hn)"
(($(ulimit -n) >= IDLE + 2000)) || die "ulimit -n is $(ulimit -n); IDLE=$IDLE needs at least $((IDLE + 2000))"

echo "building" >&2
(cd "$ROOT" && { ./mvnw -q -o install -DskipTests 2>/dev/null || ./mvnw -q install -DskipTests; })
JAR=$ROOT/cache-node/target/mailedge.jar
CP=$ROOT/bench/target/classes:$JAR

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RES=$ROOT/bench/results/all-$STAMP
mkdir -p "$RES"
WORK=$(mktemp -d); chmod 0755 "$WORK"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$HARNESS/peers/perdition.sh" stop "$WORK/perdition" >/dev/null 2>&1 || true
  "$HARNESS/peers/nginx-mail.sh" stop "$WORK/nginx" >/dev/null 2>&1 || true
  "$HARNESS/peers/dovecot.sh" stop "$WORK/dovecot" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---- the machine
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "commit: $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- . ':!docs' || echo ' (with uncommitted changes)')"
  echo "cpu: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cpus: $(grep -c '^processor' /proc/cpuinfo)"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')"
  echo "kernel: $(uname -sr)"
  echo "java: $(java -version 2>&1 | sed -n 2p)"
  echo "dovecot: $(dovecot --version 2>/dev/null || true)"
  echo "nginx: $(nginx -v 2>&1 | sed 's/.*\///')"
  echo "perdition: $(dpkg-query -W -f '${Version}' perdition 2>/dev/null || true)"
  echo "loadavg-before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$RES/machine.txt"
cat "$RES/machine.txt" >&2

# ---- 1. heap per tracked user
for ((r = 1; r <= TABLE_REPS; r++)); do
  echo "table memory: run $r of $TABLE_REPS ($TABLE_USERS users)" >&2
  java -cp "$CP" org.mailedge.bench.TableMemory "$TABLE_USERS" >> "$RES/table.jsonl"
done

# ---- 2. the peers and the edges
PEER_USERS=$((IDLE > USERS ? IDLE : USERS))
echo "dovecot: $PEER_USERS users, empty maildrops" >&2
"$HARNESS/peers/dovecot.sh" start "$WORK/dovecot" "$DOVECOT" "$PEER_USERS" >/dev/null
# first logins build Dovecot's indexes: keep that out of the figures
python3 "$HARNESS/load/pop3load.py" --port "$DOVECOT" -c 20 --users "1-$PEER_USERS" --user-order seq \
  --max-sessions "$PEER_USERS" -d 300 --label warmup-dovecot > "$RES/warmup-dovecot.json"
"$HARNESS/peers/nginx-mail.sh" start "$WORK/nginx" "$NGINX" "$DOVECOT" >/dev/null
"$HARNESS/peers/perdition.sh" start "$WORK/perdition" "$PERDITION" "$DOVECOT" >/dev/null

edge() { # NAME PORT YAML-LINES...: start an edge with its own config and data dir
  local name=$1 port=$2; shift 2
  {
    echo "node: {name: $name, data-dir: \"$WORK/$name-data\"}"
    echo "central: {host: 127.0.0.1, port: $DOVECOT}"
    echo "notify: {enabled: false}"
    printf '%s\n' "$@"
  } > "$WORK/$name.yaml"
  cp "$WORK/$name.yaml" "$RES/$name.yaml"
  # shellcheck disable=SC2086
  MAILEDGE_SESSION_LOG=WARN java ${EDGE_JAVA_OPTS:-} -jar "$JAR" serve --config "$WORK/$name.yaml" > "$RES/$name.log" 2>&1 &
  PIDS+=($!)
  eval "PID_${name//-/_}=$!"
  wait_port "$port" 60 || { tail "$RES/$name.log" >&2; die "edge $name did not start"; }
}
edge edge-through "$THRU" "pop3: {listen: \"127.0.0.1:$THRU\"}" "attenuation: {interval: 0s}" \
  "cache: {enabled: false}" "admin: {enabled: false}"
edge edge-through-cache "$THRU_CACHE" "pop3: {listen: \"127.0.0.1:$THRU_CACHE\"}" "attenuation: {interval: 0s}" \
  "admin: {enabled: false}"
edge edge-attenuated "$ATT" "pop3: {listen: \"127.0.0.1:$ATT\"}" "attenuation: {interval: 1d}" \
  "admin: {listen: \"127.0.0.1:$ATT_ADMIN\"}"
java -cp "$CP" org.mailedge.bench.CeilingServer "$CEILING" > "$RES/ceiling.log" 2>&1 &
PIDS+=($!) PID_ceiling=$!
wait_port "$CEILING" 30 || die "ceiling server did not start"

# each user's first check through the attenuating edge goes through and teaches it the maildrop;
# with a 1-day interval every later check in this run is answered at the edge
python3 "$HARNESS/load/pop3load.py" --port "$ATT" -c 20 --users "1-$USERS" --user-order seq \
  --max-sessions "$USERS" -d 300 --label warmup-edge-attenuated > "$RES/warmup-edge-attenuated.json"
curl -s "http://127.0.0.1:$ATT_ADMIN/api/counters" > "$RES/counters-attenuated-before.json"

# CPU time of every server process tree, read around each run (bench/proc_cpu.py)
ROOTS="dovecot=$(cat "$WORK/dovecot/run/master.pid") nginx=$(cat "$WORK/nginx/nginx.pid") nginx-auth-http=$(cat "$WORK/nginx/auth.pid")
  perdition=$(cat "$WORK/perdition/perdition.pid") edge-through=$PID_edge_through edge-through-cache=$PID_edge_through_cache
  edge-attenuated=$PID_edge_attenuated ceiling=$PID_ceiling"
cpu() { python3 "$ROOT/bench/proc_cpu.py" $ROOTS; } # shellcheck disable=SC2086
add_run_fields() { # ROUND CPU_BEFORE CPU_AFTER: adds the round and the servers' CPU seconds to a result line
  python3 -c '
import json, sys
r = json.load(sys.stdin)
r["round"] = int(sys.argv[1])
a, b = json.loads(sys.argv[2]), json.loads(sys.argv[3])
r["server_cpu_s"] = {k: round(b[k] - a[k], 2) for k in b if k in a}
print(json.dumps(r))' "$@"
}

targets=("dovecot:$DOVECOT" "edge-through:$THRU" "edge-through-cache:$THRU_CACHE" "nginx:$NGINX"
  "perdition:$PERDITION" "edge-attenuated:$ATT" "ceiling:$CEILING" "ceiling-pop3load:$CEILING")
n=${#targets[@]}
# the JVMs' JIT compilers and everyone's caches: the same load on each configuration first, not counted
for t in "${targets[@]}"; do
  name=${t%%:*} port=${t#*:}
  [ "$name" = ceiling-pop3load ] && continue
  echo "pre-warm: $name, ${PREWARM}s" >&2
  java -cp "$CP" org.mailedge.bench.CheckLoad --port "$port" -c "$CONC" -d "$PREWARM" --users "1-$USERS" \
    --user-order seq --label "prewarm-$name" >> "$RES/prewarm.jsonl"
done
for ((round = 1; round <= ROUNDS; round++)); do
  for ((k = 0; k < n; k++)); do
    if ((round % 2 == 1)); then i=$k; else i=$((n - 1 - k)); fi
    name=${targets[$i]%%:*} port=${targets[$i]#*:}
    echo "round $round of $ROUNDS: $name (127.0.0.1:$port) c=$CONC d=${DUR}s" >&2
    c0=$(cpu)
    if [ "$name" = ceiling-pop3load ]; then
      python3 "$HARNESS/load/pop3load.py" --port "$port" -c "$CONC" -d "$DUR" --warmup "$WARMUP" --uidl \
        --users "1-$USERS" --user-order seq --label "$name"
    else
      java -cp "$CP" org.mailedge.bench.CheckLoad --port "$port" -c "$CONC" -d "$DUR" --warmup "$WARMUP" \
        --users "1-$USERS" --user-order seq --label "$name"
    fi > "$WORK/run.json"
    add_run_fields "$round" "$c0" "$(cpu)" < "$WORK/run.json" >> "$RES/checks.jsonl"
    sleep 1
  done
done
# latency without queueing: one client at a time, so p50 is each configuration's own cost
for ((round = 1; round <= ROUNDS; round++)); do
  for ((k = 0; k < n - 1; k++)); do
    if ((round % 2 == 1)); then i=$k; else i=$((n - 2 - k)); fi
    name=${targets[$i]%%:*} port=${targets[$i]#*:}
    echo "latency round $round of $ROUNDS: $name, one client, ${LAT_DUR}s" >&2
    c0=$(cpu)
    java -cp "$CP" org.mailedge.bench.CheckLoad --port "$port" -c 1 -d "$LAT_DUR" --warmup 1 \
        --users "1-$USERS" --user-order seq --label "$name" > "$WORK/run.json"
    add_run_fields "$round" "$c0" "$(cpu)" < "$WORK/run.json" >> "$RES/latency.jsonl"
  done
done
curl -s "http://127.0.0.1:$ATT_ADMIN/api/counters" > "$RES/counters-attenuated-after.json"
# the check benchmark is over: stop its edges so that they take no CPU from what follows
for v in PID_edge_through PID_edge_through_cache PID_edge_attenuated; do kill "${!v}" 2>/dev/null || true; done

# ---- 3. heap per idle connection
edge edge-idle "$IDLE_PORT" "pop3: {listen: \"127.0.0.1:$IDLE_PORT\", max-connections: $((IDLE + 1000)), max-connections-per-address: 0, idle-timeout-before-login: 1h}" \
  "attenuation: {interval: 1d}" "admin: {listen: \"127.0.0.1:$IDLE_ADMIN\"}"
echo "idle connections: teaching the edge $IDLE users" >&2
python3 "$HARNESS/load/pop3load.py" --port "$IDLE_PORT" -c 20 --users "1-$IDLE" --user-order seq \
  --max-sessions "$IDLE" -d 600 --label warmup-edge-idle > "$RES/warmup-edge-idle.json"
heap_used_kb() { # PID: used heap in KiB after a full GC
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/ used / {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?$/, "", v); print v; exit}}'
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
idle_run() { # KIND [--login FIRST]
  local kind=$1; shift
  local before after rss0 rss1 fifo=$WORK/idle.fifo
  sleep 2
  before=$(heap_used_kb "$PID_edge_idle") rss0=$(rss_kb "$PID_edge_idle")
  rm -f "$fifo"; mkfifo "$fifo"
  java -Xss256k -cp "$CP" org.mailedge.bench.IdleConnections "$IDLE_PORT" "$IDLE" "$@" < "$fifo" > "$WORK/idle.out" 2> "$RES/idle-$kind.err" &
  local client=$!
  exec 3> "$fifo"
  local t=0
  until grep -q '^ready' "$WORK/idle.out" 2>/dev/null; do
    kill -0 "$client" 2>/dev/null || { exec 3>&-; cat "$RES/idle-$kind.err" >&2; die "idle client ($kind) failed"; }
    sleep 1; t=$((t + 1)); ((t < 600)) || die "idle client ($kind) took too long"
  done
  sleep 2
  after=$(heap_used_kb "$PID_edge_idle") rss1=$(rss_kb "$PID_edge_idle")
  local open
  open=$(ss -Htn state established "( sport = :$IDLE_PORT )" | wc -l)
  echo "{\"kind\": \"$kind\", \"connections\": $IDLE, \"established_at_edge\": $open, \"heap_before_kb\": $before, \"heap_after_kb\": $after, \"rss_before_kb\": $rss0, \"rss_after_kb\": $rss1}" >> "$RES/idle.jsonl"
  exec 3>&-
  wait "$client" || true
}
echo "idle connections: $IDLE after the greeting" >&2
idle_run greeting
echo "idle connections: $IDLE logged in (attenuated)" >&2
idle_run logged-in --login 1
curl -s "http://127.0.0.1:$IDLE_ADMIN/api/counters" > "$RES/counters-idle.json"
kill "$PID_edge_idle" 2>/dev/null || true

# ---- 4. the demo
if [ "$DEMO" = 1 ]; then
  echo "demo" >&2
  (cd "$ROOT" && ./mailedge demo) > "$RES/demo.txt" 2> "$RES/demo.err"
fi

# ---- 5. the cache (optional re-run)
if [ "$RUN_CACHE" = 1 ]; then
  echo "cache benchmark (bench/cache-bench.sh)" >&2
  BASE_PORT=$((BASE + 600)) "$ROOT/bench/cache-bench.sh" > "$RES/cache.md" 2> "$RES/cache.err"
fi

cleanup; trap - EXIT
python3 "$ROOT/bench/report.py" "$RES" "$OUT_DOC" "$CONC" "$DUR" "$ROUNDS" "$WARMUP" "$USERS" "$LAT_DUR" "$PREWARM"
echo "wrote ${OUT_DOC#"$ROOT"/} and its chart; raw results in ${RES#"$ROOT"/}" >&2
