"""Money that comes back: bounded-length cycles in the payer -> payee graph.

networkit has no cycle enumeration, so :func:`bounded_cycles` is a
length-bounded depth-first search over integer adjacency lists: each cycle
is found once, from its lowest-numbered node, and a search only steps to a
node from which the start can still be reached within the remaining length
(distances from a breadth-first search backwards from the start). Only
strongly connected pieces of the money graph are searched.

Inferred money (``sg:inferred true``: an editor's reading, not a sentence of
an article) is left out unless ``include_inferred``, and marked
``"inferred": true`` when included.

>>> sorted(bounded_cycles(3, [0, 1, 2, 1], [1, 2, 0, 0], 3))
[[0, 1], [0, 1, 2]]
>>> bounded_cycles(3, [0, 1, 2], [1, 2, 0], 2)
[]
"""

from stargate_kg.network.catalog import MONEY_KINDS
from stargate_kg.network.progress import QUIET


def _strong_pieces(n, src, dst):
    """Component label per node (strongly connected), or None without scipy."""
    try:
        import numpy as np
        from scipy.sparse import csr_matrix
        from scipy.sparse.csgraph import connected_components
    except ImportError:
        return None
    M = csr_matrix((np.ones(len(src)), (np.asarray(src), np.asarray(dst))), shape=(n, n))
    return connected_components(M, directed=True, connection="strong")[1].tolist()


def bounded_cycles(n, src, dst, max_length, limit=None):
    """Every simple directed cycle of at most ``max_length`` edges, as node lists starting at their lowest node.

    ``src``/``dst``: the edges (parallel edges and self-loops are ignored).
    ``limit``: stop after that many cycles (found in start-node order).
    """
    src, dst = [int(x) for x in src], [int(x) for x in dst]
    piece = _strong_pieces(n, src, dst) if src else None
    succ = [set() for _ in range(n)]
    pred = [set() for _ in range(n)]
    for u, v in zip(src, dst):
        if u != v and (piece is None or piece[u] == piece[v]):
            succ[u].add(v)
            pred[v].add(u)
    succ = [sorted(s) for s in succ]
    found = []
    for s in range(n):
        if not succ[s] or not pred[s]:
            continue
        # hops from each node v > s back to s, within max_length - 1
        dist = {s: 0}
        frontier = [s]
        for d in range(1, max_length):
            nxt = []
            for v in frontier:
                for u in pred[v]:
                    if u > s and u not in dist:
                        dist[u] = d
                        nxt.append(u)
            if not nxt:
                break
            frontier = nxt
        path, on_path = [s], {s}
        stack = [iter(succ[s])]
        while stack:
            for w in stack[-1]:
                depth = len(path)  # edges after stepping to w
                if w == s:
                    found.append(list(path))
                    if limit is not None and len(found) >= limit:
                        return found
                elif w > s and w not in on_path and w in dist and depth + dist[w] <= max_length:
                    path.append(w)
                    on_path.add(w)
                    stack.append(iter(succ[w]))
                    break
            else:
                stack.pop()
                on_path.discard(path.pop())
    return found


class CycleList(list):
    """The cycles found, with ``total``: how many there were before ``limit``."""

    def __init__(self, items=(), total=None):
        super().__init__(items)
        self.total = len(self) if total is None else total


def money_graph(G, include_inferred=False):
    """The payer -> payee edges of the networkx projection ``G`` whose money kind moves money (:data:`MONEY_KINDS`)."""
    import networkx as nx

    M = nx.MultiDiGraph()
    M.add_nodes_from(G.nodes(data=True))
    M.add_edges_from(
        (u, v, k, d)
        for u, v, k, d in G.edges(keys=True, data=True)
        if d.get("kind") in MONEY_KINDS and (include_inferred or not d.get("inferred"))
    )
    return M


def _money_rank(item):
    _, _, key, d = item
    amount = d.get("amount")
    return (bool(d.get("inferred")), d.get("rank") != "preferred", amount is None, -(amount or 0), key)


