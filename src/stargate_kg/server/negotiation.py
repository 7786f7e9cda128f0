"""Content negotiation: which format answers a query, from an Accept header or a format name.

SELECT and ASK answer in the SPARQL results formats (:data:`RESULT_FORMATS`),
CONSTRUCT and DESCRIBE in RDF formats (:data:`GRAPH_FORMATS`); both tables
map a format key to its canonical media type.

>>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+json")
'json'
>>> RESULT_FORMATS[negotiate("ASK", "text/csv")]
'text/csv; charset=utf-8'
>>> negotiate("CONSTRUCT", None, fmt="ntriples")
'nt'
"""

#: Answer formats: key -> canonical media type.
RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_FORMATS = {
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}
# Media types a client may ask for, in the order a wildcard picks them.
_RESULT_TYPES = [
    ("application/sparql-results+json", "json"),
    ("application/json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
]
_GRAPH_TYPES = [
    ("text/turtle", "turtle"),
    ("application/x-turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("text/plain", "nt"),
    ("application/ld+json", "json-ld"),
    ("application/json", "json-ld"),
    ("application/rdf+xml", "xml"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
]
# Short names for the format= / output= / results= parameter (SPARQLWrapper sends them).
_RESULT_NAMES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv"}
_GRAPH_NAMES = {
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle",
    "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "json-ld": "json-ld", "jsonld": "json-ld", "json": "json-ld",
    "xml": "xml", "rdf": "xml", "rdf+xml": "xml", "rdfxml": "xml",
}  # fmt: skip


def parse_accept(header):
    """Media ranges of an Accept header, best first: list of (media type, q).

    >>> parse_accept("text/*;q=0.5, application/json, */*;q=0.1")
    [('application/json', 1.0), ('text/*', 0.5), ('*/*', 0.1)]
    """
    items = []
    for pos, part in enumerate((header or "").split(",")):
        fields = part.split(";")
        mime = fields[0].strip().lower()
        if not mime:
            continue
        q = 1.0
        for f in fields[1:]:
            k, _, v = f.partition("=")
            if k.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(v)))
                except ValueError:
                    q = 0.0
        specificity = 0 if mime == "*/*" else 1 if mime.endswith("/*") else 2
        items.append((-q, -specificity, pos, mime))
    return [(mime, -nq) for nq, _, _, mime in sorted(items)]


def negotiate(form, accept=None, fmt=None):
    """The answer format for a query ``form`` given an Accept header and/or a format name; None if none fits.

    ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE. A ``fmt`` name (``json``,
    ``csv``, ``turtle``...) or media type wins over ``accept``.

    >>> negotiate("ASK", "text/tab-separated-values")
    'tsv'
    >>> negotiate("DESCRIBE", "application/ld+json;q=0.9, text/turtle")
    'turtle'
    >>> negotiate("SELECT", "image/png") is None
    True
    """
    graph = form in ("CONSTRUCT", "DESCRIBE")
    table = _GRAPH_TYPES if graph else _RESULT_TYPES
    default = table[0][1]
    if fmt:
        name = fmt.strip().lower()
        if "/" not in name:
            return (_GRAPH_NAMES if graph else _RESULT_NAMES).get(name)
        accept = name
    if not accept or not accept.strip():
        return default
    ranges = parse_accept(accept)
    refused = {mime for mime, q in ranges if q == 0}
    for mime, q in ranges:
        if q == 0:
            continue
        for candidate, key in table:
            if candidate in refused:
                continue
            if mime == "*/*" or candidate == mime or (mime.endswith("/*") and candidate.startswith(mime[:-1])):
                return key
    return None


def media_types(form):
    """The media types a query form can be answered in (for error messages and the service description).

    >>> media_types("ASK")[:2]
    ['application/sparql-results+json', 'application/json']
    """
    graph = form in ("CONSTRUCT", "DESCRIBE")
    return [m for m, _ in (_GRAPH_TYPES if graph else _RESULT_TYPES)]
