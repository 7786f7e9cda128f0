"""Resolve a user's name (English or Chinese, label or alias) to one entity.

Three kinds of names are matched: labels (``rdfs:label``), aliases as the
articles write them (``skos:altLabel``) and search names no article writes
(``skos:hiddenLabel``: "Oracle Corporation", "USA"). A search name finds its
entity like an alias does, but it is kept apart (``Entity.search_names``) and
is not shown as one of the entity's aliases.

>>> from stargate_kg import load
>>> kg = load()
>>> resolve(kg, "sam altman").iri == resolve(kg, "山姆·奥特曼").iri
True
>>> resolve(kg, "软银").label
'SoftBank Group'
>>> ent = resolve(kg, "Oracle Corporation")
>>> ent.label, "Oracle Corporation" in ent.aliases, "Oracle Corporation" in ent.search_names
('Oracle', False, True)
"""

from dataclasses import dataclass, field, replace

from stargate_kg.exceptions import AmbiguousEntity, UnknownEntity
from stargate_kg.names import normalize
from stargate_kg.namespace import local_name

ENTITY_NAMES = """
SELECT ?e ?t ?p ?name WHERE {
  ?e a ?t . ?t rdfs:subClassOf* sg:Entity .
  OPTIONAL { VALUES ?p { rdfs:label skos:altLabel skos:hiddenLabel } ?e ?p ?name }
}"""


@dataclass
class Entity:
    """An entity with its names, types and Wikidata links."""

    iri: str
    label: str
    labels: dict = field(default_factory=dict)  # lang -> label
    aliases: list = field(default_factory=list)  # skos:altLabel: names as the articles write them
    types: list = field(default_factory=list)  # most specific class local names
    same_as: list = field(default_factory=list)
    also_matches: list = field(default_factory=list)  # other entities the name matched as an alias
    search_names: list = field(default_factory=list)  # skos:hiddenLabel: matched like aliases, never displayed as one

    def label_in(self, lang):
        """The label in ``lang`` ('en' or 'zh'), falling back to the English one."""
        return self.labels.get(lang) or self.label

    @property
    def type(self):
        return self.types[0] if self.types else "Entity"


def entity_index(kg):
    """All entities by IRI (cached on the graph)."""
    return kg.cached("entity_index", lambda: _build_index(kg))


def _build_index(kg):
    from stargate_kg.namespace import SG_IRI

    # engines return rows in different orders: sort them, so every engine builds the same index
    rows = sorted(kg.select(ENTITY_NAMES), key=lambda r: tuple(str(r[k] or "") for k in ("e", "t", "p", "name")))
    subclass = {}
    for r in kg.select("SELECT ?c ?super WHERE { ?c rdfs:subClassOf+ ?super . ?super rdfs:subClassOf* sg:Entity }"):
        subclass.setdefault(str(r["c"]), set()).add(str(r["super"]))
    index = {}
    for r in rows:
        iri = str(r["e"])
        ent = index.setdefault(iri, Entity(iri=iri, label=""))
        t = str(r["t"])
        if t not in ent.types:
            ent.types.append(t)
        if r["name"] is not None:
            lang = getattr(r["name"], "language", None) or ""
            text = str(r["name"])
            kind = local_name(r["p"])
            if kind == "label":
                ent.labels.setdefault(lang or "en", text)
            elif kind == "hiddenLabel":
                if text not in ent.search_names:
                    ent.search_names.append(text)
            elif text not in ent.aliases:
                ent.aliases.append(text)
    for r in kg.select("SELECT ?e ?w WHERE { ?e owl:sameAs ?w }"):
        if str(r["e"]) in index:
            index[str(r["e"])].same_as.append(str(r["w"]))
    for ent in index.values():
        # keep the most specific types only, in a stable order
        specific = [t for t in ent.types if not any(t in subclass.get(o, ()) for o in ent.types if o != t)]
        ent.types = sorted(local_name(t) for t in specific if t != SG_IRI + "Entity") or ["Entity"]
        ent.label = ent.labels.get("en") or next(iter(ent.labels.values()), None) or local_name(ent.iri)
        ent.aliases.sort()
        ent.search_names.sort()
        ent.same_as.sort()
        ent.labels = dict(sorted(ent.labels.items()))
    return index


def _name_keys(kg):
    def build():
        labels, aliases = {}, {}
        for ent in entity_index(kg).values():
            for text in ent.labels.values():
                labels.setdefault(normalize(text), set()).add(ent.iri)
            for text in ent.aliases + ent.search_names:
                aliases.setdefault(normalize(text), set()).add(ent.iri)
            labels.setdefault(normalize(local_name(ent.iri)), set()).add(ent.iri)
        return labels, aliases

    return kg.cached("name_keys", build)


def resolve(kg, name):
    """The one entity called ``name``; raise UnknownEntity or AmbiguousEntity otherwise.

    A label beats an alias: "Stargate" is the 2025 project's label and an alias
    of the 2024 supercomputer plan, so it resolves to the project and lists the
    other in ``also_matches``. A search name (``skos:hiddenLabel``) counts as an
    alias. An IRI (or ``e:slug``) is accepted as is.
    """
    index = entity_index(kg)
    text = str(name).strip()
    if text.startswith("e:"):
        from stargate_kg.namespace import E_IRI

        text = E_IRI + text[2:]
    if text in index:
        return index[text]
    key = normalize(text)
    if not key:
        raise UnknownEntity(name, [])
    labels, aliases = _name_keys(kg)
    by_label = sorted(labels.get(key, ()))
    by_alias = sorted(aliases.get(key, set()) - set(by_label))
    if len(by_label) == 1:
        # a copy: the note belongs to this lookup, not to the cached entity
        return replace(index[by_label[0]], also_matches=[index[i].label for i in by_alias])
    if len(by_label) > 1 or len(by_alias) > 1:
        cands = by_label if len(by_label) > 1 else by_alias
        raise AmbiguousEntity(name, [(i, index[i].label, index[i].type) for i in cands])
    if by_alias:
        return replace(index[by_alias[0]], also_matches=[])
    raise UnknownEntity(name, suggest(kg, text))


def suggest(kg, name, n=5):
    """Entity labels close to ``name``: substring matches first, then similar spellings."""
    index = entity_index(kg)
    labels, aliases = _name_keys(kg)
    key = normalize(name)
    keyed = {}
    for table in (labels, aliases):
        for k, iris in table.items():
            for i in iris:
                keyed.setdefault(k, set()).add(i)
    import difflib

    hits = []
    if len(key) >= 2:
        hits += [i for k in sorted(keyed) if key in k or (len(k) >= 3 and k in key) for i in sorted(keyed[k])]
    for k in difflib.get_close_matches(key, list(keyed), n=n, cutoff=0.6):
        hits += sorted(keyed[k])
    out = []
    for i in hits:
        if index[i].label not in out:
            out.append(index[i].label)
    return out[:n]
