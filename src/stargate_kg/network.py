"""The graph as a network: a networkx projection, paths, centrality, neighbours, communities, money cycles.

:func:`to_networkx` builds a :class:`networkx.MultiDiGraph` from SPARQL over the
statements (never from raw triples): nodes are entities, keyed by IRI, with
``iri``, ``label``, ``label_zh``, ``type`` and ``types``; each edge is one
statement ``subject -> object``, keyed by the statement IRI, with
``relation``, ``relation_label``, ``family`` (the first of ``families``),
``amount``, ``currency``, ``bound``, ``date``, ``kind`` (money kind),
``status``, ``rank``, ``sources`` (a list of ``{"article", "file", "quote"}``)
and ``statement``. Literals, classes, statements and sources are never nodes.

Connectivity questions (:func:`path`, :func:`centrality`, :func:`neighbors`,
:func:`communities`) look at the graph as **undirected** by default: two
entities are linked when any statement joins them, whichever way it reads,
so "Arm partners with Stargate" and "SoftBank owns Arm" both connect Arm.
Each hop of a path still reports its real direction (``forward`` when the
statement reads from -> to, ``backward`` when it reads to -> from).
:func:`money_cycles` is directed: money goes payer -> payee.

>>> from stargate_kg import load
>>> kg = load()
>>> G = to_networkx(kg, families=["funding"])
>>> G.nodes[E_OPENAI]["label"], G.nodes[E_OPENAI]["type"]
('OpenAI', 'Company')
>>> any(d["relation"] == "investsIn" for _, _, d in G.in_edges(E_OPENAI, data=True))
True
>>> [(h.start["label"], h.relation, h.direction, h.end["label"]) for h in path(kg, "Nvidia", "OpenAI", graph=G)]
[('Nvidia', 'investsIn', 'forward', 'OpenAI')]
>>> relation_filter(kg, ["Money flow", "ceoOf"])
({'moneyflow'}, {'ceoOf'})
>>> sorted(type_filter(kg, ["organization"]))[:3]
['Company', 'GovernmentBody', 'InvestmentFund']
>>> cycles = money_cycles(kg)
>>> any({e["from"]["label"] for e in c} == {"OpenAI", "Oracle", "Nvidia"} for c in cycles)
True
"""

import heapq
from dataclasses import dataclass, field

from stargate_kg.exceptions import AnalysisFailed, InvalidChoice, NoPath
from stargate_kg.names import normalize
from stargate_kg.namespace import BASE, local_name

E_OPENAI = BASE + "entity/openai"  # used in doctests

#: Relation families, in the order used to pick an edge's main ``family``.
FAMILIES = ("funding", "moneyflow", "partnership", "roles", "location", "site", "attribute", "claim", "other")
#: Money kinds that move money from payer to payee (the money-flow graph of :func:`money_cycles`).
MONEY_KINDS = ("equity", "ownership", "commitment", "loan", "purchase")
METRICS = ("degree", "pagerank", "betweenness", "closeness", "eigenvector")

# Two scans, joined in Python: statement properties and reference properties. Single
# triple patterns keep every engine fast (a four-way join per statement is several
# times slower on an Oxigraph store, and rdflib evaluates it row by row).
_STATEMENT_PROPS = """
SELECT ?x ?p ?v WHERE {
  VALUES ?p { sg:subject sg:relation sg:object sg:amount sg:currency sg:bound sg:moneyKind
              sg:status sg:pointInTime sg:startTime sg:rank }
  ?x ?p ?v .
}"""
_REFERENCE_PROPS = """
SELECT ?x ?p ?v WHERE {
  VALUES ?p { sg:reference sg:article sg:quote }
  ?x ?p ?v .
}"""
_RELATIONS = """
SELECT ?rel ?fam ?famlabel ?kind WHERE {
  ?rel a sg:Relation .
  OPTIONAL { ?rel sg:family ?fam . OPTIONAL { ?fam skos:prefLabel ?famlabel } }
  OPTIONAL { ?rel sg:defaultMoneyKind ?kind }
}"""
_CLASSES = "SELECT ?c ?p WHERE { ?c rdfs:subClassOf ?p . ?p rdfs:subClassOf* sg:Entity }"


