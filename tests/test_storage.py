"""The Oxigraph store and SPARQL endpoints give the same answers as the default rdflib engine.

Everything runs on a snapshot of graph/ and queries/ copied at the start
(other people edit them while tests run). Expected facts come from the
articles: Nvidia's investment of up to $100B in OpenAI (article 004), OpenAI's
$300B purchase of Oracle compute over five years (004), SoftBank owning SB
Energy. Besides hand-written questions, every catalog question (queries/*.rq)
is asked of each engine and compared with the default engine's answer.

The protocol client is tested against a small SPARQL endpoint on loopback,
and against a real Virtuoso Open Source (Debian's virtuoso-t, started on
loopback with its own database in a temporary directory, marker
``external``). Virtuoso's departures from SPARQL 1.1 that these questions
meet are listed where they are allowed for.
"""

import base64
import datetime
import decimal
import json
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from stargate_kg.cli import cli
from stargate_kg.exceptions import EngineError, InvalidGraph, QueryError
from stargate_kg.loader import load
from stargate_kg.lookup import entity_index, resolve
from stargate_kg.namespace import E, SG
from stargate_kg.terms import to_rdflib
from stargate_kg.paths import default_articles_dir, default_graph_dir
from stargate_kg.answers.statements import statements_of
from stargate_kg.answers.stats import stats

pyoxigraph = pytest.importorskip("pyoxigraph")

from stargate_kg.engines.oxigraph import build_store, open_store  # noqa: E402
from stargate_kg.engines.remote import chunks, open_endpoint, push  # noqa: E402

GRAPH_IRI = "https://w3id.org/stargate-kg/graph"
RDFLIB_LIMIT = 10  # seconds for one catalog question on the default engine; slower ones are not compared

# Questions in the shapes the catalog, funders and network code ask (OPTIONAL,
# UNION, property paths, GROUP BY, FILTER NOT EXISTS, bound values).
QUERIES = [
    pytest.param(
        """SELECT ?funder ?rel ?amount ?kind WHERE {
             ?st sg:object ?target ; sg:subject ?funder ; sg:relation ?rel .
             ?rel sg:family sg:Funding .
             OPTIONAL { ?st sg:amount ?amount } OPTIONAL { ?st sg:moneyKind ?kind }
             FILTER NOT EXISTS { ?st sg:rank sg:DeprecatedRank } }""",
        {"target": E.openai},
        id="funders-of-openai-bound-not-projected",
    ),
    pytest.param(
        """SELECT ?target ?st ?dir WHERE {
             { ?st sg:subject ?target . BIND("out" AS ?dir) } UNION { ?st sg:object ?target . BIND("in" AS ?dir) } }""",
        {"target": E.softbank},
        id="union-bind-bound-projected",
    ),
    pytest.param(
        """SELECT ?fam (COUNT(DISTINCT ?st) AS ?n) WHERE {
             ?st a sg:Statement ; sg:relation ?rel . ?rel sg:family ?fam } GROUP BY ?fam ORDER BY DESC(?n) ?fam""",
        None,
        id="count-by-family",
    ),
    pytest.param(
        """SELECT ?kind (SUM(?amount) AS ?total) (COUNT(?st) AS ?n) (MAX(?amount) AS ?largest) WHERE {
             ?st sg:moneyKind ?kind ; sg:amount ?amount ; sg:currency "USD" .
             FILTER NOT EXISTS { ?st sg:rank sg:DeprecatedRank } } GROUP BY ?kind""",
        None,
        id="sum-by-money-kind",
    ),
    pytest.param(
        "SELECT ?e ?t WHERE { ?e a ?t . ?t rdfs:subClassOf+ sg:Organization }",
        None,
        id="subclass-path",
    ),
    pytest.param(
        "SELECT DISTINCT ?st ?art WHERE { ?st sg:reference/sg:article ?art }",
        None,
        id="sequence-path",
    ),
    pytest.param(
        "SELECT ?x WHERE { ?start (sg:partnerOf|^sg:partnerOf)+ ?x }",
        {"start": E.oracle},
        id="alternative-inverse-path",
    ),
    pytest.param(
        """SELECT ?e ?zh ?en WHERE { ?e rdfs:label ?zh FILTER(lang(?zh) = "zh")
             OPTIONAL { ?e rdfs:label ?en FILTER(langMatches(lang(?en), "en")) } }""",
        None,
        id="labels-by-language",
    ),
    pytest.param(
        """SELECT ?rel (MIN(?t) AS ?first) (MAX(?t) AS ?last) WHERE {
             ?st sg:relation ?rel ; sg:pointInTime ?t FILTER(datatype(?t) = xsd:date) } GROUP BY ?rel HAVING (COUNT(?st) > 1)""",
        None,
        id="dates-having",
    ),
    pytest.param(
        """SELECT ?s ?n WHERE { { SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s sg:investsIn ?o } GROUP BY ?s } FILTER(?n >= 1) }""",
        None,
        id="subquery",
    ),
    pytest.param(
        "SELECT ?e ?l WHERE { VALUES ?e { e:openai e:nvidia } ?e rdfs:label ?l }",
        None,
        id="values",
    ),
    pytest.param(
        "SELECT ?st WHERE { ?st sg:duration ?d }",
        None,
        id="duration-statements",
    ),
]

