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

``--compare-oxigraph`` measures what a query text the endpoint has never seen
costs, side by side with Oxigraph's own server (``oxigraph serve-read-only``,
``pip install oxigraph``; not a dependency of the project) on the same
triples: every request is a new text (the question with a different trailing
comment, so no cache anywhere helps), sent one after another on one
keep-alive connection, 20 to one server, then 20 to the other, and so on (a
load spike on a shared machine falls on both), and the report gives each
server's median and mean latency and their ratio; for the simple mix it also gives each server's
throughput with the questions repeated by 32 clients at once, and that ratio
(the project's web server answers a repeated text from the answers it keeps,
:mod:`stargate_kg.server.replies`), and the throughput of 32 clients sending
new texts, which no kept answer helps (each in --rounds rounds, the servers
in turn; the median of the rounds' ratios):

    python benchmarks/load_endpoint.py --compare-oxigraph --requests 300
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
    if args.reply_cache is not None:
        cmd += ["--reply-cache", args.reply_cache]
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

    return records, in_threads(client, concurrency)


def in_threads(fn, n):
    """Run ``fn`` on ``n`` threads at once; the wall-clock seconds until all are done."""
    threads = [threading.Thread(target=fn) for _ in range(n)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


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


# -- new query texts, one after another, against Oxigraph's own server ------------------------------
def _with_prefixes(text):
    """The query with the project's PREFIX lines written out (Oxigraph's server knows no prefixes)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from stargate_kg.kg import with_prologue

    return with_prologue(text)


def new_query_mixes():
    """{mix name: [query text]}: the light questions (SELECT, ASK, COUNT) and the catalog questions."""
    simple = [_with_prefixes(q) for name, q, _ in LIGHT if not name.startswith(("describe", "construct"))]
    catalog = [_with_prefixes(q) for _, q, _ in catalog_mix()]
    return {"simple": simple, "catalog": catalog}


def dump_triples(target):
    """The triples the project's endpoint serves (its default engine), as N-Triples at ``target``."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import pyoxigraph as ox

    from stargate_kg.engines import open_graph

    kg = open_graph(None)
    store = getattr(kg, "store", None)
    if store is None:
        raise SystemExit("the default engine is not Oxigraph: cannot dump its triples")
    store.dump(output=str(target), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return len(kg)


def oxigraph_cli():
    exe = Path(sys.executable).with_name("oxigraph")
    if not exe.exists():
        raise SystemExit("Oxigraph's server is not installed: pip install oxigraph (into this Python's environment)")
    return str(exe)


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_oxigraph(tmp, nt, log):
    exe = oxigraph_cli()
    db = Path(tmp) / "oxigraph-db"
    subprocess.run([exe, "load", "--location", str(db), "--file", str(nt)], check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([exe, "serve-read-only", "--location", str(db), "--bind", f"127.0.0.1:{port}"],
                            stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("Oxigraph's server did not start:\n" + Path(log.name).read_text())


def connect(url):
    """A keep-alive connection to ``url``'s server, connected now (so that no request is timed with the connect)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    conn.connect()
    return conn


def sequential(url, texts, tag, conn=None):
    """POST each text once, one after another on one keep-alive connection (``conn``, else a new one); latencies in seconds."""
    parts = urllib.parse.urlsplit(url)
    mine = conn is None
    if mine:
        conn = connect(url)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    out = []
    for i, text in enumerate(texts):
        body = urllib.parse.urlencode({"query": f"{text}\n# {tag} request {i}"})  # a text never sent before
        t = time.perf_counter()
        conn.request("POST", parts.path, body=body, headers=headers)
        resp = conn.getresponse()
        resp.read()
        elapsed = time.perf_counter() - t
        if resp.status != 200:
            raise SystemExit(f"{url} answered {resp.status} to:\n{text}")
        out.append(elapsed)
    if mine:
        conn.close()
    return out


def concurrent_rps(url, texts, requests, clients, new=False):
    """Requests per second with ``clients`` threads, each on its own keep-alive connection, sending ``texts`` in turn.

    ``new``: each request a text never sent before (a different trailing comment).
    """
    parts = urllib.parse.urlsplit(url)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
    if new:
        tag = os.urandom(4).hex()
        bodies = [urllib.parse.urlencode({"query": f"{texts[i % len(texts)]}\n# {tag} {i}"}) for i in range(requests)]
    else:
        bodies = [urllib.parse.urlencode({"query": t}) for t in texts]
    counter, lock, failures = [0], threading.Lock(), []

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        while True:
            with lock:
                i = counter[0]
                counter[0] += 1
            if i >= requests:
                break
            conn.request("POST", parts.path, body=bodies[i % len(bodies)], headers=headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                failures.append(resp.status)
        conn.close()

    wall = in_threads(client, clients)
    if failures:
        raise SystemExit(f"{url}: {len(failures)} requests failed ({Counter(failures).most_common(3)})")
    return requests / wall


def compare_oxigraph(args):
    """Both servers on the same triples; each mix sent as new texts, one after another; returns the report."""
    import platform

    import pyoxigraph

    mixes = new_query_mixes()
    report = {"requests_per_mix": args.requests, "cpus": os.cpu_count(), "python": platform.python_version(),
              "pyoxigraph": pyoxigraph.__version__, "machine": platform.machine(), "mixes": {}}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp, open(Path(tmp) / "oxigraph.log", "w") as olog, \
            open(Path(tmp) / "project.log", "w+") as plog:  # fmt: skip
        nt = Path(tmp) / "graph.nt"
        report["triples"] = dump_triples(nt)
        ours, ours_url = start_server(args, plog)
        theirs, theirs_url = start_oxigraph(tmp, nt, olog)
        try:
            version = subprocess.run([oxigraph_cli(), "--version"], capture_output=True, text=True).stdout.strip()
            report["oxigraph_server"] = version
            for name, texts in mixes.items():
                stream = [texts[i % len(texts)] for i in range(args.requests)]
                sequential(ours_url, texts, "warm-up")  # connections, worker start-up: not counted
                sequential(theirs_url, texts, "warm-up")
                # side by side: chunks of 20 requests to each server in turn, so that a load spike on a
                # shared machine falls on both
                a, b = [], []
                ours_conn, theirs_conn = connect(ours_url), connect(theirs_url)
                for start in range(0, len(stream), 20):
                    a += sequential(ours_url, stream[start:start + 20], f"project {start}", ours_conn)
                    b += sequential(theirs_url, stream[start:start + 20], f"oxigraph {start}", theirs_conn)
                ours_conn.close()
                theirs_conn.close()
                ms = lambda v: round(v * 1000, 3)
                report["mixes"][name] = {
                    "queries": len(texts),
                    "project_ms": {"median": ms(statistics.median(a)), "mean": ms(statistics.fmean(a))},
                    "oxigraph_ms": {"median": ms(statistics.median(b)), "mean": ms(statistics.fmean(b))},
                    "ratio_median": round(statistics.median(a) / statistics.median(b), 2),
                    "ratio_mean": round(statistics.fmean(a) / statistics.fmean(b), 2),
                    "project_rps": round(len(a) / sum(a), 1),
                    "oxigraph_rps": round(len(b) / sum(b), 1),
                }
                if name == "simple":  # 32 clients at once: throughput, in rounds, each server in turn
                    for key, new, n in (("32", False, args.requests * 4), ("32_new", True, args.requests * 2)):
                        ours_rps, theirs_rps = [], []
                        for _ in range(args.rounds):
                            ours_rps.append(concurrent_rps(ours_url, texts, n // args.rounds, 32, new=new))
                            theirs_rps.append(concurrent_rps(theirs_url, texts, n // args.rounds, 32, new=new))
                        ratios = [o / t for o, t in zip(ours_rps, theirs_rps)]
                        report["mixes"][name].update({
                            f"project_rps_{key}": round(statistics.median(ours_rps), 1),
                            f"oxigraph_rps_{key}": round(statistics.median(theirs_rps), 1),
                            f"throughput_ratio_{key}": round(statistics.median(ratios), 2),
                            f"throughput_ratios_{key}": [round(r, 2) for r in ratios]})  # fmt: skip
        finally:
            stop_server(ours)
            stop_server(theirs)
    return report


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=2000, help="requests to send (default 2000)")
    ap.add_argument("--concurrency", type=int, default=32, help="client threads, each with a keep-alive connection (default 32)")
    ap.add_argument("--mix", choices=["light", "catalog"], default="light", help="which questions to ask (default light)")
    ap.add_argument("--url", help="an endpoint already running on loopback (default: start one)")
    ap.add_argument("--graph", action="append", help="graph files for the started server (default: the shipped graph)")
    ap.add_argument("--workers", type=int, default=0, help="query workers of the started server (default: its own)")
    ap.add_argument("--rounds", type=int, default=3, help="--compare-oxigraph: throughput rounds, each server in turn (default 3)")
    ap.add_argument("--reply-cache", metavar="SIZE", help="the started server's --reply-cache (0: keep no answers)")
    ap.add_argument("--timeout", type=float, default=10.0, help="the started server's --timeout (default 10)")
    ap.add_argument("--max-seconds", type=float, default=600, help="stop sending after this long (default 600)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--compare-oxigraph", action="store_true",
                    help="new query texts one after another on one connection, against `oxigraph serve-read-only`")  # fmt: skip
    args = ap.parse_args(argv)
    if args.requests < 1 or not 1 <= args.concurrency <= 256 or args.rounds < 1:
        ap.error("--requests and --rounds must be >= 1 and --concurrency between 1 and 256")
    if args.compare_oxigraph:
        report = compare_oxigraph(args)
        if args.json:
            print(json.dumps(report, indent=2))
            return 0
        print(f"New query texts, one after another on one connection, {args.requests} per mix; {report['triples']} triples; "
              f"{report['cpus']} CPUs, Python {report['python']}, pyoxigraph {report['pyoxigraph']}, {report['oxigraph_server']}")
        for name, m in report["mixes"].items():
            print(f"  {name:<8} ({m['queries']} questions): project median {m['project_ms']['median']} ms, "
                  f"mean {m['project_ms']['mean']} ms ({m['project_rps']} req/s); Oxigraph median "
                  f"{m['oxigraph_ms']['median']} ms, mean {m['oxigraph_ms']['mean']} ms ({m['oxigraph_rps']} req/s); "
                  f"ratio {m['ratio_median']}x (median), {m['ratio_mean']}x (mean)")
            if "throughput_ratio_32" in m:
                print(f"  {name:<8} repeated by 32 clients: project {m['project_rps_32']} req/s, Oxigraph "
                      f"{m['oxigraph_rps_32']} req/s: {m['throughput_ratio_32']}x of Oxigraph's throughput "
                      f"(rounds: {m['throughput_ratios_32']}; target >= 0.5x; latency target <= 2x)")
                print(f"  {name:<8} new texts by 32 clients: project {m['project_rps_32_new']} req/s, Oxigraph "
                      f"{m['oxigraph_rps_32_new']} req/s: {m['throughput_ratio_32_new']}x "
                      f"(rounds: {m['throughput_ratios_32_new']}; no kept answer helps)")
        return 0

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