# ----------------------------------------------------------------------------- catalogs
def relation_catalog(kg):
    """Relations by local name: ``{"families": [...], "kind": default money kind or None}`` (cached).

    ``buysFrom`` gives ``{"families": ["moneyflow", "partnership"], "kind": "purchase"}``.
    """

    def build():
        from stargate_kg.statements import concept_labels

        clabels = concept_labels(kg)
        cat = {}
        for r in kg.select(_RELATIONS):
            rec = cat.setdefault(local_name(r["rel"]), {"families": [], "kind": None})
            if r["fam"] is not None:
                key = normalize(r["famlabel"] if r["famlabel"] is not None else local_name(r["fam"]))
                if key not in rec["families"]:
                    rec["families"].append(key)
            if r["kind"] is not None:
                rec["kind"] = clabels.get(str(r["kind"]), local_name(r["kind"]).lower())
        order = {f: i for i, f in enumerate(FAMILIES)}
        for rec in cat.values():
            rec["families"].sort(key=lambda f: (order.get(f, len(order)), f))
        return cat

    return kg.cached("network:relations", build)


def family_names(kg):
    """Every family key the graph's relations use, in :data:`FAMILIES` order."""
    found = {f for rec in relation_catalog(kg).values() for f in rec["families"]}
    return [f for f in FAMILIES if f in found] + sorted(found - set(FAMILIES))


def _family_aliases(kg):
    def build():
        aliases = {}
        for r in kg.select(_RELATIONS):
            if r["fam"] is not None:
                key = normalize(r["famlabel"] if r["famlabel"] is not None else local_name(r["fam"]))
                aliases[key] = key
                aliases[normalize(local_name(r["fam"]))] = key
        return aliases

    return kg.cached("network:family_aliases", build)


def relation_filter(kg, names):
    """Split ``names`` (family names or relation names, any case) into (families, relations).

    Families are matched loosely ("money flow", "moneyflow", "MoneyFlow"),
    relations by their local name ("investsIn"). Unknown names raise
    :class:`InvalidChoice`. ``None`` means no filter.
    """
    if names is None:
        return None, None
    if isinstance(names, str):
        names = [n for n in names.split(",")]
    aliases = _family_aliases(kg)
    rels = {normalize(r): r for r in relation_catalog(kg)}
    families, relations = set(), set()
    for name in names:
        key = normalize(name)
        if not key:
            continue
        if key in aliases:
            families.add(aliases[key])
        elif key in rels:
            relations.add(rels[key])
        else:
            raise InvalidChoice("relation family", name, family_names(kg) + ["or a relation name such as investsIn"])
    return families, relations


def entity_classes(kg):
    """Entity class local names -> the set of local names of that class and its subclasses (cached)."""

    def build():
        parents = {}
        for r in kg.select(_CLASSES):
            parents.setdefault(local_name(r["c"]), set()).add(local_name(r["p"]))
        names = set(parents) | {p for ps in parents.values() for p in ps} | {"Entity"}
        below = {n: {n} for n in names}
        for c in names:
            stack, seen = [c], set()
            while stack:
                for p in parents.get(stack.pop(), ()):
                    if p not in seen:
                        seen.add(p)
                        stack.append(p)
            for p in seen:
                below.setdefault(p, {p}).add(c)
        return below

    return kg.cached("network:classes", build)


def type_filter(kg, types):
    """The set of class local names matching ``types`` (a class and its subclasses), or None.
    """
    if types is None:
        return None
    if isinstance(types, str):
        types = types.split(",")
    classes = entity_classes(kg)
    by_key = {normalize(c): c for c in classes}
    out = set()
    for t in types:
        key = normalize(t)
        if not key:
            continue
        if key not in by_key:
            raise InvalidChoice("entity type", t, sorted(classes))
        out |= classes[by_key[key]]
    return out


# ----------------------------------------------------------------------------- the projection
def edge_records(kg):
    """Every statement with an entity object as ``(subject, object, statement, attrs)`` (cached).

    Built from two SPARQL SELECTs (statement properties, reference
    properties) joined by statement IRI. Deprecated statements are included
    with ``rank`` "deprecated"; :func:`to_networkx` leaves them out unless asked.
    """
    return kg.cached("network:edges", lambda: _build_edges(kg))


