"""SPARQL as text, for engines that cannot bind values themselves.

rdflib binds values with ``initBindings``; Oxigraph's ``substitutions`` only
bind projected variables, and a remote endpoint takes nothing but text. For
those cases the values go into a ``VALUES`` block written by
:func:`values_block` from RDF terms (escaped here, never pasted user text) and
placed at the start of the query's WHERE group by :func:`inject_values`,
without adding a line, so error positions still match the user's query.

>>> from rdflib import Literal, URIRef
>>> q = "SELECT ?l WHERE { ?e rdfs:label ?l }"
>>> inject_values(q, {"e": URIRef("https://w3id.org/stargate-kg/entity/openai")})
'SELECT ?l WHERE { VALUES (?e) { (<https://w3id.org/stargate-kg/entity/openai>) }  ?e rdfs:label ?l }'
>>> query_form("PREFIX x: <http://x/#> # SELECT?\\nASK { ?s ?p ?o }")
'ASK'
>>> term_text(Literal('say "hi"', lang="en"))
'"say \\\\"hi\\\\""@en'
"""

import functools
import re

from stargate_kg.exceptions import QueryError

# One token of SPARQL that may hide braces, '#' or keywords: long strings first.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\n\r]*"
    r"|[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+"
    r"|[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()<>,;\"'#]*)?"
    r"|[{}()]"
    r"|\S",
    re.S,
)
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_IRI_BAD = re.compile(r'[<>"{}|^`\\\x00-\x20]')
_LANG = re.compile(r"^[A-Za-z]+(-[A-Za-z0-9]+)*$")


def tokens(query):
    """(text, start, end) for each token of ``query``, comments left out."""
    for m in _TOKEN.finditer(query):
        text = m.group()
        if text.startswith("#"):
            continue
        yield text, m.start(), m.end()


def query_form(query):
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of ``query`` (comments, strings and IRIs skipped).

    >>> query_form('SELECT ?x WHERE { ?x sg:quote "CONSTRUCT" }')
    'SELECT'
    """
    for text, _, _ in tokens(query):
        if text.upper() in FORMS:
            return text.upper()
    raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


@functools.lru_cache(maxsize=256)
def _where_group(query):
    """Positions needed to edit the WHERE group: (form, form end, open, close, first word inside).

    ``open``/``close`` are the indexes of the group's braces. For the short form
    ``CONSTRUCT WHERE { ... }`` form is "CONSTRUCT-WHERE". Cached: a catalog
    question asked again with other values is not tokenized again.
    """
    toks = list(tokens(query))
    i = next((k for k, (t, _, _) in enumerate(toks) if t.upper() in FORMS), None)
    if i is None:
        query_form(query)  # raises
    form, form_end = toks[i][0].upper(), toks[i][2]
    k = i + 1
    if form == "CONSTRUCT":
        if k < len(toks) and toks[k][0] == "{":
            k = _match(toks, k) + 1  # skip the template
        else:
            form = "CONSTRUCT-WHERE"
    parens = 0
    while k < len(toks):
        t = toks[k][0]
        if t == "(":
            parens += 1
        elif t == ")":
            parens -= 1
        elif t == "{" and parens == 0:
            close = _match(toks, k)
            after = toks[k + 1][0].upper() if k + 1 < len(toks) else ""
            return form, form_end, toks[k][1], toks[close][1], after
        k += 1
    raise QueryError(f"cannot find the WHERE group of this {form} query")


def _match(toks, k):
    depth = 0
    for j in range(k, len(toks)):
        if toks[j][0] == "{":
            depth += 1
        elif toks[j][0] == "}":
            depth -= 1
            if depth == 0:
                return j
    raise QueryError("unbalanced braces: a '{' is never closed")


def term_text(term):
    """SPARQL text for one RDF term (IRI or literal), escaped; other values become plain literals.

    >>> from rdflib import Literal, URIRef, XSD
    >>> term_text(Literal("1.5", datatype=XSD.decimal))
    '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> term_text(URIRef("http://x/a b"))
    Traceback (most recent call last):
    ...
    stargate_kg.exceptions.QueryError: invalid query: cannot bind the IRI 'http://x/a b': it contains a character IRIs may not contain
    """
    from stargate_kg import terms

    term = terms.as_term(term)
    if term.kind == "uri":
        return iri_text(term)
    if term.kind == "bnode":
        raise QueryError(f"cannot bind the blank node {term.n3()} on this engine: blank nodes have no name outside their store")
    text = str(term)
    body = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
    if term.language:
        if not _LANG.match(term.language):
            raise QueryError(f"cannot bind a literal with the language tag {term.language!r}")
        return f"{body}@{term.language}"
    if term.datatype is not None:
        return f"{body}^^{iri_text(term.datatype)}"
    return body


def iri_text(iri):
    s = str(iri)
    if _IRI_BAD.search(s):
        raise QueryError(f"cannot bind the IRI {s!r}: it contains a character IRIs may not contain")
    return f"<{s}>"


def values_block(bindings):
    """``VALUES (?a ?b) { (t1 t2) }`` for ``bindings`` (name -> term); '' when empty.

    >>> from rdflib import Literal
    >>> values_block({"n": Literal(3)})
    'VALUES (?n) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    """
    if not bindings:
        return ""
    names = []
    for name in bindings:
        n = str(name).lstrip("?$")
        if not re.fullmatch(r"[A-Za-z0-9_]+", n):
            raise QueryError(f"cannot bind the variable name {name!r}")
        names.append(n)
    row = " ".join(term_text(v) for v in bindings.values())
    return "VALUES (" + " ".join("?" + n for n in names) + ") { (" + row + ") }"


