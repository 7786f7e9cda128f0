"""Paths and neighbourhoods: found on the edge arrays, told with the statements that make each hop.

Connectivity is undirected: a statement links its two parties whichever way
it reads, and each hop reports its real ``direction``. Only the statements
along the answer are fetched with their attributes and sources (a small
:class:`networkx.MultiDiGraph`), so a question on a large graph does not
build the whole projection.

Money an editor inferred (``sg:inferred true``) is not followed unless
``include_inferred``; a hop through it says ``inferred``.

>>> from stargate_kg import load
>>> kg = load()
>>> [(h.start["label"], h.relation, h.direction, h.end["label"]) for h in path(kg, "Nvidia", "OpenAI", families=["funding"])]
[('Nvidia', 'investsIn', 'forward', 'OpenAI')]
"""

from dataclasses import dataclass, field

from stargate_kg.exceptions import NoPath
from stargate_kg.namespace import local_name
from stargate_kg.network.catalog import FAMILIES


def _node_ref(G, iri):
    return {"iri": iri, "label": G.nodes[iri].get("label", local_name(iri))}


def _edge_rank(G, u, v, key, data):
    order = {f: i for i, f in enumerate(FAMILIES)}
    return (bool(data.get("inferred")), data.get("rank") != "preferred", order.get(data.get("family"), len(order)), data.get("relation", ""), key)


