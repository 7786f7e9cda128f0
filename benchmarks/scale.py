"""How stargate-kg scales: rdflib in memory vs this project's Oxigraph engine vs raw pyoxigraph.

Generates synthetic graphs in the project's own model (statements with
sg:subject / sg:relation / sg:object or sg:value, amounts, statuses, ranks,
conflicts, references to articles with publishers, entities with English and
Chinese labels and Wikidata links; the real ontology and derivation rules) at
10k, 100k and 1M triples, and reports, for each size:

* load: graph files to a queryable graph (rdflib: parse + rules; the engine:
  ``build_store`` as the CLI's default engine builds its cached store, in
  memory with a snapshot for small graphs, else on disk; raw pyoxigraph: bulk
  load + the same rules, + compaction on disk, the floor, on the same storage);
* the catalog questions (``queries/*.rq``) as users ask them: the file's text
  as it is, parameters bound to ``e:openai`` / the first article, on rdflib,
  the engine (``kg.query``, what ``stargate-kg query`` runs) and raw
  pyoxigraph (the same text with the parameter's IRI written in place of its
  variable or in a VALUES block, whichever pyoxigraph answers faster: the
  floor); plus the library's entity name index and ``statements_of``;
* formulations: equivalent texts of two aggregates (statements by family, a
  user's own aggregate, and the catalog's statements-by-status), to show what an
  aggregate costs on each engine;
* the cold CLI on the shipped graph against ``python -c "import click"``.

Every query gets one warm-up run, then ``--repeat`` timed runs (at least 3
when that would exceed ``--budget``); the engine and raw pyoxigraph alternate
run by run, so background load hits both alike.
Tables show the median and ± half the min-max range; engine / raw is the
median of the per-run ratios. rdflib gets fewer runs when it is slow, and a
question it has not answered in ``--rdflib-timeout`` seconds is stopped.
The raw floor uses the same storage as the engine: in memory where the engine
loads its store's snapshot into memory (graphs up to its SNAPSHOT_BYTES), the
on-disk store otherwise; there, a further column gives raw pyoxigraph in
memory, what the same questions would cost without the disk.

Usage::

    .venv/bin/python benchmarks/scale.py --quick          # 10k only, under a minute
    .venv/bin/python benchmarks/scale.py                  # 10k, 100k, 1M: about 25 minutes on 2 cores
    .venv/bin/python benchmarks/scale.py --sizes 100k --questions all --json out.json

Generated graphs are kept in ``--cache`` (default: $TMPDIR/stargate-kg-bench)
and reused by later runs; stores are rebuilt each run, since loading is timed.
"""

