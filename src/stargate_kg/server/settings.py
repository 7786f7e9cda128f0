"""What the endpoint serves and its limits: the ``serve`` command's options.

>>> s = Settings(engine="rdflib", timeout=3.0, max_rows=50)
>>> s.preload, s.max_body
(True, 262144)
>>> Settings(store="/tmp/store").preload, Settings(engine="oxigraph").preload
(False, False)
>>> 2 <= default_workers() <= 4
True
>>> parse_size("512M"), parse_size("2g"), parse_size("1048576"), parse_size("0")
(536870912, 2147483648, 1048576, 0)
>>> 256 * 2**20 <= default_max_memory(2) <= 2 * 2**30
True
"""

import os
from dataclasses import dataclass, field


def default_workers():
    """Query worker processes by default: one per core, at least 2 (so one slow query never blocks all), at most 4."""
    return max(2, min(4, os.cpu_count() or 2))


def default_max_memory(workers):
    """Memory one query worker may add to its start-up size by default: physical memory / (2 x workers), 256 MiB to 2 GiB."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover  (no sysconf)
        total = 4 * 2**30
    return max(256 * 2**20, min(2 * 2**30, total // (2 * max(1, workers))))


def parse_size(text):
    """A size in bytes from ``512M``, ``2G``, ``300k`` or plain bytes; ValueError otherwise."""
    t = str(text).strip().lower().removesuffix("ib").removesuffix("b")
    scale = {"k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}.get(t[-1:], 1)
    number = t[:-1] if scale > 1 else t
    value = float(number)  # ValueError for anything else
    if value < 0 or not value == value or value == float("inf"):
        raise ValueError(text)
    return int(value * scale)


def format_size(n):
    """``536870912`` -> ``512 MiB``.

    >>> format_size(536870912), format_size(3 * 2**30), format_size(1000)
    ('512 MiB', '3 GiB', '1000 bytes')
    """
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{n} bytes"


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
    max_memory: int = None  # bytes each worker may grow by while answering (None: default_max_memory; 0: no ceiling)
    client_budget: float = 60.0  # seconds of query time one client may use per minute before 429
    read_timeout: float = 10.0  # seconds a client may take to send a request (head and body)
    max_reply: int = 32 * 2**20  # bytes per answer (after serialisation, in the worker)
    trusted_proxies: tuple = ()  # addresses whose X-Forwarded-For names the client (--trust-proxy); none by default
    max_connections: int = 1024  # connections open at once, all clients together
    reply_cache: int = 16 * 2**20  # bytes of answers the web server keeps for repeated query texts (0: none)

    @property
    def worker_count(self):
        return self.workers or default_workers()

    @property
    def memory_ceiling(self):
        """Bytes each worker may add to its size after opening the graph (0: no ceiling)."""
        if self.max_memory is None:
            return default_max_memory(self.worker_count)
        return self.max_memory

    @property
    def reply_cache_bytes(self):
        """Bytes of answers kept for repeated query texts: none for a remote endpoint, whose data may change.

        >>> Settings().reply_cache_bytes > 0, Settings(endpoint="http://127.0.0.1:9/sparql").reply_cache_bytes
        (True, 0)
        """
        return 0 if self.endpoint else self.reply_cache

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
