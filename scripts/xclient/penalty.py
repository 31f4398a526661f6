"""Subscriber A's wrong passwords, then subscriber B's login, through the edge: login times.

Each subscriber connects from its own 127.0.0.0/8 address. With --mode xclient, B's login must
not be held by Dovecot's penalty for A's failures (exit status 1 if it takes 1.5 s or more);
with --mode none it is only reported.
"""
import argparse
import poplib
import socket
import sys
import time


class Pop3From(poplib.POP3):
    """poplib's client from a given local address (poplib has no source_address)."""

    def __init__(self, host, port, source, timeout=60):
        self._source = source
        super().__init__(host, port, timeout)

    def _create_socket(self, timeout):
        return socket.create_connection((self.host, self.port), timeout, source_address=(self._source, 0))


def login_seconds(port, source, user, password):
    pop = Pop3From("127.0.0.1", port, source)
    try:
        pop.user(user)
        start = time.monotonic()
        try:
            pop.pass_(password)
            ok = True
        except poplib.error_proto:
            ok = False
        return time.monotonic() - start, ok
    finally:
        try:
            pop.quit()
        except Exception:
            pop.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--mode", required=True)
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    ap.add_argument("--bad-user", required=True)
    ap.add_argument("--user", required=True)
    args = ap.parse_args()
    failures = []
    for _ in range(2):
        seconds, ok = login_seconds(args.port, args.a, args.bad_user, "wrong-password")
        if ok:
            print("xclient-check: FAIL a wrong password was accepted")
            return 1
        failures.append(seconds)
    seconds, ok = login_seconds(args.port, args.b, args.user, "pw-" + args.user)
    print("forward-client-address=%-7s A (%s) wrong-password logins: %s; B (%s) login: %.2f s%s"
          % (args.mode, args.a, ", ".join("%.2f s" % s for s in failures), args.b, seconds, "" if ok else " REFUSED"))
    if not ok:
        return 1
    if args.mode == "xclient" and seconds >= 1.5:
        print("xclient-check: FAIL with XCLIENT, B's login was held by A's penalty")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
