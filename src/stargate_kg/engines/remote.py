"""Any SPARQL 1.1 endpoint as the knowledge graph, and pushing the graph to one.

Queries go over the SPARQL 1.1 Protocol (an HTML-form POST) with only the
standard library's HTTP client. Values are bound by a ``VALUES`` block built
from RDF terms (:mod:`stargate_kg.sparql_text`), never by pasting user text.
Query parameters in the endpoint URL (such as ``default-graph-uri``) are sent
with every query, so ``http://host:8890/sparql?default-graph-uri=G`` asks only
graph G. User name and password work for HTTP basic and digest auth.

The parts: :mod:`.connection` (HTTP to the server), :mod:`.answers_json` (reading the
answers' terms), :mod:`.push` (uploading a graph, re-exported here).

>>> kg = open_endpoint("http://127.0.0.1:8890/sparql?default-graph-uri=https://w3id.org/stargate-kg/graph")
>>> kg.engine, kg.url
('sparql', 'http://127.0.0.1:8890/sparql')
>>> kg.params
[('default-graph-uri', 'https://w3id.org/stargate-kg/graph')]
"""

import json
import re
import urllib.parse

from stargate_kg.engines.answers_json import RDF_ACCEPT, RDF_TYPES, RESULTS_JSON, XSD_DURATION, literal, json_term
from stargate_kg.engines.connection import Connection, check_url, split_url
from stargate_kg.engines.push import chunks, ntriples, push
from stargate_kg.exceptions import EngineError, QueryError
from stargate_kg.guard import check
from stargate_kg.kg import KnowledgeGraph, with_prologue
from stargate_kg.sparql_text import inject_values, query_form, substitute_iris

__all__ = ["RemoteGraph", "open_endpoint", "check_url", "push", "ntriples", "chunks"]  # push & co. live in .push


