"""Network projection, paths, centrality, neighbours, communities, money cycles and exports.

Small fixture graphs are written in the project's own model (Turtle with
statements, references and the shipped ontology) and their answers worked
out by hand; the real graph is checked against what the articles say.
"""

import csv
import json
import math
import shutil

import networkx as nx
import pytest

from stargate_kg import network as nw
from stargate_kg.exceptions import InvalidChoice, NoPath
from stargate_kg.answers.export import flat_graph
from stargate_kg.paths import default_graph_dir

PREFIXES = """@prefix sg:   <https://w3id.org/stargate-kg/ontology#> .
@prefix e:    <https://w3id.org/stargate-kg/entity/> .
@prefix st:   <https://w3id.org/stargate-kg/statement/> .
@prefix src:  <https://w3id.org/stargate-kg/source/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""
E = "https://w3id.org/stargate-kg/entity/"
ST = "https://w3id.org/stargate-kg/statement/"


def statement(name, s, rel, o, extra=""):
    return f"""st:{name} a sg:Statement ; sg:subject e:{s} ; sg:relation sg:{rel} ; sg:object e:{o} ; {extra}
    sg:reference [ a sg:Reference ; sg:article src:t001 ; sg:quote "quote {name}"@zh ] .
"""


# The small graph (undirected links): alpha-beta, beta-gamma, gamma-alpha (a triangle),
# pat-alpha, gamma-delta, delta-site; xeno has no link. alpha -owns-> delta is deprecated.
# Money: alpha -equity-> beta -purchase-> gamma -commitment-> alpha (one cycle).
SMALL = (
    PREFIXES
    + """
src:t001 a sg:Article ; rdfs:label "Test article" ; sg:fileName "t001.txt" .
e:alpha a sg:Company ; rdfs:label "Alpha Corp"@en , "阿尔法"@zh .
e:beta a sg:Company ; rdfs:label "Beta"@en .
e:gamma a sg:Company ; rdfs:label "Gamma"@en .
e:delta a sg:Company ; rdfs:label "Delta"@en .
e:xeno a sg:Company ; rdfs:label "Xeno"@en .
e:pat a sg:Person ; rdfs:label "Pat Person"@en .
e:site a sg:DataCenterSite ; rdfs:label "Site S"@en .
"""
    + statement("s1", "alpha", "investsIn", "beta", 'sg:amount 10000000000.0 ; sg:currency "USD" ; sg:pointInTime "2025-01-21"^^xsd:date ;')
    + statement("s2", "beta", "buysFrom", "gamma", 'sg:amount 5000000000.0 ; sg:currency "USD" ; sg:moneyKind sg:Purchase ;')
    + statement("s3", "gamma", "commitsFundingTo", "alpha", "sg:status sg:Announced ;")
    + statement("s4", "pat", "ceoOf", "alpha")
    + statement("s5", "gamma", "partnerOf", "delta")
    + statement("s6", "delta", "builds", "site")
    + statement("s7", "alpha", "owns", "delta", 'sg:rank sg:DeprecatedRank ; sg:rankReason "test" ;')
    + statement("s9", "gamma", "supplierOf", "beta")
    + """
st:s8 a sg:Statement ; sg:subject e:alpha ; sg:relation sg:powerCapacity ; sg:value 5 ; sg:unit "GW" ;
    sg:reference [ a sg:Reference ; sg:article src:t001 ; sg:quote "quote s8"@zh ] .
