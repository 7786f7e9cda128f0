"""Open the knowledge graph on an engine: rdflib in memory (default), Oxigraph, or a remote endpoint.

>>> kg = open_graph()
>>> kg.engine
'rdflib'
"""

from stargate_kg.exceptions import EngineError


def open_graph(graphs=None, store=None, endpoint=None, **options):
    """The KnowledgeGraph for the CLI's --graph / --store / --endpoint choice."""
    if store and endpoint:
        raise EngineError("use either --store or --endpoint, not both")
    if store:
        try:
            from stargate_kg.oxigraph_engine import open_store
        except ImportError:  # pragma: no cover
            raise EngineError("--store needs pyoxigraph: pip install 'stargate-kg[fast]'") from None
        return open_store(store, graphs=graphs)
    if endpoint:
        from stargate_kg.remote_engine import open_endpoint

        return open_endpoint(endpoint, **options)
    from stargate_kg.loader import load

    return load(graphs)