class RemoteGraph(KnowledgeGraph):
    """A KnowledgeGraph answered by a SPARQL 1.1 endpoint (see :func:`open_endpoint`)."""

    engine = "sparql"

    def __init__(self, url, user=None, password=None, timeout=120.0):
        self.url, self.params = split_url(url)
        self.conn = Connection(user, password, timeout)
        self.files = []
        self._cache = {}
        self._graph = None
        self._shapes = None
        self._len = None

    def __repr__(self):
        return f"<RemoteGraph {self.url}>"

    def __len__(self):
        if self._len is None:
            rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            self._len = int(rows[0]["n"].toPython()) if rows and rows[0]["n"] is not None else 0
        return self._len

    @property
    def graph(self):
        return self.triples_graph()

    @property
    def shapes(self):
        """No shapes travel with an endpoint: an empty Graph (validation then uses the shipped shapes)."""
        if self._shapes is None:
            import rdflib

            self._shapes = rdflib.Graph()
        return self._shapes

    @shapes.setter
    def shapes(self, value):
        self._shapes = value

    # -- querying ------------------------------------------------------------------------
    def _send(self, query, bindings, source, form):
        # VALUES binds every variable; bound IRIs are also written in place (Virtuoso needs a constant
        # to start a property path from)
        text = inject_values(substitute_iris(query, bindings), bindings) if bindings else query
        # the remote server runs it: refuse SERVICE, Update and FROM here too (its own prefixes are its business)
        text = check(text, self.allow_service, prefixes=False, source=source).text
        full = with_prologue(text)
        shift = full.count("\n") - text.count("\n")
        accept = RESULTS_JSON if form in ("SELECT", "ASK") else RDF_ACCEPT
        body = urllib.parse.urlencode(self.params + [("query", full)]).encode("utf-8")
        try:
            _, ctype, headers, data = self.conn.send(
                self.url,
                body,
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
            )
        except QueryError as ex:
            msg = str(ex).removeprefix("invalid query: ")
            if shift:  # the server counted our PREFIX lines
                msg = re.sub(r"\bline (\d+)", lambda m: f"line {max(1, int(m.group(1)) - shift)}", msg, count=1)
            raise QueryError(msg, source=source) from None
        return ctype, headers, data

    def _results(self, query, bindings, source, form):
        ctype, headers, data = self._send(query, bindings, source, form)
        try:
            doc = json.loads(data.decode("utf-8"))
        except (ValueError, RecursionError):
            raise EngineError(f"{self.url} did not answer with SPARQL JSON results (Content-Type {ctype or 'none'})") from None
        try:
            return self._read_results(doc, headers, form)
        except (AttributeError, KeyError, TypeError, ValueError, IndexError) as ex:
            raise EngineError(f"{self.url} answered with malformed SPARQL JSON results ({type(ex).__name__}: {ex})") from None

    def _read_results(self, doc, headers, form):
        if form == "ASK":
            if "boolean" not in doc:
                raise EngineError(f"{self.url} answered an ASK query without a boolean")
            return "ASK", None, bool(doc["boolean"])
        names = list(doc.get("head", {}).get("vars", []))
        bindings_out = doc.get("results", {}).get("bindings", [])
        cap = headers.get("X-SPARQL-MaxRows")
        if cap and cap.isdigit() and len(bindings_out) >= int(cap):
            raise EngineError(
                f"{self.url} cut the answer at {cap} rows (a server limit such as Virtuoso's ResultSetMaxRows); "
                "raise the limit on the server or ask a narrower question"
            )
        cache = {}

        def term(b):
            if b is None:
                return None
            key = (b.get("type"), b.get("value"), b.get("datatype"), b.get("xml:lang"))
            t = cache.get(key)
            if t is None:
                t = cache[key] = json_term(b)
            return t

        return "SELECT", names, [{n: term(b.get(n)) for n in names} for b in bindings_out]

    def _graph_result(self, query, bindings, source, form):
        import rdflib

        from stargate_kg.namespace import PREFIXES

        ctype, headers, data = self._send(query, bindings, source, form)
        fmt = RDF_TYPES.get(ctype)
        if fmt is None:
            raise EngineError(f"{self.url} answered a {form} query with {ctype or 'no Content-Type'}, not an RDF format")
        g = rdflib.Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        import logging

        rdflib_log = logging.getLogger("rdflib.term")
        quiet = rdflib_log.level
        rdflib_log.setLevel(logging.CRITICAL)  # Virtuoso's numeric durations are repaired below
        from stargate_kg.guard.offline import check_data, no_remote_contexts

        no_remote_contexts()
        try:
            text = data.decode("utf-8")
            check_data(text, fmt)  # a hostile endpoint's answer names no context to fetch, no entity to expand
            raw = rdflib.Graph()
            raw.parse(data=text, format=fmt)
        except Exception as ex:  # every parser has its own exception types
            raise EngineError(f"cannot read the {form} result from {self.url}: {ex}") from None
        finally:
            rdflib_log.setLevel(quiet)
        for s, p, o in raw:
            if isinstance(o, rdflib.Literal) and str(o.datatype or "") == XSD_DURATION:
                from stargate_kg.terms import to_rdflib

                o = to_rdflib(literal(str(o), datatype=XSD_DURATION))
            g.add((s, p, o))
        return form, None, g

    def query(self, query, bindings=None, source=None, max_rows=None):
        """Run any query form: ("SELECT", vars, rows) | ("ASK", None, bool) | ("CONSTRUCT"/"DESCRIBE", None, Graph).

        With ``max_rows``, an answer with more rows (or triples) raises AnswerTooLarge.
        """
        from stargate_kg.exceptions import AnswerTooLarge

        form = query_form(query)
        if form in ("SELECT", "ASK"):
            out = self._results(query, bindings, source, form)
        else:
            out = self._graph_result(query, bindings, source, form)
        if max_rows is not None and out[0] != "ASK" and len(out[2]) > max_rows:
            raise AnswerTooLarge(max_rows, "rows" if out[0] == "SELECT" else "triples")
        return out

    def select(self, query, bindings=None, source=None):
        """Run a SELECT; rows are dicts of variable name -> rdflib term (None when unbound)."""
        form = query_form(query)
        if form != "SELECT":
            raise QueryError(f"expected a SELECT query, got {form}", source=source)
        return self._results(query, bindings, source, form)[2]

    def ask(self, query, bindings=None, source=None):
        """Run an ASK query."""
        form = query_form(query)
        if form != "ASK":
            raise QueryError(f"expected an ASK query, got {form}", source=source)
        return self._results(query, bindings, source, form)[2]

    def construct(self, query, bindings=None, source=None):
        """Run a CONSTRUCT (or DESCRIBE) query; returns an rdflib Graph."""
        form = query_form(query)
        if form not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError(f"expected a CONSTRUCT query, got {form}", source=source)
        return self._graph_result(query, bindings, source, form)[2]

    def triples_graph(self):
        """The endpoint's default graph as an rdflib Graph (fetched once, with one CONSTRUCT)."""
        if self._graph is None:
            g = self.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
            if len(g) < len(self):  # Virtuoso cuts CONSTRUCT results at ResultSetMaxRows without saying so
                raise EngineError(
                    f"{self.url} sent {len(g)} of its {len(self)} triples: raise the server's result limit "
                    "(Virtuoso: ResultSetMaxRows in [SPARQL] of virtuoso.ini)"
                )
            self._graph = g
        return self._graph

    def derive(self, rules):
        raise EngineError("rules are applied before pushing: push a derived graph (`stargate-kg push`) instead")


def open_endpoint(url, user=None, password=None, timeout=120.0):
    """The knowledge graph at the SPARQL 1.1 endpoint ``url`` (nothing is sent until the first query)."""
    return RemoteGraph(url, user=user, password=password, timeout=timeout)