import argparse
import gc
import hashlib
import inspect
import json
import os
import platform
import random
import re
import shutil
import signal
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
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> .
@prefix wd: <http://www.wikidata.org/entity/> .
"""
ENTITY = "https://w3id.org/stargate-kg/entity/"
SOURCE = "https://w3id.org/stargate-kg/source/"

# relation -> (subject kind, object kind or "value", money kind or None, weight)
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
    ("locatedIn", "site", "city", None, 6),
    ("locatedIn", "city", "state", None, 1),
    ("builds", "org", "site", None, 5),
    ("operates", "org", "site", None, 4),
    ("oversees", "org", "site", None, 1),
    ("tenantOf", "org", "site", None, 1),
    ("partOf", "site", "project", None, 2),
    ("powerCapacity", "site", "value", None, 2),
    ("doubts", "person", "org", None, 1),
    ("announced", "org", "org", None, 3),
]
STATUSES = ["Announced", "Committed", "Planned", "Reported", "UnderConstruction", "Operating"]
ORG_TYPES = ["Company", "Company", "Company", "InvestmentFund", "JointVenture", "GovernmentBody"]
KIND_TYPES = {"person": "Person", "site": "DataCenterSite", "city": "City", "state": "State", "project": "Project"}
# the entities the catalog's examples name (e:openai is a hub, as in the real graph)
NAMED = {("org", 0): ("openai", "OpenAI", "Company"), ("org", 1): ("stargate", "Stargate", "JointVenture"),
         ("project", 0): ("stargate-supercomputer-2024", "Stargate supercomputer (2024)", "Project")}

# The catalog questions measured by default (--questions all: every one). Left out: money-loop
# (rdflib does not finish it at 100k triples in ten minutes) and questions the synthetic graph
# gives almost nothing to (doubts, conflicting-claims, two-stargates, capacities, wikidata-links).
DEFAULT_QUESTIONS = [
    "statements-by-status", "entity-types", "sources",  # aggregates
    "funders-of", "partners-of", "people-of",  # about one entity
    "funding-relationships", "largest-amounts", "timeline", "site-roles", "places", "sites-by-state",
]

# Formulations of two aggregates. Every text is given unchanged to all three engines.
BY_FAMILY = """SELECT ?fam (COUNT(DISTINCT ?st) AS ?n) WHERE {
  ?st a sg:Statement ; sg:relation ?rel . ?rel sg:family ?fam } GROUP BY ?fam ORDER BY DESC(?n)"""
FORMULATIONS = [
    ("statements by family: COUNT(DISTINCT ?st), each statement joined to its type", BY_FAMILY),
    ("statements by family: COUNT(?st) (same answer: one relation per statement)",
     BY_FAMILY.replace("COUNT(DISTINCT ?st)", "COUNT(?st)")),
    ("statements by family: counted per relation first, then summed per family",
     """SELECT ?fam (SUM(?c) AS ?n) WHERE {
  { SELECT ?rel (COUNT(?st) AS ?c) WHERE { ?st a sg:Statement ; sg:relation ?rel } GROUP BY ?rel }
  ?rel sg:family ?fam } GROUP BY ?fam ORDER BY DESC(?n)"""),
    ("statements by family: per relation first, without `a sg:Statement`",
     """SELECT ?fam (SUM(?c) AS ?n) WHERE {
  { SELECT ?rel (COUNT(?st) AS ?c) WHERE { ?st sg:relation ?rel } GROUP BY ?rel }
  ?rel sg:family ?fam } GROUP BY ?fam ORDER BY DESC(?n)"""),
    ("statements by status: the catalog's text", None),  # queries/statements-by-status.rq
    ("statements by status: counted per status first, then labelled",
     """SELECT ?status (SUM(?c) AS ?statements) WHERE {
  { SELECT ?s (COUNT(?st) AS ?c) WHERE { ?st a sg:Statement ; sg:status ?s } GROUP BY ?s }
  ?s skos:prefLabel ?status } GROUP BY ?status ORDER BY DESC(?statements) ?status"""),
    ("statements by status: per status first, without `a sg:Statement`",
     """SELECT ?status (SUM(?c) AS ?statements) WHERE {
  { SELECT ?s (COUNT(?st) AS ?c) WHERE { ?st sg:status ?s } GROUP BY ?s }
  ?s skos:prefLabel ?status } GROUP BY ?status ORDER BY DESC(?statements) ?status"""),
]


# -- synthetic graphs ---------------------------------------------------------------------------
def generate(target, out_dir, seed=8):
    """Write a synthetic graph of about ``target`` triples (after derivation) to ``out_dir``.

    Copies the real ontology and rules beside it; stops when the triples written plus the
    edges the rules will derive reach ``target``. Returns the number of triples written.
    """
    rnd = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(default_graph_dir() / "ontology.ttl", out_dir / "ontology.ttl")
    shutil.copytree(default_graph_dir() / "rules", out_dir / "rules")
    n_statements = max(50, target // 14)
    counts = {"org": 6, "person": 15, "site": 20, "city": 60, "state": 600, "project": 100}
    kinds = {k: [f"{k}{i}" for i in range(max(3, n_statements // d))] for k, d in counts.items()}
    for (kind, i), (name, _, _) in NAMED.items():
        kinds[kind][i] = name
    n_articles = max(5, n_statements // 400)
    n_outlets = max(3, n_articles // 10)
    weights = [r[4] for r in RELATIONS]
    triples = 0
    with open(out_dir / "synthetic.ttl", "w", encoding="utf-8") as f:
        f.write(PROLOGUE_PREFIXES + "\n")
        for i in range(n_outlets):
            f.write(f'e:outlet{i} a sg:MediaOutlet ; rdfs:label "Outlet {i}"@en , "媒体{i}"@zh .\n')
            triples += 3
        for i in range(n_articles):
            f.write(f'src:s{i} a sg:Article ; rdfs:label "Synthetic article {i}"@en ; sg:fileName "s{i}.txt" ; '
                    f'schema:headline "合成文章{i}：星际之门的资金与站点"@zh ; schema:publisher e:outlet{rnd.randrange(n_outlets)} ; '
                    f'schema:datePublished "2025-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"^^xsd:date .\n')
            triples += 6
        for kind, names in kinds.items():
            for i, name in enumerate(names):
                named = NAMED.get((kind, i))
                if named:
                    _, label, t = named
                    f.write(f'e:{name} a sg:{t} ; rdfs:label "{label}"@en , "{label}"@zh .\n')
                    triples += 3
                    continue
                t = rnd.choice(ORG_TYPES) if kind == "org" else KIND_TYPES[kind]
                f.write(f'e:{name} a sg:{t} ; rdfs:label "{kind.title()} {i}"@en , "{kind}{i}号"@zh')
                triples += 3
                if rnd.random() < 0.3:
                    f.write(f' ; skos:altLabel "{kind[0].upper()}{i}"@en')
                    triples += 1
                if kind == "org" and rnd.random() < 0.2:
                    f.write(f" ; owl:sameAs wd:Q{1000 + i}")
                    triples += 1
                f.write(" .\n")
        for i in range(n_statements):
            rel, sk, ok, money, _ = rnd.choices(RELATIONS, weights)[0]
            # OpenAI is a hub, as in the real graph: 2% of org-to-org statements involve it
            s = "openai" if (sk == "org" and ok == "org" and rnd.random() < 0.01) else rnd.choice(kinds[sk])
            parts = [f"st:s{i} a sg:Statement", f"sg:subject e:{s}", f"sg:relation sg:{rel}"]
            if ok == "value":
                o = f"{rnd.choice([50, 100, 200, 300, 500, 1000, 1200, 4500])} MW"
                parts += [f"sg:value {o.split()[0]}", 'sg:unit "MW"']
            else:
                o = "openai" if (ok == "org" and s != "openai" and rnd.random() < 0.01) else rnd.choice(kinds[ok])
                parts.append(f"sg:object e:{o}")
            if money:
                amount = rnd.choice([1, 2, 5, 10, 20, 50, 100, 300, 500]) * 10 ** rnd.choice([6, 7, 8, 9])
                parts += [f"sg:amount {amount}.0", 'sg:currency "USD"', f"sg:moneyKind sg:{money}"]
            parts.append(f"sg:status sg:{rnd.choice(STATUSES)}")
            parts.append(f'sg:pointInTime "{rnd.randint(2016, 2025)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"^^xsd:date')
            if rnd.random() < 0.05:
                parts += ["sg:rank sg:DeprecatedRank", 'sg:rankReason "superseded by a later figure"@en']
                if i and rnd.random() < 0.3:
                    parts.append(f"sg:conflictsWith st:s{rnd.randrange(i)}")
            refs = 1 if rnd.random() < 0.8 else 2
            for _ in range(refs):
                parts.append(f'sg:reference [ a sg:Reference ; sg:article src:s{rnd.randrange(n_articles)} ; '
                             f'sg:quote "第{i}条：{s}与{o}的合作，金额与时间见原文"@zh ]')
            triples += len(parts) + 3 * refs
            f.write(" ;\n    ".join(parts) + " .\n")
            if triples + 1.05 * (i + 1) >= target:  # the rules add about 1.05 direct edges per statement
                break
    return triples


def graph_for(target, cache, seed=8):
    """The synthetic graph of ``target`` triples from ``cache``, generated there on first use."""
    h = hashlib.sha256(inspect.getsource(generate).encode() + repr((RELATIONS, NAMED, seed)).encode())
    for p in [default_graph_dir() / "ontology.ttl", *sorted((default_graph_dir() / "rules").glob("*.rq"))]:
        h.update(p.read_bytes())
    gdir = cache / "graphs" / f"{target}-{h.hexdigest()[:12]}"
    info = gdir / "written.json"
    if not info.is_file():
        shutil.rmtree(gdir, ignore_errors=True)
        tmp = Path(tempfile.mkdtemp(prefix=".gen-", dir=cache))
        written = generate(target, tmp / "g", seed)
        (tmp / "g" / "written.json").write_text(json.dumps({"triples_written": written}))
        gdir.parent.mkdir(parents=True, exist_ok=True)
        (tmp / "g").rename(gdir)
        shutil.rmtree(tmp, ignore_errors=True)
    return gdir, json.loads(info.read_text())["triples_written"]


# -- timing ---------------------------------------------------------------------------------------
class Timeout(BaseException):
    """Raised by the alarm; not an Exception, so the library's error handling lets it through."""


