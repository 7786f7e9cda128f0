"""Network analysis at scale: the project's CLI against networkit reading an edge list of the same graph.

For each size (number of statements) this script writes a synthetic graph
exactly as the curated one is written (the shipped ontology, entities with
English and Chinese labels, ``sg:Statement`` nodes with subject, relation,
object, amount, money kind, date, status, rank and a reference with a quote)
and, beside it, the same graph as an edge list (``edges.tsv``). Then, in one
run, each as a cold process (interpreter start, imports and reading included):

- ``stargate-kg --store S load`` builds the store and saves the edge arrays
  beside it (the time of the arrays alone is printed too);
- **project**: ``stargate-kg --store S centrality --metric pagerank``,
  ``communities``, ``centrality --metric betweenness --approx 256`` (projection
  from the saved arrays included);
- **reference**: a Python process that imports networkit, reads ``edges.tsv``,
  builds the same weighted, undirected graph (one link per pair, weighted by
  the number of statements) and runs the same algorithm (PageRank, PLM,
  EstimateBetweenness with 256 samples);
- bounded money cycles (``cycles --max-length 4``) at sizes up to
  ``--cycles-max``, against networkx's ``simple_cycles(length_bound=4)`` on the
  money edges of ``edges.tsv`` (networkit has no cycle enumeration), which
  must count the same cycles.

Both sides run with the same number of threads (``--threads``, default 1, set
through OMP_NUM_THREADS). Times are wall-clock and CPU seconds of the child
process; the ratio is project / reference on CPU seconds (less sensitive to
other jobs on a shared machine), wall ratio beside it. Answers are checked:
the top 10 by PageRank must be the same entities; modularity and the
betweenness top 10 overlap are printed.

Usage::

    .venv/bin/python benchmarks/network_scale.py --quick              # 10k statements
    .venv/bin/python benchmarks/network_scale.py --sizes 200000       # the target size
    .venv/bin/python benchmarks/network_scale.py --sizes 1000000 --cycles-max 0 --json out.json

Memory: about 3 GB at 1M statements (store build).
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SIZES = [10_000, 200_000]
TASKS = ["pagerank", "communities", "betweenness~256"]
CYCLE_LENGTH = 4

HEAD = """@prefix sg:   <https://w3id.org/stargate-kg/ontology#> .
@prefix e:    <https://w3id.org/stargate-kg/entity/> .
@prefix st:   <https://w3id.org/stargate-kg/statement/> .
@prefix src:  <https://w3id.org/stargate-kg/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""

# entity types and their share of the entities
TYPES = [("Company", 0.35, "Company", "公司"), ("Person", 0.25, "Person", "人物"), ("DataCenterSite", 0.12, "Site", "站点"),
         ("Project", 0.08, "Project", "项目"), ("City", 0.08, "City", "城市"), ("Hardware", 0.12, "Chip", "芯片")]  # fmt: skip

# (relation, subject type, object type or None for a value statement, weight, money kind or None)
RELATIONS = [
    ("investsIn", "Company", "Company", 8, "Equity"),
    ("commitsFundingTo", "Company", "Project", 5, "Commitment"),
    ("buysFrom", "Company", "Company", 7, "Purchase"),
    ("lendsTo", "Company", "Company", 2, "Loan"),
    ("owns", "Company", "Company", 3, "Ownership"),
    ("partnerOf", "Company", "Company", 10, None),
    ("supplierOf", "Company", "Company", 5, None),
    ("ceoOf", "Person", "Company", 6, None),
    ("executiveOf", "Person", "Company", 6, None),
    ("locatedIn", "DataCenterSite", "City", 6, None),
    ("builds", "Company", "DataCenterSite", 6, None),
    ("operates", "Company", "DataCenterSite", 4, None),
    ("partOf", "DataCenterSite", "Project", 5, None),
    ("uses", "DataCenterSite", "Hardware", 4, None),
    ("produces", "Company", "Hardware", 3, None),
    ("doubts", "Person", "Project", 2, None),
    ("powerCapacity", "DataCenterSite", None, 10, None),
    ("measure", "Company", None, 8, None),
]
STATUSES = ["sg:Announced", "sg:Committed", "sg:Planned", "sg:Reported", "sg:Operating"]


