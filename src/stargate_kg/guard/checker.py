"""Checking a query's text before any engine sees it: read-only, local, and small enough to run.

:func:`check` reads the query once, token by token (:mod:`.lexer`), keeping
track of where it is (group, expression, VALUES block...), which is what
tells ``<`` the less-than operator from the start of an IRI, as the engines'
grammars do. It refuses:

* ``SERVICE`` anywhere (any case, in sub-queries, EXISTS, OPTIONAL, MINUS,
  GRAPH...) with :class:`~stargate_kg.exceptions.QueryRefused`, unless
  ``allow_service``;
* SPARQL Update (QueryRefused) and ``FROM`` / ``FROM NAMED`` (QueryError);
* a prefix that is not declared (QueryError naming it, with suggestions);
* a query over one of the :class:`Limits` (QueryLimitExceeded, naming the
  limit): Oxigraph's optimizer recurses once per operator, group member and
  path step, and a long flat query overflows its stack (a native crash).

It returns a :class:`Checked` whose ``text`` is what the engine must run: the
query itself, or, when it holds ``\\u`` escapes, the query with them written
out (:func:`~stargate_kg.guard.lexer.normalize`). Malformed queries that
are none of the above pass through: the engine reports their syntax error
with its position. Results are cached, so a text asked again costs a lookup.

>>> check("SELECT ?service WHERE { BIND('SERVICE <http://x/>' AS ?service) }").form
'SELECT'
>>> check('ASK { BIND("\\\\u0022" AS ?a) sErViCe <http://127.0.0.1:9/> { ?s ?p ?o } }')
Traceback (most recent call last):
...
stargate_kg.exceptions.QueryRefused: SERVICE (federated query) is not accepted: queries never send requests to other servers
>>> check("SELECT * { ?s foaf:name ?n }")
Traceback (most recent call last):
...
stargate_kg.exceptions.QueryError: invalid query: line 1, column 15: undeclared prefix 'foaf:' (declare it with PREFIX foaf: <...>; known prefixes: e, owl, rdf, rdfs, schema, sg, skos, src, st, wd, xsd)
"""

import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from stargate_kg.exceptions import QueryError, QueryLimitExceeded, QueryRefused
from stargate_kg.guard.lexer import DECLARATION, IRI, NEXT, SKIP, check_string, fail, normalize

