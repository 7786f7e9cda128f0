"""The project's IRIs, defined once from one base.

>>> from stargate_kg.namespace import SG, E
>>> str(SG.investsIn)
'https://w3id.org/stargate-kg/ontology#investsIn'
>>> str(E["openai"])
'https://w3id.org/stargate-kg/entity/openai'
"""

BASE = "https://w3id.org/stargate-kg/"

#: Prefix -> namespace IRI, as text (no rdflib needed).
PREFIX_IRIS = {
    "sg": BASE + "ontology#",
    "e": BASE + "entity/",
    "st": BASE + "statement/",
    "src": BASE + "source/",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
SG_IRI = PREFIX_IRIS["sg"]
E_IRI = PREFIX_IRIS["e"]

#: Prologue for the library's own SPARQL (user queries get it too when they lack it).
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIX_IRIS.items())

_NAMESPACES = {"SG": "sg", "E": "e", "ST": "st", "SRC": "src", "SCHEMA": "schema", "WD": "wd"}


def __getattr__(name):
    # rdflib Namespaces (SG.investsIn is a URIRef) are built on first use: importing
    # rdflib costs more than the rest of a CLI call, and the fast engines never need it.
    if name in _NAMESPACES:
        from rdflib import Namespace

        value = Namespace(PREFIX_IRIS[_NAMESPACES[name]])
    elif name == "PREFIXES":
        from rdflib import Namespace

        value = {p: Namespace(ns) for p, ns in PREFIX_IRIS.items()}
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def short(iri):
    """Compact an IRI with the project's prefixes.

    >>> short(SG_IRI + "ceoOf")
    'sg:ceoOf'
    >>> short("http://example.org/x")
    'http://example.org/x'
    """
    s = str(iri)
    for p, ns in PREFIX_IRIS.items():
        if s.startswith(ns) and len(s) > len(ns):
            return f"{p}:{s[len(ns):]}"
    return s


def local_name(iri):
    """The part of an IRI after its last '/' or '#'.

    >>> local_name(SG_IRI + "commitsFundingTo")
    'commitsFundingTo'
    """
    s = str(iri)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