"""
)


def two_cliques():
    """Two groups of four companies, every pair partnered, joined by one bridge c4-c5."""
    ents = "".join(f'e:c{i} a sg:Company ; rdfs:label "C{i}"@en .\n' for i in range(1, 9))
    sts = ""
    for group in ([1, 2, 3, 4], [5, 6, 7, 8]):
        for i in group:
            for j in group:
                if i < j:
                    sts += statement(f"p{i}{j}", f"c{i}", "partnerOf", f"c{j}")
    sts += statement("bridge", "c4", "partnerOf", "c5")
    return PREFIXES + 'src:t001 a sg:Article ; sg:fileName "t001.txt" .\n' + ents + sts


def write_graph(path, text):
    path.mkdir()
    shutil.copy(default_graph_dir() / "ontology.ttl", path / "ontology.ttl")
    (path / "test.ttl").write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory):
    return write_graph(tmp_path_factory.mktemp("net") / "small", SMALL)


@pytest.fixture(scope="module")
def small(small_dir):
    from stargate_kg import load

    return load([small_dir])


@pytest.fixture(scope="module")
def cliques(tmp_path_factory):
    from stargate_kg import load

    return load([write_graph(tmp_path_factory.mktemp("net") / "cliques", two_cliques())])


def labels(G, nodes):
    return [G.nodes[n]["label"] for n in nodes]


# ----------------------------------------------------------------------------- projection
def test_projection_nodes_are_entities_and_edges_are_statements(small):
    G = nw.to_networkx(small)
    assert isinstance(G, nx.MultiDiGraph)
    assert sorted(labels(G, G.nodes)) == ["Alpha Corp", "Beta", "Delta", "Gamma", "Pat Person", "Site S", "Xeno"]
    # s7 is deprecated, s8 has a literal value: neither is an edge
    assert sorted(k.rsplit("/", 1)[1] for _, _, k in G.edges(keys=True)) == ["s1", "s2", "s3", "s4", "s5", "s6", "s9"]
    assert G.nodes[E + "alpha"] == {
        "iri": E + "alpha",
        "label": "Alpha Corp",
        "label_zh": "阿尔法",
        "type": "Company",
        "types": ["Company"],
    }
    assert G.nodes[E + "beta"]["label_zh"] is None
    d = G.edges[E + "alpha", E + "beta", ST + "s1"]
    assert d["relation"] == "investsIn" and d["relation_label"] == "invests in"
    assert d["family"] == "funding" and d["families"] == ["funding", "moneyflow"]
    assert (d["amount"], d["currency"], d["date"], d["kind"], d["rank"]) == (10000000000, "USD", "2025-01-21", "equity", "normal")
    assert d["sources"] == [{"article": "t001", "file": "t001.txt", "quote": "quote s1"}]
    assert d["statement"] == ST + "s1"
    assert G.edges[E + "gamma", E + "alpha", ST + "s3"]["status"] == "announced"
    assert G.edges[E + "gamma", E + "beta", ST + "s9"]["kind"] is None
    json.dumps(nx.node_link_data(G, edges="edges"))  # every attribute is JSON-serialisable


def test_projection_options(small):
    G = nw.to_networkx(small, include_deprecated=True)
    assert G.edges[E + "alpha", E + "delta", ST + "s7"]["rank"] == "deprecated"
    funding = nw.to_networkx(small, families=["funding"])
    assert sorted(k[-2:] for _, _, k in funding.edges(keys=True)) == ["s1", "s3"]
    assert funding.number_of_nodes() == 7  # isolates kept by default
    assert nw.to_networkx(small, families=["funding"], isolates=False).number_of_nodes() == 3
    money = nw.to_networkx(small, families="Money flow")
    assert sorted(k[-2:] for _, _, k in money.edges(keys=True)) == ["s1", "s2", "s3"]
    mixed = nw.to_networkx(small, families=["roles", "builds"])
    assert sorted(k[-2:] for _, _, k in mixed.edges(keys=True)) == ["s4", "s6"]
    orgs = nw.to_networkx(small, types=["organization"])
    assert sorted(labels(orgs, orgs.nodes)) == ["Alpha Corp", "Beta", "Delta", "Gamma", "Xeno"]
    assert sorted(k[-2:] for _, _, k in orgs.edges(keys=True)) == ["s1", "s2", "s3", "s5", "s9"]
    people = nw.to_networkx(small, types="Person")
    assert labels(people, people.nodes) == ["Pat Person"] and people.number_of_edges() == 0
    with pytest.raises(InvalidChoice, match="fundng"):
        nw.to_networkx(small, families=["fundng"])
    with pytest.raises(InvalidChoice, match="entity type 'Compny'"):
        nw.to_networkx(small, types=["Compny"])


# ----------------------------------------------------------------------------- paths
def test_shortest_path_reports_real_direction(small):
    hops = nw.path(small, "Pat Person", "Site S")
    assert [(h.start["label"], h.relation, h.direction, h.end["label"]) for h in hops] == [
        ("Pat Person", "ceoOf", "forward", "Alpha Corp"),
        ("Alpha Corp", "commitsFundingTo", "backward", "Gamma"),  # s3 reads gamma -> alpha
        ("Gamma", "partnerOf", "forward", "Delta"),
        ("Delta", "builds", "forward", "Site S"),
    ]
    assert hops[1].sources == [{"article": "t001", "file": "t001.txt", "quote": "quote s3"}]
    assert hops[1].statement == ST + "s3"
    j = hops[0].as_json()
    assert j["from"] == {"iri": E + "pat", "label": "Pat Person"} and j["to"]["label"] == "Alpha Corp"


def test_path_limits_and_deprecated(small):
    with pytest.raises(NoPath, match="within 3 hops"):
        nw.path(small, "Pat Person", "Site S", max_hops=3)
    with pytest.raises(NoPath):
        nw.path(small, "Alpha Corp", "Xeno")
    with pytest.raises(NoPath):
        nw.path(small, "Pat Person", "Site S", families=["funding"])
    hops = nw.path(small, "Pat Person", "Site S", include_deprecated=True)
    assert [h.relation for h in hops] == ["ceoOf", "owns", "builds"]


def test_all_paths_shortest_first(small):
    # alpha to gamma: directly (s3), or through beta (s1 then s2 or s9)
    paths = nw.path(small, "Alpha Corp", "Gamma", all_paths=True)
    assert [[h.end["label"] for h in p] for p in paths] == [["Gamma"], ["Beta", "Gamma"]]
    second = paths[1][1]
    assert second.relation == "buysFrom" and second.direction == "forward"  # money before partnership
    assert second.also == [{"relation": "supplierOf", "direction": "backward", "statement": ST + "s9", "inferred": False}]
    assert len(nw.path(small, "Alpha Corp", "Gamma", all_paths=True, max_hops=1)) == 1


# ----------------------------------------------------------------------------- centrality
def test_degree_betweenness_closeness_by_hand(small):
    # links: A-B, B-C, C-A, P-A, C-D, D-S; X alone; 7 nodes
    deg = {r["label"]: r["score"] for r in nw.centrality(small, "degree", top=None)}
    assert deg == pytest.approx({"Alpha Corp": 3 / 6, "Gamma": 3 / 6, "Beta": 2 / 6, "Delta": 2 / 6, "Pat Person": 1 / 6, "Site S": 1 / 6, "Xeno": 0})
    top = nw.centrality(small, "degree", top=2)
    assert [r["label"] for r in top] == ["Alpha Corp", "Gamma"]  # tie broken by label
    assert set(top[0]) == {"iri", "label", "type", "score"}
    # pairs whose shortest path passes through: C: D-A D-B S-A S-B P-D P-S; A: P-B P-C P-D P-S; D: S-A S-B S-C S-P
    btw = {r["label"]: r["score"] for r in nw.centrality(small, "betweenness", top=None)}
    assert btw == pytest.approx({"Gamma": 6 / 15, "Alpha Corp": 4 / 15, "Delta": 4 / 15, "Beta": 0, "Pat Person": 0, "Site S": 0, "Xeno": 0})
    # Wasserman-Faust closeness: gamma reaches 5 others at distances 1,1,1,2,2
    clo = nw.centrality(small, "closeness", top=2)
    assert clo[0]["label"] == "Gamma" and clo[0]["score"] == pytest.approx((5 / 7) * (5 / 6))
    assert clo[1]["label"] == "Alpha Corp" and clo[1]["score"] == pytest.approx((5 / 8) * (5 / 6))


def test_centrality_type_filter_ranks_within_whole_graph(small):
    rows = nw.centrality(small, "betweenness", top=None, types=["Person"])
    assert [(r["label"], r["score"]) for r in rows] == [("Pat Person", 0.0)]
    assert [r["label"] for r in nw.centrality(small, "degree", types="DataCenterSite")] == ["Site S"]


def test_pagerank_matches_the_closed_form_and_sums_to_one(small):
    # star with centre 0 and n leaves: centre = (1 + a n) / ((n + 1)(1 + a))
    for n in (2, 3, 6):
        s = nw.scores(nx.star_graph(n), "pagerank")
        assert s[0] == pytest.approx((1 + 0.85 * n) / ((n + 1) * 1.85), rel=1e-6)
    rows = nw.centrality(small, "pagerank", top=None)
    assert sum(r["score"] for r in rows) == pytest.approx(1.0)
    assert rows[-1]["label"] == "Xeno"
    assert rows[-1]["score"] == pytest.approx(min(r["score"] for r in rows))


def test_eigenvector_and_directed(small):
    rows = nw.centrality(small, "eigenvector", top=None)
    assert math.sqrt(sum(r["score"] ** 2 for r in rows)) == pytest.approx(1.0, rel=1e-4)
    assert {r["label"] for r in rows[:2]} == {"Alpha Corp", "Gamma"}
    assert [r for r in rows if r["label"] == "Xeno"][0]["score"] == pytest.approx(0, abs=1e-3)
    # directed: a link counts once each way it reads; pat only points out
    ind = {r["label"]: r["score"] for r in nw.centrality(small, "degree", top=None, directed=True)}
    assert ind["Pat Person"] == pytest.approx(1 / 6) and ind["Gamma"] == pytest.approx(4 / 6)


def test_approx_betweenness_equals_exact_with_every_node_sampled(cliques):
    exact = nw.centrality(cliques, "betweenness", top=None)
    approx = nw.centrality(cliques, "betweenness", top=None, approx=8)
    assert [(r["label"], r["score"]) for r in approx] == [(r["label"], pytest.approx(r["score"])) for r in exact]
    # the bridge ends carry every path between the groups: 3*4 pairs for c4, same for c5
    assert exact[0]["label"] in ("C4", "C5") and exact[0]["score"] == pytest.approx(((3 * 4) + 0) / 21)
    with pytest.raises(InvalidChoice):
        nw.centrality(cliques, "degree", approx=3)


# ----------------------------------------------------------------------------- neighbours, communities
def test_neighbors(small):
    near = nw.neighbors(small, "Gamma")
    assert [(n["label"], n["distance"]) for n in near] == [("Alpha Corp", 1), ("Beta", 1), ("Delta", 1)]
    beta = near[1]
    assert [(r["relation"], r["direction"]) for r in beta["relations"]] == [("buysFrom", "backward"), ("supplierOf", "forward")]
    two = nw.neighbors(small, "Gamma", depth=2)
    assert [(n["label"], n["distance"], n["via"]["label"]) for n in two if n["distance"] == 2] == [
        ("Pat Person", 2, "Alpha Corp"),
        ("Site S", 2, "Delta"),
    ]
    assert nw.neighbors(small, "Xeno") == []


def test_communities_find_the_two_cliques(cliques):
    res = nw.communities(cliques)
    groups = sorted(sorted(m["label"] for m in c["members"]) for c in res["communities"])
    assert groups == [["C1", "C2", "C3", "C4"], ["C5", "C6", "C7", "C8"]]
    # m = 13 links; each group has 6 inside and degree sum 13: Q = 2 (6/13 - (13/26)^2) = 11/26
    assert res["modularity"] == pytest.approx(11 / 26)
    assert nw.communities(cliques, method="greedy")["modularity"] == pytest.approx(11 / 26)
    assert nw.communities(cliques) == res  # a fixed seed gives the same answer


def test_communities_leave_isolates_out(small):
    res = nw.communities(small)
    members = [m["label"] for c in res["communities"] for m in c["members"]]
    assert sorted(members) == ["Alpha Corp", "Beta", "Delta", "Gamma", "Pat Person", "Site S"]
    assert res["isolated"] == 1


# ----------------------------------------------------------------------------- money cycles
def test_money_cycle_by_hand(small):
    cycles = nw.money_cycles(small)
    assert len(cycles) == 1
    cyc = cycles[0]
    assert [(e["from"]["label"], e["to"]["label"], e["kind"], e["amount"]) for e in cyc] == [
        ("Alpha Corp", "Beta", "equity", 10000000000),
        ("Beta", "Gamma", "purchase", 5000000000),
        ("Gamma", "Alpha Corp", "commitment", None),
    ]
    assert cyc[0]["currency"] == "USD" and cyc[0]["sources"][0]["quote"] == "quote s1"
    assert nw.money_cycles(small, max_length=2) == []


# ----------------------------------------------------------------------------- inferred money
# SMALL plus an editor's readings: xeno buys from delta (inferred) while delta invests in xeno
# (stated), a money loop only with the inference; omega is linked only by an inferred purchase.
INFERRED = (
    SMALL
    + 'e:omega a sg:Company ; rdfs:label "Omega"@en .\n'
    + statement("s10", "xeno", "buysFrom", "delta", "sg:inferred true ;")
    + statement("s11", "delta", "investsIn", "xeno", "sg:amount 7.0E8 ; sg:currency \"USD\" ;")
    + statement("s12", "omega", "buysFrom", "alpha", 'sg:inferred "true"^^xsd:boolean ;')
)


@pytest.fixture(scope="module")
def inferred_dir(tmp_path_factory):
    return write_graph(tmp_path_factory.mktemp("net") / "inferred", INFERRED)


@pytest.fixture(scope="module")
def inferred(inferred_dir):
    from stargate_kg import load

    return load([inferred_dir])


def test_inferred_money_is_marked_in_the_projection(inferred):
    G = nw.to_networkx(inferred)
    assert G.edges[E + "xeno", E + "delta", ST + "s10"]["inferred"] is True
    assert G.edges[E + "omega", E + "alpha", ST + "s12"]["inferred"] is True
    assert G.edges[E + "delta", E + "xeno", ST + "s11"]["inferred"] is False
    stated = nw.to_networkx(inferred, include_inferred=False)
    assert not any(d["inferred"] for *_, d in stated.edges(data=True)) and stated.number_of_edges() == G.number_of_edges() - 2


def test_inferred_money_left_out_of_cycles_unless_asked(inferred):
    loops = [[e["from"]["label"] for e in c] for c in nw.money_cycles(inferred)]
    assert loops == [["Alpha Corp", "Beta", "Gamma"]]
    both = nw.money_cycles(inferred, include_inferred=True)
    assert [[e["from"]["label"] for e in c] for c in both] == [["Delta", "Xeno"], ["Alpha Corp", "Beta", "Gamma"]]
    assert [(e["relation"], e["inferred"]) for e in both[0]] == [("investsIn", False), ("buysFrom", True)]
    # the networkx reference agrees
    G = nw.to_networkx(inferred)
    assert nw.money_cycles(inferred, include_inferred=True, graph=G) == both
    assert nw.money_cycles(inferred, graph=G) == nw.money_cycles(inferred)


def test_inferred_money_left_out_of_paths_unless_asked(inferred):
    with pytest.raises(NoPath):
        nw.path(inferred, "Omega", "Alpha Corp")
    hops = nw.path(inferred, "Omega", "Alpha Corp", include_inferred=True)
    assert [(h.relation, h.direction, h.inferred) for h in hops] == [("buysFrom", "forward", True)]
    assert hops[0].as_json()["inferred"] is True
    # delta-xeno: the stated investment is the hop; the inferred purchase is only listed with --include-inferred
    hop = nw.path(inferred, "Delta", "Xeno")[0]
    assert (hop.relation, hop.inferred, hop.also) == ("investsIn", False, [])
    hop = nw.path(inferred, "Delta", "Xeno", include_inferred=True)[0]
    assert hop.relation == "investsIn" and hop.also == [{"relation": "buysFrom", "direction": "backward", "statement": ST + "s10", "inferred": True}]
    near = nw.neighbors(inferred, "Omega")  # neighbours show everything, marked
    assert [(n["label"], [r["inferred"] for r in n["relations"]]) for n in near] == [("Alpha Corp", [True])]


def test_cli_include_inferred(inferred_dir, run):
    g = ("--graph", str(inferred_dir))
    assert "Xeno" not in run(*g, "cycles").output
    text = run(*g, "cycles", "--include-inferred").output
    assert "Cycle 1: Delta -> Xeno -> Delta" in text and "Xeno -> Delta  purchase  [inferred]" in text
    assert [len(c) for c in json.loads(run(*g, "cycles", "--include-inferred", "--limit", "1", "--json").output)] == [2]
    assert run(*g, "cycles", "--include-inferred", "--limit", "1").output.startswith("2 money cycles of at most 8 edges; the first 1:\nCycle 1: Delta")
    res = run(*g, "path", "Omega", "Alpha Corp")
    assert res.exit_code == 1 and res.output == "Error: no path between Omega and Alpha Corp.\n"
    res = run(*g, "path", "Omega", "Alpha Corp", "--include-inferred")
    assert res.output.splitlines()[1] == "  1. Omega --buys from--> Alpha Corp   [inferred]"


# ----------------------------------------------------------------------------- edge arrays
def arrays_as_rows(arr):
    st = arr.statements()
    return sorted(
        (st[r], arr.nodes[arr.src[r]], arr.nodes[arr.dst[r]], arr.relations[arr.rel[r]],
         arr.kinds[arr.kind[r]] if arr.kind[r] >= 0 else None, int(arr.rank[r]), bool(arr.inferred[r]))
        for r in range(len(arr))
    )  # fmt: skip


def test_edge_arrays_hold_the_projection(inferred):
    arr = nw.edge_arrays(inferred)
    G = nw.to_networkx(inferred, include_deprecated=True)
    rows = arrays_as_rows(arr)
    assert [(s, u, v) for s, u, v, *_ in rows] == sorted((k, u, v) for u, v, k in G.edges(keys=True))
    for s, u, v, rel, kind, rank, inf in rows:
        d = G.edges[u, v, s]
        assert (rel, kind, ("normal", "preferred", "deprecated")[rank], inf) == (d["relation"], d["kind"], d["rank"], d["inferred"])
    assert arr.nodes == sorted(G.nodes) and arr.labels[arr.node(E + "alpha")] == "Alpha Corp"
    assert int(arr.select(inferred).sum()) == len(arr) - 1  # s7 is deprecated
    assert int(arr.select(inferred, include_inferred=False).sum()) == len(arr) - 3
    assert int(arr.select(inferred, ["funding"]).sum()) == 3  # s1, s3, s11


def test_edge_arrays_are_the_same_on_every_engine(inferred_dir, inferred, tmp_path):
    from stargate_kg import load
    from stargate_kg.engines.oxigraph import build_store

    ox = build_store(tmp_path / "store", graphs=[inferred_dir])
    remote = load([inferred_dir])
    remote.engine = "sparql"  # answers through SELECT only, as an endpoint does
    want = arrays_as_rows(nw.edge_arrays(inferred))
    assert arrays_as_rows(nw.edge_arrays(ox)) == want
    assert arrays_as_rows(nw.edge_arrays(remote)) == want
    assert not list(tmp_path.glob("*.npz"))  # nothing written outside the store


def test_edge_arrays_are_kept_beside_the_store_and_invalidated_with_it(inferred_dir, tmp_path, monkeypatch):
    import numpy as np

    from stargate_kg.network import arrays
    from stargate_kg.engines.oxigraph import build_store, open_store

    store = tmp_path / "store"
    kg = build_store(store, graphs=[inferred_dir])
    first = arrays_as_rows(nw.edge_arrays(kg))
    saved = store / arrays.FILE
    with np.load(saved) as z:
        assert arrays._read_header(z)["build"] == kg.manifest["build"]
    assert not [p for p in store.iterdir() if p.name.startswith(f".{arrays.FILE}")]  # no temporary file left

    def refuse(kg):
        raise AssertionError("recomputed although saved")

    with monkeypatch.context() as m:
        m.setattr(arrays, "compute", refuse)
        again = open_store(store)
        assert arrays_as_rows(nw.edge_arrays(again)) == first  # read back, statements included
        assert nw.centrality(again, "degree", top=1)[0]["label"] in ("Alpha Corp", "Gamma", "Delta")
    rebuilt = build_store(store, graphs=[inferred_dir])  # a new build id: the old arrays are not read
    assert not saved.exists() or arrays.load_saved(saved, rebuilt.manifest["build"], arrays.code_fingerprint()) is None
    assert arrays_as_rows(nw.edge_arrays(rebuilt)) == first
    assert arrays.load_saved(saved, rebuilt.manifest["build"], arrays.code_fingerprint()) is not None
    saved.write_bytes(saved.read_bytes()[:100])  # damaged: computed again
    assert arrays_as_rows(nw.edge_arrays(open_store(store))) == first


# ----------------------------------------------------------------------------- networkit against the networkx reference
def random_links(n=70, m=260, seed=5, directed=False):
    import random

    import numpy as np

    from stargate_kg.network.backends import Links

    rng = random.Random(seed)
    pairs = [(rng.randrange(n), rng.randrange(n)) for _ in range(m)]  # repeats: several statements per pair
    return Links.from_pairs(n, np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]), directed=directed)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("metric", ["degree", "pagerank", "betweenness", "closeness", "eigenvector"])
def test_networkit_scores_equal_networkx(metric, directed):
    pytest.importorskip("networkit")
    L = random_links(directed=directed)
    fast = nw.link_scores(L, metric, backend="networkit")
    ref = nw.link_scores(L, metric, backend="networkx")
    C = L.networkx(weighted=True)
    direct = nw.scores(C, metric)
    assert ref.tolist() == pytest.approx([direct[i] for i in range(L.n)], abs=1e-9)
    assert fast.tolist() == pytest.approx(ref.tolist(), abs=1e-6)
    top = lambda s: sorted(range(L.n), key=lambda i: (-round(s[i], 6), i))[:10]  # noqa: E731
    assert top(fast) == top(ref)


def test_sampled_betweenness_and_closeness():
    pytest.importorskip("networkit")
    import numpy as np

    L = random_links(n=120, m=400, seed=9)
    exact_b = nw.link_scores(L, "betweenness")
    exact_c = nw.link_scores(L, "closeness")
    assert nw.link_scores(L, "betweenness", approx=L.n).tolist() == pytest.approx(exact_b.tolist())  # all sampled: exact
    est_b = nw.link_scores(L, "betweenness", approx=60, seed=3)
    est_c = nw.link_scores(L, "closeness", approx=60, seed=3)
    assert nw.link_scores(L, "closeness", approx=60, seed=3).tolist() == est_c.tolist()  # seeded
    # estimates: close to the exact values where it matters, the most central nodes
    top_b, top_c = np.argsort(-exact_b)[:10], np.argsort(-exact_c)[:10]
    assert len(set(np.argsort(-est_b)[:10]) & set(top_b)) >= 6
    assert len(set(np.argsort(-est_c)[:10]) & set(top_c)) >= 6
    assert np.abs(est_c - exact_c).max() < 0.1
    with pytest.raises(InvalidChoice):
        nw.link_scores(L, "pagerank", approx=5)


def test_centrality_on_arrays_equals_the_networkx_projection(small):
    for metric in ("degree", "pagerank", "betweenness", "closeness", "eigenvector"):
        for directed in (False, True):
            fast = nw.centrality(small, metric, top=None, directed=directed)
            ref = nw.centrality(small, metric, top=None, directed=directed, graph=nw.to_networkx(small))
            assert [r["iri"] for r in fast] == [r["iri"] for r in ref], metric
            assert [r["score"] for r in fast] == pytest.approx([r["score"] for r in ref], abs=1e-6)


@pytest.mark.parametrize("backend", ["networkit", "networkx"])
def test_communities_on_each_backend(cliques, backend):
    if backend == "networkit":
        pytest.importorskip("networkit")
    res = nw.communities(cliques, backend=backend)
    groups = sorted(sorted(m["label"] for m in c["members"]) for c in res["communities"])
    assert groups == [["C1", "C2", "C3", "C4"], ["C5", "C6", "C7", "C8"]]
    assert res["modularity"] == pytest.approx(11 / 26)
    assert nw.communities(cliques, backend=backend, seed=7)["communities"] == res["communities"]


def test_modularity_equals_networkx():
    import networkx as nx
    import numpy as np

    L = random_links(n=50, m=200, seed=2)
    labels = np.arange(L.n) % 4
    parts = [set(np.flatnonzero(labels == g).tolist()) for g in range(4)]
    assert nw.modularity(L, labels) == pytest.approx(nx.community.modularity(L.networkx(weighted=True), parts, weight="weight"))


def test_louvain_on_networkit_finds_planted_groups():
    pytest.importorskip("networkit")
    import random

    import numpy as np

    from stargate_kg.network.backends import Links
    from stargate_kg.network.communities import partition

    rng = random.Random(4)
    pairs = []
    for g in range(5):  # five groups of 20, dense inside, a few links between
        members = range(20 * g, 20 * g + 20)
        pairs += [(rng.choice(members), rng.choice(members)) for _ in range(120)]
    pairs += [(rng.randrange(100), rng.randrange(100)) for _ in range(15)]
    L = Links.from_pairs(100, np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]))
    for backend in ("networkit", "networkx"):
        labels = partition(L, seed=1, backend=backend)
        found = {frozenset(np.flatnonzero(labels == x).tolist()) for x in set(labels.tolist())}
        assert found == {frozenset(range(20 * g, 20 * g + 20)) for g in range(5)}, backend


def test_backend_falls_back_to_networkx(monkeypatch):
    import sys

    from stargate_kg.network.backends import backend_name

    monkeypatch.setitem(sys.modules, "networkit", None)  # import fails
    assert backend_name() == "networkx"
    monkeypatch.setenv("STARGATE_KG_NETWORK_BACKEND", "igraph")
    with pytest.raises(InvalidChoice, match="igraph"):
        backend_name()


def test_cli_answers_the_same_without_networkit(small_dir, run, monkeypatch):
    g = ("--graph", str(small_dir))
    args = [(*g, "centrality", "--metric", "pagerank", "--json"), (*g, "communities", "--json"), (*g, "cycles", "--json")]
    fast = [json.loads(run(*a).output) for a in args]
    monkeypatch.setenv("STARGATE_KG_NETWORK_BACKEND", "networkx")
    slow = [json.loads(run(*a).output) for a in args]
    assert [r["iri"] for r in fast[0]] == [r["iri"] for r in slow[0]]
    assert [r["score"] for r in fast[0]] == pytest.approx([r["score"] for r in slow[0]], abs=1e-6)
    assert fast[1]["communities"][0]["size"] == slow[1]["communities"][0]["size"] and fast[2] == slow[2]


# ----------------------------------------------------------------------------- bounded cycles
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bounded_cycles_equal_networkx_simple_cycles(seed):
    import random

    rng = random.Random(seed)
    n = 30
    edges = [(rng.randrange(n), rng.randrange(n)) for _ in range(90)]
    D = nx.DiGraph((u, v) for u, v in edges if u != v)
    for bound in (2, 3, 5, 8):
        want = sorted(tuple(c[c.index(min(c)) :] + c[: c.index(min(c))]) for c in nx.simple_cycles(D, length_bound=bound))
        got = nw.bounded_cycles(n, [u for u, _ in edges], [v for _, v in edges], bound)
        assert sorted(map(tuple, got)) == want
        assert all(c[0] == min(c) for c in got) and len(got) == len(set(map(tuple, got)))
    assert len(nw.bounded_cycles(n, [u for u, _ in edges], [v for _, v in edges], 8, limit=3)) == min(3, len(want))


# ----------------------------------------------------------------------------- progress
def test_progress_is_live_on_a_terminal_only(small_dir, run, monkeypatch):
    import importlib
    import io

    from stargate_kg.network.progress import Progress

    cmod = importlib.import_module("stargate_kg.network.centrality")  # the module, not the function of that name

    import time

    out = io.StringIO()
    with Progress(out, live=True).stage("pagerank on 7 entities"):
        pass
    assert out.getvalue() == ""  # quick work shows nothing
    with Progress(out, live=True, delay=0).stage("pagerank on 7 entities") as step:
        step("iteration 3")
        time.sleep(0.6)
    lines = out.getvalue().split("\r")
    assert lines[1].startswith("pagerank on 7 entities iteration 3… ") and lines[-1].startswith("pagerank on 7 entities: ")
    quiet = io.StringIO()
    with Progress(quiet, live=False).stage("pagerank"):
        pass
    assert quiet.getvalue() == ""
    # the CLI under a test runner: stderr is no terminal, so nothing but the answer
    res = run("--graph", str(small_dir), "centrality", "--metric", "pagerank", "--top", "1")
    assert "…" not in res.output and len(res.output.splitlines()) == 3
    # a long exact betweenness warns (even off a terminal) and suggests --approx
    monkeypatch.setattr(cmod, "ESTIMATE_ABOVE", 0)
    monkeypatch.setattr(cmod, "WARN_SECONDS", -1)
    warned = io.StringIO()
    nw.centrality(nw_small_kg(small_dir), "betweenness", progress=Progress(warned, live=False))
    assert warned.getvalue().startswith("exact betweenness on 7 entities and 6 links: expected about ")
    assert "--approx 256" in warned.getvalue()
    res = run("--graph", str(small_dir), "centrality", "--metric", "closeness")
    assert "exact closeness on 7 entities" in res.output and "--approx" in res.output
    assert "exact" not in run("--graph", str(small_dir), "centrality", "--metric", "closeness", "--approx", "3").output


def nw_small_kg(path):
    from stargate_kg import load

    return load([path])


def test_load_reports_each_step(small_dir, tmp_path):
    from stargate_kg.engines.oxigraph import build_store

    steps = []
    build_store(tmp_path / "store", graphs=[small_dir], progress=steps.append)
    assert steps[:2] == ["loading ontology.ttl (1 of 2 files)", "loading test.ttl (2 of 2 files)"]
    assert steps[2].startswith("deriving (") and steps[-1] == "compacting"


# ----------------------------------------------------------------------------- CLI on the small graph
def test_cli_path_json(small_dir, run):
    res = run("--graph", str(small_dir), "path", "Pat Person", "Site S", "--json")
    assert res.exit_code == 0
    data = json.loads(res.output)
    assert [h["relation"] for h in data["hops"]] == ["ceoOf", "commitsFundingTo", "partnerOf", "builds"]
    assert data["hops"][1]["direction"] == "backward"
    assert {"from", "relation", "to", "direction", "sources"} <= set(data["hops"][0])
    assert data["hops"][0]["from"] == {"iri": E + "pat", "label": "Pat Person"}
    res = run("--graph", str(small_dir), "path", "Alpha Corp", "Gamma", "--all", "--json")
    assert [len(p["hops"]) for p in json.loads(res.output)] == [1, 2]


def test_cli_path_text_and_no_path(small_dir, run):
    res = run("--graph", str(small_dir), "path", "Alpha Corp", "Gamma")
    assert res.output.splitlines()[:3] == [
        "Alpha Corp -> Gamma: 1 hop",
        "  1. Alpha Corp <--commits funding to-- Gamma",
        "      [t001] “quote s3”",
    ]
    res = run("--graph", str(small_dir), "path", "Alpha Corp", "Xeno")
    assert res.exit_code == 1
    assert res.output == "Error: no path between Alpha Corp and Xeno.\n"


def test_cli_centrality_cycles_neighbors_communities(small_dir, run):
    g = ("--graph", str(small_dir))
    rows = json.loads(run(*g, "centrality", "--metric", "betweenness", "--top", "1", "--json").output)
    assert rows == [{"iri": E + "gamma", "label": "Gamma", "type": "Company", "score": pytest.approx(0.4)}]
    text = run(*g, "centrality", "--top", "2").output
    assert "Alpha Corp" in text and "Gamma" in text and "Beta" not in text
    res = run(*g, "centrality", "--metric", "degree", "--approx", "3")
    assert res.exit_code == 2 and "--approx" in res.output
    res = run(*g, "centrality", "--relations", "fundng")
    assert res.exit_code == 2 and "unknown relation family 'fundng'" in res.output
    cyc = json.loads(run(*g, "cycles", "--json").output)
    assert [[e["kind"] for e in c] for c in cyc] == [["equity", "purchase", "commitment"]]
    assert set(cyc[0][0]) >= {"from", "to", "kind", "amount", "currency", "sources"}
    assert "Cycle 1: Alpha Corp -> Beta -> Gamma -> Alpha Corp" in run(*g, "cycles").output
    near = json.loads(run(*g, "neighbors", "Delta", "--json").output)
    assert [n["label"] for n in near] == ["Gamma", "Site S"]
    assert "Delta: 2 entities within 1 hop" in run(*g, "neighbors", "Delta").output
    com = json.loads(run(*g, "communities", "--json").output)
    assert com["isolated"] == 1 and sum(c["size"] for c in com["communities"]) == 6


def test_cli_unknown_name_exits_1_with_suggestions(small_dir, run):
    res = run("--graph", str(small_dir), "path", "Alpha Crop", "Gamma")
    assert res.exit_code == 1
    assert res.output == "Error: no entity is called 'Alpha Crop'. Did you mean: Alpha Corp?\n"
    res = run("--graph", str(small_dir), "neighbors", "Gama")
    assert res.exit_code == 1 and "Did you mean: Gamma?" in res.output


# ----------------------------------------------------------------------------- exports on the small graph
def test_flat_graph_has_no_none_and_no_lists(small):
    F = flat_graph(nw.to_networkx(small))
    values = [v for _, d in F.nodes(data=True) for v in d.values()] + [v for *_, d in F.edges(data=True) for v in d.values()]
    assert all(isinstance(v, (str, int, float, bool)) for v in values)
    d = F.edges[E + "alpha", E + "beta", ST + "s1"]
    assert d["sources"] == "[t001] quote s1" and d["families"] == "funding; moneyflow" and d["amount"] == 1e10
    assert "label_zh" not in F.nodes[E + "beta"] and "amount" not in F.edges[E + "gamma", E + "alpha", ST + "s3"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_round_trips_through_networkx(small_dir, small, run, tmp_path, fmt):
    out = tmp_path / f"net.{fmt}"
    res = run("--graph", str(small_dir), "export", "--format", fmt, str(out))
    assert res.output == f"Wrote 7 nodes and 7 edges to {out} ({fmt}).\n"
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert back.is_directed()
    assert (back.number_of_nodes(), back.number_of_edges()) == (7, 7)
    assert back.nodes[E + "alpha"]["label"] == "Alpha Corp" and back.nodes[E + "alpha"]["label_zh"] == "阿尔法"
    edges = [d for u, v, d in back.edges(data=True) if (u, v) == (E + "alpha", E + "beta")]
    assert edges[0]["relation"] == "investsIn" and float(edges[0]["amount"]) == 1e10
    assert edges[0]["sources"] == "[t001] quote s1"


def test_export_json_csv_and_rdf(small_dir, small, run, tmp_path):
    import rdflib

    g = ("--graph", str(small_dir))
    run(*g, "export", str(tmp_path / "net.json"))  # format from the suffix
    data = json.loads((tmp_path / "net.json").read_text(encoding="utf-8"))
    back = nx.node_link_graph(data, edges="edges")
    assert (back.number_of_nodes(), back.number_of_edges()) == (7, 7)
    assert back.edges[E + "alpha", E + "beta", ST + "s1"]["sources"][0]["quote"] == "quote s1"
    run(*g, "export", "--format", "csv", "--relations", "funding", str(tmp_path / "edges.csv"))
    with open(tmp_path / "edges.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["from_label"], r["relation"], r["to_label"], r["kind"], r["amount"]) for r in rows] == [
        ("Alpha Corp", "investsIn", "Beta", "equity", "10000000000.0"),
        ("Gamma", "commitsFundingTo", "Alpha Corp", "commitment", ""),
    ]
    for fmt, parse in [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")]:
        out = tmp_path / f"graph.{fmt}"
        res = run(*g, "export", "--format", fmt, str(out))
        assert res.output == f"Wrote {len(small)} triples to {out} ({fmt}).\n"
        assert len(rdflib.Graph().parse(out, format=parse)) == len(small)
    res = run(*g, "export", str(tmp_path / "net.xyz"))
    assert res.exit_code == 2 and "--format graphml" in res.output


# ----------------------------------------------------------------------------- the real graph
def test_real_path_from_arm_to_crusoe(run):
    res = run("path", "Arm", "Crusoe", "--json")
    assert res.exit_code == 0, res.output
    hops = json.loads(res.output)["hops"]
    assert hops[0]["from"]["label"] == "Arm" and hops[-1]["to"]["label"] == "Crusoe"
    for a, b in zip(hops, hops[1:]):
        assert a["to"] == b["from"]
    assert all(h["sources"] and h["direction"] in ("forward", "backward") for h in hops)


@pytest.mark.parametrize("metric", ["degree", "pagerank"])
def test_real_openai_is_among_the_most_central(kg, metric):
    top = [r["label"] for r in nw.centrality(kg, metric, top=3)]
    assert "OpenAI" in top


def test_real_money_cycle_openai_oracle_nvidia(kg):
    want = {("OpenAI", "Oracle", "purchase"), ("Oracle", "Nvidia", "purchase"), ("Nvidia", "OpenAI", "commitment")}  # a004: 将向OpenAI投资最高1000亿美元
    found = [{(e["from"]["label"], e["to"]["label"], e["kind"]) for e in c} for c in nw.money_cycles(kg)]
    assert want in found
    cyc = next(c for c in nw.money_cycles(kg) if {(e["from"]["label"], e["to"]["label"], e["kind"]) for e in c} == want)
    assert all(e["sources"] and e["sources"][0]["article"] for e in cyc)
    openai_oracle = next(e for e in cyc if e["from"]["label"] == "OpenAI")
    assert (openai_oracle["amount"], openai_oracle["currency"]) == (300000000000, "USD")  # 3000亿美元 (article 004)


def test_real_unknown_name(run):
    res = run("path", "Armm", "Crusoe")
    assert res.exit_code == 1
    assert res.output.startswith("Error: no entity is called 'Armm'. Did you mean:") and "Arm" in res.output


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_real_export_round_trip(kg, tmp_path, fmt):
    from stargate_kg.answers.export import export, money_network

    out = tmp_path / f"real.{fmt}"
    _, n, m = export(kg, out, fmt)
    G = money_network(kg)  # the projection with a node per joint pledge
    assert (n, m) == (G.number_of_nodes(), G.number_of_edges())
    back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert (back.number_of_nodes(), back.number_of_edges()) == (n, m)


def test_projection_is_the_same_on_an_oxigraph_store(small_dir, small, tmp_path):
    pytest.importorskip("pyoxigraph")
    from stargate_kg.engines.oxigraph import build_store

    ox = build_store(tmp_path / "store", graphs=[small_dir])
    a, b = nw.to_networkx(small), nw.to_networkx(ox)
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))
    assert nw.money_cycles(ox) == nw.money_cycles(small)


@pytest.mark.slow
def test_scale_benchmark_runs_on_a_tiny_synthetic_graph(tmp_path, capsys):
    """The generator writes the project's model and the same graph as an edge list; one run reports every task."""
    import importlib.util

    import numpy as np

    from stargate_kg import load

    spec = importlib.util.spec_from_file_location("network_scale", default_graph_dir().parent / "benchmarks" / "network_scale.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    info = bench.generate(400, tmp_path / "g", seed=3)
    kg = load([tmp_path / "g"])
    G = nw.to_networkx(kg, include_deprecated=True)
    assert G.number_of_nodes() == info["entities"]
    with_object = len(kg.select("SELECT ?st WHERE { ?st a sg:Statement ; sg:object ?o }"))
    assert 0 < G.number_of_edges() == with_object
    assert all(d["sources"] for *_, d in G.edges(data=True))
    # edges.tsv is the same graph: the statements that are not deprecated, money marked
    listed = np.loadtxt(tmp_path / "g" / "edges.tsv", dtype=np.int64, ndmin=2)
    stated = nw.to_networkx(kg)
    number = lambda iri: int(iri.rsplit("/x", 1)[1])  # noqa: E731
    assert sorted(map(tuple, listed[:, :2].tolist())) == sorted((number(u), number(v)) for u, v in stated.edges())
    money = sorted((number(u), number(v)) for u, v, d in stated.edges(data=True) if d["kind"] in nw.MONEY_KINDS)
    assert sorted(map(tuple, listed[listed[:, 2] == 1][:, :2].tolist())) == money
    results = bench.main(["--sizes", "600", "--silent", "--workdir", str(tmp_path / "w")])
    out = capsys.readouterr().out
    r = results[0]
    for task in [*bench.TASKS, "cycles<=4", "load (store + edge arrays)"]:
        assert task in out and task in r["times"]
    assert r["checks"]["pagerank"]["same_top10"]  # the same answer as networkit reading the edge list
    assert r["checks"]["cycles<=4"]["cycles"] == r["checks"]["cycles<=4"]["ref_cycles"]  # and as networkx's simple_cycles
    assert "ratio CPU" in out and '"networkit": ' in out


def test_load_saves_the_edge_arrays_unless_told_not_to(small_dir, run, tmp_path):
    from stargate_kg.network.arrays import FILE

    res = run("--graph", str(small_dir), "--store", str(tmp_path / "a"), "load")
    assert res.exit_code == 0 and "network edge arrays in" in res.output and (tmp_path / "a" / FILE).is_file()
    res = run("--graph", str(small_dir), "--store", str(tmp_path / "b"), "load", "--no-network-index", "--json")
    assert json.loads(res.output)["network_seconds"] is None and not (tmp_path / "b" / FILE).exists()
    rows = json.loads(run("--store", str(tmp_path / "b"), "centrality", "--json").output)  # computed on first use
    assert rows[0]["label"] in ("Alpha Corp", "Gamma") and (tmp_path / "b" / FILE).is_file()