def edges_between(G, u, v):
    """Every statement edge joining ``u`` and ``v`` in either direction, best first.

    Each item is ``(subject, object, key, data)``. Best: asserted before
    inferred, preferred rank, then family order (funding, money flow,
    partnership, ...), then relation name.
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
    inferred: bool = False  # the statement is an editor's reading (sg:inferred true)

    def as_json(self):
        return {
            "from": self.start,
            "relation": self.relation,
            "relation_label": self.relation_label,
            "to": self.end,
            "direction": self.direction,
            "inferred": self.inferred,
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
                    {"relation": d2["relation"], "direction": "forward" if s2 == u else "backward", "statement": k2,
                     "inferred": bool(d2.get("inferred"))}
                    for s2, _, k2, d2 in edges[1:]
                ],  # fmt: skip
                inferred=bool(d.get("inferred")),
            )
        )
    return hops


# ----------------------------------------------------------------------------- on the arrays
class _View:
    """The selected statements of the edge arrays, their undirected connectivity, and rich edges on demand."""

    def __init__(self, kg, families=None, include_deprecated=False, include_inferred=False):
        from stargate_kg.network.arrays import edge_arrays
        from stargate_kg.network.backends import Links

        self.kg = kg
        self.arr = edge_arrays(kg)
        self.rows = self.arr.select(kg, families, include_deprecated=include_deprecated, include_inferred=include_inferred).nonzero()[0]
        self.C = Links.from_pairs(self.arr.n, self.arr.src[self.rows], self.arr.dst[self.rows]).networkx(weighted=False)

    def rich(self, pairs):
        """A MultiDiGraph (IRI nodes) with every selected statement joining the node pairs ``pairs`` (either way)."""
        import networkx as nx
        import numpy as np

        from stargate_kg.network.projection import edge_records

        arr, n = self.arr, self.arr.n
        s, d = arr.src[self.rows].astype(np.int64), arr.dst[self.rows].astype(np.int64)
        keys = np.minimum(s, d) * n + np.maximum(s, d)
        want = np.array(sorted({min(u, v) * n + max(u, v) for u, v in pairs}), dtype=np.int64)
        statements = arr.statements()
        picked = [statements[r] for r in self.rows[np.isin(keys, want)].tolist()]
        G = nx.MultiDiGraph()
        for i in {x for p in pairs for x in p}:
            G.add_node(arr.nodes[i], iri=arr.nodes[i], label=arr.labels[i], type=arr.type_of(i))
        for s_iri, o_iri, key, attrs in edge_records(self.kg, picked):
            G.add_edge(s_iri, o_iri, key=key, **attrs)
        return G


def _where(max_hops, families):
    where = f" within {max_hops} hop{'s' if max_hops != 1 else ''}" if max_hops is not None else ""
    if families:
        where += f" using {', '.join(families if not isinstance(families, str) else [families])}"
    return where


def path(kg, a, b, max_hops=None, all_paths=False, families=None, limit=20, include_deprecated=False, graph=None,
         include_inferred=False):  # fmt: skip
    """The shortest path between entities ``a`` and ``b`` (names or IRIs) as a list of :class:`Hop`.

    Connectivity is undirected (a statement links its two parties whichever
    way it reads); each hop reports its real ``direction``. With
    ``all_paths``, a list of paths instead: every simple path of at most
    ``max_hops`` hops (default 4), shortest first, at most ``limit``.
    ``include_inferred``: also follow money an editor inferred.
    ``graph``: a networkx projection to search instead.
    Raises :class:`NoPath` when there is none (within ``max_hops``).
    """
    import networkx as nx

    from stargate_kg.lookup import resolve
    from stargate_kg.network.projection import connectivity

    src, dst = resolve(kg, a), resolve(kg, b)
    if all_paths and max_hops is None:
        max_hops = 4
    missing = f"no path between {src.label} and {dst.label}{_where(max_hops, families)}."
    if graph is not None:
        C = connectivity(graph)
        if src.iri not in C or dst.iri not in C:
            raise NoPath(missing + " (one of them is not in the selected graph)")
        s, t = src.iri, dst.iri

        def tell(found):
            return [hops_of(graph, nodes) for nodes in found]
    else:
        view = _View(kg, families, include_deprecated=include_deprecated, include_inferred=include_inferred)
        C = view.C
        s, t = view.arr.node(src.iri), view.arr.node(dst.iri)

        def tell(found):
            G = view.rich({(u, v) for nodes in found for u, v in zip(nodes, nodes[1:])})
            return [hops_of(G, [view.arr.nodes[i] for i in nodes]) for nodes in found]

    if s == t:
        return [[]] if all_paths else []
    if not all_paths:
        try:
            nodes = nx.shortest_path(C, s, t)
        except nx.NetworkXNoPath:
            raise NoPath(missing) from None
        if max_hops is not None and len(nodes) - 1 > max_hops:
            raise NoPath(missing + f" (the shortest has {len(nodes) - 1} hops)")
        return tell([nodes])[0]
    found = []
    try:
        for nodes in nx.shortest_simple_paths(C, s, t):
            if len(nodes) - 1 > max_hops or len(found) >= limit:
                break
            found.append(nodes)
    except nx.NetworkXNoPath:
        pass
    if not found:
        raise NoPath(missing)
    return tell(found)


def neighbors(kg, name, depth=1, families=None, graph=None, include_inferred=True):
    """Entities within ``depth`` hops of ``name``, nearest first.

    Each item: ``{"iri", "label", "type", "distance", "via": {"iri", "label"},
    "relations": [{"relation", "relation_label", "direction", "inferred",
    "statement", "sources"}]}``, where ``via`` is the entity one hop nearer
    (the start for distance 1) and ``direction`` reads from ``via``'s side.
    """
    import networkx as nx

    from stargate_kg.lookup import resolve
    from stargate_kg.network.projection import connectivity

    ent = resolve(kg, name)
    if graph is not None:
        if ent.iri not in graph:
            return []
        G, start, iri_of = graph, ent.iri, (lambda x: x)
        found = nx.single_source_shortest_path(connectivity(graph), start, cutoff=depth)
    else:
        view = _View(kg, families, include_inferred=include_inferred)
        start = view.arr.node(ent.iri)
        found = nx.single_source_shortest_path(view.C, start, cutoff=depth)
        G = view.rich({(p[-2], x) for x, p in found.items() if x != start})
        iri_of = view.arr.nodes.__getitem__
    out = []
    for node, p in found.items():
        if node == start:
            continue
        iri, via = iri_of(node), iri_of(p[-2])
        rels = [
            {
                "relation": d["relation"],
                "relation_label": d["relation_label"],
                "direction": "forward" if s == via else "backward",
                "inferred": bool(d.get("inferred")),
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
