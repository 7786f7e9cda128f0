"""How stargate-kg scales: rdflib in memory vs this project's Oxigraph engine vs raw pyoxigraph.

Generates synthetic graphs in the project's own model (statements with
sg:subject / sg:relation / sg:object / sg:amount / sg:moneyKind / sg:reference
[sg:article, sg:quote], entities with English and Chinese labels, the real
ontology and derivation rules) at 10k, 100k and 1M triples, and reports side
by side, in one run:

* load time (parse + derivation rules) for each engine;
* catalog-style query times (a funders lookup, two aggregates, a name index,
  a property path, and the library's statements_of) for each engine;
* ratios: engine / raw pyoxigraph (the floor: what Oxigraph costs without this
  project's code) and rdflib / engine;
* the cold CLI latency of one question on the shipped graph against
  ``python -c "import click"`` (the floor for any Python CLI).

Usage::

    .venv/bin/python benchmarks/scale.py --quick             # 10k only, under a minute
    .venv/bin/python benchmarks/scale.py --sizes 10k,100k
    .venv/bin/python benchmarks/scale.py --skip-rdflib-above 200k --json results.json

Query times are the best of at least ``--repeat`` runs (more while under half a
second; one run for rdflib above 200k triples); loads are timed once.
"""

import argparse
import gc
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from stargate_kg.paths import default_graph_dir  # noqa: E402

PROLOGUE_PREFIXES = """@prefix sg: <https://w3id.org/stargate-kg/ontology#> .
@prefix e: <https://w3id.org/stargate-kg/entity/> .
@prefix st: <https://w3id.org/stargate-kg/statement/> .
@prefix src: <https://w3id.org/stargate-kg/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# relation -> (subject kind, object kind, money kind or None, weight)
RELATIONS = [
    ("investsIn", "org", "org", "Equity", 12),
    ("commitsFundingTo", "org", "org", "Commitment", 8),
    ("owns", "org", "org", "Ownership", 4),
    ("lendsTo", "org", "org", "Loan", 3),
    ("buysFrom", "org", "org", "Purchase", 8),
    ("partnerOf", "org", "org", None, 8),
    ("technologyPartnerOf", "org", "org", None, 4),
    ("supplierOf", "org", "org", None, 4),
    ("cloudProviderFor", "org", "org", None, 2),
    ("ceoOf", "person", "org", None, 4),
    ("founderOf", "person", "org", None, 3),
    ("executiveOf", "person", "org", None, 4),
    ("locatedIn", "site", "place", None, 6),
    ("builds", "org", "site", None, 5),
    ("operates", "org", "site", None, 4),
    ("announced", "org", "org", None, 3),
]
STATUSES = ["Announced", "Committed", "Planned", "Reported", "UnderConstruction", "Operating"]
ORG_TYPES = ["Company", "Company", "Company", "InvestmentFund", "JointVenture", "GovernmentBody"]

# Catalog-style questions. "raw" is the same question with the bound value written inline,
# the cheapest way to ask raw pyoxigraph.
FUNDERS = """SELECT ?funder ?rel ?amount ?kind ?status WHERE {
  ?st sg:object ?target ; sg:subject ?funder ; sg:relation ?rel .
  ?rel sg:family sg:Funding .
  OPTIONAL { ?st sg:amount ?amount } OPTIONAL { ?st sg:moneyKind ?kind } OPTIONAL { ?st sg:status ?status }
  FILTER NOT EXISTS { ?st sg:rank sg:DeprecatedRank } }"""
TOTALS = """SELECT ?funder ?kind (SUM(?amount) AS ?total) (COUNT(?st) AS ?n) WHERE {
  ?st sg:subject ?funder ; sg:moneyKind ?kind ; sg:amount ?amount ; sg:currency "USD" .
  FILTER NOT EXISTS { ?st sg:rank sg:DeprecatedRank } }
