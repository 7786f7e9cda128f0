"""The attribute-rich projection: a :class:`networkx.MultiDiGraph` of entities and statements.

This is what users get (:func:`to_networkx`, ``export``) and what the
commands print from (the few statements of a path, a neighbourhood or a
cycle, fetched with :func:`edge_records` ``statements=``). Analysis runs on
the compact edge arrays instead (:mod:`stargate_kg.network.arrays`).

>>> from stargate_kg import load
>>> kg = load()
>>> few = edge_records(kg, statements=[E_OPENAI + "-is-no-statement", ST_A004_PURCHASE])  # fetched, not cached
>>> [(d["relation"], d["kind"], d["amount"], d["sources"][0]["article"]) for _, _, _, d in few]
[('buysFrom', 'purchase', 300000000000, 'a004')]
>>> few == [r for r in edge_records(kg) if r[2] == ST_A004_PURCHASE]  # the same as in the full list
True
>>> C = connectivity(to_networkx(kg, families=["funding"]))
>>> C.has_edge(E_OPENAI, E_NVIDIA) and C[E_OPENAI][E_NVIDIA]["weight"] >= 1
True
"""

import re

from stargate_kg.namespace import BASE, local_name
from stargate_kg.network.catalog import relation_catalog, relation_filter, type_filter

E_OPENAI = BASE + "entity/openai"  # used in doctests
E_NVIDIA = BASE + "entity/nvidia"
ST_A004_PURCHASE = BASE + "statement/a004-openai-buys-oracle-compute-300b"

_PROPS = "sg:subject sg:relation sg:object sg:amount sg:currency sg:bound sg:moneyKind sg:status sg:pointInTime sg:startTime sg:rank sg:inferred"
# Two scans, joined in Python: statement properties and reference properties. Single
# triple patterns keep every engine fast (a four-way join per statement is several
# times slower on an Oxigraph store, and rdflib evaluates it row by row).
_STATEMENT_PROPS = "SELECT ?x ?p ?v WHERE { VALUES ?p { " + _PROPS + " } ?x ?p ?v . }"
_REFERENCE_PROPS = """
SELECT ?x ?p ?v WHERE {
  VALUES ?p { sg:reference sg:article sg:quote }
  ?x ?p ?v .
}"""
# The same for a few statements (VALUES ?x filled with IRIs read from the store, never user text).
_SOME_STATEMENT_PROPS = "SELECT ?x ?p ?v WHERE { VALUES ?x { %s } VALUES ?p { " + _PROPS + " } ?x ?p ?v . }"
_SOME_REFERENCES = "SELECT ?x ?art ?quote WHERE { VALUES ?x { %s } ?x sg:reference ?ref . ?ref sg:article ?art ; sg:quote ?quote . }"
_PLAIN_IRI = re.compile(r"[^\x00-\x20<>\"{}|^`\\]+\Z")
_CHUNK = 400


def is_true(term):
    """Whether an RDF literal reads as boolean true (``true`` or ``1``)."""
    return term is not None and str(term).strip().lower() in ("true", "1")


def edge_records(kg, statements=None):
    """Every statement with an entity object as ``(subject, object, statement, attrs)`` (cached).

    Built from two SPARQL SELECTs (statement properties, reference
    properties) joined by statement IRI. Deprecated statements are included
    with ``rank`` "deprecated"; :func:`to_networkx` leaves them out unless asked.
    ``statements``: only these statement IRIs (fetched, not cached; what a
    command prints from), in the order given, unknown ones left out.
    """
    if statements is None:
        return kg.cached("network:edges", lambda: _build_edges(kg))
    statements = list(dict.fromkeys(str(s) for s in statements))
    if any(not _PLAIN_IRI.match(s) for s in statements):  # not writable in VALUES: take them from the full list
        wanted = set(statements)
        return [r for r in edge_records(kg) if r[2] in wanted]
    if "network:edges" in getattr(kg, "_cache", {}):
        found = {r[2]: r for r in kg._cache["network:edges"]}
        return [found[s] for s in statements if s in found]
    props, refs = {}, []
    for i in range(0, len(statements), _CHUNK):
        iris = " ".join(f"<{s}>" for s in statements[i : i + _CHUNK])
        for r in kg.select(_SOME_STATEMENT_PROPS % iris):
            props.setdefault(str(r["x"]), {}).setdefault(local_name(r["p"]), r["v"])
        refs += [(str(r["x"]), str(r["art"]), str(r["quote"])) for r in kg.select(_SOME_REFERENCES % iris)]
    edges = _records(kg, {s: props[s] for s in statements if s in props})
    _add_sources(kg, edges, refs)
    return [edges[s] for s in statements if s in edges]