def _alarm(signum, frame):
    raise Timeout()


def timed(fn, timeout=None):
    """(seconds, result) of one call; raises Timeout after ``timeout`` seconds (main thread only)."""
    if timeout:
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        t = time.perf_counter()
        result = fn()
        return time.perf_counter() - t, result
    finally:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


def summary(times):
    med = statistics.median(times)
    return {"median": med, "min": min(times), "max": max(times), "runs": len(times), "times": times}


def measure_alternating(fns, repeat, budget=None):
    """Time the callables in ``fns`` ({name: fn}) ``repeat`` times each, alternating, after a warm-up.

    With ``budget`` (seconds), fewer runs (at least 3) when the warm-up says ``repeat`` would not fit.
    Returns ({name: summary or {"error": ...}}, {name: warm-up result}, [per-run {name: seconds}]).
    """
    stats, results = {}, {}
    live = {}
    warm = 0
    for name, fn in fns.items():
        try:
            t, results[name] = timed(fn)
            warm += t
            live[name] = fn
        except Exception as ex:  # a failure is a result too
            stats[name] = {"error": f"{type(ex).__name__}: {str(ex)[:200]}"}
    if budget and warm * repeat > budget:
        repeat = max(3, min(repeat, int(budget / warm)))
    runs = []
    gc.collect()
    gc.disable()  # as timeit does: no collector pauses inside the timed runs
    try:
        for i in range(repeat):
            order = list(live) if i % 2 == 0 else list(reversed(live))
            run = {}
            for name in order:
                run[name] = timed(live[name])[0]
            runs.append(run)
    finally:
        gc.enable()
    for name in live:
        stats[name] = summary([r[name] for r in runs])
    return stats, results, runs


def measure_slow(fn, repeat, timeout, budget):
    """rdflib: a first run (the warm-up, and a timed run when it took over a second), then more
    timed runs while they fit in ``budget`` seconds, up to ``repeat``. Returns (stats, result)."""
    gc.collect()
    try:
        first, result = timed(fn, timeout)
    except Timeout:
        return {"timeout": timeout}, None
    except RecursionError as ex:
        return {"error": f"RecursionError: {str(ex)[:100]}"}, None
    except Exception as ex:
        return {"error": f"{type(ex).__name__}: {str(ex)[:200]}"}, None
    times = [first] if first > 1 else []
    gc.disable()
    try:
        while len(times) < repeat and (not times or sum(times) + statistics.median(times) <= budget):
            times.append(timed(fn, timeout)[0])
    except Timeout:
        pass
    finally:
        gc.enable()
    return summary(times), result