GROUP BY ?funder ?kind ORDER BY DESC(?total) LIMIT 20"""
BY_FAMILY = """SELECT ?fam (COUNT(DISTINCT ?st) AS ?n) WHERE {
  ?st a sg:Statement ; sg:relation ?rel . ?rel sg:family ?fam } GROUP BY ?fam ORDER BY DESC(?n)"""
NAMES = """SELECT ?e ?t ?p ?name WHERE {
  ?e a ?t . ?t rdfs:subClassOf* sg:Entity .
  OPTIONAL { VALUES ?p { rdfs:label skos:altLabel } ?e ?p ?name } }"""
PARTNERS = """SELECT DISTINCT ?x WHERE { ?start (sg:partnerOf|^sg:partnerOf)+ ?x }"""

QUERIES = [
    # name, query, bindings (engine), aggregate?
    ("funders of OpenAI", FUNDERS, "target", False),
    ("aggregate: totals by funder and kind", TOTALS, None, True),
    ("aggregate: statements by family", BY_FAMILY, None, True),
    ("entity name index", NAMES, None, False),
    ("partner network (path+)", PARTNERS, "start", False),
]


# -- synthetic graphs ---------------------------------------------------------------------------
def generate(target, out_dir, seed=8):
    """Write a synthetic graph of about ``target`` triples (before derivation) to ``out_dir``.

    Copies the real ontology and rules beside it; stops when the triples written plus the
    edges the rules will derive reach ``target``. Returns the number of triples written.
    """
    rnd = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(default_graph_dir() / "ontology.ttl", out_dir / "ontology.ttl")
    shutil.copytree(default_graph_dir() / "rules", out_dir / "rules")
    n_statements = max(50, target // 14)
    n_orgs, n_people, n_sites, n_places = (max(10, n_statements // k) for k in (6, 15, 20, 60))
    n_articles = max(5, n_statements // 400)
    kinds = {"org": [f"org{i}" for i in range(n_orgs)], "person": [f"person{i}" for i in range(n_people)],
             "site": [f"site{i}" for i in range(n_sites)], "place": [f"place{i}" for i in range(n_places)]}
    kinds["org"][0] = "openai"
    weights = [r[4] for r in RELATIONS]
    triples = 0
    with open(out_dir / "synthetic.ttl", "w", encoding="utf-8") as f:
        f.write(PROLOGUE_PREFIXES + "\n")
        for i in range(n_articles):
            f.write(f'src:s{i} a sg:Article ; rdfs:label "Synthetic article {i}"@en ; sg:fileName "s{i}.txt" .\n')
            triples += 3
        for kind, names in kinds.items():
            for i, name in enumerate(names):
                if name == "openai":
                    f.write('e:openai a sg:Company ; rdfs:label "OpenAI"@en , "OpenAI"@zh ; skos:altLabel "Open AI"@en .\n')
                    triples += 4
                    continue
                t = {"org": rnd.choice(ORG_TYPES), "person": "Person", "site": "DataCenterSite", "place": "City"}[kind]
                f.write(f'e:{name} a sg:{t} ; rdfs:label "{kind.title()} {i}"@en , "{kind}{i}号"@zh')
                triples += 3
                if rnd.random() < 0.3:
                    f.write(f' ; skos:altLabel "{kind[0].upper()}{i}"@en')
                    triples += 1
                f.write(" .\n")
        for i in range(n_statements):
            rel, sk, ok, money, _ = rnd.choices(RELATIONS, weights)[0]
            # OpenAI is a hub, as in the real graph: 2% of org-to-org statements involve it
            s = "openai" if (sk == "org" and ok == "org" and rnd.random() < 0.01) else rnd.choice(kinds[sk])
            o = "openai" if (ok == "org" and s != "openai" and rnd.random() < 0.01) else rnd.choice(kinds[ok])
            parts = [f"st:s{i} a sg:Statement", f"sg:subject e:{s}", f"sg:relation sg:{rel}", f"sg:object e:{o}"]
            if money:
                amount = rnd.choice([1, 2, 5, 10, 20, 50, 100, 300, 500]) * 10 ** rnd.choice([6, 7, 8, 9])
                parts += [f"sg:amount {amount}.0", 'sg:currency "USD"', f"sg:moneyKind sg:{money}"]
            parts.append(f"sg:status sg:{rnd.choice(STATUSES)}")
            parts.append(f'sg:pointInTime "{rnd.randint(2016, 2025)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"^^xsd:date')
            if rnd.random() < 0.05:
                parts.append("sg:rank sg:DeprecatedRank")
            refs = 1 if rnd.random() < 0.8 else 2
            for _ in range(refs):
                parts.append(f'sg:reference [ a sg:Reference ; sg:article src:s{rnd.randrange(n_articles)} ; '
                             f'sg:quote "第{i}条：{s}与{o}的合作，金额与时间见原文"@zh ]')
            triples += len(parts) + 3 * refs
            f.write(" ;\n    ".join(parts) + " .\n")
            if triples + 1.1 * (i + 1) >= target:  # the rules add about 1.1 direct edges per statement
                break
    return triples


# -- timing helpers ---------------------------------------------------------------------------------
def best(fn, repeat, budget=0.5, most=50):
    """(best seconds, result of the last run): at least ``repeat`` runs, more while under ``budget`` seconds."""
    times, result = [], None
    gc.collect()
    gc.disable()  # as timeit does: no collector pauses inside the timed runs
    try:
        while len(times) < repeat or (sum(times) < budget and len(times) < most):
            t = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t)
    finally:
        gc.enable()
    return min(times), result


def once(fn):
    gc.collect()
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


# -- the three engines -------------------------------------------------------------------------------
def raw_oxigraph(graph_dir, store_dir):
    """Load and derive with pyoxigraph calls only (bulk load, the same CONSTRUCT rules)."""
    import pyoxigraph as ox

    store = ox.Store(str(store_dir))
    for p in sorted(graph_dir.glob("*.ttl")):
        store.bulk_load(path=str(p), format=ox.RdfFormat.TURTLE, base_iri=p.resolve().as_uri())
    for rule in sorted((graph_dir / "rules").glob("*.rq")):  # once each, in order, as the loader does
        store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object) for t in store.query(rule.read_text())])
    store.optimize()  # compaction after a bulk load, as pyoxigraph advises (the engine does it too)
    store.flush()
    return store


def raw_query(store, query, inline):
    import pyoxigraph as ox

    from stargate_kg.namespace import PREFIXES

    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    text = query.replace("?target", "e:openai").replace("?start", "e:openai") if inline else query
    res = store.query(text, prefixes=prefixes)
    if isinstance(res, ox.QuerySolutions):
        return [list(sol) for sol in res]
    return list(res)


def attempt(entry, key, fn):
    """entry[key] = fn()'s (seconds, result); on an engine failure, record it and return None."""
    try:
        seconds, result = fn()
    except Exception as ex:  # a failure is a result too (rdflib evaluates paths by recursion)
        entry[key] = None
        entry[f"{key}_error"] = type(ex).__name__
        print(f"    {key} failed: {type(ex).__name__}: {str(ex)[:200]}", file=sys.stderr, flush=True)
        return None
    entry[key] = seconds
    return result


