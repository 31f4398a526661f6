#!/usr/bin/env python3
"""CPU seconds used so far by process trees: proc_cpu.py NAME=PID ... prints {"NAME": seconds}.

A tree's figure is the user + system time of the root and every live descendant, plus the
time of descendants already reaped (cutime, cstime), so Dovecot's and perdition's short-lived
children count. Differences of two calls give the CPU a server spent in between.
"""
import json
import os
import sys

TICK = os.sysconf("SC_CLK_TCK")


def table():
    procs = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                raw = open(f"/proc/{d}/stat").read()
            except OSError:
                continue
            f = raw[raw.rindex(")") + 2:].split()
            # fields after the name: state ppid ...; utime stime cutime cstime are 14-17 (1-based)
            procs[int(d)] = (int(f[1]), int(f[11]) + int(f[12]), int(f[13]) + int(f[14]))
    return procs


def tree_seconds(root, procs):
    children = {}
    for pid, (ppid, _, _) in procs.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in procs:
            _, own, reaped = procs[pid]
            total += own + (reaped if pid == root else 0)
            stack.extend(children.get(pid, []))
    # a live child's own reaped children are in its cutime; count them too
    for pid in list_tree(root, children):
        if pid != root and pid in procs:
            total += procs[pid][2]
    return total / TICK


def list_tree(root, children):
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, []))
    return out


procs = table()
print(json.dumps({a.split("=")[0]: tree_seconds(int(a.split("=")[1]), procs) for a in sys.argv[1:] if a.split("=")[1]}))
