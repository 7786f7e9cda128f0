"""The project's IRIs, defined once from one base.

>>> str(SG.investsIn)
'https://w3id.org/stargate-kg/ontology#investsIn'
>>> str(E["openai"])
'https://w3id.org/stargate-kg/entity/openai'
"""

from rdflib import Namespace
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/stargate-kg/"

SG = Namespace(BASE + "ontology#")
E = Namespace(BASE + "entity/")
ST = Namespace(BASE + "statement/")
SRC = Namespace(BASE + "source/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {
    "sg": SG,
    "e": E,
    "st": ST,
    "src": SRC,
    "schema": SCHEMA,
    "wd": WD,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "owl": OWL,
    "xsd": XSD,
}

#: Prologue for the library's own SPARQL (user queries get it too when they lack it).
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def short(iri):
    """Compact an IRI with the project's prefixes.

    >>> short(SG.ceoOf)
    'sg:ceoOf'
    >>> short("http://example.org/x")
    'http://example.org/x'
    """
    s = str(iri)
    for p, ns in PREFIXES.items():
        if s.startswith(str(ns)) and len(s) > len(str(ns)):
            return f"{p}:{s[len(str(ns)):]}"
    return s


def local_name(iri):
    """The part of an IRI after its last '/' or '#'.

    >>> local_name(SG.commitsFundingTo)
    'commitsFundingTo'
    """
    s = str(iri)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