def loadavg():
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


# -- answers, to check the engines agree ------------------------------------------------------------
def _norm(term):
    if term is None:
        return None
    if type(term).__name__ in ("BNode", "BlankNode"):
        return "_:"
    value = getattr(term, "toPython", lambda: term)()
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return float(value)
    return str(value)


def answer(result):
    """A KnowledgeGraph.query or .select result as a sorted list of normalised rows."""
    rows = result[2] if isinstance(result, tuple) else result
    return sorted((tuple(sorted((k, repr(_norm(v))) for k, v in r.items())) for r in rows), key=repr)


# -- the engines ----------------------------------------------------------------------------------------
def raw_oxigraph(graph_dir, store_dir=None):
    """Load and derive with pyoxigraph calls only (bulk load, the same CONSTRUCT rules, compaction).

    In memory when ``store_dir`` is None.
    """
    import pyoxigraph as ox

    store = ox.Store(str(store_dir)) if store_dir else ox.Store()
    for p in sorted(graph_dir.glob("*.ttl")):
        store.bulk_load(path=str(p), format=ox.RdfFormat.TURTLE, base_iri=p.resolve().as_uri())
    for rule in sorted((graph_dir / "rules").glob("*.rq")):  # once each, in order, as the loader does
        store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object) for t in store.query(rule.read_text())])
    if store_dir:
        store.optimize()  # compaction after a bulk load, as the engine does
        store.flush()
    return store


def raw_text(text, bindings):
    """The text with each bound IRI written in place of its variable (not in SELECT's list: substituted there)."""
    subs = {}
    for name, value in bindings.items():
        projected = re.search(r"SELECT[^{]*\?" + name + r"\b", text, re.I)
        if projected:
            subs[name] = value
        else:
            text = re.sub(r"\?" + name + r"\b", f"<{value}>", text)
    return text, subs


def values_text(text, bindings):
    """The text with the bound IRIs in a VALUES block at the start of the WHERE group (as the engine binds)."""
    block = " ".join(f"VALUES ?{k} {{ <{v}> }}" for k, v in bindings.items())
    return re.sub(r"\bWHERE\s*\{", lambda m: m.group(0) + " " + block + " ", text, count=1, flags=re.I)


def raw_runner(store, text, bindings, values=False):
    """A callable asking raw pyoxigraph ``text``; parameters written in place (or as VALUES with ``values``)."""
    import pyoxigraph as ox

    from stargate_kg.namespace import PREFIXES

    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    if values and bindings:
        text, subs = values_text(text, bindings), {}
    else:
        text, subs = raw_text(text, bindings or {})
    subs = {ox.Variable(k): ox.NamedNode(str(v)) for k, v in subs.items()} or None

    def run():
        res = store.query(text, prefixes=prefixes, substitutions=subs)
        return [list(sol) for sol in res] if isinstance(res, ox.QuerySolutions) else res

    return run


def questions(names):
    """[(label, text, {param: IRI}, aggregate?)] for catalog questions ``names`` (None: the default set)."""
    from stargate_kg.queries import catalog

    cat = catalog()
    if names == ["all"]:
        names = list(cat)
    out = []
    for name in names or DEFAULT_QUESTIONS:
        if name not in cat:
            print(f"    no catalog question {name!r}: skipped", file=sys.stderr, flush=True)
            continue
        q = cat[name]
        bindings = {}
        for p in q.params:
            bindings[p.name] = {"entity": ENTITY + "openai", "article": SOURCE + "s0"}.get(p.type)
        if None in bindings.values():
            print(f"    {name}: cannot bind its parameters: skipped", file=sys.stderr, flush=True)
            continue
        text = body = q.text
        while "{" in body:  # drop the groups, innermost first: what is left is the outermost query's modifiers
            body = re.sub(r"\{[^{}]*\}", "", body)
        # an aggregate counts over the graph; grouping one row per statement (quotes gathered) is no aggregate
        aggregate = bool(re.search(r"\bGROUP\s+BY\b", body, re.I)) and not re.search(r"\bGROUP\s+BY\s+\?st\b", body, re.I)
        shown = [f"?{k} = {v.replace(ENTITY, 'e:').replace(SOURCE, 'src:')}" for k, v in bindings.items()]
        label = f"`{name}`" + (f" ({', '.join(shown)})" if shown else "")
        out.append((label, text, bindings, aggregate))
    return out


def rdflib_terms(bindings):
    from rdflib import URIRef

    return {k: URIRef(v) for k, v in bindings.items()} or None


def engine_terms(bindings):
    try:
        from stargate_kg.terms import IRI
    except ImportError:  # pragma: no cover  (before light terms)
        from rdflib import URIRef as IRI
    return {k: IRI(v) for k, v in bindings.items()} or None


