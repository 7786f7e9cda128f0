"""Where Oxigraph's parser and optimizer overflow their stack: the size of each shape that crashes, by bisection.

Each try runs in a fresh subprocess (``pyoxigraph`` on an empty store), on
the main thread (an 8 MiB stack) or on a thread with ``--stack`` bytes. A
try that runs past ``--timeout`` counts as a hang (not a crash) and ends the
search for that shape. The guard's limits (:class:`stargate_kg.guard.Limits`)
are set against these numbers::

    python benchmarks/crash_points.py                      # every shape, 8 MiB
    python benchmarks/crash_points.py --shapes nested_groups,projection --stack 268435456
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from crash_shapes import SHAPES  # noqa: E402

CHILD = r'''
import sys, threading, pyoxigraph as ox
q, stack = sys.stdin.read(), int(sys.argv[1])
def run():
    try:
        r = ox.Store().query(q, prefixes={"sg": "https://w3id.org/stargate-kg/schema#"})
        if hasattr(r, "__iter__"):
            for _ in r:
                pass
        print("ok")
    except Exception as ex:
        print("error", type(ex).__name__)
if stack:
    threading.stack_size(stack)
    t = threading.Thread(target=run)
    t.start()
    t.join()
else:
    run()
'''


def attempt(query, stack, timeout):
    try:
        p = subprocess.run([sys.executable, "-c", CHILD, str(stack)], input=query, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "hang"
    if p.returncode < 0 or b"overflowed" in p.stderr.encode():
        return "crash"
    return "ok" if p.returncode == 0 else "crash"


def crash_point(shape, stack, timeout, top):
    lo, n = 0, 250
    while n <= top:
        outcome = attempt(shape(n), stack, timeout)
        if outcome != "ok":
            break
        lo, n = n, n * 2
    else:
        return {"ok_at": lo, "crashes_at": None}
    if outcome == "hang":
        return {"ok_at": lo, "hangs_at": n}
    hi = n
    while hi - lo > max(25, lo // 25):
        mid = (lo + hi) // 2
        if attempt(shape(mid), stack, timeout) == "crash":
            hi = mid
        else:
            lo = mid
    return {"ok_at": lo, "crashes_at": hi}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--stack", type=int, default=0, help="thread stack in bytes (0: the main thread's 8 MiB)")
    ap.add_argument("--timeout", type=float, default=8.0)
    ap.add_argument("--max", type=int, default=64_000, help="largest size tried")
    args = ap.parse_args(argv)
    for name in args.shapes.split(","):
        started = time.monotonic()
        point = crash_point(SHAPES[name], args.stack, args.timeout, args.max)
        print(json.dumps({"shape": name, "stack": args.stack or 8 * 2**20, **point,
                          "seconds": round(time.monotonic() - started, 1)}), flush=True)


if __name__ == "__main__":
    main()
