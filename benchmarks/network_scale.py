"""How the network analysis scales: synthetic graphs in the project's own model.

For each size (number of statements) this script writes a synthetic graph
exactly as the curated one is written (the shipped ontology, entities with
English and Chinese labels, ``sg:Statement`` nodes with subject, relation,
object, amount, money kind, date, status, rank and a reference with a quote),
loads it on an engine, and times, in one run:

- loading (Oxigraph store build, or rdflib parse + rules),
- the projection ``to_networkx`` (three SPARQL SELECTs + building the MultiDiGraph)
  and the undirected connectivity view,
- every centrality metric (degree, pagerank, closeness, eigenvector, betweenness),
- sampled betweenness (``--approx K``, networkx's ``k`` pivots, seed fixed) for
  each K in ``--approx``,

then prints how each cost grows (the exponent b in time ~ links^b between
consecutive sizes) and how close sampled betweenness is to the exact one
(Spearman rank correlation over all nodes, overlap of the top 10 / top 100)
at every size where exact betweenness is computed (``--exact-max``).

Exact closeness and betweenness cost one graph search per node (nodes x
links); above ``--exact-max`` statements they are not run but estimated from
a timed sample of single-source searches, marked "est.".

Usage::

    .venv/bin/python benchmarks/network_scale.py --quick          # 10k statements only
    .venv/bin/python benchmarks/network_scale.py                  # 10k, 100k, 1M
    .venv/bin/python benchmarks/network_scale.py --sizes 10000,50000 --engine rdflib --approx 16,64,256
    .venv/bin/python benchmarks/network_scale.py --quick --json results.json

Needs pyoxigraph for the default engine (``pip install 'stargate-kg[fast]'``);
rdflib handles 10k-100k statements but is far slower. Memory: about 8 GB at
1M statements.
"""

import argparse
import gc
import json
import math
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_SIZES = [10_000, 100_000, 1_000_000]
METRICS = ["degree", "pagerank", "closeness", "eigenvector", "betweenness"]

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

    with open(out_dir / "data.ttl", "w", encoding="utf-8") as fh:
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
            if rng.random() < 0.01:
                parts.append(' sg:rank sg:DeprecatedRank ; sg:rankReason "synthetic conflict" ;')
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


def open_kg(src_dir, engine, work):
    """Load the synthetic graph on ``engine`` ("oxigraph": build a store; "rdflib": parse in memory)."""
    if engine == "oxigraph":
        from stargate_kg.oxigraph_engine import build_store

        return build_store(Path(work) / "store", graphs=[src_dir])
    from stargate_kg import load

    return load([src_dir])


# ----------------------------------------------------------------------------- accuracy
def ranks(values):
    """Ranks 1..n of ``values`` (ties share their average rank).

    >>> ranks([10, 20, 20, 5])
    [2.0, 3.5, 3.5, 1.0]
    """
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(a, b):
    """Spearman rank correlation of two score dicts over their common keys (Pearson on ranks).

    >>> spearman({"x": 1, "y": 2, "z": 3}, {"x": 10, "y": 20, "z": 30})
    1.0
    >>> spearman({"x": 1, "y": 2, "z": 3}, {"x": 3, "y": 2, "z": 1})
    -1.0
    """
    keys = sorted(set(a) & set(b))
    ra, rb = ranks([a[k] for k in keys]), ranks([b[k] for k in keys])
    n = len(keys)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = math.sqrt(sum((x - ma) ** 2 for x in ra))
    vb = math.sqrt(sum((y - mb) ** 2 for y in rb))
    return round(cov / (va * vb), 6) if va and vb else float("nan")


def top_overlap(a, b, k):
    """Share of the top ``k`` of ``a`` that is also in the top ``k`` of ``b``.

    >>> top_overlap({"x": 3, "y": 2, "z": 1}, {"x": 1, "y": 2, "z": 3}, 2)
    0.5
    """
    from stargate_kg.network import top_items

    return len(set(top_items(a, k)) & set(top_items(b, k))) / k


# ----------------------------------------------------------------------------- timing
def timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t


def estimate_per_source(C, metric, samples, seed):
    """Seconds for exact ``metric`` (closeness / betweenness) estimated from ``samples`` single-source searches."""
    import networkx as nx

    rng = random.Random(seed)
    nodes = list(C)
    picks = [nodes[rng.randrange(len(nodes))] for _ in range(samples)]
    t = time.perf_counter()
    if metric == "closeness":
        for u in picks:
            nx.closeness_centrality(C, u=u)
    else:
        nx.betweenness_centrality(C, k=samples, seed=seed)
    per = (time.perf_counter() - t) / samples
    return per * len(nodes)


