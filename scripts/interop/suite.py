#!/usr/bin/env python3
"""The client x situation matrix of the interop suite; scripts/interop.sh starts Dovecot and
the edge and then runs this. Standard library only.

Every client has its own user at Dovecot, so the edge's counters (GET /api/counters) and the
user's attenuation state move only with that client's sessions while it runs. Situations, in
this order, each one POP3 session of the client through the edge:

  through     the edge has never seen the user: the check goes to Dovecot
  attenuated  a message is delivered to Dovecot without a notification; the check is answered
              at the edge and shows the last known state (without that message)
  notified    a notification is sent with swaks; the next check goes through and shows it
  cache       a message is delivered, the edge prefetches the user (admin API, master user),
              a notification is sent; every byte the client gets comes from the edge's cache
  delete      the client deletes some messages; Dovecot no longer holds exactly those

After each session the suite compares what the client delivered with what Dovecot holds,
fetched straight from Dovecot over POP3 with the master user: the same messages, byte for
byte (after the client's own line-ending conversion, where it converts), and Dovecot holds
exactly what it held before less what the client was asked to delete.

fetchmail runs twice: fetchmail-keep (--keep) and fetchmail-delete (no --keep: every session
deletes what it fetched, so its expectations follow from that).
"""
import argparse
import collections
import hashlib
import json
import os
import poplib
import subprocess
import sys
import time
import urllib.error
import urllib.request

HOST = "127.0.0.1"
TIMEOUT = 60


def password(user):
    return "pw-" + user


