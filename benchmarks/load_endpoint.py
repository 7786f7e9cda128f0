"""Load test for the SPARQL endpoint: a bounded number of requests at a fixed concurrency.

Starts ``stargate-kg serve`` on 127.0.0.1 with a free port (or uses --url, which
must be a loopback address), sends --requests requests from --concurrency
client threads over keep-alive connections, and reports throughput, latency
percentiles and errors. It stops by itself: after the requests are done or
after --max-seconds, whichever comes first.

    python benchmarks/load_endpoint.py                       # 2,000 requests, 32 clients
    python benchmarks/load_endpoint.py --mix catalog --requests 300
    python benchmarks/load_endpoint.py --json > load.json

The "light" mix is the questions a notebook or a web page asks all the time
(labels, an ASK, a count, a DESCRIBE, in every result format); the "catalog"
mix adds the heavier catalog questions with their example parameters bound.
Exit status 1 when any request failed.
"""

import argparse
import http.client
import ipaddress
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

LIGHT = [
    ("labels/json", "SELECT ?label WHERE { e:openai rdfs:label ?label }", "application/sparql-results+json"),
    ("investors/csv", "SELECT ?investor WHERE { ?investor sg:investsIn e:stargate }", "text/csv"),
    ("ask/xml", "ASK { e:softbank sg:investsIn e:stargate }", "application/sparql-results+xml"),
    ("count/tsv", "SELECT (COUNT(?st) AS ?n) WHERE { ?st a sg:Statement }", "text/tab-separated-values"),
    ("describe/turtle", "DESCRIBE e:softbank", "text/turtle"),
    ("construct/jsonld", "CONSTRUCT { e:oracle ?p ?o } WHERE { e:oracle ?p ?o }", "application/ld+json"),
]


def catalog_mix():
    """The catalog questions that take no parameters or have examples, as the query page shows them."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from stargate_kg import load
    from stargate_kg.queries import bind_value, catalog
    from stargate_kg.sparql_text import inject_values

    kg = load()
    out = []
    for q in catalog().values():
        bindings = {p.name: bind_value(kg, p, p.example) for p in q.params}
        out.append((f"catalog:{q.name}", inject_values(q.text, bindings), "application/sparql-results+json"))
    return out


def start_server(args, log):
    cmd = [sys.executable, "-m", "stargate_kg"]
    for g in args.graph or []:
        cmd += ["--graph", g]
    cmd += ["serve", "--host", "127.0.0.1", "--port", "0", "--quiet", "--timeout", str(args.timeout)]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        m = re.search(r"SPARQL endpoint: (http://\S+)", Path(log.name).read_text())
        if m:
            return proc, m.group(1)
        time.sleep(0.1)
    proc.kill()
    proc.wait()
    raise SystemExit("the server did not start:\n" + Path(log.name).read_text())


def stop_server(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def loopback_only(url):
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        ok = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        ok = False
    if not ok:
        raise SystemExit(f"refusing to load {url}: this script only targets loopback addresses (127.0.0.0/8, ::1)")


def run_load(url, mix, requests, concurrency, max_seconds):
    """Send ``requests`` requests from ``concurrency`` threads; returns (records, wall seconds)."""
    parts = urllib.parse.urlsplit(url)
    records = []  # (name, status or exception name, seconds)
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + max_seconds

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        mine = []
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            name, query, accept = mix[i % len(mix)]
            body = urllib.parse.urlencode({"query": query})
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
            t = time.perf_counter()
            try:
                conn.request("POST", parts.path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as ex:
                status = type(ex).__name__
                conn.close()
            mine.append((name, status, time.perf_counter() - t))
        conn.close()
        with lock:
            records.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return records, time.perf_counter() - start


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def summarize(records, wall, args, url):
    lat = sorted(s for _, status, s in records if status == 200)
    errors = Counter(str(status) for _, status, _ in records if status != 200)
    by_query = defaultdict(list)
    for name, status, s in records:
        if status == 200:
            by_query[name].append(s)
    ms = lambda v: None if v is None else round(v * 1000, 1)
    return {
        "url": url,
        "requests": len(records),
        "concurrency": args.concurrency,
        "mix": args.mix,
        "wall_seconds": round(wall, 2),
        "throughput_rps": round(len(records) / wall, 1) if wall else None,
        "ok": len(lat),
        "errors": sum(errors.values()),
        "errors_by_kind": dict(errors),
        "latency_ms": {
            "p50": ms(percentile(lat, 50)),
            "p90": ms(percentile(lat, 90)),
            "p99": ms(percentile(lat, 99)),
            "max": ms(lat[-1] if lat else None),
            "mean": ms(statistics.fmean(lat) if lat else None),
        },
        "p50_ms_by_query": {k: ms(statistics.median(v)) for k, v in sorted(by_query.items())},
        "cpus": os.cpu_count(),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=2000, help="requests to send (default 2000)")
    ap.add_argument("--concurrency", type=int, default=32, help="client threads, each with a keep-alive connection (default 32)")
    ap.add_argument("--mix", choices=["light", "catalog"], default="light", help="which questions to ask (default light)")
    ap.add_argument("--url", help="an endpoint already running on loopback (default: start one)")
    ap.add_argument("--graph", action="append", help="graph files for the started server (default: the shipped graph)")
    ap.add_argument("--workers", type=int, default=0, help="query workers of the started server (default: its own)")
    ap.add_argument("--timeout", type=float, default=10.0, help="the started server's --timeout (default 10)")
    ap.add_argument("--max-seconds", type=float, default=600, help="stop sending after this long (default 600)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    if args.requests < 1 or not 1 <= args.concurrency <= 256:
        ap.error("--requests must be >= 1 and --concurrency between 1 and 256")

    mix = LIGHT if args.mix == "light" else LIGHT + catalog_mix()
    proc = None
    with tempfile.NamedTemporaryFile("w+", suffix=".log") as log:
        try:
            if args.url:
                loopback_only(args.url)
                url = args.url
            else:
                proc, url = start_server(args, log)
            run_load(url, mix, len(mix), min(len(mix), args.concurrency), 120)  # warm-up, not counted
            records, wall = run_load(url, mix, args.requests, args.concurrency, args.max_seconds)
        finally:
            if proc is not None:
                stop_server(proc)
    report = summarize(records, wall, args, url)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        lat = report["latency_ms"]
        print(f"{report['requests']} requests ({report['mix']} mix) at concurrency {report['concurrency']} "
              f"in {report['wall_seconds']} s on {report['cpus']} CPUs")
        print(f"throughput {report['throughput_rps']} req/s; latency p50 {lat['p50']} ms, p90 {lat['p90']} ms, "
              f"p99 {lat['p99']} ms, max {lat['max']} ms")
        print(f"errors: {report['errors']}" + (f" {report['errors_by_kind']}" if report["errors"] else ""))
        for name, p50 in report["p50_ms_by_query"].items():
            print(f"  {name:<32} p50 {p50} ms")
    return 1 if report["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
