"""Crash fuzzer: nested and repeated SPARQL constructs at sizes around each guard limit, run as the library runs them.

Every case goes through the query check; what passes runs on Oxigraph the
way the library runs it (``kg.query``: a forked child, the 256 MiB stack,
the time limit). It counts refusals, answers, errors, time-outs, crashes and
hangs (a case still running 5 s past its time limit). The target is 0
crashes and 0 hangs. The tests run a few dozen cases; run it long here::

    python benchmarks/crash_fuzz.py --count 2000 --timeout 5 --seed 7
    python benchmarks/crash_fuzz.py --count 5000 --seconds 900   # as many as 15 minutes allow
"""

import argparse
import collections
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from crash_shapes import fuzz_cases  # noqa: E402


def run_cases(cases, timeout, seconds=None):
    import pyoxigraph as ox

    from stargate_kg.engines.oxigraph import OxigraphGraph
    from stargate_kg.exceptions import QueryError, QueryLimitExceeded, QueryTimeout
    from stargate_kg.guard import LIMITS, check

    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("https://w3id.org/stargate-kg/schema#p"), ox.Literal("1")))
    kg = OxigraphGraph(store).set_limits(timeout=timeout, max_memory=1 << 30)
    counts, bad, slowest = collections.Counter(), [], (0.0, None)
    deadline = time.monotonic() + seconds if seconds else None
    done = 0
    for name, query in cases:
        if deadline and time.monotonic() > deadline:
            break
        done += 1
        try:
            check(query, limits=LIMITS)
        except QueryLimitExceeded:
            counts["refused"] += 1
            continue
        except QueryError:
            counts["invalid"] += 1
            continue
        started = time.monotonic()
        try:
            kg.query(query)
            outcome = "answered"
        except QueryTimeout:
            outcome = "timed out"
        except QueryError as ex:
            outcome = "crash" if ("crashed" in str(ex) or "stopped" in str(ex)) else "error"
        took = time.monotonic() - started
        if took > timeout + 5:
            outcome = "hang"
        slowest = max(slowest, (took, name), key=lambda x: x[0])
        counts[outcome] += 1
        if outcome in ("crash", "hang"):
            bad.append({"case": name, "outcome": outcome, "bytes": len(query)})
    return {"cases": done, **counts, "crashes": counts["crash"], "hangs": counts["hang"], "bad": bad,
            "slowest": {"case": slowest[1], "seconds": round(slowest[0], 1)}}


def main(argv=None):
    from stargate_kg.guard import LIMITS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=500)
    ap.add_argument("--timeout", type=float, default=3.0, help="time limit of each query, seconds")
    ap.add_argument("--seed", type=int, default=26)
    ap.add_argument("--seconds", type=float, default=None, help="stop after this long (the cases at each limit run first)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    started = time.monotonic()
    result = run_cases(fuzz_cases(args.seed, args.count, LIMITS), args.timeout, args.seconds)
    result["seconds"] = round(time.monotonic() - started, 1)
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:>10}: {v}")
    return 1 if result["crashes"] or result["hangs"] else 0


if __name__ == "__main__":
    sys.exit(main())