class Env:
    def __init__(self, args):
        self.dovecot_dir = args.dovecot_dir
        self.dovecot_port = args.dovecot_port
        self.edge_port = args.edge_port
        self.notify_port = args.notify_port
        self.admin_port = args.admin_port
        self.pop3s_port = args.pop3s_port
        self.ca_file = args.ca_file
        self.harness = args.harness
        self.work = args.work
        self.jakarta_cp = args.jakarta_cp
        self.master_user = args.master_user
        self.master_password = args.master_password
        self.save = os.path.join(self.work, "save-message.sh")
        with open(self.save, "w") as f:
            # an MDA: one file per message, exactly the bytes the client hands over
            f.write('#!/bin/sh\nset -e\nf=$(mktemp "$1/m.XXXXXX")\ncat > "$f"\n')
        os.chmod(self.save, 0o755)

    # ---- Dovecot, the central server ----------------------------------------------------
    def deliver(self, user, message):
        subprocess.run([os.path.join(self.harness, "peers/dovecot.sh"), "deliver", self.dovecot_dir, user],
                       input=message, check=True, stdout=subprocess.DEVNULL, timeout=TIMEOUT)

    def dovecot_holds(self, user):
        """[(uidl, bytes)] in Dovecot's order, as Dovecot's RETR gives them (CRLF, unstuffed)."""
        p = poplib.POP3(HOST, self.dovecot_port, timeout=30)
        try:
            p.user(user + "*" + self.master_user)
            p.pass_(self.master_password)
            _, listing, _ = p.uidl()
            held = []
            for line in listing:
                number, uid = line.decode().split()
                _, lines, _ = p.retr(int(number))
                held.append((uid, b"\r\n".join(lines) + b"\r\n"))
            return held
        finally:
            p.quit()

    # ---- the edge ---------------------------------------------------------------------------
    def admin(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request("http://%s:%d%s" % (HOST, self.admin_port, path), data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise

    def counters(self):
        return self.admin("GET", "/api/counters")["counters"]

    def notify(self, user):
        subprocess.run(["swaks", "--server", HOST, "--port", str(self.notify_port), "--from", "notify@central.test",
                        "--to", user + "@edge.test", "--header", "Subject: new mail for " + user,
                        "--body", "New mail is waiting for %s." % user, "--silent", "2"],
                       check=True, stdout=subprocess.DEVNULL, timeout=TIMEOUT)

    def prefetch(self, user, expected_messages):
        """Runs a prefetch of USER now (admin API) and waits for it; retries while a prefetch of
        the same user (e.g. one a notification started) makes it skip the user."""
        for _ in range(5):
            last = self.admin("GET", "/api/prefetch")
            last_id = last["run"]["id"] if last else 0
            self.admin("POST", "/api/prefetch/run", {"user": user})
            deadline = time.monotonic() + TIMEOUT
            while time.monotonic() < deadline:
                progress = self.admin("GET", "/api/prefetch")
                if progress and progress["run"]["id"] > last_id and not progress["running"]:
                    break
                time.sleep(0.1)
            else:
                raise RuntimeError("prefetch of %s did not finish within %d s" % (user, TIMEOUT))
            if progress["run"]["messages"] >= expected_messages:
                return progress["run"]
            time.sleep(0.5)
        raise RuntimeError("prefetch of %s fetched %s messages, want %d" % (user, progress["run"]["messages"],
                                                                             expected_messages))


# ---- test messages --------------------------------------------------------------------------
def message(user, i):
    """Message i of a user, as an MTA hands it to dovecot-lda (LF line ends). Sizes vary from
    under 1 KB to about 150 KB; bodies hold lines that need dot-stuffing, a lone dot, 'From '
    at line start, folded headers and 8-bit UTF-8."""
    head = ("From: Interop Sender <sender@central.test>\n"
            "To: %(u)s@central.test\n"
            "Subject: interop %(u)s message %(i)d\n"
            "Message-ID: <%(u)s.%(i)d@interop.test>\n"
            "Date: Thu, 03 Dec 2026 12:%(i)02d:00 +0000\n"
            "X-Interop-Id: %(u)s-%(i)d\n"
            "X-Folded: a header that goes on\n"
            "\tacross a folded line\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: 8bit\n"
            "\n") % {"u": user, "i": i}
    body = ["Hello %s, this is message %d." % (user, i),
            ".",
            ".. two dots",
            ".a line that starts with a dot",
            "From the start of a line, as mbox readers fear",
            "Grüße aus Köln – 8-bit UTF-8 ✓",
            ""]
    lines = {0: 10, 1: 400, 2: 2500}[i % 3]
    body += ["%05d the quick brown fox jumps over the lazy dog %s" % (n, "." * (n % 7)) for n in range(lines)]
    body += [".", "-- ", "end of message %d" % i]
    return (head + "\n".join(body) + "\n").encode("utf-8")


# ---- the clients ----------------------------------------------------------------------------
def as_received(data):
    return data


def lf(data):
    return data.replace(b"\r\n", b"\n")


def read_dir(directory):
    return [open(os.path.join(directory, name), "rb").read() for name in sorted(os.listdir(directory))
            if name != "ctl"]


class Client:
    """name; how it stores what it received (line ends); how it deletes in the delete
    situation: ('numbers', [2, 4]) deletes those message numbers, ('first', 2) the first two it
    fetches; keeps=False: every session deletes what it fetched (fetchmail without --keep)."""
    keeps = True
    stored = staticmethod(as_received)
    stored_note = ""
    deletes = ("numbers", [2, 4])
    cannot_delete = None
    only_new = False  # True: retrieves only messages whose UIDs it has not seen (outside the delete situation)

    def __init__(self, env, user):
        self.env, self.user = env, user

    def run(self, out, visible, delete):
        """One POP3 session through the edge; writes each received message to a file in OUT.
        visible: [(uid, bytes)] the listing the edge must show; delete: see deletes, or None."""
        raise NotImplementedError


class Poplib(Client):
    name = "python-poplib"

    def run(self, out, visible, delete):
        p = poplib.POP3(HOST, self.env.edge_port, timeout=30)
        p.user(self.user)
        p.pass_(password(self.user))
        count, _ = p.stat()
        _, listing, _ = p.list()
        if len(listing) != count:
            raise RuntimeError("LIST has %d entries, STAT says %d" % (len(listing), count))
        _, uidl, _ = p.uidl()
        if [line.split()[1].decode() for line in uidl] != [uid for uid, _ in visible]:
            raise RuntimeError("UIDL differs from Dovecot's UIDs")
        for n in (delete if delete else range(1, count + 1)):
            _, lines, _ = p.retr(n)
            with open(os.path.join(out, "%03d" % n), "wb") as f:
                f.write(b"\r\n".join(lines) + b"\r\n")
            if delete:
                p.dele(n)
        p.quit()
        return "STAT %d" % count


class Curl(Client):
    name = "curl"
    tls = None  # None: clear text; "pop3s": implicit TLS on the POP3S port; "stls": STLS on the POP3 port

    def __init__(self, env, user, tls=None):
        super().__init__(env, user)
        if tls:
            self.tls, self.name = tls, "curl-" + tls

    def run(self, out, visible, delete):
        if self.tls == "pop3s":
            url = "pop3s://%s:%d/" % (HOST, self.env.pop3s_port)
        else:
            url = "pop3://%s:%d/" % (HOST, self.env.edge_port)
        # TLS: the edge's certificate is the only trust anchor; curl checks it and the host name
        tls = ["--cacert", self.env.ca_file] + (["--ssl-reqd"] if self.tls == "stls" else []) if self.tls else []
        auth = ["-sS", "--max-time", str(TIMEOUT)] + tls + ["-u", "%s:%s" % (self.user, password(self.user))]
        # One invocation, one connection (curl reuses it for every URL and --next group): LIST,
        # then RETR of each message, then (delete) DELE of each as a custom request (-X, -I: no body).
        cmd = ["curl"] + auth + [url, "-o", os.path.join(out, "ctl")]
        for n in (delete if delete else range(1, len(visible) + 1)):
            cmd += [url + str(n), "-o", os.path.join(out, "%03d" % n)]
        if delete:
            cmd += ["--next"] + auth + ["-X", "DELE", "-I"] + [url + str(n) for n in delete]
        proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT + 10)
        if proc.returncode != 0:
            raise RuntimeError("curl exit %d: %s" % (proc.returncode, proc.stderr.decode(errors="replace").strip()))
        listed = [l for l in open(os.path.join(out, "ctl"), "rb").read().splitlines() if l.strip()]
        if len(listed) != len(visible):
            raise RuntimeError("LIST gave %d lines, want %d" % (len(listed), len(visible)))
        return "LIST %d" % len(listed)


class Fetchmail(Client):
    stored = staticmethod(lf)  # fetchmail hands messages to an MDA with LF line ends
    stored_note = " (as delivered: LF)"
    deletes = ("first", 2)

    def __init__(self, env, user, keeps, ssl=False):
        super().__init__(env, user)
        self.keeps, self.ssl = keeps, ssl
        self.name = ("fetchmail-ssl" if ssl else "fetchmail-keep") if keeps else "fetchmail-delete"
        if keeps:
            self.cannot_delete = "--keep never deletes (fetchmail-delete is the deleting run)"

    def run(self, out, visible, delete):
        home = os.path.join(out, "..", os.path.basename(out) + ".fetchmail")
        os.makedirs(home)
        rc = os.path.join(home, "rc")
        with open(rc, "w") as f:
            f.write("set no syslog\nset invisible\n"
                    "poll %s with proto POP3 port %d timeout 30\n"
                    "  user \"%s\" there with password \"%s\" is root here\n"
                    "  %s fetchall no rewrite %s\n"
                    "  mda \"%s %s\"\n" % (HOST, self.env.pop3s_port if self.ssl else self.env.edge_port, self.user,
                                           password(self.user), "keep" if self.keeps else "no keep",
                                           # --ssl: implicit TLS, the certificate checked against the edge's own
                                           # (sslcommonname: fetchmail matches DNS names, not 127.0.0.1)
                                           "ssl sslcertck sslcertfile \"%s\" sslcommonname localhost" % self.env.ca_file
                                           if self.ssl else "sslproto ''", self.env.save, out))
        os.chmod(rc, 0o600)
        cmd = ["fetchmail", "-f", rc, "--nosyslog", "-N"]
        if delete:
            cmd += ["--fetchlimit", str(delete)]
        proc = subprocess.run(cmd, capture_output=True, env=dict(os.environ, FETCHMAILHOME=home),
                              timeout=TIMEOUT)
        # 0: mail retrieved; 1: no mail; 13: stopped by --fetchlimit
        if proc.returncode not in (0, 1, 13):
            log = [l for l in proc.stdout.decode(errors="replace").splitlines() + proc.stderr.decode(
                errors="replace").splitlines() if "root" not in l]
            raise RuntimeError("fetchmail exit %d: %s" % (proc.returncode, log[-1] if log else ""))
        return "exit %d" % proc.returncode


class Mpop(Client):
    name = "mpop"
    stored = staticmethod(lf)  # mpop delivers to an MDA with LF line ends
    stored_note = " (as delivered: LF)"
    only_new = True  # mpop's default: it remembers UIDs and retrieves only messages it has not seen

    def __init__(self, env, user, tls=False):
        super().__init__(env, user)
        self.tls = tls
        if tls:
            self.name = "mpop-tls"

    def run(self, out, visible, delete):
        rc = os.path.join(out, "..", os.path.basename(out) + ".mpoprc")
        # tls: STLS on the POP3 port, trusting only the edge's certificate
        tls = ["tls on", "tls_starttls on", "tls_trust_file %s" % self.env.ca_file] if self.tls else ["tls off"]
        lines = ["defaults", "account interop", "host %s" % HOST, "port %d" % self.env.edge_port,
                 "user %s" % self.user, "password %s" % password(self.user), "auth user"] + tls + [
                 "only_new %s" % ("off" if delete else "on"),
                 "uidls_file %s" % os.path.join(self.env.work, "mpop-%s.uidls" % self.user), "received_header off",
                 "delivery mda \"%s %s\"" % (self.env.save, out)]
        if delete:
            # retrieve (and, with --keep=off, delete) only these messages; skip the rest (exit 2)
            ids = " ".join("%s-%d" % (self.user, n) for n in delete)
            filt = rc + ".filter"
            with open(filt, "w") as f:
                f.write("#!/bin/sh\nid=$(sed -n 's/^X-Interop-Id: //p' | tr -d '\\r')\n"
                        "for want in %s; do [ \"$id\" = \"$want\" ] && exit 0; done\nexit 2\n" % ids)
            os.chmod(filt, 0o755)
            lines.append("filter %s" % filt)
        with open(rc, "w") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(rc, 0o600)
        proc = subprocess.run(["mpop", "-C", rc, "--keep=%s" % ("off" if delete else "on"), "-q", "interop"],
                              capture_output=True, timeout=TIMEOUT)
        if proc.returncode != 0:
            raise RuntimeError("mpop exit %d: %s" % (proc.returncode, proc.stderr.decode(errors="replace").strip()))
        return "exit 0"


def getmail_stored(data):
    """getmail6 hands messages to an external MDA with LF line ends and always writes its own
    Return-Path first (the old one's value, else Sender's, else "unknown"; Message.flatten).
    The suite's messages carry neither header."""
    return b"Return-Path: <unknown>\n" + lf(data)


class Getmail(Client):
    name = "getmail6"
    stored = staticmethod(getmail_stored)
    stored_note = " (as delivered: LF, own Return-Path)"
    deletes = ("first", 2)

    def run(self, out, visible, delete):
        home = os.path.join(out, "..", os.path.basename(out) + ".getmail")
        os.makedirs(home)
        rc = os.path.join(home, "rc")
        with open(rc, "w") as f:
            f.write("[retriever]\ntype = SimplePOP3Retriever\nserver = %s\nport = %d\nusername = %s\n"
                    "password = %s\ntimeout = 30\n\n"
                    "[destination]\ntype = MDA_external\npath = %s\narguments = (\"%s\",)\n"
                    "allow_root_commands = true\n\n"
                    "[options]\nread_all = true\ndelete = %s\nreceived = false\ndelivered_to = false\n"
                    "verbose = 0\n%s" % (HOST, self.env.edge_port, self.user, password(self.user), self.env.save,
                                         out, "true" if delete else "false",
                                         "max_messages_per_session = %d\n" % delete if delete else ""))
        os.chmod(rc, 0o600)
        proc = subprocess.run(["getmail", "--getmaildir", home, "--rcfile", rc], capture_output=True,
                              timeout=TIMEOUT)
        if proc.returncode != 0:
            raise RuntimeError("getmail exit %d: %s" % (proc.returncode,
                                                        (proc.stderr or proc.stdout).decode(errors="replace").strip()))
        return "exit 0"


class JakartaMail(Client):
    name = "jakarta-mail"

    def run(self, out, visible, delete):
        cmd = ["java", "-cp", self.env.jakarta_cp, "JakartaMailClient", HOST, str(self.env.edge_port), self.user,
               password(self.user), out]
        if delete:
            cmd.append(",".join(str(n) for n in delete))
        proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
        if proc.returncode != 0:
            raise RuntimeError("exit %d: %s" % (proc.returncode, proc.stderr.decode(errors="replace").strip()
                                                .splitlines()[-1:]))
        return proc.stdout.decode().strip()


# ---- the matrix -----------------------------------------------------------------------------
class Results:
    def __init__(self):
        self.passed = self.failed = self.na = 0

    def line(self, status, client, situation, detail):
        print("%-4s %-16s %-11s %s" % (status, client, situation, detail), flush=True)
        if status == "OK":
            self.passed += 1
        elif status == "FAIL":
            self.failed += 1
        else:
            self.na += 1


def delta(before, after, key):
    return after[key] - before[key]


def describe_mismatch(got, want):
    got_c, want_c = collections.Counter(got), collections.Counter(want)
    missing, extra = sum((want_c - got_c).values()), sum((got_c - want_c).values())
    return "%d received, %d expected: %d expected ones missing or different, %d unexpected" % (
        len(got), len(want), missing, extra)


class ClientRun:
    """The five situations for one client and its user."""

    def __init__(self, env, client, results):
        self.env, self.client, self.results = env, client, results
        self.user = client.user
        self.next_message = 1
        self.last_known = []  # the maildrop as the edge last learned it (Dovecot after the previous session)
        self.seen = set()  # UIDs the client has retrieved, for clients that retrieve only new ones

    def deliver(self, count):
        for _ in range(count):
            self.env.deliver(self.user, message(self.user, self.next_message))
            self.next_message += 1

    def session(self, situation, visible, received, deleted, expect_mode, delete=None, cache_only=False):
        """Runs one client session and checks it.
        visible: [(uid, bytes)] the listing the client must see; received: those it must fetch;
        deleted: those it must delete at Dovecot; expect_mode: 'through' or 'attenuated'."""
        env, client = self.env, self.client
        if client.only_new and situation != "delete":
            received = [m for m in received if m[0] not in self.seen]
        before_dovecot = env.dovecot_holds(self.user)
        before = env.counters()
        out = os.path.join(env.work, "out", "%s-%s" % (client.name, situation))
        os.makedirs(out)
        problems = []
        try:
            said = client.run(out, visible, delete)
        except Exception as e:  # a client error is this situation's failure, not the suite's
            said = None
            problems.append("client failed: %s" % e)
        after = env.counters()
        after_dovecot = env.dovecot_holds(self.user)

        got = [hashlib.sha256(b).hexdigest() for b in read_dir(out)] if said is not None else []
        want = [hashlib.sha256(client.stored(b)).hexdigest() for _, b in received]
        if said is not None and collections.Counter(got) != collections.Counter(want):
            problems.append("messages differ: " + describe_mismatch(got, want))

        deleted_uids = {uid for uid, _ in deleted}
        want_left = [uid for uid, _ in before_dovecot if uid not in deleted_uids]
        left = [uid for uid, _ in after_dovecot]
        if left != want_left:
            gone = [uid for uid, _ in before_dovecot if uid not in left]
            problems.append("Dovecot lost %s, want exactly %s deleted" % (sorted(gone) or "nothing",
                                                                          sorted(deleted_uids) or "nothing"))

        checks = delta(before, after, "checks")
        through = delta(before, after, "passedThrough")
        attenuated = delta(before, after, "answeredAtEdge")
        if checks != 1:
            problems.append("%d checks (PASS) at the edge, want 1 session" % checks)
        elif expect_mode == "through" and through != 1:
            problems.append("the check did not go through (answered at the edge: %d)" % attenuated)
        elif expect_mode == "attenuated" and attenuated != 1:
            problems.append("the check was not answered at the edge (went through: %d)" % through)

        from_edge = delta(before, after, "bytesFromEdge")
        from_central = delta(before, after, "bytesFromCentral")
        octets = sum(len(b) for _, b in received)
        if cache_only and (from_central != 0 or from_edge < octets):
            problems.append("bytes from the cache +%d, from Dovecot +%d; want all %d from the cache" % (
                from_edge, from_central, octets))
        if situation == "through" and (from_edge != 0 or from_central < octets):
            problems.append("bytes from the cache +%d, from Dovecot +%d; want all %d from Dovecot (nothing "
                            "cached yet)" % (from_edge, from_central, octets))
        if situation == "delete":
            committed = delta(before, after, "deletesCommitted")
            if committed != len(deleted):
                problems.append("deletesCommitted +%d, want +%d" % (committed, len(deleted)))
            # and the edge never shows a deleted message again
            listed = self.edge_uids()
            if listed != left:
                problems.append("the edge then lists %s, Dovecot holds %s" % (listed, left))

        mode = "went through" if through else "answered at the edge" if attenuated else "no check"
        new_only = " (new only: %d listed)" % len(visible) if client.only_new and situation != "delete" else ""
        detail = "%d msgs%s, %d bytes identical%s; %s; %s" % (
            len(received), new_only, octets, client.stored_note, mode,
            self.summary(before_dovecot, after_dovecot, deleted, from_edge, from_central))
        if problems:
            self.results.line("FAIL", client.name, situation, "; ".join(problems) + " [%s]" % (said or "-"))
        else:
            self.results.line("OK", client.name, situation, detail)
        self.last_known = after_dovecot
        self.seen.update(uid for uid, _ in received)
        return not problems

    def summary(self, before, after, deleted, from_edge, from_central):
        if deleted:
            text = "deleted %d of %d at Dovecot, %d remain" % (len(deleted), len(before), len(after))
        else:
            text = "Dovecot holds %d, nothing deleted" % len(after)
        return text + "; edge counters: bytes from cache +%d, from Dovecot +%d" % (from_edge, from_central)

    def edge_uids(self):
        p = poplib.POP3(HOST, self.env.edge_port, timeout=30)
        p.user(self.user)
        p.pass_(password(self.user))
        _, uidl, _ = p.uidl()
        p.quit()
        return [line.split()[1].decode() for line in uidl]

    def run(self):
        env, client = self.env, self.client
        keeps = client.keeps

        def received_and_deleted(visible):
            return visible, ([] if keeps else visible)

        # through: seeded with three messages; the edge has never seen the user
        self.deliver(3)
        visible = env.dovecot_holds(self.user)
        self.session("through", visible, *received_and_deleted(visible), expect_mode="through")

        # attenuated: new mail without a notification stays invisible within the interval
        known = self.last_known
        self.deliver(1)
        self.session("attenuated", known, *received_and_deleted(known), expect_mode="attenuated")

        # notified: the demand rule lets the next check through
        env.notify(self.user)
        visible = env.dovecot_holds(self.user)
        self.session("notified", visible, *received_and_deleted(visible), expect_mode="through")

        # cache: prefetched mail comes from the edge's store
        new = 1 if keeps else 2
        self.deliver(new)
        env.prefetch(self.user, new)
        env.notify(self.user)
        visible = env.dovecot_holds(self.user)
        self.session("cache", visible, *received_and_deleted(visible), expect_mode="through", cache_only=True)

        # delete: the client deletes some messages
        if client.cannot_delete:
            held = env.dovecot_holds(self.user)
            self.results.line("n/a", client.name, "delete", "%s; Dovecot still holds all %d" % (
                client.cannot_delete, len(held)))
            return
        if keeps:
            mode = "attenuated"  # within the interval, no notification: the edge knows the maildrop
        else:
            self.deliver(3)
            env.notify(self.user)
            mode = "through"
        visible = env.dovecot_holds(self.user)
        how, which = client.deletes
        chosen = [visible[n - 1] for n in which] if how == "numbers" else visible[:which]
        self.session("delete", visible, chosen, chosen, expect_mode=mode, delete=which)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dovecot-dir", required=True)
    ap.add_argument("--dovecot-port", type=int, required=True)
    ap.add_argument("--edge-port", type=int, required=True)
    ap.add_argument("--notify-port", type=int, required=True)
    ap.add_argument("--admin-port", type=int, required=True)
    ap.add_argument("--pop3s-port", type=int, required=True)
    ap.add_argument("--ca-file", required=True, help="the edge's certificate, the TLS clients' only trust anchor")
    ap.add_argument("--harness", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--jakarta-cp", required=True, help="class path with jakarta.mail and JakartaMailClient")
    ap.add_argument("--master-user", default="edge")
    ap.add_argument("--master-password", default="master-secret")
    ap.add_argument("--only", help="comma-separated client names to run")
    args = ap.parse_args()
    env = Env(args)
    os.makedirs(os.path.join(env.work, "out"), exist_ok=True)

    clients = [Poplib(env, "user0001"), Curl(env, "user0002"), Fetchmail(env, "user0003", keeps=True),
               Fetchmail(env, "user0004", keeps=False), Mpop(env, "user0005"), Getmail(env, "user0006"),
               JakartaMail(env, "user0007"),
               # the TLS round: POP3S and STLS, each client verifying the edge's certificate
               Curl(env, "user0008", tls="pop3s"), Curl(env, "user0009", tls="stls"),
               Fetchmail(env, "user0010", keeps=True, ssl=True), Mpop(env, "user0011", tls=True)]
    if args.only:
        wanted = args.only.split(",")
        clients = [c for c in clients if c.name in wanted]
    results = Results()
    for client in clients:
        try:
            ClientRun(env, client, results).run()
        except Exception as e:  # the environment failed (Dovecot, swaks, admin API): say where
            results.line("FAIL", client.name, "-", "suite error: %s: %s" % (type(e).__name__, e))
    print("interop: %d passed, %d failed%s" % (results.passed, results.failed,
                                                ", %d n/a" % results.na if results.na else ""))
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
