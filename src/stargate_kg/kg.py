"""The knowledge graph and the one way the library asks it things: SPARQL.

Every library function talks to a :class:`KnowledgeGraph` through
:meth:`~KnowledgeGraph.select`, :meth:`~KnowledgeGraph.ask` and
:meth:`~KnowledgeGraph.construct`, with values bound rather than pasted, so
the same code runs on rdflib (the embedded default), Oxigraph or a remote
endpoint.

>>> from stargate_kg import load
>>> from stargate_kg.namespace import E
>>> kg = load()
>>> rows = kg.select("SELECT ?l WHERE { ?e rdfs:label ?l }", {"e": E.openai})
>>> sorted(str(r["l"]) for r in rows)
['OpenAI', 'OpenAI']
"""

import functools

from stargate_kg.exceptions import AnswerTooLarge, QueryError
from stargate_kg.namespace import PROLOGUE


def with_prologue(query):
    """Prefix the project's PREFIX declarations unless the query declares them itself."""
    head = query.lstrip()[:2000].upper()
    if "PREFIX SG:" in head.replace("  ", " "):
        return query
    return PROLOGUE + query


def parse_error(ex, query, source=None):
    """Turn a SPARQL parser exception into a QueryError with line and column."""
    lineno = getattr(ex, "lineno", None)
    col = getattr(ex, "col", None) or getattr(ex, "column", None)
    msg = getattr(ex, "msg", None) or str(ex).splitlines()[0]
    if lineno is not None and query.startswith(PROLOGUE):
        # pyparsing counts lines in the text it parsed, which includes our prologue.
        lineno = max(1, lineno - PROLOGUE.count("\n"))
    return QueryError(msg, lineno, col, source)


