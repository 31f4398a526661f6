#!/usr/bin/env bash
# The admin console end to end, in headless Chromium driven by Playwright.
#
#   scripts/console-check.sh [--update-docs]
#
# Starts a private Dovecot as the central server (../shared/harness/peers/dovecot.sh), delivers
# three messages to user0001, and starts the edge (`mailedge serve`, built from this checkout) in
# front of it with prefetch through Dovecot's master user and the admin server behind a bearer
# token (admin.token-file, mode 0600). Then:
#
#   page              GET /console answers the page without a token
#   token             GET /api/console/overview: 401 without a token and with a wrong one, 200 with it
#   overview shape    the overview has the fields the console reads
#   first check       a curl check through the edge goes through to Dovecot (passedThrough +1)
#   second check      the next one is answered at the edge (answeredAtEdge +1)
#   lookup shape      GET /api/users/lookup has the fields the console reads
#   browser           scripts/console/console-test.mjs in Chromium: the token form (401; a wrong
#                     token is refused, then the right one), the counters, the chart, the busiest
#                     pollers, a user lookup (tracked), unthrottle (status line, then not tracked),
#                     a third curl check that must go through (passedThrough +1, answeredAtEdge
#                     unchanged), a reload, prefetch, evict, the schedule form (an invalid cron
#                     shows the API's error), pause and resume, no script errors; a screenshot
#
# One line per step, "console: <step>: ok|FAILED <detail>", then "console: N passed, M failed";
# exit status 1 on any failure. The screenshot is kept in CONSOLE_ARTEFACTS (default
# cache-node/target/console-check/console.png); --update-docs also copies it to docs/console.png.
#
# Installs what it lacks (as root): Debian's dovecot, curl and chromium, and the npm package
# playwright-core into CONSOLE_NODE_DIR (default ~/.cache/mailedge-console-check; Playwright never
# downloads a browser: it drives /usr/bin/chromium). Everything listens on 127.0.0.1, ports
# CONSOLE_BASE_PORT (default 13100) to +2. KEEP_TMP=1 keeps the work folder.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$ROOT/../shared/harness}
BASE=${CONSOLE_BASE_PORT:-13100}
DOVECOT_PORT=$BASE EDGE_PORT=$((BASE + 1)) ADMIN_PORT=$((BASE + 2))
ARTEFACTS=${CONSOLE_ARTEFACTS:-$ROOT/cache-node/target/console-check}
NODE_DIR=${CONSOLE_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mailedge-console-check}
CHROMIUM=/usr/bin/chromium
USER_NAME=user0001 USER_PASS=pw-user0001
UPDATE_DOCS=0
for arg in "$@"; do
  case $arg in
    --update-docs) UPDATE_DOCS=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "console: unknown argument '$arg' (--update-docs, --help)" >&2; exit 2 ;;
  esac
done
START=$(date +%s)
PASSED=0 FAILED=0
ok() { echo "console: $1: ok"; PASSED=$((PASSED + 1)); }
failed() { echo "console: $1: FAILED $2"; FAILED=$((FAILED + 1)); }
finish() {
  echo "console: finished in $(($(date +%s) - START)) s"
  echo "console: $PASSED passed, $FAILED failed"
  if [ "$FAILED" -eq 0 ]; then exit 0; else exit 1; fi
}
isnum() { local v; for v in "$@"; do [[ $v =~ ^[0-9]+$ ]] || return 1; done; }

. "$ROOT/scripts/lib/packages.sh"
need_packages dovecot:dovecot-core /usr/lib/dovecot/pop3:dovecot-pop3d curl:curl python3:python3 "$CHROMIUM:chromium" \
  node:nodejs npm:npm
if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  failed setup "playwright-core needs Node.js 20 or later, found $(node --version)"; finish
fi
if [ ! -f "$NODE_DIR/node_modules/playwright-core/package.json" ]; then
  echo "installing playwright-core into $NODE_DIR" >&2
  mkdir -p "$NODE_DIR"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$NODE_DIR" playwright-core >&2 \
    || { failed setup "npm install playwright-core failed"; finish; }
fi

[ -x "$HARNESS/peers/dovecot.sh" ] || { failed setup "no harness at $HARNESS (set HARNESS)"; finish; }
. "$HARNESS/peers/lib.sh"
for port in "$DOVECOT_PORT" "$EDGE_PORT" "$ADMIN_PORT"; do
  port_open "$port" && { failed setup "127.0.0.1:$port is in use (set CONSOLE_BASE_PORT)"; finish; }
