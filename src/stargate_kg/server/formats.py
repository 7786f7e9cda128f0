"""Serialising answers: SPARQL results (JSON, XML, CSV, TSV) and RDF graphs (Turtle, N-Triples, JSON-LD, RDF/XML).

Row terms are written as :func:`stargate_kg.queries.canonical` gives them (the
same functions as ``stargate-kg query --format json|csv|tsv``), so rdflib's
terms and the engines' light terms serialise the same, and a client gets the
same document whichever engine serves: a decimal is ``100000000000`` both from
``serve --engine rdflib`` (which keeps ``100000000000.0`` as written in the
graph) and from Oxigraph. The two spellings denote the same value; note that
on the rdflib engine a triple pattern matches a literal by its spelling, so
match numbers by value (``FILTER(?amount = 100000000000)``).

>>> from rdflib import BNode, Literal, URIRef
>>> rows = [{"x": URIRef("http://ex/a"), "n": Literal(3)}, {"x": BNode("b0")}]
>>> serialize_results("tsv", ["x", "n"], rows).decode().splitlines()
['?x\\t?n', '<http://ex/a>\\t"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '_:b0\\t']
"""

import json
import re
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from stargate_kg.queries import canonical, term_json, to_csv

_BAD_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_term(term):
    t = canonical(term)
    value = xml_escape(_BAD_XML_CHARS.sub("\ufffd", str(t)), {"\r": "&#13;"})  # a raw CR would be read as LF
    if t.kind == "literal":
        attrs = ""
        if t.language:
            attrs = f" xml:lang={quoteattr(t.language)}"
        elif t.datatype is not None:
            attrs = f" datatype={quoteattr(str(t.datatype))}"
        return f"<literal{attrs}>{value}</literal>"
    return f"<{t.kind}>{value}</{t.kind}>"


def serialize_results(key, names, rows=None, boolean=None):
    """SELECT rows (dicts of name -> term) or an ASK answer as SPARQL JSON, XML, CSV or TSV bytes.

    >>> from rdflib import Literal, URIRef
    >>> rows = [{"x": URIRef("http://ex/a"), "n": Literal("Open, AI", lang="en")}]
    >>> serialize_results("csv", ["x", "n"], rows).decode()
    'x,n\\r\\nhttp://ex/a,"Open, AI"\\r\\n'
    >>> serialize_results("tsv", ["x", "n"], rows).decode()
    '?x\\t?n\\n<http://ex/a>\\t"Open, AI"@en\\n'
    >>> serialize_results("json", None, boolean=True)
    b'{"head": {}, "boolean": true}'
    """
    if key == "json":
        if boolean is not None:
            doc = {"head": {}, "boolean": boolean}
        else:
            bindings = [{n: term_json(row[n]) for n in names if row.get(n) is not None} for row in rows]
            doc = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if key == "xml":
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        if boolean is not None:
            out.append(f"</head>\n<boolean>{'true' if boolean else 'false'}</boolean>\n</sparql>\n")
            return "".join(out).encode("utf-8")
        out += [f"<variable name={quoteattr(n)}/>" for n in names]
        out.append("</head>\n<results>\n")
        for row in rows:
            out.append("<result>")
            for n in names:  # in the head's order, whatever order the engine's rows have
                if row.get(n) is not None:
                    out.append(f"<binding name={quoteattr(n)}>{_xml_term(row[n])}</binding>")
            out.append("</result>\n")
        out.append("</results>\n</sparql>\n")
        return "".join(out).encode("utf-8")
    if key in ("csv", "tsv"):  # the CLI's writer: the same bytes as `stargate-kg query --format csv|tsv`
        if boolean is not None:
            return to_csv("ASK", names, boolean, tsv=key == "tsv").encode("utf-8")
        return to_csv("SELECT", names, rows, tsv=key == "tsv").encode("utf-8")
    raise ValueError(f"unknown result format {key!r}")


def serialize_graph(key, graph):
    """A CONSTRUCT/DESCRIBE graph as Turtle, N-Triples, JSON-LD or RDF/XML bytes (project prefixes bound).

    >>> import rdflib
    >>> g = rdflib.Graph().parse(data="<http://ex/a> <http://ex/b> <http://ex/c> .", format="nt")
    >>> serialize_graph("nt", g).strip()
    b'<http://ex/a> <http://ex/b> <http://ex/c> .'
    """
    from stargate_kg.namespace import PREFIXES

    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    fmt = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld", "xml": "xml"}[key]
    data = graph.serialize(format=fmt)
    return data.encode("utf-8") if isinstance(data, str) else data