def inject_values(query, bindings):
    """``query`` with ``bindings`` as a VALUES block at the start of its WHERE group.

    The VALUES block joins first, so the bound variables are fixed inside
    OPTIONAL, UNION, FILTER and aggregates, as with rdflib's ``initBindings``.

    >>> from rdflib import URIRef
    >>> inject_values("CONSTRUCT WHERE { ?s ?p ?o }", {"s": URIRef("http://x/a")})
    'CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<http://x/a>) }  ?s ?p ?o }'
    >>> inject_values("SELECT * { SELECT ?s { ?s ?p ?o } }", {"s": URIRef("http://x/a")})
    'SELECT * { VALUES (?s) { (<http://x/a>) } { SELECT ?s { ?s ?p ?o } } }'
    """
    block = values_block(bindings)
    if not block:
        return query
    form, form_end, start, close, after = _where_group(query)
    body = query[start + 1 : close]
    if form == "CONSTRUCT-WHERE":  # the short form allows no VALUES: write the template out
        return f"{query[:form_end]} {{{body}}}{query[form_end:start + 1]} {block} {body}{query[close:]}"
    if after == "SELECT":  # the group is a sub-select: wrap it
        return f"{query[:start + 1]} {block} {{{body}}} {query[close:]}"
    return f"{query[:start + 1]} {block} {body}{query[close:]}"


def substitute_iris(query, bindings):
    """``query`` with IRI-valued ``bindings`` written in place of their variables in the WHERE group.

    Only where the grammar allows a constant: a variable that also appears
    after AS, in a VALUES header, in BOUND() or inside a sub-select is left
    alone. Use with :func:`inject_values`, which still binds every variable;
    this is for stores that need a constant where VALUES gives one too late
    (Virtuoso: "transitive start not given" for a property path from a bound
    variable).

    >>> from rdflib import URIRef
    >>> substitute_iris("SELECT ?x WHERE { ?a sg:partnerOf+ ?x }", {"a": URIRef("http://x/a")})
    'SELECT ?x WHERE { <http://x/a> sg:partnerOf+ ?x }'
    >>> substitute_iris("SELECT ?x WHERE { ?a sg:p ?x BIND(1 AS ?a) }", {"a": URIRef("http://x/a")})
    'SELECT ?x WHERE { ?a sg:p ?x BIND(1 AS ?a) }'
    """
    from stargate_kg.terms import as_term

    iris = {str(k).lstrip("?$"): iri_text(v) for k, v in (bindings or {}).items() if as_term(v).kind == "uri"}
    if not iris:
        return query
    _, _, start, close, _ = _where_group(query)
    toks = [t for t in tokens(query) if start < t[1] < close]
    blocked, places = set(), []
    sub = [False]  # one flag per open brace: inside a sub-select?
    in_values_head = False
    for k, (text, s, e) in enumerate(toks):
        word = text.upper()
        if text == "{":
            sub.append(sub[-1])
            in_values_head = False
        elif text == "}":
            if len(sub) > 1:
                sub.pop()
        elif word == "SELECT":
            sub[-1] = True
        elif word == "VALUES":
            in_values_head = True
        elif text[0] in "?$":
            name = text[1:]
            if name not in iris:
                continue
            before = [t[0].upper() for t in toks[max(0, k - 2) : k]]
            if sub[-1] or in_values_head or before[-1:] == ["AS"] or before == ["BOUND", "("]:
                blocked.add(name)
            else:
                places.append((s, e, name))
    out, last = [], 0
    for s, e, name in places:
        if name in blocked:
            continue
        out += [query[last:s], iris[name]]
        last = e
    return "".join(out) + query[last:]