def run_size(target, workdir, repeat, with_rdflib):
    from stargate_kg.loader import load, rule_files
    from stargate_kg.lookup import resolve
    from stargate_kg.namespace import E
    from stargate_kg.oxigraph_engine import build_store, open_store
    from stargate_kg.statements import statements_of

    gdir = workdir / f"graph-{target}"
    written = generate(target, gdir)
    size_mb = sum(p.stat().st_size for p in gdir.rglob("*") if p.is_file()) / 1e6
    row = {"target": target, "triples_written": written, "files_mb": round(size_mb, 1), "load": {}, "queries": {}}

    raw = attempt(row["load"], "raw", lambda: once(lambda: raw_oxigraph(gdir, workdir / f"raw-{target}")))
    attempt(row["load"], "engine", lambda: once(lambda: build_store(workdir / f"store-{target}", [gdir])))
    kg = open_store(workdir / f"store-{target}")
    row["triples"] = len(kg)
    ref = None
    if with_rdflib:
        # load() is parse + derive; timed in two steps so the parse is not done twice
        ref = attempt(row["load"], "rdflib_parse_only", lambda: once(lambda: load([gdir], derive=False)))
        if ref is not None:
            derive = once(lambda: ref.derive(rule_files([gdir])))[0]
            row["load"]["rdflib_derive_only"] = derive
            row["load"]["rdflib"] = row["load"]["rdflib_parse_only"] + derive
            assert len(ref) == len(kg), (len(ref), len(kg))
    print(f"    loaded: {json.dumps(row['load'])}", file=sys.stderr, flush=True)

    bindings = {"target": E.openai, "start": E.openai}
    for name, q, bind, aggregate in QUERIES:
        b = {bind: bindings[bind]} if bind else None
        entry = {"aggregate": aggregate}
        raw_rows = attempt(entry, "raw", lambda: best(lambda: raw_query(raw, q, bool(bind)), repeat))
        rows = attempt(entry, "engine", lambda: best(lambda: kg.select(q, b), repeat))
        entry["rows"] = len(rows) if rows is not None else None
        if rows is not None and raw_rows is not None:
            assert len(rows) == len(raw_rows), (name, len(rows), len(raw_rows))
        if ref is not None:
            ref_rows = attempt(entry, "rdflib", lambda: best(lambda: ref.select(q, b), 1 if target > 200_000 else repeat, budget=0))
            if ref_rows is not None and rows is not None:
                assert len(ref_rows) == len(rows), (name, len(ref_rows), len(rows))
        row["queries"][name] = entry
        print(f"    {name}: {json.dumps(entry)}", file=sys.stderr, flush=True)
    # the library's own entity page: resolve + statements_of (no raw equivalent: two SELECTs + Python)
    entry = {"aggregate": False, "raw": None}
    kg._cache.clear()
    sts = attempt(entry, "engine", lambda: once(lambda: statements_of(kg, resolve(kg, "OpenAI").iri)))
    entry["rows"] = len(sts) if sts is not None else None
    if ref is not None:
        ref._cache.clear()
        attempt(entry, "rdflib", lambda: once(lambda: statements_of(ref, resolve(ref, "OpenAI").iri)))
    row["queries"]["statements_of(OpenAI) incl. name index (library)"] = entry
    del raw, kg, ref
    gc.collect()
    return row