done

. "$ROOT/scripts/lib/workdir.sh"

"$HARNESS/peers/dovecot.sh" start "$WORK/dovecot" "$DOVECOT_PORT" 4 >/dev/null
for i in 1 2 3; do
  printf 'From: Console Check <sender@central.test>\nTo: %s@central.test\nSubject: console check message %d\nMessage-ID: <%s.%d@console.test>\nDate: Fri, 04 Dec 2026 09:0%d:00 +0000\n\nHello %s, this is message %d.\n' \
    "$USER_NAME" "$i" "$USER_NAME" "$i" "$i" "$USER_NAME" "$i" | "$HARNESS/peers/dovecot.sh" deliver "$WORK/dovecot" "$USER_NAME"
done

TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
(umask 077 && printf '%s\n' "$TOKEN" > "$WORK/admin-token")
chmod 0600 "$WORK/admin-token"
cat > "$WORK/edge.yaml" <<YAML
node: {data-dir: "$WORK/edge-data"}
pop3: {listen: "127.0.0.1:$EDGE_PORT"}
central: {host: 127.0.0.1, port: $DOVECOT_PORT}
notify: {enabled: false}
admin: {enabled: true, listen: "127.0.0.1:$ADMIN_PORT", token-file: "$WORK/admin-token"}
prefetch: {login: master, master-user: edge, master-password: master-secret}
YAML
"$ROOT/mailedge" --version >/dev/null   # builds the jar when needed
MAILEDGE_JAVA_OPTS=${MAILEDGE_JAVA_OPTS:--Xmx256m} \
  "$ROOT/mailedge" serve --config "$WORK/edge.yaml" >"$WORK/edge.out" 2>"$WORK/edge.log" &
EDGE_PID=$!
for port in "$EDGE_PORT" "$ADMIN_PORT"; do
  if ! wait_port "$port" 60; then
    tail -30 "$WORK/edge.log"; failed setup "the edge did not open 127.0.0.1:$port"; finish
  fi
done
SETUP_DONE=$(date +%s)

ADMIN=http://127.0.0.1:$ADMIN_PORT
# http_code URL [curl args...]: prints the status code; the body goes to $WORK/body
http_code() { curl -sS --max-time 10 -o "$WORK/body" -w '%{http_code}' "$@" 2>"$WORK/curl.err" || echo "000"; }
overview() { curl -sS --max-time 10 -H "Authorization: Bearer $TOKEN" "$ADMIN/api/console/overview"; }
# counters: prints "checks answeredAtEdge passedThrough" from the overview
counters() {
  overview | python3 -c 'import json, sys; c = json.load(sys.stdin)["counters"]; print(c["checks"], c["answeredAtEdge"], c["passedThrough"])'
}
# pop3_check: one check of the user through the edge (curl LIST); prints the number of messages listed
pop3_check() {
  curl -sS --max-time 30 -u "$USER_NAME:$USER_PASS" "pop3://127.0.0.1:$EDGE_PORT/" | grep -c . || true
}

# ---- page and token -------------------------------------------------------------------------
code=$(http_code "$ADMIN/console")
if [ "$code" = 200 ] && grep -q 'id="history-chart"' "$WORK/body"; then ok page
else failed page "GET /console without a token: HTTP $code, want 200 and the console page ($(head -c 200 "$WORK/body" 2>/dev/null | tr '\n' ' '))"; fi

detail=
code=$(http_code "$ADMIN/api/console/overview")
if [ "$code" != 401 ]; then detail+="without a token: HTTP $code, want 401; "
elif ! python3 -c 'import json, sys; e = json.load(open(sys.argv[1]))["error"]; assert isinstance(e, str) and e' "$WORK/body" 2>/dev/null; then
  detail+="the 401 has no {\"error\": \"...\"} body ($(head -c 200 "$WORK/body" | tr '\n' ' ')); "
fi
code=$(http_code -H "Authorization: Bearer wrong-$TOKEN" "$ADMIN/api/console/overview")
[ "$code" = 401 ] || detail+="with a wrong token: HTTP $code, want 401; "
code=$(http_code -H "Authorization: Bearer $TOKEN" "$ADMIN/api/console/overview")
[ "$code" = 200 ] || detail+="with the token: HTTP $code, want 200 ($(head -c 200 "$WORK/body" | tr '\n' ' ')); "
code=$(http_code "$ADMIN/metrics")
[ "$code" = 401 ] || detail+="GET /metrics without a token: HTTP $code, want 401; "
if [ -z "$detail" ]; then ok token; else failed token "${detail%; }"; fi