def _build_edges(kg):
    from stargate_kg.lookup import entity_index
    from stargate_kg.statements import article_index, concept_labels, relation_labels
    from stargate_kg.terms import kind, python_value

    index = entity_index(kg)
    rlabels = relation_labels(kg)
    clabels = concept_labels(kg)
    arts = article_index(kg)
    catalog = relation_catalog(kg)
    props = {}
    for r in kg.select(_STATEMENT_PROPS):
        props.setdefault(str(r["x"]), {}).setdefault(local_name(r["p"]), r["v"])
    edges = {}
    for st in sorted(props):
        p = props[st]
        if "subject" not in p or "relation" not in p or kind(p.get("object")) != "uri":
            continue
        s, o = str(p["subject"]), str(p["object"])
        if s not in index or o not in index:
            continue  # only entities are nodes
        rel = local_name(p["relation"])
        info = catalog.get(rel, {"families": [], "kind": None})

        def concept(key):
            return clabels.get(str(p[key]), local_name(p[key])) if key in p else None

        date = p.get("pointInTime", p.get("startTime"))
        edges[st] = (
            s,
            o,
            st,
            {
                "relation": rel,
                "relation_label": rlabels.get(rel, rel),
                "family": info["families"][0] if info["families"] else "other",
                "families": list(info["families"]) or ["other"],
                "amount": python_value(p["amount"]) if "amount" in p else None,
                "currency": str(p["currency"]) if "currency" in p else None,
                "bound": concept("bound"),
                "date": str(date) if date is not None else None,
                "kind": concept("moneyKind") or info["kind"],
                "status": concept("status"),
                "rank": concept("rank") or "normal",
                "sources": [],
                "statement": st,
            },
        )
    del props
    refs, arts_of, quote_of = [], {}, {}
    for r in kg.select(_REFERENCE_PROPS):
        p = local_name(r["p"])
        if p == "reference":
            if str(r["x"]) in edges:
                refs.append((str(r["x"]), r["v"]))
        elif p == "article":
            arts_of[r["x"]] = str(r["v"])
        else:
            quote_of[r["x"]] = str(r["v"])
    for st, ref in refs:
        if ref not in arts_of or ref not in quote_of:
            continue
        art, fname = arts.get(arts_of[ref], (local_name(arts_of[ref]), ""))
        src = {"article": art, "file": fname, "quote": quote_of[ref]}
        if src not in edges[st][3]["sources"]:
            edges[st][3]["sources"].append(src)
    for rec in edges.values():
        rec[3]["sources"].sort(key=lambda x: (x["article"], x["quote"]))
    return list(edges.values())


def to_networkx(kg, families=None, types=None, include_deprecated=False, isolates=True):
    """The knowledge graph as a :class:`networkx.MultiDiGraph` of entities and statements.

    ``families``: family names (funding, moneyflow, partnership, roles,
    location, site, attribute, claim, other) or relation names (investsIn);
    only statements of those are edges. ``types``: entity classes (Company,
    Person, Organization for all its subclasses...); only those entities are
    nodes. ``include_deprecated``: keep statements ranked deprecated.
    ``isolates``: keep entities that no selected statement touches.

    Edges are keyed by statement IRI; attributes as in the module docstring.
    """
    import networkx as nx

    from stargate_kg.lookup import entity_index

    fams, rels = relation_filter(kg, families)
    keep_types = type_filter(kg, types)
    index = entity_index(kg)

    def wanted(iri):
        ent = index[iri]
        return keep_types is None or any(t in keep_types for t in ent.types)

    G = nx.MultiDiGraph(name="stargate-kg")
    nodes = [iri for iri in sorted(index) if wanted(iri)]
    keep = set(nodes)
    edges = []
    for s, o, key, attrs in edge_records(kg):
        if s not in keep or o not in keep:
            continue
        if attrs["rank"] == "deprecated" and not include_deprecated:
            continue
        if fams is not None and not (fams.intersection(attrs["families"]) or attrs["relation"] in rels):
            continue
        edges.append((s, o, key, attrs))
    if not isolates:
        touched = {s for s, _, _, _ in edges} | {o for _, o, _, _ in edges}
        nodes = [n for n in nodes if n in touched]
    for iri in nodes:
        ent = index[iri]
        G.add_node(iri, iri=iri, label=ent.label, label_zh=ent.labels.get("zh"), type=ent.type, types=list(ent.types))
    for s, o, key, attrs in edges:
        G.add_edge(s, o, key=key, **{k: (list(v) if isinstance(v, list) else v) for k, v in attrs.items()})
    return G