@functools.lru_cache(maxsize=256)
def _prepare(text):
    """Parse and translate a query once; the prepared query is reused on later calls."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


class KnowledgeGraph:
    """An RDF graph of entities, statements and sources, with SHACL shapes beside it.

    ``graph`` is an rdflib Graph (the embedded engine). Other engines subclass
    this and override :meth:`select`, :meth:`ask`, :meth:`construct` and
    :meth:`triples_graph`.
    """

    engine = "rdflib"
    #: The time limit and memory ceiling of a query (:class:`stargate_kg.engines.running.RunLimits`);
    #: None until first used, then the defaults ($STARGATE_KG_TIMEOUT, $STARGATE_KG_MAX_MEMORY).
    _limits = None
    #: Let queries use SERVICE (the CLI's --allow-service); refused by :func:`stargate_kg.guard.check` otherwise.
    allow_service = False

    def __init__(self, graph, shapes=None, files=()):
        import rdflib

        self.graph = graph
        self.shapes = shapes if shapes is not None else rdflib.Graph()
        self.files = list(files)
        self._cache = {}

    def __len__(self):
        return len(self.graph)

    # -- limits ----------------------------------------------------------------------
    @property
    def limits(self):
        """How long a query may run and how much memory it may add (a RunLimits; see :meth:`set_limits`)."""
        if self._limits is None:
            from stargate_kg.engines.running import RunLimits

            self._limits = RunLimits.from_env()
        return self._limits

    def set_limits(self, timeout=None, max_memory=None):
        """Change the time limit (seconds) and memory ceiling (bytes) of this graph's queries; 0 turns one off.

        >>> kg = KnowledgeGraph(__import__("rdflib").Graph())
        >>> kg.set_limits(timeout=2).limits.timeout
        2
        """
        changes = {k: v for k, v in (("timeout", timeout), ("memory", max_memory)) if v is not None}
        self._limits = self.limits.but(**changes)
        return self

    def _limited(self, fn, apart=False):
        """Run ``fn()`` under :attr:`limits`: on a big stack, with a time limit and memory ceiling.

        ``apart`` (for :meth:`query`, which runs any text it is given): in a
        forked child, so that nothing a query does can stop this process.
        """
        from stargate_kg.engines import running

        if apart and not running.disposable:
            return running.run_apart(fn, self.limits)
        return running.run_limited(fn, self.limits)

    # -- querying --------------------------------------------------------------------
    def _run(self, query, bindings=None, source=None, max_rows=None):
        from itertools import islice

        from pyparsing.exceptions import ParseException  # rdflib's SPARQL parser

        from stargate_kg.guard import check

        q = with_prologue(check(query, self.allow_service, source=source).text)
        try:
            # the prepared-query cache keeps short texts only: 256 long ones could hold hundreds of MB
            prepared = _prepare(q) if len(q) <= len(PROLOGUE) + 8192 else _prepare.__wrapped__(q)
        except ParseException as ex:
            raise parse_error(ex, q, source) from None
        except Exception as ex:
            raise QueryError(str(ex).splitlines()[0] if str(ex) else type(ex).__name__, source=source) from None
        try:
            if bindings:
                from stargate_kg.terms import to_rdflib

                bindings = {k: to_rdflib(v) for k, v in bindings.items()}
            result = self.graph.query(prepared, initBindings=dict(bindings or {}))
            if result.type == "SELECT":
                # rdflib evaluates lazily: read the rows here so errors become QueryError,
                # and stop at the first row over max_rows, before the rest is computed
                if max_rows is None:
                    result.bindings = list(result.bindings)
                else:
                    rows = list(islice(result, max_rows + 1))
                    if len(rows) > max_rows:
                        raise AnswerTooLarge(max_rows, "rows")
                    result.bindings = [dict(zip(result.vars, row)) for row in rows]
            elif max_rows is not None and result.type in ("CONSTRUCT", "DESCRIBE") and len(result.graph) > max_rows:
                raise AnswerTooLarge(max_rows, "triples")
            return result
        except (AnswerTooLarge, MemoryError):
            raise
        except RecursionError:
            raise QueryError("the query is too deep for the embedded engine (a long property path); try --store", source=source) from None
        except Exception as ex:
            raise QueryError(f"{type(ex).__name__}: {ex}", source=source) from None

    def select(self, query, bindings=None, source=None):
        """Run a SELECT; rows are dicts of variable name -> rdflib term (None when unbound).

        ``bindings`` maps variable names to terms (rdflib's or
        :mod:`stargate_kg.terms`'); they are bound by the engine, never pasted
        into the query text. Rows hold rdflib terms here and light terms on the
        Oxigraph engine: both give ``str()``, ``n3()``, ``language``, ``datatype``.
        """
        def run():
            res = self._run(query, bindings, source)
            if res.type != "SELECT":
                raise QueryError(f"expected a SELECT query, got {res.type}", source=source)
            names = [str(v) for v in res.vars]
            return [dict(zip(names, row)) for row in res]

        return self._limited(run)

    def query(self, query, bindings=None, source=None, max_rows=None):
        """Run any query form: returns ("SELECT", vars, rows) | ("ASK", None, bool) | ("CONSTRUCT", None, Graph).

        With ``max_rows``, :class:`~stargate_kg.exceptions.AnswerTooLarge` is
        raised as soon as the answer has one row (or triple) more. The query
        runs under :attr:`limits` in a forked child (in a notebook, Ctrl-C or
        the time limit stops it with an exception; a crash is a QueryError).
        """
        from stargate_kg.guard import check

        check(query, self.allow_service, source=source)  # a refusal costs no fork

        def run():
            res = self._run(query, bindings, source, max_rows)
            if res.type == "SELECT":
                names = [str(v) for v in res.vars]
                return "SELECT", names, [dict(zip(names, row)) for row in res]
            if res.type == "ASK":
                return "ASK", None, bool(res.askAnswer)
            return res.type, None, res.graph

        return self._limited(run, apart=True)

    def ask(self, query, bindings=None):
        """Run an ASK query."""
        return self._limited(lambda: bool(self._run(query, bindings).askAnswer))

    def construct(self, query, bindings=None):
        """Run a CONSTRUCT query; returns an rdflib Graph."""
        return self._limited(lambda: self._run(query, bindings).graph)

    def triples_graph(self):
        """The whole graph as an rdflib Graph (for SHACL, export, networkx)."""
        return self.graph

    # -- derivation ------------------------------------------------------------------
    def derive(self, rules):
        """Apply CONSTRUCT rules once each, in order; returns the number of triples added.

        Rules run in file-name order, so a later rule sees what earlier ones derived.
        """
        before = len(self.graph)
        for rule in rules:
            try:
                new = self.construct(rule.read_text(encoding="utf-8"))
            except QueryError as ex:
                raise QueryError(f"rule {rule}: {ex}") from None
            self.graph += new
        self._cache.clear()
        return len(self.graph) - before

    # -- cached lookups used everywhere -------------------------------------------------
    def cached(self, key, compute):
        """Memoise ``compute()`` under ``key`` for the life of this graph."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]
