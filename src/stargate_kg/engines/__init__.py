"""Open the knowledge graph on an engine: Oxigraph (the CLI's default), rdflib in memory, or a remote endpoint.

The engines live together here: :mod:`~stargate_kg.engines.oxigraph` (a
persistent or in-memory Oxigraph store, built from the graph files),
:mod:`~stargate_kg.engines.cache` (the stores the CLI keeps in its cache
folder), :mod:`~stargate_kg.engines.remote` (any SPARQL 1.1 endpoint). The
rdflib engine is :func:`stargate_kg.loader.load`; all of them are a
:class:`stargate_kg.kg.KnowledgeGraph`.

>>> kg = open_graph(engine="rdflib")
>>> kg.engine
'rdflib'
"""

from stargate_kg.exceptions import EngineError

ENGINES = ("oxigraph", "rdflib")


def default_engine():
    """'oxigraph' when pyoxigraph is installed, else 'rdflib'."""
    try:
        import pyoxigraph  # noqa: F401  (the oxigraph engine needs it anyway)
    except ImportError:  # pragma: no cover
        return "rdflib"
    return "oxigraph"


def open_graph(graphs=None, store=None, endpoint=None, engine=None, **options):
    """The KnowledgeGraph for the CLI's --graph / --store / --endpoint / --engine choice.

    With neither ``store`` nor ``endpoint``, ``engine`` picks how the graph
    files are read: "oxigraph" keeps a store built from them in the cache
    folder (see :mod:`stargate_kg.engines.cache`), "rdflib" parses them into
    memory on every call. Both give the same answers.
    """
    if store and endpoint:
        raise EngineError("use either --store or --endpoint, not both")
    if engine is not None and engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    if store:
        try:
            from stargate_kg.engines.oxigraph import open_store
        except ImportError:  # pragma: no cover
            raise EngineError("--store needs pyoxigraph: pip install pyoxigraph") from None
        return open_store(store, graphs=graphs)
    if endpoint:
        from stargate_kg.engines.remote import open_endpoint

        return open_endpoint(endpoint, **options)
    if (engine or default_engine()) == "oxigraph":
        from stargate_kg.engines.cache import open_cached

        return open_cached(graphs)
    from stargate_kg.loader import load

    return load(graphs)