# -- the cold CLI -------------------------------------------------------------------------------------
def cli_question():
    """`funders OpenAI` when that command exists, else `entity OpenAI`."""
    from stargate_kg.cli import cli
    from stargate_kg.commands import register

    register(cli)
    return ["funders", "OpenAI"] if "funders" in cli.commands else ["entity", "OpenAI"]


def cold_cli(workdir, repeat):
    from stargate_kg.oxigraph_engine import build_store

    py = sys.executable
    exe = str(Path(py).with_name("stargate-kg"))
    question = cli_question()
    store = workdir / "shipped.oxigraph"
    build_store(store)

    def timed(cmd, n):
        times = []
        for _ in range(n):
            t = time.perf_counter()
            res = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            times.append(time.perf_counter() - t)
            if res.returncode != 0:
                raise SystemExit(f"{' '.join(cmd)} failed: {res.stderr}")
        return {"best": min(times), "median": statistics.median(times)}

    floor = timed([py, "-c", "import click"], max(5, repeat))
    out = {"question": " ".join(question), "floor": floor}
    out["store"] = timed([exe, "--store", str(store), *question], max(3, repeat))
    out["default"] = timed([exe, *question], max(1, min(repeat, 3)))
    out["import_rdflib"] = timed([py, "-c", "import rdflib"], 3)
    return out


# -- reporting ------------------------------------------------------------------------------------------
def machine():
    import pyoxigraph
    import rdflib

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GB"
    except (OSError, StopIteration):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "rdflib": rdflib.__version__,
        "pyoxigraph": pyoxigraph.__version__,
    }


def fmt_s(x):
    if x is None:
        return "—"
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"


def cell(entry, key):
    if entry.get(f"{key}_error"):
        return f"failed ({entry[f'{key}_error']})"
    return fmt_s(entry.get(key))


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else "—"