def run_size(target, cache, work, args):
    import pyoxigraph as ox

    from stargate_kg.engines import oxigraph as engine_module
    from stargate_kg.loader import load, rule_files
    from stargate_kg.engines.oxigraph import build_store, open_store

    gdir, written = graph_for(target, cache)
    size_mb = sum(p.stat().st_size for p in gdir.rglob("*") if p.is_file()) / 1e6
    with_rdflib = args.skip_rdflib_above is None or target <= args.skip_rdflib_above
    row = {"target": target, "triples_written": written, "files_mb": round(size_mb, 1), "load": {}, "queries": [],
           "formulations": [], "loadavg_start": loadavg()}

    # load: engine and raw alternate; each build goes to a fresh folder
    builds = {"raw": 0, "engine": 0}

    # the engine builds small graphs in memory (kept as a snapshot, no database): so does the floor
    mem_build = sum(p.stat().st_size for p in gdir.glob("*.ttl")) <= engine_module.SNAPSHOT_BYTES

    def build_raw():
        builds["raw"] += 1
        shutil.rmtree(work / f"raw-{builds['raw'] - 1}", ignore_errors=True)
        return raw_oxigraph(gdir, None if mem_build else work / f"raw-{builds['raw']}")

    def build_engine():
        builds["engine"] += 1
        shutil.rmtree(work / f"engine-{builds['engine'] - 1}", ignore_errors=True)
        return build_store(work / f"engine-{builds['engine']}", [gdir], snapshot=True)

    load_repeat = args.load_repeat or (3 if target <= 200_000 else 2)
    stats, _, runs = measure_alternating({"raw": build_raw, "engine": build_engine}, load_repeat)
    row["load"].update(stats, ratio=_paired(runs))
    eng_path, raw_path = work / f"engine-{builds['engine']}", work / f"raw-{builds['raw']}"
    snap = eng_path / getattr(engine_module, "SNAPSHOT", "snapshot.nt")
    in_memory = snap.is_file()  # open_store then loads the snapshot into memory
    row["engine_storage"] = "memory" if in_memory else "disk"

    def open_raw():
        if in_memory:
            store = ox.Store()
            store.load(path=str(snap), format=ox.RdfFormat.N_TRIPLES)
            return store
        return ox.Store.read_only(str(raw_path))

    # open both built stores, as a new process would
    both, opened, runs = measure_alternating({"raw": open_raw, "engine": lambda: open_store(eng_path)}, args.repeat)
    kg, raw = opened["engine"], opened["raw"]
    row["open"] = {**both, "ratio": _paired(runs)}
    row["triples"] = len(kg)
    ref = None
    if with_rdflib:
        try:
            t_parse, ref = timed(lambda: load([gdir], derive=False))
            t_derive = timed(lambda: ref.derive(rule_files([gdir])))[0]
            row["load"]["rdflib"] = summary([t_parse + t_derive])
            row["load"]["rdflib_parse"] = t_parse
            if len(ref) != row["triples"]:
                print(f"    rdflib has {len(ref)} triples, the engine {row['triples']}", file=sys.stderr, flush=True)
        except Exception as ex:
            row["load"]["rdflib"] = {"error": f"{type(ex).__name__}: {str(ex)[:200]}"}
            ref = None
    print(f"    loaded {row['triples']:,} triples ({row['engine_storage']}); load average {loadavg()}",
          file=sys.stderr, flush=True)

    # above the snapshot limit: raw pyoxigraph in memory too, what the same questions would cost there
    mem = None
    if not in_memory and not args.no_memory_floor:
        mem = raw_oxigraph(gdir)

    # the catalog questions, and the library's own
    items = questions(args.questions)
    try:
        from stargate_kg.lookup import ENTITY_NAMES

        items.append(("entity name index (library's query)", ENTITY_NAMES, {}, False))
    except ImportError:
        pass
    for label, text, bindings, aggregate in items:
        entry = {"name": label, "aggregate": aggregate}
        eb = engine_terms(bindings)
        raw_fn = raw_runner(raw, text, bindings)
        if bindings:  # the floor: the IRI written in place or in a VALUES block, whichever pyoxigraph answers faster
            fast = raw_runner(raw, text, bindings, values=True)
            inline_t = min(timed(raw_fn)[0] for _ in range(2))
            values_t = min(timed(fast)[0] for _ in range(2))
            entry["raw_text"] = "values" if values_t < inline_t else "inline"
            raw_fn = fast if values_t < inline_t else raw_fn
        stats, results, runs = measure_alternating({"raw": raw_fn, "engine": lambda: kg.query(text, eb)}, args.repeat, args.budget)
        if mem is not None:  # timed on its own, after the pair
            stats.update(measure_alternating({"raw_memory": raw_runner(mem, text, bindings)}, args.repeat, args.budget)[0])
        entry.update(stats)
        entry["ratio"] = _paired(runs)
        if "engine" in results:
            entry["rows"] = len(results["engine"][2])
        if "raw" in results and "engine" in results and len(results["raw"]) != entry["rows"]:
            entry["mismatch"] = f"raw pyoxigraph gave {len(results['raw'])} rows"
        if ref is not None:
            rb = rdflib_terms(bindings)
            entry["rdflib"], ref_result = measure_slow(lambda: ref.query(text, rb), args.repeat, args.rdflib_timeout,
                                                       args.rdflib_budget)
            if ref_result is not None and "engine" in results and answer(ref_result) != answer(results["engine"]):
                entry["mismatch"] = f"rdflib gave {len(ref_result[2])} rows, a different answer"
        row["queries"].append(entry)
        print(f"    {label}: {_brief(entry)}", file=sys.stderr, flush=True)
        if entry.get("mismatch"):
            print(f"    !! {label}: {entry['mismatch']}", file=sys.stderr, flush=True)
    entry = _library_statements(kg, ref, args)
    row["queries"].append(entry)
    print(f"    {entry['name']}: {_brief(entry)}", file=sys.stderr, flush=True)

    if not args.no_formulations:
        from stargate_kg.queries import catalog

        for label, text in FORMULATIONS:
            text = text or catalog()["statements-by-status"].text
            stats, results, runs = measure_alternating({"raw": raw_runner(raw, text, {}), "engine": lambda: kg.query(text)},
                                                       args.repeat, args.budget)
            if mem is not None:
                stats.update(measure_alternating({"raw_memory": raw_runner(mem, text, {})}, args.repeat, args.budget)[0])
            entry = {"name": label, "text": text, **stats, "ratio": _paired(runs)}
            entry["rows"] = len(results["engine"][2]) if "engine" in results else None
            if ref is not None:
                entry["rdflib"], ref_result = measure_slow(lambda: ref.query(text), args.repeat, args.rdflib_timeout,
                                                           args.rdflib_budget)
                if ref_result is not None and "engine" in results and answer(ref_result) != answer(results["engine"]):
                    entry["mismatch"] = "rdflib gave a different answer"
            row["formulations"].append(entry)
            print(f"    {label}: {_brief(entry)}", file=sys.stderr, flush=True)
    row["loadavg_end"] = loadavg()
    del raw, kg, ref, mem
    gc.collect()
    return row