def run_size(n, args, work):
    import networkx as nx

    from stargate_kg import network as nw

    say = (lambda *a: print(*a, file=sys.stderr, flush=True)) if not args.silent else (lambda *a: None)
    res = {"statements": n, "engine": args.engine, "times": {}, "estimated": [], "accuracy": {}}
    src = Path(work) / f"g{n}"
    info, t = timed(generate, n, src, seed=args.seed)
    res.update(entities=info["entities"], generate_s=round(t, 2))
    say(f"[{n}] generated {info['entities']} entities in {t:.1f}s")
    kg, t = timed(open_kg, src, args.engine, Path(work) / f"s{n}")
    res["load_s"] = round(t, 2)
    res["triples"] = len(kg)
    say(f"[{n}] loaded {len(kg)} triples on {args.engine} in {t:.1f}s")
    G, t = timed(nw.to_networkx, kg)
    res["times"]["projection"] = t
    res.update(nodes=G.number_of_nodes(), edges=G.number_of_edges())
    say(f"[{n}] projection: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges in {t:.1f}s")
    C, t = timed(nw.connectivity, G)
    res["times"]["connectivity"] = t
    res["links"] = C.number_of_edges()
    del G
    kg._cache.clear()
    gc.collect()
    exact_ok = n <= args.exact_max
    exact = {}
    for metric in METRICS:
        if metric in ("closeness", "betweenness") and not exact_ok:
            t = estimate_per_source(C, metric, args.samples, args.seed)
            res["estimated"].append(metric)
            say(f"[{n}] {metric}: exact not run, estimated {t:.0f}s")
        else:
            s, t = timed(nw.scores, C, metric)
            if metric == "betweenness":
                exact = s
            say(f"[{n}] {metric}: {t:.1f}s")
        res["times"][metric] = t
    for k in args.approx:
        if k >= C.number_of_nodes():
            continue
        s, t = timed(nw.scores, C, "betweenness", approx=k, seed=args.seed)
        res["times"][f"betweenness~{k}"] = t
        say(f"[{n}] betweenness --approx {k}: {t:.1f}s")
        if exact:
            res["accuracy"][k] = {
                "spearman": spearman(exact, s),
                "top10": top_overlap(exact, s, 10),
                "top100": top_overlap(exact, s, 100),
            }
    return res


def growth(results, key):
    """Exponent b with time ~ links^b between consecutive sizes."""
    out = []
    for a, b in zip(results, results[1:]):
        ta, tb = a["times"].get(key), b["times"].get(key)
        if ta and tb and ta > 0 and b["links"] > a["links"]:
            out.append(math.log(tb / ta) / math.log(b["links"] / a["links"]))
        else:
            out.append(None)
    return out


def report(results, approx):
    lines = []
    head = ["", *[f"{r['statements']:,} st." for r in results]]
    rows = [
        ["entities (nodes)", *[f"{r['nodes']:,}" for r in results]],
        ["statement edges", *[f"{r['edges']:,}" for r in results]],
        ["undirected links", *[f"{r['links']:,}" for r in results]],
        ["triples", *[f"{r['triples']:,}" for r in results]],
        [f"load ({results[0]['engine']})", *[f"{r['load_s']:.1f}s" for r in results]],
    ]
    keys = ["projection", "connectivity", *METRICS, *[f"betweenness~{k}" for k in approx]]
    for key in keys:
        label = key.replace("~", " --approx ")
        row = [label]
        for r in results:
            t = r["times"].get(key)
            row.append("-" if t is None else f"{t:.2f}s" + (" est." if key in r["estimated"] else ""))
        g = [x for x in growth(results, key) if x is not None]
        if len(results) > 1:
            row.append("b=" + "/".join(f"{x:.2f}" for x in g) if g else "")
        rows.append(row)
    if len(results) > 1:
        head.append("growth (time ~ links^b)")
    widths = [max(len(str(r[i])) if i < len(r) else 0 for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        lines.append("  ".join(str(c).ljust(widths[i]) for i, c in enumerate(r)).rstrip())
    acc = [(r["statements"], k, a) for r in results for k, a in r["accuracy"].items()]
    if acc:
        lines.append("")
        lines.append("Sampled betweenness (--approx K) against exact betweenness:")
        lines.append("  statements  K     spearman  top-10 overlap  top-100 overlap  speed-up")
        for n, k, a in acc:
            r = next(x for x in results if x["statements"] == n)
            speed = r["times"]["betweenness"] / r["times"][f"betweenness~{k}"]
            lines.append(f"  {n:<10,}  {k:<4}  {a['spearman']:<8.3f}  {a['top10']:<14.2f}  {a['top100']:<15.2f}  {speed:.0f}x")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default=None, help="Comma-separated numbers of statements (default: 10000,100000,1000000).")
    p.add_argument("--quick", action="store_true", help="Only the smallest size (10000 statements).")
    p.add_argument("--engine", choices=["oxigraph", "rdflib"], default="oxigraph", help="Engine to load the graph on (default: oxigraph).")
    p.add_argument("--approx", default="16,64,256", help="Sampled-betweenness K values to time and compare (default: 16,64,256).")
    p.add_argument("--exact-max", type=int, default=20_000, help="Run exact closeness/betweenness up to this many statements (default: 20000).")
    p.add_argument("--samples", type=int, default=20, help="Single-source searches timed to estimate exact closeness/betweenness above --exact-max.")
    p.add_argument("--seed", type=int, default=1, help="Seed for generation and sampling.")
    p.add_argument("--workdir", default=None, help="Keep generated graphs and stores here (default: a temporary directory, removed).")
    p.add_argument("--json", dest="json_out", default=None, help="Also write the raw results to this JSON file.")
    p.add_argument("--silent", action="store_true", help="No progress lines on stderr.")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else DEFAULT_SIZES
    if args.quick:
        sizes = [min(sizes)] if args.sizes else [DEFAULT_SIZES[0]]
    args.approx = [int(k) for k in args.approx.split(",") if k.strip()]
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="stargate-net-"))
    try:
        results = []
        for n in sorted(sizes):
            results.append(run_size(n, args, work))
            gc.collect()
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    print(report(results, args.approx))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
