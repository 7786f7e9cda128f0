"""The graph's vocabulary as a sheet may name it: relations, entity classes, money kinds, statuses, bounds, units.

Each term is found by its local name or its label, case-insensitive; an unknown
name raises ValueError with the closest known ones ("did you mean").

>>> Vocabulary.pick({"investsin": "investsIn", "invests in": "investsIn"}, "sg:InvestsIn", "relation")
'investsIn'
>>> Vocabulary.pick({"investsin": "investsIn"}, "investIn", "relation")
Traceback (most recent call last):
...
ValueError: unknown relation 'investIn'. Did you mean: investsIn?
"""

import difflib
import re

from stargate_kg.namespace import SG_IRI, local_name

BOUND_WORDS = {
    "up to": "UpTo", "upto": "UpTo", "最高": "UpTo", "多达": "UpTo", "高达": "UpTo",
    "at least": "AtLeast", "至少": "AtLeast", "more than": "MoreThan", "over": "MoreThan", "超过": "MoreThan",
    "less than": "LessThan", "不足": "LessThan", "about": "About", "约": "About", "exactly": "Exactly",
}

class Vocabulary:
    """The graph's relations, classes, money kinds, statuses, bounds and units, by every name they have."""

    def __init__(self, kg):
        self.relations, self.rel_default_kind = {}, {}
        for r in kg.select("SELECT ?r ?l ?k WHERE { ?r a sg:Relation . OPTIONAL { ?r rdfs:label ?l } OPTIONAL { ?r sg:defaultMoneyKind ?k } }"):
            name = local_name(r["r"])
            self.relations[name.lower()] = name
            if r["l"] is not None:
                self.relations.setdefault(str(r["l"]).lower(), name)
            if r["k"] is not None:
                self.rel_default_kind[name] = local_name(r["k"])
        self.classes = {}
        for r in kg.select("SELECT ?c ?l WHERE { ?c rdfs:subClassOf* sg:Entity . OPTIONAL { ?c rdfs:label ?l } }"):
            if str(r["c"]).startswith(SG_IRI):
                name = local_name(r["c"])
                self.classes[name.lower()] = name
                if r["l"] is not None:
                    self.classes.setdefault(str(r["l"]).lower(), name)
        self.concepts = {}
        for kind in ("MoneyKind", "Status", "Bound", "DateQualifier"):
            table = {}
            for r in kg.select(f"SELECT ?c ?l WHERE {{ ?c a sg:{kind} . OPTIONAL {{ ?c skos:prefLabel|skos:altLabel ?l }} }}"):
                name = local_name(r["c"])
                table[name.lower()] = name
                if r["l"] is not None:
                    table.setdefault(str(r["l"]).lower(), name)
            self.concepts[kind] = table
        for word, b in BOUND_WORDS.items():
            self.concepts["Bound"].setdefault(word, b)
        self.units = _units(kg)
        self.statements = {str(r["st"]) for r in kg.select("SELECT ?st WHERE { ?st a sg:Statement }")}

    @staticmethod
    def pick(table, text, what):
        key = re.sub(r"^(sg:)", "", text.strip()).lower()
        if key in table:
            return table[key]
        names = sorted(set(table.values()))
        close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.6)
        sugg = list(dict.fromkeys(table[c] for c in close))
        msg = f"unknown {what} {text!r}."
        msg += f" Did you mean: {', '.join(sugg)}?" if sugg else f" Known: {', '.join(names[:40])}{' ...' if len(names) > 40 else ''}"
        raise ValueError(msg)


def _units(kg):
    """The units graph/shapes.ttl allows for sg:unit (its sh:in list)."""
    shapes = getattr(kg, "shapes", None)
    if shapes is None or len(shapes) == 0:
        from stargate_kg.loader import parse_file
        from stargate_kg.paths import default_graph_dir

        shapes = parse_file(default_graph_dir() / "shapes.ttl")
    from rdflib import Namespace, URIRef
    from rdflib.collection import Collection

    SH = Namespace("http://www.w3.org/ns/shacl#")
    for prop in shapes.subjects(SH.path, URIRef(SG_IRI + "unit")):
        lst = shapes.value(prop, SH["in"])
        if lst is not None:
            return [str(x) for x in Collection(shapes, lst)]
    return []