ENTITIES = ["OpenAI", "软银", "Oracle", "Nvidia", "SB Energy", "Stargate"]


# -- comparing answers ---------------------------------------------------------------------
def norm(term):
    """A term as a comparable value: numbers by value, durations in months/seconds, tags lower-case."""
    if term is None:
        return None
    term = to_rdflib(term)  # the Oxigraph and remote engines answer with light terms
    if isinstance(term, rdflib.BNode):
        return ("bnode",)
    if isinstance(term, rdflib.URIRef):
        return ("iri", str(term))
    if term.language:
        return ("text", str(term), term.language.lower())
    v = term.toPython()
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, (int, float, decimal.Decimal)):
        return ("number", round(float(v), 6))
    if isinstance(v, (datetime.date, datetime.datetime)):
        return ("time", v.isoformat())
    if hasattr(v, "years") and hasattr(v, "months"):  # isodate Duration
        return ("duration", v.years * 12 + v.months, v.tdelta.total_seconds())
    if isinstance(v, datetime.timedelta):
        return ("duration", 0, v.total_seconds())
    return ("text", str(term), None)


def norm_rows(rows):
    out = [tuple(sorted((k, norm(v)) for k, v in r.items())) for r in rows]
    return sorted(out, key=repr)


def index_of(kg):
    """The entity index as plain data (without ``also_matches``, which resolve() sets per lookup)."""
    return {k: {f: v for f, v in e.__dict__.items() if f != "also_matches"} for k, e in entity_index(kg).items()}


def norm_statements(sts):
    """Statement records as JSON, with qualifier values normalised like norm()."""
    out = []
    for s in sts:
        d = s.as_json()
        q = d["qualifiers"]
        if "duration" in q:
            q["duration"] = norm(rdflib.Literal(q["duration"], datatype=rdflib.XSD.duration))
        if "amount" in q:
            q["amount"] = round(float(q["amount"]), 6)
        out.append(d)
    return out


# -- fixtures --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    """A copy of graph/ as it is now."""
    dst = tmp_path_factory.mktemp("snapshot") / "graph"
    shutil.copytree(default_graph_dir(), dst)
    return dst


@pytest.fixture(scope="module")
def questions(tmp_path_factory):
    """The query catalog as it is now: [(name, CatalogQuery, params from the examples)]."""
    from stargate_kg.paths import default_queries_dir
    from stargate_kg.queries import catalog

    if not default_queries_dir().is_dir():
        pytest.skip("no query catalog (queries/) yet")
    dst = tmp_path_factory.mktemp("catalog") / "queries"
    shutil.copytree(default_queries_dir(), dst)
    return [(name, q, {p.name: p.example for p in q.params}) for name, q in catalog(dst).items()]


class TooSlow(BaseException):
    """Raised by the alarm; a BaseException so the engine does not turn it into a QueryError."""


def within(seconds, fn):
    """fn() or TooSlow after ``seconds`` (rdflib's engine has no time limit of its own)."""

    def alarm(signum, frame):
        raise TooSlow()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def normalised(form, result, drop=()):
    if form == "SELECT":
        return norm_rows([{k: v for k, v in r.items() if k not in drop} for r in result])
    if form == "ASK":
        return result
    return {tuple(map(norm, t)) for t in result}


def engine_dependent(text):
    """Variables whose value SPARQL leaves to the engine: SAMPLE/GROUP_CONCAT results and what BIND derives from them.

    >>> sorted(engine_dependent('SELECT (SAMPLE(?a0) AS ?a) { } BIND(STRAFTER(STR(?a), "/") AS ?art)'))
    ['a', 'art']
    """
    found = set(re.findall(r"(?:SAMPLE|GROUP_CONCAT)\s*\((?:[^()]|\([^()]*\))*\)\s+AS\s+\?(\w+)", text, re.I))
    for _ in range(3):
        for expr, var in re.findall(r"BIND\s*\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\s+AS\s+\?(\w+)\s*\)", text, re.I):
            if any(re.search(rf"\?{v}\b", expr) for v in found):
                found.add(var)
    return found


