"""Fairness of the SPARQL endpoint: a quick client's latency alone and while other clients loop slow queries.

Starts ``stargate-kg serve`` on 127.0.0.1 (a small generated graph, 2 workers,
a 3 s time limit, no answers kept: every ASK goes through the scheduler),
measures a quick client's ASK latency alone, then while
--slow clients, each from its own loopback address (127.0.0.2, 127.0.0.3...),
loop a query that runs into the time limit; reports p50/p99 of both and their
ratio, and what the slow clients got back. Bounded: --seconds per phase.

    python benchmarks/fairness.py                 # 4 slow clients, 10 s per phase
    python benchmarks/fairness.py --slow 8 --json

Linux only (127.0.0.0/8 addresses as source addresses). Exit status 1 when the
quick client got an error or its p99 under load was 2 s or more.
"""

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
QUICK = "ASK { ?s ?p ?o }"


def post(port, source, query):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=(source, 0))
    try:
        conn.request("POST", "/sparql", body=query.encode(), headers={"Content-Type": "application/sparql-query"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def quick_phase(port, seconds):
    times, errors = [], Counter()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.monotonic()
        status, _ = post(port, "127.0.0.200", QUICK)
        times.append(time.monotonic() - start)
        if status != 200:
            errors[status] += 1
        time.sleep(0.1)
    times.sort()
    return {"n": len(times), "p50": times[len(times) // 2], "p99": times[min(len(times) - 1, int(0.99 * len(times)))],
            "errors": dict(errors)}  # fmt: skip


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--slow", type=int, default=4, help="clients looping slow queries (default 4)")
    ap.add_argument("--seconds", type=float, default=10.0, help="length of each phase (default 10)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="fairness-"))
    (tmp / "graph").mkdir()
    lines = ["@prefix ex: <http://example.org/> ."] + [f"ex:n{i} ex:p{i % 7} ex:n{(i * 13) % 97} ." for i in range(200)]
    (tmp / "graph" / "g.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    log = open(tmp / "server.log", "w")
    env = dict(os.environ, STARGATE_KG_CACHE=str(tmp / "cache"))
    server = subprocess.Popen([sys.executable, "-m", "stargate_kg", "--graph", str(tmp / "graph"), "serve", "--port", "0",
                               "--quiet", "--workers", "2", "--timeout", "3", "--reply-cache", "0"], stdout=log, stderr=subprocess.STDOUT, env=env)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not (m := re.search(r"SPARQL endpoint: http://127.0.0.1:(\d+)/", (tmp / "server.log").read_text())):
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit("the server did not start:\n" + (tmp / "server.log").read_text())
            time.sleep(0.1)
        port = int(m.group(1))
        alone = quick_phase(port, args.seconds)
        stop, slow = threading.Event(), Counter()

        def loop(source):
            while not stop.is_set():
                status, body = post(port, source, SLOW)
                slow[(status, body.decode("utf-8", "replace").split(":")[0])] += 1

        loopers = [threading.Thread(target=loop, args=(f"127.0.0.{i + 2}",)) for i in range(args.slow)]
        for t in loopers:
            t.start()
        time.sleep(3)  # the slow clients are looping
        loaded = quick_phase(port, args.seconds)
        stop.set()
        for t in loopers:
            t.join()
    finally:
        server.send_signal(2)
        server.wait(30)
    out = {"slow_clients": args.slow, "alone": alone, "with_slow_clients": loaded,
           "p99_ratio": loaded["p99"] / alone["p99"] if alone["p99"] else None,
           "slow_answers": {f"{s} {what}": n for (s, what), n in slow.items()}}  # fmt: skip
    if args.json:
        print(json.dumps(out, indent=1))
    else:
        print(f"quick client alone:            p50 {alone['p50'] * 1000:.1f} ms, p99 {alone['p99'] * 1000:.1f} ms ({alone['n']} queries)")
        print(f"with {args.slow} clients looping slow: p50 {loaded['p50'] * 1000:.1f} ms, p99 {loaded['p99'] * 1000:.1f} ms "
              f"({loaded['n']} queries, errors: {loaded['errors'] or 'none'})")  # fmt: skip
        print(f"p99 ratio (loaded / alone): {out['p99_ratio']:.1f}x")
        print("slow clients got: " + ", ".join(f"{k} x{v}" for k, v in sorted(out["slow_answers"].items())))
    sys.exit(1 if loaded["errors"] or loaded["p99"] >= 2.0 else 0)


if __name__ == "__main__":
    main()