def _records(kg, props):
    """Statement IRI -> (subject, object, statement, attrs) for statements whose parties are entities."""
    from stargate_kg.lookup import entity_index
    from stargate_kg.answers.statements import concept_labels, relation_labels
    from stargate_kg.terms import kind, python_value

    index = entity_index(kg)
    rlabels = relation_labels(kg)
    clabels = concept_labels(kg)
    catalog = relation_catalog(kg)
    edges = {}
    for st, p in props.items():
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
                "inferred": is_true(p.get("inferred")),
                "sources": [],
                "statement": st,
            },
        )
    return edges


def _add_sources(kg, edges, refs):
    """Attach ``(statement, article IRI, quote)`` references to their edges, sorted, without repeats."""
    from stargate_kg.answers.statements import article_index

    arts = article_index(kg)
    for st, art_iri, quote in refs:
        if st not in edges:
            continue
        art, fname = arts.get(art_iri, (local_name(art_iri), ""))
        src = {"article": art, "file": fname, "quote": quote}
        if src not in edges[st][3]["sources"]:
            edges[st][3]["sources"].append(src)
    for rec in edges.values():
        rec[3]["sources"].sort(key=lambda x: (x["article"], x["quote"]))


def _build_edges(kg):
    props = {}
    for r in kg.select(_STATEMENT_PROPS):
        props.setdefault(str(r["x"]), {}).setdefault(local_name(r["p"]), r["v"])
    edges = _records(kg, {st: props[st] for st in sorted(props)})
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
    _add_sources(kg, edges, [(st, arts_of[ref], quote_of[ref]) for st, ref in refs if ref in arts_of and ref in quote_of])
    return list(edges.values())


def node_attrs(ent):
    """The node attributes of an entity (:class:`stargate_kg.lookup.Entity`) in the projection."""
    return {"iri": ent.iri, "label": ent.label, "label_zh": ent.labels.get("zh"), "type": ent.type, "types": list(ent.types)}


def to_networkx(kg, families=None, types=None, include_deprecated=False, isolates=True, include_inferred=True):
    """The knowledge graph as a :class:`networkx.MultiDiGraph` of entities and statements.

    ``families``: family names (funding, moneyflow, partnership, roles,
    location, site, attribute, claim, other) or relation names (investsIn);
    only statements of those are edges. ``types``: entity classes (Company,
    Person, Organization for all its subclasses...); only those entities are
    nodes. ``include_deprecated``: keep statements ranked deprecated.
    ``isolates``: keep entities that no selected statement touches.
    ``include_inferred``: keep statements an editor inferred (``sg:inferred
    true``; edge attribute ``inferred``), the default here.

    Edges are keyed by statement IRI; attributes as in :mod:`stargate_kg.network`.
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
        if attrs["inferred"] and not include_inferred:
            continue
        if fams is not None and not (fams.intersection(attrs["families"]) or attrs["relation"] in rels):
            continue
        edges.append((s, o, key, attrs))
    if not isolates:
        touched = {s for s, _, _, _ in edges} | {o for _, o, _, _ in edges}
        nodes = [n for n in nodes if n in touched]
    for iri in nodes:
        G.add_node(iri, **node_attrs(index[iri]))
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