# ----------------------------------------------------------------------------- generation
def generate(n_statements, out_dir, seed=1, entity_ratio=10):
    """Write a synthetic graph of ``n_statements`` statements to ``out_dir`` (ontology + data.ttl).

    Entities: one per ``entity_ratio`` statements. Parties are drawn by
    preferential attachment (a party already in many statements is more
    likely to be drawn again), so degrees are skewed as in real deal networks.
    Beside it, ``edges.tsv`` lists every entity-to-entity statement that is
    not deprecated as ``subject object money`` (entity numbers; money 1 for a
    money relation): the same graph, for the reference to read.
    """
    from stargate_kg.paths import default_graph_dir

    rng = random.Random(seed)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(default_graph_dir() / "ontology.ttl", out_dir / "ontology.ttl")
    n_entities = max(60, n_statements // entity_ratio)
    pools, lines = {}, [HEAD]
    n_articles = max(5, n_statements // 1000)
    for a in range(n_articles):
        lines.append(f'src:s{a} a sg:Article ; rdfs:label "Synthetic article {a}" ; sg:fileName "s{a}.txt" .\n')
    i = 0
    for cls, share, en, zh in TYPES:
        for _ in range(max(5, int(n_entities * share))):
            lines.append(f'e:x{i} a sg:{cls} ; rdfs:label "{en} {i}"@en , "{zh}{i}"@zh .\n')
            pools.setdefault(cls, []).append(i)
            i += 1
    # attachment lists: every node once, plus once more each time it is drawn
    attach = {cls: list(ids) for cls, ids in pools.items()}
    weights = [r[3] for r in RELATIONS]

    def draw(cls):
        pool = attach[cls] if rng.random() < 0.8 else pools[cls]
        x = pool[rng.randrange(len(pool))]
        attach[cls].append(x)
        return x

    edge_list = open(out_dir / "edges.tsv", "w", encoding="utf-8")  # subject, object, money: what the reference reads
    with edge_list, open(out_dir / "data.ttl", "w", encoding="utf-8") as fh:
        fh.write("".join(lines))
        buf = []
        for n in range(n_statements):
            rel, s_cls, o_cls, _, kind = rng.choices(RELATIONS, weights)[0]
            s = draw(s_cls)
            parts = [f"st:g{n} a sg:Statement ; sg:subject e:x{s} ; sg:relation sg:{rel} ;"]
            if o_cls is None:
                parts.append(f' sg:value {rng.randint(1, 5000)} ; sg:unit "MW" ;')
            else:
                o = draw(o_cls)
                while o == s:
                    o = draw(o_cls)
                parts.append(f" sg:object e:x{o} ;")
            if kind:
                parts.append(f' sg:amount {rng.randint(1, 500) * 1e8:.1f} ; sg:currency "USD" ;')
                if rng.random() < 0.5:
                    parts.append(f" sg:moneyKind sg:{kind} ;")
            if rng.random() < 0.6:
                parts.append(f' sg:pointInTime "20{rng.randint(20, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"^^xsd:date ;')
            if rng.random() < 0.5:
                parts.append(f" sg:status {rng.choice(STATUSES)} ;")
            deprecated = rng.random() < 0.01
            if deprecated:
                parts.append(' sg:rank sg:DeprecatedRank ; sg:rankReason "synthetic conflict" ;')
            elif o_cls is not None:
                edge_list.write(f"{s}\t{o}\t{1 if kind else 0}\n")
            parts.append(
                f" sg:reference [ a sg:Reference ; sg:article src:s{rng.randrange(n_articles)} ;"
                f' sg:quote "合成引文{n}"@zh ] .\n'
            )
            buf.append("".join(parts))
            if len(buf) >= 10_000:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))
    return {"statements": n_statements, "entities": i, "articles": n_articles}


