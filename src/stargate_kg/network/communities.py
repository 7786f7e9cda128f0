"""Groups of entities more tightly linked to each other than to the rest (modularity).

Louvain runs on networkit's PLM (sequential, seeded, so the same seed gives
the same answer) or, without networkit, on networkx's Louvain; "greedy" is
networkx's Clauset-Newman-Moore. Links are weighted by the number of
statements joining a pair; modularity is computed the same way for every
method (networkx's definition, resolution 1).

>>> import numpy as np
>>> from stargate_kg.network.backends import Links
>>> L = Links.from_pairs(4, np.array([0, 2]), np.array([1, 3]))
>>> modularity(L, np.array([0, 0, 1, 1]))  # two separate links, each its own group
0.5
"""

from stargate_kg.exceptions import InvalidChoice
from stargate_kg.network.progress import QUIET

METHODS = ("louvain", "greedy")


def modularity(L, labels):
    """Modularity of the node labelling ``labels`` on undirected weighted :class:`Links` ``L``."""
    import numpy as np

    m = float(L.w.sum())
    if m == 0:
        return 0.0
    strength = np.bincount(L.a, L.w, minlength=L.n) + np.bincount(L.b, L.w, minlength=L.n)
    inside = float(L.w[labels[L.a] == labels[L.b]].sum())
    per_group = np.bincount(labels, strength)
    return inside / m - float(((per_group / (2 * m)) ** 2).sum())


def partition(L, method="louvain", seed=42, backend=None):
    """A community label for each node ``0..n-1`` of undirected :class:`Links` ``L`` (numpy array)."""
    import numpy as np

    from stargate_kg.network.backends import backend_name, networkit

    if method not in METHODS:
        raise InvalidChoice("community method", method, list(METHODS))
    if method == "louvain" and backend_name(backend) == "networkit":
        nk = networkit()
        nk.setSeed(int(seed), False)
        algo = nk.community.PLM(L.networkit(weighted=True), refine=False, par="none randomized")
        algo.run()
        return np.asarray(algo.getPartition().getVector(), dtype=np.int64)
    import networkx as nx

    C = L.networkx(weighted=True)
    C.remove_nodes_from([i for i in range(L.n) if C.degree(i) == 0])
    if method == "louvain":
        parts = nx.community.louvain_communities(C, weight="weight", seed=seed)
    else:
        parts = nx.community.greedy_modularity_communities(C, weight="weight")
    labels = np.arange(L.n, dtype=np.int64) + len(parts)  # unlinked nodes: one group each
    for g, part in enumerate(parts):
        labels[list(part)] = g
    return labels


def communities(kg, families=None, seed=42, method="louvain", min_size=2, graph=None, backend=None, progress=QUIET):
    """Groups of entities more tightly linked to each other than to the rest (modularity-based).

    ``method``: "louvain" (seeded, so the answer is stable) or "greedy"
    (Clauset-Newman-Moore). Links are weighted by the number of statements
    joining a pair. Returns ``{"method", "seed", "modularity",
    "communities": [{"id", "size", "members": [{"iri", "label", "type",
    "degree"}]}], "isolated": n}``; communities smaller than ``min_size``
    are left out (entities without any link are only counted in
    ``isolated``). ``graph``: a networkx projection to use instead.
    """
    import numpy as np

    from stargate_kg.network.backends import Links, backend_name

    if method not in METHODS:
        raise InvalidChoice("community method", method, list(METHODS))
    if graph is not None:
        nodes = list(graph.nodes)
        pos = {iri: i for i, iri in enumerate(nodes)}
        pairs = [(pos[u], pos[v]) for u, v in graph.edges()]
        L = Links.from_pairs(len(nodes), np.array([p[0] for p in pairs], dtype=np.int64), np.array([p[1] for p in pairs], dtype=np.int64))
        labels_of = [graph.nodes[n].get("label", n) for n in nodes]
        types_of = [graph.nodes[n].get("type", "Entity") for n in nodes]
        backend = "networkx"
    else:
        from stargate_kg.network.arrays import edge_arrays

        with progress.stage("reading the network"):
            arr = edge_arrays(kg)
            L = Links.of(arr, arr.select(kg, families))
        nodes, labels_of, types_of = arr.nodes, arr.labels, [arr.type_of(i) for i in range(arr.n)]
    degree = L.degree()
    linked = degree > 0
    isolated = int(L.n - linked.sum())
    if len(L) == 0:
        return {"method": method, "seed": seed, "modularity": 0.0, "communities": [], "isolated": isolated}
    name = backend_name(backend) if method == "louvain" else "networkx"
    with progress.stage(f"{method} communities on {int(linked.sum()):,} entities, {len(L):,} links ({name})"):
        labels = partition(L, method, seed, backend)
    q = modularity(L, labels)
    groups = {}
    for i in np.flatnonzero(linked).tolist():
        groups.setdefault(int(labels[i]), []).append(i)
    out = []
    for members in groups.values():
        if len(members) < min_size:
            continue
        rows = [{"iri": nodes[i], "label": labels_of[i], "type": types_of[i], "degree": int(degree[i])} for i in members]
        rows.sort(key=lambda m: (-m["degree"], m["label"].casefold(), m["iri"]))
        out.append(rows)
    out.sort(key=lambda m: (-len(m), m[0]["label"].casefold(), m[0]["iri"]))
    return {
        "method": method,
        "seed": seed,
        "modularity": q,
        "communities": [{"id": i + 1, "size": len(m), "members": m} for i, m in enumerate(out)],
        "isolated": isolated,
    }
