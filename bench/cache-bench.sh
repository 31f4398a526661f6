#!/usr/bin/env bash
# Side-by-side benchmark of the mail cache, in one run on one machine (issue 3):
#   1. prefetch ingest: the edge pulls USERS x MSGS messages of BODY bytes from Dovecot
#      (master-user login) into its store; messages/s and MB/s from the prefetch run record;
#   2. RETR throughput: the same retrieval load (pop3load.py --mode retr: login, STAT, UIDL,
#      RETR 1..n, QUIT) against Dovecot directly, the edge serving from its cache, and the edge
#      with the cache off (every RETR passed through to Dovecot), ROUNDS rounds, the order of
#      the targets reversed every other round; medians reported.
# Writes raw JSON lines to bench/results/cache-<UTC>.jsonl and prints a Markdown table.
# Users are taken in sequence so that two clients rarely want one mailbox at once: the edge keeps
# RFC 1939's exclusive lock ([IN-USE]); Dovecot by default does not (pop3_lock_session = no).
# Environment: USERS (100), MSGS (10), BODY (100000), CONC (20), DUR (15), ROUNDS (3), BASE_PORT (11900),
# EDGE_JAVA_OPTS (e.g. a JFR recording).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/harness}
USERS=${USERS:-100} MSGS=${MSGS:-10} BODY=${BODY:-100000} CONC=${CONC:-20} DUR=${DUR:-15} ROUNDS=${ROUNDS:-3}
BASE=${BASE_PORT:-11900}
DOVECOT=$BASE CACHED=$((BASE + 10)) CACHED_ADMIN=$((BASE + 11)) PASSTHRU=$((BASE + 20))
. "$ROOT/scripts/lib/packages.sh"
need_packages dovecot:dovecot-core /usr/lib/dovecot/pop3:dovecot-pop3d
. "$HARNESS/peers/lib.sh"

WORK=$(mktemp -d); chmod 0755 "$WORK"
RESULTS=$ROOT/bench/results; mkdir -p "$RESULTS"
OUT=$RESULTS/cache-$(date -u +%Y%m%dT%H%M%SZ).jsonl
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$HARNESS/peers/dovecot.sh" stop "$WORK/dovecot" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
admin() { "$ROOT/mailedge" "$@" --admin "http://127.0.0.1:$CACHED_ADMIN/"; }

echo "dovecot: $USERS users x $MSGS messages x $BODY bytes" >&2
"$HARNESS/peers/dovecot.sh" start "$WORK/dovecot" "$DOVECOT" "$USERS" >/dev/null
"$HARNESS/peers/dovecot.sh" fill "$WORK/dovecot" 1 "$USERS" "$MSGS" "$BODY" >/dev/null
# first logins build Dovecot's indexes: keep that out of the figures
python3 "$HARNESS/load/pop3load.py" --port "$DOVECOT" -c 10 --users "1-$USERS" --user-order seq \
  --max-sessions "$USERS" -d 120 >/dev/null

