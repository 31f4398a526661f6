#!/usr/bin/env python3
"""Writes docs/benchmarks.md and its chart (SVG) from one bench/run-all.sh result folder.

    report.py RESULTS_DIR OUT_DOC CONC DUR ROUNDS WARMUP USERS

Sections of the current OUT_DOC named in PRESERVED are kept word for word (the cache
figures of bench/cache-bench.sh, and the hand-written notes on profiles); everything else is
generated from the raw results. Standard library only.
"""
import json
import os
import re
import statistics
import sys

# headings (prefixes) of the sections kept from the current document
PRESERVED = ("## The mail cache", "## Notes")

LABELS = [
    ("dovecot", "Dovecot direct"),
    ("edge-through", "edge, pass-through (interval 0, cache off)"),
    ("edge-through-cache", "edge, pass-through (interval 0, cache on)"),
    ("nginx", "nginx mail proxy → Dovecot"),
    ("perdition", "perdition → Dovecot"),
    ("edge-attenuated", "edge, attenuated checks"),
    ("ceiling", "ceiling (canned replies, Netty)"),
    ("ceiling-pop3load", "ceiling, driven by pop3load.py"),
]


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    return [json.loads(line) for line in open(path) if line.strip()]


def preserved_sections(doc):
    if not os.path.exists(doc):
        return {}
    text = open(doc).read()
    parts = re.split(r"(?m)^(?=## )", text)
    kept = {}
    for p in parts:
        for head in PRESERVED:
            if p.startswith(head):
                kept[head] = p.rstrip() + "\n"
    return kept


def cpu_cell(m):
    if m.get("cpu_ms") is None:
        return "–"
    parts = m["cpu_parts"]
    split = " + ".join(f"{k} {v:.2f}" for k, v in parts.items()) if len(parts) > 1 else ""
    return f"**{m['cpu_ms']:.2f}**" + (f" ({split})" if split else "")


def fmt(v, digits=1):
    return "–" if v is None else f"{v:,.{digits}f}"


def server_cpu_per_session(rows, warmup):
    """Median over the runs of the servers' CPU milliseconds per session, and its split by process tree."""
    per_run, parts = [], {}
    for r in rows:
        cpu = r.get("server_cpu_s")
        if not cpu:
            continue
        # the CPU was read around the whole run, warm-up included
        n = r["sessions"] + r.get("warmup_sessions", round(r["sessions_per_s"] * warmup))
        if n == 0:
            continue
        per_run.append(1000 * sum(cpu.values()) / n)
        for k, v in cpu.items():
            parts.setdefault(k, []).append(1000 * v / n)
    if not per_run:
        return None, {}
    total = statistics.median(per_run)
    split = {k: statistics.median(v) for k, v in parts.items()}
    return total, {k: v for k, v in sorted(split.items(), key=lambda kv: -kv[1]) if v >= 0.05 * total}


def svg_chart(rows, path):
    """Horizontal bars of median check sessions/s, one per configuration."""
    width, left, bar, gap, top = 760, 330, 26, 10, 40
    vmax = max(r["rate"] for r in rows) or 1
    height = top + len(rows) * (bar + gap) + 40
    scale = (width - left - 90) / vmax
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">'
           'POP3 check sessions per second (median of the rounds; same load, same run)</text>']
    for i, r in enumerate(rows):
        y = top + i * (bar + gap)
        w = max(1, r["rate"] * scale)
        colour = {"edge": "#2b7bb9", "ceil": "#999999"}.get(r["key"][:4], "#e08a2c")
        out.append(f'<text x="{left - 8}" y="{y + bar * 0.68}" text-anchor="end">{r["name"]}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y + bar * 0.68}">{r["rate"]:,.0f}</text>')
    y = height - 14
    out.append(f'<text x="10" y="{y}" fill="#555" font-size="12">blue: Mail Edge; orange: Dovecot and the proxies; grey: the ceiling. '
               'Two shared vCPUs run server and load generator.</text>')
    out.append("</svg>")
    open(path, "w").write("\n".join(out) + "\n")


