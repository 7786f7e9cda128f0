"""Light RDF terms: what the Oxigraph engine returns, without importing rdflib.

Importing rdflib costs three times a Python CLI's whole start-up, so the fast
engines hand back these small ``str`` subclasses instead. They behave like
rdflib's terms where the library uses them: ``str()`` is the value, literals
have ``language``, ``datatype`` and ``toPython()``, every term has ``n3()``,
and two terms are equal when they are the same kind of term with the same
value (as in rdflib). The helpers here accept rdflib terms too, so library
code works on every engine.

>>> lit = Literal("软银", language="zh")
>>> str(lit), lit.language, lit.n3()
('软银', 'zh', '"软银"@zh')
>>> Literal("100000000000", datatype=XSD + "decimal").toPython()
Decimal('100000000000')
>>> IRI("https://example.org/a") == IRI("https://example.org/a"), IRI("x") == Literal("x")
(True, False)
>>> kind(to_rdflib(lit)), kind(lit)
('literal', 'literal')
"""

import re

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_INTEGERS = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
)}


_INTEGER_LEXICAL = re.compile(r"[+-]?[0-9]+")
_DECIMAL_LEXICAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


class Term(str):
    """An RDF term whose ``str()`` is its value; equal only to a term of the same kind and value."""

    __slots__ = ()
    kind = "term"

    def __eq__(self, other):
        return type(other) is type(self) and str.__eq__(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = str.__hash__

    def __repr__(self):
        return f"{type(self).__name__}({str.__repr__(self)})"

    def toPython(self):  # noqa: N802  (rdflib's name)
        return str(self)


class IRI(Term):
    """An IRI (rdflib: URIRef)."""

    __slots__ = ()
    kind = "uri"

    def n3(self):
        return f"<{self}>"


class BNode(Term):
    """A blank node; ``str()`` is its label."""

    __slots__ = ()
    kind = "bnode"

    def n3(self):
        return f"_:{self}"


class Literal(Term):
    """A literal with an optional language tag or datatype IRI (xsd:string is stored as no datatype)."""

    __slots__ = ("language", "datatype")
    kind = "literal"

    def __new__(cls, value, language=None, datatype=None):
        self = str.__new__(cls, value)
        self.language = language.lower() if language else None
        dt = str(datatype) if datatype and not language else None
        self.datatype = IRI(dt) if dt and dt not in (XSD_STRING, RDF_LANGSTRING) else None
        return self

    def __eq__(self, other):
        return (
            type(other) is Literal
            and str.__eq__(self, other)
            and self.language == other.language
            and self.datatype == other.datatype
        )

    __hash__ = str.__hash__

    def __repr__(self):
        extra = f", language={self.language!r}" if self.language else f", datatype={str(self.datatype)!r}" if self.datatype else ""
        return f"Literal({str.__repr__(self)}{extra})"

    @property
    def value(self):
        return self.toPython()

    def toPython(self):  # noqa: N802  (rdflib's name)
        """The Python value: int, Decimal, float, bool, datetime.date; else the text."""
        dt = str(self.datatype) if self.datatype else None
        text = str(self)
        try:
            if dt in _INTEGERS:
                return int(text)
            if dt == XSD + "decimal":
                from decimal import Decimal

                return Decimal(text)
            if dt in (XSD + "double", XSD + "float"):
                return float(text)
            if dt == XSD + "boolean":
                return text in ("true", "1")
            if dt == XSD + "date":
                import datetime

                return datetime.date.fromisoformat(text)
        except (ValueError, ArithmeticError):  # Decimal("abc") raises InvalidOperation, an ArithmeticError
            pass  # an ill-typed literal stays text, as in rdflib
        return text

    def n3(self):
        body = str(self).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if self.language:
            return f'"{body}"@{self.language}'
        if self.datatype:
            return f'"{body}"^^<{self.datatype}>'
        return f'"{body}"'


# -- helpers that take rdflib terms too -----------------------------------------------------------
def kind(term):
    """'uri', 'literal' or 'bnode' for a light or an rdflib term (None for None).

    >>> kind(IRI("https://example.org/a")), kind(None)
    ('uri', None)
    """
    if term is None:
        return None
    k = getattr(type(term), "kind", None)
    if k in ("uri", "literal", "bnode"):
        return k
    name = type(term).__name__
    if hasattr(term, "language") or name == "Literal":
        return "literal"
    if name == "BNode":
        return "bnode"
    return "uri"


def is_literal(term):
    return kind(term) == "literal"


def from_rdflib(term):
    """The light term for an rdflib term (or a light term, returned as it is).

    >>> from rdflib import URIRef
    >>> from_rdflib(URIRef("https://example.org/a"))
    IRI('https://example.org/a')
    """
    if term is None or isinstance(term, Term):
        return term
    k = kind(term)
    if k == "literal":
        return Literal(str(term), language=term.language, datatype=term.datatype)
    if k == "bnode":
        return BNode(str(term))
    return IRI(str(term))


def to_rdflib(term):
    """The rdflib term for a light term; rdflib terms pass through, other Python values become literals.

    >>> to_rdflib(IRI("https://example.org/a"))
    rdflib.term.URIRef('https://example.org/a')
    """
    import rdflib

    if term is None or (isinstance(term, rdflib.term.Node)):
        return term
    if not isinstance(term, Term):
        return rdflib.Literal(term)
    if isinstance(term, Literal):
        return rdflib.Literal(str(term), lang=term.language, datatype=rdflib.URIRef(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return rdflib.BNode(str(term))
    return rdflib.URIRef(str(term))


def lexical(term):
    """The text of a term, numbers in their canonical form, so every engine prints the same.

    rdflib keeps a decimal as written (``100000000000.0``); Oxigraph gives the
    canonical form (``100000000000``). Both mean the same number.

    >>> lexical(Literal("100000000000.0", datatype=XSD + "decimal")), lexical(Literal("2.50", datatype=XSD + "decimal"))
    ('100000000000', '2.5')
    >>> lexical(Literal("007", datatype=XSD + "integer")), lexical(IRI("https://example.org/a"))
    ('7', 'https://example.org/a')
    """
    text = str(term)
    dt = str(getattr(term, "datatype", None) or "")
    if dt == XSD + "decimal":
        # only the XSD lexical space: Python also reads "1E3", "1_0" and non-ASCII digits,
        # which are ill-typed decimals and stay as written
        if not _DECIMAL_LEXICAL.fullmatch(text):
            return text
        from decimal import Decimal

        out = format(Decimal(text), "f")
        if "." in out:
            out = out.rstrip("0").rstrip(".")
        return "0" if out in ("-0", "") else out
    elif dt in _INTEGERS:
        return str(int(text)) if _INTEGER_LEXICAL.fullmatch(text) else text
    return text


def n3(term):
    """The Turtle / SPARQL text of a light or rdflib term, numbers canonical (see :func:`lexical`).

    >>> n3(Literal("1.50", datatype=XSD + "decimal"))
    '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    t = from_rdflib(term)
    if t.kind != "literal":
        return t.n3()
    return Literal(lexical(t), language=t.language, datatype=t.datatype).n3()


def as_term(value):
    """A light term for a light or rdflib term; any other Python value becomes a literal (see :func:`literal`).

    >>> as_term(3).n3(), as_term(IRI("https://example.org/a")).kind
    ('"3"^^<http://www.w3.org/2001/XMLSchema#integer>', 'uri')
    """
    return from_rdflib(value) if hasattr(value, "n3") else literal(value)


def literal(value):
    """The literal for a plain Python value, typed as rdflib types it (text has no datatype).

    >>> literal(5).n3(), literal("x").n3()
    ('"5"^^<http://www.w3.org/2001/XMLSchema#integer>', '"x"')
    """
    import datetime
    from decimal import Decimal

    if isinstance(value, Term):
        return value
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=XSD + "boolean")
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD + "integer")
    if isinstance(value, Decimal):
        return Literal(str(value), datatype=XSD + "decimal")
    if isinstance(value, float):
        return Literal(repr(value), datatype=XSD + "double")
    if isinstance(value, datetime.datetime):
        return Literal(value.isoformat(), datatype=XSD + "dateTime")
    if isinstance(value, datetime.date):
        return Literal(value.isoformat(), datatype=XSD + "date")
    return Literal(str(value))


def python_value(term):
    """A JSON-friendly Python value for a term: numbers stay numbers, the rest is text.

    >>> python_value(Literal("5", datatype=XSD + "decimal")), python_value(Literal("P5Y", datatype=XSD + "duration"))
    (5, 'P5Y')
    """
    from decimal import Decimal

    if term is None:
        return None
    if is_literal(term):
        v = term.toPython()
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() else float(v)
        if isinstance(v, (int, float, bool)):
            return v
    return str(term)
