"""Who sits at the centre: degree, PageRank, betweenness, closeness and eigenvector centrality.

:func:`centrality` works on the edge arrays with networkit (networkx when
networkit is missing); :func:`scores` is the networkx reference on a
networkx graph, which the tests compare against. Both give networkx's
definitions: degree and betweenness normalised as networkx does, closeness
with Wasserman-Faust scaling for graphs in pieces, PageRank weighted by the
number of statements joining a pair (damping 0.85, dangling mass spread
evenly), eigenvector unweighted and of unit length.

>>> from stargate_kg import load
>>> kg = load()
>>> top = centrality(kg, "pagerank", top=3)
>>> "OpenAI" in [r["label"] for r in top]
True
>>> ref = scores(connectivity(to_networkx(kg)), "pagerank")
>>> [r["iri"] for r in top] == top_items(ref, 3)
True
"""

import heapq
import time

from stargate_kg.exceptions import AnalysisFailed, InvalidChoice
from stargate_kg.network.catalog import METRICS
from stargate_kg.network.progress import QUIET, seconds_text
from stargate_kg.network.projection import connectivity, to_networkx  # noqa: F401  (doctest)

APPROX_METRICS = ("betweenness", "closeness")
#: Exact betweenness or closeness is timed on a sample first when nodes x links exceeds this,
#: and the user is warned when it is expected to take longer than WARN_SECONDS.
ESTIMATE_ABOVE = 50_000_000
WARN_SECONDS = 10


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
    out = {u: (C.out_degree(u, weight="weight") if directed else C.degree(u, weight="weight")) for u in C}
    preds = {u: list(C.pred[u].items() if directed else C.adj[u].items()) for u in C}
    x = dict.fromkeys(C, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(x[u] for u in C if out[u] == 0) / n
        base = (1.0 - alpha) / n + dangling
        new = {v: base + alpha * sum(x[u] * d.get("weight", 1) / out[u] for u, d in preds[v]) for v in C}
        err = sum(abs(new[v] - x[v]) for v in C)
        x = new
        if err < n * tol:
            return x
    raise AnalysisFailed(f"PageRank did not converge in {max_iter} iterations")


def _check(metric, approx):
    if metric not in METRICS:
        raise InvalidChoice("centrality metric", metric, METRICS)
    if approx is not None:
        if metric not in APPROX_METRICS:
            raise InvalidChoice("metric for approx", metric, list(APPROX_METRICS))
        if approx < 1:
            raise InvalidChoice("approx", approx, ["a number of sampled nodes >= 1"])


def scores(C, metric="degree", approx=None, seed=0):
    """Centrality of every node of the networkx graph ``C`` (see :func:`connectivity`) by ``metric``: the reference.

    ``approx``: for betweenness, estimate from ``approx`` sampled source
    nodes (networkx's ``k``), with a fixed ``seed``.

    >>> import networkx as nx
    >>> s = scores(nx.path_graph(3), "betweenness")
    >>> [s[0], s[1], s[2]]
    [0.0, 1.0, 0.0]
    """
    import networkx as nx

    _check(metric, approx)
    if approx is not None and metric != "betweenness":
        raise InvalidChoice("metric for approx on a networkx graph", metric, ["betweenness"])
    if C.number_of_nodes() == 0:
        return {}
    if metric == "degree":
        return nx.degree_centrality(C)
    if metric == "pagerank":
        try:
            import scipy  # noqa: F401  (networkx.pagerank needs it)
        except ImportError:
            return _pagerank(C)
        return nx.pagerank(C, max_iter=1000, tol=1.0e-10)
    if metric == "betweenness":
        k = None
        if approx is not None:
            k = min(int(approx), C.number_of_nodes())
        return nx.betweenness_centrality(C, k=k, seed=seed if k else None)
    if metric == "closeness":
        return nx.closeness_centrality(C)
    try:
        return nx.eigenvector_centrality(C, max_iter=1000, tol=1.0e-8)
    except nx.PowerIterationFailedConvergence:
        raise AnalysisFailed("eigenvector centrality did not converge in 1000 iterations; try --metric pagerank") from None


# ----------------------------------------------------------------------------- on links (arrays)
def _sampled_closeness(L, k, seed):
    """Closeness estimated from ``k`` sampled pivots (Eppstein-Wang), Wasserman-Faust scaled as networkx's.

    For each node the sum of distances and the number reachable are scaled
    up from the pivots that reach it.
    """
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import shortest_path

    n = L.n
    rng = np.random.default_rng(seed)
    pivots = np.sort(rng.choice(n, size=k, replace=False))
    M = csr_matrix((np.ones(len(L)), (L.a, L.b)), shape=(n, n))
    total = np.zeros(n)
    reached = np.zeros(n)
    for chunk in range(0, k, 64):
        # distance pivot -> u: for a directed graph that is the incoming distance networkx uses
        D = shortest_path(M, directed=L.directed, unweighted=True, indices=pivots[chunk : chunk + 64])
        finite = np.isfinite(D)
        total += np.where(finite, D, 0).sum(axis=0)
        reached += finite.sum(axis=0)
    scale = n / k
    r = np.maximum(reached * scale, 1.0)  # estimated reachable count, u itself included
    s = total * scale
    out = np.zeros(n)
    ok = s > 0
    out[ok] = ((r[ok] - 1) / max(n - 1, 1)) * ((r[ok] - 1) / s[ok])
    return out


def _expected_seconds(L, metric, backend):
    """CPU seconds exact ``metric`` should take, from timed single-source searches (None when the graph is small)."""
    if L.n * max(len(L), 1) < ESTIMATE_ABOVE:
        return None
    import random

    rng = random.Random(1)
    picks = [rng.randrange(L.n) for _ in range(min(32, L.n))]
    if backend == "networkit":
        from stargate_kg.network.backends import networkit

        nk = networkit()
        G = (L.reversed() if L.directed and metric == "closeness" else L).networkit(weighted=False)
        t = time.process_time()
        if metric == "closeness":
            for s in picks:
                nk.distance.BFS(G, s, storePaths=False).run()
        else:
            nk.setSeed(1, False)
            nk.centrality.EstimateBetweenness(G, len(picks)).run()
    else:
        import networkx as nx

        G = L.networkx(weighted=False)
        t = time.process_time()
        if metric == "closeness":
            for s in picks:
                nx.single_source_shortest_path_length(G.reverse(copy=False) if L.directed else G, s)
        else:
            nx.betweenness_centrality(G, k=len(picks), seed=1)
    return (time.process_time() - t) / len(picks) * L.n


def link_scores(L, metric="degree", approx=None, seed=0, backend=None, progress=QUIET):
    """Centrality of nodes ``0..n-1`` of :class:`~stargate_kg.network.backends.Links` ``L``, as a numpy array.

    ``approx`` K: betweenness from K sampled source nodes; closeness from K
    sampled pivots. K >= the number of nodes computes the exact value.
    Exact betweenness or closeness on a large graph first warns (through
    ``progress``) how long it is expected to take.
    """
    import numpy as np

    from stargate_kg.network.backends import backend_name, networkit

    _check(metric, approx)
    backend = backend_name(backend)
    n = L.n
    if n == 0:
        return np.zeros(0)
    if approx is not None and approx >= n:
        approx = None  # every node sampled: the exact value
    if metric == "degree":
        return L.degree() / max(n - 1, 1) if n > 1 else np.ones(n)
    if metric in APPROX_METRICS and approx is None:
        expected = _expected_seconds(L, metric, backend)
        if expected is not None and expected > WARN_SECONDS:
            fast = f"--approx 256 estimates it in about {seconds_text(expected * 256 / n)}"
            progress.warn(f"exact {metric} on {n:,} entities and {len(L):,} links: expected about {seconds_text(expected)}; {fast}")
    what = f"{metric}{f' (approx {approx})' if approx else ''} on {n:,} entities, {len(L):,} links ({backend})"
    with progress.stage(what):
        if metric == "closeness" and approx is not None:
            return _sampled_closeness(L, int(approx), seed)
        if backend == "networkx" or metric == "eigenvector":
            C = L.networkx(weighted=metric == "pagerank")
            s = scores(C, metric, approx=approx, seed=seed)
            return np.array([s[i] for i in range(n)], dtype=float)
        nk = networkit()
        nk.setSeed(int(seed), False)
        if metric == "pagerank":
            algo = nk.centrality.PageRank(L.networkit(weighted=True), damp=0.85, tol=1e-10,
                                          distributeSinks=nk.centrality.SinkHandling.DistributeSinks)  # fmt: skip
        elif metric == "betweenness" and approx is not None:
            algo = nk.centrality.EstimateBetweenness(L.networkit(weighted=False), int(approx), normalized=True)
        elif metric == "betweenness":
            algo = nk.centrality.Betweenness(L.networkit(weighted=False), normalized=True)
        else:  # closeness: networkx's reads distances towards a node, networkit's away from it
            G = (L.reversed() if L.directed else L).networkit(weighted=False)
            algo = nk.centrality.Closeness(G, True, nk.centrality.ClosenessVariant.GENERALIZED)
        algo.run()
        s = np.asarray(algo.scores(), dtype=float)
    if metric == "pagerank" and s.sum() > 0:
        s = s / s.sum()
    return s


def ranked(arr, s, top=None, keep=None):
    """``[{"iri", "label", "type", "score"}]`` highest first, ties by label then IRI; ``keep``: a node mask."""
    import numpy as np

    idx = np.arange(len(s)) if keep is None else np.flatnonzero(keep)
    vals = s[idx]
    if top is not None and top < len(idx):
        cut = np.partition(vals, len(vals) - top)[len(vals) - top]  # the top-th largest: ties below it stay in
        pick = vals >= cut
        idx, vals = idx[pick], vals[pick]
    rows = [{"iri": arr.nodes[i], "label": arr.labels[i], "type": arr.type_of(i), "score": float(v)} for i, v in zip(idx.tolist(), vals.tolist())]
    rows.sort(key=lambda r: (-r["score"], r["label"].casefold(), r["iri"]))
    return rows if top is None else rows[:top]


def centrality(kg, metric="degree", top=10, types=None, families=None, approx=None, seed=0, directed=False, graph=None,
               backend=None, progress=QUIET):  # fmt: skip
    """The ``top`` entities by ``metric``: a list of ``{"iri", "label", "type", "score"}``, highest first.

    Scores are computed on the whole selected graph (``families``), seen as
    undirected unless ``directed``; ``types`` only filters the ranking (the
    top companies, still central through people and projects). Ties are
    broken by label. ``top=None`` returns every entity. ``approx`` K
    (betweenness, closeness): estimate from K sampled nodes, ``seed`` fixed.
    ``graph``: a networkx projection to rank instead (networkx's algorithms).
    """
    from stargate_kg.network.catalog import type_filter

    if graph is not None:
        G = graph
        keep = type_filter(kg, types) if types is not None else None
        s = scores(connectivity(G, directed=directed), metric, approx=approx, seed=seed)
        rows = [
            {"iri": n, "label": G.nodes[n]["label"], "type": G.nodes[n]["type"], "score": float(s[n])}
            for n in s
            if keep is None or any(t in keep for t in G.nodes[n].get("types", [G.nodes[n]["type"]]))
        ]
        rows.sort(key=lambda r: (-r["score"], r["label"].casefold(), r["iri"]))
        return rows if top is None else rows[:top]
    from stargate_kg.network.arrays import edge_arrays
    from stargate_kg.network.backends import Links

    _check(metric, approx)
    with progress.stage("reading the network"):
        arr = edge_arrays(kg)
        L = Links.of(arr, arr.select(kg, families), directed=directed)
    s = link_scores(L, metric, approx=approx, seed=seed, backend=backend, progress=progress)
    return ranked(arr, s, top, arr.node_mask(kg, types) if types is not None else None)


def top_items(mapping, n):
    """The ``n`` keys with the highest values (ties by key), for rank comparisons.

    >>> top_items({"a": 1, "b": 3, "c": 3}, 2)
    ['b', 'c']
    """
    return [k for _, k in heapq.nsmallest(n, ((-v, k) for k, v in mapping.items()))]