def _library_statements(kg, ref, args):
    """resolve("OpenAI") + statements_of: the library's entity page (no raw equivalent: SELECTs + Python)."""
    entry = {"name": "`statements_of(OpenAI)` after `resolve` (library, first call)", "aggregate": False}
    try:
        from stargate_kg.lookup import resolve
        from stargate_kg.answers.statements import statements_of
    except ImportError as ex:
        entry["engine"] = {"error": str(ex)}
        return entry

    def page(g):
        g._cache.clear()
        return statements_of(g, resolve(g, "OpenAI").iri)

    stats, results, _ = measure_alternating({"engine": lambda: page(kg)}, args.repeat, args.budget)
    entry.update(stats)
    if "engine" in results:
        entry["rows"] = len(results["engine"])
    if ref is not None:
        entry["rdflib"], _ = measure_slow(lambda: page(ref), args.repeat, args.rdflib_timeout, args.rdflib_budget)
    return entry


def _paired(runs):
    """Median of the per-run ratios engine / raw."""
    ratios = [r["engine"] / r["raw"] for r in runs if r.get("raw") and "engine" in r]
    return statistics.median(ratios) if ratios else None


def _brief(entry):
    return "  ".join(f"{k} {fmt_stat(entry.get(k))}" for k in ("rdflib", "engine", "raw", "raw_memory") if k in entry)


# -- the cold CLI -------------------------------------------------------------------------------------
def cli_question():
    """`funders OpenAI` when that command exists, else `entity OpenAI`."""
    from stargate_kg.cli import cli
    from stargate_kg.commands import register

    register(cli)
    return ["funders", "OpenAI"] if "funders" in cli.commands else ["entity", "OpenAI"]


def cold_cli(work, repeat):
    from stargate_kg.engines.oxigraph import build_store

    py = sys.executable
    exe = str(Path(py).with_name("stargate-kg"))
    question = cli_question()
    store = work / "shipped.oxigraph"
    shutil.rmtree(store, ignore_errors=True)
    build_store(store)
    env = {**os.environ, "STARGATE_KG_CACHE": str(work / "cli-cache")}  # leave the user's cache alone
    # as installed: Python caches the compiled modules (some shells and sandboxes turn that off)
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    def run(cmd, n):
        times = []
        for _ in range(n):
            t = time.perf_counter()
            res = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
            times.append(time.perf_counter() - t)
            if res.returncode != 0:
                raise SystemExit(f"{' '.join(cmd)} failed: {res.stderr}")
        return summary(times)

    first = run([exe, *question], 1)  # builds the default engine's cached store (and writes the .pyc files)
    run([exe, "--store", str(store), *question], 1)
    out = {"question": " ".join(question), "loadavg": loadavg(), "first": first}
    out["floor"] = run([py, "-c", "import click"], max(5, repeat))
    out["import_rdflib"] = run([py, "-c", "import rdflib"], max(3, repeat))
    out["default"] = run([exe, *question], max(3, repeat))
    out["store"] = run([exe, "--store", str(store), *question], max(3, repeat))
    out["rdflib"] = run([exe, "--engine", "rdflib", *question], max(1, min(repeat, 3)))
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
        kb = int(next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "os": platform.platform(),
            "python": platform.python_version(), "rdflib": rdflib.__version__, "pyoxigraph": pyoxigraph.__version__,
            "date": time.strftime("%Y-%m-%d")}