@pytest.fixture(scope="module")
def catalog_answers(ref, questions):
    """The default engine's answers to the catalog: name -> (form, vars, raw result), None when too slow."""
    from stargate_kg.queries import run_query

    out = {}
    for name, q, params in questions:
        try:
            out[name] = within(RDFLIB_LIMIT, lambda: run_query(ref, q, params))
        except TooSlow:
            out[name] = None
    return out


def catalog_differences(kg, questions, answers, unstable=None):
    """Catalog questions whose answers on ``kg`` differ from the default engine's.

    Columns SPARQL leaves to the engine (SAMPLE, GROUP_CONCAT) are not compared;
    ``unstable`` adds {question: columns} known to differ on this engine.
    """
    from stargate_kg.queries import run_query

    differ = []
    for name, q, params in questions:
        if answers[name] is None:
            continue
        form, names, expected = answers[name]
        drop = engine_dependent(q.text) | set((unstable or {}).get(name, ()))
        got_form, got_names, got = run_query(kg, q, params)
        if (got_form, got_names) != (form, names) or normalised(form, got, drop) != normalised(form, expected, drop):
            if __import__("os").environ.get("SG_DEBUG_DIFF"):  # which rows differ
                a, b = normalised(form, got, drop), normalised(form, expected, drop)
                print("DIFF", name, len(got), len(expected), [r for r in a if r not in b][:3], [r for r in b if r not in a][:3])
            differ.append(name)
    return differ


@pytest.fixture(scope="module")
def ref(snapshot):
    """The default engine (rdflib in memory) on the snapshot."""
    return load([snapshot])


@pytest.fixture(scope="module")
def store(snapshot, tmp_path_factory):
    """An Oxigraph store built from the snapshot."""
    return build_store(tmp_path_factory.mktemp("stores") / "main.oxigraph", [snapshot])


@pytest.fixture(scope="module")
def default_cli(snapshot):
    """CLI output of the default engine, computed once per argument list."""
    runner, seen = CliRunner(), {}

    def run(*args):
        if args not in seen:
            res = runner.invoke(cli, ["--graph", str(snapshot), *args], catch_exceptions=False)
            assert res.exit_code == 0, res.output
            seen[args] = res.output
        return seen[args]

    return run


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


# -- the Oxigraph store ---------------------------------------------------------------------------
def test_store_holds_the_same_triples(ref, store, snapshot):
    assert store.engine == "oxigraph"
    assert len(store) == len(ref) > 5000
    m = store.manifest
    assert m["sources"] == [str(snapshot.resolve())]
    assert sorted(Path(f["path"]).name for f in m["files"]) == sorted(
        p.name for p in snapshot.rglob("*.ttl") if not p.name.startswith("shapes")
    )
    assert [Path(f["path"]).name for f in m["shapes"]] == ["shapes.ttl"]
    assert m["triples_derived"] > 0  # the rules ran on Oxigraph
    ground = lambda g: {tuple(norm(x) for x in t) for t in g if not any(isinstance(x, rdflib.BNode) for x in t)}  # noqa: E731
    assert ground(store.triples_graph()) == ground(ref.graph)
    assert len(store.shapes) == len(ref.shapes) > 0


def test_derived_edges_are_the_same(ref, store):
    q = "SELECT ?s ?o WHERE { ?s sg:investsIn ?o }"
    assert norm_rows(store.select(q)) == norm_rows(ref.select(q))
    # Nvidia invests up to $100B in OpenAI (article 004), as a direct edge
    assert store.ask("ASK { e:nvidia sg:investsIn e:openai }")
    # a sub-relation edge also holds for its parent (rule 20)
    assert store.ask("ASK { ?p sg:ceoOf ?o . ?p sg:hasRoleAt ?o }")


def test_entity_lookup_is_the_same(ref, store):
    assert resolve(store, "软银").label == "SoftBank Group"
    assert resolve(store, "sam altman").iri == resolve(ref, "山姆·奥特曼").iri
    assert index_of(store) == index_of(ref)


@pytest.mark.parametrize("name", ENTITIES)
def test_statements_of_are_the_same(ref, store, name):
    iri = resolve(ref, name).iri
    assert norm_statements(statements_of(store, iri)) == norm_statements(statements_of(ref, iri))