def connectivity(G, directed=False):
    """A simple graph with one link per connected pair (``weight`` = number of statements); no self-loops.

    Undirected by default: the view used for paths, neighbours and centrality.

    >>> import networkx as nx
    >>> M = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("a", "b"), ("c", "c")])
    >>> C = connectivity(M)
    >>> sorted(C.edges(data="weight")), sorted(C.nodes)
    ([('a', 'b', 3)], ['a', 'b', 'c'])
    """
    import networkx as nx

    C = nx.DiGraph() if directed else nx.Graph()
    C.add_nodes_from(G.nodes(data=True))
    for u, v in G.edges():
        if u == v:
            continue
        if C.has_edge(u, v):
            C[u][v]["weight"] += 1
        else:
            C.add_edge(u, v, weight=1)
    return C


# ----------------------------------------------------------------------------- paths
def _node_ref(G, iri):
    return {"iri": iri, "label": G.nodes[iri].get("label", local_name(iri))}


def _edge_rank(G, u, v, key, data):
    order = {f: i for i, f in enumerate(FAMILIES)}
    return (data.get("rank") != "preferred", order.get(data.get("family"), len(order)), data.get("relation", ""), key)


def edges_between(G, u, v):
    """Every statement edge joining ``u`` and ``v`` in either direction, best first.

    Each item is ``(subject, object, key, data)``. Best: preferred rank, then
    family order (funding, money flow, partnership, ...), then relation name.
    """
    found = []
    if G.has_edge(u, v):
        found += [(u, v, k, d) for k, d in G[u][v].items()]
    if u != v and G.has_edge(v, u):
        found += [(v, u, k, d) for k, d in G[v][u].items()]
    return sorted(found, key=lambda e: _edge_rank(G, *e))


@dataclass
class Hop:
    """One step of a path: ``start -> end`` through one statement, read in its real direction."""

    start: dict  # {"iri", "label"}
    end: dict
    relation: str
    relation_label: str
    direction: str  # "forward": the statement reads start -> end; "backward": end -> start
    statement: str
    sources: list = field(default_factory=list)
    also: list = field(default_factory=list)  # other statements joining the same pair

    def as_json(self):
        return {
            "from": self.start,
            "relation": self.relation,
            "relation_label": self.relation_label,
            "to": self.end,
            "direction": self.direction,
            "statement": self.statement,
            "sources": list(self.sources),
            "also": list(self.also),
        }


def hops_of(G, nodes):
    """The :class:`Hop` list along a node path in the projection ``G``."""
    hops = []
    for u, v in zip(nodes, nodes[1:]):
        edges = edges_between(G, u, v)
        s, o, key, d = edges[0]
        hops.append(
            Hop(
                start=_node_ref(G, u),
                end=_node_ref(G, v),
                relation=d["relation"],
                relation_label=d["relation_label"],
                direction="forward" if s == u else "backward",
                statement=key,
                sources=list(d.get("sources") or []),
                also=[
                    {"relation": d2["relation"], "direction": "forward" if s2 == u else "backward", "statement": k2}
                    for s2, _, k2, d2 in edges[1:]
                ],
            )
        )
    return hops