def fmt_s(x):
    if x is None:
        return "—"
    if x < 0.001:
        return f"{x * 1000:.2f} ms"
    if x < 1:
        return f"{x * 1000:.3g} ms" if x >= 0.1 else f"{x * 1000:.1f} ms"
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def fmt_stat(st, spread=True):
    if st is None:
        return "—"
    if "timeout" in st:
        return f"> {st['timeout']:.0f} s (stopped)"
    if "error" in st:
        return f"fails ({st['error'].split(':')[0]})"
    text = fmt_s(st["median"])
    if spread and st["runs"] > 1 and st["median"] > 0:
        text += f" ±{50 * (st['max'] - st['min']) / st['median']:.0f}%"
    return text


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else "—"


def _median(st):
    return st.get("median") if isinstance(st, dict) else None


def report(results, cli, info, args):
    lines = [f"Machine: {info['cpu']}, {info['cores']} cores, {info['memory']} RAM; {info['os']}; Python {info['python']}, "
             f"rdflib {info['rdflib']}, pyoxigraph {info['pyoxigraph']}; {info['date']}. "
             f"Median of {args.repeat} timed runs after a warm-up (rdflib: fewer when slow), ± half the min-max range; "
             f"engine / raw is the median of per-run ratios. Load average (1 min) given per size.", "",
             "Questions: the catalog file `queries/NAME.rq` as it is, the same text to every engine; rdflib and the engine "
             "bind ?entity = e:openai, raw pyoxigraph gets the IRI written in place or in a VALUES block, whichever it "
             "answers faster. Formulation texts: `FORMULATIONS` in benchmarks/scale.py.", ""]
    for row in results:
        where = ("in memory (the store's snapshot, as the default engine opens graphs up to its size limit)"
                 if row["engine_storage"] == "memory" else "on disk (RocksDB, read-only)")
        lines.append(f"#### {row['triples']:,} triples ({row['triples_written']:,} written + derived; {row['files_mb']} MB of Turtle); "
                     f"engine and raw floor {where}; load average {row['loadavg_start']} → {row['loadavg_end']}")
        lines.append("")
        mem_col = any("raw_memory" in q for q in row["queries"])
        lines.append("| step | rows | rdflib (memory) | Oxigraph engine | raw pyoxigraph | engine / raw | rdflib / engine |"
                     + (" raw pyoxigraph in memory | rdflib / raw in memory |" if mem_col else ""))
        lines.append("|---|---:|---:|---:|---:|---:|---:|" + ("---:|---:|" if mem_col else ""))
        extra = " | |" if mem_col else ""
        ld = row["load"]
        lr = f"{ld['ratio']:.2f}x" if ld.get("ratio") else "—"
        lines.append(f"| load + derive (files to a queryable graph) | | {fmt_stat(ld.get('rdflib'), False)} | {fmt_stat(ld.get('engine'))} | "
                     f"{fmt_stat(ld.get('raw'))} | {lr} | "
                     f"{ratio(_median(ld.get('rdflib')), _median(ld.get('engine')))} |{extra}")
        op = row["open"]
        lines.append((f"| open the built store | | | {fmt_stat(op.get('engine'))} | {fmt_stat(op.get('raw'))} | "
                      f"{op['ratio']:.2f}x | |" if op.get("ratio") else "| open the built store | | | — | — | — | |") + extra)
        for q in row["queries"]:
            name = q["name"] + (" (aggregate)" if q.get("aggregate") else "") + (" **answers differ**" if q.get("mismatch") else "")
            rows = f"{q['rows']:,}" if q.get("rows") is not None else "—"
            r = f"{q['ratio']:.2f}x" if q.get("ratio") else "—"
            lines.append(f"| {name} | {rows} | {fmt_stat(q.get('rdflib'))} | {fmt_stat(q.get('engine'))} | {fmt_stat(q.get('raw'))} | "
                         f"{r} | {ratio(_median(q.get('rdflib')), _median(q.get('engine')))} |"
                         + (f" {fmt_stat(q.get('raw_memory'))} | {ratio(_median(q.get('rdflib')), _median(q.get('raw_memory')))} |"
                            if mem_col else ""))
        lines.append("")
        lines += targets(row, mem_col)
        if row["formulations"]:
            mem_col = any("raw_memory" in f for f in row["formulations"])
            lines.append("")
            lines.append(f"Aggregate formulations at {row['triples']:,} triples (each text given unchanged to every engine):")
            lines.append("")
            head = "| formulation | rdflib | Oxigraph engine | raw pyoxigraph |" + (" raw, in memory |" if mem_col else "") + " rdflib / engine |"
            lines.append(head)
            lines.append("|---|---:|---:|---:|" + ("---:|" if mem_col else "") + "---:|")
            for f in row["formulations"]:
                cells = [f["name"] + (" **answers differ**" if f.get("mismatch") else ""), fmt_stat(f.get("rdflib")),
                         fmt_stat(f.get("engine")), fmt_stat(f.get("raw"))]
                if mem_col:
                    cells.append(fmt_stat(f.get("raw_memory")))
                cells.append(ratio(_median(f.get("rdflib")), _median(f.get("engine"))))
                lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    if cli:
        lines.append(f"#### Cold CLI: `stargate-kg {cli['question']}` on the shipped graph; load average {cli['loadavg']}")
        lines.append("")
        lines.append("| command | best | median | / floor (best) |")
        lines.append("|---|---:|---:|---:|")
        f = cli["floor"]["min"]
        for label, key in [("`python -c \"import click\"` (floor)", "floor"), ("`python -c \"import rdflib\"`", "import_rdflib"),
                           (f"`stargate-kg {cli['question']}` (default engine, cached store)", "default"),
                           (f"`stargate-kg --store PATH {cli['question']}`", "store"),
                           (f"`stargate-kg --engine rdflib {cli['question']}` (parse + rules)", "rdflib")]:
            v = cli[key]
            lines.append(f"| {label} | {fmt_s(v['min'])} | {fmt_s(v['median'])} | {ratio(v['min'], f)} |")
        lines.append("")
    return "\n".join(lines)