"$ROOT/mailedge" --version >/dev/null
cat > "$WORK/cached.yaml" <<YAML
node: {name: edge, data-dir: "$WORK/cached-data"}
pop3: {listen: "127.0.0.1:$CACHED"}
central: {host: 127.0.0.1, port: $DOVECOT}
notify: {enabled: false}
admin: {listen: "127.0.0.1:$CACHED_ADMIN"}
prefetch: {login: master, master-user: edge, master-password: master-secret, cron: "0 0 3 1 1 ? 2099"}
YAML
cat > "$WORK/passthru.yaml" <<YAML
node: {data-dir: "$WORK/passthru-data"}
pop3: {listen: "127.0.0.1:$PASSTHRU"}
central: {host: 127.0.0.1, port: $DOVECOT}
notify: {enabled: false}
admin: {enabled: false}
cache: {enabled: false}
YAML
MAILEDGE_SESSION_LOG=WARN java ${EDGE_JAVA_OPTS:-} -jar "$ROOT/cache-node/target/mailedge.jar" serve --config "$WORK/cached.yaml" >"$WORK/cached.log" 2>&1 &
PIDS+=($!)
MAILEDGE_SESSION_LOG=WARN java ${EDGE_JAVA_OPTS:-} -jar "$ROOT/cache-node/target/mailedge.jar" serve --config "$WORK/passthru.yaml" >"$WORK/passthru.log" 2>&1 &
PIDS+=($!)
wait_port "$CACHED" 60 && wait_port "$PASSTHRU" 60 && wait_port "$CACHED_ADMIN" 60 || { tail "$WORK"/*.log; exit 1; }

seq -f 'user%04g' 1 "$USERS" > "$WORK/users.txt"
admin users set-home --node edge --file "$WORK/users.txt" >/dev/null
admin prefetch run >/dev/null
until admin prefetch status 2>/dev/null | grep -q '^running: false'; do sleep 1; done
admin prefetch status | tee "$WORK/prefetch.txt" >&2
python3 - "$WORK/prefetch.txt" "$OUT" <<'PY'
import json, re, sys, datetime
text = open(sys.argv[1]).read()
def field(name):
    m = re.search(r"^\s*%s: (.*)$" % name, text, re.M)
    return m.group(1).strip() if m else None
start = datetime.datetime.fromisoformat(field("startedAt").replace("Z", "+00:00"))
end = datetime.datetime.fromisoformat(field("finishedAt").replace("Z", "+00:00"))
secs = (end - start).total_seconds()
msgs, octets = int(field("messages")), int(field("bytes"))
row = {"label": "prefetch", "seconds": secs, "messages": msgs, "bytes": octets,
       "messages_per_s": msgs / secs, "mb_per_s": octets / secs / 1e6, "outcome": field("outcome")}
open(sys.argv[2], "a").write(json.dumps(row) + "\n")
PY

targets=("dovecot:$DOVECOT" "edge-cache:$CACHED" "edge-passthrough:$PASSTHRU")
for ((round = 1; round <= ROUNDS; round++)); do
  order=("${targets[@]}")
  if ((round % 2 == 0)); then order=("${targets[2]}" "${targets[1]}" "${targets[0]}"); fi
  for t in "${order[@]}"; do
    name=${t%%:*} port=${t#*:}
    echo "round $round: $name" >&2
    python3 "$HARNESS/load/pop3load.py" --port "$port" -c "$CONC" -d "$DUR" --mode retr --users "1-$USERS" \
      --label "$name" --timeout 30 --user-order seq >> "$OUT"
  done
done

python3 - "$OUT" "$USERS" "$MSGS" "$BODY" "$CONC" "$DUR" "$ROUNDS" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
users, msgs, body, conc, dur, rounds = sys.argv[2:]
pre = [r for r in rows if r["label"] == "prefetch"][0]
print(f"Prefetch from Dovecot: {pre['messages']} messages, {pre['bytes']/1e6:.1f} MB in {pre['seconds']:.1f} s: "
      f"**{pre['messages_per_s']:.0f} messages/s, {pre['mb_per_s']:.1f} MB/s** ({pre['outcome']})\n")
print(f"RETR load: {conc} clients, {dur} s per run, {rounds} rounds, {users} users x {msgs} messages of {int(body)//1000} KB; medians.\n")
print("| target | sessions/s | messages/s | MB/s | p50 ms | p99 ms | errors |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
med = {}
for name in ("dovecot", "edge-cache", "edge-passthrough"):
    rs = [r for r in rows if r["label"] == name]
    m = lambda k: statistics.median(r[k] for r in rs)
    mbs = statistics.median(r["bytes_retrieved"] / r.get("duration_s", float(dur)) / 1e6 for r in rs)
    msg_s = statistics.median(r["messages_retrieved"] / r.get("duration_s", float(dur)) for r in rs)
    med[name] = m("sessions_per_s")
    print(f"| {name} | {m('sessions_per_s'):.1f} | {msg_s:.0f} | {mbs:.1f} | {m('p50_ms'):.1f} | {m('p99_ms'):.1f} | {sum(r['errors'] for r in rs)} |")
print(f"\nedge-cache / edge-passthrough: {med['edge-cache']/med['edge-passthrough']:.2f}x; "
      f"edge-cache / dovecot: {med['edge-cache']/med['dovecot']:.2f}x")
PY
echo "raw results: $OUT" >&2