# ---- the overview's fields (what the console reads) -----------------------------------------
shape() {  # shape overview|lookup FILE: prints what is missing or of the wrong type, nothing when all is there
  python3 - "$@" <<'EOF'
import json, sys
kind, path = sys.argv[1], sys.argv[2]
try:
    doc = json.load(open(path))
except Exception as e:
    print("not JSON: %s" % e); sys.exit()
problems = []
def need(obj, key, types, where):
    if not isinstance(obj, dict) or key not in obj:
        problems.append("%s.%s missing" % (where, key)); return None
    v = obj[key]
    if not isinstance(v, types) or (isinstance(v, bool) and bool not in (types if isinstance(types, tuple) else (types,))):
        problems.append("%s.%s is %s" % (where, key, json.dumps(v)[:60])); return None
    return v
num, text, opt_text = (int, float), str, (str, type(None))
if kind == "overview":
    for k in ("node", "hostName", "now"):
        need(doc, k, text, "overview")
    c = need(doc, "counters", dict, "overview")
    if c is not None:
        for k in ("checks answeredAtEdge passedThrough centralSessions refusedLogins inUse centralUnavailable messagesRelayed "
                  "deletesCommitted bytesFromEdge bytesFromCentral uidMismatches deletesQueued servedOffline notificationsKnown "
                  "notificationsUnknown fastCheckRewards unattenuatedChecks delayedSessions delayInsertedMillis loginDelayRejects "
                  "noticesSent noticesFailed noticesSuppressed cacheHits connectionsOpened connectionsOpen").split():
            need(c, k, num, "counters")
        need(c, "sessionsByMode", dict, "counters")
    need(doc, "usersTracked", num, "overview")
    h = need(doc, "history", list, "overview")
    if h is not None:
        if len(h) != 60:
            problems.append("history has %d entries, want 60" % len(h))
        for i, e in enumerate(h[:60]):
            if need(e, "minute", text, "history[%d]" % i) is None or need(e, "answeredAtEdge", num, "history[%d]" % i) is None \
                    or need(e, "passedThrough", num, "history[%d]" % i) is None:
                break
        minutes = [e.get("minute") for e in h if isinstance(e, dict)]
        if minutes != sorted(minutes):
            problems.append("history is not oldest first")
    b = need(doc, "busiest", list, "overview")
    if b is not None:
        if len(b) > 10:
            problems.append("busiest has %d entries, want at most 10" % len(b))
        for i, e in enumerate(b):
            need(e, "user", text, "busiest[%d]" % i); need(e, "checks", num, "busiest[%d]" % i)
        counts = [e.get("checks", 0) for e in b if isinstance(e, dict)]
        if counts != sorted(counts, reverse=True):
            problems.append("busiest is not in descending order of checks")
    p = need(doc, "prefetch", dict, "overview")
    if p is not None:
        if need(p, "available", bool, "prefetch") is not True:
            problems.append("prefetch.available is not true (this node has prefetch)")
        for k in ("schedule", "progress"):
            if k not in p:
                problems.append("prefetch.%s missing (null when none)" % k)
        if isinstance(p.get("schedule"), dict):
            for k in ("cron", "maxDuration", "timeZone"):
                need(p["schedule"], k, text, "prefetch.schedule")
            need(p["schedule"], "paused", bool, "prefetch.schedule")
else:  # lookup, of a user with one check through and one answered at the edge
    need(doc, "user", text, "lookup")
    a = need(doc, "attenuation", dict, "lookup")
    if a is not None:
        for k in ("mailbox", "knownAt", "newMailPending", "sessionOpen", "checksSinceRelease"):
            if k not in a:
                problems.append("attenuation.%s missing" % k)
        if isinstance(a.get("mailbox"), dict):
            need(a["mailbox"], "messages", num, "attenuation.mailbox"); need(a["mailbox"], "octets", num, "attenuation.mailbox")
            if a["mailbox"].get("messages") != 3:
                problems.append("attenuation.mailbox.messages is %s, want 3" % a["mailbox"].get("messages"))
    need(doc, "recentChecks", num, "lookup")
    if isinstance(doc.get("recentChecks"), int) and doc["recentChecks"] < 2:
        problems.append("recentChecks is %d after 2 checks" % doc["recentChecks"])
    for k in ("cache", "directory"):
        if k not in doc:
            problems.append("lookup.%s missing (null when none)" % k)
    if isinstance(doc.get("directory"), dict):
        for k in ("homeNode", "lastSeenNode", "lastSeenAt", "lastPrefetchAt"):
            if k not in doc["directory"]:
                problems.append("directory.%s missing" % k)
print("; ".join(problems))
EOF
}
overview > "$WORK/overview.json" 2>"$WORK/curl.err" || true
problems=$(shape overview "$WORK/overview.json")
if [ -z "$problems" ]; then ok "overview shape"; else failed "overview shape" "$problems"; fi