def report(results, cli, info):
    lines = [f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']} RAM; {info['os']}; "
             f"Python {info['python']}, rdflib {info['rdflib']}, pyoxigraph {info['pyoxigraph']}.", ""]
    for row in results:
        lines.append(f"### {row['triples']:,} triples ({row['triples_written']:,} written + derived; {row['files_mb']} MB of Turtle)")
        lines.append("")
        lines.append("| step | rdflib (memory) | Oxigraph engine | raw pyoxigraph | engine / raw | rdflib / engine | rows |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        ld = row["load"]
        rd = ld.get("rdflib")
        extra = f" (parse {fmt_s(ld['rdflib_parse_only'])})" if rd is not None else ""
        lines.append(f"| load + derive | {cell(ld, 'rdflib')}{extra} | {cell(ld, 'engine')} | {cell(ld, 'raw')} | "
                     f"{ratio(ld.get('engine'), ld.get('raw'))} | {ratio(rd, ld.get('engine'))} | |")
        for name, q in row["queries"].items():
            rows = f"{q['rows']:,}" if q.get("rows") is not None else "—"
            lines.append(f"| {name} | {cell(q, 'rdflib')} | {cell(q, 'engine')} | {cell(q, 'raw')} | "
                         f"{ratio(q.get('engine'), q.get('raw'))} | {ratio(q.get('rdflib'), q.get('engine'))} | {rows} |")
        lines.append("")
    if cli:
        lines.append(f"### Cold CLI: `stargate-kg {cli['question']}` on the shipped graph (best / median of runs)")
        lines.append("")
        lines.append("| command | best | median | / floor (best) |")
        lines.append("|---|---:|---:|---:|")
        f = cli["floor"]["best"]
        for label, key in [("`python -c \"import click\"` (floor)", "floor"), ("`python -c \"import rdflib\"`", "import_rdflib"),
                           (f"`stargate-kg --store PATH {cli['question']}`", "store"),
                           (f"`stargate-kg {cli['question']}` (default engine: parse + rules)", "default")]:
            v = cli[key]
            lines.append(f"| {label} | {fmt_s(v['best'])} | {fmt_s(v['median'])} | {ratio(v['best'], f)} |")
        lines.append("")
    return "\n".join(lines)


def parse_size(text):
    text = text.strip().lower().replace("_", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * mult)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1M", help="comma-separated triple counts (default: 10k,100k,1M)")
    ap.add_argument("--quick", action="store_true", help="the smallest size only, fewer repeats (under a minute)")
    ap.add_argument("--skip-rdflib-above", type=parse_size, default=None, metavar="N",
                    help="do not run rdflib above N triples (it takes minutes at 1M)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per query; the best is reported (default 3)")
    ap.add_argument("--no-cli", action="store_true", help="skip the cold CLI measurement")
    ap.add_argument("--workdir", type=Path, default=None, help="where to write graphs and stores (default: a temp dir, removed)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON (after each size)")
    args = ap.parse_args(argv)

    sizes = sorted(parse_size(s) for s in args.sizes.split(","))
    repeat = args.repeat
    if args.quick:
        sizes, repeat = sizes[:1], min(repeat, 2)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="stargate-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    info = machine()
    results = []
    try:
        for n in sizes:
            with_rdflib = args.skip_rdflib_above is None or n <= args.skip_rdflib_above
            print(f"... {n:,} triples{'' if with_rdflib else ' (rdflib skipped)'}", file=sys.stderr, flush=True)
            results.append(run_size(n, workdir, repeat, with_rdflib))
            if args.json:
                args.json.write_text(json.dumps({"machine": info, "sizes": results, "cli": None}, indent=2) + "\n")
            shutil.rmtree(workdir / f"graph-{n}", ignore_errors=True)
        cli = None
        if not args.no_cli:
            print("... cold CLI", file=sys.stderr, flush=True)
            cli = cold_cli(workdir, 2 if args.quick else 5)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(report(results, cli, info))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "sizes": results, "cli": cli}, indent=2) + "\n")
    return results


if __name__ == "__main__":
    main()