def path(kg, a, b, max_hops=None, all_paths=False, families=None, limit=20, include_deprecated=False, graph=None):
    """The shortest path between entities ``a`` and ``b`` (names or IRIs) as a list of :class:`Hop`.

    Connectivity is undirected (a statement links its two parties whichever
    way it reads); each hop reports its real ``direction``. With
    ``all_paths``, a list of paths instead: every simple path of at most
    ``max_hops`` hops (default 4), shortest first, at most ``limit``.
    Raises :class:`NoPath` when there is none (within ``max_hops``).
    """
    import networkx as nx

    from stargate_kg.lookup import resolve

    src, dst = resolve(kg, a), resolve(kg, b)
    G = graph if graph is not None else to_networkx(kg, families=families, include_deprecated=include_deprecated)
    C = connectivity(G)
    if all_paths and max_hops is None:
        max_hops = 4
    where = f" within {max_hops} hop{'s' if max_hops != 1 else ''}" if max_hops is not None else ""
    if families:
        where += f" using {', '.join(families if not isinstance(families, str) else [families])}"
    missing = f"no path between {src.label} and {dst.label}{where}."
    if src.iri not in C or dst.iri not in C:
        raise NoPath(missing + " (one of them is not in the selected graph)")
    if src.iri == dst.iri:
        return [[]] if all_paths else []
    if not all_paths:
        try:
            nodes = nx.shortest_path(C, src.iri, dst.iri)
        except nx.NetworkXNoPath:
            raise NoPath(missing) from None
        if max_hops is not None and len(nodes) - 1 > max_hops:
            raise NoPath(missing + f" (the shortest has {len(nodes) - 1} hops)")
        return hops_of(G, nodes)
    found = []
    try:
        for nodes in nx.shortest_simple_paths(C, src.iri, dst.iri):
            if len(nodes) - 1 > max_hops or len(found) >= limit:
                break
            found.append(hops_of(G, nodes))
    except nx.NetworkXNoPath:
        pass
    if not found:
        raise NoPath(missing)
    return found


