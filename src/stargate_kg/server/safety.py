"""Checking a query before it runs: only read-only, local SPARQL gets through.

:func:`check` parses the query and looks at the *parsed* query and its
algebra, never at the text: SPARQL Update and ``SERVICE`` anywhere
(sub-queries, ``EXISTS``, ``OPTIONAL``...) raise :class:`QueryRefused`
(HTTP 403), ``FROM`` / ``FROM NAMED`` and malformed queries raise
:class:`QueryError` (HTTP 400). :func:`lock_down_rdflib` is the backstop
inside a worker.

>>> check("SELECT ?service WHERE { BIND('SERVICE <http://x/>' AS ?service) }")
'SELECT'
>>> check("CLEAR ALL")
Traceback (most recent call last):
...
stargate_kg.exceptions.QueryRefused: SPARQL Update is not accepted: this endpoint is read-only
"""

from functools import lru_cache

from stargate_kg.exceptions import QueryError, QueryRefused
from stargate_kg.kg import parse_error, with_prologue

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
READ_ONLY = "SPARQL Update is not accepted: this endpoint is read-only"
NO_SERVICE = "SERVICE (federated query) is not accepted: this endpoint never sends requests on a client's behalf"
NO_FROM = (
    "FROM and FROM NAMED are not supported: this endpoint answers from its one default graph "
    "and never fetches data; remove the FROM clause"
)


def _contains(tree, name):
    """True when a parsed query or algebra tree has a node called ``name`` anywhere (sub-queries, EXISTS...)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack, seen = [tree], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            if node.name == name:
                return True
            stack.extend(dict.values(node))
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, set, frozenset)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return False


def _is_update(text):
    from rdflib.plugins.sparql import parser

    try:
        parsed = parser.parseUpdate(text)
    except Exception:
        return False
    return bool(dict.get(parsed, "request"))  # a prologue alone is an empty update, not an update


def check(query):
    """Parse ``query`` (with the project's prefixes) and return its form: SELECT, ASK, CONSTRUCT or DESCRIBE.

    Raises :class:`QueryRefused` for SPARQL Update and for SERVICE anywhere in
    the algebra (sub-queries, EXISTS, OPTIONAL...), and :class:`QueryError`
    with the parser's message for malformed queries and FROM / FROM NAMED.

    >>> check("DESCRIBE e:openai")
    'DESCRIBE'
    >>> check("SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://example.org/> { ?s ?p ?o } } }")
    Traceback (most recent call last):
    ...
    stargate_kg.exceptions.QueryRefused: SERVICE (federated query) is not accepted: this endpoint never sends requests on a client's behalf
    >>> check("SELECT ?x WHERE { ?x }")
    Traceback (most recent call last):
    ...
    stargate_kg.exceptions.QueryError: invalid query: line 1, column 19: Expected SelectQuery
    """
    # Workers see the same few queries again and again (pages, notebooks): remember short ones.
    return _check_cached(query) if len(query) <= 8192 else _check(query)


@lru_cache(maxsize=256)
def _check_cached(query):
    return _check(query)


def _check(query):
    from pyparsing.exceptions import ParseException
    from rdflib.plugins.sparql import algebra, parser

    text = with_prologue(query)
    try:
        parsed = parser.parseQuery(text)
    except ParseException as ex:
        if _is_update(text):
            raise QueryRefused(READ_ONLY) from None
        raise parse_error(ex, text) from None
    except RecursionError:
        raise QueryError("the query is nested too deeply to parse") from None
    except Exception as ex:
        raise QueryError(str(ex).splitlines()[0] if str(ex) else type(ex).__name__) from None
    if _contains(parsed, "ServiceGraphPattern"):
        raise QueryRefused(NO_SERVICE)
    if _contains(parsed, "DatasetClause"):
        raise QueryError(NO_FROM)
    try:
        translated = algebra.translateQuery(parsed)
    except RecursionError:
        raise QueryError("the query is nested too deeply to run") from None
    except Exception as ex:  # e.g. an undeclared prefix
        raise QueryError(str(ex).splitlines()[0] if str(ex) else type(ex).__name__) from None
    if _contains(translated.algebra, "ServiceGraphPattern"):
        raise QueryRefused(NO_SERVICE)
    form = _FORMS.get(translated.algebra.name)
    if form is None:
        raise QueryError(f"unsupported query form {translated.algebra.name}")
    return form


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