def _edge_json(u, v, items, label):
    items = sorted(items, key=_money_rank)
    _, _, key, d = items[0]
    return {
        "from": {"iri": u, "label": label(u)},
        "to": {"iri": v, "label": label(v)},
        "kind": d.get("kind"),
        "amount": d.get("amount"),
        "currency": d.get("currency"),
        "bound": d.get("bound"),
        "relation": d.get("relation"),
        "inferred": bool(d.get("inferred")),
        "statement": key,
        "statements": [k for _, _, k, _ in items],
        "sources": list(d.get("sources") or []),
    }


def _ordered(cycles, label):
    """Cycles rotated to start at the node whose label sorts first, sorted by length then labels."""
    out = []
    for cyc in cycles:
        keys = [(label(n).casefold(), n) for n in cyc]
        i = min(range(len(cyc)), key=keys.__getitem__)
        out.append(cyc[i:] + cyc[:i])
    out.sort(key=lambda c: (len(c), [label(n).casefold() for n in c], c))
    return out


def money_cycles(kg, max_length=8, limit=None, include_deprecated=False, include_inferred=False, graph=None, progress=QUIET):
    """Cycles in the money-flow graph (payer -> payee), e.g. OpenAI -> Oracle -> Nvidia -> OpenAI.

    Each cycle is a list of edges ``{"from", "to", "kind", "amount",
    "currency", "bound", "relation", "inferred", "statement",
    "statements", "sources"}`` (``from``/``to`` are ``{"iri", "label"}``);
    when several statements carry money the same way, the edge shows an
    asserted (not inferred), preferred or largest one and ``statements``
    lists all. Cycles start at the entity whose label sorts first and are
    ordered by length, then labels; ``limit`` keeps the first ones (the
    returned :class:`CycleList` says in ``total`` how many there are).
    ``graph``: a networkx projection to search instead (networkx's ``simple_cycles``).
    """
    if graph is not None:
        import networkx as nx

        M = money_graph(graph, include_inferred=include_inferred)
        if not include_deprecated:
            M.remove_edges_from([(u, v, k) for u, v, k, d in M.edges(keys=True, data=True) if d.get("rank") == "deprecated"])
        D = nx.DiGraph()
        D.add_edges_from((u, v) for u, v in M.edges() if u != v)

        def label(n):
            return graph.nodes[n]["label"]

        found = _ordered(nx.simple_cycles(D, length_bound=max_length), label)
        return CycleList(
            [[_edge_json(u, v, [(u, v, k, d) for k, d in M[u][v].items()], label) for u, v in zip(c, c[1:] + c[:1])] for c in found[:limit]],
            total=len(found),
        )

    import numpy as np

    from stargate_kg.network.arrays import edge_arrays
    from stargate_kg.network.projection import edge_records

    with progress.stage("reading the network"):
        arr = edge_arrays(kg)
        rows = np.flatnonzero(arr.select(kg, include_deprecated=include_deprecated, include_inferred=include_inferred, money=True))
    src, dst = arr.src[rows], arr.dst[rows]
    with progress.stage(f"money cycles of up to {max_length} edges on {len(rows):,} money statements"):
        found = bounded_cycles(arr.n, src, dst, max_length)

    def label(i):
        return arr.labels[i]

    total = len(found)
    found = _ordered(found, label)[:limit]
    pairs = {(u, v) for c in found for u, v in zip(c, c[1:] + c[:1])}
    by_pair = {}
    for r, u, v in zip(rows.tolist(), src.tolist(), dst.tolist()):
        if (u, v) in pairs:
            by_pair.setdefault((u, v), []).append(r)
    statements = arr.statements()
    records = {rec[2]: rec for rec in edge_records(kg, [statements[r] for rs in by_pair.values() for r in rs])}
    out = []
    for c in found:
        edges = []
        for u, v in zip(c, c[1:] + c[:1]):
            items = [records[statements[r]] for r in by_pair[(u, v)] if statements[r] in records]
            edges.append(_edge_json(arr.nodes[u], arr.nodes[v], items, lambda iri: arr.labels[arr.node(iri)]))
        out.append(edges)
    return CycleList(out, total=total)