# ----------------------------------------------------------------------------- the reference
REFERENCE = r"""
import json, sys, time
t0 = time.perf_counter()
import numpy as np
task, path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
raw = np.array(open(path, "rb").read().split(), dtype=np.int64).reshape(-1, 3)
if task == "cycles":
    import networkx as nx
    money = raw[raw[:, 2] == 1]
    D = nx.DiGraph()
    D.add_edges_from((int(u), int(v)) for u, v in money[:, :2] if u != v)
    count = sum(1 for _ in nx.simple_cycles(D, length_bound=int(sys.argv[4])))
    print(json.dumps({"cycles": count}))
    sys.exit(0)
import networkit as nk
nk.setSeed(1, False)
s, d = raw[:, 0], raw[:, 1]
keep = s != d
a, b = np.minimum(s[keep], d[keep]), np.maximum(s[keep], d[keep])
key, w = np.unique(a * n + b, return_counts=True)
weighted = task != "betweenness"
G = nk.Graph(n, weighted=weighted, directed=False)
G.addEdges((w.astype(np.float64), (key // n, key % n)) if weighted else (key // n, key % n))
if task == "pagerank":
    algo = nk.centrality.PageRank(G, damp=0.85, tol=1e-10, distributeSinks=nk.centrality.SinkHandling.DistributeSinks)
elif task == "betweenness":
    algo = nk.centrality.EstimateBetweenness(G, 256, normalized=True)
else:
    algo = nk.community.PLM(G, refine=False, par="none randomized")
algo.run()
if task == "communities":
    P = algo.getPartition()
    print(json.dumps({"modularity": nk.community.Modularity().getQuality(P, G), "communities": P.numberOfSubsets(),
                      "links": G.numberOfEdges()}))
else:
    sc = np.asarray(algo.scores())
    print(json.dumps({"top": [int(i) for i in np.argsort(-sc, kind="stable")[:10]]}))
"""


