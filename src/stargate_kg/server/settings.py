"""What the endpoint serves and its limits: the ``serve`` command's options.

>>> s = Settings(engine="rdflib", timeout=3.0, max_rows=50)
>>> s.preload, s.max_body
(True, 262144)
>>> Settings(store="/tmp/store").preload, Settings(engine="oxigraph").preload
(False, False)
>>> 2 <= default_workers() <= 4
True
"""

import os
from dataclasses import dataclass, field


def default_workers():
    """Query worker processes by default: one per core, at least 2 (so one slow query never blocks all), at most 4."""
    return max(2, min(4, os.cpu_count() or 2))


@dataclass
class Settings:
    """What the endpoint serves and its limits (the ``serve`` command's options)."""

    graphs: list = None  # --graph paths (None: the shipped graph)
    store: str = None  # --store (Oxigraph)
    endpoint: str = None  # --endpoint (a remote SPARQL endpoint)
    endpoint_options: dict = field(default_factory=dict)
    engine: str = None  # --engine for graph files: "oxigraph" (a cached store) or "rdflib" (None: the default)
    timeout: float = 10.0  # seconds per query
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT/DESCRIBE) per answer
    max_body: int = 256 * 1024  # bytes per request body (and per GET query)
    workers: int = 0  # 0: default_workers()
    max_queue: int = 64  # queries waiting for a worker before "busy"

    @property
    def preload(self):
        """True when the broker loads the graph once and forks workers from it (rdflib's in-memory engine).

        Oxigraph stores (cached or given) and remote endpoints are opened by
        each worker itself: a database handle is not shared across fork.
        """
        from stargate_kg.engines import default_engine

        return not (self.store or self.endpoint) and (self.engine or default_engine()) == "rdflib"

    def open(self):
        """The graph, opened on the engine these settings name (see :func:`stargate_kg.engines.open_graph`)."""
        from stargate_kg.engines import open_graph

        return open_graph(
            self.graphs or None, store=self.store, endpoint=self.endpoint, engine=self.engine, **self.endpoint_options
        )