def main():
    res, doc, conc, dur, rounds, warmup, users, lat_dur = sys.argv[1:9]
    prewarm = sys.argv[9] if len(sys.argv) > 9 else None
    keep = preserved_sections(doc)
    machine = dict(line.split(": ", 1) for line in open(os.path.join(res, "machine.txt")).read().splitlines() if ": " in line)
    checks = read_jsonl(os.path.join(res, "checks.jsonl"))
    table = read_jsonl(os.path.join(res, "table.jsonl"))
    idle = read_jsonl(os.path.join(res, "idle.jsonl"))
    run = os.path.basename(res.rstrip("/"))
    chart = os.path.join(os.path.dirname(doc), "benchmarks-checks.svg")
    o = []
    w = o.append

    w("# Benchmarks\n")
    w("Figures are measured by scripts against running processes on loopback, never by timed unit")
    w("tests, and compared as ratios within one run: the machine is shared and noisy. Everything below")
    w("except the preserved sections is written by `bench/run-all.sh` (which runs for about 25 minutes")
    w(f"and leaves its raw results in `bench/results/`); this version is from `bench/results/{run}/`.\n")

    w("## Machine\n")
    w(f"{machine.get('cpus', '?')} × {machine.get('cpu', '?')}, {machine.get('memory', '?')}; "
      f"{machine.get('kernel', '?')}; {machine.get('java', '?')}; Dovecot {machine.get('dovecot', '?')} "
      f"(`../shared/harness/peers/dovecot.sh`, performance profile), nginx {machine.get('nginx', '?')} with "
      f"libnginx-mod-mail, perdition {machine.get('perdition', '?')} (Debian 12 packages). Run of "
      f"{machine.get('date', '?')} at commit {machine.get('commit', '?')}; load average before: "
      f"{machine.get('loadavg-before', '?')} (other engineers share the two cores).\n")

    # ---- checks
    by = {}
    for r in checks:
        by.setdefault(r["label"], []).append(r)
    med = {}
    for key, _ in LABELS:
        rs = by.get(key, [])
        if rs:
            m = lambda k: statistics.median(x[k] for x in rs if x.get(k) is not None)
            med[key] = {"rate": m("sessions_per_s"), "p50": m("p50_ms"), "p99": m("p99_ms"),
                        "errors": sum(x["errors"] for x in rs), "cpu": m("client_cpu_s"),
                        "busy": m("host_cpu_busy_pct"), "rates": [x["sessions_per_s"] for x in sorted(rs, key=lambda x: x["round"])],
                        "sessions": sum(x["sessions"] for x in rs)}
    for key, rs in by.items():
        if key in med:
            med[key]["cpu_ms"], med[key]["cpu_parts"] = server_cpu_per_session(rs, float(warmup))
    d = med.get("dovecot")
    c = med.get("ceiling")

    w("## Check sessions\n")
    w(f"Method: every configuration gets the same load in the same run: {conc} concurrent clients, sessions")
    w(f"back to back for {dur} s after a {warmup} s warm-up that is not counted, users 1–{users} taken in")
    w("sequence (the edge keeps RFC 1939's exclusive lock, so two clients must not want one mailbox at once),")
    w("empty maildrops. A session is connect, greeting, USER, PASS, STAT, UIDL, QUIT; latency runs from")
    w("connect to the `+OK` of QUIT. "
      f"{rounds} rounds, the order of the configurations reversed every other round; medians. Dovecot's")
    w("indexes are built by one session per user before the rounds, and the attenuating edge has seen one")
    w("check per user (which went through), so every check it gets in the rounds is answered at the edge")
    w("(its interval is 1 day here; its counters are below). The pass-through edges have interval 0: every")
    w("check goes through to Dovecot (login, UIDL and LIST at login; STAT, UIDL, LIST and QUIT at QUIT, the")
    w("seed's deterministic check). Edges log sessions at WARN only (`MAILEDGE_SESSION_LOG=WARN`).")
    if prewarm:
        w(f"Before the first round every configuration gets {prewarm} s of the same load, not counted, so that the")
        w("JVMs' JIT compilers have done their work (a node runs for weeks; its first seconds are not its speed).")
    w("")
    w("Load generator: `bench`'s `CheckLoad` (Java, all clients on one NIO selector thread). The shared")
    w("`pop3load.py` (Python asyncio, one process) spends two to three times the CPU per session, taken from")
    w("the servers on these two cores, so it cannot show the ceiling: the last row is the ceiling driven by")
    w("it, for comparison.")
    w("Generator and servers share the two cores: at the top rates the generator uses about one core")
    w("(`client CPU` column), so the ceiling is the ceiling *of this setup*, and ratios within the run are")
    w("what carries over.\n")
    w("`server CPU ms/session` is the CPU time (user + system, from /proc, children included) that the")
    w("server processes of the configuration spent per session during its runs: the Dovecot tree, the")
    w("proxy's own processes, the edge's JVM, the ceiling's JVM. It does not depend on how the two cores")
    w("were shared with the generator and the other engineers' work, so it says what each would sustain")
    w("with the machine to itself: rate ≈ cores / CPU per session.\n")
    w("| configuration | sessions/s | per round | p50 ms | p99 ms | errors | × Dovecot | × ceiling | server CPU ms/session | client CPU s | host busy % |")
    w("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
    chart_rows = []
    for key, name in LABELS:
        if key not in med:
            continue
        m = med[key]
        rates = ", ".join(f"{v:,.0f}" for v in m["rates"])
        xd = f"{m['rate'] / d['rate']:.2f}" if d else "–"
        xc = f"{m['rate'] / c['rate']:.2f}" if c else "–"
        w(f"| {name} | {m['rate']:,.0f} | {rates} | {fmt(m['p50'], 2)} | "
          f"{fmt(m['p99'], 2)} | {m['errors']} | {xd} | {xc} | {cpu_cell(m)} | {fmt(m['cpu'])} | {fmt(m['busy'], 0)} |")
        if key != "ceiling-pop3load":
            chart_rows.append({"key": key, "name": name, "rate": m["rate"]})
    w("")
    if chart_rows:
        svg_chart(chart_rows, chart)
        w(f"![check sessions per second per configuration]({os.path.basename(chart)})\n")
    errs = {k: v for r in checks for k, v in r.get("error_kinds", {}).items()}
    if errs:
        w("Errors seen: " + ", ".join(f"`{k}` × {v}" for k, v in sorted(errs.items())) + ".\n")

    for f, what in (("counters-attenuated-before.json", "before the rounds"), ("counters-attenuated-after.json", "after")):
        p = os.path.join(res, f)
        if os.path.exists(p) and os.path.getsize(p) > 0:
            try:
                cnt = json.load(open(p))
            except ValueError:
                continue
            flat = cnt.get("counters", cnt)
            w(f"Attenuating edge's counters {what}: checks {flat.get('checks')}, answered at the edge "
              f"{flat.get('answeredAtEdge')}, passed through {flat.get('passedThrough')}, central sessions "
              f"{flat.get('centralSessions')}, in use {flat.get('inUse')}.")
    w("")

    # latency with one client
    lat = read_jsonl(os.path.join(res, "latency.jsonl"))
    lmed = {}
    for key, _ in LABELS:
        rs = [x for x in lat if x["label"] == key]
        if rs:
            lmed[key] = {k: statistics.median(x[k] for x in rs) for k in ("sessions_per_s", "p50_ms", "p99_ms", "greet_p50_ms", "auth_p50_ms")}
            lmed[key]["errors"] = sum(x["errors"] for x in rs)
    if lmed:
        ld = lmed.get("dovecot")
        w("### One client at a time\n")
        w(f"The same session with one client, {lat_dur} s per configuration per round, {rounds} rounds, medians: the")
        w("latency of each configuration without queueing, where the 50-client runs above mostly measure")
        w("how long a session waits for a CPU.\n")
        w("| configuration | sessions/s | p50 ms | p99 ms | p50 over Dovecot ms | greeting p50 ms | USER+PASS p50 ms | errors |")
        w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for key, name in LABELS:
            if key in lmed:
                m = lmed[key]
                over = f"{m['p50_ms'] - ld['p50_ms']:+.2f}" if ld else "–"
                w(f"| {name} | {m['sessions_per_s']:,.0f} | {m['p50_ms']:.2f} | {m['p99_ms']:.2f} | {over} | "
                  f"{m['greet_p50_ms']:.2f} | {m['auth_p50_ms']:.2f} | {m['errors']} |")
        w("")

    # targets
    w("### Against the targets of issue 5\n")
    w("| target | measured | met |")
    w("| --- | --- | --- |")
    a = med.get("edge-attenuated")
    if a and d and c:
        w(f"| attenuated checks ≥ 3 × Dovecot's rate | {a['rate'] / d['rate']:.2f} × | {'yes' if a['rate'] >= 3 * d['rate'] else 'no'} |")
        if a.get("cpu_ms") and d.get("cpu_ms"):
            w(f"| the same, by server CPU per session (Dovecot's / the edge's) | {d['cpu_ms'] / a['cpu_ms']:.2f} × | "
              f"{'yes' if d['cpu_ms'] >= 3 * a['cpu_ms'] else 'no'} |")
        w(f"| attenuated checks ≥ 70 % of the ceiling | {100 * a['rate'] / c['rate']:.0f} % | {'yes' if a['rate'] >= 0.7 * c['rate'] else 'no'} |")
        if a.get("cpu_ms") and c.get("cpu_ms"):
            w(f"| the same, by server CPU per session (the ceiling's / the edge's) | {100 * c['cpu_ms'] / a['cpu_ms']:.0f} % | "
              f"{'yes' if c['cpu_ms'] >= 0.7 * a['cpu_ms'] else 'no'} |")
    t = med.get("edge-through")
    for key in ("nginx", "perdition"):
        p = med.get(key)
        if t and p:
            w(f"| pass-through (cache off) ≥ {key} | {t['rate']:,.0f} vs {p['rate']:,.0f} sessions/s ({t['rate'] / p['rate']:.2f} ×) | "
              f"{'yes' if t['rate'] >= p['rate'] else 'no'} |")
    if t and d:
        w(f"| pass-through p50 overhead ≤ 1 ms over Dovecot direct, {conc} clients | {t['p50'] - d['p50']:+.2f} ms ({t['p50']:.2f} vs {d['p50']:.2f}) | "
          f"{'yes' if t['p50'] - d['p50'] <= 1 else 'no'} |")
    lt, ld = lmed.get("edge-through"), lmed.get("dovecot")
    if lt and ld:
        over = lt["p50_ms"] - ld["p50_ms"]
        w(f"| pass-through p50 overhead ≤ 1 ms over Dovecot direct, one client | {over:+.2f} ms ({lt['p50_ms']:.2f} vs {ld['p50_ms']:.2f}) | "
          f"{'yes' if over <= 1 else 'no'} |")
    if table:
        bpu = statistics.median(r["bytes_per_user"] for r in table)
        w(f"| ≤ 150 bytes of heap per tracked user | {bpu:.1f} bytes (heap after GC; user names apart) | {'yes' if bpu <= 150 else 'no'} |")
    for r in idle:
        mb = (r["heap_after_kb"] - r["heap_before_kb"]) / 1024
        w(f"| {r['connections']:,} idle connections ({r['kind']}) in ≤ 512 MB heap | {mb:.1f} MB | {'yes' if mb <= 512 else 'no'} |")
    w("")

    # ---- memory
    w("## Memory\n")
    if table:
        t0 = table[0]
        w("### The attenuation table\n")
        w(f"Method: `bench`'s `TableMemory` fills an `AttenuationTable` with {t0['users']:,} users through its API as")
        w("the server does (`acquireAfterCentralLogin`, then the lease released with the empty maildrop most")
        w("checks find), runs a full GC and compares used heap before and after; the user names are made")
        w("before the first measurement, so the figure is the table's own cost. The class histogram")
        w(f"(`jcmd GC.class_histogram` via JMX) gives the same per class. {len(table)} JVM runs, median. "
          f"{t0['jvm']}, {t0['gc'].split()[0]} collector, compressed oops {str(t0['compressed_oops']).lower()}.\n")
        w("| bytes per user | median | runs |")
        w("| --- | ---: | --- |")
        w(f"| heap after GC, table only | **{statistics.median(r['bytes_per_user'] for r in table):.1f}** | "
          + ", ".join(f"{r['bytes_per_user']:.1f}" for r in table) + " |")
        w(f"| class histogram, table only | {statistics.median(r['histogram_bytes_per_user'] for r in table):.1f} | "
          + ", ".join(f"{r['histogram_bytes_per_user']:.1f}" for r in table) + " |")
        w(f"| the user name the table keeps as its key (`{t0['name_example']}`: String + byte[]) | "
          f"{statistics.median(r['name_bytes_per_user'] for r in table):.1f} | |")
        w("")
        w("| class | instances | bytes per user |")
        w("| --- | ---: | ---: |")
        for cls, v in sorted(t0["classes"].items(), key=lambda kv: -kv[1]["bytes"]):
            if v["bytes_per_user"] < 1.0:
                continue
            w(f"| `{cls}` | {v['instances']:,} | {v['bytes_per_user']:.1f} |")
        w("")
    if idle:
        w("### Idle connections\n")
        w(f"Method: one edge (`pop3.max-connections-per-address: 0`, `idle-timeout-before-login: 1h`, the script")
        w(f"raises `ulimit -n`) that has seen one check of each of {idle[0]['connections']:,} users; `IdleConnections` opens")
        w("that many loopback connections and holds them, first idle after reading the greeting, then logged in")
        w("(USER, PASS answered at the edge: TRANSACTION state with the lock and the listing). Used heap")
        w("after a full GC (`jcmd GC.run`, `GC.heap_info`) before and while they are open; RSS for the")
        w("whole process, which includes Netty's direct buffers, code and thread stacks.\n")
        w("| connections | established | heap before MB | heap with them MB | heap per connection | RSS before MB | RSS with them MB |")
        w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in idle:
            per = (r["heap_after_kb"] - r["heap_before_kb"]) * 1024 / r["connections"]
            w(f"| {r['connections']:,} {r['kind']} | {r['established_at_edge']:,} | {r['heap_before_kb'] / 1024:.1f} | "
              f"{r['heap_after_kb'] / 1024:.1f} | **{per:,.0f} bytes** | {r['rss_before_kb'] / 1024:.0f} | {r['rss_after_kb'] / 1024:.0f} |")
        w("")

    # ---- demo
    demo = os.path.join(res, "demo.txt")
    if os.path.exists(demo):
        text = open(demo).read()
        report = text[text.find("Mail Edge demo: results"):] if "Mail Edge demo: results" in text else text
        def grab(label):
            m = re.search(r"^\s*" + re.escape(label) + r"\s+(.*)$", report, re.M)
            return re.sub(r"\s{2,}", " — ", m.group(1).strip()) if m else "?"
        w("## Central-server load reduction and visibility delay: the demo's workload\n")
        w("Method: `./mailedge demo` (defaults: 200 subscribers with the demo's mix of poll intervals, 2 virtual")
        w("hours on compressed time, time rule 15 min plus notifications, GreenMail as the central server, the")
        w("edge over real POP3). Every answer is checked against what the policy must show.\n")
        w("| figure | value |")
        w("| --- | --- |")
        for label in ("checks received by the edge", "answered at the edge", "passed to the central server",
                      "central-server sessions opened", "central-server sessions saved", "new mail visible after (virtual)",
                      "wrong answers", "errors"):
            w(f"| {label} | {grab(label)} |")
        w("\nThe demo's whole report:\n")
        w("```")
        w(report.rstrip())
        w("```\n")

    for head in PRESERVED:
        if head == "## The mail cache":
            cache = os.path.join(res, "cache.md")
            if head in keep:
                w(keep[head])
            if os.path.exists(cache) and os.path.getsize(cache) > 0:
                w(f"### Re-run of {machine.get('date', '?')} (bench/cache-bench.sh, from run-all.sh with RUN_CACHE=1)\n")
                w(open(cache).read().rstrip() + "\n")
        elif head in keep:
            w(keep[head])
    open(doc, "w").write("\n".join(o).rstrip() + "\n")


if __name__ == "__main__":
    main()
