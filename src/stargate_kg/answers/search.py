"""Find entities and statements by any text: names, aliases, search names, quotes, notes and values.

Matching is case-, width- and accent-insensitive and works the same in
Chinese and English: a *substring* match (the text appears inside a name or
a quote) or a *word* match (every word of the query appears, in any order).
Names rank before statements; within each, exact names before prefixes
before substrings before word matches, quotes before notes.

>>> from stargate_kg import load
>>> kg = load()
>>> hits = search(kg, "合同")
>>> any(h.statement is not None and h.statement.qualifiers.get("amount") == 300_000_000_000 for h in hits)
True
>>> search(kg, "softbank")[0].entity.label
'SoftBank Group'
"""

import re
import unicodedata
from dataclasses import dataclass

from stargate_kg.i18n_zh import to_simplified
from stargate_kg.names import normalize

#: Scores of the kinds of match: names first, then statements.
SCORES = {
    ("label", "exact"): 100, ("alias", "exact"): 98, ("search_name", "exact"): 97,
    ("label", "prefix"): 92, ("alias", "prefix"): 90, ("search_name", "prefix"): 89,
    ("label", "substring"): 85, ("alias", "substring"): 83, ("search_name", "substring"): 82,
    ("label", "words"): 75, ("alias", "words"): 73, ("search_name", "words"): 72,
    ("quote", "substring"): 60, ("value", "substring"): 55, ("note", "substring"): 50,
    ("quote", "words"): 45, ("value", "words"): 42, ("note", "words"): 40,
}  # fmt: skip


@dataclass
class Hit:
    """One match: an entity (by one of its names) or a statement (by its quote, value or note)."""

    score: int
    field: str  # label, alias, search_name, quote, value, note
    how: str  # exact, prefix, substring, words
    text: str  # the name, quote, value or note that matched
    entity: object = None  # lookup.Entity
    statement: object = None  # statements.Statement

    @property
    def kind(self):
        return "entity" if self.entity is not None else "statement"

    def as_json(self):
        out = {"kind": self.kind, "score": self.score, "field": self.field, "match": self.how, "text": self.text}
        if self.entity is not None:
            e = self.entity
            out["entity"] = {"iri": e.iri, "label": e.label, "labels": e.labels, "types": e.types}
        else:
            out["statement"] = self.statement.as_json()
        return out


def fold(text):
    """Text folded for matching: NFKC, case-folded, accents dropped, runs of space made one, traditional
    characters read as simplified.

    >>> fold("ＳｏｆｔＢａｎｋ  Group"), fold("Doña"), fold("黃仁勳")
    ('softbank group', 'dona', '黄仁勋')
    """
    s = to_simplified(unicodedata.normalize("NFKC", str(text)).casefold())
    s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    return " ".join(s.split())


def words(text):
    """The words of a folded text: runs of letters or digits; each Chinese character run is one word."""
    return [w for w in re.split(r"[^\w]+", text) if w]


def match(query, text, name=False):
    """How ``text`` matches ``query`` (both folded): 'exact', 'prefix' (names only), 'substring', 'words' or None."""
    if not query or not text:
        return None
    if name:
        q, t = normalize(query), normalize(text)
        if q and q == t:
            return "exact"
        if q and t.startswith(q):
            return "prefix"
        if q and q in t:
            return "substring"
    elif query in text:
        return "substring"
    qw = words(query)
    if len(qw) > 1 and all(w in text for w in qw):
        return "words"
    return None


def search(kg, text, limit=None, entities=True, statements=True):
    """Entities and statements matching ``text``, best first (a list of :class:`Hit`)."""
    from stargate_kg.lookup import entity_index
    from stargate_kg.answers.statements import all_statements

    query = fold(text)
    hits = []
    if not query:
        return hits
    if entities:
        for ent in entity_index(kg).values():
            texts = [("label", t) for t in ent.labels.values()]
            texts += [("alias", t) for t in ent.aliases] + [("search_name", t) for t in ent.search_names]
            hits += _best(query, texts, name=True, entity=ent)
    if statements:
        for st in all_statements(kg):
            texts = [("quote", s.quote) for s in st.sources]
            if isinstance(st.value, str):
                texts.append(("value", st.value))
            if st.qualifiers.get("note"):
                texts.append(("note", str(st.qualifiers["note"])))
            hits += _best(query, texts, name=False, statement=st)
    hits.sort(key=_order)
    return hits[:limit] if limit else hits


def _best(query, texts, name, **about):
    """[the best-scoring Hit among ``texts`` ((field, text) pairs)], or [] when none matches."""
    best = None
    for field, body in texts:
        how = match(query, fold(body), name=name)
        if how and (best is None or SCORES[(field, how)] > best.score):
            best = Hit(SCORES[(field, how)], field, how, body, **about)
    return [best] if best else []


def _order(h):
    if h.entity is not None:
        return (-h.score, 0, len(h.text), h.entity.label.casefold(), h.entity.iri)
    st = h.statement
    return (-h.score, 1, -(st.qualifiers.get("amount") or 0), st.subject_label.casefold(), st.relation, st.iri)


# ------------------------------------------------------------------------------------ listing entities


def entity_types(kg):
    """{class local name: set of it and its subclasses' local names} for the entity classes, with their labels (cached).

    Returns (below, names): ``names`` maps every folded class name (local
    name, English and Chinese label) to the local name.
    """
    from stargate_kg.namespace import local_name

    def build():
        below, names = {}, {}
        rows = kg.select("SELECT ?c ?sub WHERE { ?sub rdfs:subClassOf* ?c . ?c rdfs:subClassOf* sg:Entity }")
        for r in rows:
            below.setdefault(local_name(r["c"]), set()).add(local_name(r["sub"]))
        for r in kg.select("SELECT ?c ?l WHERE { ?c rdfs:subClassOf* sg:Entity ; rdfs:label ?l }"):
            names[normalize(str(r["l"]))] = local_name(r["c"])
        for c in below:
            names[normalize(c)] = c
        return below, names

    return kg.cached("entity_types", build)


def list_entities(kg, type=None):
    """Every entity (of ``type`` and its subtypes: a class name or label, English or Chinese), sorted by label.

    An unknown type raises InvalidChoice with the closest type names.
    """
    from stargate_kg.lookup import entity_index

    ents = sorted(entity_index(kg).values(), key=lambda e: (e.label.casefold(), e.iri))
    if not type:
        return ents
    below, names = entity_types(kg)
    key = normalize(type)
    if key not in names:
        from stargate_kg.exceptions import InvalidChoice
        from stargate_kg.lookup import similarity

        close = sorted(below, key=lambda c: -max(similarity(key, k) for k, v in names.items() if v == c))
        raise InvalidChoice("entity type", type, close)  # every type, the closest first
    wanted = below[names[key]]
    return [e for e in ents if wanted & set(e.types)]
