"""Reading a SPARQL endpoint's answers: JSON result terms as light terms, Virtuoso's numeric durations repaired.

>>> json_term({"type": "literal", "value": "60", "datatype": XSD_DURATION})
Literal('P5Y', datatype='http://www.w3.org/2001/XMLSchema#duration')
"""

import re

from stargate_kg.exceptions import EngineError, QueryError

RESULTS_JSON = "application/sparql-results+json"
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5, application/ld+json;q=0.4"
RDF_TYPES = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/rdf+n3": "n3",
    "text/n3": "n3",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_DURATION = "http://www.w3.org/2001/XMLSchema#duration"


def virtuoso_duration(value):
    """An ISO 8601 duration for the number Virtuoso 7 returns in place of an xsd:duration, else None.

    Virtuoso keeps a duration as a count of months (year-month durations) or
    of seconds (day-time durations) and returns that number as the literal's
    text, which is not a valid xsd:duration.

    >>> virtuoso_duration("60"), virtuoso_duration("18"), virtuoso_duration("2.592e+06"), virtuoso_duration("P5Y")
    ('P5Y', 'P1Y6M', 'P30D', None)
    """
    text = value.strip()
    if re.fullmatch(r"[-+]?\d+", text):
        n = int(text)
        years, months = divmod(abs(n), 12)
        body = (f"{years}Y" if years else "") + (f"{months}M" if months or not years else "")
        return ("-" if n < 0 else "") + "P" + body
    if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", text):
        secs = float(text)
        days, rest = divmod(abs(secs), 86400)
        hours, rest = divmod(rest, 3600)
        minutes, seconds = divmod(rest, 60)
        clock = (f"{int(hours)}H" if hours else "") + (f"{int(minutes)}M" if minutes else "")
        if seconds:
            clock += f"{seconds:g}S"
        body = (f"{int(days)}D" if days else "") + (f"T{clock}" if clock else ("" if days else "T0S"))
        return ("-" if secs < 0 else "") + "P" + body
    return None


def literal(value, lang=None, datatype=None):
    """A light literal (:mod:`stargate_kg.terms`); Virtuoso's durations in seconds are written back as xsd:duration."""
    from stargate_kg.terms import Literal

    if lang:
        return Literal(value, language=lang)
    if datatype and datatype != XSD_STRING:
        if datatype == XSD_DURATION:
            value = virtuoso_duration(value) or value
        return Literal(value, datatype=datatype)
    return Literal(value)


def json_term(b):
    """A SPARQL JSON results binding (``{"type": ..., "value": ...}``) as a light term (None stays None)."""
    from stargate_kg.terms import IRI, BNode

    if b is None:
        return None
    kind, value = b.get("type"), b.get("value", "")
    if kind == "uri":
        return IRI(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        return literal(value, b.get("xml:lang"), b.get("datatype"))
    if kind == "triple":
        raise QueryError("the endpoint returned an RDF-star triple term, which this toolkit cannot represent")
    raise EngineError(f"the endpoint returned an unknown term type {kind!r}")