def test_statements_hold_the_article_facts(store):
    sts = statements_of(store, str(E.openai))
    nvidia = [s for s in sts if s.relation == "investsIn" and s.subject == str(E.nvidia)]
    assert nvidia and nvidia[0].qualifiers["amount"] == 100_000_000_000
    assert nvidia[0].qualifiers["bound"] == "up to"
    oracle = [s for s in sts if s.relation == "buysFrom" and s.object == str(E.oracle)]
    assert any(s.qualifiers.get("amount") == 300_000_000_000 and s.qualifiers.get("duration") == "P5Y" for s in oracle)
    sb = statements_of(store, resolve(store, "SB Energy").iri)
    assert any(s.relation == "owns" and s.subject_label == "SoftBank Group" for s in sb)


def test_stats_are_the_same(ref, store):
    assert stats(store) == stats(ref)


@pytest.mark.parametrize("query,bindings", QUERIES)
def test_select_is_the_same(ref, store, query, bindings):
    expected = ref.select(query, bindings)
    assert expected, "the question should have answers on the shipped graph"
    assert norm_rows(store.select(query, bindings)) == norm_rows(expected)


def test_catalog_questions_are_the_same(store, questions, catalog_answers):
    compared = [n for n, a in catalog_answers.items() if a is not None]
    print("too slow on rdflib to compare:", sorted(set(catalog_answers) - set(compared)))
    assert len(compared) >= 5
    assert catalog_differences(store, questions, catalog_answers) == []


def test_query_forms(ref, store):
    q = "ASK { ?st sg:subject ?e ; sg:relation sg:investsIn }"
    assert store.ask(q, {"e": E.nvidia}) is True and ref.ask(q, {"e": E.nvidia}) is True
    assert store.ask(q, {"e": E["no-such-entity"]}) is False
    c = "CONSTRUCT { ?s ?rel ?o } WHERE { ?st sg:subject ?s ; sg:relation ?rel ; sg:object ?o }"
    ground = lambda g: {tuple(norm(x) for x in t) for t in g}  # noqa: E731
    assert ground(store.construct(c, {"s": E.softbank})) == ground(ref.construct(c, {"s": E.softbank})) != set()
    form, names, rows = store.query("SELECT ?l WHERE { e:openai rdfs:label ?l }")
    assert (form, names, sorted(map(str, (r["l"] for r in rows)))) == ("SELECT", ["l"], ["OpenAI", "OpenAI"])
    assert store.query("ASK { e:openai ?p ?o }") == ("ASK", None, True)
    form, _, g = store.query("DESCRIBE e:openai")
    assert form == "DESCRIBE" and (rdflib.URIRef(E.openai), rdflib.RDFS.label, rdflib.Literal("OpenAI", lang="en")) in g


def test_bindings_are_terms_not_text(store):
    # a name with SPARQL syntax in it is a literal value, never query text
    hostile = rdflib.Literal('x" } ?s ?p ?o { "', lang="en")
    assert store.select("SELECT ?e WHERE { ?e rdfs:label ?name }", {"name": hostile}) == []
    rows = store.select("SELECT ?e WHERE { ?e rdfs:label ?name }", {"name": rdflib.Literal("软银", lang="zh")})
    assert [str(r["e"]) for r in rows] == [str(E.softbank)]


def test_query_errors_give_line_and_column(store):
    with pytest.raises(QueryError) as err:
        store.select("SELECT ?x WHERE {\n  ?x sg:subject ?y .\n  FILTER( }")
    assert err.value.line == 3 and err.value.column is not None
    assert str(err.value).startswith("invalid query: line 3, column ")
    with pytest.raises(QueryError, match="expected a SELECT query, got ASK"):
        store.select("ASK { ?s ?p ?o }")


def test_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(EngineError, match=r"no store at .*nothing.*: build it first with `stargate-kg --store .* load`"):
        open_store(tmp_path / "nothing")
    res = invoke("--store", tmp_path / "nothing", "entity", "OpenAI")
    assert res.exit_code == 2
    assert res.output == f"Error: no store at {tmp_path / 'nothing'}: build it first with `stargate-kg --store {tmp_path / 'nothing'} load`\n"


def test_never_overwrites_other_data(tmp_path, snapshot):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    with pytest.raises(EngineError, match="is not a stargate-kg store"):
        build_store(target, [snapshot])
    assert (target / "notes.txt").read_text() == "keep me"
    with pytest.raises(EngineError, match="is not a stargate-kg store"):
        open_store(target)