READ_ONLY = "SPARQL Update is not accepted: this endpoint is read-only"
NO_SERVICE = "SERVICE (federated query) is not accepted: queries never send requests to other servers"
NO_FROM = (
    "FROM and FROM NAMED are not supported: queries are answered from the one default graph "
    "and never fetch data; remove the FROM clause"
)
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
# bare words after which '(' opens an RDF collection or VALUES row, not an expression
_LIST_WORDS = {"VALUES", "A", "UNDEF", "TRUE", "FALSE", "WHERE", "UNION", "OPTIONAL", "MINUS", "GRAPH"}
_MEMBER_WORDS = {"FILTER", "BIND", "OPTIONAL", "MINUS", "UNION", "GRAPH", "VALUES", "SERVICE"}
_EXPR_OPS = {"||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "!"}
_OPERAND = {"var", "num", "str", "lang", "iri", "pname", "bnode"}


@dataclass(frozen=True)
class Limits:
    """How large a query may be (checked before the engine sees it).

    Oxigraph 0.5.13's parser and optimizer overflow an 8 MiB stack at about
    2,200 nested groups, 2,500 BINDs in one group, 2,600 projected
    ``(1 AS ?v)``, 4,100 members of an RDF collection, 4,600 nested
    parentheses, 6,800 terms of ``1 + 1 + ...``, 8,300 bracketed path steps
    or triple patterns, 9,300 HAVING conditions (measured:
    ``benchmarks/crash_points.py``); the fewest tokens that crashed it were
    about 4,400 (nested groups). Queries run on a thread with a 256 MiB stack
    (:mod:`stargate_kg.engines.running`), 32 times that, so ``tokens`` alone
    keeps every shape at a margin of 7 or more, and the other limits keep
    each measured shape under the crash point of an 8 MiB stack too. The
    limits are far above what a hand-written or generated question needs;
    ``total`` bounds the work of the check and the optimizer.
    """

    depth: int = 128  # brackets ( { [ open at once, and unary operators (! - + ^) in a row, together
    expression: int = 1000  # operators in one expression (FILTER, BIND, SELECT (... AS ?x), ORDER BY ...)
    members: int = 1000  # patterns, FILTERs, BINDs, OPTIONALs, UNION branches... in one group { }
    path: int = 256  # steps of one property path (a/b/c, a|b, brackets included: (a)/(b))
    total: int = 10_000  # operators, members and path steps in the whole query
    tokens: int = 20_000  # words, names, literals and punctuation in the whole query, VALUES data aside
    values: int = 200_000  # tokens in VALUES data blocks (flat tables: no recursion in the engine)
    patterns: int = 2_000  # triple patterns in the whole query, an RDF collection's member counting 2
    projections: int = 1000  # SELECT items and AS bindings in the whole query
    conditions: int = 1000  # GROUP BY, HAVING and ORDER BY conditions in the whole query

    def describe(self):
        return (
            f"{self.depth} nested brackets, {self.expression} operators per expression, {self.members} members per group, "
            f"{self.path} property path steps, {self.total} operators, members and steps in all, "
            f"{self.tokens} tokens, {self.patterns} triple patterns, {self.projections} projections, "
            f"{self.conditions} GROUP BY / HAVING / ORDER BY conditions"
        )


LIMITS = Limits()


class Checked(NamedTuple):
    """A query that passed :func:`check`: its form and the text to run (escapes written out)."""

    form: str
    text: str


class _Frame:
    __slots__ = ("kind", "state", "values", "members", "root", "ops", "start", "in_path")

    def __init__(self, kind, start, root=None):
        self.kind = kind  # top, group, values, expr, list, bnode
        self.state = None  # select, modifier (GROUP BY/ORDER BY/HAVING: '(' opens an expression)
        self.values = False  # VALUES seen: the next '{' is its data block, '(' its variables
        self.members = 0
        self.root = root or self  # for expressions: the outermost expression bracket (holds the count)
        self.ops = 0
        self.start = start
        self.in_path = False  # a bracket opened inside a property path: its steps count in that path


_OPEN = {"{": "}", "(": ")", "[": "]"}


def check(query, allow_service=False, limits=LIMITS, prefixes=True, source=None):
    """Check ``query`` and return :class:`Checked` (form, text to run); raise QueryRefused / QueryError otherwise.

    ``allow_service`` lets SERVICE through (the CLI's ``--allow-service``);
    ``prefixes=False`` skips the undeclared-prefix test (a remote endpoint may
    know prefixes of its own); ``source`` names the query's file in errors.

    >>> check("select * where { ?s ?p ?o } limit 1")
    Checked(form='SELECT', text='select * where { ?s ?p ?o } limit 1')
    >>> check("SELECT * { ?s ?p ?o FILTER(" + " + ".join(["1"] * 1200) + ") }")
    Traceback (most recent call last):
    ...
    stargate_kg.exceptions.QueryLimitExceeded: invalid query: line 1, column 27: more than 1000 operators in one expression (limit 'expression'); write long chains as IN (...) or VALUES
    """
    try:
        if limits is LIMITS and len(query) <= 8192:  # at most 512 x 8 KB cached
            return _cached(query, allow_service, prefixes)
        return _check(query, allow_service, limits, prefixes)
    except QueryError as ex:
        if source and not ex.source:
            raise type(ex)(ex.message, ex.line, ex.column, source) from None
        raise


@lru_cache(maxsize=512)
def _cached(query, allow_service, prefixes):
    return _check(query, allow_service, LIMITS, prefixes)


def _implicit_prefixes(query):
    from stargate_kg.kg import with_prologue
    from stargate_kg.namespace import PREFIX_IRIS

    return set(PREFIX_IRIS) if with_prologue(query) is not query else set()


def _check(query, allow_service, limits, prefixes=True):
    text = normalize(query)
    implicit = _implicit_prefixes(text)
    declared = set()
    form = None
    frames = [_Frame("top", 0)]
    top = frames[0]
    prev = prev2 = None  # (kind, UPPER text) of the last two tokens
    path = total = tokens = values = patterns = projections = conditions = unary = 0
    expect_prefix = False
    first = None  # where the first token starts
    pos, n = 0, len(text)
    match, iri = NEXT.match, IRI.match
    m = DECLARATION.match(text, pos)
    while m:  # the prologue, a declaration at a time
        if m.group("prefix") is not None:
            declared.add(m.group("prefix"))
        pos = m.end()
        m = DECLARATION.match(text, pos)
    while True:
        m = match(text, pos)
        if m is None:
            start = SKIP.match(text, pos).end()
            if start >= n:
                break
            c = text[start]
            if c in "\"'":
                raise fail(text, start, "a string is not closed")
            raise fail(text, start, f"unexpected character {c!r}")
        kind = m.lastgroup
        start = m.start(kind)
        if kind == "lt":
            operand_before = prev is not None and (prev[0] in _OPERAND or prev[1] in (")", "]", "TRUE", "FALSE"))
            m = None if (top.kind == "expr" and operand_before) else iri(text, start)
            if m:
                kind, tok = "iri", m.group()
            else:
                kind, tok = "op", "<=" if text.startswith("<=", start) else "<"
            pos = start + len(tok)
        else:
            tok = m.group(kind)
            pos = m.end()
            if kind == "str" and "\\" in tok:
                check_string(text, start, pos)
        up = tok.upper() if kind == "word" else tok
        if first is None:
            first = start
        if top.kind == "values" or (top.kind == "list" and frames[-2].kind == "values"):
            values += 1
            if values > limits.values:
                raise _limit(text, start, f"more than {limits.values} tokens of VALUES data", "values", "split the query")
        else:
            tokens += 1
            if tokens > limits.tokens:
                raise _limit(text, start, f"more than {limits.tokens} tokens", "tokens", "split the query or move data into VALUES")
        # unary operators in a row nest like brackets: ! ! ! x, - - - 1, ^ ^ ^ p
        if kind == "op" and tok in "!-+^" and (prev is None or prev[0] == "op" and prev[1] not in (")", "]", "}", "*", "?")):
            unary += 1
            if unary + len(frames) - 1 > limits.depth:
                raise _limit(text, start, f"brackets and unary operators nested more than {limits.depth} deep", "depth", "flatten the query")
        else:
            unary = 0
        if top.kind in ("group", "top", "bnode", "list") and not top.values and top.state is None and kind in _OPERAND | {"word"}:
            if top.kind == "list" and not top.in_path and frames[-2].kind != "values":
                patterns += 2  # a collection member: rdf:first and rdf:rest
            elif prev is not None and prev[1] in (".", ";", ",", "{", "[") and kind != "word":
                patterns += 1  # the first term after a separator starts a new pattern (or object)
            if patterns > limits.patterns:
                raise _limit(text, start, f"more than {limits.patterns} triple patterns (an RDF collection's members count 2 each)",
                             "patterns", "split the query")
        if top.state == "select" and (kind == "var" or up == "AS") and len(frames) >= 1 and top.kind != "expr":
            projections += 1
        elif up == "AS":
            projections += 1
        if projections > limits.projections:
            raise _limit(text, start, f"more than {limits.projections} projections and AS bindings", "projections", "split the query")
        if top.state == "modifier" and top.kind != "expr" and (kind in _OPERAND or tok == "("):
            conditions += 1
            if conditions > limits.conditions:
                raise _limit(text, start, f"more than {limits.conditions} GROUP BY, HAVING and ORDER BY conditions",
                             "conditions", "split the query")
        if kind == "word":
            if up == "SERVICE" and not allow_service:
                raise QueryRefused(NO_SERVICE)
            if up in _UPDATE:
                raise QueryRefused(READ_ONLY)
            if up == "FROM":
                raise fail(text, start, NO_FROM)
            if up in FORMS:
                if form is None and len(frames) == 1:
                    form = up
                if up == "SELECT":
                    top.state = "select"
            elif up == "VALUES":
                top.values = True
            elif up == "PREFIX":
                expect_prefix = True
            elif up in ("IN", "NOT") and top.kind == "expr":
                total = _op(top, total, limits, text, start)
            if up in _MEMBER_WORDS and top.kind != "expr":
                total = _member(top, total, limits, text, start)
        elif kind == "pname":
            prefix = tok[: tok.index(":")]
            if expect_prefix:
                declared.add(prefix)
            elif prefixes and prefix not in declared and prefix not in implicit:
                raise _undeclared(text, start, prefix, declared | implicit)
            expect_prefix = False
        elif kind == "op":
            if tok in _OPEN:
                if tok == "(":
                    if top.kind == "expr":
                        sub = "expr"
                    elif top.values or top.kind in ("values", "bnode", "list"):
                        sub = "list"
                    elif prev is not None and prev[0] == "word" and prev[1] not in _LIST_WORDS:
                        sub = "expr"  # FILTER ( BIND ( HAVING ( BY ( a function: STR( COUNT( ...
                    elif prev is not None and prev[0] in ("iri", "pname") and prev2 is not None and prev2[1] == "FILTER":
                        sub = "expr"  # FILTER ex:fn(...)
                    elif top.state in ("select", "modifier"):
                        sub = "expr"  # SELECT (... AS ?x), ORDER BY (...), GROUP BY fn(...)
                    else:
                        sub = "list"  # an RDF collection or a path group
                elif tok == "{":
                    sub = "values" if top.values else "group"
                    top.values = False
                    if top.kind != "expr" and not (prev is not None and prev[1] in _MEMBER_WORDS):  # OPTIONAL { counts once
                        total = _member(top, total, limits, text, start)
                else:
                    sub = "bnode"
                frame = _Frame(sub, start, top.root if (sub == "expr" and top.kind == "expr") else None)
                # a '(' after a path operator, or after a predicate position, may be a path group: its steps go on counting
                frame.in_path = sub == "list" and (top.in_path or (prev is not None and prev[1] in ("/", "|", "^", "(")))
                frames.append(frame)
                if len(frames) > limits.depth + 1:
                    raise _limit(text, start, f"brackets nested more than {limits.depth} deep", "depth", "flatten the query")
                top = frame
                if frame.in_path:
                    path, total = _step(path, total, limits, text, start)
                else:
                    path = 0
            elif tok in ("}", ")", "]"):
                if len(frames) == 1 or _OPEN[text[top.start]] != tok:
                    raise fail(text, start, f"unbalanced brackets: {tok!r} closes nothing here")
                closed = frames.pop()
                top = frames[-1]
                if tok == "}" and (top.state == "select" or top.kind == "top"):
                    top.state = "modifier"  # after a (sub-)query's WHERE group: GROUP BY, ORDER BY, HAVING...
                if not (closed.in_path or (closed.kind == "list" and tok == ")")):
                    path = 0
            elif top.kind == "expr":
                if tok in _EXPR_OPS:
                    total = _op(top, total, limits, text, start)
            elif tok in ("/", "|", "^"):
                path, total = _step(path, total, limits, text, start)
            elif tok in (".", ";", ","):
                path = 0
                total = _member(top, total, limits, text, start)
        prev2, prev = prev, (kind, up)
    if len(frames) > 1:
        raise fail(text, top.start, f"unbalanced brackets: this {text[top.start]!r} is never closed")
    if form is None:
        if first is None:
            what = "it has only PREFIX or BASE declarations" if pos else "it is empty"
            raise QueryError(f"not a SPARQL query: {what}. Expected SELECT, ASK, CONSTRUCT or DESCRIBE")
        raise fail(text, first, "not a SPARQL query. Expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return Checked(form, text)


def _step(path, total, limits, text, start):
    path += 1
    total += 1
    if path + 1 > limits.path:  # n operators join n + 1 steps
        raise _limit(text, start, f"a property path of more than {limits.path} steps (brackets count)", "path", "split the path")
    if total > limits.total:
        raise _over_total(text, start, limits)
    return path, total


def _op(frame, total, limits, text, start):
    root = frame.root
    root.ops += 1
    if root.ops > limits.expression:
        raise _limit(
            text, root.start, f"more than {limits.expression} operators in one expression", "expression",
            "write long chains as IN (...) or VALUES",
        )
    total += 1
    if total > limits.total:
        raise _over_total(text, start, limits)
    return total


def _member(frame, total, limits, text, start):
    frame.members += 1
    if frame.members > limits.members:
        where = frame.start if frame.kind != "top" else start
        raise _limit(
            text, where, f"more than {limits.members} patterns, filters or other members in one group",
            "members", "combine FILTERs with && or IN (...), or split the query",
        )
    total += 1
    if total > limits.total:
        raise _over_total(text, start, limits)
    return total


def _limit(text, offset, what, name, hint):
    return fail(text, offset, f"{what} (limit '{name}'); {hint}", QueryLimitExceeded)


def _over_total(text, offset, limits):
    return _limit(text, offset, f"more than {limits.total} operators, patterns and path steps in all", "total", "split the query")


def _undeclared(text, offset, prefix, known):
    near = difflib.get_close_matches(prefix, sorted(known), n=3, cutoff=0.5)
    near.sort(key=lambda p: sorted(p) != sorted(prefix))  # a transposition (rdsf: for rdfs:) first
    hint = f"did you mean {', '.join(p + ':' for p in near)}? " if near else ""
    listing = ", ".join(sorted(known)) or "none"
    return fail(text, offset, f"undeclared prefix '{prefix}:' ({hint}declare it with PREFIX {prefix}: <...>; known prefixes: {listing})")
