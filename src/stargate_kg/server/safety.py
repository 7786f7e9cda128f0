"""Checking a query before it runs: only read-only, local SPARQL of a bounded size gets through.

:func:`check` is :func:`stargate_kg.guard.check` with SERVICE never
allowed: it reads the query's tokens as the engine reads them (no rdflib
parse), so a new query text costs tens of microseconds. SPARQL Update and
``SERVICE`` anywhere raise :class:`QueryRefused` (HTTP 403); ``FROM`` /
``FROM NAMED``, an undeclared prefix and a query over the size limits raise
:class:`QueryError` (HTTP 400). Other malformed queries are reported by the
engine, with the position. The engine runs the checked text (the engines
check it again, from a cache). :func:`lock_down_rdflib` is a backstop
inside a worker; the workers' network namespace
(:func:`stargate_kg.guard.sandbox.isolate_network`) is the second layer.

>>> check("SELECT ?service WHERE { BIND('SERVICE <http://x/>' AS ?service) }")
'SELECT'
>>> check("CLEAR ALL")
Traceback (most recent call last):
...
stargate_kg.exceptions.QueryRefused: SPARQL Update is not accepted: this endpoint is read-only
"""

from stargate_kg.exceptions import QueryRefused
from stargate_kg.guard import NO_FROM, NO_SERVICE, READ_ONLY
from stargate_kg.guard import check as check_text

__all__ = ["NO_FROM", "NO_SERVICE", "READ_ONLY", "check", "lock_down_rdflib"]


def check(query):
    """Check ``query`` and return its form: SELECT, ASK, CONSTRUCT or DESCRIBE.

    Raises :class:`QueryRefused` for SPARQL Update and for SERVICE anywhere
    (sub-queries, EXISTS, OPTIONAL..., however it is spelt or escaped), and
    :class:`QueryError` for FROM / FROM NAMED, undeclared prefixes and queries
    over the limits.

    >>> check("DESCRIBE e:openai")
    'DESCRIBE'
    >>> check("SELECT * FROM <http://example.org/> WHERE { ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    stargate_kg.exceptions.QueryError: invalid query: line 1, column 10: FROM and FROM NAMED are not supported: queries are answered from the one default graph and never fetch data; remove the FROM clause
    """
    return check_text(query).form


def lock_down_rdflib():
    """Belt and braces inside a worker: rdflib never fetches FROM graphs nor runs SERVICE, whatever slips through."""
    try:
        from rdflib.plugins import sparql
        from rdflib.plugins.sparql import evaluate
    except ImportError:  # pragma: no cover
        return
    sparql.SPARQL_LOAD_GRAPHS = False

    def refuse_service(ctx, part):
        raise QueryRefused(NO_SERVICE)

    evaluate.evalServiceQuery = refuse_service
