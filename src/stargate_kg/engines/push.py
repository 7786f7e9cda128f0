"""Pushing the graph to a triple store: the Graph Store HTTP Protocol or SPARQL Update in chunks.

:func:`push` uploads a graph by the Graph Store HTTP Protocol (one PUT or POST
of N-Triples) or by SPARQL Update (``INSERT DATA`` in chunks that never split a
blank node's triples).

>>> from rdflib import URIRef, Literal
>>> ntriples([(URIRef("http://x/a"), URIRef("http://x/p"), Literal("v"))])
['<http://x/a> <http://x/p> "v" .']
"""

import urllib.parse

from stargate_kg.engines.connection import Connection, split_url
from stargate_kg.exceptions import EngineError, QueryError
from stargate_kg.sparql_text import iri_text, term_text


def _nt_term(term, bnodes):
    from rdflib import BNode

    if isinstance(term, BNode):
        label = bnodes.get(term)
        if label is None:
            label = bnodes[term] = f"b{len(bnodes)}"
        return "_:" + label
    return term_text(term)


def ntriples(triples, bnodes=None):
    """N-Triples lines for ``triples`` (IRIs and literals escaped as in SPARQL; blank nodes relabelled).

    >>> from rdflib import BNode, Literal, URIRef
    >>> b = BNode()
    >>> ntriples([(URIRef("http://x/a"), URIRef("http://x/p"), b), (b, URIRef("http://x/q"), Literal("软银", lang="zh"))])
    ['<http://x/a> <http://x/p> _:b0 .', '_:b0 <http://x/q> "软银"@zh .']
    """
    bnodes = {} if bnodes is None else bnodes
    return [f"{_nt_term(s, bnodes)} {_nt_term(p, bnodes)} {_nt_term(o, bnodes)} ." for s, p, o in triples]


def chunks(triples, size=2000):
    """Split triples into lists of about ``size``, keeping all triples that share a blank node together.

    A blank node means "the same node" only inside one INSERT DATA, so a
    reference node and its quote must travel in one chunk.

    >>> from rdflib import BNode, URIRef
    >>> b = BNode(); p = URIRef("http://x/p")
    >>> ts = [(URIRef(f"http://x/{i}"), p, b) for i in range(5)] + [(URIRef("http://x/z"), p, URIRef("http://x/y"))]
    >>> [len(c) for c in chunks(ts, size=2)]
    [5, 1]
    """
    from rdflib import BNode

    parent = {}

    def find(x):
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    plain, linked = [], []
    for t in triples:
        bs = [x for x in (t[0], t[2]) if isinstance(x, BNode)]
        if not bs:
            plain.append(t)
            continue
        linked.append((t, bs[0]))
        for b in bs:
            parent.setdefault(b, b)
        if len(bs) == 2:
            a, c = find(bs[0]), find(bs[1])
            if a != c:
                parent[a] = c
    groups = {}
    for t, b in linked:
        groups.setdefault(find(b), []).append(t)
    out, current = [], []
    for group in list(groups.values()) + [[t] for t in plain]:
        if current and len(current) + len(group) > size:
            out.append(current)
            current = []
        current += group
    if current:
        out.append(current)
    return out


def push(kg, url, graph_iri=None, method="gsp", user=None, password=None, gsp_url=None, append=False, chunk_size=500, timeout=600.0):
    """Upload the graph of ``kg`` (with its derived edges) to a triple store; returns the number of triples sent.

    ``method="gsp"``: Graph Store HTTP Protocol, PUT (or POST with ``append``)
    of N-Triples to ``gsp_url`` (default: ``url``) with ``?graph=IRI`` or
    ``?default``. ``method="update"``: SPARQL Update at ``url``: ``DROP SILENT
    GRAPH`` (unless ``append``) then ``INSERT DATA`` in chunks (``INSERT {...}
    WHERE {}`` for chunks with blank nodes, which Virtuoso refuses in INSERT
    DATA). Without ``graph_iri`` the store's default graph is replaced.
    """
    from rdflib import BNode

    if method not in ("gsp", "update"):
        raise EngineError(f"unknown push method {method!r}: use 'gsp' or 'update'")
    split_url(url)  # an http(s) URL with a valid host and port, else EngineError (nothing is sent)
    if graph_iri is not None:
        iri_text(graph_iri)  # refuses IRIs that cannot be written in SPARQL
    conn = Connection(user, password, timeout)
    if method == "gsp":
        target = gsp_url or url
        split_url(target)
        sep = "&" if "?" in target else "?"
        target += sep + (urllib.parse.urlencode({"graph": str(graph_iri)}) if graph_iri else "default")
        store = getattr(kg, "store", None)
        if store is not None and hasattr(store, "dump"):  # an Oxigraph store writes its own N-Triples, fast
            import pyoxigraph as ox

            body, count = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), len(kg)
        else:
            triples = list(kg.triples_graph())
            body, count = ("\n".join(ntriples(triples)) + "\n").encode("utf-8"), len(triples)
        conn.send(target, body, method="POST" if append else "PUT", headers={"Content-Type": "application/n-triples"})
        return count
    triples = list(kg.triples_graph())
    base, params = split_url(url)

    def update(text):
        data = urllib.parse.urlencode(params + [("update", text)]).encode("utf-8")
        try:
            conn.send(base, data, headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
        except (QueryError, EngineError) as ex:
            if getattr(ex, "status", None) not in (400, 500):
                raise
            raise EngineError(
                f"{base} refused an update: {str(ex).removeprefix('invalid query: ')}. Some stores refuse some "
                "literals in SPARQL Update (Virtuoso 7: xsd:duration): try --method gsp"
            ) from None

    if not append:
        update(f"DROP SILENT GRAPH {iri_text(graph_iri)}" if graph_iri else "DROP SILENT DEFAULT")
    labels = {}  # one labelling for the whole push, so no two blank nodes share a label
    graph = iri_text(graph_iri) if graph_iri else None
    with_bnodes = [t for t in triples if isinstance(t[0], BNode) or isinstance(t[2], BNode)]
    plain = [t for t in triples if not (isinstance(t[0], BNode) or isinstance(t[2], BNode))]
    for chunk in chunks(plain, chunk_size):
        lines = "\n".join(ntriples(chunk, labels))
        update(f"INSERT DATA {{ GRAPH {graph} {{\n{lines}\n}} }}" if graph else f"INSERT DATA {{\n{lines}\n}}")
    # Virtuoso refuses blank nodes in INSERT DATA and long templates: small INSERT {...} WHERE {} (standard too)
    for chunk in chunks(with_bnodes, max(1, chunk_size // 5)):
        lines = "\n".join(ntriples(chunk, labels))
        update(f"INSERT {{ GRAPH {graph} {{\n{lines}\n}} }} WHERE {{ }}" if graph else f"INSERT {{\n{lines}\n}} WHERE {{ }}")
    return len(triples)
