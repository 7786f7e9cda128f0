"""What the network is made of: relation families, money kinds, entity classes, and the filters over them.

>>> from stargate_kg import load
>>> kg = load()
>>> relation_filter(kg, ["Money flow", "ceoOf"])
({'moneyflow'}, {'ceoOf'})
>>> sorted(type_filter(kg, ["organization"]))[:3]
['Company', 'GovernmentBody', 'InvestmentFund']
>>> relation_catalog(kg)["buysFrom"]["kind"]
'purchase'
"""

from stargate_kg.exceptions import InvalidChoice
from stargate_kg.names import normalize
from stargate_kg.namespace import local_name

#: Relation families, in the order used to pick an edge's main ``family``.
FAMILIES = ("funding", "moneyflow", "partnership", "roles", "location", "site", "attribute", "claim", "other")
#: Money kinds that move money from payer to payee (the money-flow graph of :func:`money_cycles`).
MONEY_KINDS = ("equity", "ownership", "commitment", "loan", "purchase")
METRICS = ("degree", "pagerank", "betweenness", "closeness", "eigenvector")

_RELATIONS = """
SELECT ?rel ?fam ?famlabel ?kind WHERE {
  ?rel a sg:Relation .
  OPTIONAL { ?rel sg:family ?fam . OPTIONAL { ?fam skos:prefLabel ?famlabel } }
  OPTIONAL { ?rel sg:defaultMoneyKind ?kind }
}"""
_CLASSES = "SELECT ?c ?p WHERE { ?c rdfs:subClassOf ?p . ?p rdfs:subClassOf* sg:Entity }"


# ----------------------------------------------------------------------------- catalogs
def relation_catalog(kg):
    """Relations by local name: ``{"families": [...], "kind": default money kind or None}`` (cached).

    ``buysFrom`` gives ``{"families": ["moneyflow", "partnership"], "kind": "purchase"}``.
    """

    def build():
        from stargate_kg.answers.statements import concept_labels

        clabels = concept_labels(kg)
        cat = {}
        for r in kg.select(_RELATIONS):
            rec = cat.setdefault(local_name(r["rel"]), {"families": [], "kind": None})
            if r["fam"] is not None:
                key = normalize(r["famlabel"] if r["famlabel"] is not None else local_name(r["fam"]))
                if key not in rec["families"]:
                    rec["families"].append(key)
            if r["kind"] is not None:
                rec["kind"] = clabels.get(str(r["kind"]), local_name(r["kind"]).lower())
        order = {f: i for i, f in enumerate(FAMILIES)}
        for rec in cat.values():
            rec["families"].sort(key=lambda f: (order.get(f, len(order)), f))
        return cat

    return kg.cached("network:relations", build)


def family_names(kg):
    """Every family key the graph's relations use, in :data:`FAMILIES` order."""
    found = {f for rec in relation_catalog(kg).values() for f in rec["families"]}
    return [f for f in FAMILIES if f in found] + sorted(found - set(FAMILIES))


def _family_aliases(kg):
    def build():
        aliases = {}
        for r in kg.select(_RELATIONS):
            if r["fam"] is not None:
                key = normalize(r["famlabel"] if r["famlabel"] is not None else local_name(r["fam"]))
                aliases[key] = key
                aliases[normalize(local_name(r["fam"]))] = key
        return aliases

    return kg.cached("network:family_aliases", build)


def relation_filter(kg, names):
    """Split ``names`` (family names or relation names, any case) into (families, relations).

    Families are matched loosely ("money flow", "moneyflow", "MoneyFlow"),
    relations by their local name ("investsIn"). Unknown names raise
    :class:`InvalidChoice`. ``None`` means no filter.
    """
    if names is None:
        return None, None
    if isinstance(names, str):
        names = [n for n in names.split(",")]
    aliases = _family_aliases(kg)
    rels = {normalize(r): r for r in relation_catalog(kg)}
    families, relations = set(), set()
    for name in names:
        key = normalize(name)
        if not key:
            continue
        if key in aliases:
            families.add(aliases[key])
        elif key in rels:
            relations.add(rels[key])
        else:
            raise InvalidChoice("relation family", name, family_names(kg) + ["or a relation name such as investsIn"])
    return families, relations


def entity_classes(kg):
    """Entity class local names -> the set of local names of that class and its subclasses (cached)."""

    def build():
        parents = {}
        for r in kg.select(_CLASSES):
            parents.setdefault(local_name(r["c"]), set()).add(local_name(r["p"]))
        names = set(parents) | {p for ps in parents.values() for p in ps} | {"Entity"}
        below = {n: {n} for n in names}
        for c in names:
            stack, seen = [c], set()
            while stack:
                for p in parents.get(stack.pop(), ()):
                    if p not in seen:
                        seen.add(p)
                        stack.append(p)
            for p in seen:
                below.setdefault(p, {p}).add(c)
        return below

    return kg.cached("network:classes", build)


def type_filter(kg, types):
    """The set of class local names matching ``types`` (a class and its subclasses), or None.
    """
    if types is None:
        return None
    if isinstance(types, str):
        types = types.split(",")
    classes = entity_classes(kg)
    by_key = {normalize(c): c for c in classes}
    out = set()
    for t in types:
        key = normalize(t)
        if not key:
            continue
        if key not in by_key:
            raise InvalidChoice("entity type", t, sorted(classes))
        out |= classes[by_key[key]]
    return out
