# The work folder of a suite that runs the harness Dovecot and an edge: sets WORK and EDGE_PID
# (empty until the suite starts the edge) and an EXIT trap that stops both and removes the folder
# (KEEP_TMP=1 keeps it). Source after "$HARNESS/peers/lib.sh", do not run.
WORK=$(mktemp -d)
chmod 0755 "$WORK"
EDGE_PID=
cleanup() {
  if [ -n "$EDGE_PID" ]; then kill "$EDGE_PID" 2>/dev/null && wait "$EDGE_PID" 2>/dev/null || true; fi
  "$HARNESS/peers/dovecot.sh" stop "$WORK/dovecot" >/dev/null 2>&1 || true
  if [ "${KEEP_TMP:-0}" = 1 ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