# ----------------------------------------------------------------------------- centrality
def _pagerank(C, alpha=0.85, max_iter=200, tol=1.0e-10):
    """PageRank by power iteration (networkx's definition: uniform teleport, dangling mass spread evenly).

    Pure Python, used when scipy (which :func:`networkx.pagerank` needs) is missing.

    >>> import networkx as nx
    >>> r = _pagerank(nx.star_graph(3))  # centre: (1 + 3a) / (4 (1 + a)) with a = 0.85
    >>> round(r[0], 6), round((1 + 3 * 0.85) / (4 * 1.85), 6)
    (0.47973, 0.47973)
    """
    n = C.number_of_nodes()
    if n == 0:
        return {}
    directed = C.is_directed()
    out = {u: (C.out_degree(u) if directed else C.degree(u)) for u in C}
    preds = {u: list(C.predecessors(u) if directed else C.neighbors(u)) for u in C}
    x = dict.fromkeys(C, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(x[u] for u in C if out[u] == 0) / n
        base = (1.0 - alpha) / n + dangling
        new = {v: base + alpha * sum(x[u] / out[u] for u in preds[v]) for v in C}
        err = sum(abs(new[v] - x[v]) for v in C)
        x = new
        if err < n * tol:
            return x
    raise AnalysisFailed(f"PageRank did not converge in {max_iter} iterations")


def scores(C, metric="degree", approx=None, seed=0):
    """Centrality of every node of the simple graph ``C`` (see :func:`connectivity`) by ``metric``.

    ``approx``: for betweenness, estimate from ``approx`` sampled source
    nodes (networkx's ``k``; cost grows with ``approx`` times the number of
    links instead of nodes times links), with a fixed ``seed``.

    >>> import networkx as nx
    >>> s = scores(nx.path_graph(3), "betweenness")
    >>> [s[0], s[1], s[2]]
    [0.0, 1.0, 0.0]
    """
    import networkx as nx

    if metric not in METRICS:
        raise InvalidChoice("centrality metric", metric, METRICS)
    if approx is not None and metric != "betweenness":
        raise InvalidChoice("metric for approx", metric, ["betweenness"])
    if C.number_of_nodes() == 0:
        return {}
    if metric == "degree":
        return nx.degree_centrality(C)
    if metric == "pagerank":
        try:
            import scipy  # noqa: F401  (networkx.pagerank needs it)
        except ImportError:
            return _pagerank(C)
        return nx.pagerank(C)
    if metric == "betweenness":
        k = None
        if approx is not None:
            if approx < 1:
                raise InvalidChoice("approx", approx, ["a number of sampled nodes >= 1"])
            k = min(int(approx), C.number_of_nodes())
        return nx.betweenness_centrality(C, k=k, seed=seed if k else None)
    if metric == "closeness":
        return nx.closeness_centrality(C)
    try:
        return nx.eigenvector_centrality(C, max_iter=1000, tol=1.0e-8)
    except nx.PowerIterationFailedConvergence:
        raise AnalysisFailed("eigenvector centrality did not converge in 1000 iterations; try --metric pagerank") from None


def centrality(kg, metric="degree", top=10, types=None, families=None, approx=None, seed=0, directed=False, graph=None):
    """The ``top`` entities by ``metric``: a list of ``{"iri", "label", "type", "score"}``, highest first.

    Scores are computed on the whole selected graph (``families``), seen as
    undirected unless ``directed``; ``types`` only filters the ranking (the
    top companies, still central through people and projects). Ties are
    broken by label. ``top=None`` returns every entity.
    """
    G = graph if graph is not None else to_networkx(kg, families=families)
    keep = type_filter(kg, types) if types is not None else None
    s = scores(connectivity(G, directed=directed), metric, approx=approx, seed=seed)
    rows = [
        {"iri": n, "label": G.nodes[n]["label"], "type": G.nodes[n]["type"], "score": float(s[n])}
        for n in s
        if keep is None or any(t in keep for t in G.nodes[n].get("types", [G.nodes[n]["type"]]))
    ]
    rows.sort(key=lambda r: (-r["score"], r["label"].casefold(), r["iri"]))
    return rows if top is None else rows[:top]


# ----------------------------------------------------------------------------- neighbours and communities
def neighbors(kg, name, depth=1, families=None, graph=None):
    """Entities within ``depth`` hops of ``name``, nearest first.

    Each item: ``{"iri", "label", "type", "distance", "via": {"iri", "label"},
    "relations": [{"relation", "relation_label", "direction", "statement",
    "sources"}]}``, where ``via`` is the entity one hop nearer (the start for
    distance 1) and ``direction`` reads from ``via``'s side.
    """
    import networkx as nx

    from stargate_kg.lookup import resolve

    ent = resolve(kg, name)
    G = graph if graph is not None else to_networkx(kg, families=families)
    if ent.iri not in G:
        return []
    C = connectivity(G)
    paths = nx.single_source_shortest_path(C, ent.iri, cutoff=depth)
    out = []
    for iri, p in paths.items():
        if iri == ent.iri:
            continue
        via = p[-2]
        rels = [
            {
                "relation": d["relation"],
                "relation_label": d["relation_label"],
                "direction": "forward" if s == via else "backward",
                "statement": k,
                "sources": list(d.get("sources") or []),
            }
            for s, _, k, d in edges_between(G, via, iri)
        ]
        out.append(
            {
                "iri": iri,
                "label": G.nodes[iri]["label"],
                "type": G.nodes[iri]["type"],
                "distance": len(p) - 1,
                "via": _node_ref(G, via),
                "relations": rels,
            }
        )
    out.sort(key=lambda n: (n["distance"], n["label"].casefold(), n["iri"]))
    return out


def communities(kg, families=None, seed=42, method="louvain", min_size=2, graph=None):
    """Groups of entities more tightly linked to each other than to the rest (modularity-based).

    ``method``: "louvain" (networkx's Louvain with a fixed ``seed``, so the
    answer is stable) or "greedy" (Clauset-Newman-Moore greedy modularity).
    Links are weighted by the number of statements joining a pair. Returns
    ``{"method", "seed", "modularity", "communities": [{"id", "size",
    "members": [{"iri", "label", "type", "degree"}]}], "isolated": n}``;
    communities smaller than ``min_size`` are left out (entities without any
    link are only counted in ``isolated``).
    """
    import networkx as nx

    G = graph if graph is not None else to_networkx(kg, families=families)
    C = connectivity(G)
    isolated = [n for n in C if C.degree(n) == 0]
    C.remove_nodes_from(isolated)
    if C.number_of_edges() == 0:
        return {"method": method, "seed": seed, "modularity": 0.0, "communities": [], "isolated": len(isolated)}
    if method == "louvain":
        parts = nx.community.louvain_communities(C, weight="weight", seed=seed)
    elif method == "greedy":
        parts = nx.community.greedy_modularity_communities(C, weight="weight")
    else:
        raise InvalidChoice("community method", method, ["louvain", "greedy"])
    q = nx.community.modularity(C, parts, weight="weight")
    groups = []
    for part in parts:
        members = sorted(
            ({"iri": n, "label": C.nodes[n]["label"], "type": C.nodes[n]["type"], "degree": C.degree(n)} for n in part),
            key=lambda m: (-m["degree"], m["label"].casefold(), m["iri"]),
        )
        groups.append(members)
    groups.sort(key=lambda m: (-len(m), m[0]["label"].casefold()))
    out = [{"id": i + 1, "size": len(m), "members": m} for i, m in enumerate(groups) if len(m) >= min_size]
    return {"method": method, "seed": seed, "modularity": q, "communities": out, "isolated": len(isolated)}


# ----------------------------------------------------------------------------- money cycles
def money_graph(G):
    """The payer -> payee edges of ``G`` whose money kind moves money (:data:`MONEY_KINDS`)."""
    import networkx as nx

    M = nx.MultiDiGraph()
    M.add_nodes_from(G.nodes(data=True))
    M.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d.get("kind") in MONEY_KINDS)
    return M