def test_stale_store_is_refused_and_a_failed_build_keeps_the_old_one(tmp_path, snapshot):
    g = tmp_path / "graph"
    shutil.copytree(snapshot, g)
    path = tmp_path / "s.oxigraph"
    build_store(path, [g])
    assert open_store(path).stale_files() == []
    extra = g / "statements" / "zz-extra.ttl"
    extra.write_text("@prefix e: <https://w3id.org/stargate-kg/entity/> .\n"
                     "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                     'e:openai rdfs:comment "added later"@en .\n', encoding="utf-8")
    with pytest.raises(EngineError, match=r"is out of date: .*zz-extra.ttl.* Rebuild it: stargate-kg --graph .* load"):
        open_store(path)
    assert len(open_store(path, check=False)) == len(load([snapshot]))
    # a broken file: the same error as the default engine, and the old store stays
    extra.write_text("@prefix e: <https://w3id.org/stargate-kg/entity/> .\ne:openai e:x \"unterminated .\n", encoding="utf-8")
    with pytest.raises(InvalidGraph) as default_err:
        load([g])
    with pytest.raises(InvalidGraph) as store_err:
        build_store(path, [g])
    assert str(store_err.value) == str(default_err.value)
    assert "zz-extra.ttl, line 2" in str(store_err.value)
    assert (path / "manifest.json").is_file() and not list(tmp_path.glob(".s.oxigraph.*"))
    # fixed: the rebuild takes the new triple
    extra.write_text('@prefix e: <https://w3id.org/stargate-kg/entity/> .\ne:openai <http://www.w3.org/2000/01/rdf-schema#comment> "added later"@en .\n')
    kg = build_store(path, [g])
    assert kg.ask('ASK { e:openai rdfs:comment "added later"@en }')
    with pytest.raises(EngineError, match="was built from .* not "):
        open_store(path, graphs=[snapshot])


def test_labelled_blank_nodes_stay_apart_per_file(tmp_path):
    g = tmp_path / "g"
    g.mkdir()
    shutil.copy(default_graph_dir() / "ontology.ttl", g)
    for name in ("a", "b"):
        (g / f"{name}.ttl").write_text(f'<http://x/{name}> <http://x/ref> _:r .\n_:r <http://x/quote> "{name}" .\n')
    kg = build_store(tmp_path / "s", [g])
    q = "SELECT ?s ?q WHERE { ?s <http://x/ref> ?r . ?r <http://x/quote> ?q }"
    assert norm_rows(kg.select(q)) == norm_rows(load([g]).select(q))
    assert len(kg.select(q)) == 2


# -- the CLI with --store ------------------------------------------------------------------------
def test_cli_load_then_entity_and_stats(tmp_path, snapshot, ref, default_cli):
    path = tmp_path / "cli.oxigraph"
    res = invoke("--store", path, "load", "--graph", snapshot)
    assert res.exit_code == 0
    assert res.output.startswith(f"Built {path}: {len(ref)} triples (")
    out = invoke("--store", path, "entity", "OpenAI")
    assert out.exit_code == 0
    assert out.output == default_cli("entity", "OpenAI")
    assert "Nvidia" in out.output and "[a004]" in out.output
    if "funders" in cli.commands:
        out = invoke("--store", path, "funders", "OpenAI")
        assert out.exit_code == 0 and out.output == default_cli("funders", "OpenAI")
    s = invoke("--store", path, "stats", "--json")
    assert json.loads(s.output) == json.loads(json.dumps(stats(ref, default_articles_dir()), ensure_ascii=False, default=str))
    # the group's --graph must match what the store was built from
    bad = invoke("--graph", default_graph_dir(), "--store", path, "entity", "OpenAI")
    assert bad.exit_code == 2 and "was built from" in bad.output


def test_cli_load_needs_a_store():
    res = CliRunner().invoke(cli, ["load"])
    assert res.exit_code == 2
    assert "stargate-kg --store PATH load" in res.output


# -- the SPARQL protocol client, against a small endpoint on loopback ---------------------------------
class FakeEndpoint(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol + Graph Store Protocol over an in-memory pyoxigraph store; basic auth for writes."""

    store = None
    seen = []
    auth = "Basic " + base64.b64encode(b"writer:secret").decode()

    def log_message(self, *args):
        pass

    def _reply(self, code, body=b"", ctype="text/plain", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authorized(self):
        if self.headers.get("Authorization") == self.auth:
            return True
        self._reply(401, b"who are you", headers=[("WWW-Authenticate", 'Basic realm="test"')])
        return False

    def do_HEAD(self):
        self._reply(401 if self.headers.get("Authorization") != self.auth else 200, headers=[("WWW-Authenticate", 'Basic realm="test"')])

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        form = dict(urllib.parse.parse_qsl(body.decode("utf-8")))
        self.seen.append(form)
        ox = pyoxigraph
        if "update" in form:
            if not self._authorized():
                return
            self.store.update(form["update"])
            return self._reply(204)
        dg = form.get("default-graph-uri")
        try:
            res = self.store.query(form["query"], default_graph=ox.NamedNode(dg) if dg else None)
        except SyntaxError as ex:
            return self._reply(400, str(ex).encode())
        if isinstance(res, (ox.QuerySolutions, ox.QueryBoolean)):
            return self._reply(200, res.serialize(format=ox.QueryResultsFormat.JSON), "application/sparql-results+json")
        return self._reply(200, ox.serialize(res, format=ox.RdfFormat.N_TRIPLES), "application/n-triples")

    def do_PUT(self):
        if not self._authorized():
            return
        body = self.rfile.read(int(self.headers["Content-Length"]))
        graph = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))["graph"]
        g = pyoxigraph.NamedNode(graph)
        self.store.remove_graph(g) if self.store.contains_named_graph(g) else None
        self.store.load(body, format=pyoxigraph.RdfFormat.N_TRIPLES, to_graph=g)
        self._reply(201)


@pytest.fixture()
def endpoint():
    FakeEndpoint.store = pyoxigraph.Store()
    FakeEndpoint.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeEndpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_push_and_query_over_the_protocol(endpoint, store, ref):
    with pytest.raises(EngineError, match=r"refused access \(HTTP 401\): give --user and --password"):
        push(store, f"{endpoint}/sparql", graph_iri=GRAPH_IRI, method="update")
    n = push(store, f"{endpoint}/sparql", graph_iri=GRAPH_IRI, method="update", user="writer", password="secret", chunk_size=300)
    assert n == len(store)
    remote = open_endpoint(f"{endpoint}/sparql?default-graph-uri={urllib.parse.quote(GRAPH_IRI)}")
    assert len(remote) == len(ref)
    # every reference node kept its quote and article although the upload was chunked
    q = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?st sg:reference ?r . ?r sg:quote ?q ; sg:article ?a }"
    assert int(remote.select(q)[0]["n"]) == int(ref.select(q)[0]["n"])
    for name in ("OpenAI", "Oracle"):
        iri = resolve(ref, name).iri
        assert norm_statements(statements_of(remote, iri)) == norm_statements(statements_of(ref, iri))
    # bound values travel as a VALUES block, never as the user's text
    rows = remote.select("SELECT ?e WHERE { ?e rdfs:label ?name }", {"name": rdflib.Literal('软银" } #', lang="zh")})
    assert rows == []
    sent = FakeEndpoint.seen[-1]["query"]
    assert 'VALUES (?name) { ("软银\\" } #"@zh) }' in sent
    assert FakeEndpoint.seen[-1]["default-graph-uri"] == GRAPH_IRI


def test_gsp_push_and_errors(endpoint, store):
    n = push(store, f"{endpoint}/sparql", graph_iri=GRAPH_IRI, gsp_url=f"{endpoint}/gsp", user="writer", password="secret")
    assert n == len(store)
    remote = open_endpoint(f"{endpoint}/sparql?default-graph-uri={urllib.parse.quote(GRAPH_IRI)}")
    assert len(remote) == len(store)
    assert remote.ask("ASK { e:nvidia sg:investsIn e:openai }")
    with pytest.raises(QueryError, match="the endpoint rejected the query"):
        remote.select("SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(EngineError, match="not an HTTP"):
        open_endpoint("file:///etc/passwd")
    with pytest.raises(EngineError, match="cannot reach http://127.0.0.1:9/sparql"):
        open_endpoint("http://127.0.0.1:9/sparql").ask("ASK { ?s ?p ?o }")


def test_chunks_keep_blank_node_groups_whole():
    b1, b2 = rdflib.BNode(), rdflib.BNode()
    p = rdflib.URIRef("http://x/p")
    triples = [(rdflib.URIRef(f"http://x/{i}"), p, rdflib.Literal(i)) for i in range(7)]
    triples += [(rdflib.URIRef("http://x/s"), p, b1), (b1, p, b2), (b2, p, rdflib.Literal("q"))]
    parts = chunks(triples, size=3)
    assert sorted(t for c in parts for t in c) == sorted(triples)
    linked = [c for c in parts if any(b1 in t or b2 in t for t in c)]
    assert len(linked) == 1 and len([t for t in linked[0] if b1 in t or b2 in t]) == 3


# -- a real triple store: Virtuoso Open Source --------------------------------------------------------
VIRTUOSO = shutil.which("virtuoso-t")

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A fresh Virtuoso on loopback: yields its base URL; stopped at the end."""
    if not VIRTUOSO:
        pytest.skip("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)")
    d = tmp_path_factory.mktemp("virtuoso")
    (d / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=d, sql=_free_port(), http=(http := _free_port())))
    log = open(d / "stdout.log", "wb")
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http}"
    deadline = time.monotonic() + 120
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited with {proc.returncode}:\n{(d / 'stdout.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"virtuoso-t did not answer within 120 s:\n{(d / 'stdout.log').read_text()[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def virtuoso_graph(virtuoso, store):
    """The snapshot pushed to Virtuoso with the CLI (Graph Store Protocol, digest auth); yields the query URL."""
    res = invoke("--store", store.path, "--endpoint", f"{virtuoso}/sparql", "--user", "dba", "--password", "dba",
                 "push", "--graph-iri", GRAPH_IRI, "--gsp-url", f"{virtuoso}/sparql-graph-crud-auth")
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"Pushed {len(store)} triples to graph <{GRAPH_IRI}>")
    return f"{virtuoso}/sparql?default-graph-uri={urllib.parse.quote(GRAPH_IRI, safe='')}"


@pytest.mark.external
def test_virtuoso_same_statements(virtuoso_graph, ref):
    remote = open_endpoint(virtuoso_graph)
    assert len(remote) == len(ref)
    assert resolve(remote, "软银").label == "SoftBank Group"
    assert index_of(remote) == index_of(ref)
    for name in ENTITIES:
        iri = resolve(ref, name).iri
        assert norm_statements(statements_of(remote, iri)) == norm_statements(statements_of(ref, iri)), name
    assert stats(remote) == stats(ref)


# Virtuoso 7.2 repeats rows of an arbitrary-length path, and never reaches the start node again
# through a cycle (SPARQL gives each reachable node once, the start included): compare as sets
# without the start node.
VIRTUOSO_PATH_QUIRKS = {"alternative-inverse-path"}


@pytest.mark.external
@pytest.mark.parametrize("query,bindings", QUERIES)
def test_virtuoso_same_answers(virtuoso_graph, ref, query, bindings, request):
    remote = open_endpoint(virtuoso_graph)
    got, expected = norm_rows(remote.select(query, bindings)), norm_rows(ref.select(query, bindings))
    if request.node.callspec.id in VIRTUOSO_PATH_QUIRKS:
        start = (("x", norm(bindings["start"])),)
        assert start in expected and len(got) >= len(expected) - 1
        got, expected = set(got) - {start}, set(expected) - {start}
    assert got == expected


# Where Virtuoso 7.2 departs from SPARQL 1.1 on the catalog (checked by hand against rdflib and Oxigraph):
VIRTUOSO_UNSTABLE_COLUMNS = {}  # (MIN over IRIs ordered them by Virtuoso's internal id: the catalog takes MIN over their text)
VIRTUOSO_WRONG = {
    # FILTER NOT EXISTS { ?sub rdfs:subClassOf+ ?t . ?e a ?sub } over all entities loses a few
    # entities (Shackelford County, one Company, one Publication) that it keeps when asked one by one
    "missing-wikidata": "NOT EXISTS with a transitive path drops rows",
    "entity-types": "NOT EXISTS with a transitive path drops rows",
    # the filter that leaves out a figure outranked by a preferred one (an EXISTS over sg:conflictsWith) gives
    # 20 rows for 16 and loses OPTIONAL columns in these two questions, whose UNION holds a grouped sub-select;
    # funders-of, funded-by and largest-amounts carry the same filter and agree (issue 21, open)
    "funding-relationships": "an EXISTS filter beside a UNION with a grouped sub-select",
    "money-flows": "an EXISTS filter beside a UNION with a grouped sub-select",
}
VIRTUOSO_HANGS = {
    # with the example's VALUES (?include_inferred) { (true) } at the start of its WHERE group, Virtuoso 7.2 runs
    # past its 120 s limit (without the VALUES block: 0.06 s; the variable need not even be used)
    "purchases": "a VALUES block at the start of the WHERE group",
}


@pytest.mark.external
def test_virtuoso_catalog_questions(virtuoso_graph, questions, catalog_answers):
    remote = open_endpoint(virtuoso_graph)
    asked = [q for q in questions if q[0] not in VIRTUOSO_HANGS]
    differ = catalog_differences(remote, asked, catalog_answers, unstable=VIRTUOSO_UNSTABLE_COLUMNS)
    assert sorted(set(differ) - set(VIRTUOSO_WRONG)) == []


@pytest.mark.external
def test_virtuoso_cli(virtuoso_graph, default_cli, ref):
    out = invoke("--endpoint", virtuoso_graph, "entity", "OpenAI")
    assert out.exit_code == 0
    assert out.output == default_cli("entity", "OpenAI")
    if "funders" in cli.commands:
        out = invoke("--endpoint", virtuoso_graph, "funders", "OpenAI")
        assert out.exit_code == 0 and out.output == default_cli("funders", "OpenAI")
    s = invoke("--endpoint", virtuoso_graph, "stats", "--json")
    assert json.loads(s.output) == json.loads(json.dumps(stats(ref, default_articles_dir()), ensure_ascii=False, default=str))
    bad = invoke("--endpoint", virtuoso_graph, "entity", "Stargat")
    assert bad.exit_code == 1 and bad.output.startswith("Error: no entity is called 'Stargat'.")


@pytest.mark.external
def test_virtuoso_update_push_and_errors(virtuoso):
    g = rdflib.Graph()
    g.parse(data="""
        @prefix sg: <https://w3id.org/stargate-kg/ontology#> . @prefix e: <https://w3id.org/stargate-kg/entity/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://w3id.org/stargate-kg/statement/t1> a sg:Statement ; sg:subject e:a ; sg:object e:b ; sg:amount 1.50 ;
            sg:pointInTime "2025-09-23"^^xsd:date ; sg:note "a \\"quoted\\" note\\non two lines" ;
            sg:reference [ sg:article e:x ; sg:quote "软银"@zh ] , [ sg:article e:y ; sg:quote "甲骨文"@zh ] .
        <https://w3id.org/stargate-kg/statement/t2> a sg:Statement ; sg:subject e:c ;
            sg:reference [ sg:article e:z ; sg:quote "英伟达"@zh ] .
    """, format="turtle")
    from stargate_kg.kg import KnowledgeGraph

    kg = KnowledgeGraph(g)
    small = "https://w3id.org/stargate-kg/test-update"
    with pytest.raises(EngineError, match="refused access"):
        push(kg, f"{virtuoso}/sparql-auth", graph_iri=small, method="update", user="dba", password="wrong")
    n = push(kg, f"{virtuoso}/sparql-auth", graph_iri=small, method="update", user="dba", password="dba", chunk_size=5)
    assert n == len(g)
    remote = open_endpoint(f"{virtuoso}/sparql?default-graph-uri={urllib.parse.quote(small, safe='')}")
    assert len(remote) == len(g)
    q = "SELECT ?st ?a ?q WHERE { ?st sg:reference ?r . ?r sg:article ?a ; sg:quote ?q }"
    assert norm_rows(remote.select(q)) == norm_rows(kg.select(q))
    q = "SELECT ?amount ?note ?t WHERE { ?st sg:amount ?amount ; sg:note ?note ; sg:pointInTime ?t }"
    assert norm_rows(remote.select(q)) == norm_rows(kg.select(q))
    # pushing again replaces the graph instead of doubling it
    push(kg, f"{virtuoso}/sparql-auth", graph_iri=small, method="update", user="dba", password="dba")
    assert len(open_endpoint(remote.url + "?" + urllib.parse.urlencode(remote.params))) == len(g)
    with pytest.raises(QueryError) as err:
        remote.select("SELECT ?x WHERE {\n ?x ?y }")
    assert "line 2" in str(err.value)


# -- the benchmark ------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_scale_benchmark_runs_on_a_tiny_graph(tmp_path, capsys):
    """The generator writes the project's model, and one run reports every engine and question (no timing asserted)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("scale", default_graph_dir().parent / "benchmarks" / "scale.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    written = bench.generate(3000, tmp_path / "g")
    kg = load([tmp_path / "g"])
    assert written <= len(kg) and resolve(kg, "OpenAI").iri == str(E.openai)
    sts = statements_of(kg, str(E.openai))
    assert any(s.qualifiers.get("amount") and s.sources for s in sts)
    results = bench.main(["--sizes", "2k", "--no-cli", "--repeat", "1", "--cache", str(tmp_path / "w")])
    out = capsys.readouterr().out
    assert [r["target"] for r in results] == [2000]
    assert {"rdflib", "engine", "raw"} <= set(results[0]["load"])
    queries = results[0]["queries"]
    assert len(queries) >= 10 and any(q["aggregate"] for q in queries)
    for q in queries:
        assert f"| {q['name']}" in out and q["rows"] is not None
        assert {"rdflib", "engine"} <= set(q) and q["engine"]["runs"] >= 1
        assert q["rows"] > 0 or not q["aggregate"]
