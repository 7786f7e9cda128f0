"""Names from the graph in a language: entities, relations and concepts by their labels, and a JSON answer's labels.

The graph holds these names (``rdfs:label`` in ``en`` and ``zh``, the regions' own in ``zh-Hant-TW`` and
``zh-Hant-HK``); :mod:`stargate_kg.i18n` holds the words around them and re-exports these functions.

>>> from stargate_kg import load
>>> kg = load()
>>> entity_name(kg, "https://w3id.org/stargate-kg/entity/nvidia", "zh-TW"), relation_name(kg, "investsIn", "zh-Hant")
('輝達', '投資')
"""

from stargate_kg.i18n_zh import is_zh, to_script


def entity_name(kg, iri, lang="en", fallback=None):
    """The entity's label in ``lang`` (English when it has no label in that language)."""
    from stargate_kg.lookup import entity_index

    ent = entity_index(kg).get(str(iri))
    if ent is None:
        return fallback if fallback is not None else str(iri)
    return ent.label_in(lang)


def entity_name_by_label(kg, label, lang="en"):
    """The entity whose English label is ``label``, named in ``lang`` (for notes that carry English labels only)."""
    if lang == "en":
        return label
    from stargate_kg.lookup import entity_index

    return next((e.label_in(lang) for e in entity_index(kg).values() if e.label == label), label)


def relation_name(kg, relation, lang="en", fallback=None):
    """A relation (local name such as ``investsIn``) by its ``rdfs:label`` in ``lang``."""
    names = relation_names(kg)
    by_lang = names.get(relation, {})
    if is_zh(lang) and by_lang.get("zh"):
        return to_script(by_lang["zh"], lang)
    return by_lang.get(lang) or by_lang.get("en") or fallback or relation


def relation_names(kg):
    """{relation local name: {lang: label}} (cached on the graph)."""
    from stargate_kg.namespace import local_name

    def build():
        out = {}
        for r in kg.select("SELECT ?r ?l WHERE { ?r a sg:Relation ; rdfs:label ?l }"):
            lang = getattr(r["l"], "language", None) or "en"
            out.setdefault(local_name(r["r"]), {}).setdefault(lang, str(r["l"]))
        return out

    return kg.cached("relation_names", build)


def concept_names(kg):
    """{concept local name (Equity, UpTo, SiteRoles): {lang: label}} from the graph: ``skos:prefLabel`` and ``rdfs:label`` (cached)."""
    from stargate_kg.namespace import local_name

    def build():
        out = {}
        rows = kg.select("SELECT ?c ?l WHERE { ?c a ?k . ?k rdfs:subClassOf skos:Concept . { ?c skos:prefLabel ?l } UNION { ?c rdfs:label ?l } }")
        for r in rows:
            lang = getattr(r["l"], "language", None) or "en"
            out.setdefault(local_name(r["c"]), {}).setdefault(lang, str(r["l"]))
        return out

    return kg.cached("concept_names", build)


def concept_name(kg, local, lang="en"):
    """A concept named by its local name (as ``stats`` counts them) in ``lang``: 'Equity' -> 'equity' or '股权'."""
    names = concept_names(kg).get(local, {})
    if is_zh(lang) and names.get("zh"):
        return to_script(names["zh"], lang)
    return names.get(lang) or names.get("en") or local


def localize(data, kg, lang):
    """A JSON answer with entity and relation labels in ``lang``.

    Every object holding an entity ``iri`` and a ``label`` gets the entity's
    label in ``lang`` (its English one when it has none); every object holding
    a ``relation`` (local name) and a ``relation_label`` gets the relation's.
    Keys, IRIs, quotes, notes and the English names of money kinds and
    statuses are left as they are (they are what programs match on).
    """
    if lang == "en" or kg is None:
        return data
    from stargate_kg.lookup import entity_index

    index = entity_index(kg)

    def walk(x):
        if isinstance(x, list):
            return [walk(v) for v in x]
        if not isinstance(x, dict):
            return x
        out = {k: walk(v) for k, v in x.items()}
        iri = out.get("iri")
        if isinstance(iri, str) and "label" in out and iri in index:
            out["label"] = index[iri].label_in(lang)
        if isinstance(out.get("relation"), str) and "relation_label" in out:
            out["relation_label"] = relation_name(kg, out["relation"], lang, out["relation_label"])
        return out

    return walk(data)