def _money_rank(item):
    _, _, key, d = item
    amount = d.get("amount")
    return (d.get("rank") != "preferred", amount is None, -(amount or 0), key)


def money_cycles(kg, max_length=8, limit=None, include_deprecated=False, graph=None):
    """Cycles in the money-flow graph (payer -> payee), e.g. OpenAI -> Oracle -> Nvidia -> OpenAI.

    Each cycle is a list of edges ``{"from", "to", "kind", "amount",
    "currency", "bound", "relation", "statement", "statements", "sources"}``
    (``from``/``to`` are ``{"iri", "label"}``); when several statements
    carry money the same way, the edge shows the preferred or largest one
    and ``statements`` lists all. Cycles start at the entity whose label sorts
    first and are ordered by length, then labels.
    """
    import networkx as nx

    G = graph if graph is not None else to_networkx(kg, families=None, include_deprecated=include_deprecated)
    M = money_graph(G)
    D = nx.DiGraph()
    D.add_edges_from((u, v) for u, v in M.edges() if u != v)
    found = []
    for cyc in nx.simple_cycles(D, length_bound=max_length):
        labels = [G.nodes[n]["label"].casefold() for n in cyc]
        i = min(range(len(cyc)), key=lambda j: (labels[j], cyc[j]))
        cyc = cyc[i:] + cyc[:i]
        found.append(cyc)
    found.sort(key=lambda c: (len(c), [G.nodes[n]["label"].casefold() for n in c], c))
    if limit is not None:
        found = found[:limit]
    out = []
    for cyc in found:
        edges = []
        for u, v in zip(cyc, cyc[1:] + cyc[:1]):
            items = sorted(((u, v, k, d) for k, d in M[u][v].items()), key=_money_rank)
            _, _, key, d = items[0]
            edges.append(
                {
                    "from": _node_ref(G, u),
                    "to": _node_ref(G, v),
                    "kind": d.get("kind"),
                    "amount": d.get("amount"),
                    "currency": d.get("currency"),
                    "bound": d.get("bound"),
                    "relation": d.get("relation"),
                    "statement": key,
                    "statements": [k for _, _, k, _ in items],
                    "sources": list(d.get("sources") or []),
                }
            )
        out.append(edges)
    return out


def top_items(mapping, n):
    """The ``n`` keys with the highest values (ties by key), for rank comparisons.

    >>> top_items({"a": 1, "b": 3, "c": 3}, 2)
    ['b', 'c']
    """
    return [k for _, k in heapq.nsmallest(n, ((-v, k) for k, v in mapping.items()))]