def child(cmd, env, timeout=None):
    """Run ``cmd``; returns (stdout, wall seconds, CPU seconds) of the child, or raises on failure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if res.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd[:6]))} ... failed ({res.returncode}): {res.stderr.strip()[-800:]}")
    return res.stdout, wall, cpu


def cli(store, *args):
    return [sys.executable, "-m", "stargate_kg", "--store", str(store), *args]


def entity_number(iri):
    return int(iri.rsplit("/x", 1)[1])


def run_size(n, args, work):
    say = (lambda *a: print(*a, file=sys.stderr, flush=True)) if not args.silent else (lambda *a: None)
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    env.pop("STARGATE_KG_NETWORK_BACKEND", None)
    res = {"statements": n, "threads": args.threads, "times": {}, "checks": {}}
    src = Path(work) / f"g{n}"
    t = time.perf_counter()
    info = generate(n, src, seed=args.seed)
    res.update(entities=info["entities"], generate_s=round(time.perf_counter() - t, 2))
    say(f"[{n}] generated {info['entities']} entities in {res['generate_s']}s")
    store = Path(work) / f"s{n}"
    out, wall, cpu = child([sys.executable, "-m", "stargate_kg", "--graph", str(src), "--store", str(store), "load", "--json"], env)
    built = json.loads(out)
    res["times"]["load (store + edge arrays)"] = {"wall": wall, "cpu": cpu}
    res["edge_arrays_s"] = built["network_seconds"]
    say(f"[{n}] load: {wall:.1f}s, of which edge arrays {built['network_seconds']:.1f}s")
    out, wall, cpu = child(cli(store, "centrality", "--metric", "degree", "--top", "1", "--json"), env)
    res["times"]["degree"] = {"wall": wall, "cpu": cpu}
    n_nodes = info["entities"]
    edges = src / "edges.tsv"
    commands = {
        "pagerank": ("centrality", "--metric", "pagerank", "--top", "10", "--json"),
        "communities": ("communities", "--json"),
        "betweenness~256": ("centrality", "--metric", "betweenness", "--approx", "256", "--top", "10", "--json"),
    }
    for task, command in commands.items():
        out, wall, cpu = child(cli(store, *command), env)
        ref_out, rwall, rcpu = child([sys.executable, "-c", REFERENCE, task.split("~")[0], str(edges), str(n_nodes)], env)
        res["times"][task] = {"wall": wall, "cpu": cpu, "ref_wall": rwall, "ref_cpu": rcpu}
        mine, ref = json.loads(out), json.loads(ref_out)
        if task == "communities":
            res["checks"][task] = {"modularity": round(mine["modularity"], 4), "ref_modularity": round(ref["modularity"], 4)}
            res["links"] = ref["links"]
        else:
            top = [entity_number(r["iri"]) for r in mine]
            res["checks"][task] = {"top10_overlap": len(set(top) & set(ref["top"])) / 10, "same_top10": top == ref["top"]}
        say(f"[{n}] {task}: project {wall:.1f}s, networkit {rwall:.1f}s ({cpu / rcpu:.2f}x CPU)  {res['checks'][task]}")
    if n <= args.cycles_max:
        out, wall, cpu = child(cli(store, "cycles", "--max-length", str(CYCLE_LENGTH), "--limit", "1"), env)
        first = out.splitlines()[0] if out else ""
        total = int(first.split()[0]) if first and first[0].isdigit() else (1 if first.startswith("Cycle") else 0)
        times = {"wall": wall, "cpu": cpu}
        check = {"cycles": total}
        try:
            ref_out, rwall, rcpu = child([sys.executable, "-c", REFERENCE, "cycles", str(edges), str(n_nodes), str(CYCLE_LENGTH)], env, timeout=args.ref_timeout)
            times.update(ref_wall=rwall, ref_cpu=rcpu)
            check["ref_cycles"] = json.loads(ref_out)["cycles"]
        except subprocess.TimeoutExpired:
            check["ref_cycles"] = f"> {args.ref_timeout}s"
        res["times"][f"cycles<={CYCLE_LENGTH}"] = times
        res["checks"][f"cycles<={CYCLE_LENGTH}"] = check
        say(f"[{n}] money cycles <= {CYCLE_LENGTH}: project {wall:.1f}s {check}")
    return res


def report(results):
    lines = []
    for r in results:
        lines.append(f"{r['statements']:,} statements, {r['entities']:,} entities, {r.get('links', 0):,} links, {r['threads']} thread(s); seconds (wall / CPU); "
                     f"edge arrays computed in {r['edge_arrays_s']:.2f}s during load")
        lines.append(f"  {'task':<34}  {'project CLI':>15}  {'reference':>15}  {'ratio CPU':>9}  {'ratio wall':>10}  check")
        for task, t in r["times"].items():
            ref = f"{t['ref_wall']:.2f} / {t['ref_cpu']:.2f}" if "ref_wall" in t else "-"
            ratio = f"{t['cpu'] / t['ref_cpu']:.2f}x" if t.get("ref_cpu") else "-"
            wratio = f"{t['wall'] / t['ref_wall']:.2f}x" if t.get("ref_wall") else "-"
            check = json.dumps(r["checks"][task]) if task in r["checks"] else ""
            lines.append(f"  {task:<34}  {t['wall']:>6.2f} / {t['cpu']:<6.2f}  {ref:>15}  {ratio:>9}  {wratio:>10}  {check}")
        lines.append("")
    return "\n".join(lines).rstrip()


def versions():
    import platform

    out = {"python": platform.python_version(), "cores": os.cpu_count()}
    for mod in ("networkit", "networkx", "numpy", "pyoxigraph"):
        try:
            out[mod] = __import__(mod).__version__
        except (ImportError, AttributeError):
            out[mod] = None
    try:
        out["load_average"] = [round(x, 1) for x in os.getloadavg()]
    except OSError:
        pass
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default=None, help="Comma-separated numbers of statements (default: 10000,200000).")
    p.add_argument("--quick", action="store_true", help="Only the smallest size (10000 statements unless --sizes).")
    p.add_argument("--threads", type=int, default=1, help="Threads for both sides (OMP_NUM_THREADS; default 1).")
    p.add_argument("--cycles-max", type=int, default=200_000, help="Time money cycles up to this many statements (default 200000).")
    p.add_argument("--ref-timeout", type=float, default=600, help="Give up on the networkx cycles reference after this many seconds.")
    p.add_argument("--seed", type=int, default=1, help="Seed for generation.")
    p.add_argument("--workdir", default=None, help="Keep generated graphs and stores here (default: a temporary directory, removed).")
    p.add_argument("--json", dest="json_out", default=None, help="Also write the raw results to this JSON file.")
    p.add_argument("--silent", action="store_true", help="No progress lines on stderr.")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else DEFAULT_SIZES
    if args.quick:
        sizes = [min(sizes)] if args.sizes else [DEFAULT_SIZES[0]]
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="stargate-net-"))
    env_before = versions()
    try:
        results = [run_size(n, args, work) for n in sorted(sizes)]
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    meta = versions()
    meta["load_average_before"] = env_before.get("load_average")
    print(report(results))
    print(f"\n{json.dumps(meta)}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