# ---- two checks through the edge ------------------------------------------------------------
read -r c0 e0 p0 < <(counters 2>/dev/null || echo "x x x")
listed=$(pop3_check)
read -r c1 e1 p1 < <(counters 2>/dev/null || echo "x x x")
if [ "$listed" = 3 ] && isnum "$e0" "$p0" "$e1" "$p1" && [ "$p1" -eq $((p0 + 1)) ] && [ "$e1" -eq "$e0" ]; then ok "first check passes through"
else failed "first check passes through" "curl listed $listed messages (want 3); passedThrough $p0 -> $p1 (want +1), answeredAtEdge $e0 -> $e1 (want +0)"; fi
listed=$(pop3_check)
read -r c2 e2 p2 < <(counters 2>/dev/null || echo "x x x")
if [ "$listed" = 3 ] && isnum "$e1" "$p1" "$e2" "$p2" && [ "$e2" -eq $((e1 + 1)) ] && [ "$p2" -eq "$p1" ]; then ok "second check answered at the edge"
else failed "second check answered at the edge" "curl listed $listed messages (want 3); answeredAtEdge $e1 -> $e2 (want +1), passedThrough $p1 -> $p2 (want +0)"; fi

code=$(http_code -H "Authorization: Bearer $TOKEN" "$ADMIN/api/users/lookup?user=$USER_NAME")
if [ "$code" != 200 ]; then failed "lookup shape" "GET /api/users/lookup?user=$USER_NAME: HTTP $code ($(head -c 200 "$WORK/body" | tr '\n' ' '))"
else
  problems=$(shape lookup "$WORK/body")
  if [ -z "$problems" ]; then ok "lookup shape"; else failed "lookup shape" "$problems"; fi
fi

# ---- the browser ----------------------------------------------------------------------------
mkdir -p "$ARTEFACTS"
rm -f "$ARTEFACTS/console.png"
status=0
CONSOLE_URL="$ADMIN/console" CONSOLE_ADMIN="$ADMIN" CONSOLE_TOKEN="$TOKEN" CONSOLE_USER="$USER_NAME" CONSOLE_PASSWORD="$USER_PASS" \
  CONSOLE_EDGE_PORT="$EDGE_PORT" CONSOLE_SCREENSHOT="$ARTEFACTS/console.png" CONSOLE_PROFILE="$WORK/chromium-profile" \
  CONSOLE_CHROMIUM="$CHROMIUM" PLAYWRIGHT_DIR="$NODE_DIR" \
  timeout 120 node "$ROOT/scripts/console/console-test.mjs" >"$WORK/browser.out" 2>"$WORK/browser.err" || status=$?
cat "$WORK/browser.out"
PASSED=$((PASSED + $(grep -c '^console: .*: ok$' "$WORK/browser.out" || true)))
FAILED=$((FAILED + $(grep -c '^console: .*: FAILED' "$WORK/browser.out" || true)))
if [ "$status" -ne 0 ] && ! grep -q '^console: .*: FAILED' "$WORK/browser.out"; then
  failed browser "console-test.mjs exit $status: $(tail -5 "$WORK/browser.err" | tr '\n' ' ')"
fi
if [ -s "$ARTEFACTS/console.png" ]; then
  echo "console: screenshot: $ARTEFACTS/console.png"
  if [ "$UPDATE_DOCS" = 1 ]; then cp "$ARTEFACTS/console.png" "$ROOT/docs/console.png"; echo "console: copied to docs/console.png"; fi
fi
if [ "$FAILED" -ne 0 ]; then
  [ -s "$WORK/browser.err" ] && { echo "--- console-test.mjs stderr (last 20 lines) ---"; tail -20 "$WORK/browser.err"; }
  echo "--- edge log (last 30 lines) ---"; tail -30 "$WORK/edge.log"
fi
echo "console: setup took $((SETUP_DONE - START)) s"
finish