def targets(row, mem_col=False):
    """Issue 8's targets for this size: engine within 1.3x of raw, 10x over rdflib on aggregates."""
    out = []
    lr = row["load"].get("ratio")
    timed_qs = [q for q in row["queries"] if q.get("ratio")]
    over = [f"{q['name']} {q['ratio']:.2f}x" for q in timed_qs if q["ratio"] > 1.3]
    load = f"load {'met' if lr <= 1.3 else 'NOT met'} ({lr:.2f}x)" if lr else "load —"
    out.append(f"- engine within 1.3x of raw pyoxigraph: {load}; questions: {len(timed_qs) - len(over)} of {len(timed_qs)}"
               + (f" (over: {', '.join(over)})" if over else ""))
    aggs = [q for q in row["queries"] if q.get("aggregate") and _median(q.get("rdflib")) and _median(q.get("engine"))]
    if aggs:
        parts = [f"{q['name']} {_median(q['rdflib']) / _median(q['engine']):.1f}x" for q in aggs]
        met = sum(_median(q["rdflib"]) / _median(q["engine"]) >= 10 for q in aggs)
        out.append(f"- aggregates at least 10x faster than rdflib: {met} of {len(aggs)} ({', '.join(parts)})")
        if mem_col and all(_median(q.get("raw_memory")) for q in aggs):
            parts = [f"{q['name']} {_median(q['rdflib']) / _median(q['raw_memory']):.1f}x" for q in aggs]
            met = sum(_median(q["rdflib"]) / _median(q["raw_memory"]) >= 10 for q in aggs)
            out.append(f"- the same with raw pyoxigraph in memory instead: {met} of {len(aggs)} ({', '.join(parts)})")
    return out


def parse_size(text):
    text = text.strip().lower().replace("_", "")
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * mult)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1M", help="comma-separated triple counts (default: 10k,100k,1M)")
    ap.add_argument("--quick", action="store_true", help="the smallest size only, 3 runs (under a minute)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per query after the warm-up (default 5)")
    ap.add_argument("--load-repeat", type=int, default=None, help="builds per engine (default 3; 2 above 200k triples)")
    ap.add_argument("--questions", default=None,
                    help="comma-separated catalog names, or 'all' (default: " + ",".join(DEFAULT_QUESTIONS) + ")")
    ap.add_argument("--skip-rdflib-above", type=parse_size, default=None, metavar="N", help="do not run rdflib above N triples")
    ap.add_argument("--rdflib-timeout", type=float, default=120, help="stop an rdflib query after this many seconds (default 120)")
    ap.add_argument("--rdflib-budget", type=float, default=30,
                    help="more timed rdflib runs only while they fit in this many seconds (default 30)")
    ap.add_argument("--budget", type=float, default=60,
                    help="Oxigraph: fewer timed runs (at least 3) when --repeat would take longer than this (default 60 s)")
    ap.add_argument("--no-formulations", action="store_true", help="skip the aggregate formulations")
    ap.add_argument("--no-memory-floor", action="store_true", help="no raw in-memory pyoxigraph column above the snapshot limit")
    ap.add_argument("--no-cli", action="store_true", help="skip the cold CLI measurement")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "stargate-kg-bench",
                    help="where generated graphs are kept between runs (default: $TMPDIR/stargate-kg-bench)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON (after each size)")
    args = ap.parse_args(argv)
    args.questions = args.questions.split(",") if args.questions else None

    sizes = sorted(parse_size(s) for s in args.sizes.split(","))
    if args.quick:
        sizes, args.repeat = sizes[:1], min(args.repeat, 3)
        args.load_repeat = args.load_repeat or 2
        args.rdflib_budget = min(args.rdflib_budget, 4)
    args.cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=args.cache))
    info = machine()
    results, cli = [], None
    started = time.perf_counter()
    try:
        for n in sizes:
            print(f"... {n:,} triples; load average {loadavg()}", file=sys.stderr, flush=True)
            results.append(run_size(n, args.cache, work, args))
            for p in work.iterdir():
                if p.name.startswith(("raw-", "engine-")):
                    shutil.rmtree(p, ignore_errors=True)
            if args.json:
                args.json.write_text(json.dumps({"machine": info, "sizes": results, "cli": None}, indent=1, default=str) + "\n")
        if not args.no_cli:
            print("... cold CLI", file=sys.stderr, flush=True)
            cli = cold_cli(work, 2 if args.quick else 5)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(results, cli, info, args))
    print(f"({time.perf_counter() - started:.0f} s in all)", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "sizes": results, "cli": cli}, indent=1, default=str) + "\n")
    return results


if __name__ == "__main__":
    main()
