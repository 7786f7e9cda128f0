"""Analysis graphs built from the edge arrays, on networkit (the default) or networkx (the reference and fallback).

networkit (MIT) runs the costly algorithms in C++; when it cannot be
imported, or when ``STARGATE_KG_NETWORK_BACKEND=networkx`` is set, the same
answers come from networkx (slower on large graphs). :func:`backend_name`
says which one is used.

>>> import numpy as np
>>> L = Links.from_pairs(4, np.array([0, 1, 1, 3]), np.array([1, 0, 2, 3]))
>>> L.a.tolist(), L.b.tolist(), L.w.tolist()  # 0-1 twice, 1-2 once; the self-loop 3-3 dropped
([0, 1], [1, 2], [2.0, 1.0])
>>> sorted(L.networkx().edges(data="weight"))
[(0, 1, 2.0), (1, 2, 1.0)]
"""

import os

BACKENDS = ("networkit", "networkx")
_ENV = "STARGATE_KG_NETWORK_BACKEND"


def networkit():
    """The networkit module, or None when it cannot be imported."""
    try:
        import networkit as nk
    except ImportError:
        return None
    return nk


def backend_name(backend=None):
    """The backend to use: ``backend`` if given, else ``$STARGATE_KG_NETWORK_BACKEND``, else networkit when installed.

    >>> backend_name("networkx")
    'networkx'
    """
    from stargate_kg.exceptions import InvalidChoice

    name = backend or os.environ.get(_ENV) or ("networkit" if networkit() is not None else "networkx")
    if name not in BACKENDS:
        raise InvalidChoice("network backend", name, BACKENDS)
    if name == "networkit" and networkit() is None:
        name = "networkx"  # not installed here: the reference gives the same answers, slower
    return name


class Links:
    """One link per connected pair of nodes ``0..n-1``: arrays ``a``, ``b`` and ``w`` (statements per pair).

    Undirected links have ``a < b``; directed ones read ``a -> b``. Self-loops are dropped.
    """

    def __init__(self, n, a, b, w, directed):
        self.n, self.a, self.b, self.w, self.directed = n, a, b, w, directed

    @classmethod
    def from_pairs(cls, n, src, dst, directed=False):
        import numpy as np

        src = np.asarray(src, dtype=np.int64)
        dst = np.asarray(dst, dtype=np.int64)
        keep = src != dst
        src, dst = src[keep], dst[keep]
        if not directed:
            src, dst = np.minimum(src, dst), np.maximum(src, dst)
        key, counts = np.unique(src * max(n, 1) + dst, return_counts=True)
        return cls(n, key // max(n, 1), key % max(n, 1), counts.astype(np.float64), directed)

    @classmethod
    def of(cls, arr, mask, directed=False):
        """The links of the statements selected by ``mask`` in :class:`~stargate_kg.network.arrays.EdgeArrays` ``arr``."""
        return cls.from_pairs(arr.n, arr.src[mask], arr.dst[mask], directed)

    def __len__(self):
        return len(self.a)

    def degree(self):
        """Number of distinct neighbours of each node (in + out when directed)."""
        import numpy as np

        return np.bincount(self.a, minlength=self.n) + np.bincount(self.b, minlength=self.n)

    def reversed(self):
        return Links(self.n, self.b, self.a, self.w, self.directed)

    def networkit(self, weighted=True):
        """A :class:`networkit.Graph` of these links (weights = statement counts when ``weighted``)."""
        nk = networkit()
        G = nk.Graph(self.n, weighted=weighted, directed=self.directed)
        if len(self):
            G.addEdges((self.w, (self.a, self.b)) if weighted else (self.a, self.b))
        return G

    def networkx(self, weighted=True):
        """A :class:`networkx.Graph` (or DiGraph) on nodes ``0..n-1``."""
        import networkx as nx

        G = nx.DiGraph() if self.directed else nx.Graph()
        G.add_nodes_from(range(self.n))
        if weighted:
            G.add_weighted_edges_from(zip(self.a.tolist(), self.b.tolist(), self.w.tolist()))
        else:
            G.add_edges_from(zip(self.a.tolist(), self.b.tolist()))
        return G
